package canary_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// windowCanary is a short rollout (one partial step of 50% for 2s) that
// keeps the previous release for keep after full.
func windowCanary(keep string) string {
	return "canary:\n  instances: 1\n  partial:\n    steps: [50]\n    duration: 2s\n    interval: 1s\n    minRequests: 10\n  drainTimeout: 2s\n  keepPrevious: " + keep + "\n"
}

// TestRollbackWindowUnderLoad: the rollback window (canary.keepPrevious,
// issue 19) in a sandbox with the realm's server, under load. v2 reaches
// full and the deploy returns with v1 kept at weight 0; `yodel rollback`
// inside the window flips all traffic back to v1 with no Marathon
// deployment and no HAProxy reload, then v2 is drained and removed; 0
// failed requests. Then v3 with a 3s window: the deploy returns, and the
// realm's server removes v1 once the window is over. The time from the
// rollback command's start until v2's last answer is logged as a FIGURE
// (BENCHMARKS.md), not asserted.
func TestRollbackWindowUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: real processes under load")
	}
	t.Parallel() // a sandbox of its own
	e := sandboxtest.NewRig(t, sandboxtest.Options{Server: true})
	load := e.DeployUnderLoad("v1", windowCanary("10m"))
	ctx := context.Background()
	mc, err := marathon.New(marathon.Config{URLs: []string{e.SB.MarathonURL}})
	require.NoError(t, err)

	// v2 to full: the deploy returns at kept, v1 still running.
	code, out, errOut := e.Deploy("v2")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, errOut, "Rollback window: keeps 3 instance(s) of v1 (0.3 CPU, 96 MiB) for 10m0s after full", "the plan shows the window's capacity")
	assert.Contains(t, out, "keeps v1 at weight 0 until")
	ro := e.Rollout()
	require.Equal(t, "kept", ro.Step)
	e.WaitApplied()
	assert.Equal(t, []string{"v2"}, sandboxtest.Releases(sandboxtest.SentFromNow(t, load, sandboxtest.LoadRate).ByRelease), "v2 serves everything in the window")
	old, err := mc.App(ctx, ro.Stable.App)
	require.NoError(t, err, "the previous release keeps running")
	code, out, errOut = e.Run("canary", "status", "hello", "--realm", e.SB.RealmFile)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "rollback window: previous release v1 kept until")
	code, out, _ = e.Run("status", "hello", "--realm", e.SB.RealmFile, "-o", "json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"keptUntil"`)

	// The flip.
	agent, err := sandboxtest.AgentStatus(e.SB.AgentURL)
	require.NoError(t, err)
	before := load.Snapshot()
	start := time.Now()
	code, out, errOut = e.Run("rollback", "hello", "--realm", e.SB.RealmFile, "--yes")
	took := time.Since(start)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "Rolled hello back from v2 to v1 inside its rollback window")
	during := load.Snapshot().Sub(before)
	lastV2 := during.LastSeen["v2"]
	t.Logf("FIGURE rollback within the window: v2's last answer %s after the rollback command started (the command: %s, with the drain and removal of v2); %s",
		lastV2.Sub(start).Round(time.Millisecond), took.Round(time.Millisecond), firstLine(errOut, "flip applied"))
	assert.Zero(t, during.Failed, "failed requests of the load during the rollback: %v", during.FailureSamples)
	after, err := mc.App(ctx, old.ID)
	require.NoError(t, err)
	assert.Equal(t, old.Version, after.Version, "no Marathon deployment of the previous release: the flip is a weight change")
	assert.Equal(t, taskIDs(old), taskIDs(after), "its tasks served on, none replaced")
	agentAfter, err := sandboxtest.AgentStatus(e.SB.AgentURL)
	require.NoError(t, err)
	assert.Equal(t, agent.Reloads, agentAfter.Reloads, "the flip and the removal of v2 are runtime changes: no HAProxy reload")
	_, err = mc.App(ctx, ro.Canary.App)
	assert.True(t, marathon.IsNotFound(err), "v2's app is removed: %v", err)
	assert.Equal(t, "rolled-back", e.Rollout().Step)
	assert.Equal(t, []string{"v1"}, sandboxtest.Releases(sandboxtest.SentFromNow(t, load, sandboxtest.LoadRate).ByRelease))

	// Expiry: the deploy returns, the realm's server removes v1 after 3s.
	e.Manifest("", windowCanary("3s"))
	before = load.Snapshot()
	code, out, errOut = e.Deploy("v3")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "then the realm's server removes it")
	ro = e.Rollout()
	deadline := time.Now().Add(60 * time.Second)
	for e.Rollout().Step != "done" {
		if time.Now().After(deadline) {
			t.Fatalf("the window of 3s did not end within 60s (at %s)", e.Rollout().StepName())
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
	_, err = mc.App(ctx, ro.Stable.App)
	assert.True(t, marathon.IsNotFound(err), "v1's app is removed once the window is over: %v", err)
	done := e.Rollout()
	for _, s := range done.Steps {
		if s.Name == "cleanup" {
			assert.False(t, s.Started.Before(done.KeptUntil), "not removed before the window ended")
		}
	}
	assert.Equal(t, "yodel server", strings.Join(strings.Fields(done.Driver.Command)[:2], " "), "the realm's server ended the window")
	during = load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests of the load: %v", during.FailureSamples)
}

func taskIDs(a *marathon.App) []string {
	var ids []string
	for _, t := range a.Tasks {
		ids = append(ids, t.ID)
	}
	return ids
}

func firstLine(s, with string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, with) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
