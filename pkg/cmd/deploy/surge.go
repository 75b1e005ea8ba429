package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// A rolling deploy of a routed service never lets Marathon kill a task that
// still gets traffic: it surges through the other colour's app id
// (drain.Surge): the new release healthy beside the stable app, the traffic
// moved to it and the stable app's tasks drained, then the stable app
// updated as before, then the traffic back and the surge app drained and
// deleted. The stable app keeps its id and versions (yodel rollback), and
// --strategy rolling its flags, output and exit codes; a deploy takes two
// launches' time. With no lb agent registered nothing routes the app and
// Marathon's rolling upgrade is used directly.

// surgeUp starts the surge app, waits for it and routes to it. A failure
// before any traffic moved removes it and ends the deploy as a rolling
// deploy ending the same way would (a stall exits 3, rolled back).
func (d *deployer) surgeUp(ctx context.Context) error {
	o := d.opts
	svc := d.m.Service
	agents, err := svcutil.AgentClient(d.r, o.LookupEnv)
	if err != nil {
		return err
	}
	dr := &drain.Drainer{Store: d.st, Client: agents, ApplyTimeout: o.ApplyTimeout, Progress: func(line string) { d.view.Step(line) }}
	s := drain.NewSurge(dr, d.mc, svc, d.app.ID)
	temp, err := d.build(s.TempID)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	since := d.now()
	ref, err := s.Start(ctx, temp)
	if err != nil {
		err = appdef.MapInvalid(err, d.m, d.r.Realm)
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	spec := marathon.WaitSpec{AppID: s.TempID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: o.ProgressDeadline, Since: since}
	if !temp.HasHealthChecks() {
		spec.Settle = o.Settle
	}
	out, ending, werr := svcutil.Wait(ctx, d.mc, spec, o.Timeout, d.view, d.lock.Lost())
	d.res.Progress = out.Progress
	if ending != engine.Done {
		rctx, cancel := engine.Background(30 * time.Second)
		defer cancel()
		if err := s.Remove(rctx); err != nil {
			fmt.Fprintf(o.Deps.IO.ErrOut, "warning: %v\n", err)
		}
		return d.surgeEnded(s, ending, werr, out.Progress)
	}
	d.surge = s
	if err := s.Route(ctx); err != nil {
		return d.surgeFailed(err)
	}
	return nil
}

// surgeEnded ends a deploy whose surge app did not become healthy; the
// stable app was never touched.
func (d *deployer) surgeEnded(s *drain.Surge, ending engine.Ending, werr error, p marathon.Progress) error {
	o, svc := d.opts, d.m.Service
	switch ending {
	case engine.Stalled:
		reason := engine.StallReason(werr)
		msg := fmt.Sprintf("deploy of %s %s to %s failed and was rolled back (removed %s; %s %s kept serving): %s",
			svc, d.res.Release, d.r.Realm, s.TempID, s.Stable, orFirst(d.res.PreviousRelease), reason)
		d.res.Outcome, d.res.Reason = state.OutcomeRolledBack, reason
		d.finish(state.OutcomeRolledBack, reason)
		return cmdutil.WithExit(cmdutil.ExitRolledBack, errors.New(msg),
			fmt.Sprintf("see what happened: yodel status %s --realm %s (task logs are in Marathon/Mesos)", svc, o.Realm))
	case engine.Interrupted:
		msg := fmt.Sprintf("interrupted: %s was removed; %s %s keeps serving", s.TempID, svc, orFirst(d.res.PreviousRelease))
		d.res.Outcome, d.res.Reason = "interrupted", msg
		d.finish(state.OutcomeAborted, msg)
		return cmdutil.WithExit(cmdutil.ExitInterrupted, errors.New(msg), "")
	}
	if werr == nil {
		werr = errors.New(engine.Describe(p))
	}
	msg := fmt.Sprintf("starting %s %s as %s: %v; it was removed and %s keeps serving", svc, d.res.Release, s.TempID, werr, s.Stable)
	d.res.Outcome, d.res.Reason = string(ending), msg
	d.finish(state.OutcomeFailed, msg)
	if ending == engine.TimedOut {
		return cmdutil.WithExit(cmdutil.ExitTimeout, errors.New(msg), "")
	}
	return errors.New(msg)
}

// surgeDown takes the traffic back to the stable app and removes the surge
// app (nothing without a surge), then reads the routing state again for
// the deploy's own write.
func (d *deployer) surgeDown(ctx context.Context) error {
	if d.surge == nil {
		return nil
	}
	if err := d.surge.Back(ctx); err != nil {
		return err
	}
	d.surge = nil
	rt, ver, err := d.st.GetRouting(ctx, d.m.Service)
	if err != nil {
		return err
	}
	d.rt, d.rtVer = &rt, ver
	return nil
}

// surgeFailed puts the traffic back after a failure while routing to the
// surge app.
func (d *deployer) surgeFailed(cause error) error {
	ctx, cancel := engine.Background(2 * time.Minute)
	defer cancel()
	err := cause
	if derr := d.surgeDown(ctx); derr != nil {
		err = fmt.Errorf("%w; putting the routing back failed too: %v", cause, derr)
	}
	d.finish(state.OutcomeFailed, err.Error())
	return err
}

// leaveSurge puts the traffic back on the stable app and removes the surge
// app when the deploy stops waiting (--timeout, Ctrl-C) with Marathon's
// deployment left running: a surge app left on the canary route would be
// taken for a canary by the next deploy. The stable app's tasks that are
// healthy take the traffic; the agents keep the surge app's serving while
// none is (they never drain to an empty backend).
func (d *deployer) leaveSurge() {
	if d.surge == nil {
		return
	}
	ctx, cancel := engine.Background(2 * time.Minute)
	defer cancel()
	if err := d.surgeDown(ctx); err != nil {
		fmt.Fprintf(d.opts.Deps.IO.ErrOut, "warning: moving the traffic back to %s and removing %s: %v\n", d.surge.Stable, d.surge.TempID, err)
	}
}
