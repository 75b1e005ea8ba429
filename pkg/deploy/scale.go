package deploy

import (
	"context"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// ScaleRequest scales the service's stable app.
type ScaleRequest struct {
	Instances                 int
	Timeout, ProgressDeadline time.Duration
	// Settle is for an app without health checks (Change.Settle).
	Settle time.Duration
	// RealmArg is the realm as the caller named it, for the errors' data.
	RealmArg string
	// Strategy names the change in history (default "scale FROM->TO");
	// Reason, when set, says why in the history row (the autoscaler's
	// request rate). `yodel scale`, the API's scale and the realm
	// server's autoscaler all scale through PlanScale and Scale.
	Strategy, Reason string
}

// ScalePlan is a scale PlanScale found possible: the stable app, and its
// instances now (From) and wanted (To).
type ScalePlan struct {
	App      *marathon.App
	From, To int
	req      ScaleRequest
	again    int // how many times this scale was run again (Scale)
}

// PlanScale checks the realm's instance limit (an *OverLimitError) and
// reads the stable app.
func (s *Session) PlanScale(ctx context.Context, req ScaleRequest) (*ScalePlan, error) {
	if limit := s.Realm.Limits.MaxInstances; limit > 0 && req.Instances > limit {
		return nil, &OverLimitError{Instances: req.Instances, Limit: limit, Realm: s.Realm.Realm, File: s.Realm.File}
	}
	app, err := s.StableApp(ctx)
	if err != nil {
		return nil, err
	}
	return &ScalePlan{App: app, From: app.WantedInstances(), To: req.Instances, req: req}, nil
}

// Scale runs a planned scale as a Change: recorded in history, waited
// for, and scaled back when it stalls. A scale-down kills the tasks it
// picked, drained first on every lb agent (pkg/drain): Marathon would kill
// its own choice undrained. Once done, the killed tasks leave the draining
// set.
func (s *Session) Scale(ctx context.Context, p *ScalePlan) (marathon.Progress, Ending, error) {
	svc, appID := s.Service, p.App.ID
	release := orDash(p.App.Label(appdef.LabelRelease))
	settle := p.req.Settle
	if p.App.HasHealthChecks() {
		settle = 0
	}
	strategy := p.req.Strategy
	if strategy == "" {
		strategy = "scale"
	}
	prog, ending, err := s.Run(ctx, Change{
		AppID: appID, What: fmt.Sprintf("scaling %s to %d", svc, p.To),
		Action: "scale", NewRelease: release, Step: fmt.Sprintf("scaling %s from %d to %d", appID, p.From, p.To),
		Release: release, Strategy: fmt.Sprintf("%s %d->%d", strategy, p.From, p.To), Reason: p.req.Reason,
		Apply: func(ctx context.Context) (marathon.DeploymentRef, error) {
			cur, err := s.MC.App(ctx, appID) // the tasks as they are now
			if err != nil {
				return marathon.DeploymentRef{}, err
			}
			if ref, ok, err := s.Drainer().ScaleDown(ctx, s.MC, svc, cur, p.To); ok {
				return ref, err
			}
			return s.MC.ScaleApp(ctx, appID, p.To, false)
		},
		WantInstances: p.To,
		// force: the stalled scale still holds the app.
		Undo: func(ctx context.Context) (marathon.DeploymentRef, error) {
			return s.MC.ScaleApp(ctx, appID, p.From, true)
		},
		UndoWant: p.From, UndoWhat: fmt.Sprintf("%d instances", p.From),
		Timeout: p.req.Timeout, ProgressDeadline: p.req.ProgressDeadline, Settle: settle, RealmArg: p.req.RealmArg,
	})
	if ending == Done {
		// The killed tasks are gone: out of the draining set.
		if terr := s.Drainer().Tidy(ctx, s.MC, svc); terr != nil {
			s.warn("tidying the draining set of %s: %v", svc, terr)
		}
		// A kill-and-scale lowers the count only by the tasks Marathon
		// still knew; one killed and replaced under a new id between the
		// last read and the kill leaves an instance too many, and the wait
		// (healthy >= wanted) calls that done. Scale again from there.
		if cur, rerr := s.MC.App(ctx, appID); rerr == nil && cur.WantedInstances() != p.To && p.again < maxScaleAgain {
			s.warn("Marathon holds %d instance(s) of %s, not %d: tasks picked for the kill were replaced meanwhile; scaling again", cur.WantedInstances(), appID, p.To)
			return s.Scale(ctx, &ScalePlan{App: cur, From: cur.WantedInstances(), To: p.To, req: p.req, again: p.again + 1})
		}
	}
	return prog, ending, err
}

// maxScaleAgain bounds Scale's reruns: a count that keeps moving is
// someone else scaling the app too.
const maxScaleAgain = 2

// OverLimitError refuses a scale over the realm's limits.maxInstances.
type OverLimitError struct {
	Instances, Limit int
	Realm, File      string
}

func (e *OverLimitError) Error() string {
	return fmt.Sprintf("%d instances is over realm %s's limit of %d (limits.maxInstances in %s)", e.Instances, e.Realm, e.Limit, e.File)
}

// Kind implements the engine's error kinds.
func (e *OverLimitError) Kind() Kind { return KindInvalid }
