package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	cmddeploy "github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/deploy/deploytest"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var web = svctest.WebManifest(2, `canary:
  instances: 1
  partial:
    steps: [20]
    duration: 2s
    interval: 1s
    minRequests: 0
`)

// rig is a realm with web at v1 (rolling), an emulator, a file store, and
// the realm's server section as given.
func rig(t *testing.T, serverYAML string) (*svctest.Env, *realm.Realm) {
	t.Helper()
	return deploytest.Realm(t, web, serverYAML, "v1")
}

// begin records a canary rollout of v2 at isolated, as a deploy that
// created its canary app would have, with driver as its driver (nil: a
// detached deploy).
func begin(t *testing.T, e *svctest.Env, rl *realm.Realm, driver *state.Holder) *canary.Rollout {
	t.Helper()
	return deploytest.Begin(t, e, rl, deploytest.Canary{Release: "v2", Driver: driver, Steps: 1, // isolated: its smoke checks are none
		Holder: state.Holder{User: "tester", Command: "yodel deploy web --detach"}})
}

func newServer(t *testing.T, e *svctest.Env, rl *realm.Realm, name string, users []realm.ServerCredential) (*server.Server, *sandboxtest.Buffer) {
	t.Helper()
	st, err := state.Open(context.Background(), e.StoreURL, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	mc, err := marathon.New(marathon.Config{URLs: rl.Marathon.URLs})
	require.NoError(t, err)
	logs := &sandboxtest.Buffer{}
	s := server.New(server.Config{Realm: rl, Store: st, Marathon: mc, Poll: 50 * time.Millisecond,
		Holder:  state.Holder{User: "yodel", Command: "yodel server --realm test (" + name + ")", StartedAt: time.Now()},
		Logger:  slog.New(slog.NewTextHandler(logs, nil)).With("server", name),
		Drive:   deploy.DriveRequest{Poll: 50 * time.Millisecond, ProgressDeadline: 30 * time.Second, Settle: 300 * time.Millisecond},
		Metrics: server.NewMetrics(), Users: users})
	return s, logs
}

func run(t *testing.T, s *server.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// ended waits for web's rollout to end and returns its record.
func ended(t *testing.T, e *svctest.Env, within time.Duration) *canary.Rollout {
	t.Helper()
	var last *canary.Rollout
	require.Eventually(t, func() bool {
		_, r, err := canary.Load(context.Background(), e.Store, "web")
		last = r
		return err == nil && r != nil && !r.Active()
	}, within, 50*time.Millisecond, "the rollout did not end; last record: %+v", last)
	return last
}

func TestDetachedRolloutIsDrivenToTheEnd(t *testing.T) {
	e, rl := rig(t, "server: {url: 'http://127.0.0.1:1', adoptAfter: 1h}\n")
	begin(t, e, rl, nil)
	s, logs := newServer(t, e, rl, "a", nil)
	run(t, s)
	// adoptAfter is an hour: a detached rollout, which never had a driver,
	// is adopted at once all the same.
	r := ended(t, e, time.Minute)
	assert.Equal(t, canary.StepDone, r.Step, "%s\n%s", r.Reason, logs)
	assert.Contains(t, logs.String(), "adopting a rollout")
	historySettles(t, e.Store, "web") // the row follows the record's end
	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeSucceeded, h[0].Outcome)
	app, err := e.Client.App(context.Background(), "/web-green")
	require.NoError(t, err)
	assert.Equal(t, "v2", app.Label(appdef.LabelRelease))
}

func TestLiveDriverIsNeverAdoptedAndADeadOneAfterAdoptAfter(t *testing.T) {
	const adoptAfter = 2 * time.Second
	e, rl := rig(t, fmt.Sprintf("server: {url: 'http://127.0.0.1:1', adoptAfter: %s}\n", adoptAfter))
	ctx := context.Background()
	// The "CLI" drives: it holds web's lock (its process, this one, lives).
	cli := state.Holder{User: "tester", Command: "yodel deploy web --release v2"}
	lock, err := e.Store.Lock(ctx, "web", cli)
	require.NoError(t, err)
	begin(t, e, rl, &cli)
	s, logs := newServer(t, e, rl, "a", nil)
	run(t, s)
	require.Eventually(t, func() bool { lead, _ := s.Leading(); return lead }, 10*time.Second, 20*time.Millisecond)
	// Several adoptAfters with the driver alive: the server never takes it.
	time.Sleep(2 * adoptAfter) // the claim is that nothing happens over this time
	_, r, err := canary.Load(ctx, e.Store, "web")
	require.NoError(t, err)
	assert.True(t, r.Active())
	assert.Equal(t, cli.Command, r.Driver.Command, "a server took over a rollout whose driver lives")
	assert.NotContains(t, logs.String(), "adopting")

	// The driver dies: its lock goes (a ZooKeeper session expiring).
	died := time.Now()
	require.NoError(t, lock.Release(ctx))
	var adopted time.Time
	require.Eventually(t, func() bool {
		_, r, err := canary.Load(ctx, e.Store, "web")
		if err == nil && r != nil && r.Driver != nil && strings.Contains(r.Driver.Command, "yodel server") {
			adopted = time.Now()
			return true
		}
		return err == nil && r != nil && !r.Active()
	}, 30*time.Second, 20*time.Millisecond)
	require.False(t, adopted.IsZero(), "the rollout ended without the server recording itself as its driver")
	assert.GreaterOrEqual(t, adopted.Sub(died), adoptAfter, "adopted before adoptAfter")
	t.Logf("adopted %s after the driver died (adoptAfter %s)", adopted.Sub(died).Round(time.Millisecond), adoptAfter)
	r = ended(t, e, time.Minute)
	assert.Equal(t, canary.StepDone, r.Step, "%s\n%s", r.Reason, logs)
}

func TestTwoServersNeverBothDrive(t *testing.T) {
	e, rl := rig(t, "server: {url: 'http://127.0.0.1:1'}\n")
	begin(t, e, rl, nil)
	a, logsA := newServer(t, e, rl, "a", nil)
	b, logsB := newServer(t, e, rl, "b", nil)
	run(t, a)
	run(t, b)
	r := ended(t, e, time.Minute)
	assert.Equal(t, canary.StepDone, r.Step)
	leadA, _ := a.Leading()
	leadB, _ := b.Leading()
	assert.True(t, leadA != leadB, "exactly one server leads (a %v, b %v)", leadA, leadB)
	adoptions := strings.Count(logsA.String(), "adopting a rollout") + strings.Count(logsB.String(), "adopting a rollout")
	assert.Equal(t, 1, adoptions, "the rollout was adopted %d times:\n%s\n%s", adoptions, logsA, logsB)
	follower := logsB
	if leadB {
		follower = logsA
	}
	assert.NotContains(t, follower.String(), "leading the realm")
	historySettles(t, e.Store, "web")
}

func TestAPIAuthRefusesAndChangesNothing(t *testing.T) {
	e, rl := rig(t, "server: {url: 'http://127.0.0.1:1'}\n")
	users := []realm.ServerCredential{{Name: "vic", Role: realm.RoleViewer, Token: "t-viewer"}, {Name: "dee", Role: realm.RoleDeployer, Token: "t-deployer"}}
	s, _ := newServer(t, e, rl, "a", users)
	api := httptest.NewServer(s.Handler())
	t.Cleanup(api.Close)
	ctx := context.Background()
	before, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	call := func(method, path, token, body string) (int, string) {
		req, err := http.NewRequest(method, api.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, c := range []struct {
		method, path, token string
		want                int
	}{
		{"GET", "/v1/services", "", 401},
		{"GET", "/v1/services", "wrong", 401},
		{"POST", "/v1/services/web/scale", "", 401},
		{"POST", "/v1/services/web/scale", "wrong", 401},
		{"POST", "/v1/services/web/scale", "t-viewer", 403},
		{"POST", "/v1/services/web/rollback", "t-viewer", 403},
		{"POST", "/v1/services/web/rollout/abort", "t-viewer", 403},
	} {
		code, body := call(c.method, c.path, c.token, `{"instances": 5}`)
		assert.Equal(t, c.want, code, "%s %s with %q: %s", c.method, c.path, c.token, body)
	}
	after, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a refused call wrote history")
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 2, app.WantedInstances(), "a refused call scaled web")

	code, body := call("GET", "/v1/services", "t-viewer", "")
	assert.Equal(t, 200, code, body)
	var svcs []server.ServiceView
	require.NoError(t, json.Unmarshal([]byte(body), &svcs))
	require.Len(t, svcs, 1)
	assert.Equal(t, "/web-blue", svcs[0].Stable)
	// The realm's history as `yodel history --realm R`, and one
	// service's, both as the store holds them, newest first.
	code, body = call("GET", "/v1/history?limit=1", "t-viewer", "")
	assert.Equal(t, 200, code, body)
	var recs []state.Record
	require.NoError(t, json.Unmarshal([]byte(body), &recs))
	require.Len(t, recs, 1, body)
	assert.Equal(t, after[0].ID, recs[0].ID)
	code, body = call("GET", "/v1/services/web/history", "t-viewer", "")
	assert.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &recs))
	require.Len(t, recs, len(after))
	for i := range after {
		assert.Equal(t, after[i].ID, recs[i].ID)
	}
	code, body = call("GET", "/v1/history?limit=0", "t-viewer", "")
	assert.Equal(t, 400, code, body)
	code, _ = call("GET", "/v1/history", "", "")
	assert.Equal(t, 401, code, "history needs a user")
	code, body = call("GET", "/healthz", "", "")
	assert.Equal(t, 200, code, body)
	code, body = call("GET", "/metrics", "", "")
	assert.Equal(t, 200, code)
	assert.Contains(t, body, "yodel_server_api_requests_total")
}

func deployDetached(t *testing.T, e *svctest.Env, release string) (string, error) {
	t.Helper()
	return deploytest.Deploy(context.Background(), e, release, func(o *cmddeploy.Options) {
		o.Detach, o.Args = true, []string{"deploy", "web", "--detach"}
	})
}

func TestDeployDetachIsFinishedByTheServer(t *testing.T) {
	e, rl := rig(t, "server: {url: 'http://127.0.0.1:9180', adoptAfter: 1h}\n")
	out, err := deployDetached(t, e, "v2")
	require.NoError(t, err, out)
	assert.Contains(t, out, "yodel canary status web --realm test")
	_, r, err := canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	require.True(t, r.Active(), "the detached deploy left no active rollout")
	assert.Nil(t, r.Driver, "a detached rollout has no driver")
	// The deploy created the canary app: the server needs neither the
	// manifest (edited on at once, here) nor its secrets.
	app, err := e.Client.App(context.Background(), r.Canary.App)
	require.NoError(t, err, "the detached deploy created the canary app")
	assert.Equal(t, "v2", app.Label(appdef.LabelRelease))
	e.Manifest(t, "web", strings.Replace(web, "instances: 2", "instances: 3", 1))

	s, logs := newServer(t, e, rl, "a", nil)
	run(t, s)
	r = ended(t, e, time.Minute)
	assert.Equal(t, canary.StepDone, r.Step, "%s\n%s", r.Reason, logs)
	app, err = e.Client.App(context.Background(), r.Canary.App)
	require.NoError(t, err)
	assert.Equal(t, "v2", app.Label(appdef.LabelRelease))
}

// A canary app Marathon refuses (a 422) fails the detached deploy with the
// manifest's line (exit 2), and nothing is left active for the server.
func TestDeployDetachOfAnAppMarathonRefuses(t *testing.T) {
	e, _ := rig(t, "server: {url: 'http://127.0.0.1:9180', adoptAfter: 1h}\n")
	e.Manifest(t, "web", strings.Replace(web, "cpus: 0.1", "cpus: 0.0001", 1))
	out, err := deployDetached(t, e, "v2")
	require.Error(t, err, out)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "resources.cpus: got 0.0001, expected 0.001 or more")
	_, r, err := canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	require.NotNil(t, r)
	assert.False(t, r.Active(), "the rollout of an app never created stays active")
	assert.Equal(t, state.OutcomeRolledBack, r.Outcome)
	_, err = e.Client.App(context.Background(), r.Canary.App)
	assert.True(t, marathon.IsNotFound(err), "no canary app: %v", err)
	rt, _, err := e.Store.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Empty(t, rt.Canary, "the routing state names no canary")
	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeRolledBack, h[0].Outcome)
}

// A creation that fails after Marathon applied it (a timeout, a proxy's
// 5xx) leaves no canary app behind its closed rollout.
func TestDeployDetachRemovesACanaryAppMarathonMayHaveCreated(t *testing.T) {
	e, _ := rig(t, "server: {url: 'http://127.0.0.1:9180', adoptAfter: 1h}\n")
	e.Emu.Fault(t, "faults/fail?count=1&method=PUT&after=true&status=504")
	out, err := deployDetached(t, e, "v2")
	require.Error(t, err, out)
	assert.Contains(t, err.Error(), "creating the canary app /web-green")
	_, r, err := canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	require.NotNil(t, r)
	assert.False(t, r.Active())
	assert.Equal(t, state.OutcomeRolledBack, r.Outcome)
	_, err = e.Client.App(context.Background(), "/web-green")
	assert.True(t, marathon.IsNotFound(err), "the app Marathon created is removed: %v", err)
}

func TestDeployDetachWithoutAServerIsRefused(t *testing.T) {
	e, _ := rig(t, "")
	before, err := e.Store.History(context.Background(), "web", 0)
	require.NoError(t, err)
	out, err := deployDetached(t, e, "v2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "server.url", out)
	after, err := e.Store.History(context.Background(), "web", 0)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a refused --detach wrote history")
	_, r, err := canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	assert.Nil(t, r, "a refused --detach recorded a rollout")
}

// historySettles waits until no history row of svc is in progress: the
// driver mirrors the record to history just after the routing write that
// ended the rollout.
func historySettles(t *testing.T, st state.Store, svc string) {
	t.Helper()
	var open []string
	assert.Eventually(t, func() bool {
		h, err := st.History(context.Background(), svc, 5)
		open = nil
		for _, rec := range h {
			if rec.Outcome == state.OutcomeInProgress {
				open = append(open, rec.Release)
			}
		}
		return err == nil && len(open) == 0
	}, 10*time.Second, 20*time.Millisecond, "history rows of %s left in progress: %v", svc, open)
}

// The server takes an orphaned rollout over with the CLI's rule (the
// engine's Session.TakeOver, as `canary resume`): one whose stable app was
// changed since it began (by an older yodel, or in Marathon directly) is
// not driven on, since its next steps would undo that change. Once the
// stable app is as recorded again, it is adopted.
func TestChangedStableAppIsNotDrivenOn(t *testing.T) {
	e, rl := rig(t, "server: {url: 'http://127.0.0.1:1', adoptAfter: 1h}\n")
	ctx := context.Background()
	begin(t, e, rl, nil) // detached: adopted at once, were it not refused
	_, err := e.Client.ScaleApp(ctx, "/web-blue", 3, false)
	require.NoError(t, err)
	s, logs := newServer(t, e, rl, "a", nil)
	run(t, s)
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "refusing to adopt a rollout") },
		30*time.Second, 20*time.Millisecond, "the server did not refuse:\n%s", logs)
	assert.Contains(t, logs.String(), "ran release v1 with 2 instances when the rollout began, but it now runs release v1 with 3 instances")
	assert.NotContains(t, logs.String(), "adopting a rollout", "the server drove the rollout on")
	_, r, err := canary.Load(ctx, e.Store, "web")
	require.NoError(t, err)
	assert.True(t, r.Active())
	assert.Nil(t, r.Driver, "the server recorded itself as the driver of a rollout it refused")
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 3, app.WantedInstances(), "the change of the stable app was undone")

	_, err = e.Client.ScaleApp(ctx, "/web-blue", 2, false)
	require.NoError(t, err)
	r = ended(t, e, time.Minute)
	assert.Equal(t, canary.StepDone, r.Step, "%s\n%s", r.Reason, logs)
	assert.Contains(t, logs.String(), "adopting a rollout")
}
