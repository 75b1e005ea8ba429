package canary

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func plan(mod func(*manifest.CanaryPlan)) manifest.CanaryPlan {
	p := manifest.ResolveCanary()
	if mod != nil {
		mod(&p)
	}
	return p
}

func newTestRollout(mod func(*manifest.CanaryPlan)) *Rollout {
	return NewRollout("web", Track{App: "/web-blue", Release: "v1", Instances: 3},
		Track{App: "/web-green", Release: "v2", Instances: 1}, plan(mod), t0)
}

// walk advances until the rollout stops moving and returns the step names.
func walk(r *Rollout, now time.Time) []string {
	var got []string
	for r.Advance(now) {
		got = append(got, r.StepName())
	}
	return got
}

func TestForwardPath(t *testing.T) {
	tests := []struct {
		name     string
		mod      func(*manifest.CanaryPlan)
		skipIso  bool
		skipPart bool
		want     []string
		gate     string
	}{
		{"defaults", nil, false, false,
			[]string{"isolated", "partial[0]", "full-scale", "shift", "drain", "cleanup", "done"}, ""},
		{"three partial steps", func(p *manifest.CanaryPlan) { p.Steps = []int{5, 25, 50} }, false, false,
			[]string{"isolated", "partial[0]", "partial[1]", "partial[2]", "full-scale", "shift", "drain", "cleanup", "done"}, ""},
		{"skip isolated", nil, true, false,
			[]string{"partial[0]", "full-scale", "shift", "drain", "cleanup", "done"}, ""},
		{"skip partial", nil, false, true,
			[]string{"isolated", "full-scale", "shift", "drain", "cleanup", "done"}, ""},
		{"skip both", nil, true, true,
			[]string{"full-scale", "shift", "drain", "cleanup", "done"}, ""},
		{"gate partial stops after isolated", func(p *manifest.CanaryPlan) { p.ManualGates = map[string]bool{"partial": true} }, false, false,
			[]string{"isolated"}, "partial"},
		{"gate full stops after partial", func(p *manifest.CanaryPlan) { p.ManualGates = map[string]bool{"full": true} }, false, false,
			[]string{"isolated", "partial[0]"}, "full"},
		{"skip partial overrides both gates", func(p *manifest.CanaryPlan) { p.ManualGates = map[string]bool{"partial": true, "full": true} }, false, true,
			[]string{"isolated", "full-scale", "shift", "drain", "cleanup", "done"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRollout(tt.mod)
			r.SkipIsolated, r.SkipPartial = tt.skipIso, tt.skipPart
			assert.Equal(t, tt.want, walk(r, t0.Add(time.Minute)))
			assert.Equal(t, tt.gate, r.Gate)
			if tt.gate == "" {
				assert.Equal(t, StepDone, r.Step)
				assert.Equal(t, state.OutcomeSucceeded, r.Outcome)
				assert.False(t, r.Active())
				for _, s := range r.Steps {
					assert.Equal(t, state.OutcomeSucceeded, s.Outcome, s.Name)
					assert.False(t, s.Finished.IsZero(), s.Name)
				}
			}
		})
	}
}

func TestGatesAndPromote(t *testing.T) {
	r := newTestRollout(func(p *manifest.CanaryPlan) {
		p.ManualGates = map[string]bool{"partial": true, "full": true}
		p.Steps = []int{10, 50}
	})
	assert.Equal(t, []string{"isolated"}, walk(r, t0))
	require.Equal(t, "partial", r.Gate)
	// Waiting at a gate is recorded once, however often Advance is called.
	r.Advance(t0)
	assert.Len(t, r.Checks, 1)
	assert.Equal(t, VerdictPending, r.Checks[0].Verdict)

	did, err := r.Promote(false, "ann", t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Contains(t, did, "passed manual gate partial")
	assert.Equal(t, VerdictPass, r.Checks[0].Verdict)
	assert.Equal(t, time.Minute, r.Checks[0].Duration.D())
	assert.Equal(t, []string{"partial[0]", "partial[1]"}, walk(r, t0))
	assert.Equal(t, "full", r.Gate)

	_, err = r.Promote(false, "ann", t0)
	require.NoError(t, err)
	assert.Equal(t, []string{"full-scale", "shift", "drain", "cleanup", "done"}, walk(r, t0))

	_, err = r.Promote(false, "ann", t0)
	assert.ErrorContains(t, err, "nothing to promote")
}

func TestPromoteFullDuringPartialSkipsRemainingSteps(t *testing.T) {
	r := newTestRollout(func(p *manifest.CanaryPlan) {
		p.Steps = []int{5, 25, 50}
		p.ManualGates = map[string]bool{"full": true}
	})
	r.Advance(t0) // isolated
	r.Advance(t0) // partial[0]
	did, err := r.Promote(true, "ann", t0)
	require.NoError(t, err)
	assert.Contains(t, did, "skipping the remaining partial time and steps")
	assert.True(t, r.PromoteStep)
	assert.Equal(t, []string{"full-scale", "shift", "drain", "cleanup", "done"}, walk(r, t0))
}

func TestPromoteStepEndsOnlyThisStep(t *testing.T) {
	r := newTestRollout(func(p *manifest.CanaryPlan) { p.Steps = []int{5, 25} })
	r.Advance(t0)
	r.Advance(t0)
	_, err := r.Promote(false, "ann", t0)
	require.NoError(t, err)
	require.True(t, r.PromoteStep)
	require.True(t, r.Advance(t0))
	assert.Equal(t, "partial[1]", r.StepName())
	assert.False(t, r.PromoteStep, "the flag belongs to the step it was given in")
}

func TestPromoteOutsideGateOrPartialIsRefused(t *testing.T) {
	r := newTestRollout(nil)
	r.Advance(t0)
	r.Advance(t0)
	r.Advance(t0) // full-scale
	_, err := r.Promote(false, "ann", t0)
	assert.ErrorContains(t, err, "no gate or partial step")
}

func TestPauseStopsTheClockAndTheSteps(t *testing.T) {
	r := newTestRollout(nil) // duration 5m
	r.Advance(t0)
	r.Advance(t0) // partial[0] at t0
	assert.Equal(t, 5*time.Minute, r.Remaining(t0))
	assert.Equal(t, 4*time.Minute, r.Remaining(t0.Add(time.Minute)))

	require.True(t, r.SetPaused(true, t0.Add(time.Minute)))
	assert.False(t, r.SetPaused(true, t0.Add(time.Minute)), "pausing twice changes nothing")
	assert.Equal(t, 4*time.Minute, r.Remaining(t0.Add(10*time.Minute)), "paused time does not count")
	assert.False(t, r.Advance(t0.Add(10*time.Minute)), "a paused rollout does not move")

	require.True(t, r.SetPaused(false, t0.Add(10*time.Minute)))
	assert.Equal(t, 9*time.Minute, r.PausedFor.D())
	assert.Equal(t, 3*time.Minute, r.Remaining(t0.Add(11*time.Minute)))
	assert.Equal(t, time.Duration(0), r.Remaining(t0.Add(time.Hour)))
	require.True(t, r.Advance(t0.Add(time.Hour)))
	assert.Equal(t, time.Duration(0), r.PausedFor.D(), "a new step starts its own clock")
}

func TestRollbackPaths(t *testing.T) {
	for _, tc := range []struct {
		cause, end, outcome string
	}{
		{CauseCheckFailed, StepRolledBack, state.OutcomeRolledBack},
		{CauseAborted, StepAborted, state.OutcomeAborted},
		{CauseStalled, StepRolledBack, state.OutcomeRolledBack},
	} {
		t.Run(tc.cause, func(t *testing.T) {
			r := newTestRollout(nil)
			r.Advance(t0)
			r.Advance(t0) // partial[0]
			r.SetPaused(true, t0)
			r.StartRollback(tc.cause, "error-rate: 50.00% > 1.00%", t0.Add(time.Second))
			assert.Equal(t, StepRollingBack, r.Step)
			assert.False(t, r.Paused, "a rollback is never left paused")
			r.StartRollback(CauseAborted, "second", t0.Add(2*time.Second))
			assert.Equal(t, "error-rate: 50.00% > 1.00%", r.Reason, "the first cause is kept")
			require.True(t, r.Advance(t0.Add(3*time.Second)))
			assert.Equal(t, tc.end, r.Step)
			assert.Equal(t, tc.outcome, r.Outcome)
			assert.False(t, r.Active())
			names := []string{}
			for _, s := range r.Steps {
				names = append(names, s.Name+"="+s.Outcome)
			}
			want := state.OutcomeFailed
			if tc.cause == CauseAborted {
				want = state.OutcomeAborted
			}
			assert.Equal(t, []string{"starting=succeeded", "isolated=succeeded", "partial[0]=" + want,
				"rolling-back=succeeded", tc.end + "=" + tc.outcome}, names)
		})
	}
}

func TestRouteFollowsTheStep(t *testing.T) {
	r := newTestRollout(func(p *manifest.CanaryPlan) { p.Steps = []int{5, 25} })
	type routed struct {
		Stable, Canary string
		Weight         float64
		Isolated       bool
	}
	route := func() routed {
		rt := state.Routing{Service: "web", Stable: "/web-blue"}
		r.Route(&rt)
		assert.Equal(t, r.StepName(), rt.Step)
		assert.Equal(t, rt.CanaryWeight, r.Weight)
		return routed{rt.Stable, rt.Canary, rt.CanaryWeight, rt.CanaryIsolated}
	}
	assert.Equal(t, routed{"/web-blue", "/web-green", 0, true}, route(), "starting: isolated before the app exists")
	want := []routed{
		{"/web-blue", "/web-green", 0, true},   // isolated
		{"/web-blue", "/web-green", 5, false},  // partial[0]
		{"/web-blue", "/web-green", 25, false}, // partial[1]
		{"/web-blue", "/web-green", 25, false}, // full-scale keeps the share while scaling
		{"/web-blue", "/web-green", 100, false},
		{"/web-blue", "/web-green", 100, false},
		{"/web-green", "", 0, false}, // cleanup: the canary is stable
		{"/web-green", "", 0, false},
	}
	for i := 0; r.Advance(t0); i++ {
		assert.Equal(t, want[i], route(), r.StepName())
	}

	r = newTestRollout(nil)
	r.Advance(t0)
	r.Advance(t0)
	assert.Equal(t, routed{"/web-blue", "/web-green", 10, false}, route())
	r.StartRollback(CauseAborted, "", t0)
	assert.Equal(t, routed{"/web-blue", "/web-green", 0, false}, route(), "share 0 at once, canary still known")
	r.Advance(t0)
	assert.Equal(t, routed{"/web-blue", "", 0, false}, route())
}

func TestRollbackAllowed(t *testing.T) {
	r := newTestRollout(nil)
	var allowed []string
	for {
		if r.RollbackAllowed() {
			allowed = append(allowed, r.StepName())
		}
		if !r.Advance(t0) {
			break
		}
	}
	assert.Equal(t, []string{"starting", "isolated", "partial[0]", "full-scale", "shift", "drain"}, allowed)
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	r := newTestRollout(func(p *manifest.CanaryPlan) {
		p.ManualGates = map[string]bool{"full": true}
		retries, to := 2, manifest.Duration(3*time.Second)
		p.Smoke = []manifest.SmokeCheck{{Path: "/healthz", Method: "GET", ExpectStatus: 200, Retries: &retries, Timeout: &to}}
	})
	r.Advance(t0)
	r.Advance(t0)
	r.Window = NewWindow(Sample{Time: t0, Agents: map[string]AgentSample{"a1": {Epoch: "e", Tracks: map[string]Counters{"canary": {Requests: 5}}}}})
	r.AddCheck(Check{Step: "partial[0]", Name: CheckErrorRate, Verdict: VerdictPass, Time: t0, Figures: map[string]float64{"errorRate": 0.001}})
	raw, err := r.Encode()
	require.NoError(t, err)
	back, err := Decode(raw)
	require.NoError(t, err)
	assert.Equal(t, r, back)

	none, err := Decode(nil)
	assert.NoError(t, err)
	assert.Nil(t, none)

	_, err = Decode(json.RawMessage(`{"version": 99}`))
	assert.ErrorContains(t, err, "use a newer yodel")
	_, err = Decode(json.RawMessage(`{"step": 3}`))
	assert.ErrorContains(t, err, "rollout record")
}

// Records written by yodel before issue 16 hold durations as numbers of
// nanoseconds; they stay in the state store (file, ZooKeeper) across an
// upgrade and must still be read. Records written now hold strings.
func TestDecodeReadsDurationsAsOldNumbersAndNewStrings(t *testing.T) {
	const rec = `{"version": 1, "service": "web", "step": "partial",
		"stable": {"app": "/web-blue", "instances": 3}, "canary": {"app": "/web-green", "instances": 1},
		"settings": {"instances": 1, "weight": 10, "steps": [10], "duration": %s, "interval": %s,
			"drainTimeout": %s, "maxLatencyP99": %s, "maxExtension": %s},
		"stepStarted": "2025-03-01T12:00:00Z", "weight": 10, "pausedFor": %s,
		"window": {"last": {}, "totals": {}, "extended": %s},
		"checks": [{"step": "isolated", "name": "smoke", "verdict": "pass", "time": "2025-03-01T12:00:00Z", "duration": %s}],
		"steps": []}`
	old := fmt.Sprintf(rec, "300000000000", "30000000000", "60000000000", "500000000", "600000000000", "90000000000", "1500000000", "30000000")
	now := fmt.Sprintf(rec, `"5m0s"`, `"30s"`, `"1m0s"`, `"500ms"`, `"10m0s"`, `"1m30s"`, `"1.5s"`, `"30ms"`)
	for name, raw := range map[string]string{"old numbers": old, "new strings": now} {
		r, err := Decode(json.RawMessage(raw))
		require.NoError(t, err, name)
		assert.Equal(t, 5*time.Minute, r.Settings.Duration.D(), name)
		assert.Equal(t, 30*time.Second, r.Settings.Interval.D(), name)
		assert.Equal(t, time.Minute, r.Settings.DrainTimeout.D(), name)
		assert.Equal(t, 500*time.Millisecond, r.Settings.MaxLatencyP99.D(), name)
		assert.Equal(t, 10*time.Minute, r.Settings.MaxExtension.D(), name)
		assert.Equal(t, 90*time.Second, r.PausedFor.D(), name)
		assert.Equal(t, 1500*time.Millisecond, r.Window.Extended.D(), name)
		assert.Equal(t, 30*time.Millisecond, r.Checks[0].Duration.D(), name)

		// In output (json.Marshal: -o json, the API), every duration is
		// a string.
		out, err := json.Marshal(r)
		require.NoError(t, err, name)
		for _, want := range []string{`"duration":"5m0s"`, `"interval":"30s"`, `"drainTimeout":"1m0s"`, `"maxLatencyP99":"500ms"`,
			`"maxExtension":"10m0s"`, `"pausedFor":"1m30s"`, `"extended":"1.5s"`, `"duration":"30ms"`} {
			assert.Contains(t, string(out), want, name)
		}
		// As the store keeps it (Encode), every duration is a number of
		// nanoseconds, which a yodel from before the strings (its fields
		// time.Duration) reads; this one reads it back as it was.
		stored, err := r.Encode()
		require.NoError(t, err, name)
		var older struct {
			Settings struct {
				Duration, Interval, DrainTimeout, MaxLatencyP99, MaxExtension time.Duration
			}
			PausedFor time.Duration
			Window    struct{ Extended time.Duration }
			Checks    []struct{ Duration time.Duration }
		}
		require.NoError(t, json.Unmarshal(stored, &older), "an older yodel reads %s", stored)
		assert.Equal(t, 5*time.Minute, older.Settings.Duration, name)
		assert.Equal(t, 10*time.Minute, older.Settings.MaxExtension, name)
		assert.Equal(t, 90*time.Second, older.PausedFor, name)
		assert.Equal(t, 1500*time.Millisecond, older.Window.Extended, name)
		assert.Equal(t, 30*time.Millisecond, older.Checks[0].Duration, name)
		again, err := Decode(stored)
		require.NoError(t, err, name)
		assert.Equal(t, r, again, name)
	}

	_, err := Decode(json.RawMessage(fmt.Sprintf(rec, `"5 minutes"`, "0", "0", "0", "0", "0", "0", "0")))
	assert.ErrorContains(t, err, `rollout record: "5 minutes" is not a duration`)
}

func TestChecksAreBoundedKeepingFailures(t *testing.T) {
	r := newTestRollout(nil)
	r.AddCheck(Check{Name: "first failure", Verdict: VerdictFail})
	for i := 0; i < maxChecks+50; i++ {
		r.AddCheck(Check{Name: "ok", Verdict: VerdictPass})
	}
	assert.Len(t, r.Checks, maxChecks)
	assert.Equal(t, "first failure", r.Checks[0].Name)
}

func TestRecordMirrorsTheRollout(t *testing.T) {
	r := newTestRollout(nil)
	r.ID, r.User, r.SkipPartial = "0001", "ann", true
	r.Advance(t0)
	r.AddCheck(Check{Step: "isolated", Name: "smoke GET /", Verdict: VerdictPass})
	rec := r.Record()
	assert.Equal(t, "0001", rec.ID)
	assert.Equal(t, "v2", rec.Release)
	assert.Equal(t, "canary", rec.Strategy)
	assert.Equal(t, []string{"--skip-partial"}, rec.Flags)
	assert.Equal(t, "isolated: smoke GET /", rec.Checks[0].Name)
	assert.Len(t, rec.Steps, 2)
	assert.True(t, strings.HasPrefix(rec.Steps[1].Name, "isolated"))
}

// The table says, per step, what the lb agents route and whether the old
// release is still there; the record's routing and the driver follow it.
func TestStepTable(t *testing.T) {
	type row struct {
		isolated, canary, public, back, ends bool
	}
	want := map[string]row{
		StepStarting:    {isolated: true, canary: true, back: true},
		StepIsolated:    {isolated: true, canary: true, back: true},
		StepPartial:     {canary: true, public: true, back: true},
		StepFullScale:   {canary: true, public: true, back: true},
		StepShift:       {canary: true, public: true, back: true},
		StepDrain:       {canary: true, public: true, back: true},
		StepKept:        {canary: true, public: true, back: true},
		StepCleanup:     {},
		StepDone:        {ends: true},
		StepRollingBack: {canary: true, back: true},
		StepRolledBack:  {ends: true},
		StepAborted:     {ends: true},
	}
	require.Len(t, steps, len(want))
	for _, def := range steps {
		w, ok := want[def.Name]
		require.True(t, ok, def.Name)
		r := newTestRollout(nil)
		r.Step = def.Name
		var rt state.Routing
		r.Route(&rt)
		assert.Equal(t, r.StepName(), rt.Step)
		assert.Equal(t, w.canary, rt.Canary == "/web-green", "%s: canary routed", def.Name)
		if def.Name != StepRollingBack { // keeps the isolated flag it had
			assert.Equal(t, w.isolated, rt.CanaryIsolated, "%s: isolated", def.Name)
		}
		assert.False(t, rt.CanarySticky, "%s: sticky though the settings say not", def.Name)
		// Sticky settings pin clients in the partial steps alone: the full
		// steps and the way back release them.
		sticky := newTestRollout(func(p *manifest.CanaryPlan) { p.Sticky = true })
		sticky.Step = def.Name
		rt = state.Routing{CanarySticky: true}
		sticky.Route(&rt)
		assert.Equal(t, def.Name == StepPartial, rt.CanarySticky, "%s: sticky", def.Name)
		assert.Equal(t, w.public, def.Public, "%s: public", def.Name)
		assert.Equal(t, w.back, r.RollbackAllowed(), "%s: rollback allowed", def.Name)
		assert.Equal(t, w.ends, Terminal(def.Name), "%s: ends the rollout", def.Name)
		assert.Equal(t, w.ends, def.run == nil, "%s: the driver runs every step but the last", def.Name)
		assert.NotEmpty(t, r.Text(), def.Name)
	}
	_, ok := Step("partial[3]")
	assert.True(t, ok, "a partial step's name finds partial's row")
	_, ok = Step("promote")
	assert.False(t, ok)
}

func TestPathFollowsSettingsAndTurns(t *testing.T) {
	r := newTestRollout(func(p *manifest.CanaryPlan) { p.Steps = []int{5, 25} })
	assert.Equal(t, []string{"starting", "isolated", "partial[0]", "partial[1]", "full-scale", "shift", "drain", "cleanup", "done"}, r.Path())
	r.SkipIsolated = true
	assert.Equal(t, []string{"starting", "partial[0]", "partial[1]", "full-scale", "shift", "drain", "cleanup", "done"}, r.Path())
	r.SkipIsolated = false
	r.Advance(t0) // isolated
	r.Advance(t0) // partial[0]
	r.StartRollback(CauseCheckFailed, "error rate", t0.Add(time.Second))
	assert.Equal(t, []string{"starting", "isolated", "partial[0]", "rolling-back", "rolled-back"}, r.Path())
	assert.Equal(t, "rolling back: share 0, deleting /web-green: error rate", r.Text())
}

// The partial step's line names the step as the record, the checks and
// `canary status` do (partial[0]), then counts it for people.
func TestPartialStepTextNamesTheStepAsEverywhere(t *testing.T) {
	r := NewRollout("web", Track{App: "/web-blue", Release: "v1", Instances: 2}, Track{App: "/web-green", Release: "v2", Instances: 1},
		manifest.ResolveCanary(), time.Now())
	r.Step, r.PartialIndex = StepPartial, 0
	assert.Contains(t, r.Text(), "partial[0] (1 of ")
	assert.Contains(t, r.Text(), "% of traffic to v2")
	assert.NotContains(t, r.Text(), "sticky")
	r.Settings.Sticky = true
	assert.Contains(t, r.Text(), "% of traffic to v2 for 5m0s, sticky clients")
}

// A promote of a partial step says when its canary has not had
// minRequests yet: the final judgement waits for them, then
// onInconclusive decides.
func TestPromoteWithFewRequestsSaysWhatComes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		requests int64
		mod      func(*manifest.CanaryPlan)
		want     string
	}{
		{"no window yet", 0, nil, "the canary has not been judged yet and needs minRequests 100 requests: its final judgement waits for them, 30s at a time up to maxExtension 5m0s, then it rolls back (onInconclusive: fail)"},
		{"few", 40, func(p *manifest.CanaryPlan) { p.OnInconclusive = "pass" }, "had 40 of minRequests 100 requests at its last judgement: its final judgement waits for them, 30s at a time up to maxExtension 5m0s, then it passes (onInconclusive: pass)"},
		{"no extension", 40, func(p *manifest.CanaryPlan) { p.MaxExtension = 0 }, "had 40 of minRequests 100 requests at its last judgement: with maxExtension 0 its final judgement cannot wait for them: it rolls back (onInconclusive: fail)"},
		{"enough", 100, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestRollout(func(p *manifest.CanaryPlan) {
				p.MinRequests, p.Interval, p.MaxExtension = 100, jsondur.Duration(30*time.Second), jsondur.Duration(5*time.Minute)
				if tc.mod != nil {
					tc.mod(p)
				}
			})
			r.Advance(t0)
			r.Advance(t0)
			require.Equal(t, "partial[0]", r.StepName())
			if tc.requests > 0 {
				r.Window = &Window{Totals: map[string]Counters{TrackCanary: {Requests: tc.requests}}}
			}
			did, err := r.Promote(false, "ann", t0)
			require.NoError(t, err)
			if tc.want == "" {
				assert.Equal(t, "ending partial step partial[0] early", did)
				return
			}
			assert.Contains(t, did, tc.want)
		})
	}
}
