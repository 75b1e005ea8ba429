package restart

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// deployed deploys web v1 (2 tasks of cmd, no lb agent: Marathon's own
// restart, no surge) and returns its tasks' ids.
func deployed(t *testing.T, e *svctest.Env, cmd string) map[string]bool {
	t.Helper()
	e.Manifest(t, "web", "service: web\ncmd: "+cmd+"\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\n")
	ctx := context.Background()
	ios, _, _, _ := svctest.IO(false)
	require.NoError(t, deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v1",
		Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 200 * time.Millisecond}))
	return taskIDs(t, e)
}

func taskIDs(t *testing.T, e *svctest.Env) map[string]bool {
	t.Helper()
	ids, err := runningIDs(e)
	require.NoError(t, err)
	return ids
}

// runningIDs are the ids of /web-blue's running tasks.
func runningIDs(e *svctest.Env) (map[string]bool, error) {
	app, err := e.Client.App(context.Background(), "/web-blue")
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, tk := range app.Tasks {
		if marathon.TaskRunning(tk) {
			ids[tk.ID] = true
		}
	}
	return ids, nil
}

func run(e *svctest.Env, out *Options) (Result, string, error) {
	ios, _, stdout, errOut := svctest.IO(false)
	out.Common, out.Deps, out.Output = svcutil.Common{Service: "web", Realm: "test", Yes: true}, e.Deps(ios), cmdutil.OutputJSON
	if out.Timeout == 0 {
		out.Timeout, out.ProgressDeadline = 2*time.Minute, time.Minute
	}
	err := Run(context.Background(), out)
	var res Result
	_ = json.Unmarshal(stdout.Bytes(), &res)
	return res, errOut.String(), err
}

// Every task is replaced by a new one of the same release; history says
// "restart".
func TestRestartReplacesEveryTask(t *testing.T) {
	e := svctest.Start(t)
	before := deployed(t, e, "exec sleep 600")
	require.Len(t, before, 2)

	res, errOut, err := run(e, &Options{Settle: 200 * time.Millisecond})
	require.NoError(t, err)
	assert.Contains(t, errOut, "warning: /web-blue has no health checks", "an app Marathon cannot tell healthy from running")
	assert.Equal(t, "done", res.Outcome)
	assert.Equal(t, "v1", res.Release)
	after := taskIDs(t, e)
	require.Len(t, after, 2)
	for id := range after {
		assert.False(t, before[id], "task %s ran before the restart", id)
	}
	app, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v1", app.Label("YODEL_RELEASE"))
	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeSucceeded, h[0].Outcome)
	assert.Equal(t, "restart", h[0].Strategy)
	assert.Equal(t, "v1", h[0].Release)
}

// New tasks that fail their health check where the old ones passed:
// Marathon kills no old task (none of the new ones became healthy), the
// restart's deployment is rolled back, which kills the new tasks and keeps
// the old ones, and yodel exits 3.
func TestRestartStallKeepsTheOldTasks(t *testing.T) {
	e := svctest.Start(t)
	ok := filepath.Join(e.Dir, "ok")
	require.NoError(t, os.WriteFile(ok, nil, 0o644))
	// A task is healthy when it found the file at its start (its sandbox
	// keeps the mark; the emulator runs command checks there).
	e.Manifest(t, "web", "service: web\ncmd: if test -f "+ok+"; then touch healthy; fi; exec sleep 600\n"+
		"instances: 2\nresources: {cpus: 0.1, mem: 32}\n"+
		"health: {command: test -f healthy, intervalSeconds: 1, timeoutSeconds: 20, gracePeriodSeconds: 1, maxConsecutiveFailures: 2}\n")
	ctx := context.Background()
	ios, _, _, _ := svctest.IO(false)
	require.NoError(t, deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v1",
		Strategy: deploy.StrategyRolling, Timeout: time.Minute}))
	before := taskIDs(t, e)
	require.Len(t, before, 2)
	require.NoError(t, os.Remove(ok))

	res, errOut, err := run(e, &Options{})
	require.Error(t, err)
	assert.NotContains(t, errOut, "no health checks")
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "the restart of web stalled and was rolled back to the tasks it started from")
	assert.Contains(t, errOut, "rolling back to the tasks it started from")
	assert.Equal(t, "rolled-back", res.Outcome)

	e.Emu.WaitIdle(t, 30*time.Second)
	assert.Equal(t, before, taskIDs(t, e), "the tasks that ran before the restart, and only they")
	h, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeRolledBack, h[0].Outcome)
	assert.Equal(t, "restart", h[0].Strategy)
}

// Without health checks Marathon counts a new task healthy as soon as it
// runs and kills an old one for it (1.4.13's ReadinessBehavior: an app
// without health checks gets instanceRunBehavior, and TaskReplaceActor
// kills the next old instance for each healthy one). New tasks that fail at once (the
// environment changed since the old ones started) may cost old tasks
// before the stall is seen, depending on how fast each one fails; then the
// rollback, whose tasks fail the same way, cannot finish. Either way the
// restart warns first and then reports what is true: rolled back with
// every old task (exit 3), or failed with the old tasks Marathon had not
// killed yet (exit 1, "did not finish"; or "none is left" when Marathon had
// finished its restart, every old task killed), in its error and in history.
func TestRestartWithoutHealthChecksThatFails(t *testing.T) {
	e := svctest.Start(t)
	bad := filepath.Join(e.Dir, "bad")
	before := deployed(t, e, "if test -f "+bad+"; then exit 1; fi; exec sleep 600")
	require.Len(t, before, 2)
	require.NoError(t, os.WriteFile(bad, nil, 0o644))

	res, errOut, err := run(e, &Options{Settle: 500 * time.Millisecond, Timeout: time.Minute, ProgressDeadline: 5 * time.Second})
	require.Error(t, err)
	assert.Contains(t, errOut, "warning: /web-blue has no health checks")
	assert.Contains(t, err.Error(), "the restart of web stalled")
	assert.Contains(t, err.Error(), "Command exited with status 1", "the tasks' own failure")
	h, herr := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, herr)
	assert.Equal(t, "restart", h[0].Strategy)
	// Only old tasks run: a new one exits at once, but Marathon launches
	// it again after its backoff, and on a busy machine one may be listed
	// for a while before it fails: wait for a read without one.
	var after map[string]bool
	require.Eventually(t, func() bool {
		ids, err := runningIDs(e)
		if err != nil {
			return false
		}
		after = ids
		for id := range after {
			if !before[id] {
				return false
			}
		}
		return true
	}, 30*time.Second, 50*time.Millisecond, "only old tasks run (the new ones exit at once)")
	if cmdutil.ExitCode(err) == cmdutil.ExitRolledBack {
		t.Log("the new tasks failed before Marathon killed an old one")
		assert.Equal(t, "rolled-back", res.Outcome)
		assert.Equal(t, state.OutcomeRolledBack, h[0].Outcome)
		e.Emu.WaitIdle(t, 30*time.Second)
		assert.Equal(t, before, taskIDs(t, e))
		return
	}
	t.Logf("Marathon killed %d old task(s) for new ones that ran", len(before)-len(after))
	assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err), err.Error())
	if strings.Contains(err.Error(), "failed too") {
		// Marathon's restart had finished: no deployment left to cancel.
		assert.Contains(t, err.Error(), "Marathon had already finished the restart, every old task replaced, so none is left to go back to")
		assert.Empty(t, after)
	} else {
		assert.Contains(t, err.Error(), "the rollback to the tasks it started from did not finish")
	}
	assert.Contains(t, cmdutil.Hint(err), "yodel status web --realm test --watch")
	assert.Equal(t, "failed", res.Outcome)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
	assert.Less(t, len(after), len(before))
}

// A service never deployed, or with no instances, has nothing to restart.
func TestRestartRefusesWhatCannotBeRestarted(t *testing.T) {
	e := svctest.Start(t)
	_, _, err := run(e, &Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "web")

	deployed(t, e, "exec sleep 600")
	_, err = e.Client.ScaleApp(context.Background(), "/web-blue", 0, false)
	require.NoError(t, err)
	e.Emu.WaitIdle(t, 30*time.Second)
	_, _, err = run(e, &Options{})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "runs no instances: there is nothing to restart")
	assert.Contains(t, cmdutil.Hint(err), "yodel scale web N --realm test")
}
