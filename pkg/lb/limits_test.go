package lb

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Issue 14: what one Marathon app, and all of them together, can ask of
// HAProxy is bounded. An app with 10,000 portDefinitions next to a routed
// TCP service used to become 10,000 frontends.

func floodApp(id string, first, n int, tasks ...*marathon.Task) *marathon.App {
	ports := make([]int, n)
	for i := range ports {
		ports[i] = first + i
	}
	return mkApp(appSpec{id: id, ports: ports, tasks: tasks})
}

func keys(cfg haproxy.Config) []string {
	var out []string
	for _, s := range cfg.Services {
		out = append(out, s.Key())
	}
	return out
}

func frontendCount(cfg haproxy.Config) int {
	n := 0
	for _, s := range cfg.Services {
		_, np := bindPorts(&s)
		n += np
	}
	return n
}

func TestBuildBoundsWhatOneAppAsks(t *testing.T) {
	web := mkApp(appSpec{id: "/web-blue", labels: managed("web", "tcp"), ports: []int{12000},
		tasks: []*marathon.Task{task("web.1", nil, 31001)}})
	rt := map[string]state.Routing{"web": routing("web", "/web-blue", "", 0, false, 3, state.Port{ServicePort: 12000, Protocol: "tcp"})}
	o := opts
	o.ServicePortRange = [2]int{10000, 20000}

	// instances 0: no tasks, no ports.
	cfg, plan := Build(Input{Apps: []*marathon.App{web, floodApp("/flood", 10000, 10000)}, Routing: rt}, o)
	assert.Equal(t, []string{"svc_web_12000"}, keys(cfg))
	assert.Equal(t, 2, frontendCount(cfg), "web's port and its isolated port only")
	assert.Empty(t, plan.Services["flood"].Ports)
	assert.Contains(t, strings.Join(plan.Services["flood"].Problems, "\n"), "no tasks")
	assert.Empty(t, plan.Services["web"].Refused)

	// With a task: more ports than one app may have.
	cfg, plan = Build(Input{Apps: []*marathon.App{web, floodApp("/flood", 10000, 10000, task("f.1", nil, 31002))}, Routing: rt}, o)
	assert.Equal(t, []string{"svc_web_12000"}, keys(cfg))
	assert.Contains(t, plan.Services["flood"].Refused, "asks for 10000 servicePorts, more than the load balancer's 32 per app (haproxy.maxPortsPerApp)")
	assert.Less(t, len(strings.Join(plan.Services["flood"].Problems, "")), 1000, "the plan does not list 10,000 problems")

	// Ports outside the realm's range are never bound; the others are.
	odd := mkApp(appSpec{id: "/odd", ports: []int{30000, 15000, 1}, tasks: []*marathon.Task{task("o.1", nil, 31003, 31004, 31005)}})
	cfg, plan = Build(Input{Apps: []*marathon.App{web, odd}, Routing: rt}, o)
	assert.ElementsMatch(t, []string{"svc_web_12000", "svc_odd_15000"}, keys(cfg))
	assert.Equal(t, 31004, serviceByKey(t, cfg, "svc_odd_15000").Servers[0].Port, "task ports still match by index")
	assert.Contains(t, plan.Services["odd"].Refused, "servicePort(s) 30000, 1 outside the realm's servicePortRange [10000, 20000]")

	// The frontend budget goes to the routed service first, whatever the
	// names, then to whole apps in name order.
	o.MaxFrontends = 4
	apps := []*marathon.App{web}
	for i := range 5 {
		apps = append(apps, mkApp(appSpec{id: fmt.Sprintf("/a%d", i), ports: []int{14000 + i}, tasks: []*marathon.Task{task(fmt.Sprintf("a%d.1", i), nil, 31010+i)}}))
	}
	cfg, plan = Build(Input{Apps: apps, Routing: rt}, o)
	assert.ElementsMatch(t, []string{"svc_web_12000", "svc_a0_14000", "svc_a1_14001"}, keys(cfg))
	assert.Equal(t, 4, frontendCount(cfg))
	for _, n := range []string{"a2", "a3", "a4"} {
		assert.Contains(t, plan.Services[n].Refused, "exceed the load balancer's 4 (haproxy.maxFrontends")
		assert.Empty(t, plan.Services[n].Ports)
	}
	_, ok := plan.Backends["svc_a2_14002"]
	assert.False(t, ok, "a refused service has no backend in the plan")
}

// Issue 14: a foreign app squatting a managed service's servicePort used
// to win on a new load balancer (name order). Services with routing state
// win; an app without tasks holds nothing.
func TestBuildManagedServiceWinsContestedPort(t *testing.T) {
	web := mkApp(appSpec{id: "/web-blue", labels: managed("web", "http"), ports: []int{12000},
		tasks: []*marathon.Task{task("web.1", nil, 31001)}})
	rt := map[string]state.Routing{"web": routing("web", "/web-blue", "", 0, false, 3, state.Port{ServicePort: 12000, Protocol: "http"})}
	squat := mkApp(appSpec{id: "/aaa", ports: []int{12000}, tasks: []*marathon.Task{task("aaa.1", nil, 31002)}})

	cfg, plan := Build(Input{Apps: []*marathon.App{squat, web}, Routing: rt}, opts)
	assert.Equal(t, []string{"svc_web_12000"}, keys(cfg))
	assert.Contains(t, plan.Services["aaa"].Refused, "port 12000 is taken by a yodel service with routing state web, which wins over a foreign app")
	assert.Empty(t, plan.Services["web"].Refused)

	// Even when the squatter held the port first on this load balancer.
	b := NewBuilder(opts)
	cfg, _ = b.Build(Input{Apps: []*marathon.App{squat}})
	require.Equal(t, []string{"svc_aaa_12000"}, keys(cfg))
	cfg, _ = b.Build(Input{Apps: []*marathon.App{squat, web}, Routing: rt})
	assert.Equal(t, []string{"svc_web_12000"}, keys(cfg))

	// Among foreign apps, the one holding the port keeps it.
	zz := mkApp(appSpec{id: "/zz", ports: []int{12001}, tasks: []*marathon.Task{task("zz.1", nil, 31003)}})
	aa := mkApp(appSpec{id: "/aa", ports: []int{12001}, tasks: []*marathon.Task{task("aa.1", nil, 31004)}})
	b = NewBuilder(opts)
	b.Build(Input{Apps: []*marathon.App{zz}})
	cfg, plan = b.Build(Input{Apps: []*marathon.App{aa, zz}})
	assert.Equal(t, []string{"svc_zz_12001"}, keys(cfg))
	assert.Contains(t, plan.Services["aa"].Refused, "which held it first")

	// An app scaled to 0 holds no port.
	idle := mkApp(appSpec{id: "/aaa", ports: []int{12000}})
	cfg, plan = Build(Input{Apps: []*marathon.App{idle, web}, Routing: rt}, opts)
	assert.Equal(t, []string{"svc_web_12000"}, keys(cfg))
	assert.Empty(t, plan.Services["aaa"].Refused)
}

// Issue 14: a routing state written by anyone who can write the store
// (`canary: /evil, canaryWeight: 100`) was served. Only the service's own
// apps (/<svc>-blue, /<svc>-green, labelled YODEL_SERVICE=<svc>) are routed.
func TestBuildNeverRoutesAppsTheRecordDoesNotTie(t *testing.T) {
	apps := colours("web", 3, 1, "http", 12000)
	evil := mkApp(appSpec{id: "/evil", labels: managed("web", "http"), ports: []int{12000},
		tasks: []*marathon.Task{task("evil.1", nil, 31900)}})
	apps = append(apps, evil)
	good := routing("web", "/web-blue", "/web-green", 10, false, 4, state.Port{ServicePort: 12000, Protocol: "http"})
	bad := routing("web", "/web-blue", "/evil", 100, false, 5, state.Port{ServicePort: 12000, Protocol: "http"})

	b := NewBuilder(opts)
	cfg, plan := b.Build(Input{Apps: apps, Routing: map[string]state.Routing{"web": good}})
	before := serviceByKey(t, cfg, "svc_web_12000")
	require.Empty(t, plan.Services["web"].Refused)
	require.NotContains(t, serverNames(before), "evil.1")

	// The hostile record: the last record of the service's own is followed.
	cfg, plan = b.Build(Input{Apps: apps, Routing: map[string]state.Routing{"web": bad}})
	s := serviceByKey(t, cfg, "svc_web_12000")
	assert.NotContains(t, serverNames(s), "evil.1")
	assert.Equal(t, before.Servers, s.Servers, "the last good routing keeps serving")
	sp := plan.Services["web"]
	assert.Contains(t, sp.Refused, `canary "/evil", not one of web's apps (/web-blue, /web-green`)
	assert.Equal(t, int64(4), sp.Generation, "the hostile generation is not the one followed")

	// A fresh builder (an agent started after the write): the untied app
	// still gets nothing; stable is served.
	cfg, plan = Build(Input{Apps: apps, Routing: map[string]state.Routing{"web": bad}}, opts)
	s = serviceByKey(t, cfg, "svc_web_12000")
	assert.NotContains(t, serverNames(s), "evil.1")
	assert.ElementsMatch(t, []string{"web-blue.0", "web-blue.1", "web-blue.2"}, serverNames(s))
	assert.NotEmpty(t, plan.Services["web"].Refused)

	// A stable that is not the service's own: nothing of it is routed.
	cfg, _ = Build(Input{Apps: apps, Routing: map[string]state.Routing{"web": routing("web", "/evil", "", 0, false, 6, state.Port{ServicePort: 12000, Protocol: "http"})}}, opts)
	assert.Empty(t, serverNames(serviceByKey(t, cfg, "svc_web_12000")))
}

// The agent reports refusals in /v1/status and /metrics and does not
// acknowledge a refused generation.
func TestAgentReportsRefusedServices(t *testing.T) {
	apps := colours("x", 1, 1, "http", 10030)
	m := newFakeMarathon(append(apps, floodApp("/flood", 10100, 100, task("f.1", nil, 31500)))...)
	r := startRig(t, m, nil)
	ctx := context.Background()
	v, err := r.store.PutRouting(ctx, routing("x", "/x-blue", "/evil", 100, false, 0, state.Port{ServicePort: 10030, Protocol: "http"}), state.NoVersion)
	require.NoError(t, err)
	eventually(t, "x refused in the status", func() bool { return r.agent.Status().Services["x"].Refused != "" })
	st := r.agent.Status()
	assert.Contains(t, st.Services["flood"].Refused, "haproxy.maxPortsPerApp")
	assert.Contains(t, st.Services["x"].Refused, `"/evil"`)
	err = r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(300*time.Millisecond))
	var na *state.NotAppliedError
	assert.ErrorAs(t, err, &na, "a refused generation is not acknowledged")

	rec := httptest.NewRecorder()
	r.agent.Handler("").ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	assert.Contains(t, rec.Body.String(), "yodel_lb_services_refused 2\n")
}

// deadHAProxy refuses every apply and says it does not run.
type deadHAProxy struct {
	fakeHAProxy
	alive error
}

func (h *deadHAProxy) Alive(context.Context) error { return h.alive }

// A dead HAProxy is reported as dead, not as "keeps serving".
func TestAgentReportsDeadHAProxy(t *testing.T) {
	m := newFakeMarathon(webApp(task("a", yes, 31001)))
	h := &deadHAProxy{fakeHAProxy: fakeHAProxy{refuse: map[string]bool{}}}
	r := startRig(t, m, func(o *Options) { o.HAProxy = h })
	eventually(t, "a first apply", func() bool { return r.agent.Status().HAProxy.OK })

	h.alive = errors.New("HAProxy is not running: its master CLI does not answer: connection refused")
	h.setErr(errors.New("haproxy reload: no new worker serving within 30s"))
	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002)))
	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "b", TaskStatus: "TASK_RUNNING"}}
	eventually(t, "HAProxy reported down", func() bool { return !r.agent.Status().HAProxy.OK })
	assert.Contains(t, r.agent.Status().HAProxy.Error, "not running")
	rec := httptest.NewRecorder()
	r.agent.Handler("").ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	assert.Contains(t, rec.Body.String(), "yodel_lb_haproxy_up 0\n")

	h.alive = nil
	h.setErr(nil)
	eventually(t, "HAProxy back", func() bool { return r.agent.Status().HAProxy.OK })
}

// A foreign app that loses its last task (a crash loop with one instance,
// a restart, a scale to 0 and back) keeps its frontend for TasklessHold:
// each loss and return used to be two reloads, and each reload closes
// every other service's long connections after hard-stop-after.
func TestBuilderHoldsTheFrontendOfAnAppBetweenTasks(t *testing.T) {
	b := NewBuilder(opts)
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	crash := func(tasks ...*marathon.Task) *marathon.App {
		return mkApp(appSpec{id: "/crash", ports: []int{13583}, tasks: tasks})
	}
	rival := mkApp(appSpec{id: "/rival", ports: []int{13583}, tasks: []*marathon.Task{task("r.1", nil, 31009)}})

	cfg, _ := b.Build(Input{Apps: []*marathon.App{crash()}, Now: t0})
	assert.Empty(t, keys(cfg), "never had a task: nothing bound")

	cfg, _ = b.Build(Input{Apps: []*marathon.App{crash(task("c.1", nil, 31001))}, Now: t0.Add(time.Second)})
	assert.Equal(t, []string{"svc_crash_13583"}, keys(cfg))

	cfg, plan := b.Build(Input{Apps: []*marathon.App{crash()}, Now: t0.Add(time.Minute)})
	assert.Equal(t, []string{"svc_crash_13583"}, keys(cfg), "held: no reload for a task's absence")
	assert.Empty(t, serviceByKey(t, cfg, "svc_crash_13583").Servers)
	assert.Contains(t, plan.Services["crash"].Problems[0], "no tasks since 2026-12-07T10:00:01Z: its 1 servicePort(s) stay bound until 2026-12-07T10:05:01Z")

	// A task back: the hold starts again from its going.
	cfg, _ = b.Build(Input{Apps: []*marathon.App{crash(task("c.2", nil, 31002))}, Now: t0.Add(2 * time.Minute)})
	assert.Equal(t, 31002, serviceByKey(t, cfg, "svc_crash_13583").Servers[0].Port)
	cfg, _ = b.Build(Input{Apps: []*marathon.App{crash()}, Now: t0.Add(6 * time.Minute)})
	assert.Equal(t, []string{"svc_crash_13583"}, keys(cfg))

	// An app with tasks wants the port: the one waiting yields it.
	cfg, plan = b.Build(Input{Apps: []*marathon.App{crash(), rival}, Now: t0.Add(6 * time.Minute)})
	assert.Equal(t, []string{"svc_rival_13583"}, keys(cfg))
	assert.Contains(t, plan.Services["crash"].Refused, "port 13583 is taken by a foreign app rival, which has tasks")

	// The hold ends TasklessHold after the last task went, with no other
	// change needed: the same app values, a later read.
	apps := []*marathon.App{crash()}
	cfg, _ = b.Build(Input{Apps: apps, Now: t0.Add(6*time.Minute + 30*time.Second)})
	assert.Equal(t, []string{"svc_crash_13583"}, keys(cfg))
	cfg, plan = b.Build(Input{Apps: apps, Now: t0.Add(2*time.Minute + TasklessHold)})
	assert.Empty(t, keys(cfg), "the hold is over")
	assert.Contains(t, plan.Services["crash"].Problems[0], "no tasks: its 1 servicePort(s) are bound once it has tasks")

	// A deleted app is forgotten: no hold when it comes back without tasks.
	_, _ = b.Build(Input{Apps: []*marathon.App{crash(task("c.3", nil, 31003))}, Now: t0.Add(10 * time.Minute)})
	_, _ = b.Build(Input{Apps: nil, Now: t0.Add(11 * time.Minute)})
	cfg, _ = b.Build(Input{Apps: []*marathon.App{crash()}, Now: t0.Add(11 * time.Minute)})
	assert.Empty(t, keys(cfg))
}

// HAProxy routes tcp: a udp servicePort gets no (tcp) frontend, which
// would serve nothing and take one of the budget; its app's other ports
// keep their tasks' ports by index.
func TestUDPServicePortsAreNotBound(t *testing.T) {
	a := mkApp(appSpec{id: "/dns", ports: []int{13551, 13552, 13553}, tasks: []*marathon.Task{task("d.1", nil, 31001, 31002, 31003)}})
	(*a.PortDefinitions)[0].Protocol = "udp"
	(*a.PortDefinitions)[1].Protocol = "udp,tcp"
	cfg, plan := Build(Input{Apps: []*marathon.App{a}}, opts)
	assert.ElementsMatch(t, []string{"svc_dns_13552", "svc_dns_13553"}, keys(cfg))
	assert.Equal(t, 31002, serviceByKey(t, cfg, "svc_dns_13552").Servers[0].Port)
	assert.Contains(t, plan.Services["dns"].Problems, "app /dns: servicePort 13551 is udp: not bound (HAProxy routes tcp only)")
}

// Before a yodel service has routing state, an app labelled as it under
// another id (anyone who can post to Marathon can label one) is neither
// routed beside the service's own app nor gives it a port.
func TestImpostorOfAServiceWithoutRoutingState(t *testing.T) {
	own := mkApp(appSpec{id: "/hello-blue", labels: managed("hello", "http"), ports: []int{13080}, tasks: []*marathon.Task{task("h.1", nil, 31001)}})
	evil := mkApp(appSpec{id: "/evil/hello-blue", labels: managed("hello", "http"), ports: []int{13666}, tasks: []*marathon.Task{task("e.1", nil, 31666)}})

	cfg, plan := Build(Input{Apps: []*marathon.App{evil, own}}, opts)
	assert.Equal(t, []string{"svc_hello_13080"}, keys(cfg))
	svc := serviceByKey(t, cfg, "svc_hello_13080")
	require.Len(t, svc.Servers, 1)
	assert.Equal(t, 31001, svc.Servers[0].Port)
	var tracks []string
	for _, a := range plan.Services["hello"].Apps {
		tracks = append(tracks, a.ID+"="+a.Track)
	}
	assert.ElementsMatch(t, []string{"/hello-blue=stable", "/evil/hello-blue=none"}, tracks)

	// Alone, it binds nothing.
	cfg, _ = Build(Input{Apps: []*marathon.App{evil}}, opts)
	assert.Empty(t, keys(cfg))
}
