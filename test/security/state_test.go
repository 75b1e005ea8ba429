package security_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/third_party/zk"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

const stateManifest = "service: web\ncmd: sleep 1000\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"

// stateDir is a working directory with services/web.yaml and the realm
// file body written as realm.yaml; it returns the directory and the file.
func stateDir(t *testing.T, realmBody string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"), []byte(stateManifest), 0o644))
	rf := filepath.Join(dir, "realm.yaml")
	require.NoError(t, os.WriteFile(rf, []byte(realmBody), 0o644))
	return dir, rf
}

// TestZooKeeperStateWithoutAuthRefused: a zk:// realm without stateAuth
// used to get world:anyone on every node (anyone reaching ZooKeeper could
// point a service's routing at their own app), and no shipped realm set
// it. Such a realm is now refused at load (exit 2) naming the file, the
// line and both ways out; `stateAuth: {insecure: true}` is the explicit
// opt-out.
func TestZooKeeperStateWithoutAuthRefused(t *testing.T) {
	bin := sandboxtest.Binary(t)
	base := "realm: zk\nmarathon:\n  urls: [http://127.0.0.1:1]\nstate: zk://127.0.0.1:1/yodel\n"
	dir, rf := stateDir(t, base)
	for _, args := range [][]string{
		{"deploy", "web", "--realm", rf, "--release", "v1", "--yes"},
		{"validate", "web", "--realm", rf},
		{"lb", "run", "--realm", rf},
	} {
		code, stdout, stderr := run(t, bin, dir, nil, args...)
		assert.Equal(t, 2, code, "yodel %v\n%s%s", args, stdout, stderr)
		assert.Contains(t, stderr, rf+":4:1: state: a ZooKeeper store without stateAuth is writable by anyone", "yodel %v", args)
		assert.Contains(t, stderr, "stateAuth: {digest: {user: yodel, passwordEnv: YODEL_ZK_PASSWORD}}", "yodel %v", args)
		assert.Contains(t, stderr, "stateAuth: {insecure: true}", "yodel %v", args)
	}
	require.NoError(t, os.WriteFile(rf, []byte(base+"stateAuth: {insecure: true}\n"), 0o644))
	code, stdout, stderr := run(t, bin, dir, nil, "validate", "web", "--realm", rf)
	assert.Equal(t, 0, code, "the opt-out loads\n%s%s", stdout, stderr)
}

// TestJunkAgentRecordsDoNotStopDeploys: one node under agents that is not
// an agent's (ZooKeeper), or one empty agent file (file store), made every
// deploy of the realm exit 1, the file store's only after Marathon had
// deployed. Each is now skipped with a warning naming it.
func TestJunkAgentRecordsDoNotStopDeploys(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ZooKeeper, the emulator and the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	realm := func(t *testing.T) string {
		return "realm: junk\nmarathon:\n  urls: [" + emutest.Start(t, emutest.TimeScale(0.1)).URL + "]\n"
	}

	t.Run("ZooKeeper node", func(t *testing.T) {
		srv, err := zktest.Start()
		zktest.Skip(t, err)
		defer srv.Close()
		// An open realm, as every shipped one was: anyone may write.
		dir, rf := stateDir(t, realm(t)+"state: "+srv.URL("/yodel/junk")+"\nstateAuth: {insecure: true}\n")
		code, stdout, stderr := run(t, bin, dir, nil, "deploy", "web", "--realm", rf, "--release", "v1", "--yes", "--settle", "200ms")
		require.Equal(t, 0, code, "%s%s", stdout, stderr)
		conn, _, err := zk.Connect([]string{srv.Addr}, zktest.TickTime*20, zk.WithLogInfo(false))
		require.NoError(t, err)
		defer conn.Close()
		_, err = conn.Create("/yodel/junk/agents/junk", []byte("not an agent"), 0, zk.WorldACL(zk.PermAll))
		require.NoError(t, err)

		code, stdout, stderr = run(t, bin, dir, nil, "deploy", "web", "--realm", rf, "--release", "v2", "--strategy", "rolling", "--yes", "--settle", "200ms")
		assert.Equal(t, 0, code, "a junk agent node fails the deploy\n%s%s", stdout, stderr)
		assert.Contains(t, stderr, "warning: skipped the lb agent record /yodel/junk/agents/junk")
		assert.Equal(t, 1, strings.Count(stderr, "/yodel/junk/agents/junk"), "warned once:\n%s", stderr)
	})

	t.Run("empty agent file", func(t *testing.T) {
		store := filepath.Join(t.TempDir(), "state")
		dir, rf := stateDir(t, realm(t)+"state: file://"+store+"\n")
		require.NoError(t, os.MkdirAll(filepath.Join(store, "agents"), 0o700))
		empty := filepath.Join(store, "agents", "lb-1.json")
		require.NoError(t, os.WriteFile(empty, nil, 0o600))
		code, stdout, stderr := run(t, bin, dir, nil, "deploy", "web", "--realm", rf, "--release", "v1", "--yes", "--settle", "200ms")
		assert.Equal(t, 0, code, "an empty agent file fails the deploy\n%s%s", stdout, stderr)
		assert.Contains(t, stderr, "warning: skipped the lb agent record "+empty)
	})
}

// TestMarathonRedirectsOnlyToMembers: a Marathon URL that answers with a
// redirect elsewhere (a compromised or misconfigured member, a proxy in
// front, anyone who can make it answer one) used to get the credentials:
// the event stream followed any Location with them attached, and API calls
// followed net/http's rules, which keep them for another port of the same
// host and re-send a 307's body (the app definition, its env) anywhere.
// Redirects are now followed only to the realm's marathon.urls.
func TestMarathonRedirectsOnlyToMembers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the emulator and the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	// The attacker listens on the same host, another port: the case
	// net/http keeps the Authorization header for.
	var mu sync.Mutex
	var stolen []string
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		stolen = append(stolen, fmt.Sprintf("%s %s auth=%q body=%d bytes", r.Method, r.URL.Path, r.Header.Get("Authorization"), len(body)))
		mu.Unlock()
		http.Error(w, "{}", http.StatusNotFound)
	}))
	defer attacker.Close()

	for _, c := range []struct {
		name     string
		redirect func(r *http.Request) bool
		wantCode int
	}{
		// The deploy goes on by polling.
		{"event stream", func(r *http.Request) bool { return r.URL.Path == "/v2/events" }, 0},
		// 307 keeps the method and body: the app definition would follow.
		{"API writes", func(r *http.Request) bool { return r.Method != http.MethodGet }, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			stolen = nil
			mu.Unlock()
			emu := emutest.Start(t, emutest.TimeScale(0.1), emutest.Credentials("deployer", marathonPW))
			target, err := url.Parse(emu.URL)
			require.NoError(t, err)
			proxy := httputil.NewSingleHostReverseProxy(target)
			var redirected atomic.Int64
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if c.redirect(r) {
					redirected.Add(1)
					http.Redirect(w, r, attacker.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
					return
				}
				proxy.ServeHTTP(w, r)
			}))
			defer front.Close()
			dir, rf := stateDir(t, "realm: redir\nmarathon:\n  urls: ["+front.URL+"]\n  auth: {basic: {user: deployer, passwordEnv: MARATHON_PW}}\nstate: file://"+filepath.Join(t.TempDir(), "state")+"\n")
			code, stdout, stderr := run(t, bin, dir, []string{"MARATHON_PW=" + marathonPW}, "deploy", "web", "--realm", rf, "--release", "v1", "--yes", "--settle", "200ms")
			assert.Equal(t, c.wantCode, code, "%s%s", stdout, stderr)
			assert.Positive(t, redirected.Load(), "the front redirected something")
			mu.Lock()
			assert.Empty(t, stolen, "requests that reached the redirect's target")
			mu.Unlock()
			if c.wantCode != 0 {
				assert.Contains(t, stderr, "refusing the redirect from "+front.URL)
				assert.Contains(t, stderr, "not one of the realm's marathon.urls")
			}
			assert.NotContains(t, stdout+stderr, marathonPW)
		})
	}
}

// status does an HTTP request with optional basic auth and returns the
// status code.
func status(t *testing.T, method, url, user, pass string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(`{"id":"/pwn","cmd":"touch /tmp/pwned","instances":1,"cpus":0.1,"mem":16}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// TestEmulatorFaultEndpointsNeedCredentials: with --credentials set, the
// emulator's /_emulator/* (API faults, task kills, leadership) answered
// anyone; they now need the credentials like /v2.
func TestEmulatorFaultEndpointsNeedCredentials(t *testing.T) {
	emu := emutest.Start(t, emutest.Credentials("admin", marathonPW))
	for _, c := range []struct{ method, path string }{
		{"GET", "/_emulator/status"},
		{"POST", "/_emulator/faults/delay?duration=10s"},
		{"POST", "/_emulator/faults/fail?count=100&status=503"},
		{"POST", "/_emulator/events/drop"},
		{"POST", "/_emulator/leadership/lose"},
		{"DELETE", "/_emulator/faults"},
	} {
		assert.Equal(t, http.StatusUnauthorized, status(t, c.method, emu.URL+c.path, "", ""), "%s %s without credentials", c.method, c.path)
		assert.Equal(t, http.StatusUnauthorized, status(t, c.method, emu.URL+c.path, "admin", "guess"), "%s %s with a wrong password", c.method, c.path)
	}
	assert.Equal(t, http.StatusOK, status(t, "GET", emu.URL+"/_emulator/status", "admin", marathonPW))
	assert.Equal(t, http.StatusOK, status(t, "DELETE", emu.URL+"/_emulator/faults", "admin", marathonPW))
}

// TestSandboxEmulatorNeedsCredentials: the sandbox's emulator runs `sh -c`
// for every app posted to its loopback port, which any local user can
// reach; it answered without credentials. `sandbox up` now generates a
// login (0600 files in the sandbox directory, never on the emulator's
// command line), writes it into the local realm, and the CLI and the lb
// agent use it. status and down work as before.
func TestSandboxEmulatorNeedsCredentials(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox")
	}
	sb := sandboxtest.Start(t, sandboxtest.Options{Executor: "inproc", MarathonAuth: true})
	pw, err := os.ReadFile(filepath.Join(sb.Dir, "marathon-password"))
	require.NoError(t, err)
	password := strings.TrimSpace(string(pw))
	require.Len(t, password, 32)
	for _, f := range []string{"marathon-password", "marathon-credentials"} {
		info, err := os.Stat(filepath.Join(sb.Dir, f))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), f)
	}
	emu := sb.Component(t, "marathon")
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", emu.PID))
	require.NoError(t, err)
	assert.NotContains(t, string(cmdline), password, "the password is on the emulator's command line (ps shows it)")

	for _, c := range []struct{ method, path string }{
		{"POST", "/v2/apps"}, {"GET", "/v2/apps"}, {"GET", "/v2/events"}, {"POST", "/_emulator/leadership/lose"},
	} {
		assert.Equal(t, http.StatusUnauthorized, status(t, c.method, sb.MarathonURL+c.path, "", ""), "%s %s without credentials", c.method, c.path)
	}
	assert.Equal(t, http.StatusOK, status(t, "GET", sb.MarathonURL+"/v2/apps", "yodel", password))

	// The CLI and the agent log in from the realm: a deploy is routed and
	// acknowledged by the agent, which read Marathon with the login.
	dir, _ := stateDir(t, "")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"), []byte(strings.Replace(stateManifest, "10080", fmt.Sprint(sandboxtest.FreeServicePort(t)), 1)), 0o644))
	code, stdout, stderr := run(t, sb.Bin, dir, nil, "deploy", "web", "--realm", sb.RealmFile, "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", stdout, stderr)
	assert.NotContains(t, stderr, "no lb agent", "the agent is registered and acked")
	assert.NotContains(t, stdout+stderr, password)
	code, stdout, stderr = run(t, sb.Bin, dir, nil, "sandbox", "status", "--dir", sb.Dir)
	assert.Equal(t, 0, code, "sandbox status\n%s%s", stdout, stderr)

	// The sandbox's own directories are private.
	for _, d := range []string{"marathon", "state", "haproxy", "logs"} {
		info, err := os.Stat(filepath.Join(sb.Dir, d))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), d)
	}
}

// TestCanaryDeployBoundedByTimeout: --timeout bounded only rolling deploys;
// a canary nobody could judge (here: no lb agent counts its traffic) sat
// at partial for its whole step. It now exits 4 at --timeout, leaving the
// rollout where it is (serving safely) with the resume/abort hint.
func TestCanaryDeployBoundedByTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the emulator and the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	dir, rf := stateDir(t, "realm: slow\nmarathon:\n  urls: ["+emu.URL+"]\nstate: file://"+filepath.Join(t.TempDir(), "state")+"\n")
	code, stdout, stderr := run(t, bin, dir, nil, "deploy", "web", "--realm", rf, "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", stdout, stderr)
	start := time.Now()
	code, stdout, stderr = run(t, bin, dir, nil, "deploy", "web", "--realm", rf, "--release", "v2", "--strategy", "canary", "--yes", "--settle", "200ms", "--timeout", "5s")
	took := time.Since(start)
	assert.Equal(t, 4, code, "%s%s", stdout, stderr)
	assert.Less(t, took, 90*time.Second, "the partial step lasts 5m: the deploy must stop at --timeout")
	assert.Contains(t, stderr, "timed out after 5s (--timeout); the canary of web was left at step")
	assert.Contains(t, stderr, "serving safely")
	assert.Contains(t, stderr, "yodel canary resume web --realm "+rf, "the hint names the realm as it was given")
	code, stdout, stderr = run(t, bin, dir, nil, "canary", "status", "web", "--realm", rf, "-o", "json")
	assert.Equal(t, 0, code, "%s%s", stdout, stderr)
	assert.Contains(t, stdout, `"release": "v2"`, "the rollout is still recorded, resumable")
}

// TestCanaryReadsAgentsWithTheRealmToken: agents off loopback require a
// token for their counters, and the CLI never sent one: every read was
// refused and the rollout sat at partial, unjudged. The CLI now sends the
// realm's haproxy.agentToken. And an agent registered from another host
// with a loopback address (127.0.0.1:9190, the default) was read on the
// CLI's own loopback, where any local process could answer for it: such an
// agent is never read.
func TestCanaryReadsAgentsWithTheRealmToken(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the emulator and the yodel binary")
	}
	const token = "tok-" + secretTag + "-agents"
	bin := sandboxtest.Binary(t)
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	store := "file://" + filepath.Join(t.TempDir(), "state")
	dir, rf := stateDir(t, "realm: tok\nmarathon:\n  urls: ["+emu.URL+"]\nstate: "+store+"\nhaproxy:\n  agentToken: {env: LB_TOK}\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"), []byte(stateManifest+
		"canary:\n  partial: {weight: 10, duration: 2s, interval: 1s, minRequests: 5}\n  drainTimeout: 2s\n"), 0o644))
	code, stdout, stderr := run(t, bin, dir, nil, "deploy", "web", "--realm", rf, "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", stdout, stderr)

	// The agent: its API wants the token; its counters grow on every read.
	var reads, refused, trapped atomic.Int64
	agentAPI := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			refused.Add(1)
			http.Error(w, `{"error":"missing or wrong bearer token"}`, http.StatusUnauthorized)
			return
		}
		n := reads.Add(1)
		fmt.Fprintf(w, `{"agent":"lb-near","time":%q,"epoch":"e1","services":{"web":{"tracks":{"stable":{"requests":%d},"canary":{"requests":%d}}}}}`,
			time.Now().UTC().Format(time.RFC3339Nano), n*90, n*10)
	}))
	defer agentAPI.Close()
	// What answers on this host's loopback for an agent of another host.
	trap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trapped.Add(1)
		fmt.Fprint(w, `{"services":{"web":{"tracks":{"canary":{"requests":1000000}}}}}`)
	}))
	defer trap.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := state.Open(ctx, store, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	var sessions []state.AgentSession
	for _, a := range []state.Agent{
		{ID: "lb-near", Address: strings.TrimPrefix(agentAPI.URL, "http://")},
		{ID: "lb-far", Address: strings.TrimPrefix(trap.URL, "http://"), Host: "lb-elsewhere", Pid: 1},
	} {
		s, err := st.RegisterAgent(ctx, a)
		require.NoError(t, err)
		defer s.Close(context.Background())
		sessions = append(sessions, s)
	}
	// Both route every generation at once.
	events, err := st.WatchRouting(ctx)
	require.NoError(t, err)
	go func() {
		for ev := range events {
			if ev.Kind == state.RoutingUpdated {
				for _, s := range sessions {
					_ = s.Ack(ctx, ev.Service, ev.Routing.Generation)
				}
			}
		}
	}()

	code, stdout, stderr = run(t, bin, dir, []string{"LB_TOK=" + token}, "deploy", "web", "--realm", rf, "--release", "v2",
		"--strategy", "canary", "--yes", "--settle", "200ms", "--timeout", "60s")
	assert.Equal(t, 0, code, "the canary was judged and promoted\n%s%s", stdout, stderr)
	assert.Positive(t, reads.Load(), "counters read with the token")
	assert.Zero(t, refused.Load(), "reads without the token")
	assert.Zero(t, trapped.Load(), "reads of another host's agent on this host's loopback")
	assert.NotContains(t, stdout+stderr, token)
}
