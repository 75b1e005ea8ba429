package drain

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// DefaultGrace bounds a drain when the app sets no kill grace period
// (Marathon's default taskKillGracePeriodSeconds is unset: SIGKILL follows
// SIGTERM after 3s, the executor's default).
const DefaultGrace = 3 * time.Second

// Grace is app's kill grace period: how long a drain may wait for its
// tasks' sessions (Marathon would give them as long after SIGTERM).
func Grace(app *marathon.App) time.Duration {
	if app == nil || app.TaskKillGracePeriodSeconds == nil || *app.TaskKillGracePeriodSeconds <= 0 {
		return DefaultGrace
	}
	return time.Duration(*app.TaskKillGracePeriodSeconds * float64(time.Second))
}

// Victims picks the n tasks of app a scale-down kills: those not running,
// then unhealthy ones, then the youngest (Marathon's default kill
// selection, YoungestFirst). Never a task whose agent Mesos lost
// (TASK_UNREACHABLE): Marathon no longer counts one that is
// UnreachableInactive (the default strategy makes it so at once), and a
// kill with scale of it lowers the instance count by nothing
// (TaskKiller.killAndScale counts active instances); it kills running
// ones instead.
func Victims(app *marathon.App, n int) []string {
	tasks := slices.DeleteFunc(slices.Clone(app.Tasks), func(t *marathon.Task) bool { return t == nil || marathon.TaskUnreachable(t) })
	rank := func(t *marathon.Task) int {
		switch {
		case !marathon.TaskRunning(t):
			return 0
		case !app.TaskHealthy(t):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(tasks, func(a, b *marathon.Task) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(b.StartedAt, a.StartedAt) // RFC 3339: newest first
	})
	var out []string
	for _, t := range tasks[:min(n, len(tasks))] {
		out = append(out, t.ID)
	}
	return out
}

// countable counts the tasks of app a kill with scale can take.
func countable(app *marathon.App) int {
	n := 0
	for _, t := range app.Tasks {
		if t != nil && !marathon.TaskUnreachable(t) {
			n++
		}
	}
	return n
}

// TaskIDs lists app's task ids.
func TaskIDs(app *marathon.App) []string {
	var out []string
	for _, t := range app.Tasks {
		if t != nil {
			out = append(out, t.ID)
		}
	}
	return out
}

// ScaleDown drains the tasks a scale of app to n removes, then kills them
// with POST /v2/tasks/delete?scale=true, so that Marathon lowers the
// instance count by exactly those tasks instead of picking (and killing
// undrained) ones itself. The returned ref is the deployment of that
// scale. A scale up, or a change of nothing, returns ok false: the caller
// scales as usual.
//
// Marathon lowers the count only by the ids it still knows: a victim that
// died during the drain (a failed health check, a crash: Marathon has
// already replaced it under a new id) would leave one instance too many
// for each. Scaling 3000 to 3 on a busy machine kept 1229 that way. So
// the app is read again after the drain, and while victims have vanished
// they are picked again from what runs now (the replacements, youngest,
// first), the new ones drained, the ones kept undrained.
func (d *Drainer) ScaleDown(ctx context.Context, mc Marathon, svc string, app *marathon.App, n int) (ref marathon.DeploymentRef, ok bool, err error) {
	// ?scale=true lowers instances by the number killed: that number must
	// be wanted - n, and the app must have as many tasks (an app still
	// launching is scaled by Marathon, which kills the unlaunched first).
	surplus := app.WantedInstances() - n
	if surplus <= 0 || countable(app) < app.WantedInstances() {
		return ref, false, nil
	}
	ids := Victims(app, surplus)
	if _, err := d.Drain(ctx, svc, ids, Grace(app), liveIn(app)); err != nil {
		return ref, true, err
	}
	for range maxRepicks {
		now, err := mc.App(ctx, app.ID)
		if err != nil {
			return ref, true, fmt.Errorf("reading %s after draining its surplus tasks: %w", app.ID, err)
		}
		live := liveIn(now)
		if !slices.ContainsFunc(ids, func(id string) bool { return !live(id) }) {
			break
		}
		if now.WantedInstances() != app.WantedInstances() || countable(now) < now.WantedInstances() {
			// Someone else scaled it, or it is launching replacements:
			// kill what is left of the choice; the caller's wait and
			// check of the count see the rest.
			break
		}
		picked := Victims(now, surplus)
		var kept []string
		for _, id := range ids {
			if live(id) && !slices.Contains(picked, id) {
				kept = append(kept, id)
			}
		}
		if _, err := d.Drain(ctx, svc, picked, Grace(now), live); err != nil {
			return ref, true, err
		}
		if err := d.Forget(ctx, svc, kept); err != nil {
			return ref, true, err
		}
		app, ids = now, picked
	}
	ref, err = mc.KillTasks(ctx, ids, marathon.KillOptions{Scale: true})
	if err != nil {
		return ref, true, fmt.Errorf("killing %d drained task(s) of %s: %w", len(ids), app.ID, err)
	}
	return ref, true, nil
}

// maxRepicks bounds how often ScaleDown picks its victims again: tasks
// dying faster than a drain takes is a failing app, which the scale's own
// wait reports.
const maxRepicks = 3

// Tidy forgets the drained tasks that no app of svc runs any more, once
// a kill is done (Marathon has reported them gone): the draining set only
// holds tasks about to go.
func (d *Drainer) Tidy(ctx context.Context, mc Marathon, svc string) error {
	apps, err := mc.ServiceApps(ctx, svc)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for i := range apps {
		for _, id := range TaskIDs(&apps[i]) {
			keep[id] = true
		}
	}
	return d.Prune(ctx, svc, func(id string) bool { return keep[id] })
}

// liveIn says whether a task id is among app's tasks.
func liveIn(app *marathon.App) func(string) bool {
	ids := TaskIDs(app)
	return func(id string) bool { return slices.Contains(ids, id) }
}
