package rollout

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// restartEmulator kill -9s the Marathon emulator (the sandbox's, or the
// one an earlier call started) and starts it again with the same
// arguments: same state directory, same port.
func (r *rig) restartEmulator(top *testing.T, prev *sandboxtest.Proc, n int) *sandboxtest.Proc {
	r.T.Helper()
	emu := r.SB.Component(r.T, sandbox.CompMarathon)
	if prev == nil {
		sandboxtest.KillPID(r.T, emu)
	} else {
		prev.Kill()
	}
	logPath := filepath.Join(r.Dir, "emulator-restarted.log")
	p := sandboxtest.StartProc(top, logPath, []string{"YODEL_SANDBOX_OWNER=" + r.SB.Dir}, emu.Args...)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := sandboxtest.GetText(r.SB.MarathonURL + "/ping"); err == nil {
			return p
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logPath)
			r.T.Fatalf("emulator not answering on %s 20s after restart %d; its log:\n%s", r.SB.MarathonURL, n, sandboxtest.Tail(string(log), 20))
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// TestEmulatorRestartDuringRollouts kill -9s the Marathon emulator and
// starts it again on the same state directory and port, once during a
// rolling deploy and once during a canary's partial step.
func TestEmulatorRestartDuringRollouts(t *testing.T) {
	t.Parallel() // each in a sandbox of its own; the rig slots bound how many run at once
	r := newRig(t, sandboxtest.Options{})
	load := r.DeployUnderLoad("v1", slowCanary)
	var emu *sandboxtest.Proc
	top := t

	t.Run("during a rolling deploy", func(t *testing.T) {
		r.T = t
		before := load.Snapshot()
		dep := r.Start(r.DeployArgs("v2", "--strategy", "rolling")...)
		r.WaitDeploying()
		emu = r.restartEmulator(top, emu, 1)
		code, out, errOut := dep.Wait(t)
		if code != 0 { // a clear exit, then a re-run converges
			t.Logf("deploy exit %d across the restart:\n%s", code, sandboxtest.Tail(errOut, 5))
			code, out, errOut = r.Run(r.DeployArgs("v2", "--strategy", "rolling")...)
		}
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		var app struct {
			App struct {
				Labels map[string]string `json:"labels"`
			} `json:"app"`
		}
		require.NoError(t, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps/hello-blue", &app))
		if got := app.App.Labels["YODEL_RELEASE"]; got != "v2" {
			during := load.Snapshot().Sub(before)
			t.Logf("FIGURE emulator kill -9 during a rolling deploy: %d requests, %d failed; Marathon app at %s after the deploy", during.Total, during.Failed, got)
			require.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
			t.Fatalf("yodel deploy exited 0 but Marathon runs %s: the update lost in the emulator restart went unnoticed\n%s", got, sandboxtest.Tail(errOut, 8))
		}
		r.WaitApplied()
		if !assert.Equal(t, []string{"v2"}, sandboxtest.Releases(sandboxtest.SentFromNow(t, load, loadRate).ByRelease), "releases answering after the deploy") {
			apps, _ := sandboxtest.GetText(r.SB.MarathonURL + "/v2/apps?embed=apps.tasks")
			t.Logf("Marathon apps:\n%s", apps)
		}
		during := load.Snapshot().Sub(before)
		t.Logf("FIGURE emulator kill -9 during a rolling deploy: %d requests, %d failed %v (%v)", during.Total, during.Failed,
			during.FailedByRelease, during.FailureSamples)
		assert.Zero(t, during.FailedByRelease["v1"], "failures from the stable release")
		assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	})

	t.Run("during a canary's partial step", func(t *testing.T) {
		r.T = t
		r.faultInPartial(t, load, "v3", "v2", "emulator kill -9 during partial[0]", func() {
			emu = r.restartEmulator(top, emu, 2)
		})
	})
}

// faultInPartial deploys canary release rel over stable, injects fault in
// partial[0] once every agent routes it, and checks the rollout completes
// (resumed once if the deploy exits non-zero), that rel alone serves
// afterwards, and that no request failed.
func (r *rig) faultInPartial(t *testing.T, load *loadgen.Load, rel, stable, what string, fault func()) {
	t.Helper()
	before := load.Snapshot()
	dep := r.Start(r.DeployArgs(rel)...)
	r.WaitStep("partial[0]", 60*time.Second)
	r.WaitApplied()
	fault()
	code, out, errOut := dep.Wait(t)
	resumed := false
	if code != 0 {
		t.Logf("deploy exit %d across the fault:\n%s", code, sandboxtest.Tail(errOut, 5))
		resumed = true
		code, out, errOut = r.Run("canary", "resume", "hello", "--realm", r.SB.RealmFile)
	}
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Equal(t, canary.StepDone, r.Rollout().Step)
	r.WaitApplied()
	assert.Equal(t, []string{rel}, sandboxtest.Releases(sandboxtest.SentFromNow(t, load, loadRate).ByRelease))
	during := load.Snapshot().Sub(before)
	samples := load.Snapshot().FailureSamples
	t.Logf("FIGURE %s (resume needed: %v): %d requests, %d failed %v (%v)", what, resumed,
		during.Total, during.Failed, during.FailedByRelease, samples)
	assert.Zero(t, during.FailedByRelease[stable], "failures from the stable release")
	assert.Zero(t, during.Failed, "failed requests: %v", samples)
}
