package lb_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	lbsync "github.com/yodeldeploy/yodel/pkg/cmd/lb/sync"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// A canary whose steps last long enough to read HAProxy's weights in each.
const weightsCanary = `canary:
  instances: 1
  partial:
    steps: [10, 50]
    duration: 5s
    interval: 1s
    minRequests: 10
  drainTimeout: 5s
`

// TestAgentCommandInSandboxUnderLoad drives the `yodel lb run` the sandbox
// starts (the built binary, the realm `sandbox up` wrote) under 250
// requests/s through its HAProxy: deploy, scale 3 -> 6 -> 1 -> 3, a task
// killed, a task failing its health checks, a canary's weights, a second
// service added and destroyed, and `yodel lb sync --once` applying a
// change while no agent runs. After each change HAProxy's servers (`show
// servers state`) are exactly Marathon's healthy tasks; the master's
// reload count does not move for task churn and weight changes; no
// request fails. pkg/lb's integration tests prove the same agent logic
// in-process with inproc tasks; this is the command, its flags and realm
// and the sandbox wiring, with real task processes.
//
// It runs on plain Marathon (no TASK_KILLING: a killed task stays
// TASK_RUNNING until it is gone) with hello exiting at once on SIGTERM:
// every phase on 1.4, the task churn (scale, kill, health kill) on 1.10
// too, in a sandbox of its own (RELIABILITY.md, "which mode runs what").
func TestAgentCommandInSandboxUnderLoad(t *testing.T) {
	for _, m := range emutest.Modes {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel() // a sandbox each
			agentCommandUnderLoad(t, m, m.Version == emulator.Version14)
		})
	}
}

// agentCommandUnderLoad is the test on one Marathon; without all, only
// its task churn phases.
func agentCommandUnderLoad(t *testing.T, m emutest.Mode, all bool) {
	r := sandboxtest.NewRig(t, sandboxtest.Options{MarathonVersion: m.Version, DieOnTerm: true})
	agent := r.SB.Component(t, sandbox.CompAgent)
	require.Contains(t, strings.Join(agent.Args, " "), " lb run --realm "+r.SB.RealmFile, "the sandbox's agent is `yodel lb run`")

	load := r.DeployUnderLoad("v1", weightsCanary)
	h := &lbHarness{t: t, r: r, be: haproxy.BackendName("hello", r.Port)}
	stable := r.Routing().Stable
	h.waitServersAreHealthyTasks(stable, 3)
	reloads := h.masterReloads()
	worker := sandboxtest.HAProxyWorker(t, r.SB.AdminSocket)
	before := load.Snapshot()

	h.phase(load, "scale 3 -> 6 -> 1 -> 3", func(t *testing.T) {
		for _, n := range []int{6, 1, 3} {
			code, out, errOut := r.Run("scale", "hello", strconv.Itoa(n), "--realm", r.SB.RealmFile, "--timeout", "2m")
			require.Equal(t, 0, code, "scale to %d\n%s\n%s", n, out, errOut)
			h.waitServersAreHealthyTasks(stable, n)
		}
	})

	h.phase(load, "a killed task leaves, its replacement joins", func(t *testing.T) {
		victim := h.healthyTasks(stable)[0]
		h.fault("tasks/" + victim.id + "/kill")
		tasks := h.waitServersAreHealthyTasks(stable, 3, victim)
		assert.NotContains(t, taskIDs(tasks), victim.id)
	})

	h.phase(load, "a task failing its health checks leaves", func(t *testing.T) {
		sick := h.healthyTasks(stable)[1]
		h.fault("tasks/" + sick.id + "/fail-health")
		h.waitFor("the sick task out of HAProxy", func() bool {
			_, in := h.servers()[sick.addr]
			return !in
		})
		// Marathon kills it after 3 failed checks and starts another.
		tasks := h.waitServersAreHealthyTasks(stable, 3, sick)
		assert.NotContains(t, taskIDs(tasks), sick.id)
	})

	churn := load.Snapshot().Sub(before)
	assert.Equal(t, reloads, h.masterReloads(), "task churn reloaded HAProxy")
	assert.Equal(t, worker, sandboxtest.HAProxyWorker(t, r.SB.AdminSocket), "task churn replaced HAProxy's worker")
	t.Logf("FIGURE lb agent command, task churn: %d requests at %.0f/s, %d failed, %d reloads", churn.Total, churn.Rate(), churn.Failed, h.masterReloads()-reloads)
	finish := func() {
		during := load.Stop().Sub(before)
		t.Logf("FIGURE lb agent command in the sandbox: %d requests at %.0f/s, %d failed (%s); %d reloads in all",
			during.Total, during.Rate(), during.Failed, during.Split(), h.masterReloads()-reloads)
		assert.Zero(t, during.Failed, "failed requests: %v", load.Snapshot().FailureSamples)
		assert.GreaterOrEqual(t, during.Rate(), 200.0)
	}
	if !all {
		finish()
		return
	}

	h.phase(load, "canary weights change through the runtime API", func(t *testing.T) {
		dep := r.Start(r.DeployArgs("v2")...)
		var atPartial int
		steps := []string{"partial[0]", "partial[1]"}
		wants := []float64{0.10, 0.50}
		windows := make([]sandboxtest.Window, len(steps))
		for i, step := range steps {
			r.WaitStep(step, 60*time.Second)
			rt := r.WaitApplied()
			st := sandboxtest.WaitAgentRoutes(t, r.SB.AgentURL, rt.Generation, 15*time.Second)
			svc := st.Services["hello"]
			// HAProxy holds the weights the agent computed: each stable
			// server at StableWeight, the canary's at CanaryWeight.
			stableTasks, canaryTasks := h.healthyTasks(rt.Stable), h.healthyTasks(rt.Canary)
			srv := h.servers()
			require.Len(t, canaryTasks, 1)
			for _, tk := range stableTasks {
				assert.Equal(t, svc.StableWeight, srv[tk.addr].weight, "%s: stable server %s", step, tk.addr)
			}
			assert.Equal(t, svc.CanaryWeight, srv[canaryTasks[0].addr].weight, "%s: canary server", step)
			want := wants[i]
			got := float64(svc.CanaryWeight) / float64(svc.CanaryWeight+len(stableTasks)*svc.StableWeight)
			assert.InDelta(t, want, got, 0.01, "%s: the canary's share of the weights", step)
			// The requests sent while this step's weights are routed (about
			// 2s of the 5s step; a 10% share needs at least 216 to judge),
			// judged once they are all answered, after the steps.
			windows[i] = r.RoutedWindow(load, rt, 2*sandboxtest.LoadRate)
			t.Logf("FIGURE %s: weights stable %d × %d, canary %d", step, svc.StableWeight, len(stableTasks), svc.CanaryWeight)
			if i == 0 {
				atPartial = h.masterReloads()
			}
		}
		for i, w := range windows {
			split := w.Answers(load)
			sandboxtest.Share(t, split, "v2", wants[i], steps[i]+": the canary's share of the load")
		}
		assert.Equal(t, atPartial, h.masterReloads(), "a weight change reloaded HAProxy")
		code, out, errOut := dep.Wait(t)
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		stable = r.Routing().Stable
		h.waitServersAreHealthyTasks(stable, 3)
		assert.Equal(t, atPartial, h.masterReloads(), "the shift, drain and removal of the old release reloaded HAProxy")
	})

	h.phase(load, "a second service comes and goes", func(t *testing.T) {
		port := sandboxtest.FreeServicePort(t)
		m := sandboxtest.ReplaceOnce(t, r.Base, "service: hello\n", "service: hello2\n")
		m = sandboxtest.ReplaceOnce(t, m, fmt.Sprintf("servicePort: %d", r.Port), fmt.Sprintf("servicePort: %d", port))
		m = sandboxtest.ReplaceOnce(t, m, "instances: 3", "instances: 2")
		require.NoError(t, os.WriteFile(filepath.Join(r.Dir, "hello2.yaml"), []byte(m), 0o644))
		code, out, errOut := r.Run("deploy", "-f", "hello2.yaml", "--realm", r.SB.RealmFile, "--release", "w1", "--timeout", "2m")
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		// A new frontend is a structural change: one seamless reload.
		other := sandboxtest.StartLoad(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 50)
		defer other.Stop()
		sandboxtest.WaitRequests(t, other, 50)
		seen := other.Stop()
		assert.Zero(t, seen.Failed, "hello2: %v", seen.FailureSamples)
		assert.Equal(t, []string{"w1"}, sandboxtest.Releases(seen.ByRelease), seen.Split())

		code, out, errOut = r.Run("destroy", "hello2", "--realm", r.SB.RealmFile, "--yes")
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		be2 := haproxy.BackendName("hello2", port)
		h.waitFor("hello2's backend gone from HAProxy", func() bool {
			return !strings.Contains(sandboxtest.HAProxyExec(t, r.SB.AdminSocket, "show backend"), be2+"\n")
		})
		t.Logf("FIGURE second service added and removed: %d reloads", h.masterReloads()-reloads)
	})

	h.phase(load, "lb sync --once applies a change while no agent runs", func(t *testing.T) {
		rl := h.masterReloads()
		sandboxtest.KillPID(t, r.SB.Component(t, sandbox.CompAgent))
		code, out, errOut := r.Run("scale", "hello", "4", "--realm", r.SB.RealmFile, "--timeout", "2m")
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		tasks := h.healthyTasks(stable)
		require.Len(t, tasks, 4)
		assert.Len(t, h.servers(), 3, "nothing routes the fourth task while no agent runs")

		code, out, errOut = r.Run("lb", "sync", "--once", "--realm", r.SB.RealmFile, "-o", "json")
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		var res lbsync.Result
		require.NoError(t, json.Unmarshal([]byte(out), &res), out)
		assert.False(t, res.Reloaded, "adding a server is a runtime change")
		assert.Positive(t, res.RuntimeOps)
		require.Contains(t, res.Services, "hello")
		assert.Equal(t, []int{r.Port}, res.Services["hello"].Ports)
		assert.Equal(t, sortedAddrs(tasks), sortedKeys(h.servers()), "HAProxy's servers after sync --once")
		assert.Equal(t, rl, h.masterReloads())

		// Once more: nothing left to do.
		code, _, errOut = r.Run("lb", "sync", "--once", "--realm", r.SB.RealmFile)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, errOut, "0 runtime change(s), runtime API only, no reload")

		// The agent again, as the sandbox ran it: it adopts what is there.
		sandboxtest.StartProc(t, filepath.Join(r.Dir, "agent-again.log"), nil, agent.Args...)
		st := sandboxtest.WaitAgentRoutes(t, r.SB.AgentURL, r.Routing().Generation, 20*time.Second)
		assert.Zero(t, st.Reloads, "the restarted agent reloaded HAProxy")
		h.waitServersAreHealthyTasks(stable, 4)
	})

	finish()
}

// phase runs one change as a subtest and checks that no request failed
// meanwhile.
func (h *lbHarness) phase(load *loadgen.Load, name string, f func(t *testing.T)) {
	top := h.t
	top.Run(name, func(t *testing.T) {
		h.t, h.r.T = t, t
		defer func() { h.t, h.r.T = top, top }()
		before := load.Snapshot()
		f(t)
		d := load.Snapshot().Sub(before)
		t.Logf("FIGURE %s: %d requests, %d failed", name, d.Total, d.Failed)
		assert.Zero(t, d.Failed, "failed requests (the load's first failures: %v)", load.Snapshot().FailureSamples)
	})
}

type lbHarness struct {
	t  *testing.T
	r  *sandboxtest.Rig
	be string
}

type server struct {
	name      string
	op, admin int
	weight    int
}

var showServersHeader = regexp.MustCompile(`(?m)^# (be_id .*)$`)

// servers are the backend's servers HAProxy sends traffic to (running, not
// in maintenance or drain, weight above 0), by address.
func (h *lbHarness) servers() map[string]server {
	h.t.Helper()
	out := sandboxtest.HAProxyExec(h.t, h.r.SB.AdminSocket, "show servers state "+h.be)
	m := showServersHeader.FindStringSubmatch(out)
	require.NotNil(h.t, m, "show servers state %s:\n%s", h.be, out)
	col := map[string]int{}
	for i, c := range strings.Fields(m[1]) {
		col[c] = i
	}
	srv := map[string]server{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < len(col) || strings.HasPrefix(line, "#") {
			continue
		}
		num := func(k string) int { n, _ := strconv.Atoi(f[col[k]]); return n }
		s := server{name: f[col["srv_name"]], op: num("srv_op_state"), admin: num("srv_admin_state"), weight: num("srv_uweight")}
		if s.op == 2 && s.admin == 0 && s.weight > 0 {
			srv[f[col["srv_addr"]]+":"+f[col["srv_port"]]] = s
		}
	}
	return srv
}

func (h *lbHarness) masterReloads() int {
	h.t.Helper()
	out := sandboxtest.HAProxyMasterExec(h.t, h.r.SB.MasterSocket, "show proc")
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[1] == "master" {
			n, err := strconv.Atoi(f[2])
			require.NoError(h.t, err, line)
			return n
		}
	}
	h.t.Fatalf("no master line in show proc:\n%s", out)
	return 0
}

type task struct{ id, addr string }

// healthyTasks are app's running tasks whose health checks pass, as
// Marathon lists them.
func (h *lbHarness) healthyTasks(app string) []task {
	h.t.Helper()
	var v struct {
		Tasks []struct {
			ID                 string `json:"id"`
			Host               string `json:"host"`
			Ports              []int  `json:"ports"`
			State              string `json:"state"`
			HealthCheckResults []struct {
				Alive bool `json:"alive"`
			} `json:"healthCheckResults"`
		} `json:"tasks"`
	}
	require.NoError(h.t, sandboxtest.GetJSON(h.r.SB.MarathonURL+"/v2/apps"+app+"/tasks", &v))
	var out []task
	for _, tk := range v.Tasks {
		if tk.State != "" && tk.State != "TASK_RUNNING" || len(tk.Ports) == 0 {
			continue
		}
		alive := len(tk.HealthCheckResults) > 0
		for _, hc := range tk.HealthCheckResults {
			alive = alive && hc.Alive
		}
		if alive {
			out = append(out, task{id: tk.ID, addr: fmt.Sprintf("%s:%d", tk.Host, tk.Ports[0])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].addr < out[j].addr })
	return out
}

// waitServersAreHealthyTasks waits until app has n healthy tasks, none of
// them one of gone (tasks just killed: until Marathon notices, they are
// still the n healthy tasks), and HAProxy serves exactly those.
func (h *lbHarness) waitServersAreHealthyTasks(app string, n int, gone ...task) []task {
	h.t.Helper()
	var tasks []task
	var srv map[string]server
	h.waitFor(fmt.Sprintf("HAProxy serving exactly the %d healthy tasks of %s, without %v", n, app, taskIDs(gone)), func() bool {
		tasks, srv = h.healthyTasks(app), h.servers()
		for _, g := range gone {
			if slices.Contains(taskIDs(tasks), g.id) {
				return false
			}
		}
		return len(tasks) == n && slices.Equal(sortedAddrs(tasks), sortedKeys(srv))
	}, func() string { return fmt.Sprintf("tasks %v, HAProxy %v", sortedAddrs(tasks), sortedKeys(srv)) })
	return tasks
}

func (h *lbHarness) waitFor(what string, cond func() bool, state ...func() string) {
	h.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			msg := ""
			for _, s := range state {
				msg = s()
			}
			h.t.Fatalf("not true after 60s: %s %s", what, msg)
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

func (h *lbHarness) fault(path string) {
	h.t.Helper()
	resp, err := http.Post(h.r.SB.MarathonURL+"/_emulator/"+path, "application/json", nil)
	require.NoError(h.t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(h.t, http.StatusOK, resp.StatusCode, "POST /_emulator/%s: %s", path, body)
}

func taskIDs(ts []task) []string {
	var out []string
	for _, tk := range ts {
		out = append(out, tk.id)
	}
	return out
}

func sortedAddrs(ts []task) []string {
	var out []string
	for _, tk := range ts {
		out = append(out, tk.addr)
	}
	sort.Strings(out)
	return out
}

func sortedKeys(m map[string]server) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
