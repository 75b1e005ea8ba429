package deploy_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// lossyMarathon is a Marathon whose stable app loses the first `lose`
// updates, as one that restarts or fails over before persisting them does:
// the update is accepted, its wait succeeds on the old tasks, and the app
// still has the old definition. Calls the rolling path does not make panic
// (the embedded nil deploy.Marathon).
type lossyMarathon struct {
	deploy.Marathon
	mu      sync.Mutex
	app     *marathon.App
	lose    int
	updates int
}

func (f *lossyMarathon) App(_ context.Context, id string) (*marathon.App, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.app == nil || f.app.ID != id {
		return nil, &marathon.NotFoundError{}
	}
	a := *f.app
	return &a, nil
}

func (f *lossyMarathon) UpdateApp(_ context.Context, app *marathon.App, _ bool) (marathon.DeploymentRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates++
	if f.lose > 0 {
		f.lose--
	} else {
		a := *app
		f.app = &a
	}
	return marathon.DeploymentRef{ID: "d1", Version: "2026-12-01T12:00:00Z"}, nil
}

func (f *lossyMarathon) WaitDeployment(context.Context, marathon.WaitSpec) (marathon.Outcome, error) {
	return marathon.Outcome{Progress: marathon.Progress{Healthy: 2, Wanted: 2, Running: 2, DeploymentDone: true, Done: true}}, nil
}

// rollingSession opens web in a file store with its lock held.
func rollingSession(t *testing.T, mc deploy.Marathon) (*deploy.Session, *manifest.Manifest, *[]deploy.Event) {
	t.Helper()
	m, err := manifest.Parse(filepath.Join(t.TempDir(), "web.yaml"), []byte(rebuildManifest))
	require.NoError(t, err)
	st, err := state.Open(context.Background(), "file://"+t.TempDir(), state.Options{})
	require.NoError(t, err)
	var events []deploy.Event
	s := &deploy.Session{Service: "web", Realm: testRealm(t), MC: mc, Store: st, Now: time.Now,
		Holder: state.Holder{User: "ann", Host: "h", Command: "yodel deploy web"}, Report: func(e deploy.Event) { events = append(events, e) }}
	require.NoError(t, s.GuardAndLock(context.Background(), deploy.OpDeploy))
	t.Cleanup(s.Close) // the store too
	return s, m, &events
}

// planV2 plans a deploy of v2 over a live v1 in a Marathon that loses
// the first `lose` updates.
func planV2(t *testing.T, lose int) (*lossyMarathon, *deploy.Session, *deploy.Deployment, *[]deploy.Event) {
	t.Helper()
	mc := &lossyMarathon{lose: lose}
	s, m, events := rollingSession(t, mc)
	secrets := s.Realm.ManifestSecrets(m.Dir(), func(string) (string, bool) { return "pw", true })
	gm, err := appdef.Build(m, appdef.Options{AppID: "/web-blue", Release: "v1", Realm: s.Realm.Realm, Secrets: secrets})
	require.NoError(t, err)
	mc.app = &marathon.App{Application: *gm}
	d, err := s.PlanDeploy(context.Background(), deploy.DeployRequest{Manifest: m, Release: "v2", RealmArg: "qa", Secrets: secrets})
	require.NoError(t, err)
	require.False(t, d.Unchanged())
	return mc, s, d, events
}

func TestRollingSendsALostUpdateOnceMore(t *testing.T) {
	ctx := context.Background()
	mc, s, d, events := planV2(t, 1)

	require.NoError(t, d.Rolling(ctx))
	assert.Equal(t, 2, mc.updates, "sent once more after Marathon lost it")
	assert.Equal(t, "v2", mc.app.Label(appdef.LabelRelease))
	assert.Equal(t, state.OutcomeSucceeded, d.Result.Outcome)
	assert.Contains(t, *events, deploy.Event{Kind: deploy.EventStep, Text: "Marathon no longer has the update (a restart or leader change lost it); sending it again"})
	assert.Contains(t, *events, deploy.Event{Kind: deploy.EventNote, Text: "no lb agent is registered in realm qa: nothing routes web's service ports until one runs (yodel lb)"})
	rt, _, err := s.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-blue", rt.Stable, "routing written once Marathon has the release")
	h, err := s.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, state.OutcomeSucceeded, h[0].Outcome)
	assert.Equal(t, d.Result.HistoryID, h[0].ID)
}

func TestRollingLostTwiceIsAnErrorNotALoop(t *testing.T) {
	ctx := context.Background()
	mc, s, d, _ := planV2(t, 2)

	err := d.Rolling(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "marathon lost the update of /web-blue twice")
	assert.Equal(t, 2, mc.updates)
	assert.Equal(t, state.OutcomeFailed, d.Result.Outcome)
	_, _, gerr := s.Store.GetRouting(ctx, "web")
	assert.ErrorIs(t, gerr, state.ErrNotFound, "no routing state for a release Marathon does not run")
	h, err := s.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
}

// A rolling deploy that must drain (an lb agent routes the service) but
// cannot read the agents (their token cannot be resolved) stops before
// Marathon is touched, and closes its history row as failed rather than
// leaving it in progress for ever.
func TestRollingThatCannotDrainClosesItsHistoryRow(t *testing.T) {
	ctx := context.Background()
	mc, s, d, _ := planV2(t, 0)
	_, err := s.Store.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue",
		Ports: []state.Port{{ServicePort: 10080, Protocol: "http"}}}, state.NoVersion)
	require.NoError(t, err)
	agent, err := s.Store.RegisterAgent(ctx, state.Agent{ID: "lb-1", Address: "127.0.0.1:1", Host: "127.0.0.1", Pid: os.Getpid(), StartedAt: time.Now()})
	require.NoError(t, err)
	defer agent.Close(ctx)
	s.Agents = func() (*lb.Client, error) { return nil, errors.New("lb agent token: $YODEL_LB_TOKEN is not set") }

	err = d.Rolling(ctx)
	require.ErrorContains(t, err, "lb agent token")
	assert.Zero(t, mc.updates, "Marathon untouched")
	h, err := s.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
	assert.Equal(t, state.OutcomeFailed, d.Result.Outcome)
}

// cutMarathon takes (or drops) the update and then holds its answer until
// the caller gives up: a Ctrl-C while the PUT is on its way.
type cutMarathon struct {
	*lossyMarathon
	cancel func()
}

func (f *cutMarathon) UpdateApp(ctx context.Context, app *marathon.App, force bool) (marathon.DeploymentRef, error) {
	_, _ = f.lossyMarathon.UpdateApp(ctx, app, force)
	f.cancel()
	<-ctx.Done()
	return marathon.DeploymentRef{}, ctx.Err()
}

// A Ctrl-C while the update is on its way is an interruption (exit 130),
// never a failure: taken by Marathon, the deploy was left running (off a
// terminal) and says how to undo it; not taken, nothing changed.
func TestRollingInterruptedWhileSending(t *testing.T) {
	for _, tt := range []struct {
		name  string
		lose  int
		want  string
		left  deploy.Left
		label string
	}{
		{name: "taken", lose: 0, want: "interrupted: the deployment of web v2 was left running", left: deploy.LeftUndoable, label: "v2"},
		{name: "not taken", lose: 1, want: "interrupted before Marathon took the deployment of web v2: nothing changed", left: deploy.LeftNothing, label: "v1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mc, s, d, _ := planV2(t, tt.lose)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s.MC = &cutMarathon{lossyMarathon: mc, cancel: cancel}

			err := d.Rolling(ctx)
			require.Error(t, err)
			assert.Equal(t, deploy.KindInterrupted, deploy.KindOf(err), err.Error())
			assert.Contains(t, err.Error(), tt.want)
			var ce *deploy.ChangeError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.left, ce.Left)
			assert.Equal(t, tt.label, mc.app.Label(appdef.LabelRelease))
			h, err := s.Store.History(context.Background(), "web", 1)
			require.NoError(t, err)
			require.Len(t, h, 1)
			assert.Equal(t, state.OutcomeAborted, h[0].Outcome)
		})
	}
}

// A Marathon deployment on the stable app that no yodel process drives
// (the deploy that started it killed: this one holds the lock) refuses
// another release, rolling or canary, before anything is written or
// sent; the release it deploys is the earlier run's, which a rolling
// deploy goes on waiting for.
func TestDeployRefusedWhileMarathonStillDeploys(t *testing.T) {
	ctx := context.Background()
	mc := &lossyMarathon{}
	s, m, _ := rollingSession(t, mc)
	secrets := s.Realm.ManifestSecrets(m.Dir(), func(string) (string, bool) { return "pw", true })
	gm, err := appdef.Build(m, appdef.Options{AppID: "/web-blue", Release: "v2", Realm: s.Realm.Realm, Secrets: secrets})
	require.NoError(t, err)
	gm.Deployments = []map[string]string{{"id": "d0"}}
	mc.app = &marathon.App{Application: *gm}

	d, err := s.PlanDeploy(ctx, deploy.DeployRequest{Manifest: m, Release: "v3", RealmArg: "qa", Secrets: secrets})
	require.NoError(t, err)
	var busy *deploy.BusyError
	require.ErrorAs(t, d.Rolling(ctx), &busy)
	assert.Equal(t, deploy.KindLocked, deploy.KindOf(busy))
	assert.Equal(t, "v2", busy.Release)
	assert.False(t, busy.SameRelease)
	assert.Zero(t, mc.updates, "Marathon untouched")

	_, err = s.DeployCanary(ctx, deploy.CanaryRequest{Manifest: m, Realm: s.Realm, Release: "v3", Stable: d.Live, Secrets: secrets, Now: time.Now()}, deploy.DriveRequest{})
	require.ErrorAs(t, err, &busy)
	assert.True(t, busy.Canary)
	assert.Zero(t, mc.updates, "no canary app")
	_, _, err = s.Store.GetRouting(ctx, "web")
	assert.ErrorIs(t, err, state.ErrNotFound, "no routing state written for a canary")
	h, err := s.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	assert.Empty(t, h)

	// Its own release: the earlier run's deployment, waited for.
	d, err = s.PlanDeploy(ctx, deploy.DeployRequest{Manifest: m, Release: "v2", RealmArg: "qa", Secrets: secrets})
	require.NoError(t, err)
	assert.NoError(t, d.Busy(false))
	require.ErrorAs(t, d.Busy(true), &busy, "a canary of it would start beside it")
	assert.True(t, busy.SameRelease, "the rolling deploy of it is the way to wait")
}
