package rollout

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/third_party/yaml"

	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// secondEmulator starts another emulator on the sandbox's state dir: a
// follower, proxying to the leader, that takes over when the leader
// abdicates. The sandbox's realm then lists both, and its agent is
// restarted to read it (the CLI reads it at each command).
func (r *rig) secondEmulator(t *testing.T) (a, b string) {
	t.Helper()
	emu := r.SB.Component(t, sandbox.CompMarathon)
	addr := sandboxtest.FreeAddr(t)
	args := slices.Clone(emu.Args)
	i := slices.Index(args, "--listen")
	require.True(t, i >= 0 && i+1 < len(args), "the emulator's arguments have no --listen: %v", args)
	args[i+1] = addr
	sandboxtest.StartProc(t, filepath.Join(r.Dir, "emulator-b.log"), []string{"YODEL_SANDBOX_OWNER=" + r.SB.Dir}, args...)
	a, b = r.SB.MarathonURL, "http://"+addr
	r.waitLeader(a, true)
	r.waitLeader(b, false)

	raw, err := os.ReadFile(r.SB.RealmFile)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, yaml.Unmarshal(raw, &m))
	m["marathon"] = map[string]any{"urls": []string{a, b}}
	out, err := yaml.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(r.SB.RealmFile, out, 0o644))

	agent := r.SB.Component(t, sandbox.CompAgent)
	sandboxtest.KillPID(t, agent)
	sandboxtest.StartProc(t, filepath.Join(r.Dir, "agent-two-marathons.log"), nil, agent.Args...)
	waitRegistered(t, r.SB.AgentURL)
	return a, b
}

// waitLeader waits until the emulator at url says it leads (or follows).
func (r *rig) waitLeader(url string, leading bool) {
	r.T.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var s struct {
			Leader bool `json:"leader"`
		}
		if err := sandboxtest.GetJSON(url+"/_emulator/status", &s); err == nil && s.Leader == leading {
			return
		}
		if time.Now().After(deadline) {
			r.T.Fatalf("emulator %s: leader=%v not seen in 20s", url, leading)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// abdicate makes the leading emulator at from give up the lead, and waits
// until to leads.
func (r *rig) abdicate(from, to string) {
	r.T.Helper()
	resp, err := http.Post(from+"/_emulator/leadership/lose", "application/json", nil)
	require.NoError(r.T, err)
	resp.Body.Close()
	require.Equal(r.T, http.StatusOK, resp.StatusCode, "leadership/lose on %s", from)
	r.waitLeader(to, true)
}

// TestLeaderFailoverUnderLoad: two emulators share the sandbox's state dir
// (as Marathon masters share ZooKeeper); the realm lists both, for the CLI
// and the lb agent. Under load through HAProxy the leader abdicates in the
// middle of a rolling deploy, then (the other way) in a canary's partial
// step. Requests to the stable release must not fail, and each deploy
// completes (or resumes).
func TestLeaderFailoverUnderLoad(t *testing.T) {
	t.Parallel() // each in a sandbox of its own; the rig slots bound how many run at once
	r := newRig(t, sandboxtest.Options{})
	a, b := r.secondEmulator(t)
	load := r.DeployUnderLoad("v1", slowCanary)
	top := t

	t.Run("mid rolling deploy", func(t *testing.T) {
		r.T = t
		defer func() { r.T = top }()
		// v2's tasks listen 3s after they start: the rollout is still
		// replacing tasks when the leader goes.
		r.Manifest("  HELLO_START_DELAY: 3s\n", slowCanary)
		before := load.Snapshot()
		dep := r.Start(r.DeployArgs("v2", "--strategy", "rolling")...)
		r.WaitDeploying()
		r.abdicate(a, b)
		var deps []map[string]any
		require.NoError(t, sandboxtest.GetJSON(b+"/v2/deployments", &deps))
		inFlight := len(deps) > 0
		code, out, errOut := dep.Wait(t)
		if code != 0 { // a clear exit, then a re-run converges
			t.Logf("deploy exit %d across the failover:\n%s", code, sandboxtest.Tail(errOut, 5))
			code, out, errOut = r.Run(r.DeployArgs("v2", "--strategy", "rolling")...)
		}
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		r.WaitApplied()
		assert.Equal(t, []string{"v2"}, sandboxtest.Releases(sandboxtest.SentFromNow(t, load, loadRate).ByRelease), "releases answering after the deploy")
		during := load.Snapshot().Sub(before)
		t.Logf("FIGURE leader abdicates mid rolling deploy (deployment still in flight at the new leader: %v): %d requests, %d failed %v (%v); deploy exit %d",
			inFlight, during.Total, during.Failed, during.FailedByRelease, load.Snapshot().FailureSamples, code)
		assert.Zero(t, during.FailedByRelease["v1"], "failures from the stable release")
		assert.Zero(t, during.Failed, "failed requests: %v", load.Snapshot().FailureSamples)
	})

	t.Run("in a canary's partial step", func(t *testing.T) {
		r.T = t
		defer func() { r.T = top }()
		r.Manifest("", slowCanary)
		r.faultInPartial(t, load, "v3", "v2", "leader abdicates in partial[0]", func() { r.abdicate(b, a) })
	})
}
