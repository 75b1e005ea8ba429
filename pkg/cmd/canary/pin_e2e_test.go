package canary_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// pinnedRequests are the requests forced to each track per phase: 1000
// with the canary header (BENCHMARKS.md: 100% to the pinned track over
// 1000 requests), fewer for the other three ways.
const pinnedRequests = 1000

// forcedToATrack: while the load runs through every phase of a rollout,
// requests carrying the canary header or cookie reach the canary alone,
// and those forced to stable reach the stable release alone: isolated
// (waiting at the partial gate), partial at 50% (waiting at the full
// gate), and after the rollout (no canary: the new stable answers both).
func forcedToATrack(t *testing.T, e *sandboxtest.Rig, load *loadgen.Load, stable, rel string) {
	e.Manifest("", fastCanary+"  manualGates: [partial, full]\n")
	before := load.Snapshot()
	dep := e.Start(e.DeployArgs(rel)...)

	canaryWays := []http.Header{{"X-Yodel-Track": {"canary"}}, {"Cookie": {"session=1; yodel-track=canary"}}}
	stableWays := []http.Header{{"X-Yodel-Track": {"stable"}}, {"Cookie": {"yodel-track=stable"}}}
	// n requests with the header, a quarter of them each other way.
	check := func(phase, wantCanary, wantStable string, n int) {
		t.Helper()
		for i, h := range canaryWays {
			n := n / (1 + 3*i)
			got := releasesOf(t, e.URL, h, n)
			t.Logf("FIGURE forced to the canary (%s, %v): %v", phase, h, got)
			assert.Equal(t, map[string]int{wantCanary: n}, got, "%s: %d requests forced to the canary by %v", phase, n, h)
		}
		for _, h := range stableWays {
			n := n / 4
			got := releasesOf(t, e.URL, h, n)
			assert.Equal(t, map[string]int{wantStable: n}, got, "%s: %d requests forced to stable by %v", phase, n, h)
		}
	}
	promote := func() {
		t.Helper()
		code, out, errOut := e.Run("canary", "promote", "hello", "--realm", e.SB.RealmFile)
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
	}

	waitGate(t, e, "partial")
	e.WaitApplied()
	check("isolated", rel, stable, pinnedRequests)
	promote()
	waitGate(t, e, "full")
	e.WaitApplied()
	check("partial at 50%", rel, stable, pinnedRequests)
	promote()
	code, out, errOut := dep.Wait(t)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	e.WaitApplied()
	check("after the rollout", rel, rel, pinnedRequests/4)

	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "failed requests of the load: %v", during.FailureSamples)
}

// waitGate waits until hello's rollout waits at the manual gate.
func waitGate(t *testing.T, e *sandboxtest.Rig, gate string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for e.Rollout().Gate != gate {
		if time.Now().After(deadline) {
			t.Fatalf("the rollout never waited at the %s gate (at %s)", gate, e.Rollout().StepName())
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// releasesOf sends n GETs with header h, each on a connection of its own
// (so HAProxy balances each), and counts the releases that answered; a
// failed request counts under "error: ...".
func releasesOf(t *testing.T, url string, h http.Header, n int) map[string]int {
	t.Helper()
	c := &http.Client{Timeout: loadgen.Timeout, Transport: &http.Transport{DisableKeepAlives: true}}
	got := map[string]int{}
	for range n {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		require.NoError(t, err)
		req.Header = h.Clone()
		resp, err := c.Do(req)
		if err != nil {
			got["error: "+err.Error()]++
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var v struct {
			Version string `json:"version"`
		}
		if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &v) != nil {
			got["error: "+resp.Status]++
			continue
		}
		got[v.Version]++
	}
	return got
}
