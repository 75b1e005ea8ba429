package canary

import (
	"fmt"
	"math"
	"sort"

	"github.com/yodeldeploy/yodel/pkg/judge"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// Check names of the latency judgement (issue 19).
const (
	CheckLatencyP99      = "latency-p99"
	CheckLatencyIncrease = "latency-increase"
)

// Latency is one track's server response times on one agent, cumulative
// since the agent's access-log epoch (lb.LatencyStats): a histogram of
// milliseconds.
type Latency struct {
	Requests   int64           `json:"requests"`
	NoResponse int64           `json:"noResponse"`
	Hist       map[int64]int64 `json:"hist"`
}

// AgentLatency is what one agent's access log counted for a service.
type AgentLatency struct {
	Epoch  string             `json:"epoch"`
	Tracks map[string]Latency `json:"tracks"`
}

// latencyOf is an agent's track figures as the judgement counts them.
func latencyOf(l lb.LatencyStats) Latency {
	out := Latency{Requests: l.Requests, NoResponse: l.NoResponse, Hist: make(map[int64]int64, len(l.Histogram))}
	for _, b := range l.Histogram {
		out.Hist[b[0]] = b[1]
	}
	return out
}

// since is l - prev per bucket, or all of l when anything went down (the
// figures restarted).
func (l Latency) since(prev Latency) Latency {
	if l.Requests < prev.Requests {
		return l
	}
	out := Latency{Requests: l.Requests - prev.Requests, NoResponse: l.NoResponse - prev.NoResponse, Hist: map[int64]int64{}}
	for ms, n := range l.Hist {
		d := n - prev.Hist[ms]
		if d < 0 {
			return l
		}
		if d > 0 {
			out.Hist[ms] = d
		}
	}
	return out
}

func (l Latency) add(d Latency) Latency {
	out := Latency{Requests: l.Requests + d.Requests, NoResponse: l.NoResponse + d.NoResponse, Hist: make(map[int64]int64, len(l.Hist)+len(d.Hist))}
	for ms, n := range l.Hist {
		out.Hist[ms] += n
	}
	for ms, n := range d.Hist {
		out.Hist[ms] += n
	}
	return out
}

// maxLatencies bounds the sample a track's window is judged on. A busy
// service logs millions of requests in a step; past this many the window
// is judged on evenly spaced quantiles of its histogram (the same
// distribution, 1/maxLatencies of a rank apart), which keeps a judgement
// to milliseconds and a few MB.
const maxLatencies = 200_000

// Latencies lists the times (ms), each as often as it was counted, in
// rising order; past maxLatencies, that many evenly spaced quantiles.
func (l Latency) Latencies() []float64 {
	keys := make([]int64, 0, len(l.Hist))
	var n int64
	for ms, c := range l.Hist {
		keys = append(keys, ms)
		n += c
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	if n > maxLatencies {
		out := make([]float64, 0, maxLatencies)
		var below int64 // counted in the buckets before k
		k := 0
		for i := range maxLatencies {
			rank := int64((float64(i) + 0.5) * float64(n) / maxLatencies)
			for below+l.Hist[keys[k]] <= rank {
				below += l.Hist[keys[k]]
				k++
			}
			out = append(out, float64(keys[k]))
		}
		return out
	}
	out := make([]float64, 0, n)
	for _, ms := range keys {
		for range l.Hist[ms] {
			out = append(out, float64(ms))
		}
	}
	return out
}

// LatencySince is what the agents' access logs counted between base and
// cur, per track: as Increment does for the counters, an agent whose
// access-log epoch changed, or that is new, counts whole; one gone adds
// nothing.
func LatencySince(base, cur Sample) map[string]Latency {
	out := map[string]Latency{}
	for id, a := range cur.Agents {
		if a.Latency == nil {
			continue
		}
		var p *AgentLatency
		if b, ok := base.Agents[id]; ok && b.Latency != nil && b.Latency.Epoch == a.Latency.Epoch && a.Latency.Epoch != "" {
			p = b.Latency
		}
		for t, l := range a.Latency.Tracks {
			d := l
			if p != nil {
				d = l.since(p.Tracks[t])
			}
			out[t] = out[t].add(d)
		}
	}
	return out
}

// latencyWindow is the base of a step's latency figures, kept by the
// driver in memory: the histograms are too large for the durable record.
// A driver that takes over a step (resume) starts the latencies from its
// first sample; the counters keep the whole step.
type latencyWindow struct {
	key  stepKey
	base Sample
}

// latencyFor returns the step's latencies up to cur, starting the window
// at cur when this driver has none for the step yet.
func (d *Driver) latencyFor(r *Rollout, cur Sample) map[string]Latency {
	if d.lat.key != keyOf(r) {
		d.lat = latencyWindow{key: keyOf(r), base: cur}
	}
	return LatencySince(d.lat.base, cur)
}

// startLatency starts the step's latency window at its counters' base.
func (d *Driver) startLatency(r *Rollout, base Sample) {
	d.lat = latencyWindow{key: keyOf(r), base: base}
}

// latencyChecks judges the canary's latencies (maxLatencyP99,
// maxLatencyIncrease) with pkg/judge; none when neither is set. Too few
// latencies is pending before the end of the step, inconclusive at it.
func latencyChecks(plan manifest.CanaryPlan, lat map[string]Latency, final bool) []Check {
	if plan.MaxLatencyP99 <= 0 && plan.MaxLatencyIncrease.IsZero() {
		return nil
	}
	c, s := lat[TrackCanary].Latencies(), lat[TrackStable].Latencies()
	min := int64(max(plan.MinRequests, 1))
	verdict := func(v string) string {
		if v == judge.Inconclusive && !final {
			return VerdictPending
		}
		return v
	}
	figures := func(r judge.Result) map[string]float64 {
		f := map[string]float64{"canarySamples": float64(len(c)), "stableSamples": float64(len(s)), "minRequests": float64(min),
			"limitMs": r.Limit, "effectMs": finite(r.Effect), "pValue": finite(r.PValue)}
		for name, x := range map[string][]float64{"canary": c, "stable": s} {
			if len(x) == 0 {
				continue
			}
			f[name+"P50Ms"], f[name+"P95Ms"] = judge.Quantile(x, 0.5), judge.Quantile(x, 0.95)
			f[name+"P99Ms"], f[name+"MeanMs"] = judge.Quantile(x, 0.99), judge.Mean(x)
		}
		return f
	}
	var out []Check
	if plan.MaxLatencyP99 > 0 {
		r := judge.CompareQuantile(c, 0.99, float64(plan.MaxLatencyP99.D().Milliseconds()), min)
		msg := r.Message
		if r.Verdict == judge.Inconclusive {
			msg = fmt.Sprintf("%d canary latencies so far; judged at %d", len(c), min)
		}
		out = append(out, Check{Name: CheckLatencyP99, Verdict: verdict(r.Verdict), Figures: figures(r), Message: msg})
	}
	if inc := plan.MaxLatencyIncrease; !inc.IsZero() {
		r := judge.CompareLatency(c, s, judge.Latency{MaxIncreaseMs: float64(inc.By.Milliseconds()), MaxRatio: inc.Ratio, MinSamples: min})
		msg := r.Message
		if r.Verdict == judge.Inconclusive {
			msg = fmt.Sprintf("%d canary and %d stable latencies so far; judged at %d of each", len(c), len(s), min)
		}
		out = append(out, Check{Name: CheckLatencyIncrease, Verdict: verdict(r.Verdict), Figures: figures(r), Message: msg})
	}
	return out
}

// finite keeps NaN and infinities out of the record's JSON.
func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
