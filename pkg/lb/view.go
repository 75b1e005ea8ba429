package lb

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// goneStates: task states after which a task must not get traffic, ever
// again.
var goneStates = map[string]bool{
	"TASK_KILLING": true, "TASK_KILLED": true, "TASK_FAILED": true, "TASK_FINISHED": true,
	"TASK_LOST": true, "TASK_ERROR": true, "TASK_DROPPED": true, "TASK_GONE": true,
	"TASK_GONE_BY_OPERATOR": true, "TASK_UNKNOWN": true,
}

// eventMark is a task the event stream reported gone: which app, and when
// (view.seq).
type eventMark struct {
	app string
	seq uint64
	// unreachable: TASK_UNREACHABLE, the one state a task comes back
	// from (Marathon takes it back as TASK_RUNNING when Mesos finds its
	// agent again): a later TASK_RUNNING or a read begun after the mark
	// decides, where any other gone task stays out until it is gone.
	unreachable bool
}

// healthMark is a health result the event stream reported.
type healthMark struct {
	eventMark
	alive bool
}

// learnedTask is a running task as the event stream described it.
type learnedTask struct {
	task *marathon.Task
	seq  uint64
}

// view is the agent's view of Marathon: the apps as last read, what the
// event stream reported since, which apps are to be read again, and per
// service the routing generation a read has covered. Reads and events
// arrive in any order: a read that began before an event must not
// overturn it, and what an event reported is forgotten once a read that
// began after it agrees. It does no I/O and takes no lock (the Agent holds
// its mutex around every call); view_test.go drives it with tables of
// event and read orderings.
//
// An app is never modified in place (the Builder compares pointers): a
// change replaces it with a copy.
type view struct {
	health *Health

	apps    map[string]*marathon.App
	fetched bool // a full read has succeeded

	// What to read next: everything, or the dirty apps.
	fullPending bool
	fullWhy     string // why fullPending (the agent's debug log)
	dirty       map[string]bool

	// gone: tasks Marathon reported killing or terminated, kept until a
	// read that started after the report no longer lists them.
	gone map[string]eventMark
	// learned: running tasks the event stream described (host, ports)
	// before a read listed them; a read that started before the event
	// does not drop them.
	learned map[string]learnedTask
	// healthEv: health results from events, which a read that started
	// before them must not overturn.
	healthEv map[string]healthMark
	seq      uint64 // numbers the events above, to compare with reads
	// unchecked are tasks the reads since the agent last logged them
	// found Marathon overdue with health results for (Health.Observe).
	unchecked []string

	// fresh is, per service, the newest routing generation whose apps
	// have been read from Marathon after the agent received it. Only
	// those are acknowledged: the CLI writes a generation once Marathon
	// shows what it relies on (the canary's tasks healthy, the new stable
	// scaled up), and acts on the acks (smoke tests through the header,
	// judging canary traffic, deleting the old app). Acknowledged from a
	// cached view that predates the write, HAProxy could lack those tasks.
	fresh map[string]int64
}

func newView(health *Health) *view {
	return &view{health: health, apps: map[string]*marathon.App{}, fullPending: true, dirty: map[string]bool{},
		gone: map[string]eventMark{}, learned: map[string]learnedTask{}, healthEv: map[string]healthMark{},
		fresh: map[string]int64{}}
}

// eventEffect is what an event asks of the agent.
type eventEffect struct {
	apply  bool // the view changed: sync HAProxy
	urgent bool // without waiting for the debounce window
	// streamErr: the stream reported itself down (non-nil) or back
	// (streamOK).
	streamErr error
	streamOK  bool
}

// event applies what an event says to the view, where it says enough, and
// queues a read of the apps it touches. A kill must not wait for a read:
// Marathon sends SIGTERM as it reports TASK_KILLING, and a read can take up
// to its timeout.
func (v *view) event(ev marathon.Event) eventEffect {
	var eff eventEffect
	switch {
	case ev.StatusUpdate != nil:
		su := ev.StatusUpdate
		switch {
		case goneStates[su.TaskStatus]:
			v.markGone(su.TaskID, su.AppID, false)
			eff.apply, eff.urgent = true, true
		case su.TaskStatus == "TASK_UNREACHABLE":
			v.markGone(su.TaskID, su.AppID, true)
			eff.apply, eff.urgent = true, true
		case su.TaskStatus == "TASK_RUNNING":
			if v.learnTask(su) {
				// Capacity: an app without health checks routes it now.
				eff.apply, eff.urgent = true, true
			}
		}
		v.markDirty(su.AppID)
	case ev.Health != nil && ev.Health.Unknown:
		v.markDirty(ev.Health.AppID)
	case ev.Health != nil:
		// Keyed by instance: the event names no task (see Health).
		h := ev.Health
		k := v.health.Key(h.InstanceID)
		v.health.Set(k, h.Alive)
		v.seq++
		v.healthEv[k] = healthMark{eventMark{app: h.AppID, seq: v.seq}, h.Alive}
		v.markDirty(h.AppID)
		// A task turned healthy (capacity) or sick (errors).
		eff.apply, eff.urgent = true, true
	case ev.HealthFailure != nil:
		if ev.HealthFailure.Kill {
			v.markGone(ev.HealthFailure.TaskID, ev.HealthFailure.AppID, false)
			eff.apply, eff.urgent = true, true
		}
		v.markDirty(ev.HealthFailure.AppID)
	case ev.Deployment != nil:
		for _, id := range ev.Deployment.AffectedApps {
			v.markDirty(id)
		}
	case ev.Type == marathon.EventResync:
		v.fullPending, v.fullWhy = true, "event stream resync"
		if ev.Stream != nil && ev.Stream.Reason != "" {
			v.fullWhy += ": " + ev.Stream.Reason
		}
		eff.streamOK = true
	case ev.Type == marathon.EventStreamDown:
		reason := "event stream down"
		if ev.Stream != nil {
			reason += ": " + ev.Stream.Reason
		}
		eff.streamErr = errors.New(reason)
		v.fullPending, v.fullWhy = true, reason
	default:
		v.markDirty(ev.AppID())
	}
	return eff
}

func (v *view) markDirty(id string) {
	if id != "" {
		v.dirty[id] = true
	}
}

// routed queues a fresh Marathon read of the apps a new routing generation
// names, so that it is acknowledged only once HAProxy has what Marathon
// showed the CLI before it wrote the generation (see fresh).
func (v *view) routed(r state.Routing) {
	if r.Stable == "" && r.Canary == "" {
		// Routes every app of the service: which, only a full read tells.
		v.fullPending, v.fullWhy = true, "routing state of "+r.Service+" names no app"
		return
	}
	v.markDirty(r.Stable)
	v.markDirty(r.Canary)
}

// coverDrainOnly marks generation gen fresh when it changes only the
// draining set of generation prev and prev is fresh: it routes nothing a
// read would have to show first. It reports whether it did.
func (v *view) coverDrainOnly(svc string, prev, gen int64) bool {
	if v.fresh[svc] < prev {
		return false
	}
	v.fresh[svc] = gen
	return true
}

func (v *view) markGone(taskID, appID string, unreachable bool) {
	if taskID == "" {
		return
	}
	if g, ok := v.gone[taskID]; ok && !g.unreachable {
		unreachable = false // a task gone for good stays so
	}
	v.seq++
	v.gone[taskID] = eventMark{app: appID, seq: v.seq, unreachable: unreachable}
	delete(v.learned, taskID)
	delete(v.healthEv, v.health.Key(taskID))
}

// learnTask puts a task the event stream reports running into the view,
// when the view knows its app (servicePorts, labels, health checks come
// from the app) and the event gives its host and ports. A task with health
// checks is routed once a health event or a read says it is alive.
func (v *view) learnTask(su *marathon.StatusUpdate) bool {
	if su.TaskID == "" || su.Host == "" || len(su.Ports) == 0 {
		return false
	}
	g, marked := v.gone[su.TaskID]
	if (marked && !g.unreachable) || v.apps[su.AppID] == nil {
		return false
	}
	delete(v.gone, su.TaskID) // back from TASK_UNREACHABLE
	t := &marathon.Task{ID: su.TaskID, AppID: su.AppID, Host: su.Host, Ports: slices.Clone(su.Ports),
		SlaveID: su.SlaveID, State: "TASK_RUNNING", Version: su.Version}
	v.seq++
	v.learned[su.TaskID] = learnedTask{task: t, seq: v.seq}
	return v.putTask(t) || marked
}

// putTask makes the view list t as running in its app, replacing the app
// with a copy; a task already listed as running is left as it is (a read's
// entry carries health results). It reports whether the view changed.
func (v *view) putTask(t *marathon.Task) bool {
	app := v.apps[t.AppID]
	if app == nil {
		return false
	}
	i := slices.IndexFunc(app.Tasks, func(x *marathon.Task) bool { return x != nil && x.ID == t.ID })
	if i >= 0 && marathon.TaskRunning(app.Tasks[i]) {
		return false
	}
	c := *app
	c.Tasks = slices.Clone(app.Tasks)
	if i >= 0 {
		nt := *c.Tasks[i]
		nt.State, nt.Host, nt.Ports = t.State, t.Host, t.Ports
		c.Tasks[i] = &nt
	} else {
		c.Tasks = append(c.Tasks, t)
	}
	v.apps[t.AppID] = &c
	return true
}

// readPlan is one read of Marathon: every app, or the listed ones.
type readPlan struct {
	full bool
	why  string // of a full read (the agent's debug log)
	ids  []string
	// begun numbers the read among events: what an event reported after
	// it began stands against the read's result.
	begun uint64
}

// fullFetchThreshold: a burst touching more apps than this is read with one
// full /v2/apps request rather than one request per app.
const fullFetchThreshold = 32

// beginRead takes what is to be read (ok false: nothing).
func (v *view) beginRead() (readPlan, bool) {
	full := v.fullPending || !v.fetched || len(v.dirty) > fullFetchThreshold
	if !full && len(v.dirty) == 0 {
		return readPlan{}, false
	}
	p := readPlan{full: full, begun: v.seq}
	switch {
	case !v.fetched:
		p.why = "first read"
	case v.fullPending:
		p.why = v.fullWhy
	case full:
		p.why = fmt.Sprintf("%d apps changed", len(v.dirty))
	}
	if !full {
		p.ids = slices.Sorted(maps.Keys(v.dirty))
	}
	v.fullPending, v.dirty = false, map[string]bool{}
	return p, true
}

// fullReadFailed queues a failed full read again.
func (v *view) fullReadFailed() { v.fullPending, v.fullWhy = true, "retry of a failed read" }

// installAll installs a full read (begun as p.begun) and records the
// routing generations it covers; routing is the routing state as it was
// when the read began.
func (v *view) installAll(list []*marathon.App, p readPlan, routing map[string]state.Routing) {
	apps := make(map[string]*marathon.App, len(list))
	for _, a := range list {
		apps[a.ID] = a // slimmed as read
	}
	v.apps, v.fetched = apps, true
	v.merge(nil, p.begun)
	keep := map[string]bool{}
	now := time.Now()
	for _, app := range v.apps {
		// After the merge: the health memory never holds a result older
		// than an event's, not even while a sync builds.
		v.unchecked = append(v.unchecked, v.health.Observe(app, now)...)
		for _, t := range app.Tasks {
			if t != nil {
				keep[t.ID] = true
			}
		}
	}
	v.health.Retain(keep)
	v.covered(routing, nil)
}

// installApps installs a read of some apps (got: nil for an app Marathon
// does not have) and queues the failed ones again.
func (v *view) installApps(got map[string]*marathon.App, failed map[string]bool, p readPlan, routing map[string]state.Routing) {
	for id, app := range got {
		if app == nil {
			delete(v.apps, id)
		} else {
			v.apps[id] = app // a routing copy, as read
		}
	}
	v.merge(got, p.begun)
	now := time.Now()
	for id, app := range got {
		if app != nil {
			v.unchecked = append(v.unchecked, v.health.Observe(v.apps[id], now)...) // after the merge, as above
		}
	}
	v.covered(routing, failed)
	for id := range failed {
		v.dirty[id] = true
	}
}

// covered records, per service, the routing generation a successful read
// covers (see fresh): every app it names was read, unless it failed
// (failed nil: everything was read).
func (v *view) covered(routing map[string]state.Routing, failed map[string]bool) {
	for svc, r := range routing {
		if !failed[r.Stable] && !failed[r.Canary] && r.Generation > v.fresh[svc] {
			v.fresh[svc] = r.Generation
		}
	}
}

// merge reconciles a read just installed (of the apps in read; nil: all)
// with what events reported: a running task reported after the read began
// is kept though the read lacks it, and a task reported gone is forgotten
// once a read that began after the report no longer lists it.
func (v *view) merge(read map[string]*marathon.App, begun uint64) {
	covers := func(app string) bool {
		if read == nil {
			return true
		}
		_, ok := read[app]
		return ok
	}
	for id, l := range v.learned {
		switch {
		case !covers(l.task.AppID):
		case l.seq <= begun:
			delete(v.learned, id) // the read saw what the event said, or later
		default:
			v.putTask(l.task)
		}
	}
	for id, h := range v.healthEv {
		switch {
		case !covers(h.app):
		case h.seq <= begun:
			delete(v.healthEv, id)
		default:
			// The read's results (and what Observe took from them) are
			// older than the event: the event's verdict stands.
			v.health.Set(id, h.alive)
			v.dropResults(h.app, id)
		}
	}
	for id, g := range v.gone {
		if g.seq > begun || (g.app == "" && read != nil) || (g.app != "" && !covers(g.app)) {
			continue
		}
		if g.unreachable || !v.listed(g.app, id) {
			delete(v.gone, id) // the read's state of an unreachable task decides
		}
	}
}

// dropResults replaces the task of app whose health key is key by a copy
// without health results, so that its health comes from the memory
// (Health.Alive).
func (v *view) dropResults(app, key string) {
	x := v.apps[app]
	if x == nil {
		return
	}
	i := slices.IndexFunc(x.Tasks, func(t *marathon.Task) bool { return t != nil && v.health.Key(t.ID) == key })
	if i < 0 || len(x.Tasks[i].HealthCheckResults) == 0 {
		return
	}
	c := *x
	c.Tasks = slices.Clone(x.Tasks)
	nt := *c.Tasks[i]
	nt.HealthCheckResults = nil
	c.Tasks[i] = &nt
	v.apps[app] = &c
}

// listed says whether the view lists task id in app ("": any app).
func (v *view) listed(app, id string) bool {
	has := func(x *marathon.App) bool {
		return x != nil && slices.ContainsFunc(x.Tasks, func(t *marathon.Task) bool { return t != nil && t.ID == id })
	}
	if app != "" {
		return has(v.apps[app])
	}
	for _, x := range v.apps {
		if has(x) {
			return true
		}
	}
	return false
}

// snapshot is what a sync builds from: the apps and the tasks reported
// gone. Neither is modified afterwards (apps are replaced, not changed).
func (v *view) snapshot() (apps []*marathon.App, gone map[string]bool) {
	apps = make([]*marathon.App, 0, len(v.apps))
	for _, app := range v.apps {
		apps = append(apps, app)
	}
	gone = make(map[string]bool, len(v.gone))
	for id := range v.gone {
		gone[id] = true
	}
	return apps, gone
}
