package status_test

import (
	"context"
	"encoding/json"
	"fmt"
	cmdfactory "github.com/yodeldeploy/yodel/pkg/cmd/factory"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/lb/run"
	lbstatus "github.com/yodeldeploy/yodel/pkg/cmd/lb/status"
	appstatus "github.com/yodeldeploy/yodel/pkg/cmd/status"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

func factory(ios *iostreams.IOStreams) *cmdutil.Factory {
	f := &cmdutil.Factory{IOStreams: ios, Getenv: func(string) string { return "" }}
	f.Realm = func(p string) (*realm.Realm, error) { return realm.Load(p, "") }
	f.Marathon = func(r *realm.Realm) (*marathon.Client, error) { return cmdfactory.NewMarathon(r, os.LookupEnv) }
	f.Store = cmdfactory.OpenStore
	return f
}

func noEnv(string) (string, bool) { return "", false }

// A servicePort another process holds: the agent's HAProxy cannot bind it.
// What a user sees: `yodel lb status` names the agent, its lag and HAProxy's
// error; `yodel status` the service's URL through the agent and the same
// error; the exit-4 message of a deploy gets the same reason
// (lbagents.LaggingReasons).
func TestLBStatusAndStatusShowTheAgentsRoutingError(t *testing.T) {
	if testing.Short() {
		t.Skip("runs HAProxy and the emulator")
	}
	in := haproxytest.Start(t, haproxytest.Options{})
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	dir := t.TempDir()
	realmFile := filepath.Join(dir, "realm.yaml")
	apiPort := haproxytest.FreePort(t)
	require.NoError(t, os.WriteFile(realmFile, []byte(fmt.Sprintf(`realm: test
marathon:
  urls: [%s]
state: file://%s
haproxy:
  bindAddress: 127.0.0.1
  configPath: %s
  socketPath: %s
  masterSocketPath: %s
  agentListen: "127.0.0.1:%d"
limits:
  servicePortRange: [1024, 60000]
`, emu.URL, filepath.Join(dir, "state"), in.ConfigPath, in.SocketPath, in.MasterSocketPath, apiPort)), 0o644))

	held, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer held.Close()
	port := held.Addr().(*net.TCPAddr).Port

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ios, _, _, _ := iostreams.Test()
	f := factory(ios)
	r, err := f.Realm(realmFile)
	require.NoError(t, err)
	mc, err := f.Marathon(r)
	require.NoError(t, err)
	one, cmd := 1, "serve"
	app := &marathon.App{Application: gm.Application{ID: "/hello-blue", Cmd: &cmd, Instances: &one, CPUs: 0.01,
		Labels:          &map[string]string{marathon.LabelService: "hello", "YODEL_PORT_0_PROTOCOL": "http"},
		PortDefinitions: &[]gm.PortDefinition{{Port: &port, Protocol: "tcp"}}}}
	_, err = mc.CreateApp(ctx, app)
	require.NoError(t, err)
	st, err := f.Store(ctx, r)
	require.NoError(t, err)
	defer st.Close()
	_, err = st.PutRouting(ctx, state.Routing{Service: "hello", Stable: "/hello-blue",
		Ports: []state.Port{{ServicePort: port, Protocol: "http"}}}, 0)
	require.NoError(t, err)

	// No agent yet: lb status says so, off a terminal too.
	lios, _, out, errOut := iostreams.Test()
	require.NoError(t, lbstatus.Run(ctx, &lbstatus.Options{Realm: realmFile, Deps: svcutil.DepsFrom(factory(lios)), LookupEnv: noEnv}))
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "no lb agent is registered in realm test")

	aios, _, _, _ := iostreams.Test()
	ro := &run.Options{IO: aios, Factory: factory(aios), ID: "lb-1", Ready: func(string) {}}
	ro.HAProxy.Realm = realmFile
	done := make(chan error, 1)
	go func() { done <- run.Run(ctx, ro) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("agent did not stop")
		}
	}()

	held1 := "127.0.0.1:" + strconv.Itoa(port)
	var agents []view.Agent
	deadline := time.Now().Add(30 * time.Second)
	for {
		jios, _, jout, _ := iostreams.Test()
		err := lbstatus.Run(ctx, &lbstatus.Options{Realm: realmFile, Deps: svcutil.DepsFrom(factory(jios)), Output: cmdutil.OutputJSON, LookupEnv: noEnv})
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(jout.Bytes(), &agents), jout.String())
		if len(agents) == 1 {
			if s, ok := agents[0].Service("hello"); ok && strings.Contains(s.Error, held1) {
				break
			}
		}
		require.True(t, time.Now().Before(deadline), "the agent never reported the held port: %s", jout.String())
		time.Sleep(50 * time.Millisecond) // polling a condition with a deadline
	}
	a := agents[0]
	assert.Equal(t, "lb-1", a.ID)
	assert.True(t, a.HAProxyUp, "HAProxy runs: it refuses one service, the rest is applied")
	s, _ := a.Service("hello")
	assert.Equal(t, int64(1), s.Generation)
	assert.Equal(t, int64(0), s.Applied)
	assert.Equal(t, int64(1), s.Lag)
	assert.Equal(t, []int{port}, s.Ports)

	// The table a user reads.
	tios, _, tout, _ := iostreams.Test()
	tios.SetStdoutTTY(true)
	tios.SetNoColor(true)
	require.NoError(t, lbstatus.Run(ctx, &lbstatus.Options{Realm: realmFile, Deps: svcutil.DepsFrom(factory(tios)), LookupEnv: noEnv}))
	lines := strings.Split(strings.TrimSpace(tout.String()), "\n")
	require.Len(t, lines, 2, tout.String())
	assert.Regexp(t, `^AGENT\s+ADDRESS\s+HAPROXY\s+SERVICE\s+GEN\s+APPLIED\s+LAG\s+PORTS\s+ERROR`, lines[0])
	assert.Regexp(t, `^lb-1\s+127\.0\.0\.1:`+strconv.Itoa(apiPort)+`\s+up\s+hello\s+1\s+0\s+1\s+`+strconv.Itoa(port)+`\s+.*`+held1, lines[1])

	// yodel status: the URL through the agent and its error.
	sios, _, sout, _ := iostreams.Test()
	require.NoError(t, appstatus.Run(ctx, &appstatus.Options{Common: svcutil.Common{Realm: realmFile}, Deps: svcutil.DepsFrom(factory(sios)), LookupEnv: noEnv}))
	row := strings.Split(strings.TrimRight(sout.String(), "\n"), "\n")[0]
	cells := strings.Split(row, "\t")
	require.Len(t, cells, 12, row)
	assert.Equal(t, "/hello-blue", cells[1])
	assert.Equal(t, "http://"+held1, cells[9], "the URL through the agent's HAProxy")
	assert.Contains(t, cells[10], "agent lb-1: ")
	assert.Contains(t, cells[10], held1)

	// The reasons a deploy's exit 4 names.
	regs, err := st.ListAgents(ctx)
	require.NoError(t, err)
	why := lbagents.LaggingReasons(ctx, lb.Client{}, "hello", regs)
	require.Len(t, why, 1)
	assert.Contains(t, why[0], "agent lb-1: ")
	assert.Contains(t, why[0], held1)
}

func TestLBStatusNeedsARealm(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	cmd := lbstatus.NewCmdStatus(factory(ios), func(*lbstatus.Options) error { return nil })
	cmd.SetArgs(nil)
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	err := cmd.Execute()
	var fe *cmdutil.FlagError
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, err.Error(), "--realm is required")
}

// fakeAgent registers an lb agent whose /v1/status answers st, and acks
// applied in the store.
func fakeAgent(t *testing.T, st state.Store, id string, status lb.Status, applied map[string]int64) {
	t.Helper()
	fakeAgentWithServers(t, st, id, status, applied, nil)
}

// fakeAgentWithServers is fakeAgent whose /v1/services/{svc}/servers
// answers servers[svc] (404 for a service it does not have, as an agent
// older than the endpoint answers every one).
func fakeAgentWithServers(t *testing.T, st state.Store, id string, status lb.Status, applied map[string]int64, servers map[string]lb.ServersResponse) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if svc, ok := strings.CutPrefix(r.URL.Path, "/v1/services/"); ok {
			resp, ok := servers[strings.TrimSuffix(svc, "/servers")]
			if !ok {
				http.NotFound(w, r)
				return
			}
			_ = json.NewEncoder(w).Encode(resp)
			return
		}
		_ = json.NewEncoder(w).Encode(status)
	}))
	t.Cleanup(srv.Close)
	// This host: a loopback address registered by another is never read.
	host, err := os.Hostname()
	require.NoError(t, err)
	ctx := context.Background()
	sess, err := st.RegisterAgent(ctx, state.Agent{ID: id, Address: strings.TrimPrefix(srv.URL, "http://"), Host: host, Pid: os.Getpid(), StartedAt: time.Now()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sess.Close(context.Background()) })
	require.NoError(t, sess.AckMany(ctx, applied))
}

// apiAndWeb starts a realm whose routing state holds the services api
// and web.
func apiAndWeb(t *testing.T) (*svctest.Env, context.Context) {
	e := svctest.Start(t)
	ctx := context.Background()
	for _, svc := range []string{"api", "web"} {
		_, err := e.Store.PutRouting(ctx, state.Routing{Service: svc, Stable: "/" + svc + "-blue"}, 0)
		require.NoError(t, err)
	}
	return e, ctx
}

// runner runs `yodel lb status` on e's realm, on a terminal or not,
// without colours; it returns stdout and stderr.
func runner(ctx context.Context, e *svctest.Env) func(tty bool, o lbstatus.Options) (string, string, error) {
	return func(tty bool, o lbstatus.Options) (string, string, error) {
		ios, _, out, errOut := svctest.IO(tty)
		ios.SetNoColor(true)
		o.Realm, o.Deps, o.LookupEnv = e.RealmFile, e.Deps(ios), noEnv
		err := lbstatus.Run(ctx, &o)
		return out.String(), errOut.String(), err
	}
}

// At realm scale the table is one row per agent and service: naming
// services keeps theirs, --failing keeps what lags or fails, a service
// no agent lists is an error, and -o json is filtered the same way.
func TestLBStatusSelectsServicesAndFailures(t *testing.T) {
	e, ctx := apiAndWeb(t)
	up := lb.SourceStatus{OK: true}
	fakeAgent(t, e.Store, "lb-1", lb.Status{Ready: true, HAProxy: up, Marathon: up, Store: up, Services: map[string]lb.ServiceStatus{
		"api": {Ports: []int{10070}},
		"web": {Ports: []int{10080}, Error: "cannot bind 127.0.0.1:10080: address already in use"},
	}}, map[string]int64{"api": 1})
	fakeAgent(t, e.Store, "lb-2", lb.Status{Ready: true, HAProxy: up, Marathon: up, Store: up, Services: map[string]lb.ServiceStatus{
		"api": {Ports: []int{10070}}, "web": {Ports: []int{10080}},
	}}, map[string]int64{"api": 1, "web": 1})

	run := runner(ctx, e)
	rows := func(out string) []string {
		var r []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if l != "" {
				f := strings.Split(l, "\t")
				r = append(r, f[0]+" "+f[3])
			}
		}
		return r
	}

	out, _, err := run(false, lbstatus.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"lb-1 api", "lb-1 web", "lb-2 api", "lb-2 web"}, rows(out))

	out, _, err = run(false, lbstatus.Options{Services: []string{"web"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"lb-1 web", "lb-2 web"}, rows(out))

	out, _, err = run(false, lbstatus.Options{Failing: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"lb-1 web"}, rows(out), "lb-1 lags on web and HAProxy refuses it; all else is fine")
	assert.Contains(t, out, "address already in use")

	// Nothing fails for api: stdout stays empty for a script; a terminal
	// is told so.
	out, errOut, err := run(false, lbstatus.Options{Services: []string{"api"}, Failing: true})
	require.NoError(t, err)
	assert.Empty(t, out)
	assert.Empty(t, errOut)
	out, errOut, err = run(true, lbstatus.Options{Services: []string{"api"}, Failing: true})
	require.NoError(t, err)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "all 2 lb agents route api at the generation")

	_, _, err = run(false, lbstatus.Options{Services: []string{"web", "wbe"}})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err))
	assert.Equal(t, "no lb agent of realm test lists wbe", err.Error())
	assert.Contains(t, cmdutil.Hint(err), "yodel status --realm ")

	out, _, err = run(false, lbstatus.Options{Services: []string{"web"}, Output: cmdutil.OutputJSON})
	require.NoError(t, err)
	var agents []view.Agent
	require.NoError(t, json.Unmarshal([]byte(out), &agents), out)
	require.Len(t, agents, 2)
	for _, a := range agents {
		require.Len(t, a.Services, 1, a.ID)
		assert.Equal(t, "web", a.Services[0].Service)
	}
	assert.Equal(t, int64(1), agents[0].Services[0].Lag)

	// A long table on a terminal points at the filters.
	_, errOut, err = run(true, lbstatus.Options{})
	require.NoError(t, err)
	assert.Empty(t, errOut, "4 rows")
	for i := range 19 {
		_, err := e.Store.PutRouting(ctx, state.Routing{Service: fmt.Sprintf("svc%02d", i), Stable: fmt.Sprintf("/svc%02d-blue", i)}, 0)
		require.NoError(t, err)
	}
	_, errOut, err = run(true, lbstatus.Options{})
	require.NoError(t, err)
	assert.Contains(t, errOut, "42 rows: `yodel lb status SERVICE --realm test` shows one service, --failing only what lags or fails")
}

// Naming a service lists, on a terminal, each of its tasks as each
// agent's HAProxy holds it, and why an agent's could not be read; -o json
// has the same as "servers"; off a terminal the rows stay the agents'.
func TestLBStatusOfAServiceListsHowEachAgentHoldsItsTasks(t *testing.T) {
	e, ctx := apiAndWeb(t)
	up := lb.SourceStatus{OK: true}
	both := lb.Status{Ready: true, HAProxy: up, Marathon: up, Store: up, Services: map[string]lb.ServiceStatus{
		"api": {Ports: []int{10070}}, "web": {Ports: []int{10080, 10081}},
	}}
	fakeAgentWithServers(t, e.Store, "lb-1", both, map[string]int64{"api": 1, "web": 1}, map[string]lb.ServersResponse{
		"web": {Agent: "lb-1", Service: "web", Routed: true, Servers: []lb.ServerState{
			{Server: "web-blue_b", Port: 10081, Track: "stable", Status: "UP", Check: "L7OK", Weight: 1, Sessions: 0},
			{Server: "web-blue_b", Port: 10080, Track: "stable", Status: "DOWN", Check: "L4CON", Weight: 1},
			{Server: "web-blue_a", Port: 10080, Track: "stable", Status: "UP", Check: "L7OK", Weight: 1, Sessions: 3},
			{Server: "web-blue_c", Port: 10080, Track: "stable", Status: "DRAIN", Check: "L7OK", Weight: 0, Sessions: 1},
		}},
		"api": {Agent: "lb-1", Service: "api", Routed: true, Servers: []lb.ServerState{
			{Server: "api-blue_a", Port: 10070, Track: "stable", Status: "UP", Weight: 1}}},
	})
	fakeAgentWithServers(t, e.Store, "lb-2", both, map[string]int64{"api": 1, "web": 1}, nil)

	run := func(tty bool, o lbstatus.Options) (string, error) {
		out, _, err := runner(ctx, e)(tty, o)
		return out, err
	}
	out, err := run(true, lbstatus.Options{Services: []string{"web"}})
	require.NoError(t, err)
	_, tasks, found := strings.Cut(out, "\n\n")
	require.True(t, found, "a blank line, then the task table:\n%s", out)
	lines := strings.Split(strings.TrimSpace(tasks), "\n")
	require.Len(t, lines, 6, tasks)
	assert.Regexp(t, `^AGENT\s+SERVICE\s+PORT\s+TASK\s+TRACK\s+HAPROXY\s+WEIGHT\s+SESSIONS$`, lines[0])
	assert.Regexp(t, `^lb-1\s+web\s+10080\s+web-blue_a\s+stable\s+serving\s+1\s+3$`, lines[1])
	assert.Regexp(t, `^lb-1\s+web\s+10080\s+web-blue_b\s+stable\s+down: connection refused \(L4CON\)\s+1\s+0$`, lines[2])
	assert.Regexp(t, `^lb-1\s+web\s+10080\s+web-blue_c\s+stable\s+draining\s+0\s+1$`, lines[3])
	assert.Regexp(t, `^lb-1\s+web\s+10081\s+web-blue_b\s+stable\s+serving\s+1\s+0$`, lines[4])
	assert.Regexp(t, `^lb-2\s+web\s+-\s+-\s+-\s+reading its servers: it does not report its servers: a yodel lb older than this yodel \(upgrade it\)`, lines[5])
	assert.NotContains(t, out, "api", "only the service named")

	out, err = run(false, lbstatus.Options{Services: []string{"web"}})
	require.NoError(t, err)
	assert.NotContains(t, out, "web-blue_a", "off a terminal the rows are the agents' alone")

	out, err = run(false, lbstatus.Options{Services: []string{"web"}, Output: cmdutil.OutputJSON})
	require.NoError(t, err)
	var agents []view.Agent
	require.NoError(t, json.Unmarshal([]byte(out), &agents), out)
	require.Len(t, agents, 2)
	s1, _ := agents[0].Service("web")
	require.Len(t, s1.Servers, 4)
	assert.Equal(t, "web-blue_a", s1.Servers[0].Server)
	assert.Equal(t, int64(3), s1.Servers[0].Sessions)
	assert.Empty(t, s1.ServersError)
	s2, _ := agents[1].Service("web")
	assert.Empty(t, s2.Servers)
	assert.Contains(t, s2.ServersError, "older than this yodel")

	// Without a service named, no agent is asked for servers.
	out, err = run(true, lbstatus.Options{})
	require.NoError(t, err)
	assert.NotContains(t, out, "SESSIONS")
}

func TestLBStatusTakesServicesAsArguments(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *lbstatus.Options
	cmd := lbstatus.NewCmdStatus(factory(ios), func(o *lbstatus.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"web", "api", "--realm", "qa", "--failing"})
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	require.NoError(t, cmd.Execute())
	assert.Equal(t, []string{"web", "api"}, got.Services)
	assert.True(t, got.Failing)
}
