package deploy

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// seedKept stores a rollout of web v2 beside v1 that entered its
// rollback window of keep at entered.
func seedKept(t *testing.T, st state.Store, keep time.Duration, entered time.Time) *canary.Rollout {
	ctx := context.Background()
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	p := manifest.ResolveCanary(&manifest.Canary{KeepPrevious: ptr(manifest.Duration(keep))})
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 3}, p, entered)
	for r.Step != canary.StepKept {
		require.True(t, r.Advance(entered), r.StepName())
	}
	r.ID, err = st.AppendHistory(ctx, "web", r.Record())
	require.NoError(t, err)
	_, err = canary.Begin(ctx, st, r)
	require.NoError(t, err)
	return r
}

func ptr[T any](v T) *T { return &v }

func TestGuardInTheRollbackWindow(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	seedKept(t, st, time.Hour, time.Now())
	for _, op := range []Op{OpDeploy, OpScale} {
		_, err := Guard(ctx, st, "web", op)
		var ae *RolloutActiveError
		require.True(t, errors.As(err, &ae), "%s: %v", op, err)
		assert.Contains(t, err.Error(), "refusing to "+string(op)+" web: release v2 serves all its traffic, and its rollback window keeps release v1 (/web-blue) at weight 0 until")
	}
	for _, op := range []Op{OpRollback, OpPromote, OpAbort, OpDestroy, OpResume} {
		r, err := Guard(ctx, st, "web", op)
		assert.NoError(t, err, "%s: the window lets it through", op)
		assert.Equal(t, canary.StepKept, r.Step)
	}

	// Once the window is over any change goes ahead (GuardAndLock ends
	// the window first).
	st = store(t)
	seedKept(t, st, time.Hour, time.Now().Add(-2*time.Hour))
	for _, op := range []Op{OpDeploy, OpScale, OpRollback} {
		_, err := Guard(ctx, st, "web", op)
		assert.NoError(t, err, op)
	}
}

// windowMarathon holds the two apps of a rollout; deletes are done at once.
type windowMarathon struct {
	Marathon
	mu      sync.Mutex
	apps    fakeApps
	deleted []string
}

func (m *windowMarathon) App(ctx context.Context, id string) (*marathon.App, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.apps.App(ctx, id)
}

func (m *windowMarathon) DeleteApp(_ context.Context, id string, _ bool) (marathon.DeploymentRef, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.apps, id)
	m.deleted = append(m.deleted, id)
	return marathon.DeploymentRef{ID: "d1"}, nil
}

func (m *windowMarathon) WaitDeployment(context.Context, marathon.WaitSpec) (marathon.Outcome, error) {
	return marathon.Outcome{}, nil
}

func windowSession(st state.Store) (*Session, *windowMarathon) {
	mc := &windowMarathon{apps: fakeApps{"/web-blue": app("/web-blue", "v1", 3), "/web-green": app("/web-green", "v2", 3)}}
	return &Session{Service: "web", Realm: &realm.Realm{Realm: "qa"}, MC: mc, Store: st,
		Holder: state.Holder{User: "ann", Host: "h", Pid: os.Getpid(), StartedAt: t0}, Now: time.Now}, mc
}

// Without a server, the next change of the service ends a window that is
// over: under its lock it removes the previous release, then goes ahead.
func TestGuardAndLockEndsAWindowThatIsOver(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	seedKept(t, st, time.Minute, time.Now().Add(-2*time.Minute))
	s, mc := windowSession(st)
	defer s.Unlock()
	require.NoError(t, s.GuardAndLock(ctx, OpScale))
	assert.Equal(t, []string{"/web-blue"}, mc.deleted)
	require.NotNil(t, s.Rollout)
	assert.Equal(t, canary.StepDone, s.Rollout.Step)
	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-green", rt.Stable, "the scale that follows changes the new release")
	assert.Empty(t, rt.Canary)
}

// `yodel rollback` inside the window is one write of share 0; the record
// turns around and the window is closed to a second flip.
func TestFlipBackInTheWindow(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	seedKept(t, st, time.Hour, time.Now())
	s, mc := windowSession(st)
	r, err := s.WindowRollout(ctx)
	require.NoError(t, err)
	require.NotNil(t, r, "in the window")

	res, err := s.FlipBack(ctx, "ann@h", 50*time.Millisecond)
	require.NoError(t, err)
	assert.ErrorIs(t, res.ApplyErr, state.ErrNoAgents)
	assert.Equal(t, canary.StepRollingBack, res.Rollout.Step)
	assert.Equal(t, canary.CauseRollback, res.Rollout.Cause)
	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Equal(t, state.Routing{Stable: "/web-blue", Canary: "/web-green", CanaryWeight: 0},
		state.Routing{Stable: rt.Stable, Canary: rt.Canary, CanaryWeight: rt.CanaryWeight}, "v1 takes every request with this write")
	assert.Empty(t, mc.deleted, "the flip changes no app")

	r, err = s.WindowRollout(ctx)
	require.NoError(t, err)
	assert.Nil(t, r, "no window after the flip: another rollback is a redeploy")
	_, err = s.FlipBack(ctx, "ann@h", 0)
	var closed *canary.WindowClosedError
	assert.ErrorAs(t, err, &closed)
}

func TestPlanWindowShowsTheCapacityHeld(t *testing.T) {
	live := app("/web-blue", "v1", 3)
	live.CPUs = 0.1
	live.Mem = ptr(32.0)
	m := &manifest.Manifest{Service: "web", Canary: &manifest.Canary{KeepPrevious: ptr(manifest.Duration(10 * time.Minute))}}
	c := PlanWindow(m, &realm.Realm{}, live)
	require.NotNil(t, c)
	assert.Equal(t, "keeps 3 instance(s) of v1 (0.3 CPU, 96 MiB) for 10m0s after full", c.String())

	// The realm's default counts; none keeps nothing.
	rl := &realm.Realm{Canary: manifest.Canary{KeepPrevious: ptr(manifest.Duration(time.Minute))}}
	assert.Equal(t, time.Minute, PlanWindow(&manifest.Manifest{Service: "web"}, rl, live).For.D())
	assert.Nil(t, PlanWindow(&manifest.Manifest{Service: "web"}, &realm.Realm{}, live))
	assert.Nil(t, PlanWindow(m, &realm.Realm{}, nil))
}
