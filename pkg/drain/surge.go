package drain

import (
	"context"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Surge changes the definition of a routed stable app (a rolling deploy, a
// rollback) without letting Marathon kill a task that still gets traffic.
// Marathon's own rolling upgrade kills old tasks as soon as new ones are
// healthy, with no hook in between, and on Marathon 1.4 (no TASK_KILLING)
// the lb agents learn of a kill only once the task has stopped. So the
// change surges through the other colour's app id:
//
//  1. Start: the new definition runs as /<svc>-green beside /<svc>-blue
//     (same instances); the caller waits until it is healthy, and on
//     failure Removes it (it never got traffic; the stable app untouched);
//  2. Route: the routing state sends all traffic to it (the canary route
//     at 100%) and every task of the stable app is drained;
//  3. the caller changes the stable app as before (Marathon kills drained
//     tasks only) and waits, with its usual stall handling;
//  4. Back: the traffic returns to the stable app, the surge app's tasks
//     are drained, and it is deleted.
//
// The stable app keeps its id and its versions; a change takes two
// launches' time.
type Surge struct {
	Drainer *Drainer
	MC      Marathon
	Service string
	Stable  string // the stable app's id
	TempID  string // the surge app's id
	routed  bool
}

// NewSurge prepares a surge of svc's stable app.
func NewSurge(dr *Drainer, mc Marathon, svc, stable string) *Surge {
	return &Surge{Drainer: dr, MC: mc, Service: svc, Stable: stable, TempID: appdef.OtherColour(svc, stable)}
}

// LeftSurge is the surge of svc's stable app that a deploy stopped with
// the traffic on it (its lock lost while routing to it, or killed):
// Back takes the traffic back and removes it.
func LeftSurge(dr *Drainer, mc Marathon, svc, stable string) *Surge {
	s := NewSurge(dr, mc, svc, stable)
	s.routed = true
	return s
}

// Routed says whether a change of app must surge: the routing state names it
// stable with nothing on the canary route and gives the service a port, and
// an lb agent is live. With no agent or no port nothing routes the app:
// Marathon's rolling upgrade cuts nothing, and a surge would only start
// every task twice (and leave a Ctrl-C'd deploy nothing to undo).
func Routed(ctx context.Context, st state.Store, svc, app string) bool {
	rt, _, err := st.GetRouting(ctx, svc)
	if err != nil || rt.Stable != app || rt.Canary != "" || len(rt.Ports) == 0 {
		return false
	}
	agents, err := st.ListAgents(ctx)
	return err == nil && len(agents) > 0
}

// Start creates (or replaces a leftover of) the surge app with def's
// definition; the caller waits for the returned deployment.
func (s *Surge) Start(ctx context.Context, def *marathon.App) (marathon.DeploymentRef, error) {
	a := Definition(def)
	a.ID = s.TempID
	s.progress(fmt.Sprintf("starting %s beside %s (the tasks of %s are drained before Marathon kills them)", s.TempID, s.Stable, s.Stable))
	return s.MC.UpdateApp(ctx, a, true)
}

// Remove deletes the surge app after a failed Start (it got no traffic).
func (s *Surge) Remove(ctx context.Context) error {
	if _, err := s.MC.DeleteApp(ctx, s.TempID, true); err != nil && !marathon.IsNotFound(err) {
		return fmt.Errorf("removing %s (it gets no traffic; delete it in Marathon): %w", s.TempID, err)
	}
	return nil
}

// Route sends all traffic to the surge app, and once every lb agent routes
// its tasks, drains the stable app.
func (s *Surge) Route(ctx context.Context) error {
	temp, err := s.MC.App(ctx, s.TempID)
	if err != nil {
		return fmt.Errorf("reading %s: %w", s.TempID, err)
	}
	s.progress(fmt.Sprintf("routing %s to %s", s.Service, s.TempID))
	s.routed = true
	if _, err := s.Drainer.DrainWith(ctx, s.Service, nil, 0, nil, func(rt *state.Routing) {
		rt.Canary, rt.CanaryWeight, rt.CanaryIsolated, rt.CanarySticky = s.TempID, 100, false, false
		rt.UpdatedAt = time.Now().UTC()
	}); err != nil {
		return err
	}
	if err := s.Drainer.WaitRouted(ctx, s.Service, s.TempID, temp.WantedInstances()); err != nil {
		return err
	}
	live, err := s.MC.App(ctx, s.Stable)
	if err != nil {
		return fmt.Errorf("reading %s: %w", s.Stable, err)
	}
	s.progress(fmt.Sprintf("draining %s", s.Stable))
	_, err = s.Drainer.Drain(ctx, s.Service, TaskIDs(live), Grace(live), nil)
	return err
}

// Back returns the traffic to the stable app, drains and deletes the surge
// app, and forgets the drained tasks that are gone. Nothing unless Route
// ran.
func (s *Surge) Back(ctx context.Context) error {
	if !s.routed {
		return nil
	}
	temp, err := s.MC.App(ctx, s.TempID)
	var ids []string
	grace := DefaultGrace
	switch {
	case marathon.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("reading %s: %w", s.TempID, err)
	default:
		ids, grace = TaskIDs(temp), Grace(temp)
	}
	// The stable app's new tasks are routed already (at weight 0 beside
	// the surge app's 100%): wait until every agent has them, so that
	// draining the surge app leaves them the traffic.
	if live, err := s.MC.App(ctx, s.Stable); err == nil {
		if err := s.Drainer.WaitRouted(ctx, s.Service, s.Stable, live.WantedInstances()); err != nil {
			return err
		}
	}
	s.progress(fmt.Sprintf("routing %s back to %s and draining %s", s.Service, s.Stable, s.TempID))
	if _, err := s.Drainer.DrainWith(ctx, s.Service, ids, grace, nil, func(rt *state.Routing) {
		rt.Canary, rt.CanaryWeight, rt.CanaryIsolated, rt.CanarySticky = "", 0, false, false
		rt.UpdatedAt = time.Now().UTC()
	}); err != nil {
		return err
	}
	s.progress("deleting " + s.TempID)
	if err := DeleteAndWait(ctx, s.MC, s.TempID); err != nil {
		return err
	}
	s.routed = false
	return s.Drainer.Tidy(ctx, s.MC, s.Service)
}

// DeleteAndWait deletes app id (force: whatever deployment holds it) and
// waits until Marathon has; an app already gone is no error.
func DeleteAndWait(ctx context.Context, mc Marathon, id string) error {
	ref, err := mc.DeleteApp(ctx, id, true)
	switch {
	case marathon.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("deleting %s: %w", id, err)
	default:
		if _, err := mc.WaitDeployment(ctx, marathon.WaitSpec{AppID: id, DeploymentID: ref.ID, WantInstances: 0, Since: time.Now()}); err != nil && !marathon.IsNotFound(err) {
			return fmt.Errorf("waiting for %s to be deleted: %w", id, err)
		}
	}
	return nil
}

func (s *Surge) progress(line string) { s.Drainer.progress(line) }

// Definition is app as a definition to PUT: without what Marathon reports
// about a running app (tasks, counts, deployments, version: a PUT naming a
// version is a rollback to it).
func Definition(app *marathon.App) *marathon.App {
	a := *app
	a.Tasks, a.Deployments, a.TaskStats, a.LastTaskFailure = nil, nil, nil, nil
	a.TasksRunning, a.TasksStaged, a.TasksHealthy, a.TasksUnhealthy = 0, 0, 0, 0
	a.Version, a.VersionInfo = "", nil
	return &a
}

// Marathon is what a drain and a surge change of Marathon; *marathon.Client
// has it.
type Marathon interface {
	App(ctx context.Context, id string) (*marathon.App, error)
	ServiceApps(ctx context.Context, svc string) ([]marathon.App, error)
	UpdateApp(ctx context.Context, app *marathon.App, force bool) (marathon.DeploymentRef, error)
	DeleteApp(ctx context.Context, id string, force bool) (marathon.DeploymentRef, error)
	KillTasks(ctx context.Context, ids []string, opts marathon.KillOptions) (marathon.DeploymentRef, error)
	WaitDeployment(ctx context.Context, spec marathon.WaitSpec) (marathon.Outcome, error)
}
