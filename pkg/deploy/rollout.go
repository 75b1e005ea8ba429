package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// AppReader reads one Marathon app; *marathon.Client has it.
type AppReader interface {
	App(ctx context.Context, id string) (*marathon.App, error)
}

// Close ends svc's active rollout because the service is going away
// (destroy): the record goes to aborted with why as its reason, the
// routing state stops routing the canary, and the rollout's history row is
// closed, so that it does not stay in-progress for ever and a later
// `canary resume` or `abort` says there is nothing to act on. It returns
// the closed record, nil when no rollout was active.
func Close(ctx context.Context, st state.Store, svc, why string, now time.Time) (*canary.Rollout, error) {
	return closeRollout(ctx, st, svc, canary.CauseAborted, why, now)
}

// closeRollout ends svc's active rollout at once, for cause (aborted:
// rolling-back -> aborted; else -> rolled-back), when nothing is left to
// roll back: its canary app is gone or was never created.
func closeRollout(ctx context.Context, st state.Store, svc, cause, why string, now time.Time) (*canary.Rollout, error) {
	_, r, err := canary.Update(ctx, st, svc, func(_ *state.Routing, r *canary.Rollout) error {
		if cause == canary.CauseAborted {
			r.Abort, r.AbortedBy = true, why
		}
		r.StartRollback(cause, why, now)
		r.Advance(now) // nothing is left to roll back
		return nil
	})
	var none *canary.NoRolloutError
	if errors.As(err, &none) || errors.Is(err, state.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if r.ID != "" {
		if err := st.UpdateHistory(ctx, svc, r.Record()); err != nil {
			return r, fmt.Errorf("the rollout of %s was closed, but its history row was not: %w", svc, err)
		}
	}
	return r, nil
}

// CheckResume refuses to resume a rollout whose stable app was changed
// since the rollout began (by an older yodel, or in Marathon directly): the
// rollout's next steps would judge the canary against another release, or
// scale it to the recorded instance count and delete the stable app, and
// so silently undo that change. From cleanup on the stable app is being
// removed by the rollout itself and nothing is checked.
func CheckResume(ctx context.Context, mc AppReader, r *canary.Rollout) error {
	if r == nil || !r.Active() || !r.RollbackAllowed() || r.Step == canary.StepRollingBack {
		return nil
	}
	app, err := mc.App(ctx, r.Stable.App)
	if marathon.IsNotFound(err) {
		return &StableChangedError{Rollout: r, Gone: true}
	}
	if err != nil {
		return err
	}
	rel, n := app.Label(appdef.LabelRelease), app.WantedInstances()
	if rel != r.Stable.Release || n != r.Stable.Instances {
		return &StableChangedError{Rollout: r, Release: rel, Instances: n}
	}
	return nil
}

// StableChangedError says the stable app no longer is what the rollout
// recorded when it began.
type StableChangedError struct {
	Rollout *canary.Rollout
	// Gone: the stable app no longer exists; else what it runs now.
	Gone      bool
	Release   string
	Instances int
}

func (e *StableChangedError) Error() string {
	r := e.Rollout
	now := fmt.Sprintf("it now runs release %s with %d instances", orDash(e.Release), e.Instances)
	if e.Gone {
		now = "it no longer exists"
	}
	return fmt.Sprintf("not resuming the rollout of %s %s: its stable app %s ran release %s with %d instances when the rollout began, but %s; resuming would judge the canary against it and then undo that change",
		r.Service, r.Canary.Release, r.Stable.App, orDash(r.Stable.Release), r.Stable.Instances, now)
}

// Kind implements the engine's error kinds.
func (e *StableChangedError) Kind() Kind { return KindConflict }

// Serving is what serves a service once its rollout ended: its stable app
// as Marathon has it, not as the record remembers it.
type Serving struct {
	App       string
	Release   string
	Instances int
	// Found is false when the app is gone.
	Found bool
}

// NowServing reads the stable app of a finished rollout (the canary's app
// after a promotion or in the rollback window, the old stable app after a
// rollback or an abort).
func NowServing(ctx context.Context, mc AppReader, r *canary.Rollout) (Serving, error) {
	id := r.Stable.App
	if r.Step == canary.StepDone || r.Step == canary.StepKept {
		id = r.Canary.App
	}
	s := Serving{App: id}
	app, err := mc.App(ctx, id)
	if marathon.IsNotFound(err) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	s.Found, s.Release, s.Instances = true, app.Label(appdef.LabelRelease), app.WantedInstances()
	return s, nil
}
