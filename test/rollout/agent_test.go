package rollout

import (
	"encoding/csv"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/third_party/yaml"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/stattest"
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
	r.T.Helper()
	b, err := os.ReadFile(r.SB.RealmFile)
	require.NoError(r.T, err)
	var m map[string]any
	require.NoError(r.T, yaml.Unmarshal(b, &m))
	hx, _ := m["haproxy"].(map[string]any)
	require.NotNil(r.T, hx, "sandbox realm has no haproxy section")
	for k, v := range haproxy {
		hx[k] = v
	}
	out, err := yaml.Marshal(m)
	require.NoError(r.T, err)
	path := filepath.Join(r.Dir, name)
	require.NoError(r.T, os.WriteFile(path, out, 0o600))
	return path
}

// TestAgentKilledAndSecondAgentJoinMidCanary: the sandbox's lb agent is
// killed -9 during partial[0] and started again; HAProxy serves on without
// it, and the new agent converges without reloading HAProxy. A second
// agent, with its own HAProxy sharing the service port (SO_REUSEPORT, as
// two LB hosts would take a share of the clients each), joins during the
// rollout; frozen (SIGSTOP) while the canary shifts, it holds the CLI back
// until it acks; both HAProxies serve the same split. The rollout
// completes; no request fails.
func TestAgentKilledAndSecondAgentJoinMidCanary(t *testing.T) {
	t.Parallel() // each in a sandbox of its own; the rig slots bound how many run at once
	r := newRig(t, sandboxtest.Options{})
	r.Manifest("", slowCanary)

	// Tests bind only 127.0.0.1: the two HAProxies share the service port,
	// which needs SO_REUSEPORT on both, so the sandbox's agent is restarted
	// before any service with a base template without noreuseport.
	base, err := os.ReadFile(r.SB.ConfigPath + ".base")
	require.NoError(t, err)
	require.Contains(t, string(base), "    noreuseport\n", "the sandbox base no longer says noreuseport: adapt this test")
	shared := filepath.Join(r.Dir, "shared-base.cfg")
	require.NoError(t, os.WriteFile(shared, []byte(strings.Replace(string(base), "    noreuseport\n", "", 1)), 0o600))
	// Its own leased port: the agent restarts on it below, and the
	// sandbox's port (picked by binding :0) can meanwhile be taken by any
	// outgoing connection of the machine.
	agentAddr := sandboxtest.FreeAddr(t)
	realm1 := r.realmVariant("realm-reuseport.yaml", map[string]any{"template": shared, "agentListen": agentAddr})
	agent := r.SB.Component(t, sandbox.CompAgent)
	sandboxtest.KillPID(t, agent)
	args := append([]string(nil), agent.Args...)
	for i := range args {
		if args[i] == r.SB.RealmFile {
			args[i] = realm1
		}
	}
	first := sandboxtest.StartProc(t, filepath.Join(r.Dir, "agent-reuseport.log"), nil, args...)
	agentURL := "http://" + agentAddr
	waitRegistered(t, agentURL)

	code, out, errOut := r.Run(r.DeployArgs("v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)

	load := sandboxtest.StartLoad(t, r.URL, loadRate)
	defer load.Stop()
	before := load.Snapshot()

	dep := r.Start(r.DeployArgs("v2")...)
	r.WaitStep("partial[0]", 60*time.Second)
	rt := r.WaitApplied()
	sandboxtest.WaitServed(t, load, "v2")
	worker := sandboxtest.HAProxyWorker(t, r.SB.AdminSocket)

	// Kill -9 the agent; HAProxy serves alone for a while.
	require.NoError(t, syscall.Kill(first.Cmd.Process.Pid, syscall.SIGKILL))
	<-first.Done
	gone := load.Snapshot()
	sandboxtest.WaitRequests(t, load, loadRate) // about a second without an agent
	alone := load.Snapshot().Sub(gone)
	assert.Zero(t, alone.Failed, "failed while no agent ran: %v", alone.FailureSamples)

	// The same agent again (same realm, address and so id).
	sandboxtest.StartProc(t, filepath.Join(r.Dir, "agent-restarted.log"), nil, args...)
	st := sandboxtest.WaitAgentRoutes(t, agentURL, rt.Generation, 20*time.Second)
	assert.Zero(t, st.Reloads, "the restarted agent reloaded HAProxy although nothing had changed")
	assert.Equal(t, worker, sandboxtest.HAProxyWorker(t, r.SB.AdminSocket), "HAProxy's worker changed: it was reloaded")
	t.Logf("FIGURE agent kill -9 at partial[0]: %d requests while no agent ran, %d failed; restarted agent: %d reloads",
		alone.Total, alone.Failed, st.Reloads)

	// A second agent with its own HAProxy on the same address and port.
	hx2 := haproxytest.Start(t, haproxytest.Options{})
	agent2Addr := sandboxtest.FreeAddr(t)
	// Its base: the same, with its own runtime API, state file and stats port.
	base2 := strings.ReplaceAll(strings.Replace(string(base), "    noreuseport\n", "", 1), r.SB.AdminSocket, hx2.SocketPath)
	base2 = strings.ReplaceAll(base2, filepath.Join(filepath.Dir(r.SB.AdminSocket), "server-state"), filepath.Join(filepath.Dir(hx2.SocketPath), "server-state"))
	base2 = regexp.MustCompile(`(?m)^(\s+bind )127\.0\.0\.1:\d+$`).ReplaceAllString(base2, "${1}"+sandboxtest.FreeAddr(t))
	shared2 := filepath.Join(r.Dir, "second-base.cfg")
	require.NoError(t, os.WriteFile(shared2, []byte(base2), 0o600))
	realm2 := r.realmVariant("realm-second.yaml", map[string]any{
		"template": shared2, "configPath": hx2.ConfigPath, "socketPath": hx2.SocketPath,
		"masterSocketPath": hx2.MasterSocketPath, "agentListen": agent2Addr,
	})
	second := sandboxtest.StartProc(t, filepath.Join(r.Dir, "agent-second.log"), nil,
		r.SB.Bin, "lb", "run", "--realm", realm2, "--id", "second")
	agent2URL := "http://" + agent2Addr

	// Both route partial[1] with the same weights, and the second one's
	// HAProxy, taking its share of the load's connections, splits like
	// the first: read from its own counters.
	r.WaitStep("partial[1]", 60*time.Second)
	rt = r.WaitApplied()
	s1 := sandboxtest.WaitAgentRoutes(t, agentURL, rt.Generation, 15*time.Second)
	s2 := sandboxtest.WaitAgentRoutes(t, agent2URL, rt.Generation, 15*time.Second)
	assert.Equal(t, s1.Services["hello"].StableWeight, s2.Services["hello"].StableWeight)
	assert.Equal(t, s1.Services["hello"].CanaryWeight, s2.Services["hello"].CanaryWeight)
	be := haproxy.BackendName("hello", r.Port)
	w1, w2 := serverWeights(showStat(t, r.SB.AdminSocket, be)), serverWeights(showStat(t, hx2.SocketPath, be))
	assert.Equal(t, w1, w2, "server weights of %s differ between the two HAProxies", be)
	canaryPrefix := haproxy.ServerName(strings.ReplaceAll(strings.TrimPrefix(rt.Canary, "/"), "/", ".") + ".")
	// The second HAProxy's requests while partial[1] is routed, until it
	// has served 200. Its share of the load's connections is the kernel's
	// (SO_REUSEPORT hashing): about half, but once only 18 of 500 in a busy
	// run, so the window is counted in its requests, not the load's; a
	// step that ends first leaves stattest a sample too small to judge.
	startStats := showStat(t, hx2.SocketPath, be)
	var canaryReqs, total int64
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		st := showStat(t, hx2.SocketPath, be)
		if !r.Routed(rt) {
			break
		}
		if canaryReqs, total = statDelta(startStats, st, canaryPrefix); total >= 200 {
			break
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
	share := float64(canaryReqs) / float64(total)
	stattest.Share(t, int(canaryReqs), int(total), 0.5, "second HAProxy's split at partial[1] (50%), to "+canaryPrefix+"*")
	t.Logf("FIGURE second agent's HAProxy at partial[1]: %d requests, %.0f%% canary", total, 100*share)

	// Freeze the second agent once the canary is scaled up: the CLI must
	// wait for its ack of the shift before draining the old release.
	r.WaitStep("full-scale", 60*time.Second)
	require.NoError(t, second.Cmd.Process.Signal(syscall.SIGSTOP))
	stopped := time.Now()
	shift := r.WaitStep("shift", 30*time.Second)
	sandboxtest.WaitAgentRoutes(t, agentURL, shift.Generation, 10*time.Second)
	// The store drops an agent silent for its heartbeat TTL (10s): stay
	// well under it.
	for time.Since(stopped) < 5*time.Second {
		assert.Equal(t, "shift", r.Routing().Step, "the CLI moved on while the second agent had not acked the shift")
		time.Sleep(100 * time.Millisecond) // sampling the step while the agent is frozen
	}
	require.NoError(t, second.Cmd.Process.Signal(syscall.SIGCONT))

	code, out, errOut = dep.Wait(t)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests during the rollout: %v", during.FailureSamples)
	assert.Zero(t, during.FailedByRelease["v1"], "failures from the stable release")
	final := r.WaitApplied()
	sandboxtest.WaitAgentRoutes(t, agent2URL, final.Generation, 15*time.Second)
	t.Logf("FIGURE agent faults rollout: %d requests at %.0f/s, %d failed (%v)", during.Total, during.Rate(), during.Failed, during.Split())
}

// waitRegistered waits until the agent at url is registered in the store.
func waitRegistered(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := sandboxtest.AgentStatus(url)
		if err == nil && st.Registered {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("agent %s not registered after 20s: %+v %v", url, st, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
}

// srvStat is one server row of `show stat`.
type srvStat struct {
	weight   int
	requests int64 // req_tot, or stot where HAProxy leaves req_tot empty
}

// showStat reads backend's server rows from `show stat` on sock.
func showStat(t *testing.T, sock, backend string) map[string]srvStat {
	t.Helper()
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	require.NoError(t, err)
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	_, err = c.Write([]byte("show stat\n"))
	require.NoError(t, err)
	b, err := io.ReadAll(c)
	require.NoError(t, err)
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "# ")))
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	require.NoError(t, err, "show stat on %s", sock)
	require.NotEmpty(t, rows, "show stat on %s", sock)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	get := func(row []string, k string) string {
		if i, ok := col[k]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	out := map[string]srvStat{}
	for _, row := range rows[1:] {
		name := get(row, "svname")
		if get(row, "pxname") != backend || name == "FRONTEND" || name == "BACKEND" {
			continue
		}
		w, _ := strconv.Atoi(get(row, "weight"))
		req := get(row, "req_tot")
		if req == "" {
			req = get(row, "stot")
		}
		n, _ := strconv.ParseInt(req, 10, 64)
		out[name] = srvStat{weight: w, requests: n}
	}
	require.NotEmpty(t, out, "no servers of %s in show stat on %s", backend, sock)
	return out
}

func serverWeights(m map[string]srvStat) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v.weight
	}
	return out
}

// statDelta adds up the requests servers received between two readings:
// those named with prefix, and all.
func statDelta(before, after map[string]srvStat, prefix string) (matched, total int64) {
	for name, a := range after {
		d := a.requests - before[name].requests
		total += d
		if strings.HasPrefix(name, prefix) {
			matched += d
		}
	}
	return matched, total
}

// TestHAProxyRefusesReload: the lb agent restarted with a realm whose
// haproxy.template HAProxy refuses. The running configuration keeps
// serving, the agent reports the error, and a canary that needs a new
// backend fails with the reason instead of hanging.
func TestHAProxyRefusesReload(t *testing.T) {
	t.Parallel() // each in a sandbox of its own; the rig slots bound how many run at once
	r := newRig(t, sandboxtest.Options{})
	r.Manifest("", slowCanary)
	code, out, errOut := r.Run(r.DeployArgs("v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	rt := r.WaitApplied()

	load := sandboxtest.StartLoad(t, r.URL, loadRate)
	defer load.Stop()
	sandboxtest.WaitServed(t, load, "v1")
	before := load.Snapshot()
	worker := sandboxtest.HAProxyWorker(t, r.SB.AdminSocket)

	// The base the agent adopted, plus a line HAProxy refuses.
	base, err := os.ReadFile(r.SB.ConfigPath + ".base")
	require.NoError(t, err)
	bad := filepath.Join(r.Dir, "bad-base.cfg")
	require.NoError(t, os.WriteFile(bad, append(base, []byte("\n    no-such-keyword here\n")...), 0o600))
	realmBad := r.realmVariant("realm-bad-template.yaml", map[string]any{"template": bad})

	agent := r.SB.Component(t, sandbox.CompAgent)
	sandboxtest.KillPID(t, agent)
	args := append([]string(nil), agent.Args...)
	for i := range args {
		if args[i] == r.SB.RealmFile {
			args[i] = realmBad
		}
	}
	sandboxtest.StartProc(t, filepath.Join(r.Dir, "agent-bad.log"), nil, args...)
	// Registered first: a deploy starting while no agent is registered
	// carries on as if the realm had no load balancer (reported apart).
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
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
	code, out, errOut = r.Run(r.DeployArgs("v2")...)
	took := time.Since(start)
	assert.Contains(t, []int{1, 4}, code, "deploy exit code\n%s\n%s", out, errOut)
	t.Logf("deploy v2 with HAProxy refusing the reload: exit %d after %s\n%s", code, took.Round(time.Second), sandboxtest.Tail(errOut, 10))

	st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
	require.NoError(t, err)
	svcErr := st.Services["hello"].Error
	assert.True(t, st.LastError != "" || svcErr != "", "agent status reports no error: %+v", st)
	t.Logf("agent status: lastError=%q service error=%q", st.LastError, svcErr)
	metrics, err := sandboxtest.GetText(r.SB.AgentURL + "/metrics")
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^yodel_lb_\w*(error|fail)\w*(\{[^}]*\})? [1-9]`, metrics, "no error counter above 0 in /metrics")

	assert.Equal(t, worker, sandboxtest.HAProxyWorker(t, r.SB.AdminSocket), "HAProxy was reloaded")
	assert.GreaterOrEqual(t, rt.Generation, int64(1))
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	assert.Equal(t, []string{"v1"}, sandboxtest.Releases(during.ByRelease), "only the old configuration (v1) serves: %s", during.Split())
	t.Logf("FIGURE HAProxy refuses reload: %d requests, %d failed; deploy exit %d after %s", during.Total, during.Failed, code, took.Round(time.Second))
}
