package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/cmd/canary/shared"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// A rolling deploy of a routed service never lets Marathon kill a task that
// still gets traffic. Marathon's own rolling upgrade kills old tasks as
// soon as new ones are healthy, with no hook in between, and on Marathon
// 1.4 (no TASK_KILLING) the lb agents learn of a kill only once the task
// has stopped. So yodel surges through the other colour's app id:
//
//  1. the new release starts as /<svc>-green beside /<svc>-blue (same
//     instances) and must become healthy: a stall deletes it and exits 3,
//     the stable app untouched;
//  2. the routing state sends all traffic to it (the canary route at 100%)
//     and drains every task of the stable app (pkg/drain): no new request,
//     running ones finish, up to the kill grace period;
//  3. the stable app is updated as before (Marathon kills drained tasks
//     only) and waited for: the usual rolling wait, stall and rollback;
//  4. the traffic goes back to the stable app, the surge app's tasks are
//     drained, and it is deleted.
//
// The stable app keeps its id, versions (yodel rollback) and the user-facing
// behaviour of --strategy rolling; a deploy takes two launches' time. With
// no lb agent registered nothing routes the app: Marathon's rolling upgrade
// is used directly.
type surge struct {
	tempID string
	dr     *drain.Drainer
}

// routed says whether the stable app gets traffic through lb agents that a
// Marathon kill would cut: a routing state naming it, no rollout on the
// canary route, and at least one live agent.
func (d *deployer) routed(ctx context.Context) bool {
	if d.rt == nil || d.rt.Stable != d.app.ID || d.rt.Canary != "" {
		return false
	}
	agents, err := d.st.ListAgents(ctx)
	return err == nil && len(agents) > 0
}

// surgeUp runs steps 1 and 2.
func (d *deployer) surgeUp(ctx context.Context) error {
	o := d.opts
	svc := d.m.Service
	tempID := shared.OtherColour(svc, d.app.ID)
	temp, err := d.build(tempID)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	s := &surge{tempID: tempID, dr: &drain.Drainer{Store: d.st, Client: &lb.Client{}, ApplyTimeout: o.ApplyTimeout,
		Progress: func(line string) { d.view.Step(line) }}}
	d.view.Step(fmt.Sprintf("starting %s beside %s with the new release (the old tasks are drained before Marathon kills them)", tempID, d.app.ID))
	since := d.now()
	ref, err := d.mc.UpdateApp(ctx, temp, true) // PUT: creates it, or replaces a leftover
	if err != nil {
		err = svcutil.MapInvalid(err, d.m, d.r.Realm)
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	spec := marathon.WaitSpec{AppID: tempID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: o.ProgressDeadline, Since: since}
	if !temp.HasHealthChecks() {
		spec.Settle = o.Settle
	}
	out, ending, werr := svcutil.Wait(ctx, d.mc, spec, o.Timeout, d.view, d.lock.Lost())
	d.res.Progress = out.Progress
	if ending != svcutil.Done {
		d.deleteTemp(tempID)
		switch ending {
		case svcutil.Stalled:
			reason := svcutil.StallReason(werr)
			msg := fmt.Sprintf("deploy of %s %s to %s failed and was rolled back (removed %s; %s kept serving): %s",
				svc, d.res.Release, d.r.Realm, tempID, d.app.ID, reason)
			d.res.Outcome, d.res.Reason = state.OutcomeRolledBack, reason
			d.finish(state.OutcomeRolledBack, reason)
			return cmdutil.WithExit(cmdutil.ExitRolledBack, errors.New(msg),
				fmt.Sprintf("see what happened: yodel status %s --realm %s (task logs are in Marathon/Mesos)", svc, o.Realm))
		case svcutil.Interrupted:
			d.res.Outcome = "interrupted"
			d.finish(state.OutcomeAborted, "interrupted before the stable app was changed")
			return cmdutil.WithExit(cmdutil.ExitInterrupted, fmt.Errorf("interrupted: %s was removed; %s %s keeps serving", tempID, svc, orFirst(d.res.PreviousRelease)), "")
		}
		if werr == nil {
			werr = fmt.Errorf("%s: %s", ending, svcutil.Describe(out.Progress))
		}
		msg := fmt.Sprintf("starting %s %s as %s: %v; it was removed and %s keeps serving", svc, d.res.Release, tempID, werr, d.app.ID)
		d.res.Outcome, d.res.Reason = string(ending), msg
		d.finish(state.OutcomeFailed, msg)
		if ending == svcutil.TimedOut {
			return cmdutil.WithExit(cmdutil.ExitTimeout, errors.New(msg), "")
		}
		return errors.New(msg)
	}
	d.surge = s
	live, err := d.mc.App(ctx, d.app.ID)
	if err != nil {
		return d.surgeFailed(fmt.Errorf("reading %s: %w", d.app.ID, err))
	}
	d.view.Step(fmt.Sprintf("routing %s to %s and draining %s's tasks", svc, tempID, d.app.ID))
	_, err = s.dr.DrainWith(ctx, svc, drain.TaskIDs(live), drain.Grace(live), nil, func(rt *state.Routing) {
		rt.Canary, rt.CanaryWeight, rt.CanaryIsolated = tempID, 100, false
		rt.UpdatedAt = d.now()
	})
	if err != nil {
		return d.surgeFailed(err)
	}
	return nil
}

// surgeDown runs step 4 (nothing without a surge): the stable app takes the
// traffic back, the surge app is drained and deleted. The routing state is
// read again for the deploy's own write.
func (d *deployer) surgeDown(ctx context.Context) error {
	s := d.surge
	if s == nil {
		return nil
	}
	svc := d.m.Service
	temp, err := d.mc.App(ctx, s.tempID)
	var ids []string
	grace := drain.DefaultGrace
	switch {
	case marathon.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("reading %s: %w", s.tempID, err)
	default:
		ids, grace = drain.TaskIDs(temp), drain.Grace(temp)
	}
	d.view.Step(fmt.Sprintf("routing %s back to %s and draining %s", svc, d.app.ID, s.tempID))
	_, err = s.dr.DrainWith(ctx, svc, ids, grace, nil, func(rt *state.Routing) {
		rt.Canary, rt.CanaryWeight, rt.CanaryIsolated = "", 0, false
		rt.UpdatedAt = d.now()
	})
	if err != nil {
		return err
	}
	d.view.Step("deleting " + s.tempID)
	ref, err := d.mc.DeleteApp(ctx, s.tempID, true)
	if err != nil && !marathon.IsNotFound(err) {
		return fmt.Errorf("deleting %s: %w", s.tempID, err)
	}
	if err == nil {
		if _, err := d.mc.WaitDeployment(ctx, marathon.WaitSpec{AppID: s.tempID, DeploymentID: ref.ID, WantInstances: 0, Since: d.now()}); err != nil && !marathon.IsNotFound(err) {
			return fmt.Errorf("waiting for %s to be deleted: %w", s.tempID, err)
		}
	}
	live, _ := d.mc.App(ctx, d.app.ID)
	keep := map[string]bool{}
	if live != nil {
		for _, id := range drain.TaskIDs(live) {
			keep[id] = true
		}
	}
	rt, ver, err := d.st.GetRouting(ctx, svc)
	if err != nil {
		return err
	}
	var gone []string
	for _, id := range rt.Draining {
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	if err := s.dr.Forget(ctx, svc, gone); err != nil {
		return err
	}
	if rt, ver, err = d.st.GetRouting(ctx, svc); err != nil {
		return err
	}
	d.rt, d.rtVer, d.surge = &rt, ver, nil
	return nil
}

// surgeFailed undoes step 1 after a failure in step 2.
func (d *deployer) surgeFailed(cause error) error {
	ctx, cancel := svcutil.Background(2 * time.Minute)
	defer cancel()
	err := cause
	if derr := d.surgeDown(ctx); derr != nil {
		err = fmt.Errorf("%w; putting the routing back failed too: %v", cause, derr)
	}
	d.finish(state.OutcomeFailed, err.Error())
	return err
}

// deleteTemp removes a surge app that never got traffic (best effort).
func (d *deployer) deleteTemp(id string) {
	ctx, cancel := svcutil.Background(30 * time.Second)
	defer cancel()
	if _, err := d.mc.DeleteApp(ctx, id, true); err != nil && !marathon.IsNotFound(err) {
		fmt.Fprintf(d.opts.Deps.IO.ErrOut, "warning: removing %s: %v (it gets no traffic; delete it in Marathon)\n", id, err)
	}
}
