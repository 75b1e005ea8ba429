package deploy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// RestartRequest replaces every task of the service's stable app with a
// new one of the same definition and release (a process that leaks, a
// secret or a dependency's address read only at start).
type RestartRequest struct {
	Timeout, ProgressDeadline time.Duration
	// Settle is for an app without health checks (Change.Settle).
	Settle time.Duration
	// RealmArg is the realm as the caller named it, for the errors' data.
	RealmArg string
}

// RestartPlan is a restart PlanRestart found possible: the stable app and
// its release.
type RestartPlan struct {
	App     *marathon.App
	Release string
	req     RestartRequest
}

// PlanRestart reads the stable app. An app with nothing to restart (no
// instances) or a Marathon deployment still in progress on it (Marathon
// would refuse the restart, and forcing it would drop that deployment) is
// an error.
func (s *Session) PlanRestart(ctx context.Context, req RestartRequest) (*RestartPlan, error) {
	app, err := s.StableApp(ctx)
	if err != nil {
		return nil, err
	}
	if ids := app.DeploymentIDs(); len(ids) > 0 {
		return nil, &BusyError{Op: OpRestart, Service: s.Service, App: app.ID, Deployments: ids, Realm: req.RealmArg}
	}
	if app.WantedInstances() == 0 {
		return nil, &NothingToRestartError{Service: s.Service, App: app.ID, Realm: req.RealmArg}
	}
	return &RestartPlan{App: app, Release: app.Label(appdef.LabelRelease), req: req}, nil
}

// Restart runs a planned restart as a Change: Marathon's restart of the
// app (new tasks of the same definition, each old one killed once enough
// new ones are healthy), recorded in history and waited for. A routed app
// surges (drain.Surge): its definition starts beside it and takes the
// traffic, so that Marathon kills only drained tasks. A stall (the new
// tasks fail where the old ones ran) cancels Marathon's deployment with
// its rollback, which keeps the old tasks: in Marathon 1.4.13 the revert
// (DeploymentsResource's DELETE, DeploymentPlan.revert) keeps the app's
// versionInfo as the restart left it (GroupVersioningUtil: no config
// change), so it restarts nothing, and the new tasks, never healthy, are
// never routed and go with their failing checks (or the next scale check,
// which kills the youngest). The emulator does the same. The old tasks are
// routed again and the traffic returns to them.
func (s *Session) Restart(ctx context.Context, p *RestartPlan) (marathon.Progress, Ending, error) {
	svc, appID := s.Service, p.App.ID
	var surge *marathon.App
	if drain.Routed(ctx, s.Store, svc, appID) {
		surge = drain.Definition(p.App)
	}
	settle := p.req.Settle
	if p.App.HasHealthChecks() {
		settle = 0
	}
	old := drain.TaskIDs(p.App)
	var restart marathon.DeploymentRef
	release := orDash(p.Release)
	return s.Run(ctx, Change{
		AppID: appID, What: fmt.Sprintf("the restart of %s", svc),
		Action: "restart", OldRelease: release, NewRelease: release,
		Step:    fmt.Sprintf("restarting %s: a new task for each of its %d", appID, p.App.WantedInstances()),
		Release: release, Strategy: "restart",
		Apply: func(ctx context.Context) (marathon.DeploymentRef, error) {
			ref, err := s.MC.RestartApp(ctx, appID, false)
			restart = ref
			return ref, err
		},
		WantInstances: -1,
		Undo: func(ctx context.Context) (marathon.DeploymentRef, error) {
			ref, err := s.MC.CancelDeployment(ctx, restart.ID, false)
			if marathon.IsNotFound(err) {
				// Without health checks Marathon can finish before the
				// new tasks fail: it killed every old one on the way.
				return ref, fmt.Errorf("Marathon had already finished the restart, every old task replaced, so none is left to go back to (%w)", err)
			}
			if err != nil || surge == nil {
				return ref, err
			}
			// Drained for the surge: routed again, as the traffic returns.
			return ref, s.Drainer().Forget(ctx, svc, old)
		},
		UndoWant: -1, UndoWhat: "the tasks it started from",
		Timeout: p.req.Timeout, ProgressDeadline: p.req.ProgressDeadline, Settle: settle, RealmArg: p.req.RealmArg,
		Surge: surge,
	})
}

// BusyError refuses a restart, a deploy or a destroy while Marathon still
// deploys the stable app (a destroy: any app of the service). The caller
// holds the service's lock, so no yodel process drives that deployment: an
// earlier change was killed, interrupted or timed out, or someone changed
// the app in Marathon.
type BusyError struct {
	// Op is OpRestart, OpDeploy or OpDestroy; Canary says a deploy would
	// have started a canary.
	Op                  Op
	Canary              bool
	Service, App, Realm string
	// Release is what the deployment in progress deploys (the app's
	// release label).
	Release     string
	Deployments []string
	// SameRelease: the refused canary deploys the release that deployment
	// deploys, which a rolling deploy of it goes on with and waits for
	// (Deployment.Busy).
	SameRelease bool
	// Again is the command that goes past the refusal as the caller would
	// run it (a destroy with --force; the rolling deploy of SameRelease);
	// "" when the caller did not say.
	Again string
}

func (e *BusyError) Error() string {
	ids := strings.Join(e.Deployments, ", ")
	if e.Op == OpDestroy {
		return fmt.Sprintf("refusing to destroy %s: Marathon still deploys %s (deployment %s, release %s) and no yodel process drives it (the change that started it was stopped, or came from outside yodel): Marathon refuses to delete an app it deploys unless the delete cancels the deployment",
			e.Service, e.App, ids, orDash(e.Release))
	}
	if e.Op != OpDeploy {
		return fmt.Sprintf("%s (%s) has a Marathon deployment in progress (%s): a restart now would replace it", e.Service, e.App, ids)
	}
	why := "it must end first"
	if e.Canary {
		// The canary would be judged against, and an abort would "keep",
		// a stable app that is neither the old release nor the new one.
		why = "a canary beside an app still changing would be judged against neither release; it must end first"
	}
	return fmt.Sprintf("refusing to deploy %s: Marathon still deploys %s (deployment %s, release %s) and no yodel process drives it (the change that started it was stopped, or came from outside yodel): %s",
		e.Service, e.App, ids, orDash(e.Release), why)
}

// Kind implements the engine's error kinds.
func (e *BusyError) Kind() Kind { return KindLocked }

// NothingToRestartError refuses a restart of an app with no instances.
type NothingToRestartError struct {
	Service, App, Realm string
}

func (e *NothingToRestartError) Error() string {
	return fmt.Sprintf("%s (%s) runs no instances: there is nothing to restart", e.Service, e.App)
}

// Kind implements the engine's error kinds.
func (e *NothingToRestartError) Kind() Kind { return KindInvalid }
