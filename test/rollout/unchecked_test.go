package rollout

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// TestTasksOfACollectedVersionAfterALeaderChange: Marathon keeps
// zk_max_versions versions of an app and every scale makes one, so the
// version a long-running task was launched with is garbage-collected
// (docs/emulator.md). A Marathon 1.4 leader elected after that never
// checks such tasks: they have no health results until they end. An lb
// agent that starts afterwards (an upgrade, a new HAProxy host) knew
// nothing of them and routed none: every task of the service out, every
// request a 503. It now routes a task Marathon is long overdue with a
// result for, on HAProxy's own checks, and says so in its log.
func TestTasksOfACollectedVersionAfterALeaderChange(t *testing.T) {
	t.Parallel()
	r := newRig(t, sandboxtest.Options{MarathonMaxVersions: 3})
	// The first result is due 1 s + two 1 s intervals + a 1 s timeout
	// after a task's start (marathon.App.FirstResultDue).
	r.Base = sandboxtest.ReplaceOnce(t, r.Base, "gracePeriodSeconds: 10", "gracePeriodSeconds: 1")
	load := r.DeployUnderLoad("v1", slowCanary)
	appID := r.Routing().Stable

	type task struct {
		ID        string    `json:"id"`
		Version   string    `json:"version"`
		StartedAt time.Time `json:"startedAt"`
		Health    []any     `json:"healthCheckResults"`
	}
	tasks := func() []task {
		t.Helper()
		var a struct {
			App struct {
				Tasks []task `json:"tasks"`
			} `json:"app"`
		}
		require.NoError(t, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps"+appID, &a))
		return a.App.Tasks
	}
	first := tasks()
	require.Len(t, first, 3)

	// Four scalings: four versions, and the first one collected. A
	// scale-down kills the youngest, so the first tasks run on.
	for _, n := range []int{4, 3, 4, 3} {
		code, out, errOut := r.Run("scale", "hello", strconv.Itoa(n), "--realm", r.SB.RealmFile)
		require.Equal(t, 0, code, "scale to %d\n%s\n%s", n, out, errOut)
	}
	var ids []string
	for _, tk := range tasks() {
		ids = append(ids, tk.ID)
	}
	for _, tk := range first {
		require.Contains(t, ids, tk.ID, "a first task was killed by a scale-down")
	}
	var stored map[string]any
	require.Error(t, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps"+appID+"/versions/"+first[0].Version, &stored),
		"the first version is still stored")

	// A new Marathon leader, then a new agent, once Marathon is overdue
	// with the first tasks' results (as with tasks that ran for hours: an
	// agent running meanwhile routes a task that becomes overdue at its
	// next full read).
	r.restartEmulator(t, nil, 1)
	youngest := slices.MaxFunc(first, func(a, b task) int { return a.StartedAt.Compare(b.StartedAt) })
	time.Sleep(time.Until(youngest.StartedAt.Add(5 * time.Second))) // a time to wait for, not a condition
	agent := r.SB.Component(t, sandbox.CompAgent)
	sandboxtest.KillPID(t, agent)
	logPath := filepath.Join(r.Dir, "agent-after-leader-change.log")
	sandboxtest.StartProc(t, logPath, nil, agent.Args...)
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
		if err == nil && st.Ready && st.Registered && len(st.Services["hello"].Apps) > 0 {
			routed := st.Services["hello"].Apps[0].Routed
			require.Equal(t, 3, routed, "tasks the new leader never checks are routed")
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("restarted agent not ready after 30s: %+v %v", st, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
	for _, tk := range tasks() {
		if slices.ContainsFunc(first, func(f task) bool { return f.ID == tk.ID }) {
			assert.Empty(t, tk.Health, "Marathon 1.4 has no health result for task %s of a collected version", tk.ID)
		}
	}
	rep := sandboxtest.SentFromNow(t, load, loadRate)
	assert.Zero(t, rep.Failed, "requests failed after the agent's start: %v", rep.FailureSamples)
	log, err := os.ReadFile(logPath)
	require.NoError(t, err)
	assert.Contains(t, string(log), "Marathon reports no health result for a task long after it started")

	// yodel status says so. A scale does not wait for them to turn
	// healthy (they never will): it waited until its progress deadline,
	// then scaled back.
	code, out, errOut := r.Run("status", "hello", "--realm", r.SB.RealmFile, "-o", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"unchecked": 3`)
	code, out, errOut = r.Run("scale", "hello", "4", "--realm", r.SB.RealmFile, "--progress-deadline", "30s")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)

	// The restart status advises replaces them with tasks Marathon
	// checks, without a failed request.
	before := load.Snapshot()
	code, out, errOut = r.Run("restart", "hello", "--realm", r.SB.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	for _, tk := range tasks() {
		assert.NotEmpty(t, tk.Health, "task %s after the restart", tk.ID)
	}
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "requests failed during the restart: %v", during.FailureSamples)
}
