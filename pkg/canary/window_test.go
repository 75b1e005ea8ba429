package canary

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func keep(d time.Duration) func(*manifest.CanaryPlan) {
	return func(p *manifest.CanaryPlan) { p.KeepPrevious = jsondur.Duration(d) }
}

// With keepPrevious the rollout holds a window between drain and cleanup
// where both releases stay routed, the new one with all the traffic.
func TestWindowStepSitsBetweenDrainAndCleanup(t *testing.T) {
	r := newTestRollout(keep(10 * time.Minute))
	assert.Equal(t, []string{"starting", "isolated", "partial[0]", "full-scale", "shift", "drain", "kept", "cleanup", "done"}, r.Path())
	got := walk(r, t0)
	assert.Equal(t, []string{"isolated", "partial[0]", "full-scale", "shift", "drain", "kept", "cleanup", "done"}, got)

	r = newTestRollout(keep(10 * time.Minute))
	for r.Step != StepKept {
		require.True(t, r.Advance(t0))
	}
	assert.Equal(t, t0.Add(10*time.Minute), r.KeptUntil)
	var rt state.Routing
	r.Route(&rt)
	assert.Equal(t, state.Routing{Stable: "/web-blue", Canary: "/web-green", CanaryWeight: 100, Step: "kept"}, rt,
		"the old release stays a routed track at weight 0: a flip is a weight change")
	assert.True(t, r.WindowOpen(t0.Add(10*time.Minute-time.Nanosecond)))
	assert.False(t, r.WindowOpen(t0.Add(10*time.Minute)))
	assert.True(t, r.RollbackAllowed())

	did, err := r.Promote(false, "ann@h", t0)
	require.NoError(t, err)
	assert.Contains(t, did, "ending the rollback window now")
	assert.True(t, r.PromoteStep)

	// Unset keeps today's path.
	assert.NotContains(t, newTestRollout(nil).Path(), StepKept)
}

func keptHarness(t *testing.T, window time.Duration) (*harness, *Rollout) {
	h := newHarness(t)
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(keep(window))))
	require.NoError(t, err, "a CLI returns at kept without error")
	return h, r
}

// A CLI's driver records the window and hands the rollout over (no
// driver), leaving the old release running and routed at weight 0.
func TestCLIHandsTheWindowOverAndReturns(t *testing.T) {
	h, r := keptHarness(t, time.Hour)
	assert.Equal(t, StepKept, r.Step)
	assert.Nil(t, r.Driver, "handed over: the realm's server adopts it at once")
	assert.True(t, r.Active())
	assert.True(t, h.mar.has("/web-blue"), "the previous release keeps running")
	assert.Equal(t, []string{"put /web-green", "scale /web-green 3"}, h.mar.calls)
	rt, _, err := h.st.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Equal(t, "/web-green", rt.Canary)
	assert.Equal(t, 100.0, rt.CanaryWeight)
}

// Inside the window a rollback is one write of share 0; the driver then
// deletes the new release and the old one serves alone.
func TestFlipBackInsideTheWindow(t *testing.T) {
	h, _ := keptHarness(t, time.Hour)
	rt, r, err := FlipBack(context.Background(), h.st, "web", "ann@h", time.Now())
	require.NoError(t, err)
	assert.Equal(t, StepRollingBack, r.Step)
	assert.Equal(t, CauseRollback, r.Cause)
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Zero(t, rt.CanaryWeight, "every request goes to the previous release with this write")
	assert.Equal(t, []string{"put /web-green", "scale /web-green 3"}, h.mar.calls, "no Marathon change for the flip")

	r, err = h.driver(nil).Drive(context.Background(), "web")
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, StepRolledBack, r.Step)
	assert.Contains(t, err.Error(), "rolled back by ann@h inside the rollback window")
	assert.False(t, h.mar.has("/web-green"), "the new release is removed")
	assert.True(t, h.mar.has("/web-blue"))
	rt, _, _ = h.st.GetRouting(context.Background(), "web")
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Empty(t, rt.Canary)
	hist, err := h.st.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeRolledBack, hist[0].Outcome)
}

func TestFlipBackOutsideTheWindowIsRefused(t *testing.T) {
	h, r := keptHarness(t, time.Hour)
	var closed *WindowClosedError
	_, _, err := FlipBack(context.Background(), h.st, "web", "ann@h", r.KeptUntil)
	require.ErrorAs(t, err, &closed)
	assert.Contains(t, err.Error(), "the rollback window of web ended at")

	// Before full there is no window either (abort is the way back there).
	h2 := newHarness(t)
	_, err = Begin(context.Background(), h2.st, rollout(fastPlan(keep(time.Hour))))
	require.NoError(t, err)
	_, _, err = FlipBack(context.Background(), h2.st, "web", "ann@h", time.Now())
	require.ErrorAs(t, err, &closed)
	assert.Contains(t, err.Error(), "is at step starting, not in a rollback window")
}

// The realm's server waits the window out, then removes the old release.
func TestServerWaitsOutTheWindowThenCleansUp(t *testing.T) {
	h := newHarness(t)
	d := h.driver(canaryApp())
	d.WaitWindow = true
	r, err := d.Start(context.Background(), rollout(fastPlan(keep(150*time.Millisecond))))
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	assert.False(t, h.mar.has("/web-blue"))
	var kept, cleanup StepRecord
	for _, s := range r.Steps {
		switch s.Name {
		case StepKept:
			kept = s
		case StepCleanup:
			cleanup = s
		}
	}
	require.False(t, kept.Started.IsZero())
	assert.False(t, cleanup.Started.Before(r.KeptUntil), "the old release is removed only once the window ended")
	assert.Equal(t, kept.Started.Add(150*time.Millisecond), r.KeptUntil)
}

// A window that ended while nobody drove it is finished by the next
// driver, CLI or not.
func TestExpiredWindowIsFinishedByAnyDriver(t *testing.T) {
	h, r := keptHarness(t, 50*time.Millisecond)
	waitFor(t, "the window to end", func() bool { return !time.Now().Before(r.KeptUntil) })
	r, err := h.driver(nil).Drive(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	assert.False(t, h.mar.has("/web-blue"))
}

// A promote ends the window early: the driver waiting it out cleans up.
func TestPromoteEndsTheWindowEarly(t *testing.T) {
	h := newHarness(t)
	d := h.driver(canaryApp())
	d.WaitWindow = true
	done := make(chan *Rollout, 1)
	go func() {
		r, _ := d.Start(context.Background(), rollout(fastPlan(keep(time.Hour))))
		done <- r
	}()
	waitFor(t, "kept", atStep(h, StepKept))
	_, _, err := Promote(context.Background(), h.st, "web", false, "ann@h", time.Now())
	require.NoError(t, err)
	select {
	case r := <-done:
		assert.Equal(t, StepDone, r.Step)
	case <-time.After(20 * time.Second):
		t.Fatal("the promoted window did not end")
	}
	assert.False(t, h.mar.has("/web-blue"))
}
