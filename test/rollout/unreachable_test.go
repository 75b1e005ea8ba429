package rollout

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// TestUnreachableTaskThroughADeploy: Marathon 1.4 is partition aware. A
// task whose agent Mesos lost is TASK_UNREACHABLE and, with the default
// unreachableStrategy (0/0), replaced at once; Marathon lists it until its
// periodic job expunges it (the first run five minutes after Marathon
// starts), and a restart neither kills nor waits for it. Had its agent come
// back first, the task would run its old release beside the new one until
// Marathon's next scale check killed the youngest task: one of the new
// release.
//
// yodel's deploy waited for every old task to be gone: a rolling deploy
// beside an unreachable task stalled until Marathon expunged it, or was
// rolled back at its progress deadline. Now the deploy ends with
// Marathon's deployment and expunges the unreachable old task itself, so
// that Marathon kills it as unknown when its agent comes back: only the
// new release answers, and no request fails throughout.
func TestUnreachableTaskThroughADeploy(t *testing.T) {
	t.Parallel()
	r := newRig(t, sandboxtest.Options{})
	load := r.DeployUnderLoad("v1", slowCanary)
	type task struct {
		ID      string `json:"id"`
		State   string `json:"state"`
		Version string `json:"version"`
	}
	var stable string
	tasks := func() (ts []task, healthy int) {
		t.Helper()
		var app struct {
			App struct {
				Tasks        []task `json:"tasks"`
				TasksHealthy int    `json:"tasksHealthy"`
			} `json:"app"`
		}
		require.NoError(t, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps"+stable, &app))
		return app.App.Tasks, app.App.TasksHealthy
	}
	stable = r.Routing().Stable
	ts, _ := tasks()
	require.Len(t, ts, 3)
	victim := ts[0]
	before := load.Snapshot()

	post := func(path string) {
		t.Helper()
		res, err := http.Post(r.SB.MarathonURL+"/_emulator/"+path, "application/json", nil)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, path)
	}
	// until waits for the Marathon app to list n tasks (the unreachable
	// one among them when listed), healthy of them healthy, and the lb
	// agent to route routed.
	until := func(what string, n, healthy, routed int, listed bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			ts, h := tasks()
			found := false
			for _, x := range ts {
				found = found || x.ID == victim.ID
			}
			st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
			if err == nil && len(ts) == n && h == healthy && found == listed &&
				len(st.Services["hello"].Apps) == 1 && st.Services["hello"].Apps[0].Routed == routed {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not reached after 30s: tasks %+v (%d healthy), agent %+v %v", what, ts, h, st.Services["hello"], err)
			}
			time.Sleep(25 * time.Millisecond) // polling a condition
		}
	}

	post("tasks/" + victim.ID + "/unreachable")
	until("the unreachable task replaced", 4, 3, 3, true)

	start := time.Now()
	code, out, errOut := r.Run(r.DeployArgs("v2", "--strategy", "rolling")...)
	require.Equal(t, 0, code, "%s\n%s", out, sandboxtest.Tail(errOut, 40))
	t.Logf("FIGURE rolling deploy beside an unreachable task: %s", time.Since(start).Round(100*time.Millisecond))
	assert.Contains(t, errOut, "1 old unreachable expunged", "the deploy says what it did with it")
	sandboxtest.WaitServed(t, load, "v2")
	until("the unreachable task expunged", 3, 3, 3, false)

	post("tasks/" + victim.ID + "/reachable") // killed by Marathon as unknown
	sandboxtest.WaitRequests(t, load, loadRate)
	until("nothing more", 3, 3, 3, false)
	assert.Equal(t, []string{"v2"}, lastReleases(load), "only v2 answers")

	during := load.Snapshot().Sub(before)
	t.Logf("FIGURE a task unreachable through a rolling deploy and back: %d requests, %d failed", during.Total, during.Failed)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
}
