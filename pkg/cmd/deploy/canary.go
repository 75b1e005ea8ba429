package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/shared"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// canary rolls the release out as a canary beside the live stable app
// (the engine's Session.DeployCanary, presented by pkg/cmd/canary/shared;
// this maps its end to Result).
func (d *deployer) canary(ctx context.Context, release string, secrets *manifest.SecretSource) error {
	o := d.opts
	d.res.Strategy = StrategyCanary
	out := o.Output
	if out.IsJSON() {
		out = "" // deploy prints its own Result, with the record in it
	}
	// --timeout bounds the rollout too (it used to bound only rolling
	// deploys: a canary nobody could judge sat at partial for ever). The
	// driver leaves the rollout where it is, serving safely, resumable.
	tctx, cancel := ctx, context.CancelFunc(func() {})
	if o.Timeout > 0 {
		tctx, cancel = context.WithTimeoutCause(ctx, o.Timeout, &canaryTimeout{o.Timeout})
	}
	defer cancel()
	in := engine.CanaryRequest{Manifest: d.m, Realm: d.r, Release: release, Stable: d.live, Holder: d.s.Lock.Holder(),
		Secrets: secrets, Labels: svcutil.DeployLabels(o.Deps.Getenv, d.m.Dir()),
		SkipIsolated: o.SkipIsolated, SkipPartial: o.SkipPartial, Now: d.now(), Detach: o.Detach}
	var r *canary.Rollout
	var err error
	if o.Detach {
		r, err = d.s.DeployCanary(tctx, in, engine.DriveRequest{})
		err = cmdutil.RealmAsNamed(err, d.r.Realm, d.r.Arg())
	} else {
		r, err = shared.Drive(tctx, d.s, shared.DriveOptions{Output: out, Quiet: o.Output.IsJSON(), JUnit: o.JUnit,
			ProgressDeadline: o.ProgressDeadline, Settle: o.Settle},
			func(ctx context.Context, req engine.DriveRequest) (*canary.Rollout, error) {
				return d.s.DeployCanary(ctx, in, req)
			})
	}
	d.res.Canary = r
	if r != nil {
		d.res.AppID, d.res.HistoryID = r.Canary.App, r.ID
		d.res.Plan.AppID = r.Canary.App
		d.res.Progress = d.canaryProgress(r)
	}
	var rb *canary.RolledBackError
	var left *canary.LeftError
	var to *canaryTimeout
	switch {
	case err == nil && o.Detach:
		d.res.Outcome = state.OutcomeInProgress
		if !o.Output.IsJSON() {
			fmt.Fprintf(o.Deps.IO.Out, "%s %s: canary %s created and its rollout recorded in %s; the realm's server (%s) drives it\nFollow it: yodel canary status %s --realm %s --watch\n",
				d.m.Service, release, r.Canary.App, d.r.Realm, d.r.Server.URL, d.m.Service, d.r.Arg())
		}
	case err == nil:
		d.res.Outcome = state.OutcomeSucceeded
	case errors.As(err, &rb):
		d.res.Outcome, d.res.Reason = state.OutcomeRolledBack, rb.Rollout.Reason
		svcutil.PrintFailedTaskOutput(ctx, o.Deps.IO.ErrOut, d.mc, d.r, rb.Rollout.Service, rb.Rollout.FailedTask)
	case errors.As(err, &left) && errors.As(err, &to) && ctx.Err() == nil:
		d.res.Outcome, d.res.Reason = "timed-out", err.Error()
		return cmdutil.WithExit(cmdutil.ExitTimeout, err, cmdutil.Hint(err)) // left's, with the realm as named
	default:
		d.res.Outcome, d.res.Reason = state.OutcomeFailed, err.Error()
	}
	return err
}

// canaryTimeout is why a canary deploy's context ended at --timeout.
type canaryTimeout struct{ after time.Duration }

func (e *canaryTimeout) Error() string {
	return fmt.Sprintf("timed out after %s (--timeout)", e.after)
}

// detachRefused: --detach leaves a canary rollout to the server; a first
// deploy (or --strategy rolling) is not one.
func detachRefused(svc, realm string) error {
	return cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("--detach runs canary rollouts only, and %s has no stable release in %s yet: its first deploy is rolling", svc, realm),
		"deploy the first release without --detach")
}

// canaryProgress is the progress of -o json after a canary: the tasks of
// the app that serves the service now (the canary's once promoted, the
// stable one after a rollback), as Marathon has it; zero when unreadable.
func (d *deployer) canaryProgress(r *canary.Rollout) marathon.Progress {
	ctx, cancel := engine.Background(30 * time.Second)
	defer cancel()
	s, err := engine.NowServing(ctx, d.mc, r)
	if err != nil || !s.Found {
		return marathon.Progress{AppID: s.App}
	}
	app, err := d.mc.App(ctx, s.App)
	if err != nil {
		return marathon.Progress{AppID: s.App}
	}
	p := marathon.Progress{AppID: app.ID, Wanted: app.WantedInstances(), DeploymentDone: len(app.DeploymentIDs()) == 0}
	p.CountTasks(app, time.Now())
	return p
}
