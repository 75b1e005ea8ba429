package deploy

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// appsMarathon is a Marathon whose only call the controls make is App;
// any other call panics (the embedded nil interface), which the rules
// under test must not make.
type appsMarathon struct {
	Marathon
	apps fakeApps
}

func (m appsMarathon) App(ctx context.Context, id string) (*marathon.App, error) {
	return m.apps.App(ctx, id)
}

func controlSession(st state.Store, stable *marathon.App) *Session {
	apps := fakeApps{}
	if stable != nil {
		apps[stable.ID] = stable
	}
	return &Session{Service: "web", Realm: &realm.Realm{Realm: "qa"}, MC: appsMarathon{apps: apps}, Store: st,
		Holder: state.Holder{User: "ann", Host: "h", Pid: os.Getpid(), StartedAt: t0}, Now: func() time.Time { return t0.Add(time.Minute) }}
}

func TestControlRules(t *testing.T) {
	ctx := context.Background()
	t.Run("a control that drives on refuses a changed stable app and writes nothing", func(t *testing.T) {
		st := store(t)
		seed(t, st, []string{"partial"}, 2) // at the partial gate
		s := controlSession(st, app("/web-blue", "v1", 5))
		for _, op := range []Op{OpPromote, OpResume} {
			_, err := s.Control(ctx, ControlRequest{Op: op, By: "ann@h", DriveOn: true})
			var changed *StableChangedError
			require.True(t, errors.As(err, &changed), "%s: %v", op, err)
		}
		_, r, err := canary.Load(ctx, st, "web")
		require.NoError(t, err)
		assert.Equal(t, "partial", r.Gate, "the refused promote passed the gate")

		// Only writing the record (the API, --detach) leaves the check to
		// whoever drives on.
		res, err := s.Control(ctx, ControlRequest{Op: OpPromote, By: "ann@h"})
		require.NoError(t, err)
		assert.Equal(t, "passed manual gate partial", res.Promoted)
	})
	t.Run("pause and resume say whether they changed the record", func(t *testing.T) {
		st := store(t)
		seed(t, st, nil, 2)
		s := controlSession(st, app("/web-blue", "v1", 3))
		res, err := s.Control(ctx, ControlRequest{Op: OpPause})
		require.NoError(t, err)
		assert.True(t, res.Changed)
		assert.True(t, res.Rollout.Paused)
		res, err = s.Control(ctx, ControlRequest{Op: OpPause})
		require.NoError(t, err)
		assert.False(t, res.Changed)
		res, err = s.Control(ctx, ControlRequest{Op: OpResume, DriveOn: true})
		require.NoError(t, err)
		assert.True(t, res.Changed)
		assert.False(t, res.Rollout.Paused)
	})
	t.Run("abort sets share 0 and says no agent applied it", func(t *testing.T) {
		st := store(t)
		seed(t, st, nil, 2)
		s := controlSession(st, nil) // an abort reads no Marathon app
		res, err := s.Control(ctx, ControlRequest{Op: OpAbort, By: "ann@h", DriveOn: true, ApplyTimeout: 50 * time.Millisecond})
		require.NoError(t, err)
		assert.ErrorIs(t, res.ApplyErr, state.ErrNoAgents)
		assert.Equal(t, canary.StepRollingBack, res.Rollout.Step)
		rt, _, err := st.GetRouting(ctx, "web")
		require.NoError(t, err)
		assert.Zero(t, rt.CanaryWeight)
	})
	t.Run("not a control", func(t *testing.T) {
		s := controlSession(store(t), nil)
		_, err := s.Control(ctx, ControlRequest{Op: OpScale})
		assert.ErrorContains(t, err, "scale is not a canary control")
	})
}

// TakeOver is the rule the CLI's resume and the realm's server both take a
// rollout over with: a live driver keeps it; a changed stable app is never
// driven on, and the lock is given back.
func TestTakeOver(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	seed(t, st, nil, 2)

	driver, err := st.Lock(ctx, "web", state.Holder{User: "dep", Pid: os.Getpid(), StartedAt: t0})
	require.NoError(t, err)
	s := controlSession(st, app("/web-blue", "v1", 3))
	ok, err := s.TakeOver(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "taken from a live driver")
	require.NoError(t, driver.Release(ctx))

	changed := controlSession(st, app("/web-blue", "v1", 0))
	ok, err = changed.TakeOver(ctx)
	var sc *StableChangedError
	require.True(t, errors.As(err, &sc), "%v", err)
	assert.False(t, ok)
	assert.Nil(t, changed.Lock, "the lock was kept after the refusal")

	ok, err = s.TakeOver(ctx)
	require.NoError(t, err)
	assert.True(t, ok, "the lock was not free again after the refusal")
	s.Unlock()
}

func TestAbortRefusedError(t *testing.T) {
	past := &canary.PastRollbackError{Service: "web", Step: "cleanup", OldApp: "/web-blue", Realm: "qa"}
	err := error(&AbortRefusedError{Past: past})
	assert.Equal(t, past.Error(), err.Error())
	assert.Equal(t, KindFailed, KindOf(err))
	assert.ErrorIs(t, err, past)
	done := &canary.Rollout{Service: "web", Canary: canary.Track{Release: "v2"}, Stable: canary.Track{Release: "v1"}}
	err = &AbortRefusedError{Past: past, Finished: done}
	assert.Contains(t, err.Error(), "the rollout was finished instead: web v2 is stable")
}

// An abort from cleanup on is refused; with the rollout's driver alive,
// FinishInstead leaves it to that driver and still fails the abort.
func TestAbortPastRollbackFinishesInstead(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	seed(t, st, nil, 0)
	_, r, err := canary.Update(ctx, st, "web", func(_ *state.Routing, r *canary.Rollout) error {
		for r.Step != canary.StepCleanup && r.Advance(t0) {
		}
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, canary.StepCleanup, r.Step)
	s := controlSession(st, nil)
	_, err = s.Control(ctx, ControlRequest{Op: OpAbort, By: "ann@h", DriveOn: true})
	var past *canary.PastRollbackError
	require.True(t, errors.As(err, &past), "%v", err)
	assert.Equal(t, KindConflict, KindOf(err))

	driver, err := st.Lock(ctx, "web", state.Holder{User: "dep", Pid: os.Getpid(), StartedAt: t0})
	require.NoError(t, err)
	defer driver.Release(ctx)
	out, err := s.FinishInstead(ctx, past, DriveRequest{})
	assert.Nil(t, out)
	var refused *AbortRefusedError
	require.True(t, errors.As(err, &refused), "%v", err)
	assert.Nil(t, refused.Finished, "finished by this session while its driver lives")
	assert.Equal(t, KindFailed, KindOf(err))
	_, now, err := canary.Load(ctx, st, "web")
	require.NoError(t, err)
	assert.Equal(t, canary.StepCleanup, now.Step, "the refused abort changed the record")
}
