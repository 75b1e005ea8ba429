package notify

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

const gatedCanary = `canary:
  instances: 1
  isolated:
    smoke:
      - path: /
        expectBody: '"service":"hello"'
        retries: 3
  partial:
    steps: [10, 50]
    duration: 3s
    interval: 1s
    minRequests: 20
  manualGates: [partial]
  drainTimeout: 5s
`

// TestSandboxRolloutsNotifyEveryEventOnce drives real canary rollouts in
// the sandbox (emulated Marathon, real HAProxy and lb agent, under load)
// with the CLI: v2 waits at a manual gate and is promoted, v3 fails its
// judgement and is rolled back. The worker is stopped and a new one
// started (on a store session of its own) while v2 waits at the gate.
// Every event reaches each receiver exactly once, and New Relic gets a
// marker for each start and finish. The delay from an event to its
// arrival is logged for BENCHMARKS.md.
func TestSandboxRolloutsNotifyEveryEventOnce(t *testing.T) {
	e := sandboxtest.NewRig(t, sandboxtest.Options{})
	e.DeployUnderLoad("v1", gatedCanary)

	h := newHook(t, "e2e-secret")
	chat := newHook(t, "")
	ng := newNerdGraph(t)
	chatHook := chat.webhook("chat")
	chatHook.Format, chatHook.Events = realm.FormatSlack, []string{KindStarted, KindFinished}
	worker := func(st state.Store) *Worker {
		return &Worker{Store: st, Realm: "local", Backoff: fastBackoff, Receivers: []Receiver{h.webhook("hooks"), chatHook,
			&NewRelic{APIKey: "NRAK-e2e", EntityGUID: "GUID-1", NerdGraphURL: ng.srv.URL + "/graphql", Timeout: 2 * time.Second}}}
	}
	stop := start(t, worker(e.Store))

	bg := e.Start(e.DeployArgs("v2")...)
	eventually(t, "v2 waits at the partial gate", func() bool {
		return slices.ContainsFunc(h.ids(), func(id string) bool { return strings.HasSuffix(id, ".waiting-for-gate.partial") })
	})
	// The worker goes away and another takes over, as on a server restart.
	stop()
	st2, err := state.Open(context.Background(), e.SB.StoreURL, e.StoreOptions)
	require.NoError(t, err)
	t.Cleanup(func() { st2.Close() })
	start(t, worker(st2))

	code, out, errOut := e.Run("canary", "promote", "hello", "--realm", e.SB.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	code, out, errOut = bg.Wait(t)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	v2 := e.Rollout()
	require.Equal(t, canary.StepDone, v2.Step)

	e.Manifest("  HELLO_ERROR_RATE: \"0.5\"\n", strings.Replace(gatedCanary, "  manualGates: [partial]\n", "", 1))
	code, out, errOut = e.Deploy("v3")
	require.Equal(t, 3, code, "%s\n%s", out, errOut)
	v3 := e.Rollout()
	require.Equal(t, canary.StepRolledBack, v3.Step)
	failedAt := ""
	for _, s := range v3.Steps {
		if s.Outcome == state.OutcomeFailed {
			failedAt = s.Name
		}
	}
	require.NotEmpty(t, failedAt, "v3's record names the step whose judgement failed")

	id := func(r *canary.Rollout, kind, step string) string { return EventID("hello", r.ID, kind, step) }
	want := []string{id(v2, KindStarted, ""), id(v2, KindStepReached, "isolated"), id(v2, KindWaitingForGate, "partial"),
		id(v2, KindPromoted, "partial"), id(v2, KindStepReached, "partial[0]"), id(v2, KindStepReached, "partial[1]"),
		id(v2, KindStepReached, "full-scale"), id(v2, KindStepReached, "shift"), id(v2, KindStepReached, "drain"),
		id(v2, KindStepReached, "cleanup"), id(v2, KindFinished, ""),
		id(v3, KindStarted, ""), id(v3, KindStepReached, "isolated")}
	if failedAt != "isolated" {
		want = append(want, id(v3, KindStepReached, "partial[0]"))
	}
	want = append(want, id(v3, KindJudgementFailed, failedAt), id(v3, KindStepReached, "rolling-back"),
		id(v3, KindRolledBack, "rolled-back"), id(v3, KindFinished, ""))
	h.waitIDs(t, want)
	ends := []string{id(v2, KindStarted, ""), id(v2, KindFinished, ""), id(v3, KindStarted, ""), id(v3, KindFinished, "")}
	chat.waitIDs(t, ends)
	eventually(t, "four New Relic markers", func() bool { return len(ng.calls()) >= 4 })
	time.Sleep(3 * DefaultScanEvery) // scans over the finished records: nothing more
	assert.Equal(t, want, h.ids(), "every event of both rollouts once, in order, across a worker restart")
	assert.Equal(t, ends, chat.ids())
	assert.Len(t, ng.calls(), 4, "a marker for each start and finish")

	// How long after the event it reached the receiver.
	h.mu.Lock()
	var lag []time.Duration
	for _, r := range h.got {
		var ev Event
		require.NoError(t, json.Unmarshal(r.body, &ev))
		assert.True(t, Verify(h.secret, r.body, r.sig))
		if ev.Kind == KindStepReached {
			lag = append(lag, r.at.Sub(ev.Time))
		}
	}
	h.mu.Unlock()
	sort.Slice(lag, func(i, j int) bool { return lag[i] < lag[j] })
	require.NotEmpty(t, lag)
	t.Logf("FIGURE step reached -> webhook received: %d events, median %s, max %s (file store, worker restarted once)",
		len(lag), lag[len(lag)/2].Round(time.Millisecond), lag[len(lag)-1].Round(time.Millisecond))
}
