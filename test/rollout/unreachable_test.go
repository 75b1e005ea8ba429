package rollout

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// TestUnreachableTaskComesBack: Marathon 1.4 is partition aware: a task
// whose agent Mesos lost is TASK_UNREACHABLE, and TASK_RUNNING again when
// the agent is back (a network blip between a Mesos master and an agent).
// The lb agent took TASK_UNREACHABLE for the end of the task and never
// routed it again until it was killed: every blip cost capacity for good.
// It now leaves the rotation while unreachable and comes back with it,
// without a failed request.
func TestUnreachableTaskComesBack(t *testing.T) {
	t.Parallel()
	r := newRig(t, sandboxtest.Options{})
	load := r.DeployUnderLoad("v1", slowCanary)
	var app struct {
		App struct {
			Tasks []struct {
				ID string `json:"id"`
			} `json:"tasks"`
		} `json:"app"`
	}
	require.NoError(t, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps"+r.Routing().Stable, &app))
	require.Len(t, app.App.Tasks, 3)
	id := app.App.Tasks[0].ID
	before := load.Snapshot()

	fault := func(what string) {
		t.Helper()
		res, err := http.Post(r.SB.MarathonURL+"/_emulator/tasks/"+id+"/"+what, "application/json", nil)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, "%s %s", what, id)
	}
	routed := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
			if err == nil && len(st.Services["hello"].Apps) == 1 && st.Services["hello"].Apps[0].Routed == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the agent does not route %d tasks after 20s: %+v %v", n, st.Services["hello"], err)
			}
			time.Sleep(25 * time.Millisecond) // polling a condition
		}
	}
	fault("unreachable")
	routed(2)
	sandboxtest.WaitRequests(t, load, loadRate) // a second on two tasks
	fault("reachable")
	routed(3)
	sandboxtest.WaitRequests(t, load, loadRate)
	during := load.Snapshot().Sub(before)
	t.Logf("FIGURE a task unreachable and back: %d requests, %d failed", during.Total, during.Failed)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
}
