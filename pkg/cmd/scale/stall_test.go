package scale

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
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

// A scale whose new tasks cannot start goes back to the previous instance
// count and exits 3; the tasks that ran before keep running.
func TestScaleStallScalesBack(t *testing.T) {
	e := svctest.Start(t)
	e.AgentAPI(t)
	ok := filepath.Join(e.Dir, "ok")
	require.NoError(t, os.WriteFile(ok, nil, 0o644))
	// Tasks start only while the file exists: the first two do, the ones a
	// later scale adds do not.
	e.Manifest(t, "web", "service: web\ncmd: test -f "+ok+" && exec sleep 600 || { echo no "+ok+" >&2; exit 1; }\n"+
		"instances: 2\nresources: {cpus: 0.1, mem: 32}\n")
	ctx := context.Background()
	ios, _, _, _ := svctest.IO(false)
	require.NoError(t, deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v1",
		Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 200 * time.Millisecond}))
	before, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	require.NoError(t, os.Remove(ok))

	ios, _, out, errOut := svctest.IO(false)
	err = Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test", Yes: true}, Deps: e.Deps(ios),
		Instances: 4, Timeout: 2 * time.Minute, ProgressDeadline: time.Minute, Output: cmdutil.OutputJSON,
		// The app has no health checks: without a settle, a new task seen
		// running before its shell exits (a busy machine) passes the scale.
		Settle: 2 * time.Second})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "scaling web to 4 stalled and was rolled back to 2 instances")
	assert.Contains(t, err.Error(), "tasks of the new version failed")
	assert.Contains(t, errOut.String(), "rolling back to 2 instances")
	// Why the new tasks died: what the last one wrote.
	assert.Regexp(t, `\nLast lines of failed task web-blue\.[0-9a-f-]+ \(stderr, on 127\.0\.0\.1\):\n  no `+regexp.QuoteMeta(ok)+`\n`, errOut.String())
	var res Result
	require.NoError(t, json.Unmarshal(out.Bytes(), &res), out.String())
	assert.Equal(t, "rolled-back", res.Outcome)
	assert.Equal(t, 2, res.From)

	e.Emu.WaitIdle(t, 30*time.Second)
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 2, app.WantedInstances())
	running := 0
	for _, tk := range app.Tasks {
		if marathon.TaskRunning(tk) {
			running++
		}
	}
	assert.Equal(t, 2, running)
	old := map[string]bool{}
	for _, tk := range before.Tasks {
		old[tk.ID] = true
	}
	for _, tk := range app.Tasks {
		assert.True(t, old[tk.ID], "task %s is not one that ran before the scale", tk.ID)
	}
	h, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeRolledBack, h[0].Outcome)
	assert.Equal(t, "scale 2->4", h[0].Strategy)
}
