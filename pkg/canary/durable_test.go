package canary

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/deploy/kind"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// fileStore opens a real file store (the sandbox's) in a temp dir, with the
// service's stable release routed as the deploy command leaves it.
func fileStore(t *testing.T) state.Store {
	t.Helper()
	ctx := context.Background()
	st, err := state.Open(ctx, "file://"+t.TempDir(), state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue",
		Ports: []state.Port{{ServicePort: 10001, Protocol: "http"}}}, state.NoVersion)
	require.NoError(t, err)
	return st
}

func TestBeginRoutesTheCanaryIsolated(t *testing.T) {
	ctx := context.Background()
	st := fileStore(t)
	r := newTestRollout(nil)
	rt, err := Begin(ctx, st, r)
	require.NoError(t, err)
	assert.Equal(t, int64(2), rt.Generation)

	got, back, err := Load(ctx, st, "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-blue", got.Stable)
	assert.Equal(t, "/web-green", got.Canary)
	assert.True(t, got.CanaryIsolated)
	assert.Zero(t, got.CanaryWeight)
	assert.Equal(t, "starting", got.Step)
	assert.Equal(t, []state.Port{{ServicePort: 10001, Protocol: "http"}}, got.Ports, "ports are kept")
	require.NotNil(t, back)
	assert.Equal(t, "v2", back.Canary.Release)

	_, err = Begin(ctx, st, newTestRollout(nil))
	var active *ActiveError
	require.ErrorAs(t, err, &active)
	assert.Equal(t, kind.Locked, active.Kind(), "exits 5 (pkg/cmdutil)")
	assert.Equal(t, "web", active.Service, "the hint names it (pkg/cmdutil)")
}

func TestUpdateWritesStepAndRoutingTogether(t *testing.T) {
	ctx := context.Background()
	st := fileStore(t)
	_, err := Begin(ctx, st, newTestRollout(nil))
	require.NoError(t, err)
	for _, want := range []struct {
		step   string
		weight float64
	}{{"isolated", 0}, {"partial[0]", 10}, {"full-scale", 10}, {"shift", 100}} {
		rt, r, err := Update(ctx, st, "web", func(_ *state.Routing, r *Rollout) error {
			r.Advance(t0)
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, want.step, r.StepName())
		stored, _, err := st.GetRouting(ctx, "web")
		require.NoError(t, err)
		assert.Equal(t, rt.Generation, stored.Generation, "the returned generation is the one to wait for")
		assert.Equal(t, want.weight, stored.CanaryWeight)
		assert.Equal(t, want.step, stored.Step)
	}

	// ErrUnchanged writes nothing.
	before, _, _ := st.GetRouting(ctx, "web")
	_, _, err = Update(ctx, st, "web", func(*state.Routing, *Rollout) error { return ErrUnchanged })
	require.NoError(t, err)
	after, _, _ := st.GetRouting(ctx, "web")
	assert.Equal(t, before.Generation, after.Generation)
}

func TestUpdateRetriesOnConflictAndNeverLosesAControlFlag(t *testing.T) {
	ctx := context.Background()
	st := fileStore(t)
	_, err := Begin(ctx, st, newTestRollout(nil))
	require.NoError(t, err)

	// A driver recording a check and a control command pausing,
	// concurrently: both writes must land, whatever the interleaving.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, _, errs[0] = Update(ctx, st, "web", func(_ *state.Routing, r *Rollout) error {
			r.AddCheck(Check{Name: "driver", Verdict: VerdictPass})
			return nil
		})
	}()
	go func() {
		defer wg.Done()
		_, _, errs[1] = Update(ctx, st, "web", func(_ *state.Routing, r *Rollout) error {
			r.SetPaused(true, t0)
			return nil
		})
	}()
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	_, r, err := Load(ctx, st, "web")
	require.NoError(t, err)
	assert.True(t, r.Paused)
	require.Len(t, r.Checks, 1)
	assert.Equal(t, "driver", r.Checks[0].Name)
}

func TestUpdateConflictFromAnotherWriter(t *testing.T) {
	ctx := context.Background()
	st := fileStore(t)
	_, err := Begin(ctx, st, newTestRollout(nil))
	require.NoError(t, err)
	calls := 0
	_, r, err := Update(ctx, st, "web", func(_ *state.Routing, r *Rollout) error {
		calls++
		if calls == 1 {
			// Someone else writes between our read and our write.
			rt, ver, err := st.GetRouting(ctx, "web")
			require.NoError(t, err)
			other, _ := Decode(rt.Rollout)
			other.Abort = true
			other.Route(&rt)
			rt.Rollout, _ = other.Encode()
			_, err = st.PutRouting(ctx, rt, ver)
			require.NoError(t, err)
		}
		if r.Abort {
			r.StartRollback(CauseAborted, "aborted by ann", t0)
			return nil
		}
		r.Advance(t0)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2, calls, "the mutator runs again on the fresh state")
	assert.Equal(t, StepRollingBack, r.Step, "the abort written meanwhile wins")
}

func TestFinishedRolloutIsNotWrittenAgain(t *testing.T) {
	ctx := context.Background()
	st := fileStore(t)
	_, err := Begin(ctx, st, newTestRollout(nil))
	require.NoError(t, err)
	_, _, err = Update(ctx, st, "web", func(_ *state.Routing, r *Rollout) error {
		for r.Advance(t0) {
		}
		return nil
	})
	require.NoError(t, err)
	rt, _, _ := st.GetRouting(ctx, "web")
	assert.Equal(t, "/web-green", rt.Stable)
	assert.Empty(t, rt.Canary)

	// A later rolling deploy changes the stable app...
	rt.Stable = "/web-blue"
	_, err = st.PutRouting(ctx, rt, state.Version(rt.Generation))
	require.NoError(t, err)
	// ...and a stray control command must not route from the old record.
	_, _, err = Update(ctx, st, "web", func(_ *state.Routing, r *Rollout) error { r.SetPaused(true, t0); return nil })
	var none *NoRolloutError
	require.ErrorAs(t, err, &none)
	assert.ErrorIs(t, err, ErrNoRollout)
	assert.Contains(t, err.Error(), "the last one, of release v2, ended done")
	rt, _, _ = st.GetRouting(ctx, "web")
	assert.Equal(t, "/web-blue", rt.Stable)

	// A new rollout may begin after a finished one.
	_, err = Begin(ctx, st, NewRollout("web", Track{App: "/web-blue"}, Track{App: "/web-green", Release: "v3"}, plan(nil), t0.Add(time.Hour)))
	assert.NoError(t, err)
}

func TestCorruptRecordIsReported(t *testing.T) {
	ctx := context.Background()
	st := fileStore(t)
	rt, ver, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	rt.Rollout = []byte(`{"step": 7}`)
	_, err = st.PutRouting(ctx, rt, ver)
	require.NoError(t, err)
	_, _, err = Load(ctx, st, "web")
	assert.ErrorContains(t, err, "routing state of web in file://")
	assert.ErrorContains(t, err, "remove the \"rollout\" field by hand")
	_, _, err = Update(ctx, st, "web", func(*state.Routing, *Rollout) error { return nil })
	assert.ErrorContains(t, err, "rollout record")
}

func TestNoRoutingState(t *testing.T) {
	ctx := context.Background()
	st, err := state.Open(ctx, "file://"+t.TempDir(), state.Options{})
	require.NoError(t, err)
	defer st.Close()
	_, _, err = Load(ctx, st, "web")
	assert.ErrorIs(t, err, state.ErrNotFound)
	_, err = Begin(ctx, st, newTestRollout(nil))
	assert.ErrorIs(t, err, state.ErrNotFound)
}
