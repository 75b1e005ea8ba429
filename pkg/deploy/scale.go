package deploy

import (
	"context"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// ScaleRequest is one change of a service's stable app's instance count:
// `yodel scale`, the API's scale and the realm server's autoscaler make it
// the same way (Session.Scale).
type ScaleRequest struct {
	// App is the stable app as read before the change (Session.StableApp).
	App       *marathon.App
	Instances int
	Timeout   time.Duration
	// ProgressDeadline and Settle: see Change.
	ProgressDeadline, Settle time.Duration
	RealmArg                 string
	// Strategy names the change in history (default "scale FROM->TO");
	// Reason, when set, says why in the history row (the autoscaler's
	// request rate).
	Strategy, Reason string
}

// Scale changes the stable app to req.Instances under the session's lock
// (GuardAndLock with OpScale first: never during a rollout), waited for
// like a deploy and scaled back when it stalls (Run). A scale-down drains
// the tasks it removes on every lb agent, then kills exactly those
// (pkg/drain); Marathon would kill its own choice undrained. The history
// row is the session's.
func (s *Session) Scale(ctx context.Context, req ScaleRequest) (marathon.Progress, Ending, error) {
	app, svc := req.App, s.Service
	from := app.WantedInstances()
	release := app.Label(appdef.LabelRelease)
	if release == "" {
		release = "-"
	}
	settle := req.Settle
	if app.HasHealthChecks() {
		settle = 0
	}
	strategy := req.Strategy
	if strategy == "" {
		strategy = "scale"
	}
	strategy = fmt.Sprintf("%s %d->%d", strategy, from, req.Instances)
	p, ending, err := s.Run(ctx, Change{
		AppID: app.ID, What: fmt.Sprintf("scaling %s to %d", svc, req.Instances),
		Action: "scale", NewRelease: release, Step: fmt.Sprintf("scaling %s from %d to %d", app.ID, from, req.Instances),
		Release: release, Strategy: strategy, Reason: req.Reason,
		Apply: func(ctx context.Context) (marathon.DeploymentRef, error) {
			cur, err := s.MC.App(ctx, app.ID) // the tasks as they are now
			if err != nil {
				return marathon.DeploymentRef{}, err
			}
			if ref, ok, err := s.Drainer().ScaleDown(ctx, s.MC, svc, cur, req.Instances); ok {
				return ref, err
			}
			return s.MC.ScaleApp(ctx, app.ID, req.Instances, false)
		},
		WantInstances: req.Instances,
		// force: the stalled scale still holds the app.
		Undo: func(ctx context.Context) (marathon.DeploymentRef, error) {
			return s.MC.ScaleApp(ctx, app.ID, from, true)
		},
		UndoWant: from, UndoWhat: fmt.Sprintf("%d instances", from),
		Timeout: req.Timeout, ProgressDeadline: req.ProgressDeadline, Settle: settle, RealmArg: req.RealmArg,
	})
	if ending == Done {
		// The killed tasks are gone: out of the draining set.
		if terr := s.Drainer().Tidy(ctx, s.MC, svc); terr != nil {
			s.warn("tidying the draining set of %s: %v", svc, terr)
		}
	}
	return p, ending, err
}
