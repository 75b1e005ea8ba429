package autoscale_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/autoscale"
	"github.com/yodeldeploy/yodel/pkg/canary"
	cmddeploy "github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// fakeAgent is an lb agent's /v1/stats whose counters for web the test
// sets, registered in the realm's store as a live agent.
type fakeAgent struct {
	mu   sync.Mutex
	at   time.Time
	reqs int64
}

func (a *fakeAgent) set(at time.Time, reqs int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.at, a.reqs = at, reqs
}

func (a *fakeAgent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.URL.Path != "/v1/stats" {
		http.NotFound(w, r)
		return
	}
	_ = json.NewEncoder(w).Encode(lb.StatsResponse{Agent: "a1", Time: a.at, Epoch: "e1",
		Services: map[string]lb.ServiceStats{"web": {Tracks: map[string]lb.TrackStats{canary.TrackStable: {Requests: a.reqs}}}}})
}

// setup deploys web (2 instances, autoscale 2-8 at 10/s) on the emulator
// and returns a worker whose clock is an hour ahead (every cooldown has
// passed), with a fake agent when agent is set.
func setup(t *testing.T, agent *fakeAgent) (*svctest.Env, *autoscale.Worker) {
	t.Helper()
	e := svctest.Start(t)
	e.Manifest(t, "web", svctest.WebManifest(2, "autoscale: {min: 2, max: 8, targetRequestsPerTask: 10, scaleUpCooldown: 1s}\n"))
	ios, _, _, errOut := svctest.IO(false)
	require.NoError(t, cmddeploy.Run(context.Background(), &cmddeploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
		LookupEnv: func(string) (string, bool) { return "", false }, Release: "v1",
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second, Settle: 300 * time.Millisecond, Args: []string{"deploy", "web"}}), errOut.String())
	if agent != nil {
		srv := httptest.NewServer(agent)
		t.Cleanup(srv.Close)
		sess, err := e.Store.RegisterAgent(context.Background(), state.Agent{ID: "a1", Address: strings.TrimPrefix(srv.URL, "http://"),
			Pid: os.Getpid(), StartedAt: time.Now()})
		require.NoError(t, err)
		t.Cleanup(func() { _ = sess.Close(context.Background()) })
	}
	rl, err := realm.Load(e.RealmFile, "")
	require.NoError(t, err)
	return e, &autoscale.Worker{Realm: rl, Store: e.Store, Marathon: e.Client,
		Holder: state.Holder{User: "autoscaler", Command: "yodel server --realm test (autoscaler)"},
		Now:    func() time.Time { return time.Now().Add(time.Hour) }, Timeout: time.Minute, ProgressDeadline: 30 * time.Second, Settle: 300 * time.Millisecond}
}

func history(t *testing.T, e *svctest.Env) []state.Record {
	t.Helper()
	h, err := e.Store.History(context.Background(), "web", 10)
	require.NoError(t, err)
	return h
}

// TestWorkerScalesWithTheEngine: two reads of the agent's counters 10s
// apart at 55 req/s: the worker scales web 2 -> 6 with the engine, and the
// history row says who (the autoscaler) and why (the rate).
func TestWorkerScalesWithTheEngine(t *testing.T) {
	agent := &fakeAgent{}
	e, w := setup(t, agent)
	ctx := context.Background()
	t0 := time.Now()
	agent.set(t0, 1000)
	w.Tick(ctx)
	agent.set(t0.Add(10*time.Second), 1550)
	w.Tick(ctx)
	w.Wait()
	row := history(t, e)[0]
	assert.Equal(t, "autoscale 2->6", row.Strategy)
	assert.Equal(t, state.OutcomeSucceeded, row.Outcome, row.Steps)
	assert.Equal(t, "autoscaler", row.User)
	assert.Equal(t, "v1", row.Release)
	assert.Equal(t, "55.0 req/s is 27.5 per instance on 2, above the target of 10: 6 needed (autoscale 2-8)", row.Steps[len(row.Steps)-1].Message)
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 6, app.WantedInstances())
}

// TestWorkerChangesNothingWithoutARate: no agent in the realm, then an
// agent whose counters restarted: no rate, no change, no history row.
func TestWorkerChangesNothingWithoutARate(t *testing.T) {
	e, w := setup(t, nil)
	ctx := context.Background()
	before := len(history(t, e))
	w.Tick(ctx)
	w.Tick(ctx)
	w.Tick(ctx)
	assert.Len(t, history(t, e), before)
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 2, app.WantedInstances())
}

// TestWorkerNeverScalesDuringARollout: the rate needs 8, but web's canary
// rollout is in progress: nothing changes, no history row.
func TestWorkerNeverScalesDuringARollout(t *testing.T) {
	agent := &fakeAgent{}
	e, w := setup(t, agent)
	ctx := context.Background()
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 2},
		canary.Track{App: "/web-green", Release: "v2", Instances: 1}, manifest.CanaryPlan{Instances: 1}, time.Now())
	_, err := canary.Begin(ctx, e.Store, r)
	require.NoError(t, err)
	before := len(history(t, e))
	t0 := time.Now()
	for i := range 3 {
		agent.set(t0.Add(time.Duration(i)*10*time.Second), int64(i)*1000) // 100 req/s
		w.Tick(ctx)
	}
	assert.Len(t, history(t, e), before)
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 2, app.WantedInstances())
}
