package logs

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// createApp runs cmd as n tasks of /logsvc-blue, an app of service logsvc.
func createApp(t *testing.T, e *svctest.Env, cmd string, n int) {
	t.Helper()
	mem := 16.0
	app := &marathon.App{}
	app.ID, app.Cmd, app.CPUs, app.Mem, app.Instances = "/logsvc-blue", &cmd, 0.01, &mem, &n
	app.Labels = &map[string]string{marathon.LabelService: "logsvc"}
	_, err := e.Client.CreateApp(context.Background(), app)
	require.NoError(t, err)
}

// setup runs /logsvc-blue (2 process tasks, each printing 30 lines on
// stdout and one on stderr) in the emulator, whose Mesos agent API the
// realm's mesos.agentURL names.
func setup(t *testing.T) (*svctest.Env, []marathon.Task) {
	e := svctest.Start(t)
	e.AgentAPI(t)

	ctx := context.Background()
	createApp(t, e, "for i in $(seq 1 30); do echo line $i; done; echo oops >&2; exec sleep 600", 2)
	deadline := time.Now().Add(30 * time.Second)
	for {
		apps, err := e.Client.ServiceApps(ctx, "logsvc")
		require.NoError(t, err)
		var tasks []marathon.Task
		printed := 0
		for _, a := range apps {
			for _, tk := range a.Tasks {
				tasks = append(tasks, *tk)
				dir, err := e.Client.TaskSandbox(ctx, e.Emu.URL, tk.ID)
				if err != nil {
					continue
				}
				if b, err := os.ReadFile(filepath.Join(dir, "stderr")); err == nil && strings.Contains(string(b), "oops") {
					printed++
				}
			}
		}
		if len(tasks) == 2 && printed == 2 {
			return e, tasks
		}
		require.True(t, time.Now().Before(deadline), "tasks never printed their lines: %d tasks, %d done", len(tasks), printed)
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

func opts(e *svctest.Env, out *sandboxtest.Buffer) (*Options, *bytes.Buffer) {
	ios, _, _, errOut := svctest.IO(false)
	ios.Out = out
	o := &Options{Deps: e.Deps(ios), Tail: 5, Poll: 20 * time.Millisecond, Discover: 50 * time.Millisecond}
	o.Service, o.Realm = "logsvc", e.RealmFile
	return o, errOut
}

func TestLogsOfEveryTaskThenOneThenStderr(t *testing.T) {
	e, tasks := setup(t)
	ctx := context.Background()

	var out sandboxtest.Buffer
	o, errOut := opts(e, &out)
	require.NoError(t, Run(ctx, o), errOut.String())
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 10, out.String())
	for _, tk := range tasks {
		for i := 26; i <= 30; i++ {
			assert.Contains(t, lines, tk.ID+" | line "+itoa(i))
		}
	}

	out = sandboxtest.Buffer{}
	o, _ = opts(e, &out)
	o.Task = tasks[1].ID[:len(tasks[1].ID)-4] // a unique prefix
	require.NoError(t, Run(ctx, o))
	assert.Equal(t, "line 28\nline 29\nline 30\n", strings.Join(strings.SplitAfter(out.String(), "\n")[2:], ""))
	assert.Equal(t, 5, strings.Count(out.String(), "\n"), "unprefixed, the last 5 lines")

	out = sandboxtest.Buffer{}
	o, _ = opts(e, &out)
	o.Task, o.Stderr, o.Tail = tasks[0].ID, true, 100
	require.NoError(t, Run(ctx, o))
	assert.Equal(t, "oops\n", out.String())

	out = sandboxtest.Buffer{}
	o, _ = opts(e, &out)
	o.Task = "nosuch"
	err := Run(ctx, o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "no task of logsvc matches \"nosuch\"; its tasks:\n  ")
}

// -f prints what is written after it started, whole lines only.
func TestLogsFollow(t *testing.T) {
	e, tasks := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out sandboxtest.Buffer
	o, errOut := opts(e, &out)
	o.Task, o.Follow, o.Tail = tasks[0].ID, true, 1
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()

	waitFor(t, &out, "line 30\n")
	dir, err := e.Client.TaskSandbox(ctx, e.Emu.URL, tasks[0].ID)
	require.NoError(t, err)
	f, err := os.OpenFile(filepath.Join(dir, "stdout"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	defer f.Close()
	_, err = f.WriteString("late one\nhalf a li")
	require.NoError(t, err)
	waitFor(t, &out, "line 30\nlate one\n")
	assert.NotContains(t, out.String(), "half", "an unfinished line is held until its newline")
	_, err = f.WriteString("ne\n")
	require.NoError(t, err)
	waitFor(t, &out, "late one\nhalf a line\n")
	cancel()
	require.NoError(t, <-done, errOut.String())
}

// -f of a whole service follows the tasks a scale starts, from their
// first line, and leaves the ones that end.
func TestLogsFollowsNewTasksAndLeavesEndedOnes(t *testing.T) {
	e, tasks := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut sandboxtest.Buffer
	o, _ := opts(e, &out)
	o.Deps.IO.ErrOut = &errOut // read while Run writes
	o.Follow, o.Tail = true, 1
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	waitFor(t, &out, "line 30\n")

	_, err := e.Client.ScaleApp(ctx, "/logsvc-blue", 3, false)
	require.NoError(t, err)
	var added string
	deadline := time.Now().Add(30 * time.Second)
	for added == "" {
		require.True(t, time.Now().Before(deadline), "no new task followed; printed:\n%s\nstderr:\n%s", out.String(), errOut.String())
		for _, l := range strings.Split(out.String(), "\n") {
			if id, rest, ok := strings.Cut(l, " | "); ok && id != tasks[0].ID && id != tasks[1].ID && rest == "line 30" {
				added = id
			}
		}
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	assert.Contains(t, out.String(), added+" | line 1\n", "a new task is followed from its first line")

	_, err = e.Client.KillTasks(ctx, []string{tasks[0].ID}, marathon.KillOptions{Scale: true})
	require.NoError(t, err)
	deadline = time.Now().Add(30 * time.Second)
	for !strings.Contains(errOut.String(), "(task "+tasks[0].ID+" has ended)") {
		require.True(t, time.Now().Before(deadline), "the killed task was never left; stderr:\n%s", errOut.String())
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, errOut.String(), "(following new task "+added+")")
	assert.NotContains(t, errOut.String(), "warning", "nothing failed")
}

func waitFor(t *testing.T, out *sandboxtest.Buffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasSuffix(out.String(), want) {
		require.True(t, time.Now().Before(deadline), "never printed %q; printed:\n%s", want, out.String())
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// A service that writes only to stderr: on a terminal an empty stdout
// says so and names the command for the other file; a script's stderr
// stays quiet.
func TestLogsSaysWhenAFileIsEmpty(t *testing.T) {
	e, _ := setup(t)
	ctx := context.Background()
	cmd := "echo started >&2; exec sleep 600"
	mem, n := 16.0, 1
	app := &marathon.App{}
	app.ID, app.Cmd, app.CPUs, app.Mem, app.Instances = "/quiet-blue", &cmd, 0.01, &mem, &n
	app.Labels = &map[string]string{marathon.LabelService: "quiet"}
	_, err := e.Client.CreateApp(ctx, app)
	require.NoError(t, err)
	e.Emu.WaitIdle(t, 30*time.Second)

	for _, tty := range []bool{true, false} {
		ios, _, out, errOut := svctest.IO(tty)
		o := &Options{Deps: e.Deps(ios), Tail: 5}
		o.Service, o.Realm = "quiet", e.RealmFile
		require.NoError(t, Run(ctx, o), errOut.String())
		assert.Empty(t, out.String())
		if !tty {
			assert.Empty(t, errOut.String(), "off a terminal")
			continue
		}
		assert.Equal(t, "(nothing on stdout from 1 task(s) yet; their stderr: yodel logs quiet --realm "+e.RealmFile+" --stderr)\n", errOut.String())
	}
}

// -f follows, as the help and every logs command users know say; it was
// the manifest file's shorthand, so `-f --stderr` read stdout once.
func TestLogsFlagF(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	run := func(args ...string) (*Options, error) {
		var got *Options
		cmd := NewCmdLogs(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		return got, cmd.Execute()
	}
	got, err := run("web", "--realm", "qa", "-f", "--stderr")
	require.NoError(t, err)
	assert.True(t, got.Follow)
	assert.True(t, got.Stderr)
	assert.Empty(t, got.File)

	got, err = run("web", "-r", "qa", "-F")
	require.NoError(t, err)
	assert.True(t, got.Follow, "-F still follows")

	got, err = run("--file", "x.yaml", "--realm", "qa", "--follow")
	require.NoError(t, err)
	assert.Equal(t, "x.yaml", got.File)
	assert.True(t, got.Follow)
	assert.False(t, got.Stderr)
}

// A task Marathon no longer lists (its app was removed by a rollback) is
// read from the agent where the history says it ran; without --task, the
// error names it.
func TestLogsOfAFailedTaskMarathonNoLongerLists(t *testing.T) {
	e := svctest.Start(t)
	e.AgentAPI(t)
	ctx := context.Background()
	createApp(t, e, "echo why it died >&2; exit 3", 1)
	var failed *marathon.LastTaskFailure
	deadline := time.Now().Add(30 * time.Second)
	for failed == nil {
		a, err := e.Client.App(ctx, "/logsvc-blue")
		require.NoError(t, err)
		failed = a.LastTaskFailure
		require.True(t, time.Now().Before(deadline), "no task failed")
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
	_, err := e.Client.DeleteApp(ctx, "/logsvc-blue", true)
	require.NoError(t, err)
	_, err = e.Store.AppendHistory(ctx, "logsvc", state.Record{Service: "logsvc", Release: "v1", Started: svctest.Clock, Outcome: state.OutcomeRolledBack,
		FailedTask: &state.TaskRef{ID: failed.TaskID, Host: failed.Host}})
	require.NoError(t, err)
	for {
		apps, err := e.Client.ServiceApps(ctx, "logsvc")
		require.NoError(t, err)
		if len(apps) == 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the app was never removed")
		time.Sleep(50 * time.Millisecond) // polling a condition
	}

	var out sandboxtest.Buffer
	o, _ := opts(e, &out)
	err = Run(ctx, o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "service logsvc has no tasks")
	assert.Equal(t, "the last failed task of a change was "+failed.TaskID+": yodel logs logsvc --realm test --task "+failed.TaskID+" --stderr", cmdutil.Hint(err))

	o, errOut := opts(e, &out)
	o.Task, o.Stderr = failed.TaskID[:len(failed.TaskID)-6], true
	require.NoError(t, Run(ctx, o), errOut.String())
	assert.Equal(t, "why it died\n", out.String())
}
