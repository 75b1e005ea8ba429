package status

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

func fixture() []view.App {
	return []view.App{
		{Service: "api", App: "/api-blue", Yodel: true, Track: "stable", Generation: 12, Release: "v7", Healthy: 4, Running: 5, Wanted: 3,
			NewHealthy: 2, NewRunning: 3, OldHealthy: 2, OldRunning: 2, Deployment: "0c1d2e3f",
			ServicePorts: []int{10080}, URLs: []string{"http://10.0.0.5:10080", "http://10.0.0.6:10080"},
			HealthCheckFailure: "HTTP /health: 503 Service Unavailable (1 of 5 tasks)"},
		{Service: "api", App: "/api-green", Yodel: true, Track: "canary", CanaryWeight: 12.5, Generation: 12, Release: "v8", Healthy: 0, Running: 1, Wanted: 1,
			Deployment: "5ed4c0c5", LastFailure: "TASK_FAILED exit status 1: cannot bind 0.0.0.0:8080, address already in use, giving up"},
		{Service: "legacy/cron", App: "/legacy/cron", Healthy: 1, Running: 1, Wanted: 1},
		{Service: "web", App: "/web-blue", Yodel: true, Track: "stable", Generation: 3, Release: "v2", Healthy: 2, Running: 2, Wanted: 2,
			RoutingErrors: []string{"agent lb-1: cannot bind 127.0.0.1:10090: address already in use"}},
		{Service: "web", App: "/web-green", Yodel: true, Track: "canary", Isolated: true, Generation: 3, Release: "v3", Healthy: 1, Running: 1, Wanted: 1},
	}
}

// What --failing keeps: an app short of healthy tasks, one with a failing
// health check, one an agent does not route; not a settled app, nor one
// whose only mark is an old task failure.
func TestFailingApps(t *testing.T) {
	var failing []string
	for _, a := range fixture() {
		if a.Failing() {
			failing = append(failing, a.App)
		}
	}
	assert.Equal(t, []string{"/api-blue", "/api-green", "/web-blue"}, failing)
	settled := view.App{App: "/x", Healthy: 2, Running: 2, Wanted: 2, LastFailure: "TASK_FAILED exit status 1"}
	assert.False(t, settled.Failing())
}

func TestFailingAndWatchAreRefused(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	cmd := NewCmdStatus(f, func(*Options) error { t.Fatal("ran"); return nil })
	cmd.SetArgs([]string{"--realm", "qa", "--failing", "--watch"})
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	err := cmd.Execute()
	var fe *cmdutil.FlagError
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, err.Error(), "--failing and --watch cannot be combined")
}

func TestRenderGolden(t *testing.T) {
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		require.NoError(t, Render(out, ios, fixture(), "qa", time.Time{}))
		name := "status-notty"
		if tty {
			name = "status-tty"
		}
		svctest.Golden(t, ".", name, out.String())
	}
}

func TestStatusLiveAndWatch(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\n")
	ctx := context.Background()
	e.MustDeploy(t, func(ctx context.Context, e *svctest.Env, svc, rel string) error {
		ios, _, _, _ := svctest.IO(false)
		return deploy.Run(ctx, &deploy.Options{Common: svctest.Common(svc), Deps: e.Deps(ios), Release: rel,
			Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 100 * time.Millisecond})
	}, "web", "v1")
	one, cmd := 1, "sleep 600"
	_, err := e.Client.CreateApp(ctx, &marathon.App{Application: gm.Application{ID: "/other", Cmd: &cmd, Instances: &one, CPUs: 0.1}})
	require.NoError(t, err)
	e.Emu.WaitIdle(t, 30*time.Second)

	ios, _, out, _ := svctest.IO(false)
	o := &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON}
	require.NoError(t, Run(ctx, o))
	var rows []view.App
	require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
	require.Len(t, rows, 2)
	assert.Equal(t, view.App{Service: "other", App: "/other", Healthy: 1, Running: 1, Wanted: 1, NoHealthChecks: true}, rows[0])
	rt, _, err := e.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	require.Positive(t, rt.Generation)
	assert.Equal(t, view.App{Service: "web", App: "/web-blue", Yodel: true, Track: "stable", Generation: rt.Generation, Release: "v1", Healthy: 2, Running: 2, Wanted: 2, NoHealthChecks: true}, rows[1])

	// Nothing fails: --failing prints nothing for a script, and says so
	// on a terminal.
	for _, tty := range []bool{false, true} {
		ios, _, out, errOut := svctest.IO(tty)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Failing: true}))
		assert.Empty(t, out.String(), "tty=%v", tty)
		if tty {
			assert.Equal(t, "all 2 apps have the healthy tasks they want, pass their health checks and are routed by every lb agent\n", errOut.String())
		} else {
			assert.Empty(t, errOut.String())
		}
	}

	// --watch off a TTY: the first state, then only what changed.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var buf sandboxtest.Buffer
	ios, _, _, _ = svctest.IO(false)
	ios.Out = &buf
	o = &Options{Common: svcutil.Common{Realm: "test", Service: "web"}, Deps: e.Deps(ios), Watch: true, Poll: 200 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- Run(wctx, o) }()
	waitFor(t, func() bool { return strings.Contains(buf.String(), "2/2") })
	_, err = e.Client.ScaleApp(ctx, "/web-blue", 3, false)
	require.NoError(t, err)
	waitFor(t, func() bool { return strings.Contains(buf.String(), "3/3") })
	cancel()
	require.NoError(t, <-done)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for _, l := range lines {
		assert.NotContains(t, l, "\x1b")
		assert.Contains(t, l, "/web-blue")
	}
	// Unchanged refreshes print nothing: one line per distinct state.
	seen := map[string]bool{}
	for _, l := range lines {
		rest := l[strings.Index(l, "\t")+1:]
		assert.False(t, seen[rest], "state printed twice: %s", rest)
		seen[rest] = true
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// --watch on a terminal draws on the alternate screen and leaves the final
// table on the main screen when Ctrl-C ends it.
func TestWatchTTYUsesAlternateScreen(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n")
	e.MustDeploy(t, func(ctx context.Context, e *svctest.Env, svc, rel string) error {
		ios, _, _, _ := svctest.IO(false)
		return deploy.Run(ctx, &deploy.Options{Common: svctest.Common(svc), Deps: e.Deps(ios), Release: rel,
			Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 100 * time.Millisecond})
	}, "web", "v1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var buf sandboxtest.Buffer
	ios, _, _, _ := svctest.IO(true)
	ios.Out = &buf
	o := &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Watch: true, Poll: 100 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	waitFor(t, func() bool { return strings.Contains(buf.String(), "Ctrl-C to stop") })
	_, err := e.Client.ScaleApp(context.Background(), "/web-blue", 2, false)
	require.NoError(t, err)
	waitFor(t, func() bool { return strings.Contains(buf.String(), "2/2") })
	cancel()
	require.NoError(t, <-done)

	got := buf.String()
	require.True(t, strings.HasPrefix(got, altScreenOn), "starts on the alternate screen: %q", got)
	i := strings.Index(got, altScreenOff)
	require.Positive(t, i, "leaves the alternate screen")
	alt, final := got[:i], got[i+len(altScreenOff):]
	assert.GreaterOrEqual(t, strings.Count(alt, clearScreen), 2, "each change is a frame drawn from the top")
	assert.Contains(t, alt, "1/1")
	assert.Contains(t, final, "/web-blue")
	assert.Contains(t, final, "2/2", "the summary is the last state")
	assert.NotContains(t, final, "Ctrl-C to stop")
	assert.NotContains(t, final, "\x1b[H", "the summary is printed, not drawn")
	assert.Equal(t, 2, strings.Count(final, "\n"), "header and one row: %q", final)
}

// An empty realm says so, off a terminal too, on stderr: stdout stays
// what scripts parse.
func TestEmptyRealmSaysSo(t *testing.T) {
	e := svctest.Start(t)
	for _, tty := range []bool{false, true} {
		ios, _, out, errOut := svctest.IO(tty)
		require.NoError(t, Run(context.Background(), &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios)}))
		assert.Contains(t, errOut.String(), "no apps in realm test: Marathon runs nothing yet (deploy one: yodel deploy SERVICE --realm test)", "tty=%v", tty)
		if !tty {
			assert.Empty(t, out.String())
		}
	}
	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(context.Background(), &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON}))
	assert.Equal(t, "[]", strings.TrimSpace(out.String()))
}

// A service Marathon runs no app of: what history knows of it, a destroy
// or a last change that failed, comes with the error.
func TestStatusOfAServiceWithoutApps(t *testing.T) {
	e := svctest.Start(t)
	ctx := context.Background()
	run := func() error {
		ios, _, _, _ := svctest.IO(false)
		return Run(ctx, &Options{Common: svcutil.Common{Realm: "test", Service: "web"}, Deps: e.Deps(ios)})
	}
	err := run()
	require.Error(t, err)
	assert.Equal(t, "no app of service web in realm test", err.Error(), "nothing known of it")

	at := time.Date(2026, 12, 6, 22, 12, 21, 0, time.UTC)
	_, err = e.Store.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1", Strategy: "rolling", User: "ann", Host: "ci",
		Started: at, Outcome: state.OutcomeRolledBack})
	require.NoError(t, err)
	assert.EqualError(t, run(), "no app of service web in realm test: its last change (rolling v1 at 2026-12-06T22:12:21Z by ann@ci) rolled-back")

	_, err = e.Store.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1", Strategy: "destroy", User: "bob", Host: "laptop",
		Started: at.Add(time.Hour), Outcome: state.OutcomeSucceeded})
	require.NoError(t, err)
	err = run()
	assert.EqualError(t, err, "no app of service web in realm test: it was destroyed at 2026-12-06T23:12:21Z by bob@laptop")
	assert.Equal(t, "deploy it: yodel deploy web --realm test\n  see its history: yodel history web --realm test", cmdutil.Hint(err))
}

// The last change's record is what a deploying machine wrote: its user,
// host and release reach the error escaped (the error printer keeps
// newlines, so a raw one would fake lines; an escape sequence would drive
// the terminal).
func TestStatusOfAServiceWithoutAppsEscapesItsLastChange(t *testing.T) {
	e := svctest.Start(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 6, 22, 12, 21, 0, time.UTC)
	_, err := e.Store.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1\x1b[2J", Strategy: "rolling",
		User: "ann\nerror: fake", Host: "ci\x1b]0;title\x07", Started: at, Outcome: state.OutcomeFailed})
	require.NoError(t, err)
	ios, _, _, _ := svctest.IO(false)
	err = Run(ctx, &Options{Common: svcutil.Common{Realm: "test", Service: "web"}, Deps: e.Deps(ios)})
	require.Error(t, err)
	assert.Equal(t, `no app of service web in realm test: its last change (rolling v1\x1b[2J at 2026-12-06T22:12:21Z by ann\nerror: fake@ci\x1b]0;title\x07) `+state.OutcomeFailed, err.Error())
	assert.NotContains(t, err.Error(), "\x1b")
	assert.NotContains(t, err.Error(), "\n")
}

// A task failing its HTTP health check: status names the check and the
// cause Marathon gives (healthCheckResults[].lastFailureCause, the
// response's status), in JSON and in the note under the table.
func TestStatusNamesTheHealthCheckCause(t *testing.T) {
	e := svctest.Start(t)
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	port := sick.Listener.Addr().(*net.TCPAddr).Port
	ctx := context.Background()
	one, cmd, path, many := 1, "sleep 600", "/health", 1000
	_, err := e.Client.CreateApp(ctx, &marathon.App{Application: gm.Application{ID: "/sick", Cmd: &cmd, Instances: &one, CPUs: 0.1,
		HealthChecks: &[]gm.HealthCheck{{Protocol: "HTTP", Path: &path, Port: &port, IntervalSeconds: 1, TimeoutSeconds: checkTimeout, GracePeriodSeconds: 1,
			MaxConsecutiveFailures: &many}}}})
	require.NoError(t, err)
	_, err = e.Client.CreateApp(ctx, &marathon.App{Application: gm.Application{ID: "/fine", Cmd: &cmd, Instances: &one, CPUs: 0.1}})
	require.NoError(t, err)

	var rows []view.App
	deadline := time.Now().Add(30 * time.Second)
	for {
		ios, _, out, _ := svctest.IO(false)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON}))
		require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
		if len(rows) == 2 && rows[0].Healthy == 1 && rows[1].HealthCheckFailure != "" {
			break
		}
		require.True(t, time.Now().Before(deadline), "no health-check failure reported: %s", out.String())
		time.Sleep(50 * time.Millisecond) // polling a condition with a deadline
	}
	assert.Equal(t, "/fine", rows[0].App)
	assert.Equal(t, "HTTP /health: 503 Service Unavailable (1 of 1 tasks)", rows[1].HealthCheckFailure)

	// --failing keeps the sick app, not the healthy one beside it.
	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON, Failing: true}))
	require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
	require.Len(t, rows, 1, out.String())
	assert.Equal(t, "/sick", rows[0].App)

	ios, _, out, _ = svctest.IO(true)
	ios.SetNoColor(true)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios)}))
	assert.Contains(t, out.String(), "\n! /sick: failing HTTP /health: 503 Service Unavailable (1 of 1 tasks)\n")
}

// checkTimeout of the tests' health checks, in Marathon seconds (2 s at the
// rig's time scale 0.1): a check whose server answers at once returns at
// once whatever the timeout, and with 1 (100 ms) a busy machine timed out
// the healthy tasks' checks (a CI run with both cores busy).
const checkTimeout = 20

// During a deployment stuck on an unhealthy new release, HEALTHY counts the
// new release's tasks apart from the old ones a user still runs on.
func TestHealthyDuringADeployCountsReleasesApart(t *testing.T) {
	e := svctest.Start(t)
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer ok.Close()
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	ctx := context.Background()
	app := func(rel string, srv *httptest.Server) *marathon.App {
		two, cmd, path, many, port := 2, "sleep 600", "/health", 1000, srv.Listener.Addr().(*net.TCPAddr).Port
		one, half := 1.0, 0.5
		return &marathon.App{Application: gm.Application{ID: "/web", Cmd: &cmd, Instances: &two, CPUs: 0.1,
			Labels: &map[string]string{"YODEL_SERVICE": "web", "YODEL_RELEASE": rel},
			HealthChecks: &[]gm.HealthCheck{{Protocol: "HTTP", Path: &path, Port: &port, IntervalSeconds: 1, TimeoutSeconds: checkTimeout,
				GracePeriodSeconds: 1, MaxConsecutiveFailures: &many}},
			UpgradeStrategy: &gm.UpgradeStrategy{MinimumHealthCapacity: &one, MaximumOverCapacity: &half}}}
	}
	_, err := e.Client.CreateApp(ctx, app("v1", ok))
	require.NoError(t, err)
	status := func() view.App {
		ios, _, out, _ := svctest.IO(false)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON}))
		var rows []view.App
		require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
		require.Len(t, rows, 1)
		return rows[0]
	}
	waitFor(t, func() bool { v := status(); return v.Healthy == 2 && v.Deployment == "" })
	assert.Equal(t, "2/2", status().HealthyText(), "no deployment: one figure")

	_, err = e.Client.UpdateApp(ctx, app("v2", sick), false)
	require.NoError(t, err)
	var v view.App
	waitFor(t, func() bool { v = status(); return v.NewRunning == 1 && v.HealthCheckFailure != "" })
	assert.Equal(t, 2, v.Healthy, "healthy stays the total")
	assert.Equal(t, 3, v.Running)
	assert.Equal(t, "0/2 v2 + 2/2 old", v.HealthyText())

	ios, _, out, _ := svctest.IO(true)
	ios.SetNoColor(true)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios)}))
	assert.Regexp(t, `/web\s+-\s+-\s+v2\s+0/2 v2 \+ 2/2 old\s+3\s`, out.String())
	assert.NotContains(t, out.String(), "TASK", "every app: no task table")

	// One service asked for: on a terminal its tasks follow, the new one
	// failing its check, the older ones healthy, each with its address
	// and how to read its output.
	ios, _, out, _ = svctest.IO(true)
	ios.SetNoColor(true)
	one := &Options{Common: svcutil.Common{Realm: "test", Service: "web"}, Deps: e.Deps(ios)}
	require.NoError(t, Run(ctx, one))
	live, err := e.Client.App(ctx, "/web")
	require.NoError(t, err)
	require.Len(t, live.Tasks, 3)
	text := out.String()
	assert.Regexp(t, `\nTASK\s+APP\s+ADDRESS\s+STATE\s+HEALTH\s+HAPROXY\s+RELEASE\s+STARTED\n`, text)
	for _, tk := range live.Tasks {
		line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tk.ID) + ` .*$`).FindString(text)
		require.NotEmpty(t, line, "task %s listed:\n%s", tk.ID, text)
		assert.Contains(t, line, fmt.Sprintf(" /web  %s:%d ", tk.Host, tk.Ports[0]))
		assert.Contains(t, line, " running ")
		if live.IsCurrent(tk.Version) {
			assert.Regexp(t, `failing: HTTP /health: 503 Service Unavailable( \(\d+ in a row\))?\s+-\s+v2\s`, line)
		} else {
			assert.Regexp(t, `healthy\s+-\s+older config\s`, line, "no lb agent: no HAProxy state")
		}
	}
	failing := ""
	for _, tk := range live.Tasks {
		if live.IsCurrent(tk.Version) {
			failing = tk.ID
		}
	}
	assert.Contains(t, text, "a task's output: yodel logs web --realm test --task "+failing+"\n", "the failing task's")

	// -o json has them too; off a terminal the text is the rows alone,
	// as scripts cut them.
	ios, _, out, _ = svctest.IO(false)
	one.Deps, one.Output = e.Deps(ios), cmdutil.OutputJSON
	require.NoError(t, Run(ctx, one))
	var rows []view.App
	require.NoError(t, json.Unmarshal(out.Bytes(), &rows))
	require.Len(t, rows, 1)
	require.Len(t, rows[0].Tasks, 3)
	assert.True(t, rows[0].Tasks[0].Current, "the current configuration's task first")
	assert.Equal(t, view.HealthFailing, rows[0].Tasks[0].Health)
	assert.Equal(t, "v2", rows[0].Tasks[0].Release)
	for _, tk := range rows[0].Tasks[1:] {
		assert.False(t, tk.Current)
		assert.Equal(t, view.HealthHealthy, tk.Health)
		assert.Empty(t, tk.Release, "an older task's release is not in Marathon's answer")
	}
	ios, _, out, _ = svctest.IO(false)
	one.Deps, one.Output = e.Deps(ios), cmdutil.OutputText
	require.NoError(t, Run(ctx, one))
	assert.Equal(t, 1, strings.Count(out.String(), "\n"), out.String())
}
