package canary

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

func lat(epoch string, tracks map[string]Latency) *AgentLatency {
	return &AgentLatency{Epoch: epoch, Tracks: tracks}
}

func hist(kv ...int64) Latency {
	l := Latency{Hist: map[int64]int64{}}
	for i := 0; i < len(kv); i += 2 {
		l.Hist[kv[i]] = kv[i+1]
		l.Requests += kv[i+1]
	}
	return l
}

func TestLatencySince(t *testing.T) {
	base := Sample{Agents: map[string]AgentSample{
		"a": {Latency: lat("e1", map[string]Latency{TrackCanary: hist(10, 5, 20, 1)})},
		"b": {Latency: lat("e1", map[string]Latency{TrackCanary: hist(10, 100)})},
		"c": {Latency: lat("e1", map[string]Latency{TrackCanary: hist(10, 7)})},
	}}
	cur := Sample{Agents: map[string]AgentSample{
		"a": {Latency: lat("e1", map[string]Latency{TrackCanary: hist(10, 6, 20, 1, 300, 2)})}, // +1 at 10, +2 at 300
		"b": {Latency: lat("e2", map[string]Latency{TrackCanary: hist(10, 3)})},                // restarted: all new
		"d": {Latency: lat("e1", map[string]Latency{TrackCanary: hist(50, 4)})},                // new agent: all new
		"e": {},                                                                                // no access log
	}}
	got := LatencySince(base, cur)[TrackCanary]
	assert.Equal(t, map[int64]int64{10: 4, 300: 2, 50: 4}, got.Hist)
	assert.Equal(t, int64(10), got.Requests)
	assert.Equal(t, []float64{10, 10, 10, 10, 50, 50, 50, 50, 300, 300}, got.Latencies())

	// A busy window is judged on evenly spaced quantiles: the same
	// distribution in maxLatencies values.
	busy := hist(10, 3*maxLatencies, 20, maxLatencies)
	q := busy.Latencies()
	require.Len(t, q, maxLatencies)
	assert.Equal(t, 10.0, q[0])
	assert.Equal(t, 10.0, q[3*maxLatencies/4-1])
	assert.Equal(t, 20.0, q[3*maxLatencies/4])
	assert.Equal(t, 20.0, q[maxLatencies-1])

	// Counts that went down under the same epoch: start again.
	down := hist(10, 1)
	assert.Equal(t, down, down.since(hist(10, 5)))

	// From the agent API's shape.
	assert.Equal(t, hist(3, 2, 7, 1), latencyOf(lb.LatencyStats{Requests: 3, Histogram: [][2]int64{{3, 2}, {7, 1}}}))
}

// window draws n latencies around 40 ms (log-normal), plus shift.
func window(rng *rand.Rand, n int, shift float64) Latency {
	l := Latency{Hist: map[int64]int64{}}
	for range n {
		l.Hist[int64(40*math.Exp(0.4*rng.NormFloat64())+shift)]++
	}
	l.Requests = int64(n)
	return l
}

func TestJudgeLatencyChecks(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 19))
	healthy := TaskHealth{Wanted: 1, Running: 1, Healthy: 1}
	counters := map[string]Counters{TrackCanary: {Requests: 300}, TrackStable: {Requests: 2700}}
	both := func(p *manifest.CanaryPlan) {
		p.MaxLatencyP99 = jsondur.Duration(500 * time.Millisecond)
		p.MaxLatencyIncrease = manifest.LatencyIncrease{By: 50 * time.Millisecond}
	}
	tests := []struct {
		name    string
		mod     func(*manifest.CanaryPlan)
		canary  Latency
		final   bool
		verdict string
		failed  string
		msg     string
	}{
		{"same latency passes", both, window(rng, 300, 0), false, VerdictPass, "", ""},
		{"+200 ms fails the increase", both, window(rng, 300, 200), false, VerdictFail, CheckLatencyIncrease, "shift +"},
		{"a slow tail fails the p99", both, func() Latency {
			l := window(rng, 300, 0)
			l.Hist[900] += 10
			l.Requests += 10
			return l
		}(), false, VerdictFail, CheckLatencyP99, "> 500.0ms"},
		{"a ratio limit", func(p *manifest.CanaryPlan) { p.MaxLatencyIncrease = manifest.LatencyIncrease{Ratio: 1.2} },
			window(rng, 300, 20), false, VerdictFail, CheckLatencyIncrease, "shift +"},
		{"too few latencies midway is pending", both, window(rng, 30, 200), false, VerdictPending, "", ""},
		{"too few latencies at the end is inconclusive", both, window(rng, 30, 200), true, VerdictFail, CheckLatencyP99, "30 canary latencies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lats := map[string]Latency{TrackCanary: tt.canary, TrackStable: window(rng, 2700, 0)}
			j := JudgeWith(plan(tt.mod), "partial[0]", counters, lats, healthy, tt.final, false, t0)
			assert.Equal(t, tt.verdict, j.Verdict, j.Summary())
			if tt.failed == "" {
				assert.Nil(t, j.Failed)
				return
			}
			require.NotNil(t, j.Failed, j.Summary())
			assert.Equal(t, tt.failed, j.Failed.Name)
			assert.Contains(t, j.Failed.Message, tt.msg)
		})
	}

	// The numbers are in the check's figures (status, JSON, history).
	j := JudgeWith(plan(both), "partial[0]", counters, map[string]Latency{TrackCanary: window(rng, 300, 200), TrackStable: window(rng, 2700, 0)}, healthy, false, false, t0)
	var inc Check
	for _, c := range j.Checks {
		if c.Name == CheckLatencyIncrease {
			inc = c
		}
	}
	assert.InDelta(t, 200, inc.Figures["effectMs"], 10)
	assert.Less(t, inc.Figures["pValue"], 1e-6)
	assert.Equal(t, 50.0, inc.Figures["limitMs"])
	assert.Equal(t, 300.0, inc.Figures["canarySamples"])
	assert.Greater(t, inc.Figures["canaryP99Ms"], inc.Figures["stableP99Ms"])
	for _, k := range []string{"canaryP50Ms", "canaryP95Ms", "canaryMeanMs", "stableP50Ms", "stableP95Ms", "stableMeanMs"} {
		assert.Contains(t, inc.Figures, k)
	}

	// No latency keys: no latency checks, whatever the figures.
	j = JudgeWith(plan(nil), "partial[0]", counters, map[string]Latency{TrackCanary: window(rng, 300, 900)}, healthy, false, false, t0)
	assert.Len(t, j.Checks, 4)
}

func TestErrorIncreaseNeedsSignificance(t *testing.T) {
	healthy := TaskHealth{Wanted: 1, Running: 1, Healthy: 1}
	loose := plan(func(p *manifest.CanaryPlan) { p.MaxErrorRate = 0.05 })
	// 1 error in 100 canary requests against none in 900 stable: +1
	// point, past the 0.5 limit, but Fisher's p is P(the one error falls
	// among the canary's 100 of 1000) = 0.1: not evidence.
	j := Judge(loose, "partial[0]", map[string]Counters{TrackCanary: {Requests: 100, Responses5x: 1}, TrackStable: {Requests: 900}}, healthy, false, t0)
	assert.Equal(t, VerdictPass, j.Verdict, j.Summary())
	for _, c := range j.Checks {
		if c.Name == CheckIncrease {
			assert.InDelta(t, 0.1, c.Figures["pValue"], 1e-9)
			assert.Contains(t, c.Message, "not significant")
		}
	}
}

// slowTraffic adds access-log latencies to fakeTraffic's counters: every
// new request gets a time around 40 ms, the canary's delay more.
type slowTraffic struct {
	*fakeTraffic
	delay float64
	mu    sync.Mutex
	rng   *rand.Rand
	c, s  Latency
	prevC int64
	prevS int64
}

func (f *slowTraffic) Sample(ctx context.Context, svc string) (Sample, error) {
	smp, err := f.fakeTraffic.Sample(ctx, svc)
	if err != nil {
		return smp, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	a := smp.Agents["agent-1"]
	nc, ns := a.Tracks[TrackCanary].Requests-f.prevC, a.Tracks[TrackStable].Requests-f.prevS
	f.prevC, f.prevS = a.Tracks[TrackCanary].Requests, a.Tracks[TrackStable].Requests
	f.c = f.c.add(window(f.rng, int(nc), f.delay))
	f.s = f.s.add(window(f.rng, int(ns), 0))
	a.Latency = lat("e1", map[string]Latency{TrackCanary: f.c.add(Latency{}), TrackStable: f.s.add(Latency{})})
	smp.Agents["agent-1"] = a
	return smp, nil
}

func TestDriveSlowReleaseRollsBackOnLatency(t *testing.T) {
	for _, tc := range []struct {
		delay    float64
		wantStep string
	}{{200, StepRolledBack}, {0, StepDone}} {
		h := newHarness(t)
		traf := &slowTraffic{fakeTraffic: h.traf, delay: tc.delay, rng: rand.New(rand.NewPCG(1, uint64(tc.delay)))}
		d := h.driver(canaryApp())
		d.Stats = traf
		r, _ := d.Start(context.Background(), rollout(fastPlan(func(p *manifest.CanaryPlan) {
			p.MaxLatencyIncrease = manifest.LatencyIncrease{By: 50 * time.Millisecond}
		})))
		require.Equal(t, tc.wantStep, r.Step, "delay %v: %s", tc.delay, r.Reason)
		if tc.wantStep == StepRolledBack {
			assert.True(t, strings.HasPrefix(r.Reason, CheckLatencyIncrease+": "), r.Reason)
		}
	}
}

func TestInconclusiveEndExtendsTheStepBounded(t *testing.T) {
	h := newHarness(t)
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(func(p *manifest.CanaryPlan) {
		p.MinRequests = 1_000_000 // never enough
		p.MaxExtension = 2 * p.Interval
	})))
	require.Error(t, err)
	assert.Equal(t, StepRolledBack, r.Step)
	assert.Contains(t, r.Reason, "only")
	extended := 0
	for _, c := range r.Checks {
		if c.Name == CheckRequests && strings.Contains(c.Message, "the step is extended by 20ms") {
			extended++
		}
	}
	assert.Equal(t, 2, extended, "extended twice (maxExtension 2 intervals), then onInconclusive")
	// The deploying CLI's stream says why the step goes on past its
	// duration, not only "PENDING".
	said := 0
	for _, text := range h.texts(EventJudgement) {
		if strings.Contains(text, ": PENDING (") && strings.Contains(text, "; requests: only ") && strings.Contains(text, "the step is extended by 20ms (maxExtension 40ms)") {
			said++
		}
	}
	assert.Equal(t, 2, said, "judgements: %q", h.texts(EventJudgement))
}
