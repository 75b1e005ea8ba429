package deploy

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var web = svctest.WebManifest(2, "env:\n  GREETING: hello\nsecrets:\n  DB_PASSWORD: env:WEB_DB_PASSWORD\n")

func opts(e *svctest.Env, tty bool, release string) (*Options, func() (string, string)) {
	ios, _, out, errOut := svctest.IO(tty)
	o := &Options{
		Common:           svcutil.Common{Service: "web", Realm: "test", Yes: true},
		Deps:             e.Deps(ios),
		LookupEnv:        func(k string) (string, bool) { return "s3cret-" + k, true },
		Release:          release,
		Strategy:         StrategyRolling,
		Timeout:          time.Minute,
		ProgressDeadline: 30 * time.Second,
		Settle:           300 * time.Millisecond,
		Args:             []string{"deploy", "web"},
	}
	return o, func() (string, string) { return out.String(), errOut.String() }
}

func TestDeployFirstThenRolling(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()

	o, bufs := opts(e, false, "v1")
	o.Output = cmdutil.OutputJSON
	require.NoError(t, Run(ctx, o))
	out, errOut := bufs()
	var res Result
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, "succeeded", res.Outcome)
	assert.True(t, res.FirstDeploy)
	assert.Equal(t, "/web-blue", res.AppID)
	assert.Equal(t, 2, res.Progress.Healthy)
	// Durations are strings as Go writes them ("1.2s"), not nanoseconds.
	var raw struct {
		Progress struct {
			Elapsed any `json:"elapsed"`
		} `json:"progress"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &raw))
	elapsed, ok := raw.Progress.Elapsed.(string)
	require.True(t, ok, "progress.elapsed = %#v, want a string like \"1.2s\"", raw.Progress.Elapsed)
	assert.Regexp(t, `^[0-9.hmsµn]+s$`, elapsed)
	if d, err := time.ParseDuration(elapsed); assert.NoError(t, err) {
		assert.Positive(t, d)
	}
	assert.NotContains(t, out+errOut, "s3cret", "secrets never printed")
	assert.NotContains(t, errOut, "\x1b", "no control characters off a TTY")

	rt, _, err := e.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-blue", rt.Stable)
	require.Len(t, rt.Ports, 1)
	assert.Equal(t, 10080, rt.Ports[0].ServicePort)

	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "tester@", app.Label(svcutil.LabelDeployedBy)[:7])

	// Same release again: nothing to do.
	o, bufs = opts(e, false, "v1")
	require.NoError(t, Run(ctx, o))
	out, _ = bufs()
	assert.Contains(t, out, "nothing to do")

	// v2 rolls in place.
	o, bufs = opts(e, false, "v2")
	require.NoError(t, Run(ctx, o))
	out, errOut = bufs()
	assert.Contains(t, out, "Deployed web v2 to test: 2/2 healthy")
	assert.Contains(t, errOut, `~ labels.YODEL_RELEASE: "v1" => "v2"`)
	assert.NotContains(t, errOut, "YODEL_DEPLOYED_BY", "volatile labels are not in the plan")
	app, err = e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", app.Label("YODEL_RELEASE"))
	for _, tk := range app.Tasks {
		assert.True(t, app.IsCurrent(tk.Version), "old task %s left", tk.ID)
	}

	hist, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	require.Len(t, hist, 2)
	assert.Equal(t, "v2", hist[0].Release)
	assert.Equal(t, state.OutcomeSucceeded, hist[0].Outcome)
	assert.Equal(t, "tester", hist[0].User)
}

func TestDeployStallRollsBack(t *testing.T) {
	e := svctest.Start(t)
	e.AgentAPI(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(ctx, o))

	bad := `service: web
cmd: echo cannot start >&2; exit 1
instances: 2
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
`
	e.Manifest(t, "web", bad)
	o, bufs := opts(e, false, "v2")
	// No health checks: a task seen running before its shell exits (a busy
	// machine) must not outlast the settle.
	o.Settle = 2 * time.Second
	err := Run(ctx, o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "rolled back")
	_, errOut := bufs()
	assert.Contains(t, errOut, "rolling back")
	// Why the tasks died, from a failed task's sandbox on its agent.
	assert.Regexp(t, `\nLast lines of failed task web-blue\.[0-9a-f-]+ \(stderr, on 127\.0\.0\.1\):\n  cannot start\n`, errOut)

	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v1", app.Label("YODEL_RELEASE"))
	hist, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeRolledBack, hist[0].Outcome)

	// The lock was released: another deploy may run.
	l, err := e.Store.Lock(ctx, "web", state.Holder{User: "x"})
	require.NoError(t, err)
	require.NoError(t, l.Release(ctx))
}

func TestDeployFirstStallRemovesApp(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: exit 3\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, _ := opts(e, false, "v1")
	// No health checks: a task seen running before its shell exits (a busy
	// machine) must not outlast the settle.
	o.Settle = 2 * time.Second
	runErr := Run(context.Background(), o)
	require.Error(t, runErr)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(runErr), runErr.Error())
	_, err := e.Client.App(context.Background(), "/web-blue")
	assert.Error(t, err, "a failed first deploy leaves no app")
	_, _, err = e.Store.GetRouting(context.Background(), "web")
	assert.ErrorIs(t, err, state.ErrNotFound)
	// `yodel status` has nothing to show then; the history has the attempt,
	// and where its failed task ran (`yodel logs --task` reads it there).
	assert.Equal(t, "see the attempt: yodel history web --realm test", cmdutil.Hint(runErr))
	hist, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	require.NotNil(t, hist[0].FailedTask)
	assert.Regexp(t, `^web-blue\.`, hist[0].FailedTask.ID)
	assert.Equal(t, "127.0.0.1", hist[0].FailedTask.Host)
}

// Tasks Marathon kills for failing their health check: the hint names the
// check's answer and where the manifest sets it, since the fix is there or
// in what the service answers, not in why a process exited.
func TestDeployKilledForHealthPointsAtTheCheck(t *testing.T) {
	e := svctest.Start(t)
	e.AgentAPI(t)
	// Line 7: health.
	e.Manifest(t, "web", svctest.WebManifest(1, "health:\n  path: /healthz\n  intervalSeconds: 1\n  timeoutSeconds: 1\n  gracePeriodSeconds: 1\n  maxConsecutiveFailures: 1\n"))
	o, _ := opts(e, false, "v1")
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), err.Error())
	hint := cmdutil.Hint(err)
	assert.Regexp(t, `^Marathon killed the tasks for failing their health check \(HTTP /healthz: [^)]+\): check the path, port and gracePeriodSeconds of health: in \S*services/web\.yaml:7, or what the service answers there\n  see the attempt: yodel history web --realm test$`, hint)
}

func TestDeployTimeout(t *testing.T) {
	e := svctest.Start(t)
	// A health check that can never pass, with a grace
	// period far longer than the timeout: no failure, no progress.
	e.Manifest(t, "web", web+"health:\n  command: \"exit 1\"\n  gracePeriodSeconds: 3000\n")
	o, bufs := opts(e, false, "v1")
	o.Timeout = 1500 * time.Millisecond
	o.ProgressDeadline = 0
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "0/2 healthy")
	assert.Contains(t, cmdutil.Hint(err), "yodel status web --realm test --watch")
	_, errOut := bufs()
	assert.Contains(t, errOut, "web: creating /web-blue")
	_, err = e.Client.App(context.Background(), "/web-blue")
	assert.NoError(t, err, "left running after a timeout")
}

func TestDeployLocked(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	l, err := e.Store.Lock(ctx, "web", state.Holder{User: "alice", Host: "ci-7", Command: "yodel deploy web", StartedAt: time.Now()})
	require.NoError(t, err)
	defer l.Release(ctx)
	o, _ := opts(e, false, "v1")
	err = Run(ctx, o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitLocked, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "alice")
	_, err = e.Client.App(ctx, "/web-blue")
	assert.Error(t, err, "nothing deployed while locked")
}

func TestDeployRefusesWithoutConfirmationOffTTY(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	o, _ := opts(e, false, "v1")
	o.Yes = false
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, cmdutil.Hint(err), "--yes")

	e.Env["CI"] = "true"
	o, _ = opts(e, false, "v1")
	o.Yes = false
	require.NoError(t, Run(context.Background(), o))
}

func TestDeployLeaderFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("two emulators")
	}
	stateDir := t.TempDir()
	e := svctest.Start(t, emutest.StateDir(stateDir))
	second := emutest.Start(t, emutest.Process(), emutest.TimeScale(0.1), emutest.StateDir(stateDir))
	realmYAML := "realm: test\nmarathon:\n  urls: [" + e.Emu.URL + ", " + second.URL + "]\nstate: " + e.StoreURL + "\n"
	require.NoError(t, os.WriteFile(e.RealmFile, []byte(realmYAML), 0o644))
	// Slow enough to lose the leader in the middle: each task takes a
	// while to pass its health check.
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 3\nresources: {cpus: 0.1, mem: 32}\n")
	ctx := context.Background()
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(ctx, o))

	o, bufs := opts(e, false, "v2")
	o.Settle = 2 * time.Second
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	// Wait until the v2 deployment is under way, then make the leader
	// abdicate.
	deadline := time.Now().Add(30 * time.Second)
	for {
		a, err := e.Client.App(ctx, "/web-blue")
		if err == nil && a.Label("YODEL_RELEASE") == "v2" {
			break
		}
		require.True(t, time.Now().Before(deadline), "v2 deployment never started")
		time.Sleep(20 * time.Millisecond)
	}
	e.Emu.Fault(t, "leadership/lose")
	select {
	case err := <-done:
		_, errOut := bufs()
		require.NoError(t, err, errOut)
	case <-time.After(90 * time.Second):
		t.Fatal("deploy did not finish after the leader change")
	}
	c2, err := marathon.New(marathon.Config{URLs: []string{second.URL}})
	require.NoError(t, err)
	a, err := c2.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", a.Label("YODEL_RELEASE"))
	assert.Len(t, a.Tasks, 3)
}

func TestDeployTTYDeclineGolden(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ios, in, out, errOut := svctest.IO(true)
	in.WriteString("n\n")
	o, _ := opts(e, true, "v1")
	o.Deps = e.Deps(ios)
	o.Yes = false
	err = Run(context.Background(), o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nothing was changed")
	assert.Empty(t, out.String())
	svctest.Golden(t, wd, "deploy-decline-tty", errOut.String())
	_, err = e.Client.App(context.Background(), "/web-blue")
	assert.Error(t, err, "declined: nothing created")
	l, err := e.Store.Lock(context.Background(), "web", state.Holder{User: "x"})
	require.NoError(t, err, "lock released after declining")
	require.NoError(t, l.Release(context.Background()))
}

// A servicePort another service of the realm holds is refused before
// Marathon is asked (Marathon takes duplicates: blue and green share
// theirs), naming the file, the field, the owner and the fix. An owner
// whose app is gone binds nothing: then the port is free.
func TestDeployRefusesAnotherServicesPort(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(ctx, o))

	e.Manifest(t, "api", strings.Replace(web, "service: web", "service: api", 1))
	o, bufs := opts(e, false, "v1")
	o.Service, o.Args = "api", []string{"deploy", "api"}
	err := Run(ctx, o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "services/api.yaml:6:18: ports[0].servicePort 10080 is taken in realm test by service web (/web-blue runs with it)")
	assert.Contains(t, err.Error(), "give api another servicePort, or destroy web first")
	_, err = e.Client.App(ctx, "/api-blue")
	assert.True(t, marathon.IsNotFound(err), "nothing was sent to Marathon: %v", err)
	out, errOut := bufs()
	assert.NotContains(t, out+errOut, "creating /api-blue")

	// web's app deleted by hand: its routing state binds nothing.
	_, err = e.Client.DeleteApp(ctx, "/web-blue", true)
	require.NoError(t, err)
	require.Eventually(t, func() bool { _, err := e.Client.App(ctx, "/web-blue"); return marathon.IsNotFound(err) }, 10*time.Second, 10*time.Millisecond)
	o, _ = opts(e, false, "v1")
	o.Service, o.Args = "api", []string{"deploy", "api"}
	require.NoError(t, Run(ctx, o))
}

// A derived release name (here the manifest hash) that the stable app
// already runs with another definition (a secret's value changed) becomes
// the next free name, so history and rollback tell the two apart; the
// same definition again is nothing to do; a name the user gave is kept.
func TestDeployRenamesADerivedReleaseWithAnotherDefinition(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	deployWith := func(secret, release string) Result {
		t.Helper()
		o, bufs := opts(e, false, release)
		o.Output = cmdutil.OutputJSON
		o.LookupEnv = func(string) (string, bool) { return secret, true }
		require.NoError(t, Run(ctx, o))
		out, _ := bufs()
		var res Result
		require.NoError(t, json.Unmarshal([]byte(out), &res), out)
		return res
	}
	first := deployWith("one", "")
	base := first.Release
	require.Regexp(t, `^m-[0-9a-f]{12}$`, base)

	second := deployWith("two", "")
	assert.Equal(t, base+"-r2", second.Release)
	assert.Equal(t, base, second.RenamedFrom)
	assert.Equal(t, "succeeded", second.Outcome)

	again := deployWith("two", "")
	assert.Equal(t, "unchanged", again.Outcome, "the same definition under its new name")
	assert.Equal(t, base+"-r2", again.Release)

	// The plan says why the name is not the hash.
	o, bufs := opts(e, false, "")
	o.LookupEnv = func(string) (string, bool) { return "two", true }
	require.NoError(t, Run(ctx, o))
	out, errOut := bufs()
	assert.Contains(t, errOut, "Plan for web in realm test, release "+base+"-r2 (from manifest hash "+base+", deployed as "+base+"-r2):")
	assert.Contains(t, out, "web "+base+"-r2 is already deployed in test: nothing to do")

	o, bufs = opts(e, false, "")
	o.LookupEnv = func(string) (string, bool) { return "three", true }
	require.NoError(t, Run(ctx, o))
	_, errOut = bufs()
	assert.Contains(t, errOut, "Plan for web in realm test, release "+base+"-r3 (from manifest hash "+base+", which /web-blue runs now with another definition):")

	named := deployWith("four", "v9")
	named2 := deployWith("five", "v9")
	assert.Equal(t, "v9", named.Release)
	assert.Equal(t, "v9", named2.Release, "a name the user gave is kept")
	assert.Empty(t, named2.RenamedFrom)

	hist, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	var releases []string
	for _, h := range hist {
		releases = append(releases, h.Release)
	}
	assert.Equal(t, []string{"v9", "v9", base + "-r3", base + "-r2", base}, releases)
}

// A failed task's output cut at its last lines says where the rest is,
// with the command that prints it.
func TestDeployFailedTaskOutputSaysWhereTheRestIs(t *testing.T) {
	e := svctest.Start(t)
	e.AgentAPI(t)
	e.Manifest(t, "web", "service: web\ncmd: for i in $(seq 1 40); do echo line $i >&2; done; exit 1\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	o, bufs := opts(e, false, "v1")
	o.Settle = 2 * time.Second
	err := Run(context.Background(), o)
	require.Error(t, err)
	_, errOut := bufs()
	assert.Regexp(t, `\n  line 26\n(  line \d+\n){13}  line 40\n  \(the rest: yodel logs web --realm test --task web-blue\.[0-9a-f-]+ --stderr --tail 1000\)\n`, errOut)
}

// A misspelt realm under realms: is warned about before the realm's check,
// which it may be the cause of (here: the override that would have kept
// the instances under the realm's limit applies to "tset", not "test").
func TestDeployWarnsAboutAMisspeltRealmOverride(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", svctest.WebManifest(5000, "realms:\n  tset:\n    instances: 2\n"))
	o, bufs := opts(e, false, "v1")
	err := Run(context.Background(), o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), "the exit code is the check's")
	assert.Contains(t, err.Error(), "5000 is above realm test's limit of 3000 instances")
	_, errOut := bufs()
	assert.Contains(t, errOut, "services/web.yaml:8:3: realms.tset: warning: did you mean test? These overrides are for a realm named tset; realm test, checked here, gets none of them\n")
}
