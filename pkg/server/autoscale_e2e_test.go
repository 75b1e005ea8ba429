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

	"github.com/yodeldeploy/yodel/pkg/autoscale"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The autoscale test's policy: a target of 10 requests per second per
// instance, between 2 and 8 instances (the machine has 2 cores).
const (
	autoscaleUp   = 10 * time.Second
	autoscaleDown = 20 * time.Second
	baseRate      = 15 // needs 2
	// 95 in all: needs 10, capped at max 8, so that a read of a busy
	// machine's load (the generators short by a quarter) or a read
	// spanning the rise (a count between, then 95 per instances outside
	// the 10% band) still ends at 8. At 75 a first read that spanned the
	// rise chose 7, and 75 req/s on 7 is inside the band: it stayed at 7.
	extraRate = 80
)

// TestAutoscaleUnderLoad: the real binary, HAProxy, lb agent and emulator.
// hello is deployed with autoscale {min 2, max 8, target 10/s}; under 15
// req/s the leader's autoscaler keeps it at 2. The load rises to 95 req/s:
// it scales hello up to 8 (its max); the load falls back: it scales down to 2, the
// removed tasks drained first. Each change has a history row (who: the
// autoscaler; why: the rate), /metrics has the autoscaler's figures, and
// no request fails.
func TestAutoscaleUnderLoad(t *testing.T) {
	t.Parallel()
	rig := sandboxtest.NewRig(t, sandboxtest.Options{})
	ctx := context.Background()
	m := sandboxtest.ReplaceOnce(t, rig.Base, "instances: 3\n", "instances: 2\n")
	rig.WriteManifest(m + fmt.Sprintf("autoscale:\n  min: 2\n  max: 8\n  targetRequestsPerTask: 10\n  scaleUpCooldown: %s\n  scaleDownCooldown: %s\n", autoscaleUp, autoscaleDown))
	code, out, errOut := rig.Deploy("v1")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	load := sandboxtest.StartLoad(t, rig.URL, baseRate)
	t.Cleanup(func() { load.Stop() })
	sandboxtest.WaitServed(t, load, "v1")
	appID := rig.Routing().Stable

	addr := startLeader(t, rig)

	// Steady at 2: the autoscaler measures 15 req/s (7.5 per instance:
	// below the band, but 2 is min) and changes nothing.
	waitMeasured(t, addr)
	assert.Equal(t, 2, wanted(t, rig, appID), "changed under a steady load its min serves")

	before := load.Snapshot()
	rose := time.Now()
	extra := sandboxtest.StartLoad(t, rig.URL, extraRate)
	t.Cleanup(func() { extra.Stop() })
	up := waitInstances(t, rig, appID, 8, 2*time.Minute)
	t.Logf("FIGURE autoscale up: load %d -> %d req/s; hello wanted 8 instances %s after the rise, 8 healthy %s after it (scaleUpCooldown %s, reads every 5s)",
		baseRate, baseRate+extraRate, up.wanted.Sub(rose).Round(100*time.Millisecond), up.healthy.Sub(rose).Round(100*time.Millisecond), autoscaleUp)

	extraRep := extra.Stop()
	fell := time.Now()
	down := waitInstances(t, rig, appID, 2, 2*time.Minute)
	t.Logf("FIGURE autoscale down: load %d -> %d req/s; hello wanted 2 instances %s after the fall (scaleDownCooldown %s)",
		baseRate+extraRate, baseRate, down.wanted.Sub(fell).Round(100*time.Millisecond), autoscaleDown)
	// The last read of the high load may end just before the fall: the
	// window of needs starts at most one read (5s) before it.
	assert.GreaterOrEqual(t, down.wanted.Sub(fell), autoscaleDown-autoscale.DefaultInterval, "scaled down before the load had been low for scaleDownCooldown")

	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests of the base load: %v", during.FailureSamples)
	assert.Zero(t, extraRep.Failed, "failed requests of the extra load: %v", extraRep.FailureSamples)
	assert.Positive(t, extraRep.Total)
	t.Logf("FIGURE autoscale 2 -> 8 -> 2: %d + %d requests, %d failed", during.Total, extraRep.Total, during.Failed+extraRep.Failed)

	// The history: the autoscaler's rows, who and why: 2 -> 8 (in one step
	// unless the first read spanned the rise), then down to 2 in one step
	// or more (a read that spans the fall needs a count between, which the
	// window then holds for scaleDownCooldown).
	var rows []state.Record
	require.Eventually(t, func() bool {
		h, err := rig.Store.History(ctx, "hello", 20)
		rows = nil
		for _, r := range h {
			if strings.HasPrefix(r.Strategy, "autoscale ") {
				rows = append([]state.Record{r}, rows...) // oldest first
			}
		}
		return err == nil && len(rows) >= 2 && strings.HasSuffix(rows[len(rows)-1].Strategy, "->2") && rows[len(rows)-1].Outcome != state.OutcomeInProgress
	}, 30*time.Second, 100*time.Millisecond, "no autoscale rows down to 2: %+v", rows)
	from, ups, rising := 2, 0, true
	for _, r := range rows {
		var a, b int
		_, err := fmt.Sscanf(r.Strategy, "autoscale %d->%d", &a, &b)
		require.NoError(t, err, r.Strategy)
		assert.Equal(t, from, a, "each step starts where the last ended: %s", r.Strategy)
		if rising {
			assert.Greater(t, b, a, "only up until 8: %s", r.Strategy)
			ups++
			rising = b < 8
		} else {
			assert.Less(t, b, a, "only down after the rise: %s", r.Strategy)
		}
		from = b
		assert.Equal(t, "autoscaler", r.User)
		assert.Contains(t, r.Command, "(autoscaler)")
		assert.Equal(t, state.OutcomeSucceeded, r.Outcome)
		assert.Equal(t, "v1", r.Release)
		require.NotEmpty(t, r.Steps)
		assert.Contains(t, r.Steps[len(r.Steps)-1].Message, "req/s")
	}
	assert.False(t, rising, "never rose to 8: %+v", rows)
	t.Logf("FIGURE autoscale up in %d step(s), down in %d", ups, len(rows)-ups)
	var metrics string
	require.Eventually(t, func() bool {
		var err error
		metrics, err = sandboxtest.GetText("http://" + addr + "/metrics")
		return err == nil && strings.Contains(metrics, `yodel_autoscale_instances{service="hello"} 2`+"\n")
	}, 30*time.Second, 100*time.Millisecond, "the metrics never showed 2 instances")
	assert.Contains(t, metrics, fmt.Sprintf(`yodel_autoscale_changes_total{direction="up",outcome="done",service="hello"} %d`, ups))
	assert.Contains(t, metrics, fmt.Sprintf(`yodel_autoscale_changes_total{direction="down",outcome="done",service="hello"} %d`, len(rows)-ups))
}

// startLeader starts the binary's `yodel server` for the rig's realm and
// waits until it leads; it returns the server's address.
func startLeader(t *testing.T, rig *sandboxtest.Rig) string {
	t.Helper()
	addr := sandboxtest.FreeAddr(t)
	raw, err := os.ReadFile(rig.SB.RealmFile)
	require.NoError(t, err)
	realmFile := filepath.Join(t.TempDir(), "local.yaml")
	require.NoError(t, os.WriteFile(realmFile, append(raw, fmt.Appendf(nil, "server:\n  url: http://%s\n", addr)...), 0o600))
	logPath := filepath.Join(t.TempDir(), "server.log")
	sandboxtest.StartProc(t, logPath, nil, rig.SB.Bin, "server", "--realm", realmFile, "--listen", addr)
	require.Eventually(t, func() bool {
		var h server.Health
		return sandboxtest.GetJSON("http://"+addr+"/healthz", &h) == nil && h.Leader
	}, 30*time.Second, 50*time.Millisecond, "the server never led")
	return addr
}

// waitMeasured waits until the autoscaler has measured hello's rate.
func waitMeasured(t *testing.T, addr string) {
	t.Helper()
	require.Eventually(t, func() bool {
		m, err := sandboxtest.GetText("http://" + addr + "/metrics")
		return err == nil && strings.Contains(m, `yodel_autoscale_request_rate{service="hello"}`)
	}, time.Minute, 100*time.Millisecond, "the autoscaler never measured hello")
}

type reached struct{ wanted, healthy time.Time }

// waitInstances waits until appID wants n instances and has n healthy
// tasks, and says when each happened (polled every 100ms).
func waitInstances(t *testing.T, rig *sandboxtest.Rig, appID string, n int, within time.Duration) reached {
	t.Helper()
	r, _ := waitSettled(t, rig, appID, func(w int) bool { return w == n }, within, fmt.Sprintf("%d", n))
	return r
}

// waitSettled waits until appID wants a count ok accepts and has that many
// healthy tasks; it says when each happened and the count.
func waitSettled(t *testing.T, rig *sandboxtest.Rig, appID string, ok func(int) bool, within time.Duration, what string) (reached, int) {
	t.Helper()
	var r reached
	var last marathon.App
	if !assert.Eventually(t, func() bool {
		var body struct{ App marathon.App }
		if sandboxtest.GetJSON(rig.SB.MarathonURL+"/v2/apps"+appID+"?embed=app.tasks", &body) != nil {
			return false
		}
		last = body.App
		w := last.WantedInstances()
		if r.wanted.IsZero() && ok(w) {
			r.wanted = time.Now()
		}
		if !r.wanted.IsZero() && ok(w) && healthy(&last) == w && len(last.Tasks) == w {
			r.healthy = time.Now()
			return true
		}
		return false
	}, within, 100*time.Millisecond) {
		// After the wait: Eventually's message arguments are read before it.
		t.Fatalf("%s never reached %s healthy instances: wants %d, %d tasks, %d healthy", appID, what, last.WantedInstances(), len(last.Tasks), healthy(&last))
	}
	return r, last.WantedInstances()
}

func healthy(a *marathon.App) int {
	n := 0
	for _, t := range a.Tasks {
		if t != nil && a.TaskHealthy(t) {
			n++
		}
	}
	return n
}

func wanted(t *testing.T, rig *sandboxtest.Rig, appID string) int {
	t.Helper()
	var body struct{ App marathon.App }
	require.NoError(t, sandboxtest.GetJSON(rig.SB.MarathonURL+"/v2/apps"+appID, &body))
	return body.App.WantedInstances()
}
