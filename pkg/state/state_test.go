package state_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/statetest"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
	"github.com/yodeldeploy/yodel/third_party/zk"
)

// Session timeout for tests: a killed process's ephemeral nodes go within
// about this long.
const testSession = 1500 * time.Millisecond

var testOpts = state.Options{SessionTimeout: testSession}

func TestMain(m *testing.M) {
	statetest.HelperMain(testOpts)
	state.TestZK, state.TestZKErr = zktest.Start()
	code := m.Run()
	if state.TestZK != nil {
		state.TestZK.Close()
	}
	os.Exit(code)
}

func fileHarness() statetest.Harness {
	return statetest.Harness{
		Options: testOpts,
		NewURL:  func(t *testing.T) string { return "file://" + t.TempDir() },
		Corrupt: func(t *testing.T, url, svc string) {
			dir := strings.TrimPrefix(url, "file://")
			if err := os.WriteFile(filepath.Join(dir, "routing", svc+".json"), []byte(`{"service": "`+svc+`", "gener`), 0o644); err != nil {
				t.Fatal(err)
			}
			// Tell watchers, as a real write would.
			if err := os.WriteFile(filepath.Join(dir, "seq"), []byte("999999"), 0o644); err != nil {
				t.Fatal(err)
			}
		},
		PlantAgent: func(t *testing.T, url, id string, data []byte) string {
			p := filepath.Join(strings.TrimPrefix(url, "file://"), "agents", id+".json")
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		},
	}
}

func TestFileStoreContract(t *testing.T) {
	t.Parallel()
	statetest.Run(t, fileHarness())
}

var realmSeq atomic.Int64

// uniqueRoot keeps realms apart across tests and -count runs on one server.
func uniqueRoot() string {
	return fmt.Sprintf("/yodel/t%d-%d", time.Now().UnixNano(), realmSeq.Add(1))
}

func zkHarness(t *testing.T) statetest.Harness {
	zktest.Skip(t, state.TestZKErr)
	srv := state.TestZK
	return statetest.Harness{
		Options: testOpts,
		NewURL: func(t *testing.T) string {
			return srv.URL(uniqueRoot())
		},
		Corrupt: func(t *testing.T, url, svc string) {
			root := url[strings.Index(url[len("zk://"):], "/")+len("zk://"):]
			conn := rawZK(t, srv.Addr)
			p := root + "/services/" + svc
			for _, q := range []string{p, p + "/routing"} {
				if _, err := conn.Create(q, nil, 0, zk.WorldACL(zk.PermAll)); err != nil && !errors.Is(err, zk.ErrNodeExists) {
					t.Fatal(err)
				}
			}
			if _, err := conn.Set(p+"/routing", []byte("not json"), -1); err != nil {
				t.Fatal(err)
			}
		},
		Restart: func(t *testing.T) {
			if err := srv.Restart(); err != nil {
				t.Fatal(err)
			}
		},
		PlantAgent: func(t *testing.T, url, id string, data []byte) string {
			root := url[strings.Index(url[len("zk://"):], "/")+len("zk://"):]
			p := root + "/agents/" + id
			if _, err := rawZK(t, srv.Addr).Create(p, data, 0, zk.WorldACL(zk.PermAll)); err != nil {
				t.Fatal(err)
			}
			return p
		},
	}
}

func rawZK(t *testing.T, addr string) *zk.Conn {
	t.Helper()
	conn, events, err := zk.Connect([]string{addr}, 5*time.Second, zk.WithLogInfo(false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Close)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.State == zk.StateHasSession {
				return conn
			}
		case <-deadline:
			t.Fatal("no session with the test ZooKeeper")
		}
	}
}

func TestZKStoreContract(t *testing.T) {
	statetest.Run(t, zkHarness(t))
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, u := range []string{
		"", "zk:/x", "zk:///yodel", "zk://h:2181", "zk://h:2181/", "zk://h:99999/yodel", "zk://user:pw@h:2181/yodel",
		"zk://h:2181/yodel/../etc", "zk://h:2181/yodel?x=1", "file://relative/path", "file://", "consul://h/x", "zk://h:abc/y",
	} {
		_, err := state.Open(ctx, u, state.Options{})
		var ue *state.URLError
		if !errors.As(err, &ue) || ue.ExitCode() != 2 {
			t.Errorf("Open(%q) = %v, want *URLError (exit 2)", u, err)
		}
	}
	_, err := state.Open(ctx, "zk://user:secret@h:2181/yodel", state.Options{})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("credentials in the URL: err = %v, want an error that does not echo the password", err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	// A port nobody listens on: take one and close it.
	l, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	url := "zk://" + addr + "/yodel/prod"
	start := time.Now()
	_, err = state.Open(context.Background(), url, state.Options{ConnectTimeout: 500 * time.Millisecond})
	var ue *state.UnreachableError
	if !errors.As(err, &ue) || ue.ExitCode() != 1 || !strings.Contains(err.Error(), url) {
		t.Fatalf("Open(unreachable) = %v, want *UnreachableError naming %s", err, url)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("Open took %s to give up, want about the 500ms connect timeout", took)
	}

	// A file store whose directory cannot be created.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = state.Open(context.Background(), "file://"+blocker+"/realm", state.Options{})
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), blocker) {
		t.Fatalf("Open(file under a file) = %v, want *UnreachableError naming the path", err)
	}
}

// Nothing is half-written when ZooKeeper is reachable but the URL's realm
// is new: Open creates the realm's nodes, and only those.
func TestZKOpenCreatesLayout(t *testing.T) {
	zktest.Skip(t, state.TestZKErr)
	url := state.TestZK.URL(uniqueRoot())
	s, err := state.Open(context.Background(), url, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn := rawZK(t, state.TestZK.Addr)
	kids, _, err := conn.Children(strings.TrimPrefix(url, "zk://"+state.TestZK.Addr))
	if err != nil || strings.Join(kids, ",") != "agents,services" && strings.Join(kids, ",") != "services,agents" {
		t.Fatalf("children of the realm = %v, %v", kids, err)
	}
}

func TestZKDigestACL(t *testing.T) {
	zktest.Skip(t, state.TestZKErr)
	ctx := context.Background()
	url := state.TestZK.URL(uniqueRoot())
	opts := testOpts
	opts.DigestUser, opts.DigestPassword = "yodel", "s3cret"
	owner, err := state.Open(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	v, err := owner.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	if err != nil {
		t.Fatal(err)
	}
	anon, err := state.Open(ctx, url, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer anon.Close()
	// Readable by anyone, writable only by the digest identity.
	if r, _, err := anon.GetRouting(ctx, "web"); err != nil || r.Stable != "/web-blue" {
		t.Fatalf("anonymous read = %+v, %v", r, err)
	}
	_, err = anon.PutRouting(ctx, state.Routing{Service: "web", Stable: "/evil"}, v)
	if err == nil || !strings.Contains(err.Error(), "ACL") {
		t.Fatalf("anonymous write = %v, want an ACL error", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error leaks the password: %v", err)
	}
	// A wrong password, or another user, fails at Open, clearly, rather
	// than at the first write of a deploy.
	wrong := opts
	wrong.DigestPassword = "guess"
	_, err = state.Open(ctx, url, wrong)
	var ae *state.AuthError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "wrong password") || !strings.Contains(err.Error(), `"yodel"`) {
		t.Fatalf("open with the wrong password = %v, want an AuthError saying so", err)
	}
	if strings.Contains(err.Error(), "guess") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error leaks a password: %v", err)
	}
	stranger := opts
	stranger.DigestUser = "mallory"
	_, err = state.Open(ctx, url, stranger)
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), `belongs to ZooKeeper digest user(s) yodel, not "mallory"`) {
		t.Fatalf("open as another user = %v, want an AuthError naming the owner", err)
	}
}

// walkZK calls f on every node under root, root included.
func walkZK(t *testing.T, conn *zk.Conn, root string, f func(p string)) int {
	t.Helper()
	kids, _, err := conn.Children(root)
	if err != nil {
		t.Fatalf("children of %s: %v", root, err)
	}
	n := 1
	f(root)
	for _, k := range kids {
		n += walkZK(t, conn, root+"/"+k, f)
	}
	return n
}

// assertClosedToAnonymous: no node under root grants world more than
// read, and an anonymous client can neither write, create under, nor
// delete any of them.
func assertClosedToAnonymous(t *testing.T, root string) int {
	t.Helper()
	conn := rawZK(t, state.TestZK.Addr)
	return walkZK(t, conn, root, func(p string) {
		acl, _, err := conn.GetACL(p)
		if err != nil {
			t.Fatalf("acl of %s: %v", p, err)
		}
		for _, a := range acl {
			if a.Scheme == "world" && a.Perms != zk.PermRead {
				t.Errorf("%s grants world:anyone %d (want read only): %+v", p, a.Perms, acl)
			}
		}
		if _, err := conn.Set(p, []byte("x"), -1); !errors.Is(err, zk.ErrNoAuth) {
			t.Errorf("anonymous set of %s: %v, want NoAuth", p, err)
		}
		if _, err := conn.Create(p+"/intruder", nil, 0, zk.WorldACL(zk.PermAll)); !errors.Is(err, zk.ErrNoAuth) {
			t.Errorf("anonymous create under %s: %v, want NoAuth", p, err)
		}
	})
}

// TestZKDigestACLOnEveryNode: every kind of node yodel creates (layout,
// service, routing, lock, history, agent) refuses anonymous writes.
func TestZKDigestACLOnEveryNode(t *testing.T) {
	zktest.Skip(t, state.TestZKErr)
	ctx := context.Background()
	root := uniqueRoot()
	opts := testOpts
	opts.DigestUser, opts.DigestPassword = "yodel", "s3cret"
	s, err := state.Open(ctx, state.TestZK.URL(root), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion); err != nil {
		t.Fatal(err)
	}
	l, err := s.Lock(ctx, "web", state.Holder{User: "u", Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release(ctx)
	if _, err := s.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1", Outcome: state.OutcomeSucceeded, Started: time.Now()}); err != nil {
		t.Fatal(err)
	}
	sess, err := s.RegisterAgent(ctx, state.Agent{ID: "lb-1", Address: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close(ctx)
	// root, services, agents, services/web, routing, lock, history, its record, agents/lb-1
	if n := assertClosedToAnonymous(t, root); n < 9 {
		t.Fatalf("walked %d nodes, want every kind", n)
	}
}

// TestZKDigestSecuresStateMadeWithoutIt: state written by clients without
// stateAuth (before the realm had it, or an anonymous client first) is
// world-writable; the first Open with digest auth takes every node over,
// with a warning, instead of leaving it open under an authenticated realm.
func TestZKDigestSecuresStateMadeWithoutIt(t *testing.T) {
	zktest.Skip(t, state.TestZKErr)
	ctx := context.Background()
	root := uniqueRoot()
	url := state.TestZK.URL(root)
	anon, err := state.Open(ctx, url, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer anon.Close()
	if _, err := anon.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion); err != nil {
		t.Fatal(err)
	}
	if _, err := anon.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1", Outcome: state.OutcomeSucceeded, Started: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// A node someone locked to themselves meanwhile: reported, not fatal.
	raw := rawZK(t, state.TestZK.Addr)
	if err := raw.AddAuth("digest", []byte("mallory:x")); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Create(root+"/services/mine", nil, 0, zk.DigestACL(zk.PermAll, "mallory", "x")); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	opts := testOpts
	opts.DigestUser, opts.DigestPassword = "yodel", "s3cret"
	opts.Warn = func(m string) { warnings = append(warnings, m) }
	s, err := state.Open(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(warnings) != 2 || !strings.Contains(warnings[0], root+"/services/mine is not yodel's") ||
		!strings.Contains(warnings[1], "was writable by anyone") || !strings.Contains(warnings[1], `"yodel"`) {
		t.Fatalf("warnings = %q, want the foreign node, then the state was open and is now the digest user's", warnings)
	}
	// The owner removes it, as the warning says.
	if err := raw.AddAuth("digest", []byte("yodel:s3cret")); err != nil {
		t.Fatal(err)
	}
	if err := raw.Delete(root+"/services/mine", -1); err != nil {
		t.Fatal(err)
	}
	assertClosedToAnonymous(t, root)
	if _, err := anon.PutRouting(ctx, state.Routing{Service: "web", Stable: "/evil"}, 1); err == nil {
		t.Fatal("the anonymous client still writes the routing")
	}
	if r, v, err := s.GetRouting(ctx, "web"); err != nil || r.Stable != "/web-blue" {
		t.Fatalf("routing after securing = %+v, %v", r, err)
	} else if _, err := s.PutRouting(ctx, r, v); err != nil {
		t.Fatalf("the owner writes: %v", err)
	}
	// A second Open finds it secured: no warning.
	warnings = nil
	s2, err := state.Open(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if len(warnings) != 0 {
		t.Fatalf("second open warned %q", warnings)
	}
}

func TestRecordMessage(t *testing.T) {
	steps := []state.Step{{Name: "partial[0]", Message: "extended: too few requests"}, {Name: "done"}}
	for _, tc := range []struct {
		what string
		r    state.Record
		want string
	}{
		{"a success says its last step's message only", state.Record{Outcome: state.OutcomeSucceeded, Steps: steps}, ""},
		{"a rollback says why", state.Record{Outcome: state.OutcomeRolledBack, Steps: steps}, "extended: too few requests"},
		{"the last step's message first", state.Record{Outcome: state.OutcomeRolledBack, Steps: []state.Step{{Name: "a", Message: "x"}, {Name: "rolling", Message: "stalled"}}}, "stalled"},
		{"no steps", state.Record{Outcome: state.OutcomeFailed}, ""},
	} {
		if got := tc.r.Message(); got != tc.want {
			t.Errorf("%s: Message() = %q, want %q", tc.what, got, tc.want)
		}
	}
}
