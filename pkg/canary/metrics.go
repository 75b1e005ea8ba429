package canary

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/yodeldeploy/yodel/pkg/judge"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/metrics"
)

// MetricSource measures a query on a named provider (metrics.Set).
type MetricSource interface {
	Measure(ctx context.Context, provider, query string) (float64, error)
}

// MetricSeries is one metric check's measurements over a partial step,
// kept in the durable Window so that a resumed driver judges the whole
// step. A measurement is good when every query it needs answered with a
// number; a provider error is counted apart and is never a number.
type MetricSeries struct {
	// Canary and Stable are the good measurements, oldest first (Stable
	// only for a check that compares).
	Canary []float64 `json:"canary,omitempty"`
	Stable []float64 `json:"stable,omitempty"`
	// Failed counts the canary measurements outside min/max.
	Failed int `json:"failed,omitempty"`
	// Errors counts the measurements a provider failed.
	Errors int `json:"errors,omitempty"`
	// LastError is why the latest measurement failed; "" when it
	// succeeded.
	LastError string `json:"lastError,omitempty"`
}

// maxMetricSamples bounds a series in the record: a day-long step at a
// 1s interval would otherwise write 86400 numbers per check every time.
// The oldest go first; counts stay exact.
const maxMetricSamples = 1000

func appendCapped(s []float64, v float64) []float64 {
	out := append(append(make([]float64, 0, len(s)+1), s...), v)
	if len(out) > maxMetricSamples {
		out = out[len(out)-maxMetricSamples:]
	}
	return out
}

// measureMetrics queries every metric check of the plan for the canary
// (and stable, to compare), all at once, and returns the window's series
// with this interval's measurements added. The old map is not modified.
func (d *Driver) measureMetrics(ctx context.Context, r *Rollout, old map[string]MetricSeries) map[string]MetricSeries {
	checks := r.Settings.Metrics
	if len(checks) == 0 {
		return old
	}
	type answer struct {
		v   float64
		err error
	}
	got := make([][2]answer, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		tracks := []Track{r.Canary}
		if c.Compares() {
			tracks = append(tracks, r.Stable)
		}
		for k, t := range tracks {
			name := TrackCanary
			if k == 1 {
				name = TrackStable
			}
			q := metrics.Render(c.Query, metrics.TrackVars{Track: name, Service: r.Service, Release: t.Release, App: t.App, Interval: r.Settings.Interval.D()})
			wg.Add(1)
			go func() {
				defer wg.Done()
				if d.Metrics == nil {
					got[i][k].err = fmt.Errorf("metric provider %s: none set up for this driver", c.Provider)
					return
				}
				v, err := d.Metrics.Measure(ctx, c.Provider, q)
				got[i][k] = answer{v, err}
			}()
		}
	}
	wg.Wait()
	out := make(map[string]MetricSeries, len(old)+len(checks))
	for k, v := range old {
		out[k] = v
	}
	for i, c := range checks {
		s := out[c.Name]
		can, st := got[i][0], got[i][1]
		var errs []string
		if can.err != nil {
			errs = append(errs, "canary: "+can.err.Error())
		}
		if c.Compares() && st.err != nil {
			errs = append(errs, "stable: "+st.err.Error())
		}
		if len(errs) > 0 {
			s.Errors++
			s.LastError = strings.Join(errs, "; ")
			out[c.Name] = s
			continue
		}
		s.LastError = ""
		s.Canary = appendCapped(s.Canary, can.v)
		if c.Compares() {
			s.Stable = appendCapped(s.Stable, st.v)
		}
		if outside(c, can.v) {
			s.Failed++
		}
		out[c.Name] = s
	}
	return out
}

// outside says whether a canary measurement breaks min or max.
func outside(c manifest.MetricCheck, v float64) bool {
	return c.Min != nil && v < *c.Min || c.Max != nil && v > *c.Max
}

// metricChecks judges the step's series of each metric check:
//
//   - min/max: each canary measurement is good or failed; more failed
//     measurements than failureLimit fail the check at once (Argo
//     Rollouts' failureLimit);
//   - maxIncrease/maxDecrease: the canary's measurements against stable's
//     with the one-sided Mann-Whitney U test and the Hodges-Lehmann shift
//     (judge.CompareShift), failing when significant and beyond the limit;
//   - the check passes only with minMeasurements good measurements (per
//     track, to compare) and the latest measurement good: a provider
//     error leaves it pending during the step and inconclusive at its
//     end, where maxExtension and onInconclusive decide, as for too few
//     requests.
func metricChecks(plan manifest.CanaryPlan, series map[string]MetricSeries, final bool) []Check {
	var out []Check
	for _, c := range plan.Metrics {
		s := series[c.Name]
		need, limit := c.Needed(), c.Limit()
		fig := map[string]float64{"measurements": float64(len(s.Canary)), "failed": float64(s.Failed), "errors": float64(s.Errors),
			"failureLimit": float64(limit), "minMeasurements": float64(need)}
		if n := len(s.Canary); n > 0 {
			fig["canary"] = finite(s.Canary[n-1])
		}
		if c.Min != nil {
			fig["min"] = *c.Min
		}
		if c.Max != nil {
			fig["max"] = *c.Max
		}
		bounds := thresholdText(c)
		var cmp *judge.Result
		if c.Compares() {
			if n := len(s.Stable); n > 0 {
				fig["stable"] = finite(s.Stable[n-1])
			}
			r := compareSeries(c, s, need)
			cmp = &r
			fig["pValue"], fig["effect"], fig["limit"] = finite(r.PValue), finite(r.Effect), r.Limit
			if len(s.Canary) > 0 {
				fig["canaryMedian"] = judge.Quantile(sortedCopy(s.Canary), 0.5)
			}
			if len(s.Stable) > 0 {
				fig["stableMedian"] = judge.Quantile(sortedCopy(s.Stable), 0.5)
			}
		}
		counts := fmt.Sprintf("%d good measurements, %d outside %s (failureLimit %d), %d provider errors", len(s.Canary), s.Failed, bounds, limit, s.Errors)
		if bounds == "" {
			counts = fmt.Sprintf("%d good measurements, %d provider errors", len(s.Canary), s.Errors)
		}
		unsure := VerdictPending
		if final {
			unsure = VerdictInconclusive
		}
		var verdict, msg string
		switch {
		case s.Failed > limit:
			verdict = VerdictFail
			msg = fmt.Sprintf("%d of %d canary measurements outside %s (latest %s), more than failureLimit %d; %d provider errors",
				s.Failed, len(s.Canary), bounds, fmtMetric(fig["canary"]), limit, s.Errors)
		case cmp != nil && cmp.Verdict == judge.Fail:
			verdict = VerdictFail
			msg = fmt.Sprintf("canary worse than stable: %s", shiftText(c, *cmp))
		case s.LastError != "":
			verdict = unsure
			msg = fmt.Sprintf("provider error (never a pass): %s; %s", s.LastError, counts)
		case len(s.Canary) < need:
			verdict = unsure
			msg = fmt.Sprintf("%s so far; passes at %d (minMeasurements)", counts, need)
		default:
			verdict = VerdictPass
			msg = fmt.Sprintf("canary %s within %s; %s", fmtMetric(fig["canary"]), bounds, counts)
			if bounds == "" {
				msg = counts
			}
			if cmp != nil {
				msg += "; " + shiftText(c, *cmp)
			}
		}
		out = append(out, Check{Name: c.Name, Verdict: verdict, Figures: fig, Message: msg})
	}
	return out
}

// compareSeries compares the series with stable: canary - stable against
// maxIncrease, or stable - canary (both negated) against maxDecrease; the
// stricter when both are set (the one that fails, else the larger p).
func compareSeries(c manifest.MetricCheck, s MetricSeries, need int) judge.Result {
	var res []judge.Result
	if c.MaxIncrease != nil {
		res = append(res, judge.CompareShift(s.Canary, s.Stable, *c.MaxIncrease, int64(need), 0))
	}
	if c.MaxDecrease != nil {
		neg := func(x []float64) []float64 {
			out := make([]float64, len(x))
			for i, v := range x {
				out[i] = -v
			}
			return out
		}
		r := judge.CompareShift(neg(s.Canary), neg(s.Stable), *c.MaxDecrease, int64(need), 0)
		r.Effect = -r.Effect // reported as canary - stable
		res = append(res, r)
	}
	best := res[0]
	for _, r := range res[1:] {
		if r.Verdict == judge.Fail || best.Verdict != judge.Fail && r.PValue < best.PValue {
			best = r
		}
	}
	return best
}

func shiftText(c manifest.MetricCheck, r judge.Result) string {
	if r.Verdict == judge.Inconclusive {
		return fmt.Sprintf("against stable: %s", r.Message)
	}
	var lim []string
	if c.MaxIncrease != nil {
		lim = append(lim, fmt.Sprintf("maxIncrease %s", fmtMetric(*c.MaxIncrease)))
	}
	if c.MaxDecrease != nil {
		lim = append(lim, fmt.Sprintf("maxDecrease %s", fmtMetric(*c.MaxDecrease)))
	}
	return fmt.Sprintf("shift canary - stable %+.4g (%s), p=%.3g (%s, %d vs %d measurements)", r.Effect, strings.Join(lim, ", "), r.PValue, r.Test, r.CanarySamples, r.StableSamples)
}

func thresholdText(c manifest.MetricCheck) string {
	switch {
	case c.Min != nil && c.Max != nil:
		return fmt.Sprintf("[%s, %s]", fmtMetric(*c.Min), fmtMetric(*c.Max))
	case c.Min != nil:
		return "min " + fmtMetric(*c.Min)
	case c.Max != nil:
		return "max " + fmtMetric(*c.Max)
	}
	return ""
}

func fmtMetric(v float64) string {
	if math.Abs(v) >= 1e6 || v != 0 && math.Abs(v) < 1e-3 {
		return fmt.Sprintf("%.4g", v)
	}
	return fmt.Sprintf("%.4f", v)
}

func sortedCopy(x []float64) []float64 {
	out := append([]float64(nil), x...)
	slices.Sort(out)
	return out
}
