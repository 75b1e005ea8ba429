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

	"github.com/go-zookeeper/zk"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/statetest"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
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
