package lb

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	gm "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// A step of a view test: a read beginning or answering (reads are named,
// as several can be in flight in the orderings tested), or an event.
type viewStep func(t *testing.T, v *view, reads map[string]readPlan)

// begin starts read name; want says whether it reads everything.
func begin(name string, full bool) viewStep {
	return func(t *testing.T, v *view, reads map[string]readPlan) {
		p, ok := v.beginRead()
		require.True(t, ok, "read %s: nothing to read", name)
		require.Equal(t, full, p.full, "read %s: full", name)
		reads[name] = p
	}
}

// queue asks for a read of apps (as a routing change or a deployment
// event does).
func queue(apps ...string) viewStep {
	return func(t *testing.T, v *view, _ map[string]readPlan) {
		for _, id := range apps {
			v.markDirty(id)
		}
	}
}

// beginOnly starts read name of the given apps, whatever else is queued.
func beginOnly(name string, apps ...string) viewStep {
	return func(t *testing.T, v *view, reads map[string]readPlan) {
		reads[name] = readPlan{ids: apps, begun: v.seq}
	}
}

var resync = event(marathon.Event{Type: marathon.EventResync})

// answer installs read name's result: Marathon's apps as they were when
// it answered (an app of the plan missing from apps: Marathon has none).
func answer(name string, apps ...*marathon.App) viewStep {
	return func(t *testing.T, v *view, reads map[string]readPlan) {
		p, ok := reads[name]
		require.True(t, ok, "read %s never began", name)
		if p.full {
			list := make([]*marathon.App, len(apps))
			for i, a := range apps {
				list[i] = marathon.RoutingCopy(a)
			}
			v.installAll(list, p, nil)
			return
		}
		got := map[string]*marathon.App{}
		for _, id := range p.ids {
			got[id] = nil
			for _, a := range apps {
				if a.ID == id {
					got[id] = a
				}
			}
		}
		v.installApps(got, nil, p, nil)
	}
}

func event(ev marathon.Event) viewStep {
	return func(t *testing.T, v *view, _ map[string]readPlan) { v.event(ev) }
}

func status(app, id, st string, ports ...int) viewStep {
	su := &marathon.StatusUpdate{AppID: app, TaskID: id, TaskStatus: st}
	if len(ports) > 0 {
		su.Host, su.Ports = "127.0.0.1", ports
	}
	return event(marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: su})
}

func healthEvent(app, id string, alive bool) viewStep {
	return event(marathon.Event{Type: marathon.EventHealthStatusChanged,
		Health: &marathon.HealthChange{AppID: app, InstanceID: id, Alive: alive}})
}

// routable lists what a sync would route of app: tasks listed running, not
// reported gone, alive by their results or the health memory.
func routable(v *view, id string) []string {
	app := v.apps[id]
	if app == nil {
		return nil
	}
	var out []string
	for _, t := range app.Tasks {
		if _, g := v.gone[t.ID]; !g && marathon.TaskRunning(t) && v.health.Alive(app, t) {
			out = append(out, t.ID)
		}
	}
	slices.Sort(out)
	return out
}

func plainApp(id string, tasks ...*marathon.Task) *marathon.App {
	return mkApp(appSpec{id: id, ports: []int{10002}, tasks: tasks})
}

func TestViewOrderings(t *testing.T) {
	// /web has health checks, /api has none (a running task is routed at once).
	web := func(ts ...*marathon.Task) *marathon.App { return webApp(ts...) }
	api := func(ts ...*marathon.Task) *marathon.App { return plainApp("/api", ts...) }
	cases := []struct {
		name  string
		steps []viewStep
		app   string
		want  []string
		// after: what the view still remembers of events.
		gone, learned, healthEv int
	}{
		{
			name: "a kill during a read that still lists the task",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				queue("/web"), begin("r1", false), status("/web", "b", "TASK_KILLING"), answer("r1", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a"}, gone: 1,
		},
		{
			name: "a kill forgotten once a read begun after it no longer lists the task",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				status("/web", "b", "TASK_KILLED"), begin("r1", false), answer("r1", web(task("a", yes, 1)))},
			app: "/web", want: []string{"a"},
		},
		{
			name: "a kill kept while Marathon still lists the task in a later read",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				status("/web", "b", "TASK_KILLING"), begin("r1", false), answer("r1", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a"}, gone: 1,
		},
		{
			// Reads begun before a kill may answer with or without the
			// task: neither ends the kill.
			name: "reads begun before a kill answering out of order",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1))),
				resync, begin("r1", true), beginOnly("r2", "/web"), status("/web", "b", "TASK_KILLING"),
				answer("r1", web(task("a", yes, 1))), answer("r2", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a"}, gone: 1,
		},
		{
			name: "an unhealthy-instance kill removes the task at once",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				event(marathon.Event{Type: marathon.EventUnhealthyInstanceKill,
					HealthFailure: &marathon.HealthFailure{AppID: "/web", TaskID: "a", Kill: true}})},
			app: "/web", want: []string{"b"}, gone: 1,
		},
		{
			name: "a running task from the event stream, routed before any read lists it",
			steps: []viewStep{begin("r0", true), answer("r0", api(task("a", nil, 1))),
				status("/api", "c", "TASK_RUNNING", 3)},
			app: "/api", want: []string{"a", "c"}, learned: 1,
		},
		{
			name: "a running task kept against a read begun before the event",
			steps: []viewStep{begin("r0", true), answer("r0", api(task("a", nil, 1))),
				resync, begin("r1", true), status("/api", "c", "TASK_RUNNING", 3), answer("r1", api(task("a", nil, 1)))},
			app: "/api", want: []string{"a", "c"}, learned: 1,
		},
		{
			name: "a running task dropped by a read begun after the event that lacks it",
			steps: []viewStep{begin("r0", true), answer("r0", api(task("a", nil, 1))),
				status("/api", "c", "TASK_RUNNING", 3), begin("r1", false), answer("r1", api(task("a", nil, 1)))},
			app: "/api", want: []string{"a"},
		},
		{
			// Marathon 1.4 is partition aware: a task whose agent Mesos
			// lost is TASK_UNREACHABLE, and TASK_RUNNING again when the
			// agent is back. It used to stay out for good.
			name: "an unreachable task leaves at once and comes back running",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				status("/web", "b", "TASK_UNREACHABLE"), status("/web", "b", "TASK_RUNNING", 2)},
			app: "/web", want: []string{"a", "b"}, learned: 1,
		},
		{
			name: "an unreachable task stays out against a read begun before the report",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				queue("/web"), begin("r1", false), status("/web", "b", "TASK_UNREACHABLE"), answer("r1", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a"}, gone: 1,
		},
		{
			name: "a read begun after an unreachable report decides",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				status("/web", "b", "TASK_UNREACHABLE"), begin("r1", false), answer("r1", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a", "b"},
		},
		{
			name: "a killed task that turns unreachable stays gone",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				status("/web", "b", "TASK_KILLING"), status("/web", "b", "TASK_UNREACHABLE"), status("/web", "b", "TASK_RUNNING", 2)},
			app: "/web", want: []string{"a"}, gone: 1,
		},
		{
			name: "a running event for a task reported gone is ignored",
			steps: []viewStep{begin("r0", true), answer("r0", api(task("a", nil, 1))),
				status("/api", "c", "TASK_KILLED"), status("/api", "c", "TASK_RUNNING", 3)},
			app: "/api", want: []string{"a"}, gone: 1,
		},
		{
			name: "a running event of an app never read waits for the read",
			steps: []viewStep{begin("r0", true), answer("r0", api(task("a", nil, 1))),
				status("/new", "n", "TASK_RUNNING", 9)},
			app: "/new", want: nil,
		},
		{
			name: "plain 1.4: running, then healthy, with no read in between",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1))),
				status("/web", "b", "TASK_RUNNING", 2), healthEvent("/web", "b", true)},
			app: "/web", want: []string{"a", "b"}, learned: 1, healthEv: 1,
		},
		{
			name: "a health event during a read with older results stands",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				queue("/web"), begin("r1", false), healthEvent("/web", "b", false), answer("r1", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a"}, healthEv: 1,
		},
		{
			name: "a read begun after a health event overrules it",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1), task("b", yes, 2))),
				healthEvent("/web", "b", false), begin("r1", false), answer("r1", web(task("a", yes, 1), task("b", yes, 2)))},
			app: "/web", want: []string{"a", "b"},
		},
		{
			name: "a partial read leaves what events said of other apps",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1)), api(task("x", nil, 5))),
				status("/api", "x", "TASK_KILLING"), healthEvent("/web", "a", true),
				beginOnly("r1", "/web"), answer("r1", web(task("a", yes, 1)))},
			app: "/api", want: nil, gone: 1,
		},
		{
			name: "an app Marathon no longer has leaves the view",
			steps: []viewStep{begin("r0", true), answer("r0", web(task("a", yes, 1)), api(task("x", nil, 5))),
				event(marathon.Event{Type: marathon.EventAppTerminated, AppTerminated: &marathon.AppTerminated{AppID: "/api"}}),
				begin("r1", false), answer("r1")},
			app: "/api", want: nil,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newView(NewHealth())
			reads := map[string]readPlan{}
			for _, s := range c.steps {
				s(t, v, reads)
			}
			assert.Equal(t, c.want, routable(v, c.app))
			assert.Len(t, v.gone, c.gone, "tasks remembered gone")
			assert.Len(t, v.learned, c.learned, "tasks learned from events")
			assert.Len(t, v.healthEv, c.healthEv, "health results from events")
		})
	}
}

func TestViewEventEffects(t *testing.T) {
	cases := []struct {
		name string
		ev   marathon.Event
		want eventEffect
		// full: the event asks for a full read; dirty: the apps it queues.
		full  bool
		dirty []string
	}{
		{"killing", marathon.Event{StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "b", TaskStatus: "TASK_KILLING"}},
			eventEffect{apply: true, urgent: true}, false, []string{"/web"}},
		{"staging", marathon.Event{StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "b", TaskStatus: "TASK_STAGING"}},
			eventEffect{}, false, []string{"/web"}},
		{"running without ports", marathon.Event{StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "b", TaskStatus: "TASK_RUNNING"}},
			eventEffect{}, false, []string{"/web"}},
		{"health", marathon.Event{Health: &marathon.HealthChange{AppID: "/web", InstanceID: "b", Alive: true}},
			eventEffect{apply: true, urgent: true}, false, []string{"/web"}},
		{"health unknown", marathon.Event{Health: &marathon.HealthChange{AppID: "/web", InstanceID: "b", Unknown: true}},
			eventEffect{}, false, []string{"/web"}},
		{"failed check without kill", marathon.Event{HealthFailure: &marathon.HealthFailure{AppID: "/web", TaskID: "b"}},
			eventEffect{}, false, []string{"/web"}},
		{"deployment", marathon.Event{Deployment: &marathon.DeploymentEvent{AffectedApps: []string{"/a", "/b"}}},
			eventEffect{}, false, []string{"/a", "/b"}},
		{"resync", marathon.Event{Type: marathon.EventResync}, eventEffect{streamOK: true}, true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newView(NewHealth())
			v.fetched, v.fullPending = true, false
			assert.Equal(t, c.want, v.event(c.ev))
			p, ok := v.beginRead()
			if !c.full && c.dirty == nil {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, c.full, p.full)
			if !c.full {
				assert.Equal(t, c.dirty, p.ids)
			}
		})
	}
	t.Run("stream down", func(t *testing.T) {
		v := newView(NewHealth())
		v.fetched, v.fullPending = true, false
		eff := v.event(marathon.Event{Type: marathon.EventStreamDown, Stream: &marathon.StreamChange{Reason: "EOF"}})
		require.Error(t, eff.streamErr)
		assert.Equal(t, "event stream down: EOF", eff.streamErr.Error())
		assert.True(t, v.fullPending)
	})
}

// A routing generation counts as fresh only once a read that began after
// it was received covers the apps it names, and a failed read of one of
// them leaves it stale and queued again.
func TestViewFreshness(t *testing.T) {
	v := newView(NewHealth())
	p, _ := v.beginRead()
	v.installAll([]*marathon.App{marathon.RoutingCopy(webApp(task("a", yes, 1)))}, p, nil)

	r := state.Routing{Service: "web", Stable: "/web", Generation: 2}
	v.routed(r)
	p, ok := v.beginRead()
	require.True(t, ok)
	assert.Equal(t, []string{"/web"}, p.ids)
	routingAtBegin := map[string]state.Routing{"web": r}
	v.installApps(map[string]*marathon.App{}, map[string]bool{"/web": true}, p, routingAtBegin)
	assert.Zero(t, v.fresh["web"], "a failed read covers nothing")
	assert.True(t, v.dirty["/web"], "the failed app is read again")

	p, ok = v.beginRead()
	require.True(t, ok)
	v.installApps(map[string]*marathon.App{"/web": webApp(task("a", yes, 1))}, nil, p, routingAtBegin)
	assert.Equal(t, int64(2), v.fresh["web"])

	// A generation received after the read began is not covered by it.
	p, _ = func() (readPlan, bool) { v.fullPending = true; return v.beginRead() }()
	v.routed(state.Routing{Service: "web", Stable: "/web", Generation: 3})
	v.installAll([]*marathon.App{marathon.RoutingCopy(webApp(task("a", yes, 1)))}, p, routingAtBegin)
	assert.Equal(t, int64(2), v.fresh["web"])

	// Routing every app of a service (no stable or canary named) asks for
	// a full read.
	v.routed(state.Routing{Service: "other"})
	p, _ = v.beginRead()
	assert.True(t, p.full)
}

// marathon.RoutingCopy keeps everything a plan is built from: the same apps, whole or
// slimmed, give the same configuration and plan.
func TestViewSlimChangesNoPlan(t *testing.T) {
	docker := mkApp(appSpec{id: "/dock", labels: managed("dock", "tcp"), tasks: []*marathon.Task{task("dock.1", nil, 31500)}})
	docker.PortDefinitions = nil
	pm := []gm.PortMapping{{ContainerPort: 80, ServicePort: 10040}}
	docker.Container = &gm.Container{Docker: &gm.Docker{Image: "nginx", PortMappings: &pm}}
	bare := mkApp(appSpec{id: "/bare", tasks: []*marathon.Task{task("bare.1", nil, 31600)}})
	bare.PortDefinitions = nil
	bare.Tasks[0].ServicePorts = []int{10050}
	sick := webApp(task("a", yes, 31001), task("b", no, 31002), task("c", nil, 31003), task("d", yes, 31005))
	sick.Tasks[3].HealthCheckResults = append(sick.Tasks[3].HealthCheckResults, nil)
	staged := webApp(task("s", yes, 31004))
	staged.ID, staged.Tasks[0].State = "/web2", "TASK_STAGING"
	// Every check failing now, one task passed before: Build fails open
	// on it (Health.Passed reads FirstSuccess).
	flaky := mkApp(appSpec{id: "/flaky", ports: []int{10060}, health: true,
		tasks: []*marathon.Task{task("f1", no, 31701), task("f2", no, 31702)}})
	flaky.Tasks[0].HealthCheckResults[0].FirstSuccess = "2026-12-03T00:00:00Z"
	full := append(colours("x", 3, 1, "http", 10030), docker, bare, sick, staged, flaky)
	for _, a := range full {
		cmd := "sleep 1"
		a.Cmd, a.Env = &cmd, &map[string]string{"K": "V"}
		for _, tk := range a.Tasks {
			tk.StartedAt, tk.IPAddresses = "2026-12-03T00:00:00Z", []*gm.IPAddress{{IPAddress: "10.0.0.1"}}
		}
	}
	slimmed := make([]*marathon.App, len(full))
	for i, a := range full {
		slimmed[i] = marathon.RoutingCopy(a)
	}
	in := func(apps []*marathon.App) Input {
		h := NewHealth()
		h.Set("c", true)
		return Input{Apps: apps, Health: h, Gone: map[string]bool{"x-blue.2": true},
			Routing: map[string]state.Routing{"x": routing("x", "/x-blue", "/x-green", 10, true, 7, state.Port{ServicePort: 10030, Protocol: "http"})}}
	}
	wantCfg, wantPlan := Build(in(full), opts)
	gotCfg, gotPlan := Build(in(slimmed), opts)
	require.NotEmpty(t, wantCfg.Services)
	assert.Equal(t, wantCfg, gotCfg)
	assert.Equal(t, wantPlan, gotPlan)
}
