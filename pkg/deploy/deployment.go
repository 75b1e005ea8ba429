package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The rolling deployer: a deploy of a release is planned (PlanDeploy), then
// either has nothing to do (Unchanged, RepairRouting), or goes out as a
// canary (UseCanary: pkg/canary's driver), or rolls in place (Rolling):
// apply, resend an update Marathon lost, wait, undo a stall, write the
// routing state, wait for the lb agents, record history.

// Strategies of a deploy.
const (
	StrategyRolling = "rolling"
	StrategyCanary  = "canary"
)

// Outcomes of a deploy besides the history record's (state.Outcome*).
const (
	OutcomeUnchanged   = "unchanged"
	OutcomeTimedOut    = "timed-out"
	OutcomeInterrupted = "interrupted"
)

// DefaultApplyTimeout bounds the wait for every live lb agent to route a
// deploy; an agent takes milliseconds, so this only catches a stuck one.
const DefaultApplyTimeout = 30 * time.Second

// UseCanary says whether a deploy of m goes out as a canary: canary is the
// default once a stable release serves (strategy ""); the first deploy of
// a service, or one scaled to 0, has nothing to compare a canary with, and
// a service without ports gets no traffic for its partial steps to judge
// (every such default canary ended inconclusive and rolled back).
// --strategy canary still runs one: its metric checks may judge it.
func UseCanary(strategy string, live *marathon.App, m *manifest.Manifest) bool {
	return strategy == StrategyCanary || (strategy == "" && live != nil && live.WantedInstances() > 0 && len(m.Ports) > 0)
}

// DeployRequest is a deploy of one release of a service's manifest. The
// caller checked the manifest against the realm and holds the service's
// lock (Session.GuardAndLock with OpDeploy).
type DeployRequest struct {
	Manifest *manifest.Manifest
	Release  string
	// DistinctRelease: Release was derived (image tag, git describe,
	// manifest hash), not named by the user. When the stable app runs a
	// release of that name with another definition (a secret, the realm
	// file or a dirty tree changed, not the name), the deploy takes the
	// next name free in the history (Release-r2, -r3…): history, rollback
	// and a canary's two tracks then tell them apart.
	DistinctRelease bool
	// Secrets resolves the manifest's secrets; Labels are added to the app
	// (who deployed, from where).
	Secrets *manifest.SecretSource
	Labels  map[string]string

	Timeout, ProgressDeadline time.Duration
	// Settle is how long an app without health checks must stay up before
	// the deploy counts as done (a task that crashes at once must not pass).
	Settle time.Duration
	// ApplyTimeout bounds the wait for the lb agents (default
	// DefaultApplyTimeout).
	ApplyTimeout time.Duration
	// RealmArg is the realm as the caller named it, for the errors' data.
	RealmArg string

	// RollBackOnInterrupt, when set, is asked after an interrupt (the
	// context ended) during the wait whether to roll the deploy back to
	// `to` (the previous release, or the removal of a first deploy); nil or
	// false leaves Marathon's deployment running.
	RollBackOnInterrupt func(to string) bool
	// MarathonDone, when set, is called with the deploy's lock once
	// Marathon reports the deploy done, before the routing write (the
	// overhead benchmark measures from there).
	MarathonDone func(state.Lock)
}

// DeployResult is what a deploy planned and did, for the caller's result.
type DeployResult struct {
	AppID       string
	FirstDeploy bool
	// Release is the release the deploy sends: the request's, or the name
	// DistinctRelease took instead (RenamedFrom is then the request's).
	Release, RenamedFrom string
	PreviousRelease      string
	Plan                 diff.Result
	// Outcome: state.Outcome*, or Outcome* above; Reason says why it is
	// not a success.
	Outcome, Reason       string
	DeploymentID, Version string
	Progress              marathon.Progress
	HistoryID             string
}

// Deployment is a planned deploy of a release to the session's service.
type Deployment struct {
	Result DeployResult
	// App is the definition the deploy sends; Live the stable app Marathon
	// runs now (nil: a first deploy).
	App, Live *marathon.App

	s     *Session
	req   DeployRequest
	rt    *state.Routing
	rtVer state.Version
	// reapplied is set once the update was sent again because Marathon had
	// lost it (UpdateLost); a second loss is an error, not a loop.
	reapplied bool
	// surge is the drained rolling deploy in progress; nil when Marathon's
	// own rolling upgrade is safe (nothing routes the app).
	surge *drain.Surge
}

// PlanDeploy reads the service's stable app and routing state, builds the
// release's app definition and diffs it against the live app. A definition
// that cannot be built is an *InvalidError.
func (s *Session) PlanDeploy(ctx context.Context, req DeployRequest) (*Deployment, error) {
	appID, rt, rtVer, err := StableAppID(ctx, s.Store, s.Service)
	if err != nil {
		return nil, err
	}
	live, err := s.MC.App(ctx, appID)
	switch {
	case marathon.IsNotFound(err):
		live = nil
	case err != nil:
		return nil, err
	}
	d := &Deployment{s: s, req: req, rt: rt, rtVer: rtVer, Live: live}
	d.Result.AppID, d.Result.FirstDeploy = appID, live == nil
	if live != nil {
		d.Result.PreviousRelease = live.Label(appdef.LabelRelease)
	}
	if d.App, err = d.build(appID); err != nil {
		return nil, &InvalidError{Err: err}
	}
	if err := s.checkPortsFree(ctx, req.Manifest, rt); err != nil {
		return nil, err
	}
	if d.Result.Plan, err = diff.Apps(d.App, live, DiffOptions(req.Manifest, s.Realm.Realm, live)); err != nil {
		return nil, err
	}
	d.Result.Release = req.Release
	if req.DistinctRelease && live != nil {
		replan := func(release string) (diff.Result, error) {
			err := d.replan(release)
			return d.Result.Plan, err
		}
		if _, d.Result.RenamedFrom, _, err = ChooseRelease(ctx, s.Store, s.Service, req.Release, d.Result.PreviousRelease, d.Result.Plan, replan); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// ChooseRelease is the release a deploy of the derived name base sends
// (DeployRequest.DistinctRelease) while the stable app runs live, and its
// plan; atBase is the plan under base, and plan plans under another name
// (the last name it was called with is the one returned). When live is
// base or a rename of it, the same definition under live is no change,
// and another one takes the next free name (nextRelease; renamedFrom is
// then base). PlanDeploy and `yodel diff` share it, so that diff says
// what the deploy would do.
func ChooseRelease(ctx context.Context, st state.Store, svc, base, live string, atBase diff.Result,
	plan func(release string) (diff.Result, error)) (release, renamedFrom string, res diff.Result, err error) {
	if !isRenameOf(live, base) {
		return base, "", atBase, nil
	}
	release, res = base, atBase
	if live != base {
		if res, err = plan(live); err != nil {
			return "", "", res, err
		}
		release = live
	}
	if res.Empty() {
		return release, "", res, nil
	}
	if release, err = nextRelease(ctx, st, svc, base, live); err != nil {
		return "", "", res, err
	}
	res, err = plan(release)
	return release, base, res, err
}

// isRenameOf reports whether release is base or a name DistinctRelease
// made of it (base-r2, base-r3…).
func isRenameOf(release, base string) bool {
	n, ok := strings.CutPrefix(release, base+"-r")
	if !ok {
		return release == base
	}
	return n != "" && n[0] != '0' && strings.Trim(n, "0123456789") == ""
}

// nextRelease is the name a deploy of the derived release base takes when
// the stable app runs live (base or a rename of it) with another
// definition: base-r2, -r3…, the first that svc's history has not used.
func nextRelease(ctx context.Context, st state.Store, svc, base, live string) (string, error) {
	recs, err := st.History(ctx, svc, 0)
	if err != nil {
		return "", fmt.Errorf("reading the history of %s for a release name: %w", svc, err)
	}
	used := map[string]bool{base: true, live: true}
	for _, r := range recs {
		used[r.Release] = true
	}
	name := base
	for n := 2; used[name]; n++ {
		suffix := fmt.Sprintf("-r%d", n)
		name = base[:min(len(base), manifest.MaxReleaseLen-len(suffix))] + suffix
	}
	return name, nil
}

// replan builds and diffs the deploy again under the release name.
func (d *Deployment) replan(release string) error {
	d.req.Release, d.Result.Release = release, release
	var err error
	if d.App, err = d.build(d.App.ID); err != nil {
		return &InvalidError{Err: err}
	}
	d.Result.Plan, err = diff.Apps(d.App, d.Live, DiffOptions(d.req.Manifest, d.s.Realm.Realm, d.Live))
	return err
}

// build makes the release's app definition under the app id id.
func (d *Deployment) build(id string) (*marathon.App, error) {
	gm, err := appdef.Build(d.req.Manifest, appdef.Options{
		AppID: id, Release: d.req.Release, Realm: d.s.Realm.Realm, Secrets: d.req.Secrets, Labels: d.req.Labels,
		Instances: DeployInstances(d.req.Manifest, d.s.Realm.Realm, d.Live),
	})
	if err != nil {
		return nil, err
	}
	return &marathon.App{Application: *gm}, nil
}

// Unchanged reports whether the deploy has nothing to change: the same
// definition, running healthy. The result then says so.
func (d *Deployment) Unchanged() bool {
	if !d.Result.Plan.Empty() || !Healthy(d.Live, d.s.Now()) {
		return false
	}
	d.Result.Outcome, d.Result.Version = OutcomeUnchanged, d.Live.Version
	return true
}

// RoutingBehind reports whether the routing state does not route the app
// Marathon runs (see RoutingBehind): an unchanged deploy then repairs it.
func (d *Deployment) RoutingBehind() bool {
	return RoutingBehind(d.rt, d.App.ID, RoutingPorts(d.req.Manifest, d.s.Realm)) || SurgeLeft(d.rt, d.s.Service, d.App.ID)
}

// Busy refuses the deploy (a *BusyError) while Marathon still deploys the
// stable app: the caller holds the lock, so the deploy that started that
// deployment is gone. A canary would start beside an app that is neither
// release; a rolling deploy of a routed app would surge, drain the stable
// tasks and only then meet Marathon's lock. The one deployment a rolling
// deploy goes on with is its own release's, an earlier run of it stopped
// (OwnDeployment: it waits for it, as that run would have). The caller
// asks before its prompt; Rolling and DeployCanary ask again. A canary of
// that release is refused with SameRelease set: the rolling deploy of it
// is the way to wait.
func (d *Deployment) Busy(canary bool) error {
	same := d.Live != nil && sameRelease(d.Live, d.App, true)
	if !canary && same {
		return nil
	}
	err := stableBusy(d.Live, canary, d.s.Service, d.req.RealmArg)
	var busy *BusyError
	if errors.As(err, &busy) {
		busy.SameRelease = canary && same
	}
	return err
}

func stableBusy(live *marathon.App, canary bool, svc, realmArg string) error {
	if live == nil || len(live.DeploymentIDs()) == 0 {
		return nil
	}
	return &BusyError{Op: OpDeploy, Canary: canary, Service: svc, App: live.ID, Realm: realmArg,
		Release: live.Label(appdef.LabelRelease), Deployments: live.DeploymentIDs()}
}

// Rolling records the deploy in history and rolls it out in place, unless
// it is Busy (then it writes nothing).
func (d *Deployment) Rolling(ctx context.Context) error {
	if err := d.Busy(false); err != nil {
		return err
	}
	d.s.BeginApp(ctx, d.req.Release, StrategyRolling, RecordedApp(d.req.Manifest, appdef.Options{
		AppID: d.App.ID, Release: d.req.Release, Realm: d.s.Realm.Realm, Labels: d.req.Labels}))
	d.Result.HistoryID = d.s.record.ID
	return d.apply(ctx)
}

func (d *Deployment) begin() {
	d.s.emit(Event{Kind: EventBegin, Action: "deploy", OldRelease: d.Result.PreviousRelease, NewRelease: d.req.Release})
}

func (d *Deployment) end() { d.s.emit(Event{Kind: EventEnd}) }

func (d *Deployment) apply(ctx context.Context) error {
	s, req := d.s, d.req
	d.begin()
	defer d.end()
	since := s.Now()
	var ref marathon.DeploymentRef
	var err error
	if err := d.adoptLeftSurge(); err != nil {
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	if d.surge == nil && d.Live != nil && drain.Routed(ctx, s.Store, s.Service, d.App.ID) {
		if err := d.surgeUp(ctx); err != nil {
			return err
		}
	}
	if d.Live == nil {
		s.step("creating " + d.App.ID)
		ref, err = s.MC.CreateApp(ctx, d.App)
	} else {
		s.step("updating " + d.App.ID + " (rolling)")
		ref, err = s.MC.UpdateApp(ctx, d.App, false)
	}
	var le *marathon.LockedError
	if errors.As(err, &le) && d.Live != nil {
		if own, ok := OwnDeployment(ctx, s.MC, d.App, le); ok {
			s.step(fmt.Sprintf("Marathon is already deploying this release (deployment %s, started by an earlier run): waiting for it", own.ID))
			ref, err = own, nil
		}
	}
	if err != nil && ctx.Err() != nil {
		return d.interruptedSending()
	}
	if err != nil {
		err = appdef.MapInvalid(err, req.Manifest, s.Realm.Realm) // a 422: point at the manifest lines
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	d.Result.DeploymentID, d.Result.Version = ref.ID, ref.Version
	s.step("waiting for every new task to be healthy")
	spec := marathon.WaitSpec{AppID: d.App.ID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: req.ProgressDeadline, Since: since}
	if !d.App.HasHealthChecks() {
		spec.Settle = req.Settle
	}
	out, ending, werr := s.Wait(ctx, spec, req.Timeout, true)
	d.Result.Progress = out.Progress
	switch ending {
	case Done:
		return d.done(ctx, out.Progress)
	case Stalled:
		return d.rollBack(ctx, StallReason(werr))
	case TimedOut:
		d.leaveSurge()
		msg := fmt.Sprintf("timed out after %s waiting for %s %s in %s: %s. The deployment was left running",
			req.Timeout, s.Service, req.Release, s.Realm.Realm, Describe(out.Progress))
		d.Result.Outcome, d.Result.Reason = OutcomeTimedOut, msg
		d.finish(state.OutcomeFailed, msg)
		return d.changeErr(KindTimedOut, LeftUndoable, msg)
	case Interrupted:
		return d.interrupted(out.Progress)
	}
	if errors.Is(werr, ErrLockLost) {
		return d.lockLost(out.Progress, false)
	}
	d.finish(state.OutcomeFailed, werr.Error())
	return werr
}

// done finishes a deploy Marathon reports done: the update checked (sent
// again once if Marathon lost it), the surge taken down, the routing
// state written and the lb agents waited for.
func (d *Deployment) done(ctx context.Context, p marathon.Progress) error {
	s := d.s
	if lost, live, lerr := UpdateLost(ctx, s.MC, d.App); lerr != nil {
		d.finish(state.OutcomeFailed, lerr.Error())
		return lerr
	} else if lost {
		// A Marathon that restarted or failed over before persisting the
		// update answers with the old app, whose tasks all look current:
		// the wait "succeeds" on the previous release. Send it again once.
		if d.reapplied {
			err := fmt.Errorf("marathon lost the update of %s twice (leader changes or restarts during the deploy); %s still runs the previous release: run the deploy again", d.App.ID, s.Realm.Realm)
			d.finish(state.OutcomeFailed, err.Error())
			return err
		}
		d.reapplied = true
		s.step("Marathon no longer has the update (a restart or leader change lost it); sending it again")
		d.end()
		d.Live = live
		return d.apply(ctx)
	}
	if err := d.surgeDown(ctx); err != nil {
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	if d.req.MarathonDone != nil {
		d.req.MarathonDone(s.Lock)
	}
	gen, err := WriteLocked(ctx, s.Lock, d.writeRouting)
	if errors.Is(err, ErrLockLost) {
		return d.lockLost(p, true)
	}
	if err != nil {
		d.finish(state.OutcomeFailed, err.Error())
		return err
	}
	if err := d.waitRouted(ctx, gen); err != nil {
		d.Result.Outcome, d.Result.Reason = OutcomeTimedOut, err.Error()
		d.finish(state.OutcomeSucceeded, err.Error())
		return err
	}
	d.finish(state.OutcomeSucceeded, "")
	s.step("done")
	d.end()
	return nil
}

func (d *Deployment) changeErr(k Kind, left Left, msg string) error {
	return &ChangeError{K: k, Service: d.s.Service, Realm: d.req.RealmArg, Msg: msg, Left: left}
}

// lockLost ends a deploy whose lock was lost: before Marathon was done
// (its deployment goes on by itself) or after it (the routing state was not
// written). Running the deploy again finishes either: it waits for its own
// deployment still running in Marathon (OwnDeployment), and a release
// Marathon already runs gets its routing state written (RoutingBehind).
func (d *Deployment) lockLost(p marathon.Progress, marathonDone bool) error {
	s := d.s
	left := fmt.Sprintf("Marathon's deployment of %s was left running (%s); the routing state was not written", d.App.ID, Describe(p))
	switch {
	case marathonDone && p.Wanted == 0: // RepairRouting: no wait, no progress
		left = fmt.Sprintf("Marathon runs %s, but the routing state was not written", d.App.ID)
	case marathonDone:
		left = fmt.Sprintf("Marathon finished deploying %s (%s), but the routing state was not written", d.App.ID, Describe(p))
	}
	err := &LockLostError{Doing: fmt.Sprintf("deploying %s %s", s.Service, d.req.Release), Left: left,
		Service: s.Service, Realm: d.req.RealmArg, Again: s.Lock.Holder().Command}
	d.end()
	d.finish(state.OutcomeFailed, err.Error())
	return err
}

// interrupted handles the end of the caller's context during the wait:
// roll back when RollBackOnInterrupt says so, else leave the deployment
// running and say so.
func (d *Deployment) interrupted(p marathon.Progress) error {
	s, req := d.s, d.req
	d.end()
	d.Result.Outcome = OutcomeInterrupted
	if req.RollBackOnInterrupt != nil && req.RollBackOnInterrupt(orFirst(d.Result.PreviousRelease)) {
		ctx, cancel := Background(req.Timeout)
		defer cancel()
		if err := d.rollBack(ctx, "interrupted by the user"); err != nil && KindOf(err) != KindRolledBack {
			return err
		}
		return d.changeErr(KindInterrupted, LeftNothing, "interrupted: rolled back")
	}
	d.leaveSurge()
	msg := fmt.Sprintf("interrupted: the deployment of %s %s was left running (%s)", s.Service, req.Release, Describe(p))
	d.Result.Reason = msg
	d.finish(state.OutcomeAborted, msg)
	return d.changeErr(KindInterrupted, LeftUndoable, msg)
}

// interruptedSending handles a Ctrl-C that came while the create or
// update was on its way: Marathon may have taken it or not, and only a
// read says which. Taken, it is an interrupted deploy like one during the
// wait (asked, or left running); not taken, nothing changed.
func (d *Deployment) interruptedSending() error {
	s, req := d.s, d.req
	ctx, cancel := Background(30 * time.Second)
	defer cancel()
	lost, _, err := UpdateLost(ctx, s.MC, d.App)
	if err == nil && lost {
		d.end()
		d.Result.Outcome = OutcomeInterrupted
		d.leaveSurge()
		msg := fmt.Sprintf("interrupted before Marathon took the deployment of %s %s: nothing changed", s.Service, req.Release)
		d.Result.Reason = msg
		d.finish(state.OutcomeAborted, msg)
		return d.changeErr(KindInterrupted, LeftNothing, msg)
	}
	// Taken, or unknown (Marathon not answering): say it may run.
	return d.interrupted(marathon.Progress{})
}

func orFirst(s string) string {
	if s == "" {
		return "nothing (remove the first deploy)"
	}
	return s
}

// rollBack undoes a stalled change: the previous app version again, or no
// app at all after a first deploy. It waits for that, then ends in a
// KindRolledBack error with the reason.
func (d *Deployment) rollBack(ctx context.Context, reason string) error {
	s, req := d.s, d.req
	s.step("rolling back: " + reason)
	var ref marathon.DeploymentRef
	var err error
	want := -1
	if d.Live == nil {
		ref, err = s.MC.DeleteApp(ctx, d.App.ID, true)
		want = 0
	} else {
		ref, err = s.MC.RollbackApp(ctx, d.App.ID, d.Live.Version, true)
	}
	failed := func(msg string) error {
		d.finish(state.OutcomeFailed, msg)
		return fmt.Errorf("deploy of %s %s failed: %s", s.Service, req.Release, msg)
	}
	if err != nil {
		return failed(fmt.Sprintf("%s; rolling back failed too: %v", reason, err))
	}
	spec := marathon.WaitSpec{AppID: d.App.ID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: want,
		ProgressDeadline: req.ProgressDeadline, Since: s.Now()}
	out, ending, werr := s.Wait(ctx, spec, req.Timeout, false)
	var surgeErr error
	if ending == Done {
		surgeErr = d.surgeDown(ctx)
	}
	d.end()
	if ending != Done {
		return failed(fmt.Sprintf("%s; the rollback did not finish (%s: %v): %s", reason, ending, werr, Describe(out.Progress)))
	}
	if surgeErr != nil {
		return failed(fmt.Sprintf("%s; rolled back, but %v", reason, surgeErr))
	}
	to := "removed the new app (first deploy)"
	if d.Live != nil {
		to = "rolled back to " + orFirst(d.Result.PreviousRelease)
	}
	msg := fmt.Sprintf("deploy of %s %s to %s failed and was rolled back (%s): %s", s.Service, req.Release, s.Realm.Realm, to, reason)
	d.Result.Outcome, d.Result.Reason = state.OutcomeRolledBack, reason
	d.finish(state.OutcomeRolledBack, reason)
	ce := d.changeErr(KindRolledBack, LeftNothing, msg).(*ChangeError)
	ce.NoApp = d.Live == nil
	return d.withFailure(ce, d.Result.Progress)
}

// withFailure notes on the deploy's *ChangeError the failed task of p and,
// when Marathon killed it for failing its health check, where the manifest
// sets that check: the fix is there or in what the service answers.
func (d *Deployment) withFailure(err error, p marathon.Progress) error {
	err = withFailedTask(err, p)
	var ce *ChangeError
	m := d.req.Manifest
	if !errors.As(err, &ce) || ce.FailedTask == nil || ce.FailedTask.HealthCheck == "" || m == nil || m.File == "" {
		return err
	}
	ce.HealthAt = m.File
	if line := m.Doc().Pos("health").Line; line > 0 {
		ce.HealthAt = fmt.Sprintf("%s:%d", m.File, line)
	}
	return err
}

// RepairRouting writes the routing state of a release Marathon already
// runs (an unchanged deploy whose RoutingBehind), and waits for the lb
// agents to route it.
func (d *Deployment) RepairRouting(ctx context.Context) error {
	s := d.s
	d.begin()
	defer d.end()
	if SurgeLeft(d.rt, s.Service, d.App.ID) {
		left := d.rt.Canary
		if err := d.adoptLeftSurge(); err != nil {
			return err
		}
		if err := d.surgeDown(ctx); err != nil {
			return fmt.Errorf("taking %s's traffic back from %s to %s: %w", s.Service, left, d.App.ID, err)
		}
	} else {
		s.step(fmt.Sprintf("Marathon already runs %s %s, but the routing state does not route it (an earlier deploy stopped before writing it): writing it", s.Service, d.req.Release))
	}
	gen, err := WriteLocked(ctx, s.Lock, d.writeRouting)
	if errors.Is(err, ErrLockLost) {
		return d.lockLost(marathon.Progress{}, true)
	}
	if err != nil {
		return err
	}
	d.Result.Outcome = state.OutcomeSucceeded
	if err := d.waitRouted(ctx, gen); err != nil {
		d.Result.Outcome, d.Result.Reason = OutcomeTimedOut, err.Error()
		return err
	}
	return nil
}

// writeRouting records the service's routing state after a successful
// deploy (StableRouting). It writes even when nothing changed: the new
// generation is what the lb agents acknowledge once they have synced after
// this deploy, which is what waitRouted waits for.
func (d *Deployment) writeRouting(ctx context.Context) (int64, error) {
	s := d.s
	r := StableRouting(d.rt, s.Service, d.App.ID, RoutingPorts(d.req.Manifest, s.Realm), s.Holder.User+"@"+s.Holder.Host, s.Now())
	v, err := s.Store.PutRouting(ctx, r, d.rtVer)
	if err != nil {
		return 0, fmt.Errorf("%s is deployed, but writing its routing state failed (the load balancers will not route it): %w", s.Service, err)
	}
	return int64(v), nil
}

// waitRouted waits until every live lb agent has applied generation gen, so
// the deploy returns once HAProxy routes the new release. No agent: say so
// and carry on (a realm without load balancers). Agents lagging past the
// deadline: a *NotRoutedError naming them and what they say.
func (d *Deployment) waitRouted(ctx context.Context, gen int64) error {
	s := d.s
	timeout := d.req.ApplyTimeout
	if timeout <= 0 {
		timeout = DefaultApplyTimeout
	}
	s.step("waiting for the lb agents to route it")
	err := s.Store.WaitApplied(ctx, s.Service, gen, time.Now().Add(timeout))
	var na *state.NotAppliedError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, state.ErrNoAgents):
		s.emit(Event{Kind: EventNote, Text: fmt.Sprintf("no lb agent is registered in realm %s: nothing routes %s's service ports until one runs (yodel lb)", s.Realm.Realm, s.Service)})
		return nil
	case errors.As(err, &na):
		// What each lagging agent says about the service in its /v1/status
		// (a refusal, HAProxy's error, HAProxy down), best effort.
		c := lb.Client{}
		if ac, aerr := s.agents(); aerr == nil {
			c.Token = ac.Token
		}
		if why := lbagents.LaggingReasons(ctx, c, s.Service, na.Lagging); len(why) > 0 {
			err = fmt.Errorf("%w (%s)", err, strings.Join(why, "; "))
		}
		return &NotRoutedError{Service: s.Service, Release: d.req.Release, Realm: d.req.RealmArg, Err: err}
	}
	return fmt.Errorf("%s %s is deployed and healthy, but waiting for the lb agents failed: %w", s.Service, d.req.Release, err)
}

// NotRoutedError: a deploy is healthy in Marathon, but not every live lb
// agent routes it by the deadline (KindTimedOut).
type NotRoutedError struct {
	Service, Release string
	// Realm is the realm as the caller named it.
	Realm string
	Err   error
}

func (e *NotRoutedError) Error() string {
	return fmt.Sprintf("%s %s is deployed and healthy, but not every lb agent routes it yet: %v", e.Service, e.Release, e.Err)
}

func (e *NotRoutedError) Unwrap() error { return e.Err }

// Kind implements the engine's error kinds.
func (e *NotRoutedError) Kind() Kind { return KindTimedOut }

// finish records the outcome in history (best effort: the deploy itself is
// what matters, and the warning says so) and in the result, unless the
// result already has one.
func (d *Deployment) finish(outcome, msg string) {
	if d.Result.Outcome == "" {
		d.Result.Outcome, d.Result.Reason = outcome, msg
	}
	d.s.End(outcome, msg)
}
