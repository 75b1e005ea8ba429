package marathon

import (
	"slices"
	"time"
)

// ScaleCheckKills lists the running tasks Marathon's next scale check will
// kill: those of an app that runs more instances than it asks for while no
// deployment holds it. That happens when a task Mesos lost (and Marathon
// replaced) comes back, or after a deployment was cancelled half-way.
// Marathon kills such a surplus only at its periodic scale check (every 5
// minutes by default), with no warning and no drain; a load balancer that
// drains these tasks first loses no request to it.
//
// The choice is Marathon's ScalingProposition (1.4.13 and 1.10.26 alike):
// the instances that count are the active ones (staging, starting,
// running) not being killed, and an unreachable one only while its
// unreachableStrategy keeps it active, which ScaleCheckKills cannot tell
// and so leaves out (Marathon kills it first anyway, so the running tasks
// it picks are the same or fewer); the surplus is killed staging tasks
// first, then starting, then running ones, these by killSelection on
// their start (the youngest by default). killing reports a task being
// killed that the app may still list as running (a kill event Marathon
// sent before a read shows it).
//
// It returns nil where Marathon's choice cannot be known from the app: a
// deployment holds it (the deployment picks its own tasks), a GROUP_BY
// constraint steers the choice (by agent attributes the app does not
// show), or a running task's start is missing or unreadable.
func ScaleCheckKills(a *App, killing func(taskID string) bool) []string {
	if a == nil || a.Instances == nil || len(a.Deployments) > 0 || groupBy(a) {
		return nil
	}
	type started struct {
		id string
		at time.Time
	}
	var running []started
	active := 0
	for _, t := range a.Tasks {
		if t == nil || !scaleActive(t.State) || (killing != nil && killing(t.ID)) {
			continue
		}
		active++
		if TaskRunning(t) {
			at, err := time.Parse(time.RFC3339Nano, t.StartedAt)
			if err != nil {
				return nil
			}
			running = append(running, started{t.ID, at})
		}
	}
	surplus := active - *a.Instances
	// Staging and starting tasks go first: only the rest is running.
	kill := min(surplus-(active-len(running)), len(running))
	if kill <= 0 {
		return nil
	}
	oldestFirst := a.KillSelection == "OLDEST_FIRST"
	slices.SortStableFunc(running, func(x, y started) int {
		if oldestFirst {
			return x.at.Compare(y.at)
		}
		return y.at.Compare(x.at)
	})
	out := make([]string, kill)
	for i := range out {
		out[i] = running[i].id
	}
	return out
}

// groupBy reports whether a GROUP_BY constraint steers a's scale-down
// (Constraints.selectInstancesToKill: the only operator that does).
func groupBy(a *App) bool {
	if a.Constraints == nil {
		return false
	}
	for _, c := range *a.Constraints {
		if len(c) >= 2 && c[1] == "GROUP_BY" {
			return true
		}
	}
	return false
}

// mayScaleDown reports whether a's next scale check may kill any of its
// tasks (ScaleCheckKills without the start times): only then does the
// lb agent's slim copy keep those.
func mayScaleDown(a *App) bool {
	if a.Instances == nil || len(a.Deployments) > 0 {
		return false
	}
	active := 0
	for _, t := range a.Tasks {
		if t != nil && scaleActive(t.State) {
			active++
		}
	}
	return active > *a.Instances
}

// scaleActive: the task states whose instances a scale check counts
// (Condition.Active, less Killing, UnreachableInactive and, as
// ScaleCheckKills explains, Unreachable).
func scaleActive(state string) bool {
	return state == "TASK_STAGING" || state == "TASK_STARTING" || state == "TASK_RUNNING"
}

// keepForScaleCheck copies to the slim dst what ScaleCheckKills reads of
// src besides its tasks: instances, killSelection, whether a deployment
// holds it (not which) and its GROUP_BY constraints.
func keepForScaleCheck(dst, src *App) {
	if src.Instances != nil {
		n := *src.Instances
		dst.Instances = &n
	}
	if src.KillSelection == "OLDEST_FIRST" {
		dst.KillSelection = "OLDEST_FIRST" // the constant: no per-app copy
	}
	if len(src.Deployments) > 0 {
		dst.Deployments = make([]map[string]string, len(src.Deployments))
	}
	if groupBy(src) {
		dst.Constraints = src.Constraints
	}
}
