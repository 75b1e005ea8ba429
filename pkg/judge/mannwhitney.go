package judge

import "math"

// MW is a Mann-Whitney U test's result.
type MW struct {
	// U is the canary's U statistic: how many (canary, stable) pairs have
	// the canary slower, ties counting one half.
	U float64
	// Z is the normal score of U (0 for an exact test).
	Z float64
	// P is the one-sided p-value of "the canary is slower".
	P float64
	// Exact: P is from U's exact distribution (small samples, no ties).
	Exact bool
}

// exactMax is the largest sample on either side judged with U's exact
// distribution (C(40,20) arrangements fit a float64 exactly); larger
// samples use the normal approximation, which is good by then.
const exactMax = 20

// MannWhitneyGreater tests whether x (canary) tends to be larger than y
// (stable); both must be sorted. Ties get mid-ranks; with ties or larger
// samples the p-value is the normal approximation with the tie-corrected
// variance and a continuity correction (as R's wilcox.test and SciPy's
// mannwhitneyu), otherwise U's exact distribution.
func MannWhitneyGreater(x, y []float64) MW {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return MW{P: 1}
	}
	// Merge the two sorted samples, giving each run of equal values its
	// mid-rank, and sum the ranks of x.
	var rx, ties float64
	i, j, rank := 0, 0, 0
	for i < n1 || j < n2 {
		var v float64
		switch {
		case j >= n2 || i < n1 && x[i] <= y[j]:
			v = x[i]
		default:
			v = y[j]
		}
		cx, cy := 0, 0
		for i < n1 && x[i] == v {
			i++
			cx++
		}
		for j < n2 && y[j] == v {
			j++
			cy++
		}
		t := cx + cy
		mid := float64(rank) + float64(t+1)/2
		rx += float64(cx) * mid
		rank += t
		if t > 1 {
			ties += float64(t*t*t - t)
		}
	}
	fn1, fn2 := float64(n1), float64(n2)
	u := rx - fn1*(fn1+1)/2
	if ties == 0 && n1 <= exactMax && n2 <= exactMax {
		return MW{U: u, P: exactUpper(n1, n2, int(math.Round(u))), Exact: true}
	}
	n := fn1 + fn2
	mu := fn1 * fn2 / 2
	sigma := math.Sqrt(fn1 * fn2 / 12 * ((n + 1) - ties/(n*(n-1))))
	if sigma == 0 {
		return MW{U: u, P: 1} // every value equal: no evidence either way
	}
	z := (u - mu - 0.5) / sigma
	return MW{U: u, Z: z, P: math.Min(1, upperTail(z))}
}

// exactUpper is P(U >= u) for samples of m and n without ties: the
// coefficients of the Gaussian binomial [m+n choose m] count the
// arrangements with each U.
func exactUpper(m, n, u int) float64 {
	c := make([]float64, m*n+1)
	c[0] = 1
	for i := 1; i <= m; i++ {
		// times (1 - q^(n+i))
		for k := len(c) - 1; k >= n+i; k-- {
			c[k] -= c[k-n-i]
		}
		// divided by (1 - q^i)
		for k := i; k < len(c); k++ {
			c[k] += c[k-i]
		}
	}
	total, tail := 0.0, 0.0
	for k, v := range c {
		total += v
		if k >= u {
			tail += v
		}
	}
	return tail / total
}

// HodgesLehmann is the Hodges-Lehmann estimate of the shift from y to x:
// the median of all differences x_i - y_j. Both must be sorted. The
// n1*n2 differences are never listed: the k-th smallest is found by
// bisection on its value, counting the differences at or below a
// candidate with one merge-like pass (O((n1+n2) log range)), so a window
// of 10000 latencies per track costs a millisecond, not a sort of 10^8.
func HodgesLehmann(x, y []float64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return math.NaN()
	}
	n := int64(len(x)) * int64(len(y))
	// Type-7 median of n values: the mean of order statistics lo and hi
	// (1-based), equal when n is odd.
	lo, hi := (n+1)/2, n/2+1
	return (kthDiff(x, y, lo) + kthDiff(x, y, hi)) / 2
}

// kthDiff is the k-th smallest (1-based) of x_i - y_j, x and y sorted.
func kthDiff(x, y []float64, k int64) float64 {
	lo, hi := x[0]-y[len(y)-1], x[len(x)-1]-y[0]
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi || hi-lo <= 1e-9*math.Max(1, math.Abs(hi)) {
			break // a nanosecond's bracket (in ms), or adjacent floats
		}
		if countAtMost(x, y, mid) >= k {
			hi = mid
		} else {
			lo = mid
		}
	}
	if countAtMost(x, y, lo) >= k {
		return lo
	}
	return hi
}

// countAtMost counts the pairs with x_i - y_j <= d: for each x_i (rising)
// the y_j >= x_i - d, whose first index only rises.
func countAtMost(x, y []float64, d float64) int64 {
	var c int64
	j := 0
	for _, a := range x {
		for j < len(y) && y[j] < a-d {
			j++
		}
		c += int64(len(y) - j)
	}
	return c
}
