package rollout

import (
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
func (r *rig) restartEmulator(top *testing.T, prev *proc, n int) *proc {
	r.t.Helper()
	emu := r.sb.Component(r.t, sandbox.CompMarathon)
	if prev == nil {
		killPID(r.t, emu)
	} else {
		prev.kill()
	}
	p := startProc(top, filepath.Join(r.dir, "emulator-restarted.log"), []string{"YODEL_SANDBOX_OWNER=" + r.sb.Dir}, emu.Args...)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := getText(r.sb.MarathonURL + "/ping"); err == nil {
			return p
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("emulator not answering on %s 20s after restart %d", r.sb.MarathonURL, n)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// waitDeploying waits until Marathon has a deployment in progress.
func (r *rig) waitDeploying() {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var deps []map[string]any
		if err := getJSON(r.sb.MarathonURL+"/v2/deployments", &deps); err == nil && len(deps) > 0 {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatal("no Marathon deployment in progress after 30s")
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// TestEmulatorRestartDuringRollouts kill -9s the Marathon emulator and
// starts it again on the same state directory and port, once during a
// rolling deploy and once during a canary's partial step.
func TestEmulatorRestartDuringRollouts(t *testing.T) {
	r := newRig(t, sandboxtest.Options{})
	r.manifest("", slowCanary)
	code, out, errOut := r.run(r.deployArgs("v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)

	load := loadgen.Start(r.url, loadRate, nil)
	defer load.Stop()
	waitServed(t, load, "v1")
	var emu *proc
	top := t

	t.Run("during a rolling deploy", func(t *testing.T) {
		r.t = t
		before := load.Snapshot()
		dep := r.start(r.deployArgs("v2", "--strategy", "rolling")...)
		r.waitDeploying()
		emu = r.restartEmulator(top, emu, 1)
		code, out, errOut := dep.wait(t)
		if code != 0 { // a clear exit, then a re-run converges
			t.Logf("deploy exit %d across the restart:\n%s", code, tail(errOut, 5))
			code, out, errOut = r.run(r.deployArgs("v2", "--strategy", "rolling")...)
		}
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		var app struct {
			App struct {
				Labels map[string]string `json:"labels"`
			} `json:"app"`
		}
		require.NoError(t, getJSON(r.sb.MarathonURL+"/v2/apps/hello-blue", &app))
		if got := app.App.Labels["YODEL_RELEASE"]; got != "v2" {
			during := load.Snapshot().Sub(before)
			t.Logf("FIGURE emulator kill -9 during a rolling deploy: %d requests, %d failed; Marathon app at %s after the deploy", during.Total, during.Failed, got)
			require.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
			t.Fatalf("yodel deploy exited 0 but Marathon runs %s: the update lost in the emulator restart went unnoticed\n%s", got, tail(errOut, 8))
		}
		r.waitApplied()
		a := load.Snapshot()
		waitRequests(t, load, loadRate)
		if !assert.Equal(t, []string{"v2"}, releases(load.Snapshot().Sub(a).ByRelease), "releases answering after the deploy") {
			apps, _ := getText(r.sb.MarathonURL + "/v2/apps?embed=apps.tasks")
			t.Logf("Marathon apps:\n%s", apps)
		}
		during := load.Snapshot().Sub(before)
		t.Logf("FIGURE emulator kill -9 during a rolling deploy: %d requests, %d failed %v (%v)", during.Total, during.Failed,
			during.FailedByRelease, during.FailureSamples)
		assert.Zero(t, during.FailedByRelease["v1"], "failures from the stable release")
		assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	})

	t.Run("during a canary's partial step", func(t *testing.T) {
		r.t = t
		before := load.Snapshot()
		dep := r.start(r.deployArgs("v3")...)
		r.waitStep("partial[0]", 60*time.Second)
		r.waitApplied()
		emu = r.restartEmulator(top, emu, 2)
		code, out, errOut := dep.wait(t)
		resumed := false
		if code != 0 {
			t.Logf("deploy exit %d across the restart:\n%s", code, tail(errOut, 5))
			resumed = true
			code, out, errOut = r.run("canary", "resume", "hello", "--realm", r.sb.RealmFile)
		}
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		assert.Equal(t, canary.StepDone, r.rollout().Step)
		r.waitApplied()
		a := load.Snapshot()
		waitRequests(t, load, loadRate)
		assert.Equal(t, []string{"v3"}, releases(load.Snapshot().Sub(a).ByRelease))
		during := load.Snapshot().Sub(before)
		t.Logf("FIGURE emulator kill -9 during partial[0] (resume needed: %v): %d requests, %d failed %v (%v)", resumed,
			during.Total, during.Failed, during.FailedByRelease, during.FailureSamples)
		assert.Zero(t, during.FailedByRelease["v2"], "failures from the stable release")
		assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	})
}
