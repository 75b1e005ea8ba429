// Package stattest judges a share observed in a sample (k of n requests
// answered by the canary) against the share the product is meant to give,
// with a bound that holds for the sample size: the Wilson score interval
// at a per-assertion confidence of 1 - Alpha.
//
// A fixed tolerance ("10% ± 1 point") is wrong both ways: over ~1000
// requests one point is about one standard deviation of a 10% share, so a
// correct split fails about one run in three; over 100000 it would pass a
// broken one. The interval narrows with the sample, and Check refuses a
// sample too small to tell a broken split from a correct one.
//
// The bound assumes independent requests (binomial); HAProxy's weighted
// round-robin spreads requests more evenly than that, so the bound is
// conservative for it. Exact weights are asserted elsewhere, from HAProxy's
// own state; these checks are for what clients actually saw.
package stattest

import (
	"fmt"
	"math"
	"testing"
)

// Alpha is the chance that a correct product fails one assertion: one in
// a million, so a suite with a few dozen of them flakes about once in
// tens of thousands of runs for statistical reasons.
const Alpha = 1e-6

// Z is the two-sided standard normal quantile for alpha: P(|N| > Z) = alpha.
func Z(alpha float64) float64 { return math.Sqrt2 * math.Erfinv(1-alpha) }

// Wilson is the Wilson score interval for k successes in n trials at
// confidence 1 - alpha. It stays inside [0, 1] and is sound at k = 0 or
// k = n, where the normal approximation collapses to a point.
func Wilson(k, n int, alpha float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := Z(alpha)
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

func consistent(k, n int, want float64) bool {
	lo, hi := Wilson(k, n, Alpha)
	return lo <= want && want <= hi
}

// MinSamples is the smallest sample at which Check rejects both a share
// of zero and twice the wanted share (mirrored for shares above one half:
// all, and 1 - 2(1 - want)). With fewer, a split that is plainly broken
// (no traffic to the canary, or a 20% canary where 10% is wanted) could
// pass, so Check fails the test instead. 10% needs 216 requests, 20% 96,
// 50% 24.
func MinSamples(want float64) int {
	q := math.Min(want, 1-want)
	if q <= 0 {
		return 1
	}
	for n := 1; n < 1<<24; n++ {
		double := int(math.Ceil(2 * q * float64(n)))
		if !consistent(0, n, q) && !consistent(double, n, q) {
			return n
		}
	}
	return 1 << 24
}

// Check returns nil when k of n is consistent with the wanted share at
// confidence 1 - Alpha, and an error saying why not otherwise (also when
// n is below MinSamples(want)). what names the share in the message.
func Check(k, n int, want float64, what string) error {
	if want < 0 || want > 1 || math.IsNaN(want) {
		return fmt.Errorf("%s: wanted share %v is not a fraction", what, want)
	}
	if k < 0 || k > n {
		return fmt.Errorf("%s: %d of %d is not a sample", what, k, n)
	}
	if min := MinSamples(want); n < min {
		return fmt.Errorf("%s: %d of %d requests is too small a sample to judge a %.4g%% share (at least %d needed)",
			what, k, n, want*100, min)
	}
	lo, hi := Wilson(k, n, Alpha)
	if want < lo || want > hi {
		return fmt.Errorf("%s: %d of %d requests (%.2f%%), wanted %.4g%%: outside [%.2f%%, %.2f%%], the %.4f%% confidence interval for that sample",
			what, k, n, 100*float64(k)/float64(n), want*100, lo*100, hi*100, 100*(1-Alpha))
	}
	return nil
}

// Share fails t unless k of n is consistent with the wanted share (Check);
// it reports whether it is, and logs the sample either way.
func Share(t testing.TB, k, n int, want float64, what string) bool {
	t.Helper()
	if err := Check(k, n, want, what); err != nil {
		t.Error(err)
		return false
	}
	lo, hi := Wilson(k, n, Alpha)
	t.Logf("%s: %d of %d requests (%.2f%%), wanted %.4g%%, interval [%.2f%%, %.2f%%]",
		what, k, n, 100*float64(k)/float64(n), want*100, lo*100, hi*100)
	return true
}
