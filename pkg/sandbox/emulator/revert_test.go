package emulator

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runningIDs are the app's running tasks not being killed.
func runningIDs(te *testEmu, appID string) map[string]bool {
	out := map[string]bool{}
	for id, tk := range listed(te, appID) {
		if tk.State == TaskRunning && !tk.KillRequested {
			out[id] = true
		}
	}
	return out
}

func deploymentsOf(t *testing.T, te *testEmu, path string) []any {
	return te.call(t, "GET", path, "").json(t)["app"].(map[string]any)["deployments"].([]any)
}

// A rollback (DELETE /v2/deployments/{id}) is a new deployment to the
// original definitions, versioned against the apps as they are
// (GroupVersioningUtil): after a config change the app gets the rollback's
// version, and TaskReplaceActor, which keeps only tasks of the app's
// version, replaces every task, the survivors of the original version
// included. The rollback of a restart changes nothing: the app keeps the
// restart's version and the rollback has no step; every task stays.
func TestRollbackVersionsAsMarathonDoes(t *testing.T) {
	t.Run("config change", func(t *testing.T) {
		te := startEmu(t, Config{TimeScale: 0.05})
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/c","cmd":"x","instances":2}`).status)
		te.waitIdle(t)
		before := runningIDs(te, "/c")
		// New tasks that never pass: the deployment stalls with every old
		// task alive (minimumHealthCapacity 1).
		dep := te.call(t, "PUT", "/v2/apps/c",
			`{"cmd":"y","healthChecks":[{"protocol":"COMMAND","command":{"value":"exit 1"},"maxConsecutiveFailures":0}]}`).json(t)
		waitFor(t, 10*time.Second, "new tasks beside the old", func() bool { return len(listed(te, "/c")) == 4 })
		res := te.call(t, "DELETE", "/v2/deployments/"+dep["deploymentId"].(string), "").json(t)
		app := te.call(t, "GET", "/v2/apps/c", "").json(t)["app"].(map[string]any)
		assert.Equal(t, res["version"], app["version"], "the rollback's own version")
		assert.Equal(t, res["version"], app["versionInfo"].(map[string]any)["lastConfigChangeAt"])
		assert.Equal(t, "x", app["cmd"])
		waitFor(t, 20*time.Second, "the rollback done", func() bool { return len(deploymentsOf(t, te, "/v2/apps/c")) == 0 })
		after := runningIDs(te, "/c")
		assert.Len(t, after, 2)
		for id := range after {
			assert.False(t, before[id], "every task replaced, the original version's too")
			assert.Equal(t, res["version"], listed(te, "/c")[id].Version)
		}
	})
	t.Run("restart", func(t *testing.T) {
		te := startEmu(t, Config{TimeScale: 0.05, Executor: ExecutorProcess})
		ok := filepath.Join(t.TempDir(), "ok")
		require.NoError(t, os.WriteFile(ok, nil, 0o644))
		// Healthy when the task found ok at its start.
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/r","instances":2,
			"cmd":"if test -f `+ok+`; then touch healthy; fi; exec sleep 600",
			"healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f healthy"},"maxConsecutiveFailures":0,"intervalSeconds":1}]}`).status)
		waitFor(t, 20*time.Second, "two healthy tasks", func() bool {
			return te.call(t, "GET", "/v2/apps/r", "").json(t)["app"].(map[string]any)["tasksHealthy"] == 2.0
		})
		before := runningIDs(te, "/r")
		orig := te.call(t, "GET", "/v2/apps/r", "").json(t)["app"].(map[string]any)["versionInfo"].(map[string]any)
		require.NoError(t, os.Remove(ok))
		restart := te.call(t, "POST", "/v2/apps/r/restart", "").json(t)
		waitFor(t, 10*time.Second, "new tasks beside the old", func() bool { return len(runningIDs(te, "/r")) == 4 })
		require.Equal(t, 200, te.call(t, "DELETE", "/v2/deployments/"+restart["deploymentId"].(string), "").status)
		waitFor(t, 10*time.Second, "the rollback done", func() bool { return len(deploymentsOf(t, te, "/v2/apps/r")) == 0 })
		app := te.call(t, "GET", "/v2/apps/r", "").json(t)["app"].(map[string]any)
		assert.Equal(t, restart["version"], app["version"], "the restart's version stays")
		assert.Equal(t, orig["lastConfigChangeAt"], app["versionInfo"].(map[string]any)["lastConfigChangeAt"])
		assert.Len(t, runningIDs(te, "/r"), 4, "the rollback killed nothing")
		te.runs(func() { te.nextScaleCheck = time.Now() })
		waitFor(t, 10*time.Second, "the scale check killed the surplus", func() bool { return len(listed(te, "/r")) == 2 })
		assert.Equal(t, before, runningIDs(te, "/r"), "the youngest went: the new tasks")
	})
}
