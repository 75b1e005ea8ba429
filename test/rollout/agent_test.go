package rollout

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// slowCanary leaves time to break things inside each partial step.
const slowCanary = `canary:
  instances: 1
  partial:
    steps: [10, 50]
    duration: 8s
    interval: 1s
    minRequests: 20
  drainTimeout: 5s
`

// realmVariant writes a copy of the sandbox realm with haproxy settings
// changed, next to the manifest.
func (r *rig) realmVariant(name string, haproxy map[string]any) string {
	r.t.Helper()
	b, err := os.ReadFile(r.sb.RealmFile)
	require.NoError(r.t, err)
	var m map[string]any
	require.NoError(r.t, yaml.Unmarshal(b, &m))
	hx, _ := m["haproxy"].(map[string]any)
	require.NotNil(r.t, hx, "sandbox realm has no haproxy section")
	for k, v := range haproxy {
		hx[k] = v
	}
	out, err := yaml.Marshal(m)
	require.NoError(r.t, err)
	path := filepath.Join(r.dir, name)
	require.NoError(r.t, os.WriteFile(path, out, 0o600))
	return path
}

// TestAgentKilledAndSecondAgentJoinMidCanary: the sandbox's lb agent is
// killed -9 during partial[0] and started again; HAProxy serves on without
// it, and the new agent converges without reloading HAProxy. A second
// agent, with its own HAProxy, joins during the rollout; frozen (SIGSTOP)
// while the canary shifts, it holds the CLI back until it acks; both
// HAProxies serve the same split. The rollout completes; no request fails.
func TestAgentKilledAndSecondAgentJoinMidCanary(t *testing.T) {
	r := newRig(t, sandboxtest.Options{})
	r.manifest("", slowCanary)
	code, out, errOut := r.run(r.deployArgs("v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)

	load := loadgen.Start(r.url, loadRate, nil)
	defer load.Stop()
	before := load.Snapshot()

	dep := r.start(r.deployArgs("v2")...)
	r.waitStep("partial[0]", 60*time.Second)
	rt := r.waitApplied()
	waitServed(t, load, "v2")
	worker := haproxyWorker(t, r.sb.AdminSocket)

	// Kill -9 the agent; HAProxy serves alone for a while.
	agent := r.sb.Component(t, sandbox.CompAgent)
	killPID(t, agent)
	gone := load.Snapshot()
	waitRequests(t, load, loadRate) // about a second without an agent
	alone := load.Snapshot().Sub(gone)
	assert.Zero(t, alone.Failed, "failed while no agent ran: %v", alone.FailureSamples)

	// The same agent again (same realm, address and so id).
	startProc(t, filepath.Join(r.dir, "agent-restarted.log"), nil, agent.Args...)
	agentURL := r.sb.AgentURL
	st := waitAgentRoutes(t, agentURL, rt.Generation, 20*time.Second)
	assert.Zero(t, st.Reloads, "the restarted agent reloaded HAProxy although nothing had changed")
	assert.Equal(t, worker, haproxyWorker(t, r.sb.AdminSocket), "HAProxy's worker changed: it was reloaded")
	t.Logf("FIGURE agent kill -9 at partial[0]: %d requests while no agent ran, %d failed; restarted agent: %d reloads",
		alone.Total, alone.Failed, st.Reloads)

	// A second agent with its own HAProxy joins. The sandbox's HAProxy
	// binds the service port without SO_REUSEPORT (noreuseport), so the
	// second one listens on another loopback address.
	hx2 := haproxytest.Start(t, haproxytest.Options{})
	agent2Addr := freeAddr(t)
	realm2 := r.realmVariant("realm-second.yaml", map[string]any{
		"bindAddress": "127.0.0.2", "configPath": hx2.ConfigPath, "socketPath": hx2.SocketPath,
		"masterSocketPath": hx2.MasterSocketPath, "agentListen": agent2Addr,
	})
	second := startProc(t, filepath.Join(r.dir, "agent-second.log"), nil,
		r.sb.Bin, "lb", "run", "--realm", realm2, "--id", "second")
	agent2URL := "http://" + agent2Addr

	// Both route partial[1] with the same weights, and the second one's
	// HAProxy splits like the first.
	r.waitStep("partial[1]", 60*time.Second)
	rt = r.waitApplied()
	s1 := waitAgentRoutes(t, agentURL, rt.Generation, 15*time.Second)
	s2 := waitAgentRoutes(t, agent2URL, rt.Generation, 15*time.Second)
	assert.Equal(t, s1.Services["hello"].StableWeight, s2.Services["hello"].StableWeight)
	assert.Equal(t, s1.Services["hello"].CanaryWeight, s2.Services["hello"].CanaryWeight)
	probe := loadgen.Start(strings.Replace(r.url, "127.0.0.1", "127.0.0.2", 1), 200, nil)
	waitRequests(t, probe, 400)
	pr := probe.Stop()
	assert.Zero(t, pr.Failed, "second HAProxy: %v", pr.FailureSamples)
	assert.InDelta(t, 0.5, pr.Share("v2"), 0.1, "second HAProxy's split at partial[1] (50%%): %s", pr.Split())
	t.Logf("FIGURE second agent's HAProxy at partial[1]: %s", pr.Split())

	// Freeze the second agent once the canary is scaled up: the CLI must
	// wait for its ack of the shift before draining the old release.
	r.waitStep("full-scale", 60*time.Second)
	require.NoError(t, second.cmd.Process.Signal(syscall.SIGSTOP))
	stopped := time.Now()
	shift := r.waitStep("shift", 30*time.Second)
	waitAgentRoutes(t, agentURL, shift.Generation, 10*time.Second)
	// The store drops an agent silent for its heartbeat TTL (10s): stay
	// well under it.
	for time.Since(stopped) < 5*time.Second {
		assert.Equal(t, "shift", r.routing().Step, "the CLI moved on while the second agent had not acked the shift")
		time.Sleep(100 * time.Millisecond) // sampling the step while the agent is frozen
	}
	require.NoError(t, second.cmd.Process.Signal(syscall.SIGCONT))

	code, out, errOut = dep.wait(t)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests during the rollout: %v", during.FailureSamples)
	assert.Zero(t, during.FailedByRelease["v1"], "failures from the stable release")
	final := r.waitApplied()
	waitAgentRoutes(t, agent2URL, final.Generation, 15*time.Second)
	t.Logf("FIGURE agent faults rollout: %d requests at %.0f/s, %d failed (%v)", during.Total, during.Rate(), during.Failed, during.Split())
}

// TestHAProxyRefusesReload: the lb agent restarted with a realm whose
// haproxy.template HAProxy refuses. The running configuration keeps
// serving, the agent reports the error, and a canary that needs a new
// backend fails with the reason instead of hanging.
func TestHAProxyRefusesReload(t *testing.T) {
	r := newRig(t, sandboxtest.Options{})
	r.manifest("", slowCanary)
	code, out, errOut := r.run(r.deployArgs("v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	rt := r.waitApplied()

	load := loadgen.Start(r.url, loadRate, nil)
	defer load.Stop()
	waitServed(t, load, "v1")
	before := load.Snapshot()
	worker := haproxyWorker(t, r.sb.AdminSocket)

	// The base the agent adopted, plus a line HAProxy refuses.
	base, err := os.ReadFile(r.sb.ConfigPath + ".base")
	require.NoError(t, err)
	bad := filepath.Join(r.dir, "bad-base.cfg")
	require.NoError(t, os.WriteFile(bad, append(base, []byte("\n    no-such-keyword here\n")...), 0o600))
	realmBad := r.realmVariant("realm-bad-template.yaml", map[string]any{"template": bad})

	agent := r.sb.Component(t, sandbox.CompAgent)
	killPID(t, agent)
	args := append([]string(nil), agent.Args...)
	for i := range args {
		if args[i] == r.sb.RealmFile {
			args[i] = realmBad
		}
	}
	startProc(t, filepath.Join(r.dir, "agent-bad.log"), nil, args...)
	// Registered first: a deploy starting while no agent is registered
	// carries on as if the realm had no load balancer (reported apart).
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := agentStatus(r.sb.AgentURL)
		if err == nil && st.Registered && st.LastError != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("restarted agent not registered with an error after 20s: %+v %v", st, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}

	// v2 needs a new backend, so a reload: HAProxy refuses it.
	start := time.Now()
	code, out, errOut = r.run(r.deployArgs("v2")...)
	took := time.Since(start)
	assert.Contains(t, []int{1, 4}, code, "deploy exit code\n%s\n%s", out, errOut)
	t.Logf("deploy v2 with HAProxy refusing the reload: exit %d after %s\n%s", code, took.Round(time.Second), tail(errOut, 10))

	st, err := agentStatus(r.sb.AgentURL)
	require.NoError(t, err)
	svcErr := st.Services["hello"].Error
	assert.True(t, st.LastError != "" || svcErr != "", "agent status reports no error: %+v", st)
	t.Logf("agent status: lastError=%q service error=%q", st.LastError, svcErr)
	metrics, err := getText(r.sb.AgentURL + "/metrics")
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^yodel_lb_\w*(error|fail)\w*(\{[^}]*\})? [1-9]`, metrics, "no error counter above 0 in /metrics")

	assert.Equal(t, worker, haproxyWorker(t, r.sb.AdminSocket), "HAProxy was reloaded")
	assert.GreaterOrEqual(t, rt.Generation, int64(1))
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	assert.Equal(t, []string{"v1"}, releases(during.ByRelease), "only the old configuration (v1) serves: %s", during.Split())
	t.Logf("FIGURE HAProxy refuses reload: %d requests, %d failed; deploy exit %d after %s", during.Total, during.Failed, code, took.Round(time.Second))
}
