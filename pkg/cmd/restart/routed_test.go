package restart

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	cmdfactory "github.com/yodeldeploy/yodel/pkg/cmd/factory"
	lbrun "github.com/yodeldeploy/yodel/pkg/cmd/lb/run"
	"github.com/yodeldeploy/yodel/pkg/cmd/rollback"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// withAgent adds HAProxy and an lb agent (in this process) to e's realm.
func withAgent(t *testing.T, e *svctest.Env) string {
	t.Helper()
	in := haproxytest.Start(t, haproxytest.Options{})
	listen := fmt.Sprintf("127.0.0.1:%d", haproxytest.FreePort(t))
	raw, err := os.ReadFile(e.RealmFile)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(e.RealmFile, append(raw, fmt.Sprintf(`haproxy:
  bindAddress: 127.0.0.1
  configPath: %s
  socketPath: %s
  masterSocketPath: %s
  agentListen: "%s"
`, in.ConfigPath, in.SocketPath, in.MasterSocketPath, listen)...), 0o644))
	ios, _, _, stderr := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Getenv: func(string) string { return "" }}
	f.Realm = func(p string) (*realm.Realm, error) { return realm.Load(p, "") }
	f.Marathon = func(r *realm.Realm) (*marathon.Client, error) { return cmdfactory.NewMarathon(r, os.LookupEnv) }
	f.Store = cmdfactory.OpenStore
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	opts := &lbrun.Options{IO: ios, Factory: f, ID: "lb-1", Ready: func(a string) { ready <- a }}
	opts.HAProxy.Realm = e.RealmFile
	done := make(chan error, 1)
	go func() { done <- lbrun.Run(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the lb agent did not stop")
		}
	})
	select {
	case addr := <-ready:
		return addr
	case err := <-done:
		t.Fatalf("lb agent: %v\n%s", err, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("the lb agent never listened")
	}
	return ""
}

// routedWeb deploys web v1 with an lb agent routing it: 2 tasks, healthy
// when they found ok at their start or run as healthyApp (the surge
// app's id; "" for none). It returns the agent's address and the tasks.
func routedWeb(t *testing.T, healthyApp string) (*svctest.Env, string, string, map[string]bool) {
	t.Helper()
	e := svctest.Start(t)
	agent := withAgent(t, e)
	ok := filepath.Join(e.Dir, "ok")
	require.NoError(t, os.WriteFile(ok, nil, 0o644))
	port := haproxytest.FreePort(t)
	e.Manifest(t, "web", fmt.Sprintf("service: web\ncmd: if test -f %s || test \"$MARATHON_APP_ID\" = %q; then touch healthy; fi; exec sleep 600\n"+
		"instances: 2\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: %d}\n"+
		"health: {command: test -f healthy, intervalSeconds: 1, timeoutSeconds: 20, gracePeriodSeconds: 1, maxConsecutiveFailures: 2}\n", ok, healthyApp, port))
	ctx := context.Background()
	ios, _, _, _ := svctest.IO(false)
	require.NoError(t, deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v1",
		Strategy: deploy.StrategyRolling, Timeout: time.Minute}))
	before := taskIDs(t, e)
	require.Len(t, before, 2)
	waitRouted(t, agent, 1)
	return e, agent, ok, before
}

// waitRouted waits until the agent routes web from n apps, its stable
// app's 2 tasks all routed.
func waitRouted(t *testing.T, agent string, n int) lb.ServiceStatus {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := (&lb.Client{}).Status(context.Background(), agent)
		if svc := st.Services["web"]; err == nil && len(svc.Apps) == n && svc.Apps[0].Routed == 2 {
			return svc
		}
		require.True(t, time.Now().Before(deadline), "the agent does not route web as expected: %+v %v", st.Services["web"], err)
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
}

// after checks what a restart that stalled leaves: exactly the old tasks,
// routed, with the traffic; no surge app; nothing draining.
func after(t *testing.T, e *svctest.Env, agent string, before map[string]bool) {
	t.Helper()
	ctx := context.Background()
	e.Emu.WaitIdle(t, 30*time.Second)
	assert.Equal(t, before, taskIDs(t, e), "the tasks that ran before the restart, and only they")
	_, err := e.Client.App(ctx, "/web-green")
	assert.True(t, marathon.IsNotFound(err), "the surge app is removed: %v", err)
	rt, _, err := e.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Empty(t, rt.Canary, "the traffic is back on the stable app")
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Empty(t, rt.Draining, "the old tasks are routed again")
	svc := waitRouted(t, agent, 1)
	assert.Equal(t, "/web-blue", svc.Apps[0].ID)
	h, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeRolledBack, h[0].Outcome)
}

// stalled restarts routed web once its tasks no longer find ok (those of
// healthyApp still start healthy) and checks the exit and what is left;
// it returns the restart's progress lines and error.
func stalled(t *testing.T, healthyApp string) (string, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs HAProxy, an lb agent and the emulator")
	}
	e, agent, ok, before := routedWeb(t, healthyApp)
	require.NoError(t, os.Remove(ok))
	res, errOut, err := run(e, &Options{})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), "%v\n%s", err, errOut)
	assert.Equal(t, "rolled-back", res.Outcome)
	after(t, e, agent, before)
	return errOut, err
}

// A routed service whose definition no longer starts: the surge app fails
// first, so the stable app is never touched (the surge is the restart's
// canary).
func TestRestartOfARoutedServiceThatNoLongerStartsTouchesNothing(t *testing.T) {
	errOut, err := stalled(t, "")
	assert.Contains(t, err.Error(), "the restart of web stalled and was rolled back (/web-green removed; /web-blue untouched)")
	assert.NotContains(t, errOut, "restarting /web-blue")
	// The surge's failed task is kept as a rolling deploy's is: the hint
	// says the tasks failed their health check (they never touch
	// healthy), and the error carries the task for its output.
	assert.Contains(t, cmdutil.Hint(err), "Marathon killed the tasks for failing their health check (COMMAND test -f healthy")
	var ce *engine.ChangeError
	require.ErrorAs(t, err, &ce)
	require.NotNil(t, ce.FailedTask)
	assert.Regexp(t, `^web-green\.`, ce.FailedTask.ID)
}

// The surge app starts but the stable app's new tasks fail: Marathon's
// deployment is rolled back, the old tasks (drained for the surge) are
// routed again and take the traffic back, and the surge app goes. Without
// routing them again (Drainer.Forget) the agent routed none of them.
func TestRestartStallOfARoutedServiceGivesTheTrafficBack(t *testing.T) {
	errOut, _ := stalled(t, "/web-green")
	assert.Contains(t, errOut, "starting /web-green beside /web-blue", "a routed service surges")
	assert.Contains(t, errOut, "restarting /web-blue")
	assert.Contains(t, errOut, "rolling back to the tasks it started from")
	assert.Contains(t, errOut, "routing web back to /web-blue")
}

// A routed service's restart that times out while its surge app starts
// has touched nothing: the surge app goes, and the error says so instead
// of "left running" with a hint to follow what is gone.
func TestRestartTimedOutBeforeTouchingTheStableApp(t *testing.T) {
	if testing.Short() {
		t.Skip("runs HAProxy, an lb agent and the emulator")
	}
	e, agent, ok, before := routedWeb(t, "")
	require.NoError(t, os.Remove(ok)) // the surge app's tasks never become healthy
	_, errOut, err := run(e, &Options{Timeout: 3 * time.Second, ProgressDeadline: time.Minute})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), "%v\n%s", err, errOut)
	assert.Contains(t, err.Error(), "timed out: the restart of web stopped before it changed /web-blue: /web-green, started beside it, is removed, and /web-blue runs as before")
	assert.NotContains(t, err.Error(), "left running")
	assert.Empty(t, cmdutil.Hint(err), "nothing to follow")
	e.Emu.WaitIdle(t, 30*time.Second)
	assert.Equal(t, before, taskIDs(t, e))
	_, gerr := e.Client.App(context.Background(), "/web-green")
	assert.True(t, marathon.IsNotFound(gerr), "the surge app is removed: %v", gerr)
	waitRouted(t, agent, 1)
}

// A change killed after it started its surge app (kill -9 of a rolling
// deploy, rollback or restart) leaves the other colour's app running
// beside the stable one, never routed. The next change removes it; a
// rollback ends there, since the change it undoes never touched the
// stable app (it used to roll the stable release back too), and a deploy
// of the stable release no longer says "nothing to do" beside it.
func TestAChangeKilledMidSurgeLeavesNothingBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("runs HAProxy, an lb agent and the emulator")
	}
	ctx := context.Background()
	e, agent, _, before := routedWeb(t, "")
	leave := func(release string) {
		a, err := e.Client.App(ctx, "/web-blue")
		require.NoError(t, err)
		left := drain.Definition(a)
		left.ID = "/web-green"
		labels := maps.Clone(*left.Labels)
		labels["YODEL_RELEASE"] = release
		left.Labels = &labels
		_, err = e.Client.UpdateApp(ctx, left, true)
		require.NoError(t, err)
		e.Emu.WaitIdle(t, 30*time.Second)
	}

	leave("v2")
	ios, _, out, errOut := svctest.IO(false)
	err := rollback.Run(ctx, &rollback.Options{Common: svcutil.Common{Service: "web", Realm: "test", Yes: true}, Deps: e.Deps(ios),
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second})
	require.NoError(t, err, errOut.String())
	assert.Contains(t, out.String(), "Rolled web back: removed /web-green (v2), which an interrupted change had started and never routed; /web-blue keeps serving v1")
	_, err = e.Client.App(ctx, "/web-green")
	assert.True(t, marathon.IsNotFound(err), "the left app is removed: %v", err)
	a, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v1", a.Label("YODEL_RELEASE"), "the stable release is not rolled back")
	assert.Equal(t, before, taskIDs(t, e))

	leave("v3")
	ios, _, out, errOut = svctest.IO(false)
	require.NoError(t, deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v1",
		Strategy: deploy.StrategyRolling, Timeout: time.Minute}), errOut.String())
	assert.Contains(t, errOut.String(), "removing /web-green (v3), which an interrupted change started beside /web-blue and never routed")
	assert.Contains(t, out.String(), "nothing to do")
	_, err = e.Client.App(ctx, "/web-green")
	assert.True(t, marathon.IsNotFound(err), "the left app is removed: %v", err)
	waitRouted(t, agent, 1)
}
