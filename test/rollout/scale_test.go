package rollout

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

var serversRe = regexp.MustCompile(`(?m)^yodel_lb_servers (\d+)$`)

// routedServers is the agent's yodel_lb_servers gauge.
func routedServers(agentURL string) (int, error) {
	m, err := sandboxtest.GetText(agentURL + "/metrics")
	if err != nil {
		return 0, err
	}
	sm := serversRe.FindStringSubmatch(m)
	if sm == nil {
		return 0, fmt.Errorf("no yodel_lb_servers in /metrics")
	}
	return strconv.Atoi(sm[1])
}

// rssKiB is VmRSS of pid.
func rssKiB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return -1
}

// TestScaleTo3000AndBack scales hello from 3 to 3000 inproc tasks (the
// realm's limit) and back under load through HAProxy, with the real binary
// and sandbox: yodel scale and yodel status report every instance healthy,
// the lb agent routes all of them, no request fails. It logs the figures
// of BENCHMARKS.md ("Scaling to 3000") and is not part of the default run:
//
//	YODEL_SCALE_E2E=1 go test -run TestScaleTo3000AndBack -v ./test/rollout
//
// On two cores that the rest of the suite and two busy loops keep busy,
// one emulator process serving 3000 tasks, HAProxy checking 3000 servers
// and the agent syncing them measure the machine: the agent's runtime
// batch of 2997 drains outlasted its 30 s socket deadline and the kill
// its 10 s client timeout. The default run keeps the scale itself
// (pkg/cmd/scale: TestSandboxScaleTo3000 through the binary and sandbox,
// TestScaleUpToThousandsAndDown in process) and the kill's exactness
// (pkg/drain: TestScaleDownPicksAgainWhenAVictimWasReplaced).
func TestScaleTo3000AndBack(t *testing.T) {
	if os.Getenv("YODEL_SCALE_E2E") == "" {
		t.Skip("set YODEL_SCALE_E2E=1 (a benchmark: BENCHMARKS.md, \"Scaling to 3000\")")
	}
	sandboxtest.ScaleSlot(t)
	r := newRig(t, sandboxtest.Options{Executor: "inproc", Ports: 3200})
	// The emulator runs every task's health check in its own process:
	// 3000 checks a second (hello's 1 s interval and timeout) on a busy
	// machine time some out, and the scale-up was rolled back for tasks
	// that were fine. Every 5 s with 5 s to answer keeps it about the scale.
	r.Base = sandboxtest.ReplaceOnce(t, r.Base, "intervalSeconds: 1\n  timeoutSeconds: 1\n", "intervalSeconds: 5\n  timeoutSeconds: 5\n")
	r.Manifest("", slowCanary)
	code, out, errOut := r.Run(r.DeployArgs("v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	agent := r.SB.Component(t, sandbox.CompAgent)

	load := sandboxtest.StartLoad(t, r.URL, loadRate)
	defer load.Stop()
	// inproc tasks name their release by the Marathon app version, not v1:
	// whatever it is, one release answers throughout.
	sandboxtest.WaitRequests(t, load, loadRate)
	before := load.Snapshot()
	rss0 := rssKiB(agent.PID)

	scaleTo := func(n int) (healthy, routed time.Duration) {
		start := time.Now()
		code, out, errOut := r.Run("scale", "hello", strconv.Itoa(n), "--realm", r.SB.RealmFile, "--timeout", "5m", "-o", "json")
		require.Equal(t, 0, code, "scale to %d\n%s\n%s", n, out, errOut)
		healthy = time.Since(start)
		var res struct {
			From, To int
			Outcome  string
			Progress struct{ Healthy int }
		}
		require.NoError(t, json.Unmarshal([]byte(out), &res), out)
		assert.Equal(t, n, res.To, out)
		assert.Equal(t, n, res.Progress.Healthy, "%s\n%s", out, errOut)
		// yodel status agrees with the scale's own report.
		scaleErr := errOut
		code, out, errOut = r.Run("status", "hello", "--realm", r.SB.RealmFile, "-o", "json")
		require.Equal(t, 0, code, errOut)
		var rows []struct{ Healthy, Running, Wanted int }
		require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
		require.Len(t, rows, 1, out)
		assert.Equal(t, n, rows[0].Healthy, out)
		assert.Equal(t, n, rows[0].Wanted, "%s\nyodel scale said:\n%s", out, scaleErr)
		deadline := time.Now().Add(2 * time.Minute)
		for {
			got, err := routedServers(r.SB.AgentURL)
			if err == nil && got == n {
				return healthy, time.Since(start)
			}
			if time.Now().After(deadline) {
				t.Fatalf("agent routes %d servers (%v) 2m after scaling to %d", got, err, n)
			}
			time.Sleep(50 * time.Millisecond) // polling a condition
		}
	}
	upHealthy, upRouted := scaleTo(3000)
	rssUp := rssKiB(agent.PID)
	mid := load.Snapshot()
	downHealthy, downRouted := scaleTo(3)
	rssDown := rssKiB(agent.PID)
	// The killed tasks drain for their kill grace period: count the
	// requests until the last of them has stopped, when a task that closed
	// too early would have failed some.
	deadline := time.Now().Add(time.Minute)
	for {
		var app struct {
			App struct {
				Tasks []json.RawMessage `json:"tasks"`
			} `json:"app"`
		}
		err := sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps/hello-blue?embed=app.tasks", &app)
		if err == nil && len(app.App.Tasks) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Marathon lists %d tasks (%v) 1m after scaling to 3", len(app.App.Tasks), err)
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
	end := load.Snapshot()

	up, down := mid.Sub(before), end.Sub(mid)
	t.Logf("FIGURE scale 3 -> 3000: scale command %s, routed after %s; 3000 -> 3: %s, routed after %s; agent RSS %d MiB -> %d MiB at 3000 -> %d MiB back at 3; "+
		"up: %d requests, %d failed; down: %d requests, %d failed %v",
		upHealthy.Round(time.Millisecond), upRouted.Round(time.Millisecond), downHealthy.Round(time.Millisecond), downRouted.Round(time.Millisecond),
		rss0/1024, rssUp/1024, rssDown/1024, up.Total, up.Failed, down.Total, down.Failed, end.FailureSamples)
	assert.Zero(t, up.Failed, "failed requests while scaling up: %v", end.FailureSamples)
	assert.NotEmpty(t, sandboxtest.Releases(end.Sub(before).ByRelease))
	// Killed tasks leave HAProxy on TASK_KILLING and keep serving for part
	// of their kill grace period, so scaling down fails nothing.
	assert.Zero(t, down.Failed, "failed requests while scaling down: %v", end.FailureSamples)
}
