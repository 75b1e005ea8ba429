package server_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// TestAutoscale3To3000AndBack is the "from 3 to 3000 dynamically":
// the real binary server, HAProxy, lb agent and emulator (in-process
// tasks: 3000 processes do not fit two cores). hello is deployed with
// autoscale {min 3, max 3000, target 0.08 req/s per task}. Under 250
// req/s the autoscaler wants ceil(250/0.08) = 3125, clamped to 3000; when
// the load falls to 20 req/s it wants about 250 (the rate as read), and
// with none 3. No request
// fails, the scale-down's removed tasks drained first.
//
// About five minutes and a host-port range of 3200: run by hand,
//
//	YODEL_AUTOSCALE_3000=1 go test -count=1 -run TestAutoscale3To3000AndBack -v -timeout 20m ./pkg/server
//
// troughRate is the load the scale-down from 3000 serves.
const troughRate = 20

func TestAutoscale3To3000AndBack(t *testing.T) {
	if os.Getenv("YODEL_AUTOSCALE_3000") == "" {
		t.Skip("3000 tasks: set YODEL_AUTOSCALE_3000=1 (see the comment)")
	}
	sandboxtest.ScaleSlot(t)
	rig := sandboxtest.NewRig(t, sandboxtest.Options{Executor: "inproc", Ports: 3200})
	ctx := context.Background()
	// 3000 health checks a second (hello's 1 s interval) time some out on
	// a busy machine; every 5 s with 5 s to answer is about the scale.
	m := sandboxtest.ReplaceOnce(t, rig.Base, "intervalSeconds: 1\n  timeoutSeconds: 1\n", "intervalSeconds: 5\n  timeoutSeconds: 5\n")
	rig.WriteManifest(m + "autoscale:\n  min: 3\n  max: 3000\n  targetRequestsPerTask: 0.08\n  scaleUpCooldown: 10s\n  scaleDownCooldown: 20s\n")
	code, out, errOut := rig.Deploy("v1")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	appID := rig.Routing().Stable
	require.Equal(t, 3, wanted(t, rig, appID))
	addr := startLeader(t, rig)

	rose := time.Now()
	load := sandboxtest.StartLoad(t, rig.URL, sandboxtest.LoadRate)
	t.Cleanup(func() { load.Stop() })
	up := waitInstances(t, rig, appID, 3000, 5*time.Minute)
	t.Logf("FIGURE autoscale 3 -> 3000: load 0 -> %d req/s; wanted 3000 %s after the rise, 3000 healthy %s after it",
		sandboxtest.LoadRate, up.wanted.Sub(rose).Round(100*time.Millisecond), up.healthy.Sub(rose).Round(100*time.Millisecond))
	waitMeasured(t, addr)

	// The fall: a load of 20 req/s, which the autoscaler sizes for (about
	// 250), runs from before the big load stops until it has scaled down.
	probe := sandboxtest.StartLoad(t, rig.URL, troughRate)
	t.Cleanup(func() { probe.Stop() })
	upRep := load.Stop()
	fell := time.Now()
	down, n := waitSettled(t, rig, appID, func(w int) bool { return w > 3 && w <= 400 }, 5*time.Minute, "4-400")
	t.Logf("FIGURE autoscale 3000 -> %d: load %d -> %d req/s; wanted %d %s after the fall, its tasks all that is left %s after it",
		n, sandboxtest.LoadRate, troughRate, n, down.wanted.Sub(fell).Round(100*time.Millisecond), down.healthy.Sub(fell).Round(100*time.Millisecond))
	probeRep := probe.Stop()
	stopped := time.Now()
	back := waitInstances(t, rig, appID, 3, 5*time.Minute)
	t.Logf("FIGURE autoscale %d -> 3: load %d -> 0 req/s; wanted 3 %s after", n, troughRate, back.wanted.Sub(stopped).Round(100*time.Millisecond))

	t.Logf("FIGURE autoscale 3 -> 3000 -> fewer: %d requests (%d failed) up, %d (%d failed) down", upRep.Total, upRep.Failed, probeRep.Total, probeRep.Failed)
	assert.Zero(t, upRep.Failed, "failed requests while scaling up: %v", upRep.FailureSamples)
	assert.Zero(t, probeRep.Failed, "failed requests while scaling down: %v", probeRep.FailureSamples)
	assert.Positive(t, probeRep.Total)

	// The history: up to 3000 (in more than one step when the first read
	// spans the rise: its average rate needs fewer), then only down, to 3.
	h, err := rig.Store.History(ctx, "hello", 20)
	require.NoError(t, err)
	var changes []string
	peak, from, rising := 3, 3, true
	for i := len(h) - 1; i >= 0; i-- { // oldest first
		r := h[i]
		if !strings.HasPrefix(r.Strategy, "autoscale ") {
			continue
		}
		changes = append(changes, r.Strategy)
		assert.Equal(t, state.OutcomeSucceeded, r.Outcome, r.Strategy)
		var a, b int
		_, err := fmt.Sscanf(r.Strategy, "autoscale %d->%d", &a, &b)
		require.NoError(t, err, r.Strategy)
		assert.Equal(t, from, a, "each change starts where the last ended: %v", changes)
		if b < a {
			rising = false
		}
		assert.True(t, rising || b < a, "up again after going down: %v", changes)
		from, peak = b, max(peak, b)
	}
	t.Logf("FIGURE autoscale changes: %v", changes)
	assert.Equal(t, 3000, peak, "up to max: %v", changes)
	assert.Equal(t, 3, from, "ends at min: %v", changes)
}
