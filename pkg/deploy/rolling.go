package deploy

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The rules of a rolling deploy of the stable app (the deployer itself is
// still pkg/cmd/deploy's: see the package doc).

// DeploymentReader reads Marathon's deployments; *marathon.Client has it.
type DeploymentReader interface {
	AppReader
	Deployments(ctx context.Context) ([]marathon.Deployment, error)
}

// Healthy reports whether a live app runs its wanted instances healthy
// (marathon.App.TaskServing at now), with no deployment in progress: a
// deploy of the same definition then has nothing to do.
func Healthy(a *marathon.App, now time.Time) bool {
	if a == nil || len(a.DeploymentIDs()) > 0 {
		return false
	}
	n := 0
	for i := range a.Tasks {
		if a.TaskServing(a.Tasks[i], now) {
			n++
		}
	}
	return n >= a.WantedInstances()
}

// sameRelease reports whether live carries sent's release and manifest
// labels; strict: an empty label matches nothing.
func sameRelease(live, sent *marathon.App, strict bool) bool {
	for _, k := range []string{appdef.LabelRelease, appdef.LabelManifestSHA} {
		if (strict && live.Label(k) == "") || live.Label(k) != sent.Label(k) {
			return false
		}
	}
	return true
}

// UpdateLost re-reads the app after the wait and reports whether Marathon
// still has what the deploy sent (release and manifest labels): a Marathon
// that restarted or failed over before persisting the update answers with
// the old app, whose tasks all look current. live is the app as Marathon
// has it now (nil when it is gone).
func UpdateLost(ctx context.Context, mc AppReader, sent *marathon.App) (lost bool, live *marathon.App, err error) {
	live, err = mc.App(ctx, sent.ID)
	if marathon.IsNotFound(err) {
		return true, nil, nil
	}
	if err != nil {
		return false, nil, err
	}
	return !sameRelease(live, sent, false), live, nil
}

// OwnDeployment finds, behind Marathon's 409, a deployment of the very app
// the deploy sends (same release and manifest labels): an earlier run of
// the same deploy that timed out or was killed started it. Waiting for it
// is what that run would have done; sending again with force would restart
// the rollout for nothing. Anything else (another release, a scale from
// elsewhere) stays a lock.
func OwnDeployment(ctx context.Context, mc DeploymentReader, sent *marathon.App, le *marathon.LockedError) (marathon.DeploymentRef, bool) {
	live, err := mc.App(ctx, sent.ID)
	if err != nil || !sameRelease(live, sent, true) {
		return marathon.DeploymentRef{}, false
	}
	deps, err := mc.Deployments(ctx)
	if err != nil {
		return marathon.DeploymentRef{}, false
	}
	for _, dep := range deps {
		if slices.Contains(le.DeploymentIDs, dep.ID) && slices.Contains(dep.AffectedApps, sent.ID) && dep.Version == live.Version {
			return marathon.DeploymentRef{ID: dep.ID, Version: dep.Version}, true
		}
	}
	return marathon.DeploymentRef{}, false
}

// RoutingBehind reports whether the routing state does not route the app
// Marathon already runs as deployed: a deploy stopped between Marathon's
// end and its routing write (its lock lost, or killed). A rollout in
// progress owns the routing state and is left alone.
func RoutingBehind(rt *state.Routing, appID string, ports []state.Port) bool {
	if rt == nil {
		return true
	}
	if r, err := canary.Decode(rt.Rollout); err != nil || r.Active() || rt.Canary != "" {
		return false
	}
	return rt.Stable != appID || !slices.Equal(rt.Ports, ports)
}

// SurgeLeft reports whether the routing state still sends svc's traffic to
// the surge app of a rolling deploy of appID (drain.Surge: the other
// colour on the canary route, with no canary rollout owning it): the deploy
// stopped between routing to it and taking the traffic back, its lock
// lost (the store was away) or killed. Once Marathon runs the release in
// appID, running the deploy again finishes that: the traffic back to
// appID, the surge app drained and deleted (RepairRouting).
func SurgeLeft(rt *state.Routing, svc, appID string) bool {
	if rt == nil || rt.Canary == "" || rt.Canary != appdef.OtherColour(svc, appID) {
		return false
	}
	r, err := canary.Decode(rt.Rollout)
	return err == nil && !r.Active()
}

// StableRouting is the routing state after a deploy of the stable app
// appID: created on the first deploy (rt nil), stable app and ports
// updated otherwise. It is written even when nothing changed: the new
// generation is what the lb agents acknowledge once they synced after the
// deploy.
func StableRouting(rt *state.Routing, svc, appID string, ports []state.Port, by string, now time.Time) state.Routing {
	r := state.Routing{Service: svc, Stable: appID, Ports: ports, UpdatedAt: now, UpdatedBy: by}
	if rt != nil {
		r = *rt
		r.Stable, r.Ports, r.UpdatedAt, r.UpdatedBy = appID, ports, now, by
	}
	return r
}

// WriteLocked runs write (a routing write) only while lock holds. Once it
// is lost another deploy may hold it and be about to write its own routing:
// the version check would make that deploy fail after its Marathon change
// succeeded, or (had it not read yet) this one would route over what it is
// deploying. So a lost lock stops the write, also one still waiting for
// the store to come back: ErrLockLost.
func WriteLocked(ctx context.Context, lock state.Lock, write func(context.Context) (int64, error)) (int64, error) {
	select {
	case <-lock.Lost():
		return 0, ErrLockLost
	default:
	}
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-lock.Lost():
			cancel(ErrLockLost)
		case <-wctx.Done():
		}
	}()
	gen, err := write(wctx)
	if err != nil && errors.Is(context.Cause(wctx), ErrLockLost) {
		return 0, ErrLockLost
	}
	return gen, err
}
