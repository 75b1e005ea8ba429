package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// A rolling deploy of a routed service never lets Marathon kill a task that
// still gets traffic: it surges through the other colour's app id
// (drain.Surge): the new release healthy beside the stable app, the traffic
// moved to it and the stable app's tasks drained, then the stable app
// updated as before, then the traffic back and the surge app drained and
// deleted. The stable app keeps its id and versions (rollback), and the
// rolling deploy its outcomes; a deploy takes two launches' time. With no
// lb agent registered nothing routes the app and Marathon's rolling
// upgrade is used directly.

// surgeUp starts the surge app, waits for it and routes to it. A failure
// before any traffic moved removes it and ends the deploy as a rolling
// deploy ending the same way would (a stall: KindRolledBack).
func (d *Deployment) surgeUp(ctx context.Context) error {
	s, req := d.s, d.req
	// Whatever stops the deploy here closes its history row: Marathon was
	// not touched yet.
	dr, err := d.drainer()
	if err != nil {
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	sg := drain.NewSurge(dr, s.MC, s.Service, d.App.ID)
	temp, err := d.build(sg.TempID)
	if err != nil {
		d.finish(state.OutcomeFailed, err.Error())
		return &InvalidError{Err: err}
	}
	since := s.Now()
	ref, err := sg.Start(ctx, temp)
	if err != nil {
		err = appdef.MapInvalid(err, req.Manifest, s.Realm.Realm)
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	spec := marathon.WaitSpec{AppID: sg.TempID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: req.ProgressDeadline, Since: since}
	if !temp.HasHealthChecks() {
		spec.Settle = req.Settle
	}
	out, ending, werr := s.Wait(ctx, spec, req.Timeout, true)
	d.Result.Progress = out.Progress
	if ending != Done {
		rctx, cancel := Background(30 * time.Second)
		defer cancel()
		if err := sg.Remove(rctx); err != nil {
			s.warn("%v", err)
		}
		return d.surgeEnded(sg, ending, werr, out.Progress)
	}
	d.surge = sg
	if err := sg.Route(ctx); err != nil {
		return d.surgeFailed(err)
	}
	return nil
}

// drainer drains through the live lb agents.
func (d *Deployment) drainer() (*drain.Drainer, error) {
	agents, err := d.s.agents()
	if err != nil {
		return nil, err
	}
	return &drain.Drainer{Store: d.s.Store, Client: agents, ApplyTimeout: d.req.ApplyTimeout, Progress: d.s.step}, nil
}

// adoptLeftSurge makes the surge app an earlier run of this deploy left
// with the traffic (SurgeLeft) this deploy's own: it goes on as if it had
// started it, and takes the traffic back at its end.
func (d *Deployment) adoptLeftSurge() error {
	if d.surge != nil || d.Live == nil || !SurgeLeft(d.rt, d.s.Service, d.App.ID) {
		return nil
	}
	dr, err := d.drainer()
	if err != nil {
		return err
	}
	d.s.step(fmt.Sprintf("an earlier deploy stopped with the traffic on %s: going on from there", d.rt.Canary))
	d.surge = drain.LeftSurge(dr, d.s.MC, d.s.Service, d.App.ID)
	return nil
}

// surgeEnded ends a deploy whose surge app did not become healthy; the
// stable app was never touched.
func (d *Deployment) surgeEnded(sg *drain.Surge, ending Ending, werr error, p marathon.Progress) error {
	svc, rel := d.s.Service, d.req.Release
	switch ending {
	case Stalled:
		reason := StallReason(werr)
		msg := fmt.Sprintf("deploy of %s %s to %s failed and was rolled back (removed %s; %s %s kept serving): %s",
			svc, rel, d.s.Realm.Realm, sg.TempID, sg.Stable, orFirst(d.Result.PreviousRelease), reason)
		d.Result.Outcome, d.Result.Reason = state.OutcomeRolledBack, reason
		d.finish(state.OutcomeRolledBack, reason)
		return d.withFailure(d.changeErr(KindRolledBack, LeftNothing, msg), p)
	case Interrupted:
		msg := fmt.Sprintf("interrupted: %s was removed; %s %s keeps serving", sg.TempID, svc, orFirst(d.Result.PreviousRelease))
		d.Result.Outcome, d.Result.Reason = OutcomeInterrupted, msg
		d.finish(state.OutcomeAborted, msg)
		return d.changeErr(KindInterrupted, LeftNothing, msg)
	}
	if werr == nil {
		werr = errors.New(Describe(p))
	}
	why := fmt.Sprint(werr)
	if ending == TimedOut {
		why = fmt.Sprintf("timed out after %s (--timeout)", d.req.Timeout)
	}
	msg := fmt.Sprintf("starting %s %s as %s: %s; it was removed and %s keeps serving", svc, rel, sg.TempID, why, sg.Stable)
	d.Result.Outcome, d.Result.Reason = string(ending), msg
	d.finish(state.OutcomeFailed, msg)
	if ending == TimedOut {
		return d.changeErr(KindTimedOut, LeftNothing, msg)
	}
	return errors.New(msg)
}

// surgeDown takes the traffic back to the stable app and removes the surge
// app (nothing without a surge), then reads the routing state again for
// the deploy's own write.
func (d *Deployment) surgeDown(ctx context.Context) error {
	if d.surge == nil {
		return nil
	}
	if err := d.surge.Back(ctx); err != nil {
		return err
	}
	d.surge = nil
	rt, ver, err := d.s.Store.GetRouting(ctx, d.s.Service)
	if err != nil {
		return err
	}
	d.rt, d.rtVer = &rt, ver
	return nil
}

// surgeFailed puts the traffic back after a failure while routing to the
// surge app.
func (d *Deployment) surgeFailed(cause error) error {
	ctx, cancel := Background(2 * time.Minute)
	defer cancel()
	err := cause
	if derr := d.surgeDown(ctx); derr != nil {
		err = fmt.Errorf("%w; putting the routing back failed too: %v", cause, derr)
	}
	d.finish(state.OutcomeFailed, err.Error())
	return err
}

// leaveSurge puts the traffic back on the stable app and removes the surge
// app when the deploy stops waiting (timeout, interrupt) with Marathon's
// deployment left running: a surge app left on the canary route would be
// taken for a canary by the next deploy. The stable app's tasks that are
// healthy take the traffic; the agents keep the surge app's serving while
// none is (they never drain to an empty backend).
func (d *Deployment) leaveSurge() {
	if d.surge == nil {
		return
	}
	ctx, cancel := Background(2 * time.Minute)
	defer cancel()
	if err := d.surgeDown(ctx); err != nil {
		d.s.warn("moving the traffic back to %s and removing %s: %v", d.surge.Stable, d.surge.TempID, err)
	}
}
