package judge

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Textbook values, each worked by hand in the comment.
func TestFisherGreaterKnownValues(t *testing.T) {
	tests := []struct {
		name       string
		a, b, c, d int64
		want       float64
	}{
		// Fisher's lady tasting tea: 3 of 4 milk-first cups right.
		// P(X>=3) = (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = 17/70.
		{"lady tasting tea", 3, 1, 1, 3, 17.0 / 70},
		// Every error in row one of a 2+2 table: 1/C(4,2).
		{"all errors on the canary", 2, 0, 0, 2, 1.0 / 6},
		// No errors at all: nothing to explain.
		{"no errors", 0, 10, 0, 10, 1},
		// Fewer canary errors than expected: P(X>=0) = 1.
		{"canary better", 0, 4, 4, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, FisherGreater(tt.a, tt.b, tt.c, tt.d), 1e-12)
		})
	}
}

func TestTwoProportionZKnownValue(t *testing.T) {
	// 30/200 vs 20/200: pooled 0.125, se = sqrt(.125*.875*(1/200+1/200))
	// = 0.033072, z = 0.05/se = 1.51186, P(N > z) = 0.065285.
	assert.InDelta(t, 0.065285, TwoProportionZGreater(Proportion{30, 200}, Proportion{20, 200}), 1e-6)
	test, p := ErrorRateTest(Proportion{30, 200}, Proportion{20, 200}, 0)
	assert.Equal(t, TestZ, test)
	assert.InDelta(t, 0.065285, p, 1e-6)
	// Against a margin of 2 points: unpooled se = sqrt(.15*.85/200 +
	// .1*.9/200) = 0.032977, z = (0.05-0.02)/se = 0.909718, p = 0.181486.
	assert.InDelta(t, 0.181486, WaldGreater(Proportion{30, 200}, Proportion{20, 200}, 0.02), 1e-5)
	// One error in 100 vs none in 1000: expected canary errors 0.09 < 5, so Fisher:
	// P(X>=1) = 1 - C(1100-1,100)/C(1100,100) ... = 100/1100.
	test, p = ErrorRateTest(Proportion{1, 100}, Proportion{0, 1000}, 0)
	assert.Equal(t, TestFisher, test)
	assert.InDelta(t, 100.0/1100, p, 1e-12)
	// With a margin, small counts: the binomial tail at stable + margin.
	// P(X >= 2 | 10, 0.1) = 1 - 0.9^10 - 10(0.1)(0.9^9) = 0.263901.
	test, p = ErrorRateTest(Proportion{2, 10}, Proportion{0, 1000}, 0.1)
	assert.Equal(t, TestBinomial, test)
	assert.InDelta(t, 0.2639010, p, 1e-6)
	assert.Equal(t, 1.0, BinomialGreater(0, 10, 0.5))
}

func TestMannWhitneyKnownValues(t *testing.T) {
	// SciPy's mannwhitneyu example: U = 17; exact two-sided p = 0.1111,
	// so one-sided 7/126 (partitions of 0..3 in a 5x4 box: 1+1+2+3).
	males := sorted([]float64{19, 22, 16, 29, 24})
	females := sorted([]float64{20, 11, 17, 12})
	mw := MannWhitneyGreater(males, females)
	assert.True(t, mw.Exact)
	assert.Equal(t, 17.0, mw.U)
	assert.InDelta(t, 7.0/126, mw.P, 1e-12)

	// Ties: R's wilcox.test(c(3,4,4,5,6,7), c(1,2,3,4,4,5), alternative =
	// "greater") gives W = 28, p = 0.06007 (normal, tie-corrected,
	// continuity correction).
	mw = MannWhitneyGreater([]float64{3, 4, 4, 5, 6, 7}, []float64{1, 2, 3, 4, 4, 5})
	assert.False(t, mw.Exact)
	assert.Equal(t, 28.0, mw.U)
	assert.InDelta(t, 0.060072, mw.P, 1e-6)
}

func TestExactDistribution(t *testing.T) {
	// m = n = 3: the 20 arrangements have U = 0..9 with counts
	// 1 1 2 3 3 3 3 2 1 1.
	counts := []float64{1, 1, 2, 3, 3, 3, 3, 2, 1, 1}
	tail := 0.0
	for u := 9; u >= 0; u-- {
		tail += counts[u]
		assert.InDelta(t, tail/20, exactUpper(3, 3, u), 1e-12, "P(U >= %d)", u)
	}
}

func TestQuantileAndHodgesLehmann(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	assert.Equal(t, 2.5, Quantile(x, 0.5))
	assert.InDelta(t, 3.97, Quantile(x, 0.99), 1e-12)
	assert.Equal(t, 1.0, Quantile(x, 0))
	assert.Equal(t, 4.0, Quantile(x, 1))
	assert.True(t, math.IsNaN(Quantile(nil, 0.5)))
	assert.Equal(t, 2.5, Mean(x))
	// Differences 1,2,3 (y = 0): median 2.
	assert.InDelta(t, 2.0, HodgesLehmann([]float64{1, 2, 3}, []float64{0}), 1e-9)
	// A shifted copy: the estimate is the shift.
	assert.InDelta(t, 200.0, HodgesLehmann([]float64{210, 220, 230}, []float64{10, 20, 30}), 1e-9)
	// Even count of differences: (1,2 - 0) -> median of 1,2 = 1.5.
	assert.InDelta(t, 1.5, HodgesLehmann([]float64{1, 2}, []float64{0}), 1e-9)
}

// Properties over random samples.
func TestMannWhitneyProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for run := 0; run < 300; run++ {
		n1, n2 := 1+rng.IntN(40), 1+rng.IntN(40)
		x, y := make([]float64, n1), make([]float64, n2)
		for i := range x {
			x[i] = float64(rng.IntN(30)) // ties now and then
		}
		for i := range y {
			y[i] = float64(rng.IntN(30))
		}
		sort.Float64s(x)
		sort.Float64s(y)
		a, b := MannWhitneyGreater(x, y), MannWhitneyGreater(y, x)
		require.InDelta(t, float64(n1*n2), a.U+b.U, 1e-9, "U1 + U2 = n1 n2")
		require.True(t, a.P >= 0 && a.P <= 1, "p in [0,1]: %v", a.P)
		// U counts the pairs with x slower, ties one half.
		pairs := 0.0
		for _, u := range x {
			for _, v := range y {
				if u > v {
					pairs++
				} else if u == v {
					pairs += 0.5
				}
			}
		}
		require.Equal(t, pairs, a.U)
		// Shifting x up never makes "x is slower" less likely.
		shifted := make([]float64, n1)
		for i := range x {
			shifted[i] = x[i] + 100
		}
		require.LessOrEqual(t, MannWhitneyGreater(shifted, y).P, a.P+1e-12)
	}
}

func TestFisherAndZProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for run := 0; run < 300; run++ {
		n1, n2 := int64(1+rng.IntN(300)), int64(1+rng.IntN(300))
		k1, k2 := rng.Int64N(n1+1), rng.Int64N(n2+1)
		p := FisherGreater(k1, n1-k1, k2, n2-k2)
		require.True(t, p > 0 && p <= 1, "p in (0,1]: %v", p)
		if k1 < n1 && k2 > 0 {
			// One more canary error (and one fewer stable error) with the
			// margins kept is stronger evidence.
			require.LessOrEqual(t, FisherGreater(k1+1, n1-k1-1, k2-1, n2-k2+1), p+1e-12)
		}
		_, pz := ErrorRateTest(Proportion{k1, n1}, Proportion{k2, n2}, 0.005)
		require.True(t, pz >= 0 && pz <= 1)
	}
}

func TestCompareErrorRates(t *testing.T) {
	cfg := ErrorRates{MaxIncrease: 0.005, MinSamples: 100}
	tests := []struct {
		name           string
		canary, stable Proportion
		want           string
	}{
		{"too few canary requests", Proportion{10, 99}, Proportion{0, 10000}, Inconclusive},
		{"same rate", Proportion{10, 1000}, Proportion{100, 10000}, Pass},
		// 3% vs 1% over 1000/10000: z ~ 6, far past alpha, +2 points > 0.5.
		{"much worse", Proportion{30, 1000}, Proportion{100, 10000}, Fail},
		// Significant but within the allowed increase: 1.3% vs 1% over
		// a million each is p ~ 0 but +0.3 points.
		{"significant but small", Proportion{13000, 1000000}, Proportion{10000, 1000000}, Pass},
		// Large but not significant: 2 errors in 100 vs 0 in 100.
		{"large but thin", Proportion{2, 100}, Proportion{0, 100}, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := CompareErrorRates(tt.canary, tt.stable, cfg)
			assert.Equal(t, tt.want, r.Verdict, r.Message)
			assert.Equal(t, tt.canary.N, r.CanarySamples)
			assert.NotEmpty(t, r.Message)
		})
	}
}

func TestCompareLatencyAndQuantile(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	base := func(n int, shift float64) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = 20 + 5*rng.ExpFloat64() + shift
		}
		return out
	}
	cfg := Latency{MaxIncreaseMs: 50, MinSamples: 50}
	r := CompareLatency(base(49, 0), base(1000, 0), cfg)
	assert.Equal(t, Inconclusive, r.Verdict)
	r = CompareLatency(base(200, 200), base(1000, 0), cfg)
	assert.Equal(t, Fail, r.Verdict, r.Message)
	assert.InDelta(t, 200, r.Effect, 5)
	assert.Less(t, r.PValue, 1e-10)
	// A 20 ms shift is significant but allowed.
	r = CompareLatency(base(200, 20), base(1000, 0), cfg)
	assert.Equal(t, Pass, r.Verdict, r.Message)
	// The ratio limit: 1.2 x a ~23 ms median allows ~5 ms, so 20 ms fails.
	r = CompareLatency(base(200, 20), base(1000, 0), Latency{MaxRatio: 1.2, MinSamples: 50})
	assert.Equal(t, Fail, r.Verdict, r.Message)
	// Both limits: the smaller one counts.
	assert.Equal(t, 10.0, Latency{MaxIncreaseMs: 10, MaxRatio: 2}.limitMs(100))
	assert.InDelta(t, 20.0, Latency{MaxIncreaseMs: 100, MaxRatio: 1.2}.limitMs(100), 1e-9)

	q := CompareQuantile([]float64{1, 2, 3, 4, 500}, 0.99, 300, 5)
	assert.Equal(t, Fail, q.Verdict, q.Message)
	q = CompareQuantile([]float64{1, 2, 3, 4, 5}, 0.99, 300, 5)
	assert.Equal(t, Pass, q.Verdict, q.Message)
	q = CompareQuantile([]float64{1, 2}, 0.99, 300, 5)
	assert.Equal(t, Inconclusive, q.Verdict)
}
