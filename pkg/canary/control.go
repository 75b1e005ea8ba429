package canary

import (
	"context"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/deploy/kind"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The control commands change the record only; whoever drives the rollout
// (the deploying CLI, or a `resume` after it died) acts on it. Abort is the
// exception: its one write already sets the canary's share to 0, so traffic
// leaves the canary as soon as the lb agents apply it, driver or not.

// Abort turns the rollout around: share 0 now, then the driver deletes the
// canary app. It returns the routing state written (wait for its
// generation) and the record. Aborting from cleanup on is refused: the old
// release is already gone.
func Abort(ctx context.Context, st state.Store, svc, by string, now time.Time) (state.Routing, *Rollout, error) {
	return Update(ctx, st, svc, func(_ *state.Routing, r *Rollout) error {
		if r.Step == StepRollingBack {
			return ErrUnchanged
		}
		if !r.RollbackAllowed() {
			return &PastRollbackError{Service: svc, Step: r.StepName(), OldApp: r.Stable.App, Realm: r.Realm}
		}
		r.Abort, r.AbortedBy = true, by
		r.StartRollback(CauseAborted, "aborted by "+by, now)
		return nil
	})
}

// PastRollbackError refuses an abort from cleanup on: the old release's app
// is already being removed, so the rollout can only finish forwards.
type PastRollbackError struct {
	Service, Step, OldApp string
	// Realm is the rollout's realm, for the hint's commands.
	Realm string
}

func (e *PastRollbackError) Error() string {
	return fmt.Sprintf("the rollout of %s is at step %s: %s is already being removed, so it can only finish", e.Service, e.Step, e.OldApp)
}

// Kind implements the domain's error kinds: the rollout can only finish.
func (e *PastRollbackError) Kind() kind.Kind { return kind.Conflict }

// Promote passes the gate the rollout waits at, or ends the partial step
// early (full: all remaining partial steps). It returns what it did.
func Promote(ctx context.Context, st state.Store, svc string, full bool, by string, now time.Time) (string, *Rollout, error) {
	var did string
	_, r, err := Update(ctx, st, svc, func(_ *state.Routing, r *Rollout) error {
		var err error
		did, err = r.Promote(full, by, now)
		return err
	})
	return did, r, err
}

// SetPaused pauses (or resumes) the rollout's progress. It reports whether
// anything changed.
func SetPaused(ctx context.Context, st state.Store, svc string, paused bool, now time.Time) (bool, *Rollout, error) {
	changed := false
	_, r, err := Update(ctx, st, svc, func(_ *state.Routing, r *Rollout) error {
		if r.Step == StepRollingBack {
			if paused {
				return fmt.Errorf("the rollout of %s is rolling back: a rollback cannot be paused", svc)
			}
			return ErrUnchanged
		}
		if !r.SetPaused(paused, now) {
			return ErrUnchanged
		}
		changed = true
		return nil
	})
	return changed, r, err
}

// SetDriver records who drives the rollout now (for status), or clears it.
func SetDriver(ctx context.Context, st state.Store, svc string, h *state.Holder) error {
	_, _, err := Update(ctx, st, svc, func(_ *state.Routing, r *Rollout) error {
		r.Driver = h
		return nil
	})
	return err
}

// FlipBack is `yodel rollback` inside the rollback window: one write sets
// the new release's share to 0, so the lb agents send every request to the
// previous release, which kept its instances at weight 0 (a runtime weight
// change, no reload, no Marathon deployment); the driver then drains and
// deletes the new release's app (rolling-back). It returns the routing
// state written (wait for its generation) and the record; outside the
// window it is a *WindowClosedError.
func FlipBack(ctx context.Context, st state.Store, svc, by string, now time.Time) (state.Routing, *Rollout, error) {
	return Update(ctx, st, svc, func(_ *state.Routing, r *Rollout) error {
		if !r.WindowOpen(now) {
			return &WindowClosedError{Service: svc, Step: r.StepName(), KeptUntil: r.KeptUntil}
		}
		r.AbortedBy = by
		r.StartRollback(CauseRollback, "rolled back by "+by+" inside the rollback window", now)
		return nil
	})
}

// WindowClosedError: the rollout is not in its rollback window (any more):
// a rollback is a normal redeploy.
type WindowClosedError struct {
	Service, Step string
	KeptUntil     time.Time
}

func (e *WindowClosedError) Error() string {
	if e.KeptUntil.IsZero() {
		return fmt.Sprintf("the rollout of %s is at step %s, not in a rollback window", e.Service, e.Step)
	}
	return fmt.Sprintf("the rollback window of %s ended at %s", e.Service, e.KeptUntil.UTC().Format(time.RFC3339))
}

// Kind implements the domain's error kinds.
func (e *WindowClosedError) Kind() kind.Kind { return kind.Conflict }
