// Package judge compares a canary with the stable release it would replace,
// with statistics rather than bare thresholds: error rates with a one-sided
// significance test (Fisher's exact test while counts are small, the pooled
// two-proportion z-test beyond), latency distributions with the
// Mann-Whitney U rank test (as Kayenta judges), both behind a minimum
// sample size.
//
// A comparison fails only when the canary is worse with significance AND
// by more than the allowed effect: significance alone fails a canary 1 ms
// slower over a million requests; an effect alone fails a canary whose
// first twenty requests happened to be slow. With fewer samples than the
// minimum the result is inconclusive, never a pass: the caller decides
// (extend the step, or follow onInconclusive).
//
// Every Result carries its numbers (test, p-value, effect, samples), so a
// judgement can be shown and recorded, not just obeyed.
package judge

import (
	"fmt"
	"math"
	"sort"
)

// Verdicts of a comparison.
const (
	Pass         = "pass"
	Fail         = "fail"
	Inconclusive = "inconclusive"
)

// Tests a Result names.
const (
	TestFisher      = "fisher-exact"
	TestBinomial    = "exact-binomial"
	TestZ           = "two-proportion-z"
	TestMannWhitney = "mann-whitney-u"
	TestThreshold   = "threshold"
)

// DefaultAlpha is the one-sided significance level of a comparison. A
// partial step is judged every interval, so an identical canary meets a
// p below alpha now and then; the allowed effect is what keeps that from
// failing it (the effect must also exceed the limit).
const DefaultAlpha = 0.05

// Result is one comparison of canary against stable.
type Result struct {
	Verdict string  `json:"verdict"`
	Test    string  `json:"test"`
	PValue  float64 `json:"pValue"`
	// Effect is how much worse the canary is: a difference of error
	// rates (canary - stable), or a latency shift in milliseconds (the
	// Hodges-Lehmann estimate of canary - stable).
	Effect float64 `json:"effect"`
	// Limit is the largest effect allowed (rates, or milliseconds).
	Limit         float64 `json:"limit"`
	CanarySamples int64   `json:"canarySamples"`
	StableSamples int64   `json:"stableSamples"`
	Message       string  `json:"message"`
}

// Proportion is k events (errors) in n trials (requests).
type Proportion struct {
	K, N int64
}

// Rate is K/N, 0 for an empty sample.
func (p Proportion) Rate() float64 {
	if p.N <= 0 {
		return 0
	}
	return float64(p.K) / float64(p.N)
}

// ErrorRates configures CompareErrorRates.
type ErrorRates struct {
	// MaxIncrease is the largest canary - stable error rate allowed
	// (0.005 is half a percentage point).
	MaxIncrease float64
	// MinSamples is the fewest canary requests judged; the stable track
	// must have as many (it has more at any share below one half).
	MinSamples int64
	// Alpha is the significance level (DefaultAlpha when 0).
	Alpha float64
}

// CompareErrorRates judges whether the canary's error rate is above the
// stable's by more than cfg.MaxIncrease, with significance: a
// non-inferiority test, so an identical canary fails only when chance puts
// it MaxIncrease ahead, not whenever it is ahead at all.
func CompareErrorRates(canary, stable Proportion, cfg ErrorRates) Result {
	alpha := orAlpha(cfg.Alpha)
	r := Result{CanarySamples: canary.N, StableSamples: stable.N, Limit: cfg.MaxIncrease,
		Effect: canary.Rate() - stable.Rate(), PValue: 1}
	if canary.N < cfg.MinSamples || stable.N < cfg.MinSamples || canary.N <= 0 || stable.N <= 0 {
		r.Verdict, r.Test = Inconclusive, TestZ
		r.Message = fmt.Sprintf("%d canary and %d stable requests, %d of each needed", canary.N, stable.N, max(cfg.MinSamples, 1))
		return r
	}
	r.Test, r.PValue = ErrorRateTest(canary, stable, cfg.MaxIncrease)
	rel := r.decide(alpha)
	r.Message = fmt.Sprintf("canary %.2f%% (%d/%d) vs stable %.2f%% (%d/%d): %+.2f points %s %.2f, p=%.3g (%s, alpha %.3g)",
		100*canary.Rate(), canary.K, canary.N, 100*stable.Rate(), stable.K, stable.N, 100*r.Effect, rel, 100*cfg.MaxIncrease, r.PValue, r.Test, alpha)
	return r
}

// decide sets the verdict of a comparison with enough samples: fail only
// when significant and beyond the limit. It returns how the effect
// compares with the limit, for the message.
func (r *Result) decide(alpha float64) (rel string) {
	r.Verdict, rel = Pass, "<="
	if r.Effect > r.Limit {
		rel = ">"
		if r.PValue < alpha {
			r.Verdict = Fail
		}
	}
	return rel
}

// ErrorRateTest is the one-sided p-value of "the canary's error rate is
// above the stable's by more than margin". While an expected cell of the
// 2x2 table is below 5 the normal approximation is poor, so the test is
// exact: Fisher's (of any increase) for margin 0, else the binomial tail
// of the canary's errors at the stable's rate plus the margin. Otherwise
// it is the z-test: pooled for margin 0, else the unpooled Wald test of
// the difference against the margin.
func ErrorRateTest(canary, stable Proportion, margin float64) (test string, p float64) {
	n := canary.N + stable.N
	k := canary.K + stable.K
	minRow := min(canary.N, stable.N)
	minCol := min(k, n-k)
	small := n > 0 && float64(minRow)*float64(minCol)/float64(n) < 5
	switch {
	case small && margin > 0:
		return TestBinomial, BinomialGreater(canary.K, canary.N, math.Min(1, stable.Rate()+margin))
	case small:
		return TestFisher, FisherGreater(canary.K, canary.N-canary.K, stable.K, stable.N-stable.K)
	case margin > 0:
		return TestZ, WaldGreater(canary, stable, margin)
	}
	return TestZ, TwoProportionZGreater(canary, stable)
}

// BinomialGreater is P(X >= k) for X ~ Binomial(n, p).
func BinomialGreater(k, n int64, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	lp, lq := math.Log(p), math.Log1p(-p)
	tail := 0.0
	for x := k; x <= n; x++ {
		tail += math.Exp(lchoose(n, x) + float64(x)*lp + float64(n-x)*lq)
	}
	return math.Min(1, tail)
}

// FisherGreater is the one-sided p-value of Fisher's exact test on the
// table [[a, b], [c, d]] (row one the canary: a errors, b successes): the
// probability, with the margins fixed, of a or more errors in row one.
func FisherGreater(a, b, c, d int64) float64 {
	row1, col1 := a+b, a+c
	n := a + b + c + d
	if n == 0 {
		return 1
	}
	hi := min(row1, col1)
	base := lchoose(n, row1)
	p := 0.0
	for x := a; x <= hi; x++ {
		p += math.Exp(lchoose(col1, x) + lchoose(n-col1, row1-x) - base)
	}
	return math.Min(1, p)
}

// TwoProportionZGreater is the one-sided p-value of the pooled
// two-proportion z-test of "canary's rate > stable's".
func TwoProportionZGreater(canary, stable Proportion) float64 {
	if canary.N <= 0 || stable.N <= 0 {
		return 1
	}
	pool := float64(canary.K+stable.K) / float64(canary.N+stable.N)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(canary.N) + 1/float64(stable.N)))
	return zGreater(canary.Rate()-stable.Rate(), se)
}

// WaldGreater is the one-sided p-value of "canary's rate - stable's >
// margin", with the unpooled standard error of the difference.
func WaldGreater(canary, stable Proportion, margin float64) float64 {
	if canary.N <= 0 || stable.N <= 0 {
		return 1
	}
	pc, ps := canary.Rate(), stable.Rate()
	se := math.Sqrt(pc*(1-pc)/float64(canary.N) + ps*(1-ps)/float64(stable.N))
	return zGreater(pc-ps-margin, se)
}

func zGreater(diff, se float64) float64 {
	if se == 0 {
		if diff > 0 {
			return 0
		}
		return 1
	}
	return upperTail(diff / se)
}

// upperTail is P(N > z) for a standard normal N.
func upperTail(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

func lchoose(n, k int64) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

func orAlpha(a float64) float64 {
	if a <= 0 || a >= 1 || math.IsNaN(a) {
		return DefaultAlpha
	}
	return a
}

// Latency configures CompareLatency. At least one of MaxIncreaseMs and
// MaxRatio should be set; with neither, any significant slowdown fails.
type Latency struct {
	// MaxIncreaseMs is the largest shift allowed (canary - stable, ms).
	MaxIncreaseMs float64
	// MaxRatio is the largest shift allowed as a ratio of the stable's
	// median (1.2 lets the canary be 20% slower).
	MaxRatio float64
	// MinSamples is the fewest latencies judged on each track.
	MinSamples int64
	// Alpha is the significance level (DefaultAlpha when 0).
	Alpha float64
}

// limitMs is the shift the configuration allows over a stable median of
// med ms: the smaller of the two limits set, 0 with neither.
func (cfg Latency) limitMs(med float64) float64 {
	limit := math.Inf(1)
	if cfg.MaxIncreaseMs > 0 {
		limit = cfg.MaxIncreaseMs
	}
	if cfg.MaxRatio > 0 {
		limit = math.Min(limit, (cfg.MaxRatio-1)*med)
	}
	if math.IsInf(limit, 1) {
		return 0
	}
	return limit
}

// CompareLatency judges whether the canary's latencies (ms) are above the
// stable's by more than the configured shift, with significance: the
// one-sided Mann-Whitney U test, and the Hodges-Lehmann estimate of the
// shift as the effect. The samples are not modified.
func CompareLatency(canary, stable []float64, cfg Latency) Result {
	alpha := orAlpha(cfg.Alpha)
	r := Result{Test: TestMannWhitney, PValue: 1, CanarySamples: int64(len(canary)), StableSamples: int64(len(stable))}
	if int64(len(canary)) < max(cfg.MinSamples, 1) || int64(len(stable)) < max(cfg.MinSamples, 1) {
		r.Verdict = Inconclusive
		r.Message = fmt.Sprintf("%d canary and %d stable latencies, %d of each needed", len(canary), len(stable), max(cfg.MinSamples, 1))
		return r
	}
	c, s := sorted(canary), sorted(stable)
	mw := MannWhitneyGreater(c, s)
	r.PValue = mw.P
	r.Effect = HodgesLehmann(c, s)
	med := Quantile(s, 0.5)
	r.Limit = cfg.limitMs(med)
	rel := r.decide(alpha)
	r.Message = fmt.Sprintf("canary median %.1fms vs stable %.1fms: shift %+.1fms %s %.1fms, p=%.3g (%s, U=%.0f, %d vs %d, alpha %.3g)",
		Quantile(c, 0.5), med, r.Effect, rel, r.Limit, r.PValue, r.Test, mw.U, len(c), len(s), alpha)
	return r
}

// CompareQuantile is a threshold check: the canary's q-quantile of
// latencies (ms) must not be above max. Below minSamples it is
// inconclusive: a p99 of 50 requests is their second slowest.
func CompareQuantile(canary []float64, q, maxMs float64, minSamples int64) Result {
	r := Result{Test: TestThreshold, PValue: math.NaN(), Limit: maxMs, CanarySamples: int64(len(canary))}
	if int64(len(canary)) < max(minSamples, 1) {
		r.Verdict = Inconclusive
		r.Message = fmt.Sprintf("%d canary latencies, %d needed", len(canary), max(minSamples, 1))
		return r
	}
	r.Effect = Quantile(sorted(canary), q)
	r.Verdict, r.Message = Pass, fmt.Sprintf("canary p%g %.1fms <= %.1fms (%d requests)", q*100, r.Effect, maxMs, len(canary))
	if r.Effect > maxMs {
		r.Verdict, r.Message = Fail, fmt.Sprintf("canary p%g %.1fms > %.1fms (%d requests)", q*100, r.Effect, maxMs, len(canary))
	}
	r.PValue = 0 // a threshold has no p-value; 0 keeps JSON encodable
	return r
}

func sorted(x []float64) []float64 {
	out := append([]float64(nil), x...)
	sort.Float64s(out)
	return out
}

// Quantile is the q-quantile of sorted x by linear interpolation between
// closest ranks (R's type 7, numpy's default); NaN for an empty x.
func Quantile(sortedX []float64, q float64) float64 {
	n := len(sortedX)
	if n == 0 {
		return math.NaN()
	}
	h := (float64(n) - 1) * math.Max(0, math.Min(1, q))
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= n {
		return sortedX[n-1]
	}
	return sortedX[i] + (h-lo)*(sortedX[i+1]-sortedX[i])
}

// Mean of x, NaN when empty.
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// CompareShift judges whether the canary's measurements (of any metric,
// one per interval) are above stable's by more than maxIncrease, with
// significance: the one-sided Mann-Whitney U test, and the Hodges-Lehmann
// shift as the effect, as CompareLatency does for latencies and Kayenta
// does for metric series. For a metric where lower is worse, pass both
// negated. Below minSamples on either side it is inconclusive.
func CompareShift(canary, stable []float64, maxIncrease float64, minSamples int64, alpha float64) Result {
	alpha = orAlpha(alpha)
	r := Result{Test: TestMannWhitney, PValue: 1, Limit: maxIncrease, CanarySamples: int64(len(canary)), StableSamples: int64(len(stable))}
	if int64(len(canary)) < max(minSamples, 1) || int64(len(stable)) < max(minSamples, 1) {
		r.Verdict = Inconclusive
		r.Message = fmt.Sprintf("%d canary and %d stable measurements, %d of each needed", len(canary), len(stable), max(minSamples, 1))
		return r
	}
	c, s := sorted(canary), sorted(stable)
	mw := MannWhitneyGreater(c, s)
	r.PValue, r.Effect = mw.P, HodgesLehmann(c, s)
	rel := r.decide(alpha)
	r.Message = fmt.Sprintf("canary median %.4g vs stable %.4g: shift %+.4g %s %.4g, p=%.3g (%s, U=%.0f, %d vs %d, alpha %.3g)",
		Quantile(c, 0.5), Quantile(s, 0.5), r.Effect, rel, r.Limit, r.PValue, r.Test, mw.U, len(c), len(s), alpha)
	return r
}
