package security_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// lbRig is a Marathon emulator (inproc tasks answering who they are), a
// file store, and lb agents each with its own real HAProxy, read through
// the agents' HTTP API.
type lbRig struct {
	t     *testing.T
	ctx   context.Context
	emu   *emutest.Instance
	mc    *marathon.Client
	url   string
	store state.Store
}

type lbAgent struct {
	in     *haproxytest.Instance
	api    string // host:port of the agent API
	bind   string
	cancel context.CancelFunc
	done   chan error
}

func newLBRig(t *testing.T, ctx context.Context) *lbRig {
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	mc, err := marathon.New(marathon.Config{URLs: []string{emu.URL}})
	require.NoError(t, err)
	url := "file://" + t.TempDir()
	store, err := state.Open(ctx, url, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	return &lbRig{t: t, ctx: ctx, emu: emu, mc: mc, url: url, store: store}
}

// startAgent runs an agent and its HAProxy binding servicePorts on bind.
func (r *lbRig) startAgent(id, bind string) *lbAgent {
	t := r.t
	in := haproxytest.Start(t, haproxytest.Options{})
	h, err := haproxy.New(in.Options())
	require.NoError(t, err)
	a, err := lb.New(lb.Options{
		Marathon: r.mc, HAProxy: h,
		OpenStore: func(ctx context.Context) (state.Store, error) { return state.Open(ctx, r.url, state.Options{}) },
		Build: lb.BuildOptions{BindAddress: bind, CanaryHeader: haproxy.Header{Name: "X-Yodel-Track", Value: "canary"},
			ServicePortRange: [2]int{manifest.DefaultServicePortMin, manifest.DefaultServicePortMax}},
		Resync: 2 * time.Second, MaxBackoff: time.Second,
	})
	require.NoError(t, err)
	srv := httptest.NewServer(a.Handler(""))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(r.ctx)
	ag := &lbAgent{in: in, api: strings.TrimPrefix(srv.URL, "http://"), bind: bind, cancel: cancel, done: make(chan error, 1)}
	go func() { ag.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-ag.done:
		case <-time.After(10 * time.Second):
			t.Error("lb agent did not stop within 10s")
		}
	})
	return ag
}

func (a *lbAgent) status(t *testing.T) lb.Status {
	t.Helper()
	st, err := (&lb.Client{}).Status(context.Background(), a.api)
	require.NoError(t, err)
	return st
}

func (a *lbAgent) metrics(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("http://" + a.api + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// whoAnswers sends one request through HAProxy to port and returns the
// app id of the task that answered ("" on failure).
func (a *lbAgent) whoAnswers(port int) string {
	c := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + net.JoinHostPort(a.bind, strconv.Itoa(port)) + "/")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var body emulator.InprocResponse
	if json.NewDecoder(resp.Body).Decode(&body) != nil {
		return ""
	}
	return body.AppID
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond) // poll interval of a condition with a deadline
	}
}

func (r *lbRig) post(body string) {
	r.t.Helper()
	resp, err := http.Post(r.emu.URL+"/v2/apps", "application/json", strings.NewReader(body))
	require.NoError(r.t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(r.t, 201, resp.StatusCode, "%s", b)
}

// createService creates a yodel TCP app id for service svc on port.
func (r *lbRig) createService(svc, id string, port int) {
	r.t.Helper()
	m, err := manifest.Parse("services/"+svc+".yaml", []byte(fmt.Sprintf(
		"service: %s\ncmd: sleep 1000\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: raw, servicePort: %d, protocol: tcp}\n", svc, port)))
	require.NoError(r.t, err)
	app, err := appdef.Build(m, appdef.Options{AppID: id, Release: "v1"})
	require.NoError(r.t, err)
	_, err = r.mc.CreateApp(r.ctx, &marathon.App{Application: *app})
	require.NoError(r.t, err)
}

func frontendsIn(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "frontend ") {
			n++
		}
	}
	return n
}

// TestForeignAppsCannotTakeTheLoadBalancerDown (issue 14): what any
// Marathon user can post, and what anyone who can write the routing state
// can write, must not take the load balancer or a yodel service down.
//
//   - A foreign app with 10,000 portDefinitions and instances 0 beside a
//     routed TCP service: the agent wrote 10,000 frontends; HAProxy's
//     reload then paused every listener for minutes (or died) and every
//     service stopped. It gets no frontend (no tasks); one with tasks and
//     more than haproxy.maxPortsPerApp ports gets none either.
//   - A foreign app squatting the service's servicePort won it on a new
//     load balancer (name order). The routed service wins.
//   - A routing state naming `canary: /evil, canaryWeight: 100` (an app
//     labelled as the service) was served. It is refused and reported.
//   - A dead HAProxy was logged as "keeps serving". It is reported down.
func TestForeignAppsCannotTakeTheLoadBalancerDown(t *testing.T) {
	if testing.Short() {
		t.Skip("runs HAProxy and the Marathon emulator")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	r := newLBRig(t, ctx)
	base := freeServicePorts(t, 2)
	webPort := base
	r.createService("web", "/web-blue", webPort)
	_, err := r.store.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue",
		Ports: []state.Port{{Name: "raw", ServicePort: webPort, Protocol: "tcp", IsolatedPort: base + 1}}}, state.NoVersion)
	require.NoError(t, err)
	a1 := r.startAgent("lb-1", "127.0.0.1")
	waitFor(t, "web served through HAProxy", 30*time.Second, func() bool { return a1.whoAnswers(webPort) == "/web-blue" })

	// 10,000 ports, no tasks.
	var pds []string
	for i := range 10000 {
		pds = append(pds, fmt.Sprintf(`{"port":%d}`, 20001+i))
	}
	r.post(`{"id":"/flood","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":0,"portDefinitions":[` + strings.Join(pds, ",") + `]}`)
	// 40 ports (more than the default 32 per app), one task.
	pds = pds[:0]
	for i := range 40 {
		pds = append(pds, fmt.Sprintf(`{"port":%d}`, 10000+i))
	}
	r.post(`{"id":"/wide","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,"portDefinitions":[` + strings.Join(pds, ",") + `]}`)
	waitFor(t, "the agent to report both apps", time.Minute, func() bool {
		st := a1.status(t)
		_, flood := st.Services["flood"]
		return flood && st.Services["wide"].Refused != ""
	})
	st := a1.status(t)
	assert.Empty(t, st.Services["flood"].Ports, "an app without tasks binds nothing")
	assert.Contains(t, strings.Join(st.Services["flood"].Problems, " "), "no tasks")
	assert.Contains(t, st.Services["wide"].Refused, "more than the load balancer's 32 per app (haproxy.maxPortsPerApp)")
	assert.True(t, st.HAProxy.OK, st.HAProxy.Error)
	assert.LessOrEqual(t, frontendsIn(t, a1.in.ConfigPath), 3, "web, its isolated port and the stats frontend")
	assert.Equal(t, "/web-blue", a1.whoAnswers(webPort), "web still served")
	assert.Contains(t, a1.metrics(t), "yodel_lb_services_refused 1\n")
	assert.Contains(t, a1.metrics(t), "yodel_lb_haproxy_up 1\n")

	// A squatter on web's servicePort, and a new load balancer that sees
	// both at once: web keeps its port on both.
	r.post(fmt.Sprintf(`{"id":"/aaa","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,"portDefinitions":[{"port":%d}]}`, webPort))
	waitFor(t, "the squatter reported", 30*time.Second, func() bool { return a1.status(t).Services["aaa"].Refused != "" })
	a2 := r.startAgent("lb-2", "127.0.0.2")
	waitFor(t, "the new load balancer to route", 30*time.Second, func() bool {
		_, ok := a2.status(t).Services["aaa"]
		return ok
	})
	for _, a := range []*lbAgent{a1, a2} {
		assert.Contains(t, a.status(t).Services["aaa"].Refused, "is taken by a yodel service with routing state web")
		assert.Empty(t, a.status(t).Services["web"].Refused)
		for range 5 {
			assert.Equal(t, "/web-blue", a.whoAnswers(webPort), "on %s", a.bind)
		}
	}

	// A routing state pointing web's canary at an app that is not web's.
	r.post(fmt.Sprintf(`{"id":"/evil","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,"portDefinitions":[{"port":%d}],
		"labels":{"YODEL_SERVICE":"web","YODEL_PORT_0_PROTOCOL":"tcp"}}`, webPort))
	rt, v, err := r.store.GetRouting(ctx, "web")
	require.NoError(t, err)
	rt.Canary, rt.CanaryWeight = "/evil", 100
	v, err = r.store.PutRouting(ctx, rt, v)
	require.NoError(t, err)
	waitFor(t, "the hostile routing state refused", 30*time.Second, func() bool {
		return strings.Contains(a1.status(t).Services["web"].Refused, `"/evil"`)
	})
	for range 20 {
		assert.Equal(t, "/web-blue", a1.whoAnswers(webPort), "the hostile canary never gets traffic")
	}
	assert.Less(t, a1.status(t).Services["web"].Applied, int64(v), "the hostile generation is not acknowledged")

	// HAProxy dies: the agent says so instead of "keeps serving".
	require.NoError(t, a1.in.Stop())
	r.post(`{"id":"/poke","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,"portDefinitions":[{"port":0}]}`)
	waitFor(t, "HAProxy reported down", time.Minute, func() bool { return !a1.status(t).HAProxy.OK })
	assert.Contains(t, a1.status(t).HAProxy.Error, "HAProxy is not running")
	assert.Contains(t, a1.metrics(t), "yodel_lb_haproxy_up 0\n")
}
