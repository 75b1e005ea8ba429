package lb_test

// Integration tests: the agent with a real HAProxy 2.6 (haproxytest), the
// Marathon emulator (emutest, inproc tasks answering HTTP with their task
// id) and a real store (file store; ZooKeeper for the two-agent test).

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

var (
	zkOnce sync.Once
	zkSrv  *zktest.Server
	zkErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if zkSrv != nil {
		zkSrv.Close()
	}
	os.Exit(code)
}

func ptr[T any](v T) *T { return &v }

// Base is the HAProxy base config the tests run with: haproxytest's, which
// is templates/haproxy's, with retries redispatched to another server, so
// a request that races a task's death (the listener closes a few ms before
// Marathon says so) is retried elsewhere instead of failing.
func testBase(in *haproxytest.Instance) string {
	return in.Base
}

// agentSession is the agents' ZooKeeper session timeout.
const agentSession = 2 * time.Second

type stack struct {
	t     testing.TB
	ctx   context.Context
	emu   *emutest.Instance
	mc    *marathon.Client
	store state.Store
	url   string
	// agentDialer, when set, is the ZooKeeper dialer of the agents' stores
	// (zktest.Cutter, to expire their sessions).
	agentDialer func(network, address string, timeout time.Duration) (net.Conn, error)
}

type agentRig struct {
	in    *haproxytest.Instance
	h     *haproxy.HAProxy
	agent *lb.Agent
}

func newStack(t testing.TB, storeURL string, emuOpts ...emutest.Option) *stack {
	t.Helper()
	if testing.Short() {
		t.Skip("runs HAProxy and the Marathon emulator")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	emu := emutest.Start(t, append([]emutest.Option{emutest.TimeScale(0.1)}, emuOpts...)...)
	mc, err := marathon.New(marathon.Config{URLs: []string{emu.URL}, Timeout: 10 * time.Second})
	require.NoError(t, err)
	if storeURL == "" {
		storeURL = "file://" + t.TempDir()
	}
	store, err := state.Open(ctx, storeURL, state.Options{SessionTimeout: 2 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	return &stack{t: t, ctx: ctx, emu: emu, mc: mc, store: store, url: storeURL}
}

// startAgent starts a HAProxy and an agent beside it. base, when given,
// rewrites the HAProxy base template before the first apply.
func (s *stack) startAgent(id string, base ...func(string) string) *agentRig {
	s.t.Helper()
	in := haproxytest.Start(s.t, haproxytest.Options{})
	o := in.Options()
	o.BaseTemplate = testBase(in)
	for _, f := range base {
		o.BaseTemplate = f(o.BaseTemplate)
	}
	var log *slog.Logger
	if os.Getenv("YODEL_LB_BENCH_DEBUG") != "" {
		// Microseconds: the convergence benchmark's samples are a few ms.
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug,
			ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey && len(groups) == 0 {
					return slog.String(slog.TimeKey, a.Value.Time().UTC().Format("15:04:05.000000"))
				}
				return a
			}}))
		o.Logger = log
	}
	h, err := haproxy.New(o)
	require.NoError(s.t, err)
	a, err := lb.New(lb.Options{
		Marathon: s.mc, HAProxy: h,
		OpenStore: func(ctx context.Context) (state.Store, error) {
			return state.Open(ctx, s.url, state.Options{SessionTimeout: agentSession, ZKDialer: s.agentDialer})
		},
		Build: lb.BuildOptions{BindAddress: "127.0.0.1", CanaryHeader: haproxy.Header{Name: "X-Yodel-Track", Value: "canary"},
			IsolatedPortOffset: 1000},
		Agent:      state.Agent{ID: id, Address: "127.0.0.1:1"},
		MaxBackoff: 500 * time.Millisecond,
		Logger:     log,
	})
	require.NoError(s.t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	eventually(s.t, 10*time.Second, func() string { return "agent never registered" }, func() bool { return a.Status().Registered })
	s.t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(s.t, err)
		case <-time.After(10 * time.Second):
			s.t.Error("agent did not stop")
		}
	})
	return &agentRig{in: in, h: h, agent: a}
}

// app is an inproc app of service svc (label) with an HTTP health check
// that never kills (so failing checks leave the task running, unhealthy).
// The check runs every 100 ms (time scale 0.1) but waits 1 s for an
// answer: at 100 ms a busy machine (CI beside other jobs) timed out every
// task's check at once, and the agent rightly took them all out (503s in
// TestIntegrationCanaryWeightsAndIsolation). A failing answer is still
// seen within 100 ms.
func app(id, svc, protocol string, instances, servicePort int) *marathon.App {
	a := &marathon.App{}
	a.ID = id
	a.Cmd = ptr("serve")
	a.Instances = ptr(instances)
	a.CPUs = 0.01
	a.Mem = ptr(8.0)
	labels := map[string]string{"YODEL_PORT_0_PROTOCOL": protocol}
	if svc != "" {
		labels[marathon.LabelService] = svc
	}
	a.Labels = &labels
	a.PortDefinitions = &[]gm.PortDefinition{{Port: ptr(servicePort), Protocol: "tcp"}}
	a.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP", Path: ptr("/health"), PortIndex: ptr(0),
		GracePeriodSeconds: 5, IntervalSeconds: 1, TimeoutSeconds: 10, MaxConsecutiveFailures: ptr(0)}}
	return a
}

func (s *stack) create(a *marathon.App) {
	s.t.Helper()
	_, err := s.mc.CreateApp(s.ctx, a)
	require.NoError(s.t, err)
}

func (s *stack) scale(id string, n int) {
	s.t.Helper()
	_, err := s.mc.ScaleApp(s.ctx, id, n, true)
	require.NoError(s.t, err)
}

// healthyTasks lists the ids of id's running, alive tasks.
func (s *stack) healthyTasks(id string) []string {
	a, err := s.mc.App(s.ctx, id)
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range a.Tasks {
		if a.TaskHealthy(t) {
			out = append(out, t.ID)
		}
	}
	sort.Strings(out)
	return out
}

func eventually(t testing.TB, timeout time.Duration, what func() string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s: %s", timeout, what())
		}
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
}

// adminDrain is the forced-drain bit of srv_admin_state.
const adminDrain = 0x08

// A task that served and then fails its health check while requests are
// in flight on it (a slow task, not a dead one) is drained, not removed:
// those requests finish. Removal would cut them after haproxy's
// DeleteGrace (250 ms), and under load a task fails a check for being slow
// (two CI runs lost 15 and 33 POSTs so).
func TestIntegrationUnhealthyTaskFinishesItsRequests(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	s.create(app("/hello-blue", "hello", "http", 2, port))
	blue := func() []string { return s.healthyTasks("/hello-blue") }
	waitServing(t, r.in, port, func() []string {
		if b := blue(); len(b) == 2 {
			return b
		}
		return nil
	})
	sick := blue()[0]
	be, sv := haproxy.BackendName("hello", port), haproxy.ServerName(sick)

	// Requests on sick hang until it is unwedged.
	s.emu.Fault(t, "tasks/"+sick+"/wedge")
	type answer struct {
		id   string
		code int
		err  error
	}
	answers := make(chan answer, 8)
	for range 8 {
		go func() {
			id, code, err := hit(port, nil)
			answers <- answer{id, code, err}
		}()
	}
	sessions := func() int {
		out, err := r.in.Exec("show stat " + be + " 4 -1")
		require.NoError(t, err)
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Split(line, ","); len(f) > 4 && f[0] == be && f[1] == sv {
				n, _ := strconv.Atoi(f[4]) // scur
				return n
			}
		}
		return 0
	}
	// Every request either answered (by the other task) or hanging on sick.
	eventually(t, 20*time.Second, func() string { return fmt.Sprintf("%d sessions on %s, %d answered", sessions(), sv, len(answers)) },
		func() bool { n := sessions(); return n > 0 && n+len(answers) == 8 })
	in := sessions()

	s.emu.Fault(t, "tasks/"+sick+"/fail-health")
	eventually(t, 20*time.Second, func() string { return fmt.Sprint(showServers(t, r.in, be)) }, func() bool {
		st, ok := showServers(t, r.in, be)[sv]
		return ok && st.admin&adminDrain != 0
	})
	assert.Equal(t, in, sessions(), "the requests in flight are still there")
	s.emu.Fault(t, "tasks/"+sick+"/unwedge")
	onSick := 0
	for range 8 {
		a := <-answers
		require.NoError(t, a.err)
		assert.Equal(t, http.StatusOK, a.code)
		if a.id == sick {
			onSick++
		}
	}
	assert.Equal(t, in, onSick, "every request that was on the sick task was answered by it")
}

// serverState is one line of `show servers state`.
type serverState struct {
	name    string
	addr    string
	port    int
	weight  int
	opState int
	admin   int
}

func showServers(t testing.TB, in *haproxytest.Instance, backend string) map[string]serverState {
	t.Helper()
	out, err := in.Exec("show servers state " + backend)
	require.NoError(t, err)
	got := map[string]serverState{}
	var cols []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "# be_id") {
			cols = strings.Fields(strings.TrimPrefix(line, "# "))
			continue
		}
		f := strings.Fields(line)
		if cols == nil || len(f) < 10 || strings.HasPrefix(line, "#") {
			continue
		}
		m := map[string]string{}
		for i, c := range cols {
			if i < len(f) {
				m[c] = f[i]
			}
		}
		if m["be_name"] != backend {
			continue
		}
		num := func(k string) int { n, _ := strconv.Atoi(m[k]); return n }
		got[m["srv_name"]] = serverState{name: m["srv_name"], addr: m["srv_addr"], port: num("srv_port"),
			weight: num("srv_uweight"), opState: num("srv_op_state"), admin: num("srv_admin_state")}
	}
	return got
}

func names(m map[string]serverState) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var httpClient = &http.Client{Timeout: 5 * time.Second}

// hit sends one request through HAProxy and returns the answering task.
func hit(port int, header http.Header) (string, int, error) {
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(port)+"/", nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var r emulator.InprocResponse
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(b, &r); err != nil {
			return "", resp.StatusCode, fmt.Errorf("body %q: %w", b, err)
		}
	}
	return r.TaskID, resp.StatusCode, nil
}

// spread sends n requests and counts answers per task; all must succeed.
func spread(t *testing.T, port, n int, header http.Header) map[string]int {
	t.Helper()
	got := map[string]int{}
	for i := 0; i < n; i++ {
		id, code, err := hit(port, header)
		require.NoError(t, err)
		require.Equal(t, 200, code, "request %d", i)
		got[id]++
	}
	return got
}

func keys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// waitServing waits until HAProxy's backend holds exactly want (task ids)
// and requests reach exactly them.
func waitServing(t testing.TB, in *haproxytest.Instance, port int, want func() []string) {
	t.Helper()
	be := haproxy.BackendName("hello", port)
	var last string
	eventually(t, 20*time.Second, func() string { return last }, func() bool {
		w := want()
		have := names(showServers(t, in, be))
		if len(w) == 0 || !slices.Equal(have, w) {
			last = fmt.Sprintf("servers %v, want %v", have, w)
			return false
		}
		got := map[string]int{}
		for range 4 * len(w) {
			id, code, err := hit(port, nil)
			if err != nil || code != 200 {
				last = fmt.Sprintf("request failed: %d %v", code, err)
				return false
			}
			got[id]++
		}
		if !slices.Equal(keys(got), w) {
			last = fmt.Sprintf("answers from %v, want %v", keys(got), w)
			return false
		}
		return true
	})
}

// reloads reads the master's reload counter; the master CLI refuses
// connections for a moment while the master re-executes itself.
func reloads(t testing.TB, in *haproxytest.Instance) int {
	t.Helper()
	var n int
	var err error
	eventually(t, 10*time.Second, func() string { return fmt.Sprint(err) }, func() bool {
		n, err = in.MasterReloads()
		return err == nil
	})
	return n
}

func TestIntegrationTaskChurnWithoutReloads(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	blue := func() []string { return s.healthyTasks("/hello-blue") }
	waitServing(t, r.in, port, func() []string {
		if b := blue(); len(b) == 3 {
			return b
		}
		return nil
	})
	base := reloads(t, r.in)

	for _, n := range []int{6, 1} {
		s.scale("/hello-blue", n)
		waitServing(t, r.in, port, func() []string {
			if b := blue(); len(b) == n {
				return b
			}
			return nil
		})
	}
	s.scale("/hello-blue", 3)
	waitServing(t, r.in, port, func() []string {
		if b := blue(); len(b) == 3 {
			return b
		}
		return nil
	})

	// A task dies on its own: out at once, its replacement in once healthy.
	victim := blue()[0]
	s.emu.Fault(t, "tasks/"+victim+"/kill")
	waitServing(t, r.in, port, func() []string {
		b := blue()
		if len(b) == 3 && !slices.Contains(b, victim) {
			return b
		}
		return nil
	})

	// Failing health checks (the task keeps running): drained (no new
	// requests, those in flight finish), then back.
	sick := blue()[1]
	s.emu.Fault(t, "tasks/"+sick+"/fail-health")
	be := haproxy.BackendName("hello", port)
	eventually(t, 20*time.Second, func() string { return fmt.Sprint(showServers(t, r.in, be)) }, func() bool {
		st, ok := showServers(t, r.in, be)[haproxy.ServerName(sick)]
		return ok && st.admin&adminDrain != 0
	})
	for id := range spread(t, port, 20, nil) {
		assert.NotEqual(t, sick, id, "an unhealthy task got traffic")
	}
	s.emu.Fault(t, "tasks/"+sick+"/pass-health")
	eventually(t, 20*time.Second, func() string { return fmt.Sprint(showServers(t, r.in, be)) }, func() bool {
		st, ok := showServers(t, r.in, be)[haproxy.ServerName(sick)]
		return ok && st.admin == 0
	})

	assert.Equal(t, base, reloads(t, r.in), "task churn and health changes must not reload HAProxy")
	assert.Zero(t, r.agent.Status().Services["hello"].Generation)
}

// A foreign app whose only task goes (a crash loop's cycle, a scale to 0
// and back) keeps its frontend for TasklessHold: no reload, which would
// close every other service's long connections after hard-stop-after.
func TestIntegrationForeignAppBetweenTasksWithoutReloads(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	s.create(app("/hello", "", "http", 1, port)) // no YODEL_SERVICE: foreign, no routing state
	one := func() []string {
		if b := s.healthyTasks("/hello"); len(b) == 1 {
			return b
		}
		return nil
	}
	waitServing(t, r.in, port, one)
	base := reloads(t, r.in)

	s.scale("/hello", 0)
	be := haproxy.BackendName("hello", port)
	eventually(t, 20*time.Second, func() string { return fmt.Sprint(names(showServers(t, r.in, be))) }, func() bool {
		return len(showServers(t, r.in, be)) == 0 && len(s.healthyTasks("/hello")) == 0
	})
	problems := func() string { return strings.Join(r.agent.Status().Services["hello"].Problems, "\n") }
	eventually(t, 20*time.Second, problems, func() bool { return strings.Contains(problems(), "stay bound until") })
	s.scale("/hello", 1)
	waitServing(t, r.in, port, one)

	victim := one()[0]
	s.emu.Fault(t, "tasks/"+victim+"/kill")
	waitServing(t, r.in, port, func() []string {
		if b := one(); len(b) == 1 && b[0] != victim {
			return b
		}
		return nil
	})
	assert.Equal(t, base, reloads(t, r.in), "a foreign app between tasks must not reload HAProxy")
}

func TestIntegrationCanaryWeightsAndIsolation(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	be := haproxy.BackendName("hello", port)
	httpPort := state.Port{ServicePort: port, Protocol: "http"}

	// Stable first, routed by the routing state.
	v, err := s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Ports: []state.Port{httpPort}}, state.NoVersion)
	require.NoError(t, err)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	waitServing(t, r.in, port, func() []string {
		if b := s.healthyTasks("/hello-blue"); len(b) == 3 {
			return b
		}
		return nil
	})
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	base := reloads(t, r.in)

	// A canary app the routing state does not name yet gets nothing.
	s.create(app("/hello-green", "hello", "http", 1, port))
	eventually(t, 20*time.Second, func() string { return "green never healthy" }, func() bool {
		return len(s.healthyTasks("/hello-green")) == 1
	})
	green := s.healthyTasks("/hello-green")[0]
	blue := s.healthyTasks("/hello-blue")
	for id := range spread(t, port, 30, nil) {
		assert.NotEqual(t, green, id)
	}

	canaryHdr := http.Header{"X-Yodel-Track": {"canary"}}
	put := func(weight float64, isolated bool) {
		t.Helper()
		v, err = s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
			CanaryWeight: weight, CanaryIsolated: isolated, Ports: []state.Port{httpPort}}, v)
		require.NoError(t, err)
		require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	}

	// A request forced to a track (the header, or the cookie, with
	// "canary" or "stable") reaches that track alone in every phase.
	pinned := func(phase string) {
		t.Helper()
		for _, h := range []http.Header{canaryHdr, {"Cookie": {"a=b; yodel-track=canary"}}} {
			assert.Equal(t, map[string]int{green: 20}, spread(t, port, 20, h), "%s: forced to the canary by %v", phase, h)
		}
		for _, h := range []http.Header{{"X-Yodel-Track": {"stable"}}, {"Cookie": {"yodel-track=stable"}}} {
			for id, n := range spread(t, port, 30, h) {
				assert.Contains(t, blue, id, "%s: %d requests forced to stable by %v reached %s", phase, n, h, id)
			}
		}
	}

	// Isolated: only requests with the header reach the canary.
	put(0, true)
	for id := range spread(t, port, 30, nil) {
		assert.Contains(t, blue, id)
	}
	assert.Equal(t, map[string]int{green: 10}, spread(t, port, 10, canaryHdr))
	assert.Contains(t, showServers(t, r.in, haproxy.CanaryBackendName("hello", port)), haproxy.ServerName(green))
	pinned("isolated")

	// Partial, 10%: one canary task next to three stable ones.
	put(10, false)
	srv := showServers(t, r.in, be)
	require.Len(t, srv, 4)
	got := spread(t, port, 1000, nil)
	stattest.Share(t, got[green], 1000, 0.10, fmt.Sprintf("canary share, %d servers", len(srv)))
	pinned("partial")

	// Full, then abort: weights only, at runtime.
	put(100, false)
	assert.Equal(t, map[string]int{green: 20}, spread(t, port, 20, nil))
	pinned("full")
	put(0, false)
	for id := range spread(t, port, 30, nil) {
		assert.NotEqual(t, green, id)
	}
	pinned("aborted, canary still running")
	assert.Equal(t, base, reloads(t, r.in),
		"a routed service carries its canary route from the start: isolated, partial, full and abort are runtime changes")
}

func TestIntegrationServicesComeAndGoAndBadOnesStayLocal(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	s.create(app("/hello-blue", "hello", "http", 2, port))
	waitServing(t, r.in, port, func() []string {
		if b := s.healthyTasks("/hello-blue"); len(b) == 2 {
			return b
		}
		return nil
	})

	// A foreign TCP app (no yodel labels) is routed too.
	tcpPort := haproxytest.FreePort(t)
	foreign := app("/legacy/api", "", "", 1, tcpPort)
	delete(*foreign.Labels, "YODEL_PORT_0_PROTOCOL")
	s.create(foreign)
	feBackend := haproxy.BackendName("legacy-api", tcpPort)
	eventually(t, 20*time.Second, func() string { return "legacy-api never served" }, func() bool {
		return len(showServers(t, r.in, feBackend)) == 1
	})
	_, code, err := hit(tcpPort, nil) // TCP mode passes HTTP through
	require.NoError(t, err)
	assert.Equal(t, 200, code)

	// A new app claiming hello's servicePort is refused; hello keeps serving.
	before := reloads(t, r.in)
	s.create(app("/zz-intruder", "", "http", 1, port))
	eventually(t, 20*time.Second, func() string { return fmt.Sprintf("%+v", r.agent.Status().Services["zz-intruder"]) }, func() bool {
		return strings.Contains(r.agent.Status().Services["zz-intruder"].Refused, "port "+strconv.Itoa(port)+" is taken by a yodel service hello")
	})
	hello := s.healthyTasks("/hello-blue")
	for id := range spread(t, port, 20, nil) {
		assert.Contains(t, hello, id)
	}
	assert.Equal(t, before, reloads(t, r.in), "a refused service changes nothing")
	_, err = s.mc.DeleteApp(s.ctx, "/zz-intruder", true)
	require.NoError(t, err)

	// Removing the foreign app removes its frontend.
	_, err = s.mc.DeleteApp(s.ctx, "/legacy/api", true)
	require.NoError(t, err)
	eventually(t, 20*time.Second, func() string { return "legacy-api still configured" }, func() bool {
		out, err := r.in.Exec("show servers state " + feBackend)
		return err == nil && strings.Contains(out, "Can't find backend")
	})
	// A kept-alive TCP session may outlive its frontend (the old worker
	// finishes it while the killed task drains): only a new connection
	// shows the frontend is gone.
	httpClient.CloseIdleConnections()
	_, _, err = hit(tcpPort, nil)
	assert.Error(t, err, "the frontend is gone")
}

func TestIntegrationTwoAgentsConvergeOnZooKeeper(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ZooKeeper")
	}
	zkOnce.Do(func() { zkSrv, zkErr = zktest.Start() })
	zktest.Skip(t, zkErr)
	s := newStack(t, zkSrv.URL(fmt.Sprintf("/yodel/lb-%d", time.Now().UnixNano())))
	// Two HAProxies that would run on two machines share this one: both
	// bind the same servicePorts, which noreuseport (rightly) forbids.
	sharePorts := func(b string) string { return strings.Replace(b, "    noreuseport\n", "", 1) }
	a1 := s.startAgent("agent-1", sharePorts)
	a2 := s.startAgent("agent-2", sharePorts)
	port := haproxytest.FreePort(t)
	be := haproxy.BackendName("hello", port)
	httpPort := state.Port{ServicePort: port, Protocol: "http"}
	v, err := s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 25, Ports: []state.Port{httpPort}}, state.NoVersion)
	require.NoError(t, err)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	s.create(app("/hello-green", "hello", "http", 1, port))

	same := func() (bool, string) {
		x, y := showServers(t, a1.in, be), showServers(t, a2.in, be)
		for _, m := range []map[string]serverState{x, y} {
			for k, v := range m {
				v.opState = 0 // check progress may differ by a few ms
				m[k] = v
			}
		}
		return len(x) == 4 && fmt.Sprint(x) == fmt.Sprint(y), fmt.Sprintf("agent-1 %v\nagent-2 %v", x, y)
	}
	var why string
	eventually(t, 30*time.Second, func() string { return why }, func() bool { ok, w := same(); why = w; return ok })
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	agents, err := s.store.ListAgents(s.ctx)
	require.NoError(t, err)
	require.Len(t, agents, 2)
	for _, a := range agents {
		assert.Equal(t, int64(v), a.Applied["hello"], a.ID)
	}

	// Scale and change weight: both follow.
	s.scale("/hello-blue", 5)
	v, err = s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 50, Ports: []state.Port{httpPort}}, v)
	require.NoError(t, err)
	eventually(t, 30*time.Second, func() string { return why }, func() bool {
		x := showServers(t, a1.in, be)
		if len(x) != 6 {
			why = fmt.Sprint(x)
			return false
		}
		ok, w := sameServers(showServers(t, a1.in, be), showServers(t, a2.in, be))
		why = w
		return ok
	})
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
}

func sameServers(x, y map[string]serverState) (bool, string) {
	for _, m := range []map[string]serverState{x, y} {
		for k, v := range m {
			v.opState = 0
			m[k] = v
		}
	}
	return fmt.Sprint(x) == fmt.Sprint(y), fmt.Sprintf("agent-1 %v\nagent-2 %v", x, y)
}

// churnSeconds is how long TestIntegrationNoFailedRequestsUnderChurn runs:
// 4s by default, YODEL_LB_CHURN_SECONDS for the long version (BENCHMARKS.md
// records a 60s run).
func churnSeconds(t *testing.T) time.Duration {
	if v := os.Getenv("YODEL_LB_CHURN_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "YODEL_LB_CHURN_SECONDS")
		return time.Duration(n) * time.Second
	}
	return 4 * time.Second
}

func TestIntegrationNoFailedRequestsUnderChurn(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	waitServing(t, r.in, port, func() []string {
		if b := s.healthyTasks("/hello-blue"); len(b) == 3 {
			return b
		}
		return nil
	})
	base := reloads(t, r.in)

	dur := churnSeconds(t)
	const rate = 250
	stop := make(chan struct{})
	churned := make(chan int, 1)
	go func() {
		// Scale up and down and kill tasks for as long as the load runs.
		n := 0
		sizes := []int{6, 2, 5, 3}
		for i := 0; ; i++ {
			select {
			case <-stop:
				churned <- n
				return
			default:
			}
			if i%3 == 2 {
				// A crash (the task dies at once) of a task no scale-down is
				// stopping: on Marathon 1.4 a task being killed stays
				// TASK_RUNNING and healthy until it exits, so a crash of the
				// one task the scale-down spares would leave nothing to serve
				// (whatever the load balancer does) while the scale-down is
				// slow, as it is on a busy machine.
				settled := func() bool {
					a, err := s.mc.App(s.ctx, "/hello-blue")
					return err == nil && len(a.DeploymentIDs()) == 0
				}
				for !settled() {
					select {
					case <-stop:
						churned <- n
						return
					case <-time.After(20 * time.Millisecond): // polling a condition
					}
				}
				if tasks := s.healthyTasks("/hello-blue"); len(tasks) > 1 {
					if resp, err := http.Post(s.emu.URL+"/_emulator/tasks/"+tasks[0]+"/kill", "application/json", nil); err == nil {
						resp.Body.Close()
						n++
					}
				}
			} else if _, err := s.mc.ScaleApp(s.ctx, "/hello-blue", sizes[i%len(sizes)], true); err == nil {
				n++
			}
			select {
			case <-stop:
			case <-time.After(300 * time.Millisecond):
			}
		}
	}()
	res := attack(t, port, rate, dur)
	close(stop)
	changes := <-churned

	t.Logf("%d requests in %s at %d/s, %d churn operations, latency p50 %s p99 %s max %s",
		res.count, dur, rate, changes, res.p50, res.p99, res.max)
	// Enough load to mean something. The load generator shares the test
	// process (and the cores) with the emulator and its tasks: on a busy
	// machine it falls behind its rate (867 of 1000 in one run), which says
	// nothing about the load balancer.
	assert.GreaterOrEqual(t, res.count, int(float64(rate)*dur.Seconds()*0.5))
	assert.Empty(t, res.failures, "requests failed while tasks churned")
	assert.GreaterOrEqual(t, changes, 4)
	assert.Equal(t, base, reloads(t, r.in), "task churn must not reload HAProxy")
}
