package lb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// fakeMarathon serves apps from memory and forwards events pushed by the
// test to every open stream.
type fakeMarathon struct {
	mu        sync.Mutex
	apps      map[string]*marathon.App
	err       error            // every read fails
	appErr    map[string]error // RoutedApp of the app fails so
	appsCalls int
	appCalls  int
	events    chan marathon.Event
	attach    chan struct{} // when set, Events returns once it is closed
}

func newFakeMarathon(apps ...*marathon.App) *fakeMarathon {
	f := &fakeMarathon{apps: map[string]*marathon.App{}, events: make(chan marathon.Event, 1024)}
	for _, a := range apps {
		f.apps[a.ID] = a
	}
	return f
}

func (f *fakeMarathon) set(a *marathon.App) {
	f.mu.Lock()
	f.apps[a.ID] = a
	f.mu.Unlock()
}

func (f *fakeMarathon) fail(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func (f *fakeMarathon) Apps(ctx context.Context) ([]marathon.App, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.appsCalls++
	if f.err != nil {
		return nil, f.err
	}
	var out []marathon.App
	for _, a := range f.apps {
		out = append(out, *a)
	}
	return out, nil
}

func (f *fakeMarathon) EachRoutedApp(ctx context.Context, fn func(*marathon.App) error) error {
	apps, err := f.Apps(ctx)
	if err != nil {
		return err
	}
	for i := range apps {
		if err := fn(marathon.RoutingCopy(&apps[i])); err != nil { // as the real client's
			return err
		}
	}
	return nil
}

func (f *fakeMarathon) RoutedApp(ctx context.Context, id string) (*marathon.App, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.appCalls++
	if f.err != nil {
		return nil, f.err
	}
	if err := f.appErr[id]; err != nil {
		return nil, err
	}
	a, ok := f.apps[id]
	if !ok {
		return nil, &marathon.NotFoundError{Message: "App '" + id + "' does not exist"}
	}
	return marathon.RoutingCopy(a), nil // as the real client's
}

func (f *fakeMarathon) Events(ctx context.Context, types ...string) (<-chan marathon.Event, error) {
	if f.attach != nil {
		select {
		case <-f.attach:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	ch := make(chan marathon.Event)
	go func() {
		defer close(ch)
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-f.events:
				select {
				case ch <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return ch, nil
}

func (f *fakeMarathon) calls() (apps, app int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.appsCalls, f.appCalls
}

// fakeHAProxy records what it was asked to apply.
type fakeHAProxy struct {
	mu      sync.Mutex
	applied []haproxy.Config
	err     error
	refuse  map[string]bool // backend keys refused per service
}

func (h *fakeHAProxy) Apply(ctx context.Context, c haproxy.Config) (haproxy.Result, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	res := haproxy.Result{Errors: map[string]error{}}
	if h.err != nil {
		return res, h.err
	}
	for _, s := range c.Services {
		if h.refuse[s.Key()] {
			res.Errors[s.Key()] = errors.New("haproxy -c: refused")
		}
	}
	h.applied = append(h.applied, c.Clone())
	return res, nil
}

func (h *fakeHAProxy) Stats(ctx context.Context) (map[string]haproxy.ServiceStats, error) {
	return map[string]haproxy.ServiceStats{
		"svc_x_10030": {Backend: "svc_x_10030", Tracks: map[string]haproxy.TrackStats{
			"stable": {Requests: 90, Responses5x: 1, Servers: 3, Up: 3},
			"canary": {Requests: 10, ConnErrors: 2, Servers: 1, Up: 1},
		}, Servers: []haproxy.ServerStats{
			{Backend: "svc_x_10030", Server: "x-blue.t2", Track: "stable", Status: "DRAIN", CheckStatus: "L7OK", Weight: 1, Sessions: 2},
			{Backend: "svc_x_10030", Server: "x-blue.t1", Track: "stable", Status: "UP", CheckStatus: "L7OK", Weight: 1},
			{Backend: "svc_x_10030_canary", Server: "x-green.t9", Track: "canary", Status: "UP", Weight: 1}, // a track backend's copy
		}},
	}, nil
}

func (h *fakeHAProxy) Reloads() int64 { return 0 }

func (h *fakeHAProxy) last() (haproxy.Config, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.applied) == 0 {
		return haproxy.Config{}, 0
	}
	return h.applied[len(h.applied)-1], len(h.applied)
}

func (h *fakeHAProxy) setErr(err error) {
	h.mu.Lock()
	h.err = err
	h.mu.Unlock()
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond) // polling a condition with a deadline
	}
}

type rig struct {
	t     *testing.T
	m     *fakeMarathon
	h     *fakeHAProxy
	store state.Store
	agent *Agent
	done  chan error
}

func startRig(t *testing.T, m *fakeMarathon, mutate func(*Options)) *rig {
	t.Helper()
	url := "file://" + t.TempDir()
	ctx := context.Background()
	store, err := state.Open(ctx, url, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	r := &rig{t: t, m: m, h: &fakeHAProxy{refuse: map[string]bool{}}, store: store, done: make(chan error, 1)}
	o := Options{
		Marathon: m, HAProxy: r.h, Build: opts, Debounce: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
		OpenStore: func(ctx context.Context) (state.Store, error) { return state.Open(ctx, url, state.Options{}) },
		Agent:     state.Agent{ID: "test-agent", Address: "127.0.0.1:1"},
	}
	if mutate != nil {
		mutate(&o)
	}
	r.agent, err = New(o)
	require.NoError(t, err)
	actx, cancel := context.WithCancel(ctx)
	go func() { r.done <- r.agent.Run(actx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-r.done:
			assert.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Error("agent did not stop within 10s")
		}
	})
	return r
}

func (r *rig) servers(key string) []string {
	c, _ := r.h.last()
	for _, s := range c.Services {
		if s.Key() == key {
			return serverNames(s)
		}
	}
	return nil
}

func (r *rig) waitServers(key string, want ...string) {
	r.t.Helper()
	eventually(r.t, fmt.Sprintf("%s to serve %v (has %v)", key, want, r.servers(key)), func() bool {
		got := r.servers(key)
		return strings.Join(got, ",") == strings.Join(want, ",")
	})
}

// waitDraining waits until the last applied configuration has exactly
// want in drain state in backend key.
func (r *rig) waitDraining(key string, want ...string) {
	r.t.Helper()
	draining := func() []string {
		cfg, _ := r.h.last()
		for _, s := range cfg.Services {
			if s.Key() == key {
				return drainingNames(s)
			}
		}
		return nil
	}
	eventually(r.t, fmt.Sprintf("%s to drain %v (drains %v)", key, want, draining()), func() bool {
		return strings.Join(draining(), ",") == strings.Join(want, ",")
	})
}

func webApp(tasks ...*marathon.Task) *marathon.App {
	return mkApp(appSpec{id: "/web", ports: []int{10001}, health: true, tasks: tasks})
}

// TestAgentLeavesOutAnAppTooLargeToRoute: an app whose routing part is
// over the Marathon client's cap (AppTooLargeError) is not routed,
// as the full read leaves it out, and is no failed read: the agent stays
// ready and goes on following the other apps' events.
func TestAgentLeavesOutAnAppTooLargeToRoute(t *testing.T) {
	junk := mkApp(appSpec{id: "/junk", ports: []int{10002}, tasks: []*marathon.Task{task("j", yes, 31009)}})
	m := newFakeMarathon(webApp(task("a", yes, 31001)), junk)
	r := startRig(t, m, nil)
	r.waitServers("svc_web_10001", "a")
	r.waitServers("svc_junk_10002", "j")

	m.mu.Lock()
	m.appErr = map[string]error{"/junk": &marathon.AppTooLargeError{ID: "/junk", Limit: 64 << 20}}
	m.mu.Unlock()
	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/junk", TaskID: "j2", TaskStatus: "TASK_RUNNING"}}
	r.waitServers("svc_junk_10002")
	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002)))
	m.events <- marathon.Event{Type: marathon.EventHealthStatusChanged, Health: &marathon.HealthChange{AppID: "/web", InstanceID: "b", Alive: true}}
	r.waitServers("svc_web_10001", "a", "b")
	st := r.agent.Status()
	assert.True(t, st.Ready)
	assert.Empty(t, st.LastError)
}

func TestAgentAppliesAndFollowsEvents(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)))
	r := startRig(t, m, nil)
	r.waitServers("svc_web_10001", "a")

	// A new task turns healthy: the event makes the agent re-read only that app.
	appsBefore, _ := m.calls()
	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002)))
	m.events <- marathon.Event{Type: marathon.EventHealthStatusChanged, Health: &marathon.HealthChange{AppID: "/web", InstanceID: "b", Alive: true}}
	r.waitServers("svc_web_10001", "a", "b")
	appsAfter, appCalls := m.calls()
	assert.Equal(t, appsBefore, appsAfter, "one app changed: no full /v2/apps read")
	assert.Positive(t, appCalls)

	// A task being killed leaves at once, even though Marathon still lists
	// it as running.
	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "a", TaskStatus: "TASK_KILLING"}}
	r.waitServers("svc_web_10001", "b")

	st := r.agent.Status()
	assert.True(t, st.Ready)
	assert.True(t, st.Marathon.OK, st.Marathon.Error)
	assert.Equal(t, []AppPlan{{ID: "/web", Track: "stable", Tasks: 2, Routed: 1}}, st.Services["web"].Apps)
}

func TestAgentCoalescesBursts(t *testing.T) {
	m := newFakeMarathon(webApp(task("t0", yes, 31000)))
	r := startRig(t, m, func(o *Options) { o.Debounce = 50 * time.Millisecond })
	r.waitServers("svc_web_10001", "t0")
	_, before := r.h.last()

	var tasks []*marathon.Task
	for i := range 40 {
		tasks = append(tasks, task(fmt.Sprintf("t%d", i), yes, 31000+i))
		m.set(webApp(tasks...))
		m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: fmt.Sprintf("t%d", i), TaskStatus: "TASK_RUNNING"}}
	}
	eventually(t, "all 40 tasks served", func() bool { return len(r.servers("svc_web_10001")) == 40 })
	_, after := r.h.last()
	assert.LessOrEqual(t, after-before, 5, "40 events in a burst must coalesce into a few applies, got %d", after-before)
}

func TestAgentFailsStatic(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)))
	m.fail(errors.New("connection refused"))
	r := startRig(t, m, nil)

	// Marathon never read: nothing is applied (an empty config would take
	// every service down).
	eventually(t, "the error to be reported", func() bool {
		return strings.Contains(r.agent.Status().LastError, "connection refused")
	})
	_, n := r.h.last()
	assert.Zero(t, n)
	assert.False(t, r.agent.Status().Ready)

	m.fail(nil)
	r.waitServers("svc_web_10001", "a") // retried with backoff

	// Marathon down again: the last config stays; the error is reported.
	_, applies := r.h.last()
	m.fail(errors.New("503 leader unavailable"))
	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "a", TaskStatus: "TASK_RUNNING"}}
	eventually(t, "marathon error in status", func() bool { return !r.agent.Status().Marathon.OK })
	assert.Equal(t, []string{"a"}, r.servers("svc_web_10001"))
	_, n = r.h.last()
	assert.LessOrEqual(t, n-applies, 1, "a failed read of one app still applies the cache at most once")

	// HAProxy refusing everything is retried and reported, not fatal.
	r.h.setErr(errors.New("haproxy socket: connection refused"))
	m.fail(nil)
	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002)))
	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "b", TaskStatus: "TASK_RUNNING"}}
	eventually(t, "apply error in status", func() bool {
		return strings.Contains(r.agent.Status().LastError, "apply to HAProxy")
	})
	r.h.setErr(nil)
	r.waitServers("svc_web_10001", "a", "b")
}

func TestAgentAcksGenerationsItApplied(t *testing.T) {
	apps := colours("x", 3, 1, "http", 10030)
	m := newFakeMarathon(apps...)
	other := mkApp(appSpec{id: "/y-blue", labels: managed("y", "tcp"), ports: []int{10070}, tasks: []*marathon.Task{task("y.1", nil, 31300)}})
	m.set(other)
	r := startRig(t, m, nil)
	ctx := context.Background()

	// No routing state yet: x's apps are both stable.
	eventually(t, "x served", func() bool { return len(r.servers("svc_x_10030")) == 4 })

	v, err := r.store.PutRouting(ctx, routing("x", "/x-blue", "/x-green", 10, false, 0, state.Port{ServicePort: 10030, Protocol: "http"}), state.NoVersion)
	require.NoError(t, err)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)))
	c, _ := r.h.last()
	for _, s := range c.Services {
		if s.Key() == "svc_x_10030" {
			var st, ca []haproxy.Server
			for _, sv := range s.Servers {
				if sv.Track == haproxy.TrackCanary {
					ca = append(ca, sv)
				} else {
					st = append(st, sv)
				}
			}
			require.Len(t, ca, 1)
			assert.InDelta(t, 0.1, haproxy.Share(len(st), len(ca), st[0].Weight, ca[0].Weight), 0.005)
		}
	}

	// A service HAProxy refuses is not acknowledged; the others are.
	r.h.mu.Lock()
	r.h.refuse["svc_y_10070"] = true
	r.h.mu.Unlock()
	vy, err := r.store.PutRouting(ctx, routing("y", "/y-blue", "", 0, false, 0, state.Port{ServicePort: 10070, Protocol: "tcp"}), state.NoVersion)
	require.NoError(t, err)
	v2, err := r.store.PutRouting(ctx, routing("x", "/x-blue", "/x-green", 50, false, 0, state.Port{ServicePort: 10030, Protocol: "http"}), v)
	require.NoError(t, err)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v2), time.Now().Add(10*time.Second)))
	err = r.store.WaitApplied(ctx, "y", int64(vy), time.Now().Add(300*time.Millisecond))
	var na *state.NotAppliedError
	require.ErrorAs(t, err, &na)
	st := r.agent.Status()
	assert.Contains(t, st.Services["y"].Error, "refused")
	assert.Equal(t, int64(vy), st.Services["y"].Generation)
	assert.Zero(t, st.Services["y"].Applied)
	assert.Equal(t, int64(v2), st.Services["x"].Applied)

	agents, err := r.store.ListAgents(ctx)
	require.NoError(t, err)
	require.Len(t, agents, 1)
	assert.Equal(t, "test-agent", agents[0].ID)

	// Deleting the routing state makes both apps stable again.
	require.NoError(t, r.store.DeleteRouting(ctx, "x", v2))
	eventually(t, "x back to all stable", func() bool {
		c, _ := r.h.last()
		for _, s := range c.Services {
			if s.Key() == "svc_x_10030" {
				return !s.HasCanaryBackend() && len(s.Servers) == 4
			}
		}
		return false
	})
}

func TestAgentWaitsForRoutingState(t *testing.T) {
	m := newFakeMarathon(colours("x", 1, 1, "http", 10030)...)
	opened := make(chan struct{})
	var once sync.Once
	release := make(chan struct{})
	r := startRig(t, m, func(o *Options) {
		open := o.OpenStore
		o.OpenStore = func(ctx context.Context) (state.Store, error) {
			once.Do(func() { close(opened) })
			select {
			case <-release:
				return open(ctx)
			default:
				return nil, errors.New("zk: connection refused")
			}
		}
	})
	<-opened
	eventually(t, "store error reported", func() bool { return strings.Contains(r.agent.Status().Store.Error, "connection refused") })
	eventually(t, "marathon read", func() bool { a, _ := m.calls(); return a > 0 })
	_, n := r.h.last()
	assert.Zero(t, n, "without the routing state the canary app would be served as stable: nothing may be applied")
	close(release)
	eventually(t, "applied once the store answers", func() bool { return r.agent.Status().Ready })
	assert.True(t, r.agent.Status().Registered)
}

func TestAPI(t *testing.T) {
	m := newFakeMarathon(colours("x", 3, 1, "http", 10030)...)
	r := startRig(t, m, nil)
	eventually(t, "ready", func() bool { return r.agent.Status().Ready })

	srv := httptest.NewServer(r.agent.Handler("s3cret"))
	defer srv.Close()
	ctx := context.Background()

	resp, err := http.Get(srv.URL + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "healthz needs no token")

	_, err = (&Client{}).Status(ctx, srv.URL)
	require.ErrorContains(t, err, "HTTP 401")
	_, err = (&Client{Token: "wrong"}).Status(ctx, srv.URL)
	require.ErrorContains(t, err, "HTTP 401")

	c := &Client{Token: "s3cret"}
	st, err := c.Status(ctx, srv.URL)
	require.NoError(t, err)
	assert.True(t, st.Ready)
	assert.Equal(t, "test-agent", st.Agent.ID)
	assert.Equal(t, []int{10030}, st.Services["x"].Ports)

	stats, err := c.Stats(ctx, srv.URL)
	require.NoError(t, err)
	x := stats.Services["x"]
	assert.Equal(t, TrackStats{Requests: 10, ConnectionErrors: 2, Servers: 1, Up: 1}, x.Tracks["canary"])
	assert.Equal(t, int64(90), x.Ports["10030"]["stable"].Requests)

	// One service's servers in its public backends, by port and name;
	// a service the agent does not route has none.
	servers, err := c.Servers(ctx, srv.URL, "x")
	require.NoError(t, err)
	assert.True(t, servers.Routed)
	assert.Equal(t, "test-agent", servers.Agent)
	assert.Equal(t, []ServerState{
		{Server: "x-blue.t1", Port: 10030, Track: "stable", Status: "UP", Check: "L7OK", Weight: 1},
		{Server: "x-blue.t2", Port: 10030, Track: "stable", Status: "DRAIN", Check: "L7OK", Weight: 1, Sessions: 2},
	}, servers.Servers)
	servers, err = c.Servers(ctx, srv.URL, "nope")
	require.NoError(t, err)
	assert.False(t, servers.Routed)
	assert.Empty(t, servers.Servers)
	_, err = c.Servers(ctx, srv.URL, "No_Such")
	assert.ErrorContains(t, err, `HTTP 400: not a service name: "No_Such"`)

	// The polled bodies are compact; ?pretty indents them for a person.
	for q, indented := range map[string]bool{"": false, "?pretty": true} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/status"+q, nil)
		req.Header.Set("Authorization", "Bearer s3cret")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body := readAll(t, resp)
		resp.Body.Close()
		assert.Equal(t, indented, strings.Contains(body, "\n  \"ready\": true"), "/v1/status%s: %.200s", q, body)
		if !indented {
			assert.Equal(t, 1, strings.Count(body, "\n"), "one line unless ?pretty")
		}
	}

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = fmt.Fprint(&b, readAll(t, resp))
	text := b.String()
	for _, want := range []string{
		"# TYPE yodel_lb_reloads_total counter\nyodel_lb_reloads_total 0\n",
		"# TYPE yodel_lb_sync_duration_seconds histogram\n",
		`yodel_lb_sync_duration_seconds_bucket{le="+Inf"} `,
		"yodel_lb_apply_errors_total 0\n",
		"yodel_lb_marathon_up 1\n",
		"yodel_lb_store_up 1\n",
		"yodel_lb_services 1\n",
		"yodel_lb_servers 4\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/plain; version=0.0.4")
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:9190": true, "[::1]:9190": true, "localhost:9190": true,
		":9190": false, "0.0.0.0:9190": false, "10.1.2.3:9190": false, "garbage": false,
	} {
		assert.Equal(t, want, IsLoopback(addr), addr)
	}
}

func TestBackoff(t *testing.T) {
	// Jittered over the upper half of the nominal delay (pkg/retry).
	assert.InDelta(t, 75*time.Millisecond, backoff(1, 10*time.Second), float64(25*time.Millisecond))
	assert.InDelta(t, 300*time.Millisecond, backoff(3, 10*time.Second), float64(100*time.Millisecond))
	assert.InDelta(t, 7500*time.Millisecond, backoff(30, 10*time.Second), float64(2500*time.Millisecond))
}

// The CLI writes a routing generation once Marathon shows what it relies on
// (the canary's tasks healthy, the canary scaled up), then acts on the
// agents' acks: smoke tests through the canary header, judging canary
// traffic, deleting the old app. Marathon's event stream may lag behind
// (here it says nothing at all): an ack must still mean that HAProxy
// routes what Marathon showed before the write.
func TestAgentAcksOnlyWhatItReadFromMarathonAfterTheWrite(t *testing.T) {
	m := newFakeMarathon(colours("x", 3, 0, "http", 10030)[0])
	r := startRig(t, m, nil)
	ctx := context.Background()
	port := state.Port{ServicePort: 10030, Protocol: "http"}
	eventually(t, "agent registered", func() bool { return r.agent.Status().Registered })
	v, err := r.store.PutRouting(ctx, routing("x", "/x-blue", "", 0, false, 0, port), state.NoVersion)
	require.NoError(t, err)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)))

	canaryServers := func() int {
		c, _ := r.h.last()
		n := 0
		for _, sv := range serviceByKey(t, c, "svc_x_10030").Servers {
			if sv.Track == haproxy.TrackCanary {
				n++
			}
		}
		return n
	}
	for _, step := range []struct {
		tasks  int
		weight float64
	}{{1, 10}, {3, 100}} {
		m.set(colours("x", 3, step.tasks, "http", 10030)[1]) // no event
		v, err = r.store.PutRouting(ctx, routing("x", "/x-blue", "/x-green", step.weight, false, 0, port), v)
		require.NoError(t, err)
		require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)))
		assert.Equal(t, step.tasks, canaryServers(), "generation %d (canary at %g%%) acknowledged", v, step.weight)
	}

	// Marathon unreadable: the new generation is applied from the cache
	// (fail static) but not acknowledged until Marathon answers again.
	m.fail(errors.New("503 leader unavailable"))
	v, err = r.store.PutRouting(ctx, routing("x", "/x-blue", "/x-green", 0, false, 0, port), v)
	require.NoError(t, err)
	err = r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(300*time.Millisecond))
	var na *state.NotAppliedError
	require.ErrorAs(t, err, &na, "acknowledged without reading Marathon")
	m.fail(nil)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)))
}

// The routing records a sync or read took stay as they were when the
// store changes afterwards; a burst of changes with nobody holding them
// copies nothing.
func TestRoutingCopiedOnWrite(t *testing.T) {
	a := &Agent{routing: map[string]state.Routing{"web": {Service: "web", Generation: 1}}}
	held := a.takeRouting()
	a.ownRouting()
	a.routing["api"] = state.Routing{Service: "api", Generation: 1}
	assert.NotContains(t, held, "api", "a change reached the records a sync holds")
	mine := a.routing
	a.ownRouting()
	a.routing["db"] = state.Routing{Service: "db", Generation: 1}
	assert.Contains(t, mine, "db", "copied again though nobody held the records")
	assert.Len(t, held, 1)
}

// The first read waits for the event stream to attach: begun before, it
// would be followed at once by a second full read for what the stream
// missed meanwhile (0.1 s and a higher peak RSS at 1000 apps).
func TestFirstReadWaitsForTheEventStream(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)))
	m.attach = make(chan struct{})
	r := startRig(t, m, nil)
	// The store's routing state is read meanwhile and asks for a read.
	time.Sleep(100 * time.Millisecond) // nothing to wait for: the read must not happen
	apps, _ := m.calls()
	assert.Zero(t, apps, "Marathon read before its event stream attached")
	close(m.attach)
	r.waitServers("svc_web_10001", "a")
	time.Sleep(100 * time.Millisecond) // nothing to wait for: no second read may follow
	apps, _ = m.calls()
	assert.Equal(t, 1, apps, "full reads at start")
}

// A stream that hangs while attaching holds up the first read by
// ReadTimeout at most.
func TestFirstReadDoesNotWaitForAHangingStream(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)))
	m.attach = make(chan struct{})
	t.Cleanup(func() { close(m.attach) })
	r := startRig(t, m, func(o *Options) { o.ReadTimeout = 200 * time.Millisecond })
	r.waitServers("svc_web_10001", "a")
}

// TestResyncKeepsTheAppsItAlreadyHolds: a full read replaces only the apps
// that changed; the others stay the view's own objects, so a resync of a
// quiet realm adds no second copy of it to the live heap.
func TestResyncKeepsTheAppsItAlreadyHolds(t *testing.T) {
	api := mkApp(appSpec{id: "/api", ports: []int{10002}, health: true, tasks: []*marathon.Task{task("x", yes, 31010)}})
	m := newFakeMarathon(webApp(task("a", yes, 31001)), api)
	r := startRig(t, m, nil)
	r.waitServers("svc_web_10001", "a")
	r.waitServers("svc_api_10002", "x")
	held := func(id string) *marathon.App {
		r.agent.mu.Lock()
		defer r.agent.mu.Unlock()
		return r.agent.view.apps[id]
	}
	web, apiHeld := held("/web"), held("/api")

	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002)))
	before, _ := m.calls()
	r.agent.mu.Lock()
	r.agent.view.fullPending, r.agent.view.fullWhy = true, "test"
	r.agent.mu.Unlock()
	r.agent.wantRead()
	r.waitServers("svc_web_10001", "a", "b")
	after, _ := m.calls()
	assert.Greater(t, after, before, "a full read")
	assert.Same(t, apiHeld, held("/api"), "an unchanged app is kept as held")
	assert.NotSame(t, web, held("/web"), "a changed app is the read's")
}

// Marathon 1.4 drops events of a stream with more than 50 unwritten,
// without a word: after a burst the agent reads every app instead of
// waiting a resync period for what it may have missed. Here the burst is
// about another app, and the events about /web are the ones lost.
func TestAgentReadsEverythingAfterABurst(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)), plainApp("/other"))
	r := startRig(t, m, func(o *Options) { o.Resync = time.Hour })
	r.waitServers("svc_web_10001", "a")
	eventually(t, "the first full read done", func() bool { apps, _ := m.calls(); return apps == 1 })

	m.set(webApp(task("b", yes, 31002))) // a killed, b healthy: the events lost
	for i := range burstEvents {
		m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{
			AppID: "/other", TaskID: fmt.Sprintf("other.%d", i), TaskStatus: "TASK_STAGING"}}
	}
	r.waitServers("svc_web_10001", "b")
	apps, _ := m.calls()
	assert.Equal(t, 2, apps, "one read of every app after the burst")
	var b strings.Builder
	r.agent.met.write(&b, 0, true, true, true, true)
	assert.Contains(t, b.String(), "yodel_lb_burst_reads_total 1\n")
}

// An event that arrives well after the stream's usual delay says the stream
// fell behind, and Marathon 1.4 drops a stream's events when it does: the
// agent reads every app. A constant offset between Marathon's clock and
// the agent's is not lateness.
func TestAgentReadsEverythingAfterLateEvents(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)), plainApp("/other"))
	// Unbuffered: once the fifth event is taken, the third is applied.
	m.events = make(chan marathon.Event)
	r := startRig(t, m, func(o *Options) { o.Resync = time.Hour })
	r.waitServers("svc_web_10001", "a")
	eventually(t, "the first full read done", func() bool { apps, _ := m.calls(); return apps == 1 })
	other := func(i int, stamp time.Time) marathon.Event {
		return marathon.Event{Type: marathon.EventStatusUpdate, Timestamp: stamp, StatusUpdate: &marathon.StatusUpdate{
			AppID: "/other", TaskID: fmt.Sprintf("other.%d", i), TaskStatus: "TASK_STAGING"}}
	}
	// Marathon's clock 30 s behind the agent's: every event looks 30 s old.
	for i := range 5 {
		m.events <- other(i, time.Now().Add(-30*time.Second))
	}
	r.agent.mu.Lock()
	armed := r.agent.burst.timer != nil
	r.agent.mu.Unlock()
	assert.False(t, armed, "a clock offset is not lateness")

	m.set(webApp(task("b", yes, 31002))) // a killed, b healthy: the events lost
	m.events <- other(5, time.Now().Add(-30*time.Second-3*time.Second))
	r.waitServers("svc_web_10001", "b")
	apps, _ := m.calls()
	assert.Equal(t, 2, apps, "no read for the offset, one for the late event")
}

func TestLagTracker(t *testing.T) {
	var l lagTracker
	t0 := time.Unix(1000, 0)
	assert.Equal(t, time.Duration(0), l.observe(t0, t0.Add(-30*time.Second)), "the first delay is the base")
	assert.Equal(t, 2*time.Second, l.observe(t0.Add(time.Second), t0.Add(-31*time.Second)))
	assert.Equal(t, time.Duration(0), l.observe(t0.Add(2*time.Second), t0.Add(-27*time.Second)), "a faster delivery is the new base")
	// A window later the base of the previous window still counts.
	later := t0.Add(lagWindow + 3*time.Second)
	assert.Equal(t, 6*time.Second, l.observe(later, later.Add(-35*time.Second)))
	assert.Equal(t, time.Duration(0), l.observe(later, time.Time{}), "an event without a timestamp")
	l.reset()
	assert.Equal(t, time.Duration(0), l.observe(later, later.Add(-35*time.Second)), "a new stream starts again")
}
