package emulator

import (
	"bytes"
	"encoding/json"
	"time"
)

// Marathon's partition awareness, as 1.4.13 and 1.10.26 implement it
// (docs/emulator.md, "TASK_UNREACHABLE"):
//
//   - A task whose agent Mesos lost is TASK_UNREACHABLE. Its instance is
//     Unreachable, and counts as running, until the app's
//     unreachableStrategy.inactiveAfterSeconds have passed since Mesos
//     lost it; then it is UnreachableInactive (InstanceUpdater.mesosUpdate,
//     Instance.shouldBecomeInactive): no longer counted, so a replacement is
//     launched (ScaleAppUpdateStep), its health results are purged
//     (HealthCheckActor.purgeStatusOfDoneInstances), and it stays listed as
//     TASK_UNREACHABLE. The condition is only re-evaluated when Mesos
//     reports the task again: with a non-zero inactiveAfterSeconds, at the
//     next task reconciliation (--reconciliation_interval). The default
//     strategy is 0/0 (1.4.9 on): inactive at once.
//   - ExpungeOverdueLostTasksActor expunges an UnreachableInactive instance
//     once expungeAfterSeconds have passed (every
//     --task_lost_expunge_interval after --task_lost_expunge_initial_delay):
//     instance_changed_event "Killed", no status_update_event, gone from
//     the API. 1.10 also expunges in the update itself once
//     expungeAfterSeconds have passed: with 0/0, at the first
//     TASK_UNREACHABLE, so it never lists an unreachable task.
//   - A kill of an unreachable task sends Mesos nothing (KillAction:
//     wontRespondToKill): 1.4 expunges the instance at once
//     (ExpungeFromState), 1.10 sets its goal to Decommissioned and keeps
//     listing it.
//   - The process runs on, on its partitioned agent. When the agent comes
//     back the task reports TASK_RUNNING: a listed instance is Running
//     again (1.10 kills it at once if it was decommissioned), and an
//     expunged one is unknown and killed at once
//     (TaskStatusUpdateProcessorImpl.killUnknownTask). A returning
//     instance whose replacement runs is a surplus that only the next
//     scale check kills (--scale_apps_interval), the youngest first by
//     default: usually the replacement.

// unreachableStrategy is an app's unreachableStrategy; the zero value is
// Marathon's default (UnreachableEnabled 0/0).
type unreachableStrategy struct {
	disabled          bool
	inactive, expunge float64 // seconds
}

func (a *App) unreachableStrategy() unreachableStrategy {
	raw := bytes.TrimSpace(a.UnreachableStrategy)
	if len(raw) == 0 || string(raw) == "null" {
		return unreachableStrategy{}
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return unreachableStrategy{disabled: s == "disabled"}
	}
	var o struct {
		Inactive float64 `json:"inactiveAfterSeconds"`
		Expunge  float64 `json:"expungeAfterSeconds"`
	}
	_ = json.Unmarshal(raw, &o)
	return unreachableStrategy{inactive: o.Inactive, expunge: o.Expunge}
}

// strategyOf is the strategy the task's instance runs under: its version's
// (1.4 copies it into the instance at launch, 1.10 reads the instance's run
// spec version).
func strategyOf(as *appState, t *Task) unreachableStrategy {
	return defFor(as, t).unreachableStrategy()
}

// unreachableFor is Task.isUnreachableExpired: 1.4 compares strictly, 1.10
// inclusively (Timestamp.expired).
func (e *Emulator) unreachableFor(t *Task, seconds float64, now time.Time) bool {
	d, limit := now.Sub(t.UnreachableSince), e.scaled(seconds)
	if e.mode.expungesUnreachableOnUpdate {
		return d >= limit
	}
	return d > limit
}

// markUnreachable is Mesos reporting TASK_UNREACHABLE for a running task.
func (e *Emulator) markUnreachable(as *appState, t *Task, now time.Time) {
	t.State = TaskUnreachable
	// Mesos's unreachable_time, the clock of the strategy, is when it lost
	// the agent: always before Marathon handles the update.
	t.UnreachableSince = now.Add(-time.Millisecond)
	e.unreachableUpdate(as, t, now, true)
}

// unreachableUpdate handles a TASK_UNREACHABLE status update for t (the
// first one when changed, else a repeat from reconciliation), as
// InstanceUpdater.mesosUpdate does.
func (e *Emulator) unreachableUpdate(as *appState, t *Task, now time.Time, changed bool) {
	st := strategyOf(as, t)
	if !st.disabled && e.mode.expungesUnreachableOnUpdate && !t.Inactive && e.unreachableFor(t, st.expunge, now) {
		t.Inactive = true
		e.publishStatus(t, "")
		e.expunge(as, t)
		return
	}
	inactive := !st.disabled && e.unreachableFor(t, st.inactive, now)
	if !changed && (!inactive || t.Inactive) {
		return // TaskUpdateEffect.Noop
	}
	if inactive && !t.Inactive {
		t.Inactive = true
		for i := range t.Health {
			t.Health[i] = &HealthResult{}
		}
		e.scaleDue(as)
	}
	e.publishStatus(t, "")
	e.markDirty()
	e.wake()
}

// expunge removes an unreachable task's instance from Marathon's state.
// Its process runs on, on the lost agent, holding its ports: the emulator
// keeps it apart (partitioned) to kill it if it reports again.
func (e *Emulator) expunge(as *appState, t *Task) {
	e.stopHealth(as, t)
	delete(as.tasks, t.ID)
	if e.partitioned == nil {
		e.partitioned = map[string]*Task{}
	}
	e.partitioned[t.ID] = t
	e.scaleDue(as)
	e.markDirty()
	e.wake()
}

// forceExpunge is InstanceUpdater.forceExpunge: instance_changed_event
// Killed, and nothing else.
func (e *Emulator) forceExpunge(as *appState, t *Task) {
	e.publish("instance_changed_event", map[string]any{
		"instanceId": t.InstanceID, "condition": "Killed", "runSpecId": t.AppID,
		"agentId": e.slaveID(), "host": e.cfg.HostIP, "runSpecVersion": t.Version,
	})
	e.expunge(as, t)
}

// killUnreachable is a kill of an unreachable task: nothing reaches Mesos.
func (e *Emulator) killUnreachable(as *appState, t *Task) {
	if e.mode.decommissionsUnreachable {
		t.KillRequested, t.Decommissioned = true, true
		e.markDirty()
		return
	}
	e.forceExpunge(as, t)
}

// listedOnly reports a task Marathon lists but no longer counts: an
// UnreachableInactive instance, or (1.10) an unreachable one whose goal is
// Decommissioned.
func listedOnly(t *Task) bool {
	return t.State == TaskUnreachable && (t.Inactive || t.KillRequested)
}

// counted counts the app's tasks Marathon counts: all but the listedOnly.
func counted(as *appState) int {
	n := 0
	for _, t := range as.tasks {
		if !listedOnly(t) {
			n++
		}
	}
	return n
}

// reachable is Mesos reporting TASK_RUNNING again for a task whose agent
// came back. It reports false when the task was not unreachable.
func (e *Emulator) reachable(taskID string, now time.Time) bool {
	as, t := e.findTask(taskID)
	if t == nil {
		p := e.partitioned[taskID]
		if p == nil || p.KilledUnknown {
			return false
		}
		// Expunged: an unknown task, killed at once with its launch's
		// kill policy.
		p.KilledUnknown = true
		grace := 3.0
		if as := e.apps[p.AppID]; as != nil {
			if g := defFor(as, p).TaskKillGracePeriodSeconds; g != nil {
				grace = *g
			}
		}
		e.exec.kill(p, e.scaled(grace))
		return true
	}
	if t.State != TaskUnreachable {
		return false
	}
	decommissioned := t.KillRequested
	t.State, t.Inactive, t.UnreachableSince = TaskRunning, false, time.Time{}
	t.KillRequested = false
	e.publishStatus(t, "")
	if decommissioned {
		// 1.10 KillServiceActor: a Decommissioned instance that runs is
		// killed.
		e.killTask(as, t, "decommissioned while unreachable")
	}
	e.markDirty()
	e.wake()
	return true
}

// partitionedEnded is the report of a partitioned task's end: Marathon
// acknowledges it as unknown_instance_terminated_event.
func (e *Emulator) partitionedEnded(taskID, state string) bool {
	p := e.partitioned[taskID]
	if p == nil {
		return false
	}
	delete(e.partitioned, taskID)
	e.ports.release(p.Ports)
	e.publish("unknown_instance_terminated_event", map[string]any{
		"instanceId": p.InstanceID, "runSpecId": p.AppID, "condition": taskConditions[state],
	})
	e.markDirty()
	return true
}

// scaleDue asks for a scale check of the app (ScaleRunSpec): the next
// schedule, unless a deployment holds the app, kills its surplus.
func (e *Emulator) scaleDue(as *appState) {
	if e.scaleChecks == nil {
		e.scaleChecks = map[string]bool{}
	}
	e.scaleChecks[as.app.ID] = true
}

// periodic runs Marathon's timed jobs that are due: task reconciliation
// (a repeated TASK_UNREACHABLE for each unreachable task), the expunge of
// overdue unreachable instances, and the scale check of every app.
func (e *Emulator) periodic(now time.Time) {
	if e.due(&e.nextReconcile, now, e.cfg.ReconciliationInterval) {
		for _, as := range e.apps {
			for _, t := range as.tasks {
				if t.State == TaskUnreachable {
					e.unreachableUpdate(as, t, now, false)
				}
			}
		}
	}
	if e.due(&e.nextExpunge, now, e.cfg.TaskLostExpungeInterval) {
		for _, as := range e.apps {
			for _, t := range as.tasks {
				st := strategyOf(as, t)
				if t.State == TaskUnreachable && t.Inactive && !st.disabled && e.unreachableFor(t, st.expunge, now) {
					e.forceExpunge(as, t)
				}
			}
		}
	}
	if e.due(&e.nextScaleCheck, now, e.cfg.ScaleAppsInterval) {
		for _, as := range e.apps {
			e.scaleDue(as)
		}
	}
}

// due reports whether the timer at *next has fired, and sets the next one
// (none with Config.ManualJobs: the next waits for /_emulator/jobs).
func (e *Emulator) due(next *time.Time, now time.Time, every time.Duration) bool {
	if next.IsZero() || now.Before(*next) {
		return false
	}
	*next = now.Add(every)
	if e.cfg.ManualJobs {
		*next = time.Time{}
	}
	return true
}

// instanceStrategy is the strategy an Instance JSON carries: its version's
// as the definition gives it, Marathon's default when it gives none.
func instanceStrategy(as *appState, t *Task) json.RawMessage {
	if raw := defFor(as, t).UnreachableStrategy; len(bytes.TrimSpace(raw)) > 0 && string(raw) != "null" {
		return raw
	}
	return json.RawMessage(`{"inactiveAfterSeconds":0,"expungeAfterSeconds":0}`)
}
