package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/server"
)

// The end-to-end tests run the real binary: see sandboxtest.
func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

const e2eAdoptAfter = 3 * time.Second

// TestServersFinishKilledAndDetachedRolloutsUnderLoad: the real binary,
// HAProxy, lb agent and emulator, under load, with the file store and with
// ZooKeeper. Two `yodel server`s are started at once; exactly one leads. A
// canary deploy killed with -9 at partial is adopted by the leader no
// sooner than adoptAfter after the kill and finished; a `deploy --detach`
// is finished by it too; the other server never drives either (the
// rollout records name the leader as driver, its log has no adoption).
// Then the leader itself is killed with -9 while it drives a detached
// rollout: the other server leads and finishes it. No request fails.
func TestServersFinishKilledAndDetachedRolloutsUnderLoad(t *testing.T) {
	t.Parallel()
	for _, store := range []string{sandbox.StoreFile, sandbox.StoreZooKeeper} {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			serversUnderLoad(t, store)
		})
	}
}

func serversUnderLoad(t *testing.T, store string) {
	rig := sandboxtest.NewRig(t, sandboxtest.Options{Store: store})
	ctx := context.Background()
	// The realm with its servers: the sandbox's realm file, plus server.
	addrs := []string{sandboxtest.FreeAddr(t), sandboxtest.FreeAddr(t)}
	raw, err := os.ReadFile(rig.SB.RealmFile)
	require.NoError(t, err)
	realmFile := filepath.Join(t.TempDir(), "local.yaml")
	require.NoError(t, os.WriteFile(realmFile, append(raw, fmt.Appendf(nil, "server:\n  url: http://%s\n  adoptAfter: %s\n", addrs[0], e2eAdoptAfter)...), 0o600))

	load := rig.DeployUnderLoad("v1", sandboxtest.SmokedCanary("6s"))
	logs := []string{filepath.Join(t.TempDir(), "server-a.log"), filepath.Join(t.TempDir(), "server-b.log")}
	procs := make([]*sandboxtest.Proc, len(addrs))
	for i, a := range addrs {
		procs[i] = sandboxtest.StartProc(t, logs[i], nil, rig.SB.Bin, "server", "--realm", realmFile, "--listen", a)
	}
	leader := -1
	require.Eventually(t, func() bool {
		n := 0
		for i, a := range addrs {
			var h server.Health
			if sandboxtest.GetJSON("http://"+a+"/healthz", &h) == nil && h.Leader {
				leader, n = i, n+1
			}
		}
		return n == 1
	}, 30*time.Second, 50*time.Millisecond, "no single leader")
	var lh server.Health
	require.NoError(t, sandboxtest.GetJSON("http://"+addrs[leader]+"/healthz", &lh))
	follower := 1 - leader

	// kill -9 of the deploying CLI at partial.
	before := load.Snapshot()
	dep := rig.Start(rig.DeployArgs("v2", "--realm", realmFile)...)
	require.True(t, rig.WaitStatus("v2", "partial[0]", 90*time.Second), "v2 never reached partial[0]:\n%s", dep.Stderr())
	dep.Kill9(t)
	killed := time.Now()
	var adopted time.Time
	var driver string
	require.Eventually(t, func() bool {
		_, r, err := canary.Load(ctx, rig.Store, "hello")
		if err == nil && r != nil && r.Driver != nil && strings.Contains(r.Driver.Command, "yodel server") {
			adopted, driver = time.Now(), fmt.Sprintf("pid %d", r.Driver.Pid)
			return true
		}
		return false
	}, 60*time.Second, 20*time.Millisecond, "no server adopted the rollout")
	r := waitEnded(t, rig, "v2")
	finished := time.Now()
	assert.Equal(t, canary.StepDone, r.Step, r.Reason)
	assert.GreaterOrEqual(t, adopted.Sub(killed), e2eAdoptAfter, "adopted before adoptAfter")
	t.Logf("FIGURE %s: kill -9 at partial[0], adoptAfter %s: adopted %s after the kill (%s), finished %s after it", store,
		e2eAdoptAfter, adopted.Sub(killed).Round(10*time.Millisecond), driver, finished.Sub(killed).Round(10*time.Millisecond))

	// deploy --detach: recorded, exit 0, finished by the server.
	code, out, errOut := rig.Run(rig.DeployArgs("v3", "--realm", realmFile, "--detach")...)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "yodel canary status hello --realm "+realmFile)
	returned := time.Now()
	r = waitEnded(t, rig, "v3")
	assert.Equal(t, canary.StepDone, r.Step, r.Reason)
	t.Logf("FIGURE %s: deploy --detach finished by the server %s after the CLI returned", store, time.Since(returned).Round(10*time.Millisecond))

	// Only the leader drove: it adopted both rollouts, the follower never
	// led nor adopted, and no history row was left in progress.
	lead, err := os.ReadFile(logs[leader])
	require.NoError(t, err)
	foll, err := os.ReadFile(logs[follower])
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(lead), "adopting a rollout"), "%s", lead)
	assert.NotContains(t, string(foll), "adopting a rollout")
	assert.NotContains(t, string(foll), "leading the realm")
	var fh server.Health
	require.NoError(t, sandboxtest.GetJSON("http://"+addrs[follower]+"/healthz", &fh))
	assert.False(t, fh.Leader)
	historySettles(t, rig.Store, "hello")

	// kill -9 of the leader while it drives: the other server leads, and
	// adopts the rollout adoptAfter after it saw its driver gone.
	code, out, errOut = rig.Run(rig.DeployArgs("v4", "--realm", realmFile, "--detach")...)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	require.True(t, rig.WaitStatus("v4", "partial[0]", 90*time.Second), "v4 never reached partial[0]")
	procs[leader].Kill()
	killed = time.Now()
	require.Eventually(t, func() bool {
		_, r, err := canary.Load(ctx, rig.Store, "hello")
		return err == nil && r != nil && r.Driver != nil && r.Driver.Pid == procs[follower].Cmd.Process.Pid
	}, 60*time.Second, 20*time.Millisecond, "the other server never adopted the rollout")
	adopted = time.Now()
	r = waitEnded(t, rig, "v4")
	assert.Equal(t, canary.StepDone, r.Step, r.Reason)
	require.NoError(t, sandboxtest.GetJSON("http://"+addrs[follower]+"/healthz", &fh))
	assert.True(t, fh.Leader, "the other server leads")
	t.Logf("FIGURE %s: leader kill -9 at partial[0]: the other server drove the rollout %s after the kill, finished %s after it", store,
		adopted.Sub(killed).Round(10*time.Millisecond), time.Since(killed).Round(10*time.Millisecond))

	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	t.Logf("FIGURE %s: %d requests at %.0f/s during the three rollouts, %d failed", store, during.Total, during.Rate(), during.Failed)
}

// waitEnded waits for hello's rollout of rel to end.
func waitEnded(t *testing.T, rig *sandboxtest.Rig, rel string) *canary.Rollout {
	t.Helper()
	var last *canary.Rollout
	require.Eventually(t, func() bool {
		_, r, err := canary.Load(context.Background(), rig.Store, "hello")
		last = r
		return err == nil && r != nil && r.Canary.Release == rel && !r.Active()
	}, 2*time.Minute, 50*time.Millisecond, "the rollout of %s did not end: %+v", rel, last)
	return last
}
