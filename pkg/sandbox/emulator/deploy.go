package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"
)

// Deployment action names, as Marathon writes them.
const (
	actStart   = "StartApplication"
	actStop    = "StopApplication"
	actScale   = "ScaleApplication"
	actRestart = "RestartApplication"
)

type action struct {
	Action string `json:"action"`
	App    string `json:"app"`
}

type step struct {
	Actions []action `json:"actions"`
}

// deployment is a running plan. Original and Target hold only the affected
// apps; rootOriginal and rootTarget every app of the root group before and
// after it, as 1.4's deployment events carry them (DeploymentPlanWrites in
// api/v2/json/Formats.scala writes plan.original and plan.target whole):
// a realm of a thousand apps gets megabytes per event, as from Marathon.
type deployment struct {
	ID       string          `json:"id"`
	Version  string          `json:"version"`
	Steps    []step          `json:"steps"`
	Current  int             `json:"current"` // index of the running step
	Original map[string]*App `json:"original"`
	Target   map[string]*App `json:"target"`
	// Started is set once deployment_info for the current step was sent.
	Started  bool     `json:"started"`
	Affected []string `json:"affectedApps"`
	// RootFrom is the root group version the deployment starts from
	// (Version is the one it goes to): the garbage collector keeps both.
	RootFrom string `json:"rootFrom,omitempty"`
	finished bool
	// nil in the raml mode, whose events carry no groups.
	rootOriginal, rootTarget map[string]*App
	restarts                 map[string]*restartState
	// scaleKills remembers which apps already had their scale-down kills
	// issued in this step.
	stopIssued map[string]bool
}

// restartState is TaskReplaceActor's memory across reconcile passes.
type restartState struct {
	initialized bool
	maxCapacity int
	killBudget  int             // old instances we may have asked to die so far
	killed      int             // old instances we asked to die
	healthySeen map[string]bool // new tasks that ever became healthy and ready
}

type change struct {
	id       string
	from, to *App
	restart  bool // POST /restart: always RestartApplication
}

// describeChanges says what each change does to its app's instances and
// definition: "/web-blue 3 -> 1 (new definition)", for the log.
func describeChanges(changes []change) string {
	var b strings.Builder
	for i, c := range changes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.id)
		switch {
		case c.to == nil:
			b.WriteString(" deleted")
		case c.from == nil:
			fmt.Fprintf(&b, " created with %d", c.to.Instances)
		default:
			fmt.Fprintf(&b, " %d -> %d", c.from.Instances, c.to.Instances)
			if c.restart {
				b.WriteString(" (restart)")
			} else if !configEqual(c.from, c.to) {
				b.WriteString(" (new definition)")
			}
		}
	}
	return b.String()
}

// newDeployment plans changes the way Marathon's DeploymentPlan does. The
// caller holds e.mu and has already applied the target definitions.
func (e *Emulator) newDeployment(version string, changes []change) *deployment {
	d := &deployment{ID: randomUUID(), Version: version, Original: map[string]*App{}, Target: map[string]*App{},
		restarts: map[string]*restartState{}, stopIssued: map[string]bool{}}
	var stops, starts, rest []action
	sort.Slice(changes, func(i, j int) bool { return changes[i].id < changes[j].id })
	for _, c := range changes {
		d.Affected = append(d.Affected, c.id)
		if c.from != nil {
			d.Original[c.id] = c.from
		}
		if c.to != nil {
			d.Target[c.id] = c.to
		}
		switch {
		case c.to == nil:
			stops = append(stops, action{actStop, c.id})
		case c.from == nil:
			starts = append(starts, action{actStart, c.id})
			rest = append(rest, action{actScale, c.id})
		case c.restart || !configEqual(c.from, c.to):
			rest = append(rest, action{actRestart, c.id})
		case c.from.Instances != c.to.Instances:
			rest = append(rest, action{actScale, c.id})
		}
	}
	for _, acts := range [][]action{stops, starts, rest} {
		if len(acts) > 0 {
			d.Steps = append(d.Steps, step{Actions: acts})
		}
	}
	if !e.mode.raml {
		d.rootTarget = make(map[string]*App, len(e.apps))
		for id, as := range e.apps {
			if !as.deleted {
				d.rootTarget[id] = as.app
			}
		}
		d.rootOriginal = maps.Clone(d.rootTarget)
		for _, c := range changes {
			if c.from != nil {
				d.rootOriginal[c.id] = c.from
			} else {
				delete(d.rootOriginal, c.id)
			}
		}
	}
	d.RootFrom = e.lastRoot()
	e.deployments = append(e.deployments, d)
	e.log.Info("deployment", "id", d.ID, "changes", describeChanges(changes))
	e.markDirty()
	return d
}

// lockers returns the unfinished deployments that touch any of ids.
func (e *Emulator) lockers(ids ...string) []*deployment {
	var out []*deployment
	for _, d := range e.deployments {
		if d.finished {
			continue
		}
		for _, a := range d.Affected {
			for _, id := range ids {
				if a == id {
					out = append(out, d)
					goto next
				}
			}
		}
	next:
	}
	return out
}

// checkLocks answers 409 with the deployments list when ids are locked, or
// cancels the lockers when force is set.
func (e *Emulator) checkLocks(force bool, ids ...string) error {
	ds := e.lockers(ids...)
	if len(ds) == 0 {
		return nil
	}
	if !force {
		var list []map[string]string
		for _, d := range ds {
			list = append(list, map[string]string{"id": d.ID})
		}
		return &apiError{Status: 409, Body: errBody{
			Message:     fmt.Sprintf("App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/%s'.", ds[0].ID),
			Deployments: list}}
	}
	for _, d := range ds {
		e.cancelDeployment(d, "The deployment has been cancelled by a newer deployment")
	}
	return nil
}

func (e *Emulator) cancelDeployment(d *deployment, reason string) {
	if d.finished {
		return
	}
	d.finished = true
	e.removeDeployment(d)
	e.publishPlan("deployment_failed", d, map[string]any{"id": d.ID, "reason": reason})
	e.reapDeleted()
	e.wake()
}

func (e *Emulator) removeDeployment(d *deployment) {
	for i, x := range e.deployments {
		if x == d {
			e.deployments = append(e.deployments[:i], e.deployments[i+1:]...)
			break
		}
	}
	e.collectGarbage() // DeploymentRepository.delete runs the GcActor
	e.markDirty()
}

// reapDeleted forgets deleted apps no deployment is still stopping, killing
// what is left of them.
func (e *Emulator) reapDeleted() {
	for id, as := range e.apps {
		if !as.deleted || len(e.lockers(id)) > 0 {
			continue
		}
		if e.killAll(as) {
			e.forgetApp(id)
			e.publish("app_terminated_event", map[string]any{"appId": id})
		}
	}
}

// killAll kills every task of a deleted app and reports whether none is
// left. A killed unreachable task counts as gone at once (1.10's
// KillStreamWatcher: considerTerminal); it leaves the app's listing with
// the app, its process kept apart as an expunged one's.
func (e *Emulator) killAll(as *appState) bool {
	left := 0
	for _, t := range as.tasks {
		e.killTask(as, t, "app deleted")
		if !listedOnly(t) {
			left++
		}
	}
	if left > 0 {
		return false
	}
	for _, t := range as.tasks {
		e.expunge(as, t)
	}
	return true
}

// advance moves a deployment on as far as the tasks allow.
func (e *Emulator) advance(d *deployment, now time.Time) {
	for !d.finished {
		if d.Current >= len(d.Steps) {
			d.finished = true
			e.removeDeployment(d)
			e.publishPlan("deployment_success", d, map[string]any{"id": d.ID})
			e.reapDeleted()
			return
		}
		st := d.Steps[d.Current]
		if !d.Started {
			d.Started = true
			e.publishPlan("deployment_info", d, map[string]any{"currentStep": st})
			e.markDirty()
		}
		done := true
		for _, a := range st.Actions {
			if !e.runAction(d, a, now) {
				done = false
			}
		}
		if !done {
			return
		}
		e.publishPlan("deployment_step_success", d, map[string]any{"currentStep": st})
		d.Current++
		d.Started = false
		e.markDirty()
	}
}

// runAction performs one plan action and reports whether it is complete.
func (e *Emulator) runAction(d *deployment, a action, now time.Time) bool {
	as := e.apps[a.App]
	if as == nil {
		return true
	}
	switch a.Action {
	case actStart:
		return true
	case actStop:
		if !e.killAll(as) {
			return false
		}
		e.forgetApp(a.App)
		e.publish("app_terminated_event", map[string]any{"appId": a.App})
		return true
	case actScale:
		n := as.app.Instances
		e.keepInstances(as, n, now, true)
		// TaskStartActor counts launched instances.
		if counted(as) != n { // killed tasks still dying, or launches pending
			return false
		}
		// Marathon's TaskStartActor waits for the instances it starts
		// (nrToStart = scaleTo - active instances, StartingBehavior) to
		// become healthy and ready: tasks of the app's version. Tasks of
		// earlier versions are not waited for, healthy or not (a scale
		// over tasks a new leader does not check completes).
		need, ready := n, 0
		for _, t := range as.tasks {
			switch {
			case listedOnly(t):
			case t.Version != as.app.Version:
				need--
			case taskHealthy(t) && taskReady(as, t):
				ready++
			}
		}
		return ready >= need
	case actRestart:
		return e.restartStep(d, as, now)
	}
	return true
}

// countReady counts tasks that are healthy and ready (no readiness check
// failing).
func countReady(as *appState) int {
	n := 0
	for _, t := range as.tasks {
		if taskHealthy(t) && taskReady(as, t) {
			n++
		}
	}
	return n
}

// taskReady reports whether the task passed the app's readiness check;
// apps without one are ready once healthy.
func taskReady(as *appState, t *Task) bool {
	if len(as.app.ReadinessChecks) == 0 {
		return true
	}
	return readyOf(t)
}

// restartStep is Marathon's TaskReplaceActor (reference §4), run level
// triggered: kill killNow old instances at once (in sortForReplace's order), then one more each time a
// new instance becomes healthy and ready; launch new ones while
// oldActive+started stays within maxCapacity.
func (e *Emulator) restartStep(d *deployment, as *appState, now time.Time) bool {
	app := as.app
	n := app.Instances
	rs := d.restarts[app.ID]
	var olds, news []*Task
	for _, t := range as.tasks {
		switch {
		case t.State == TaskUnreachable && t.KillRequested:
			// 1.10: decommissioned while unreachable, dropped from the
			// old set at once and no longer counted.
		case t.Version == app.Version:
			// A new task killed without ending its instance (failing
			// health checks) still holds its place until it has ended.
			// 1.4 takes a new instance gone unreachable as failed
			// (InstanceChangedPredicates.considerTerminal) and launches
			// another; 1.10 keeps counting it.
			unreachableFailed := t.State == TaskUnreachable && !e.mode.decommissionsUnreachable
			if (!t.KillRequested || !t.Decommissioned) && !unreachableFailed {
				news = append(news, t)
			}
		case t.Inactive && !e.mode.decommissionsUnreachable:
			// 1.4 replaces active instances only: an UnreachableInactive
			// one is neither killed nor waited for (TaskReplaceActor
			// currentRunningInstances).
		default:
			olds = append(olds, t)
		}
	}
	if rs == nil || !rs.initialized {
		rs = &restartState{initialized: true, healthySeen: map[string]bool{}}
		d.restarts[app.ID] = rs
		minHealthy := roundUp(float64(n) * app.UpgradeStrategy.MinimumHealthCapacity)
		rs.maxCapacity = int(float64(n)*(1+app.UpgradeStrategy.MaximumOverCapacity) + 1e-9)
		// computeRestartStrategy: nrToKillImmediately = count - minHealthy,
		// where 1.4 counts every active instance, healthy or not (so a
		// fix deployed over a broken release kills the broken tasks at
		// once instead of waiting for them to become healthy), and 1.10
		// only those with goal Running that are considered healthy.
		instances := counted(as)
		count := instances
		if e.mode.replaceCountsHealthy {
			count = 0
			for _, t := range as.tasks {
				if !t.Decommissioned && (len(t.Health) == 0 || taskHealthy(t)) {
					count++
				}
			}
		}
		killNow := count - minHealthy
		if killNow < 0 {
			killNow = 0
		}
		if minHealthy == rs.maxCapacity && rs.maxCapacity <= count {
			rs.maxCapacity++
		}
		// 1.10 also kills every extra instance at once when it finds
		// more than N (a forced deployment over one still in progress):
		// "Allowing killing all extra instances".
		if e.mode.replaceCountsHealthy && instances-n > killNow {
			killNow = instances - n
		}
		rs.killBudget = killNow
	}
	for _, t := range news {
		if taskHealthy(t) && taskReady(as, t) && !rs.healthySeen[t.ID] {
			rs.healthySeen[t.ID] = true
			rs.killBudget++
		}
	}
	// Old tasks whose goal is still Running, in the order the version
	// queues them for killing.
	var oldRunning []*Task
	for _, t := range olds {
		if !t.KillRequested {
			oldRunning = append(oldRunning, t)
		}
	}
	e.sortForReplace(oldRunning)
	readyNew := 0
	for _, t := range news {
		if taskHealthy(t) && taskReady(as, t) {
			readyNew++
		}
	}
	for _, t := range oldRunning {
		if rs.killed >= rs.killBudget && readyNew < n {
			break
		}
		rs.killed++
		e.killTask(as, t, "replaced by a new version")
	}
	// olds still holds killing tasks: they count against capacity until
	// they are gone, as oldInstanceIds does in Marathon.
	oldActive := len(olds)
	started := len(news)
	toStart := n - started
	if left := rs.maxCapacity - oldActive - started; left < toStart {
		toStart = left
	}
	e.launch(as, toStart, now)
	if started > n {
		sortForKill(news, app.KillSelection)
		for _, t := range news[:started-n] {
			e.killTask(as, t, "too many instances")
		}
	}
	return readyNew >= n && len(olds) == 0
}

// planJSON appends the plan as deployment events carry it: id, original
// and target groups, steps, version; all non-null. 1.10's events carry a
// raml.DeploymentPlan, without the groups (core/event/Events.scala).
// Written by hand around the groups: encoding/json would scan their
// megabytes again to validate them as json.RawMessage.
func (e *Emulator) planJSON(b []byte, d *deployment) []byte {
	steps, _ := json.Marshal(d.Steps)
	id, _ := json.Marshal(d.ID)
	version, _ := json.Marshal(d.Version)
	b = append(append(b, `{"id":`...), id...)
	if !e.mode.raml {
		orig, target := d.rootGroups()
		b = append(b, `,"original":`...)
		b = e.appendGroup(b, orig, version)
		b = append(b, `,"target":`...)
		b = e.appendGroup(b, target, version)
	}
	b = append(append(b, `,"steps":`...), steps...)
	b = append(append(b, `,"version":`...), version...)
	return append(b, '}')
}

// rootGroups are the apps of d's original and target root groups.
func (d *deployment) rootGroups() (orig, target map[string]*App) {
	if d.rootOriginal == nil { // restored from the state file, which keeps no groups
		return d.Original, d.Target
	}
	return d.rootOriginal, d.rootTarget
}

// publishPlan publishes a deployment event: fields and d's plan.
func (e *Emulator) publishPlan(typ string, d *deployment, fields map[string]any) {
	rest, ok := e.encodeEvent(typ, fields)
	if !ok {
		return
	}
	// One allocation of the right size: the groups are megabytes.
	size := len(rest) + 1024
	if !e.mode.raml {
		orig, target := d.rootGroups()
		for _, apps := range []map[string]*App{orig, target} {
			for _, a := range apps {
				size += len(e.groupAppJSON(a)) + 1
			}
		}
	}
	data := append(make([]byte, 0, size), `{"plan":`...)
	data = append(e.planJSON(data, d), ',')
	data = append(data, rest[1:]...) // fields has two keys at least
	e.bus.send(event{Type: typ, Data: data})
}

// appendGroup appends a root group of apps as 1.4 writes it. Caller holds
// e.mu.
func (e *Emulator) appendGroup(b []byte, apps map[string]*App, version []byte) []byte {
	b = append(b, `{"id":"/","apps":[`...)
	for i, id := range sortedKeys(apps) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.groupAppJSON(apps[id])...)
	}
	b = append(b, `],"groups":[],"pods":[],"dependencies":[],"version":`...)
	b = append(b, version...)
	return append(b, '}')
}

// groupAppJSON is app's JSON, encoded once per definition: every
// deployment event carries every app twice, megabytes to encode under
// e.mu in a realm of a thousand apps, while a definition does not change
// once stored (a new version is a new App). The stamp covers the one
// exception, StopAllTasks' Instances = 0.
func (e *Emulator) groupAppJSON(a *App) []byte {
	if e.groupApps == nil || len(e.groupApps) > 4*len(e.apps)+64 {
		e.groupApps = map[*App]groupApp{} // forget definitions no longer in use
	}
	if c, ok := e.groupApps[a]; ok && c.version == a.Version && c.instances == a.Instances {
		return c.data
	}
	data, err := json.Marshal(a)
	if err != nil {
		data = []byte("{}")
	}
	e.groupApps[a] = groupApp{a.Version, a.Instances, data}
	return data
}

// groupApp is one app's JSON in groupAppJSON's cache, with its stamp.
type groupApp struct {
	version   string
	instances int
	data      []byte
}

// deploymentJSON is one entry of GET /v2/deployments.
func (e *Emulator) deploymentJSON(d *deployment) map[string]any {
	cur := d.Current
	if cur >= len(d.Steps) {
		cur = len(d.Steps) - 1
	}
	actions := []map[string]any{}
	if cur >= 0 {
		for _, a := range d.Steps[cur].Actions {
			actions = append(actions, map[string]any{"action": a.Action, "app": a.App,
				"readinessCheckResults": e.readinessResults(a.App)})
		}
	}
	steps := d.Steps
	if steps == nil {
		steps = []step{}
	}
	return map[string]any{
		"id": d.ID, "version": d.Version, "affectedApps": d.Affected, "affectedPods": []string{},
		"steps": steps, "currentActions": actions, "currentStep": cur + 1, "totalSteps": len(d.Steps),
	}
}

func jsonUnmarshalString(raw json.RawMessage, s *string) bool {
	return json.Unmarshal(raw, s) == nil
}
