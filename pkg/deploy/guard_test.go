package deploy

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func store(t *testing.T) state.Store {
	st, err := state.Open(context.Background(), "file://"+t.TempDir(), state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

// seed stores a rollout of web v2 beside v1, advanced steps times.
func seed(t *testing.T, st state.Store, gates []string, steps int) *canary.Rollout {
	ctx := context.Background()
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	p := manifest.ResolveCanary(&manifest.Canary{ManualGates: gates})
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 1}, p, t0)
	for range steps {
		r.Advance(t0)
	}
	r.ID, err = st.AppendHistory(ctx, "web", r.Record())
	require.NoError(t, err)
	_, err = canary.Begin(ctx, st, r)
	require.NoError(t, err)
	return r
}

func TestGuard(t *testing.T) {
	ctx := context.Background()
	all := []Op{OpDeploy, OpScale, OpRollback, OpRestart, OpDestroy, OpPromote, OpAbort, OpPause, OpResume}
	allowed := map[Op]bool{OpDestroy: true, OpPromote: true, OpAbort: true, OpPause: true, OpResume: true}

	t.Run("no routing state, no rollout: everything goes", func(t *testing.T) {
		st := store(t)
		for _, op := range all {
			r, err := Guard(ctx, st, "web", op)
			assert.NoError(t, err, op)
			assert.Nil(t, r)
		}
	})
	t.Run("an active rollout refuses what it does not allow", func(t *testing.T) {
		st := store(t)
		seed(t, st, nil, 2) // partial[0]
		for _, op := range all {
			r, err := Guard(ctx, st, "web", op)
			require.NotNil(t, r, op)
			if allowed[op] {
				assert.NoError(t, err, op)
				continue
			}
			var ae *RolloutActiveError
			require.True(t, errors.As(err, &ae), "%s: %v", op, err)
			assert.Equal(t, KindLocked, KindOf(err))
			assert.Contains(t, err.Error(), "refusing to "+string(op)+" web: its canary rollout of release v2 (beside v1) is in progress, at step partial[0]")
		}
	})
	t.Run("at a manual gate the message says it waits for a promote", func(t *testing.T) {
		st := store(t)
		r := seed(t, st, []string{"partial"}, 2)
		require.Equal(t, "partial", r.Gate)
		_, err := Guard(ctx, st, "web", OpScale)
		assert.ErrorContains(t, err, `waiting at the manual gate "partial" after step isolated for a promote`)
	})
	t.Run("a finished rollout refuses nothing", func(t *testing.T) {
		st := store(t)
		seed(t, st, nil, 2)
		closed, err := Close(ctx, st, "web", "the service was destroyed by ann@h", t0.Add(time.Minute))
		require.NoError(t, err)
		require.NotNil(t, closed)
		assert.Equal(t, canary.StepAborted, closed.Step)
		for _, op := range all {
			_, err := Guard(ctx, st, "web", op)
			assert.NoError(t, err, op)
		}
	})
}

func TestCloseEndsRecordRoutingAndHistory(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	r := seed(t, st, nil, 2)
	closed, err := Close(ctx, st, "web", "the service was destroyed by ann@h", t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "the service was destroyed by ann@h", closed.Reason)
	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Empty(t, rt.Canary, "the canary is routed no more")
	assert.Zero(t, rt.CanaryWeight)
	recs, err := st.History(ctx, "web", 0)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, r.ID, recs[0].ID)
	assert.Equal(t, state.OutcomeAborted, recs[0].Outcome)

	again, err := Close(ctx, st, "web", "again", t0.Add(2*time.Minute))
	assert.NoError(t, err)
	assert.Nil(t, again, "nothing active: nothing closed")
}

// fakeApps is the one Marathon read CheckResume and NowServing need.
type fakeApps map[string]*marathon.App

func (f fakeApps) App(_ context.Context, id string) (*marathon.App, error) {
	if a, ok := f[id]; ok {
		return a, nil
	}
	return nil, &marathon.NotFoundError{}
}

func app(id, release string, n int) *marathon.App {
	a := &marathon.App{}
	a.ID = id
	a.Instances = &n
	labels := map[string]string{"YODEL_RELEASE": release}
	a.Labels = &labels
	return a
}

func TestCheckResume(t *testing.T) {
	ctx := context.Background()
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 1}, manifest.ResolveCanary(nil), t0)
	r.Advance(t0)
	r.Advance(t0)
	for _, tc := range []struct {
		name string
		apps fakeApps
		want string
	}{
		{"unchanged", fakeApps{"/web-blue": app("/web-blue", "v1", 3)}, ""},
		{"scaled", fakeApps{"/web-blue": app("/web-blue", "v1", 5)}, "it now runs release v1 with 5 instances"},
		{"another release", fakeApps{"/web-blue": app("/web-blue", "v3", 3)}, "it now runs release v3 with 3 instances"},
		{"gone", fakeApps{}, "it no longer exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckResume(ctx, tc.apps, r)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tc.want)
			assert.Equal(t, KindConflict, KindOf(err))
		})
	}
}

func TestNowServing(t *testing.T) {
	ctx := context.Background()
	r := &canary.Rollout{Stable: canary.Track{App: "/web-blue", Release: "v1"}, Canary: canary.Track{App: "/web-green", Release: "v2"}, Step: canary.StepAborted}
	s, err := NowServing(ctx, fakeApps{"/web-blue": app("/web-blue", "v3", 2)}, r)
	require.NoError(t, err)
	assert.Equal(t, Serving{App: "/web-blue", Release: "v3", Instances: 2, Found: true}, s)
	r.Step = canary.StepDone
	s, err = NowServing(ctx, fakeApps{}, r)
	require.NoError(t, err)
	assert.Equal(t, Serving{App: "/web-green"}, s)
}

// fakeLock is a held lock whose loss the test decides.
type fakeLock struct{ lost chan struct{} }

func (l *fakeLock) Holder() state.Holder              { return state.Holder{} }
func (l *fakeLock) Lost() <-chan struct{}             { return l.lost }
func (l *fakeLock) Release(ctx context.Context) error { return nil }

func TestWriteLockedStopsOnceTheLockIsLost(t *testing.T) {
	ctx := context.Background()
	l := &fakeLock{lost: make(chan struct{})}
	gen, err := WriteLocked(ctx, l, func(context.Context) (int64, error) { return 7, nil })
	require.NoError(t, err)
	assert.Equal(t, int64(7), gen)

	// Lost while the write waits for the store: the write is cancelled.
	_, err = WriteLocked(ctx, l, func(wctx context.Context) (int64, error) {
		close(l.lost)
		<-wctx.Done()
		return 0, wctx.Err()
	})
	assert.ErrorIs(t, err, ErrLockLost)

	// Lost before: nothing is written.
	wrote := false
	_, err = WriteLocked(ctx, l, func(context.Context) (int64, error) { wrote = true; return 1, nil })
	assert.ErrorIs(t, err, ErrLockLost)
	assert.False(t, wrote)
}

func TestRoutingBehindAndStableRouting(t *testing.T) {
	ports := []state.Port{{ServicePort: 10080, Protocol: "http"}}
	assert.True(t, RoutingBehind(nil, "/web-blue", ports), "no routing state at all")
	rt := StableRouting(nil, "web", "/web-blue", ports, "ann@h", t0)
	assert.Equal(t, state.Routing{Service: "web", Stable: "/web-blue", Ports: ports, UpdatedAt: t0, UpdatedBy: "ann@h"}, rt)
	assert.False(t, RoutingBehind(&rt, "/web-blue", ports))
	assert.True(t, RoutingBehind(&rt, "/web-green", ports), "another stable app")
	assert.True(t, RoutingBehind(&rt, "/web-blue", append(ports, state.Port{ServicePort: 10081, Protocol: "tcp"})), "other ports")
	rt.Canary = "/web-green"
	assert.False(t, RoutingBehind(&rt, "/web-green", ports), "a rollout owns the routing state")

	// A rolling deploy's surge app left with the traffic (no rollout
	// record): a rerun of the deploy of /web-blue takes it back.
	assert.True(t, SurgeLeft(&rt, "web", "/web-blue"))
	assert.False(t, SurgeLeft(&rt, "web", "/web-green"), "the canary route holds the app deployed")
	withRollout := rt
	enc, err := seed(t, store(t), nil, 2).Encode()
	require.NoError(t, err)
	withRollout.Rollout = enc
	assert.False(t, SurgeLeft(&withRollout, "web", "/web-blue"), "a canary rollout owns the canary route")
	assert.False(t, SurgeLeft(&state.Routing{Stable: "/web-blue"}, "web", "/web-blue"), "nothing on the canary route")

	rt.Generation, rt.CanaryWeight = 9, 20
	next := StableRouting(&rt, "web", "/web-green", ports, "bob@h", t0.Add(time.Hour))
	assert.Equal(t, "/web-green", next.Stable)
	assert.Equal(t, "bob@h", next.UpdatedBy)
	assert.Equal(t, float64(20), next.CanaryWeight, "the rest of the routing state is kept")
}

func TestUpdateLost(t *testing.T) {
	ctx := context.Background()
	sent := app("/web-blue", "v2", 3)
	lost, _, err := UpdateLost(ctx, fakeApps{"/web-blue": app("/web-blue", "v2", 3)}, sent)
	require.NoError(t, err)
	assert.False(t, lost)
	lost, live, err := UpdateLost(ctx, fakeApps{"/web-blue": app("/web-blue", "v1", 3)}, sent)
	require.NoError(t, err)
	assert.True(t, lost, "Marathon answers with the old release")
	assert.Equal(t, "v1", live.Label("YODEL_RELEASE"))
	lost, live, err = UpdateLost(ctx, fakeApps{}, sent)
	require.NoError(t, err)
	assert.True(t, lost)
	assert.Nil(t, live)
}
