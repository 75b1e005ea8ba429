package deploy

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	canarystatus "github.com/yodeldeploy/yodel/pkg/cmd/canary/status"
	"github.com/yodeldeploy/yodel/pkg/cmd/rollback"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// cpus 0.0001 passes yodel's validation (> 0) but Marathon wants 0.001 or
// more: the 422 must come back as the manifest's line, exit 2.
func TestDeploy422PointsAtManifestLine(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources:\n  cpus: 0.0001\n  mem: 32\n")
	o, bufs := opts(e, false, "v1")
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), err.Error())
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 2, err.Error())
	assert.Equal(t, "services/web.yaml:5:3: resources.cpus: got 0.0001, expected 0.001 or more", lines[1])
	assert.Contains(t, cmdutil.Hint(err), "fix the fields")
	_, errOut := bufs()
	assert.Contains(t, errOut, "Plan for web")
	_, err = e.Client.App(context.Background(), "/web-blue")
	assert.Error(t, err, "nothing created")
	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
}

// slowV2 deploys v1, then starts v2 (whose health check never passes, with
// a grace period far beyond the test) in the background on ios, and returns
// once v2 is applied in Marathon; cancel is Ctrl-C.
func slowV2(t *testing.T, e *svctest.Env, tty bool) (cancel func(), done <-chan error, bufs func() (string, string), in func(string)) {
	t.Helper()
	e.Manifest(t, "web", web)
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))
	e.Manifest(t, "web", web+"health:\n  command: \"exit 1\"\n  gracePeriodSeconds: 3000\n")
	ios, stdin, out, errOut := svctest.IO(tty)
	o, _ = opts(e, tty, "v2")
	o.Deps = e.Deps(ios)
	o.ProgressDeadline = 0
	ctx, c := context.WithCancel(context.Background())
	t.Cleanup(c)
	ch := make(chan error, 1)
	go func() { ch <- Run(ctx, o) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		a, err := e.Client.App(context.Background(), "/web-blue")
		if err == nil && a.Label("YODEL_RELEASE") == "v2" && len(a.DeploymentIDs()) > 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the v2 deployment never started")
		time.Sleep(20 * time.Millisecond)
	}
	return c, ch, func() (string, string) { return out.String(), errOut.String() }, func(s string) { stdin.WriteString(s) }
}

func wait(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(90 * time.Second):
		t.Fatal("deploy did not return after Ctrl-C")
		return nil
	}
}

func TestDeployCtrlCOnTTYRollsBack(t *testing.T) {
	e := svctest.Start(t)
	cancel, done, bufs, answer := slowV2(t, e, true)
	answer("y\n") // "Roll web back to v1?"
	cancel()
	err := wait(t, done)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInterrupted, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "rolled back")
	_, errOut := bufs()
	assert.Contains(t, errOut, "Interrupted. Roll web back to v1? [y/N]")

	a, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v1", a.Label("YODEL_RELEASE"))
	assert.Empty(t, a.DeploymentIDs(), "the rollback finished")
	for _, tk := range a.Tasks {
		assert.True(t, a.IsCurrent(tk.Version), "v2 task %s left", tk.ID)
	}
	l, err := e.Store.Lock(context.Background(), "web", state.Holder{User: "x"})
	require.NoError(t, err, "lock released")
	require.NoError(t, l.Release(context.Background()))
}

func TestDeployCtrlCOffTTYLeavesItRunning(t *testing.T) {
	e := svctest.Start(t)
	cancel, done, bufs, _ := slowV2(t, e, false)
	cancel()
	err := wait(t, done)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInterrupted, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "interrupted: the deployment of web v2 was left running")
	assert.Contains(t, cmdutil.Hint(err), "yodel rollback web --realm test")
	_, errOut := bufs()
	assert.NotContains(t, errOut, "[y/N]", "no prompt off a terminal")

	a, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", a.Label("YODEL_RELEASE"))
	assert.NotEmpty(t, a.DeploymentIDs(), "still deploying")
	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeAborted, h[0].Outcome)

	// The hint's undo command works as printed: it replaces the deployment
	// left running instead of exiting 5 on Marathon's lock.
	ios, _, out, rerr := svctest.IO(false)
	err = rollback.Run(context.Background(), &rollback.Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second, Settle: 200 * time.Millisecond})
	require.NoError(t, err, "%v\n%s", err, cmdutil.Hint(err))
	assert.Contains(t, out.String(), "Rolled web back from v2 to v1")
	assert.Contains(t, rerr.String(), "cancelling Marathon deployment")
	a, err = e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v1", a.Label("YODEL_RELEASE"))
	assert.Empty(t, a.DeploymentIDs())
}

// The canary path maps Marathon's 422 for the canary app like the rolling
// path: the manifest's line, exit 2; the rollout is rolled back (nothing
// was created) and the stable release is untouched.
func TestCanaryDeploy422PointsAtManifestLine(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources:\n  cpus: 0.1\n  mem: 32\n")
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))

	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources:\n  cpus: 0.0001\n  mem: 32\n")
	o, bufs := opts(e, false, "v2")
	o.Strategy = StrategyCanary
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), err.Error())
	_, errOut := bufs()
	assert.Contains(t, errOut, "release v2 (from --release): a canary /web-green beside /web-blue, which it changes like this:\n~ /web-green\n", "the plan names the app it creates")
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 2, err.Error())
	assert.Equal(t, "services/web.yaml:5:3: resources.cpus: got 0.0001, expected 0.001 or more", lines[1])
	_, err = e.Client.App(context.Background(), "/web-green")
	assert.Error(t, err, "no canary app")
	a, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v1", a.Label("YODEL_RELEASE"))
	rt, _, err := e.Store.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Empty(t, rt.Canary)
	assert.Equal(t, "rolled-back", rt.Step)

	// -o json: appId and plan.appId name the canary app; progress is the
	// app serving after the rollback, filled.
	o, bufs = opts(e, false, "v2")
	o.Strategy, o.Output = StrategyCanary, cmdutil.OutputJSON
	require.Error(t, Run(context.Background(), o))
	out, _ := bufs()
	var res struct {
		AppID string `json:"appId"`
		Plan  struct {
			AppID string `json:"appId"`
		} `json:"plan"`
		Progress struct {
			AppID   string `json:"appId"`
			Wanted  int    `json:"wanted"`
			Running int    `json:"running"`
		} `json:"progress"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, "/web-green", res.AppID)
	assert.Equal(t, "/web-green", res.Plan.AppID)
	assert.Equal(t, "/web-blue", res.Progress.AppID)
	assert.Equal(t, 1, res.Progress.Wanted)
	assert.Equal(t, 1, res.Progress.Running)
}

// A canary of a service that has no stable release is refused by the
// engine (exit 2) before anything is written.
func TestCanaryOfAFirstDeployIsRefused(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, _ := opts(e, false, "v1")
	o.Strategy = StrategyCanary
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "web has no stable release in test: a canary needs one to compare with")
	assert.Equal(t, "deploy the first release without --strategy canary", cmdutil.Hint(err))
	_, err = e.Client.App(context.Background(), "/web-green")
	assert.Error(t, err, "a canary app was created")
	_, _, err = e.Store.GetRouting(context.Background(), "web")
	assert.ErrorIs(t, err, state.ErrNotFound, "routing state was written")
}

// A service scaled to 0 has no serving release to judge a canary against,
// nor to take the stable share of the traffic: its deploy goes out
// rolling by default, and --strategy canary is refused.
func TestCanaryOfAServiceScaledToZero(t *testing.T) {
	e := svctest.Start(t)
	ctx := context.Background()
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(ctx, o))
	_, err := e.Client.ScaleApp(ctx, "/web-blue", 0, false)
	require.NoError(t, err)
	deadline := time.Now().Add(30 * time.Second)
	for {
		app, err := e.Client.App(ctx, "/web-blue")
		require.NoError(t, err)
		if len(app.Tasks) == 0 && len(app.Deployments) == 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the scale to 0 never ended")
		time.Sleep(20 * time.Millisecond) // polling a condition
	}

	o, _ = opts(e, false, "v2")
	o.Strategy = StrategyCanary
	err = Run(ctx, o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "web's stable app /web-blue runs 0 instances in test: a canary needs a serving release")
	assert.Equal(t, "deploy it with --strategy rolling (the manifest's instances come back), or scale it up first: yodel scale web N --realm test", cmdutil.Hint(err))

	o, _ = opts(e, false, "v2")
	o.Strategy = "" // the default
	require.NoError(t, Run(ctx, o))
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", app.Label("YODEL_RELEASE"), "deployed rolling in place")
	assert.Equal(t, 1, app.WantedInstances())
	_, err = e.Client.App(ctx, "/web-green")
	assert.Error(t, err, "no canary app")
}

// A canary whose tasks die is rolled back with what the last failed task
// wrote, read from its sandbox on the Mesos agent.
func TestCanaryOfCrashingTasksSaysWhy(t *testing.T) {
	e := svctest.Start(t)
	e.AgentAPI(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))

	e.Manifest(t, "web", "service: web\ncmd: \"echo starting; echo 'config: no such key DB_URL' >&2; exit 4\"\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, bufs := opts(e, false, "v2")
	o.Strategy, o.Settle = StrategyCanary, 2*time.Second
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), err.Error())
	_, errOut := bufs()
	assert.Regexp(t, `\nLast lines of failed task web-green\.[0-9a-f-]+ \(stderr, on 127\.0\.0\.1\):\n  config: no such key DB_URL\n`, errOut)
	rt, _, err := e.Store.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, "rolled-back", rt.Step)

	// canary status says it too: where the owner of a detached rollout
	// looks.
	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, canarystatus.Run(context.Background(), &canarystatus.Options{Common: svctest.Common("web"), Deps: e.Deps(ios)}))
	assert.Regexp(t, `\nLast lines of failed task web-green\.[0-9a-f-]+ \(stderr, on 127\.0\.0\.1\):\n  config: no such key DB_URL\n`, out.String())
	// And its history record, for `yodel logs --task` once the canary app
	// is gone.
	hist, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	require.NotNil(t, hist[0].FailedTask)
	assert.Regexp(t, `^web-green\.`, hist[0].FailedTask.ID)
}

// A service without ports gets no traffic for a canary's partial steps:
// by default its deploys are rolling (a default canary of it was always
// inconclusive and rolled back, exit 3 some ten minutes later); --strategy
// canary still runs one.
func TestPortlessServiceDeploysRollingByDefault(t *testing.T) {
	ctx := context.Background()
	e := svctest.Start(t)
	e.Manifest(t, "worker", "service: worker\ncmd: sleep 600\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, _ := opts(e, false, "v1")
	o.Common.Service, o.Args = "worker", []string{"deploy", "worker"}
	require.NoError(t, Run(ctx, o))

	e.Manifest(t, "worker", "service: worker\ncmd: sleep 601\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, _ = opts(e, false, "v2")
	o.Common.Service, o.Args, o.Strategy, o.Output = "worker", []string{"deploy", "worker"}, "", cmdutil.OutputJSON
	require.NoError(t, Run(ctx, o))
	app, err := e.Client.App(ctx, "/worker-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", app.Label("YODEL_RELEASE"), "deployed rolling in place")
	_, err = e.Client.App(ctx, "/worker-green")
	assert.True(t, marathon.IsNotFound(err), "no canary app: %v", err)
	h, err := e.Store.History(ctx, "worker", 1)
	require.NoError(t, err)
	assert.Equal(t, StrategyRolling, h[0].Strategy)
}
