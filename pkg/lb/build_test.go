package lb

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// appSpec builds test apps.
type appSpec struct {
	id     string
	labels map[string]string
	ports  []int
	health bool
	tasks  []*marathon.Task
}

func mkApp(s appSpec) *marathon.App {
	a := &marathon.App{}
	a.ID = s.id
	if s.labels != nil {
		l := s.labels
		a.Labels = &l
	}
	pds := make([]gm.PortDefinition, 0, len(s.ports))
	for _, p := range s.ports {
		pds = append(pds, gm.PortDefinition{Port: &p, Protocol: "tcp"})
	}
	a.PortDefinitions = &pds
	if s.health {
		a.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP"}}
	}
	a.Tasks = s.tasks
	return a
}

// task is a running task on 127.0.0.1 with host ports; alive adds a health
// result (nil: no result).
func task(id string, alive *bool, ports ...int) *marathon.Task {
	t := &marathon.Task{ID: id, Host: "127.0.0.1", State: "TASK_RUNNING", Ports: ports}
	if alive != nil {
		t.HealthCheckResults = []*gm.HealthCheckResult{{Alive: *alive, TaskID: id}}
	}
	return t
}

var (
	yes = func() *bool { b := true; return &b }()
	no  = func() *bool { b := false; return &b }()
)

func managed(svc string, protocol ...string) map[string]string {
	l := map[string]string{marathon.LabelService: svc}
	for i, p := range protocol {
		l[fmt.Sprintf("YODEL_PORT_%d_PROTOCOL", i)] = p
	}
	return l
}

var opts = BuildOptions{BindAddress: "127.0.0.1", CanaryHeader: haproxy.Header{Name: "X-Yodel-Track", Value: "canary"}, IsolatedPortOffset: 1000}

func serviceByKey(t *testing.T, cfg haproxy.Config, key string) haproxy.Service {
	t.Helper()
	for _, s := range cfg.Services {
		if s.Key() == key {
			return s
		}
	}
	t.Fatalf("no service %s in %+v", key, cfg.Services)
	return haproxy.Service{}
}

func serverNames(s haproxy.Service) []string {
	var out []string
	for _, sv := range s.Servers {
		out = append(out, sv.Name)
	}
	return out
}

// servingNames are the servers that get new requests (not draining).
func servingNames(s haproxy.Service) []string {
	var out []string
	for _, sv := range s.Servers {
		if !sv.Draining {
			out = append(out, sv.Name)
		}
	}
	return out
}

// drainingNames are the servers in drain state.
func drainingNames(s haproxy.Service) []string {
	var out []string
	for _, sv := range s.Servers {
		if sv.Draining {
			out = append(out, sv.Name)
		}
	}
	return out
}

func TestBuildForeignAppIsTCPStable(t *testing.T) {
	a := mkApp(appSpec{id: "/team/web", ports: []int{10001}, tasks: []*marathon.Task{
		task("web.1", nil, 31001), task("web.2", nil, 31002),
	}})
	cfg, plan := Build(Input{Apps: []*marathon.App{a}}, opts)
	s := serviceByKey(t, cfg, "svc_team-web_10001")
	assert.Equal(t, haproxy.ModeTCP, s.Mode)
	assert.Equal(t, "127.0.0.1", s.BindAddress)
	assert.False(t, s.HasCanaryBackend(), "no routing state: no canary route")
	require.Len(t, s.Servers, 2)
	for _, sv := range s.Servers {
		assert.Equal(t, haproxy.DefaultWeight, sv.Weight)
		assert.Equal(t, haproxy.TrackStable, sv.Track)
		assert.Equal(t, "127.0.0.1", sv.Addr)
	}
	assert.Equal(t, 31001, s.Servers[0].Port)
	sp := plan.Services["team-web"]
	require.NotNil(t, sp)
	assert.False(t, sp.Managed)
	assert.Equal(t, int64(0), sp.Generation)
	assert.Equal(t, BackendRef{Service: "team-web", Port: 10001}, plan.Backends["svc_team-web_10001"])
	for _, svc := range cfg.Services {
		require.NoError(t, svc.Validate())
	}
}

func TestBuildModesFromLabels(t *testing.T) {
	a := mkApp(appSpec{id: "/hello-blue", labels: managed("hello", "http", "tcp"), ports: []int{10010, 10011},
		tasks: []*marathon.Task{task("hello.1", nil, 31010, 31011)}})
	foreign := mkApp(appSpec{id: "/mlb", labels: map[string]string{"HAPROXY_0_MODE": "http"}, ports: []int{10020},
		tasks: []*marathon.Task{task("mlb.1", nil, 31020)}})
	cfg, _ := Build(Input{Apps: []*marathon.App{a, foreign}}, opts)
	httpSvc := serviceByKey(t, cfg, "svc_hello_10010")
	tcpSvc := serviceByKey(t, cfg, "svc_hello_10011")
	assert.Equal(t, haproxy.ModeHTTP, httpSvc.Mode)
	assert.Equal(t, haproxy.ModeTCP, tcpSvc.Mode)
	// Task ports match service ports by index.
	assert.Equal(t, 31010, httpSvc.Servers[0].Port)
	assert.Equal(t, 31011, tcpSvc.Servers[0].Port)
	assert.Equal(t, haproxy.ModeHTTP, serviceByKey(t, cfg, "svc_mlb_10020").Mode, "marathon-lb's HAPROXY_0_MODE")
}

func TestBuildOnlyRunningAliveTasks(t *testing.T) {
	killing := task("k", yes, 31003)
	killing.State = "TASK_KILLING"
	staging := task("s", nil, 31004)
	staging.State = "TASK_STAGING"
	a := mkApp(appSpec{id: "/web", ports: []int{10001}, health: true, tasks: []*marathon.Task{
		task("alive", yes, 31001), task("dead", no, 31002), killing, staging,
		task("unchecked", nil, 31005), task("gone", yes, 31006),
	}})
	cfg, plan := Build(Input{Apps: []*marathon.App{a}, Gone: map[string]bool{"gone": true}}, opts)
	assert.Equal(t, []string{"alive"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")))
	assert.Equal(t, []AppPlan{{ID: "/web", Track: "stable", Tasks: 6, Routed: 1}}, plan.Services["web"].Apps)

	// Without health checks every running task is routed.
	b := mkApp(appSpec{id: "/web", ports: []int{10001}, tasks: []*marathon.Task{task("x", nil, 31001), task("y", no, 31002)}})
	cfg, _ = Build(Input{Apps: []*marathon.App{b}}, opts)
	assert.Equal(t, []string{"x", "y"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")))
}

func TestBuildKeepsLastKnownHealthAcrossLeaderChange(t *testing.T) {
	h := NewHealth()
	before := mkApp(appSpec{id: "/web", ports: []int{10001}, health: true, tasks: []*marathon.Task{
		task("a", yes, 31001), task("b", no, 31002), task("c", yes, 31003),
	}})
	cfg, _ := Build(Input{Apps: []*marathon.App{before}, Health: h}, opts)
	require.Equal(t, []string{"a", "c"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")))

	// New leader: no results yet for anyone, and a task it started meanwhile.
	after := mkApp(appSpec{id: "/web", ports: []int{10001}, health: true, tasks: []*marathon.Task{
		task("a", nil, 31001), task("b", nil, 31002), task("c", nil, 31003), task("d", nil, 31004),
	}})
	cfg, _ = Build(Input{Apps: []*marathon.App{after}, Health: h}, opts)
	assert.Equal(t, []string{"a", "c"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")),
		"known tasks keep their last health; a task never seen alive stays out")

	// A health event says c fails its check: memory follows, and c, which
	// served, drains (its requests in flight finish).
	h.Set("c", false)
	h.Set("d", true)
	cfg, plan := Build(Input{Apps: []*marathon.App{after}, Health: h}, opts)
	assert.Equal(t, []string{"a", "d"}, servingNames(serviceByKey(t, cfg, "svc_web_10001")))
	assert.Equal(t, []string{"c"}, drainingNames(serviceByKey(t, cfg, "svc_web_10001")))
	assert.Equal(t, []AppPlan{{ID: "/web", Track: "stable", Tasks: 4, Routed: 2, Unhealthy: 1}}, plan.Services["web"].Apps)

	h.Retain(map[string]bool{"a": true})
	assert.Equal(t, 1, h.Len())
}

func routing(svc, stable, canary string, weight float64, isolated bool, gen int64, ports ...state.Port) state.Routing {
	return state.Routing{Service: svc, Stable: stable, Canary: canary, CanaryWeight: weight, CanaryIsolated: isolated,
		Ports: ports, Generation: gen}
}

func colours(svc string, stable, canary int, protocol string, ports ...int) []*marathon.App {
	var st, ca []*marathon.Task
	for i := range stable {
		st = append(st, task(fmt.Sprintf("%s-blue.%d", svc, i), nil, 31100+i))
	}
	for i := range canary {
		ca = append(ca, task(fmt.Sprintf("%s-green.%d", svc, i), nil, 31200+i))
	}
	return []*marathon.App{
		mkApp(appSpec{id: "/" + svc + "-blue", labels: managed(svc, protocol), ports: ports, tasks: st}),
		mkApp(appSpec{id: "/" + svc + "-green", labels: managed(svc, protocol), ports: ports, tasks: ca}),
	}
}

func TestBuildWeightedCanary(t *testing.T) {
	apps := colours("x", 3, 1, "http", 10030)
	r := routing("x", "/x-blue", "/x-green", 10, false, 7, state.Port{ServicePort: 10030, Protocol: "http"})
	cfg, plan := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10030")
	var stableW, canaryW, nStable, nCanary int
	for _, sv := range s.Servers {
		assert.False(t, sv.Isolated)
		if sv.Track == haproxy.TrackCanary {
			canaryW, nCanary = sv.Weight, nCanary+1
		} else {
			stableW, nStable = sv.Weight, nStable+1
		}
	}
	require.Equal(t, 3, nStable)
	require.Equal(t, 1, nCanary)
	assert.InDelta(t, 0.10, haproxy.Share(nStable, nCanary, stableW, canaryW), 0.005)
	assert.Equal(t, haproxy.Header{Name: "X-Yodel-Track", Value: "canary"}, s.CanaryHeader, "routed services always carry the canary route")
	sp := plan.Services["x"]
	assert.Equal(t, int64(7), sp.Generation)
	assert.True(t, sp.Managed)
	assert.Equal(t, []int{10030}, sp.Ports)
}

func TestBuildIsolatedCanary(t *testing.T) {
	for _, proto := range []string{"http", "tcp"} {
		t.Run(proto, func(t *testing.T) {
			apps := colours("x", 2, 1, proto, 10040)
			r := routing("x", "/x-blue", "/x-green", 0, true, 3, state.Port{ServicePort: 10040, Protocol: proto})
			cfg, plan := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
			s := serviceByKey(t, cfg, "svc_x_10040")
			if proto == "http" {
				assert.Equal(t, "X-Yodel-Track", s.CanaryHeader.Name)
				assert.Zero(t, s.IsolatedPort)
			} else {
				assert.Equal(t, 11040, s.IsolatedPort, "servicePort + realm offset")
				assert.Empty(t, s.CanaryHeader.Name)
			}
			for _, sv := range s.Servers {
				assert.Equal(t, sv.Track == haproxy.TrackCanary, sv.Isolated, sv.Name)
				assert.Positive(t, sv.Weight, sv.Name)
			}
			assert.True(t, plan.Services["x"].Isolated)
			require.NoError(t, s.Validate())
		})
	}
	// An isolated port given in the routing state wins over the offset.
	apps := colours("x", 1, 1, "tcp", 10040)
	r := routing("x", "/x-blue", "/x-green", 0, true, 3, state.Port{ServicePort: 10040, Protocol: "tcp", IsolatedPort: 12000})
	cfg, _ := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	assert.Equal(t, 12000, serviceByKey(t, cfg, "svc_x_10040").IsolatedPort)

	// An isolated port on the service's own other servicePort is not
	// bound twice: the public frontend keeps the port.
	apps = colours("y", 1, 1, "tcp", 10041, 11041)
	r = routing("y", "/y-blue", "/y-green", 0, true, 3, state.Port{ServicePort: 10041, Protocol: "tcp"}, state.Port{ServicePort: 11041, Protocol: "tcp"})
	cfg, plan := Build(Input{Apps: apps, Routing: map[string]state.Routing{"y": r}}, opts)
	assert.Zero(t, serviceByKey(t, cfg, "svc_y_10041").IsolatedPort)
	assert.Equal(t, 12041, serviceByKey(t, cfg, "svc_y_11041").IsolatedPort)
	assert.Contains(t, plan.Services["y"].Problems, "isolated port 11041 of tcp servicePort 10041 is also its servicePort: no isolated route (give one of them another servicePort)")
	assert.Empty(t, plan.Services["y"].Refused)
}

func TestBuildRoutingStateDecidesTracks(t *testing.T) {
	apps := colours("x", 2, 2, "http", 10050)
	port := state.Port{ServicePort: 10050, Protocol: "http"}

	// A canary app started but not routed yet gets nothing.
	r := routing("x", "/x-blue", "", 0, false, 1, port)
	cfg, plan := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	assert.Equal(t, []string{"x-blue.0", "x-blue.1"}, serverNames(serviceByKey(t, cfg, "svc_x_10050")))
	assert.Equal(t, AppPlan{ID: "/x-green", Track: TrackNone, Tasks: 2}, plan.Services["x"].Apps[1])

	// Full: the canary has everything, the old stable weight 0 (still
	// listed, so it can drain).
	r = routing("x", "/x-blue", "/x-green", 100, false, 2, port)
	cfg, _ = Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	for _, sv := range serviceByKey(t, cfg, "svc_x_10050").Servers {
		if sv.Track == haproxy.TrackStable {
			assert.Zero(t, sv.Weight, sv.Name)
		} else {
			assert.Positive(t, sv.Weight, sv.Name)
		}
	}

	// Without routing state every app of the service is stable.
	cfg, _ = Build(Input{Apps: apps}, opts)
	s := serviceByKey(t, cfg, "svc_x_10050")
	assert.Len(t, s.Servers, 4)
	for _, sv := range s.Servers {
		assert.Equal(t, haproxy.TrackStable, sv.Track)
		assert.Equal(t, haproxy.DefaultWeight, sv.Weight)
	}
}

func TestBuildRoutingWithoutAppsKeepsFrontend(t *testing.T) {
	r := routing("x", "/x-blue", "", 0, false, 4, state.Port{ServicePort: 10060, Protocol: "tcp"})
	cfg, plan := Build(Input{Routing: map[string]state.Routing{"x": r}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10060")
	assert.Empty(t, s.Servers)
	assert.Equal(t, 11060, s.IsolatedPort)
	assert.Equal(t, int64(4), plan.Services["x"].Generation)
}

func TestBuildProblemsStayLocal(t *testing.T) {
	bad := task("bad", nil, 31001)
	bad.Host = "agent-7.example"
	short := task("short", nil) // no host ports
	a := mkApp(appSpec{id: "/web", ports: []int{10001}, tasks: []*marathon.Task{bad, short, task("ok", nil, 31003)}})
	other := mkApp(appSpec{id: "/other", ports: []int{10002}, tasks: []*marathon.Task{task("o", nil, 31004)}})
	resolveFn := func(host string) (string, error) { return "", errors.New("no such host") }
	cfg, plan := Build(Input{Apps: []*marathon.App{a, other}}, BuildOptions{Resolve: resolveFn})
	assert.Equal(t, []string{"ok"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")))
	assert.Equal(t, []string{"o"}, serverNames(serviceByKey(t, cfg, "svc_other_10002")))
	probs := strings.Join(plan.Services["web"].Problems, "\n")
	assert.Contains(t, probs, `task bad: host "agent-7.example": no such host`)
	assert.Contains(t, probs, "task short: no host port for service port 10001")

	good := func(host string) (string, error) { return "10.0.0.7", nil }
	cfg, _ = Build(Input{Apps: []*marathon.App{a}}, BuildOptions{Resolve: good})
	assert.Equal(t, "10.0.0.7", serviceByKey(t, cfg, "svc_web_10001").Servers[0].Addr)
}

func TestForeignNames(t *testing.T) {
	tests := []struct{ id, want string }{
		{"/web", "web"},
		{"/team/web", "team-web"},
		{"/a.b", "a-b-"}, // dot: lossy, hashed
	}
	for _, tt := range tests {
		got := foreignName(tt.id)
		assert.True(t, strings.HasPrefix(got, tt.want), "%s -> %s", tt.id, got)
		assert.Regexp(t, serviceNameRe, got)
		assert.LessOrEqual(t, len(got), 63)
	}
	long := "/" + strings.Repeat("abcdefghij/", 10)
	assert.LessOrEqual(t, len(foreignName(long)), 63)
	assert.NotEqual(t, foreignName(long), foreignName(long+"x"))

	// A foreign app whose derived name is a yodel service's gets a suffix.
	apps := []*marathon.App{
		mkApp(appSpec{id: "/web", ports: []int{10001}, tasks: []*marathon.Task{task("f", nil, 31001)}}),
		mkApp(appSpec{id: "/web-blue", labels: managed("web"), ports: []int{10002}, tasks: []*marathon.Task{task("m", nil, 31002)}}),
	}
	_, plan := Build(Input{Apps: apps}, opts)
	require.Len(t, plan.Services, 2)
	assert.Equal(t, []int{10002}, plan.Services["web"].Ports)
	for name, sp := range plan.Services {
		if name != "web" {
			assert.True(t, strings.HasPrefix(name, "web-"), name)
			assert.Equal(t, []int{10001}, sp.Ports)
		}
	}
}

// BenchmarkBuild1000 builds 1000 services × 3 tasks (the scale target).
//
//	go test -run '^$' -bench Build1000 ./pkg/lb/
func BenchmarkBuild1000(b *testing.B) {
	var apps []*marathon.App
	for i := range 1000 {
		svc := fmt.Sprintf("svc%04d", i)
		var tasks []*marathon.Task
		for j := range 3 {
			tasks = append(tasks, task(fmt.Sprintf("%s-blue.%d", svc, j), yes, 21000+3*i+j))
		}
		apps = append(apps, mkApp(appSpec{id: "/" + svc + "-blue", labels: managed(svc, "http"), ports: []int{25000 + i}, health: true, tasks: tasks}))
	}
	h := NewHealth()
	b.ReportAllocs()
	for b.Loop() {
		cfg, _ := Build(Input{Apps: apps, Health: h}, opts)
		if len(cfg.Services) != 1000 {
			b.Fatal(len(cfg.Services))
		}
	}
}

// Every task failing its checks at once (a stalled checker, a network
// blip): the tasks that passed before stay routed rather than leaving an
// empty backend that answers 503 for certain. One healthy task ends it.
func TestBuildFailsOpenWhenEveryTaskFailsItsChecks(t *testing.T) {
	h := NewHealth()
	failed := func(id string, port int, passedBefore bool) *marathon.Task {
		tk := task(id, no, port)
		if passedBefore {
			tk.HealthCheckResults[0].FirstSuccess = "2026-11-25T10:00:00.000Z"
		}
		return tk
	}
	a := mkApp(appSpec{id: "/web", ports: []int{10001}, health: true, tasks: []*marathon.Task{
		failed("a", 31001, true), failed("b", 31002, true), failed("never", 31003, false),
	}})
	cfg, plan := Build(Input{Apps: []*marathon.App{a}, Health: h}, opts)
	assert.Equal(t, []string{"a", "b"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")),
		"tasks that passed before are routed; one that never passed stays out")
	require.Len(t, plan.Services["web"].Problems, 1)
	assert.Contains(t, plan.Services["web"].Problems[0], "fail open")

	// A health event (no FirstSuccess in events) counts as having passed.
	h.Set("never", true)
	h.Set("never", false)
	cfg, _ = Build(Input{Apps: []*marathon.App{mkApp(appSpec{id: "/web", ports: []int{10001}, health: true,
		tasks: []*marathon.Task{task("never", nil, 31003), task("x", nil, 31004)}})}, Health: h}, opts)
	assert.Equal(t, []string{"never"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")))

	// One task alive: only it is routed, no fail open.
	b := mkApp(appSpec{id: "/web", ports: []int{10001}, health: true, tasks: []*marathon.Task{
		failed("a", 31001, true), task("ok", yes, 31005),
	}})
	cfg, plan = Build(Input{Apps: []*marathon.App{b}, Health: NewHealth()}, opts)
	assert.Equal(t, []string{"ok"}, servingNames(serviceByKey(t, cfg, "svc_web_10001")))
	assert.Equal(t, []string{"a"}, drainingNames(serviceByKey(t, cfg, "svc_web_10001")), "a served before: it drains")
	assert.Empty(t, plan.Services["web"].Problems)

	// Killed tasks never come back this way.
	cfg, _ = Build(Input{Apps: []*marathon.App{a}, Health: NewHealth(), Gone: map[string]bool{"a": true, "b": true}}, opts)
	assert.Empty(t, serverNames(serviceByKey(t, cfg, "svc_web_10001")))
}

// A sticky partial step makes each HTTP port sticky at the step's share
// (basis points); TCP ports, the isolated phase and a routing state without
// the flag stay weight-only.
func TestBuildStickyPartial(t *testing.T) {
	apps := colours("x", 3, 1, "http", 10030)
	r := routing("x", "/x-blue", "/x-green", 12.5, false, 7, state.Port{ServicePort: 10030, Protocol: "http"})
	r.CanarySticky = true
	cfg, _ := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10030")
	assert.True(t, s.Sticky)
	assert.Equal(t, 1250, s.StickyShare)
	require.NoError(t, s.Validate())

	r.CanaryIsolated, r.CanaryWeight = true, 0
	cfg, _ = Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	assert.False(t, serviceByKey(t, cfg, "svc_x_10030").Sticky, "isolated: no public share to pin to")

	r = routing("x", "/x-blue", "/x-green", 50, false, 7, state.Port{ServicePort: 10030, Protocol: "http"})
	cfg, _ = Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	assert.False(t, serviceByKey(t, cfg, "svc_x_10030").Sticky, "not asked for")

	apps = colours("y", 3, 1, "tcp", 10040)
	r = routing("y", "/y-blue", "/y-green", 50, false, 7, state.Port{ServicePort: 10040, Protocol: "tcp"})
	r.CanarySticky = true
	cfg, _ = Build(Input{Apps: apps, Routing: map[string]state.Routing{"y": r}}, opts)
	s = serviceByKey(t, cfg, "svc_y_10040")
	assert.False(t, s.Sticky, "a TCP port has no cookie")
	require.NoError(t, s.Validate())
}
