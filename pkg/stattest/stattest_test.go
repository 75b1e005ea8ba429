package stattest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestZ(t *testing.T) {
	for _, c := range []struct{ alpha, z float64 }{{0.05, 1.959964}, {0.01, 2.575829}, {1e-6, 4.891638}} {
		if got := Z(c.alpha); math.Abs(got-c.z) > 1e-5 {
			t.Errorf("Z(%g) = %.6f, want %.6f", c.alpha, got, c.z)
		}
	}
}

func TestWilsonKnownValues(t *testing.T) {
	// 95%, 10 of 100: [0.0552, 0.1744] (Wilson 1927; Newcombe 1998, table I).
	lo, hi := Wilson(10, 100, 0.05)
	if math.Abs(lo-0.0552) > 5e-4 || math.Abs(hi-0.1744) > 5e-4 {
		t.Errorf("Wilson(10, 100, 0.05) = [%.4f, %.4f], want [0.0552, 0.1744]", lo, hi)
	}
	// At k = 0 the upper bound is z²/(n+z²), not the normal approximation's 0.
	z := Z(Alpha)
	if _, hi := Wilson(0, 1000, Alpha); math.Abs(hi-z*z/(1000+z*z)) > 1e-12 {
		t.Errorf("Wilson(0, 1000) upper bound %v, want %v", hi, z*z/(1000+z*z))
	}
	if lo, hi := Wilson(1000, 1000, Alpha); hi != 1 || lo >= 1 {
		t.Errorf("Wilson(1000, 1000) = [%v, %v], want [<1, 1]", lo, hi)
	}
}

func TestMinSamples(t *testing.T) {
	for _, c := range []struct {
		want     float64
		min, max int
	}{{0.10, 216, 216}, {0.50, 24, 24}, {0.90, 216, 216}, {0.20, 96, 96}, {0, 1, 1}, {1, 1, 1}} {
		n := MinSamples(c.want)
		if n < c.min || n > c.max {
			t.Errorf("MinSamples(%v) = %d, want %d..%d", c.want, n, c.min, c.max)
		}
	}
	if a, b := MinSamples(0.1), MinSamples(0.9); a != b {
		t.Errorf("MinSamples is not symmetric: %d at 10%%, %d at 90%%", a, b)
	}
}

// TestCheckCatchesBrokenSplits: the bound is wide enough for a correct
// split on a busy machine and still fails the bugs a split test is for.
func TestCheckCatchesBrokenSplits(t *testing.T) {
	n := MinSamples(0.10)
	for _, c := range []struct {
		name    string
		k, n    int
		want    float64
		failing string // "" when it must pass
	}{
		{"the CI run that failed with a ±1 point tolerance: 8.96% of 950", 85, 950, 0.10, ""},
		{"exactly the wanted share", 100, 1000, 0.10, ""},
		{"a 50% split where 10% is wanted", 500, 1000, 0.10, "outside"},
		{"a 50% split where 10% is wanted, smallest sample", n / 2, n, 0.10, "outside"},
		{"no canary traffic at 10%, smallest sample", 0, n, 0.10, "outside"},
		{"double the share at 10%, smallest sample", int(math.Ceil(0.2 * float64(n))), n, 0.10, "outside"},
		{"no canary traffic where 50% is wanted", 0, 250, 0.50, "outside"},
		{"10% where 50% is wanted", 25, 250, 0.50, "outside"},
		{"the stable release still answering after the shift", 999, 1000, 1, "outside"},
		{"all traffic where all is wanted", 250, 250, 1, ""},
		{"a sample too small to tell 10% from 0%", 0, 100, 0.10, "too small"},
		{"not a sample", 5, 4, 0.10, "not a sample"},
		{"not a share", 5, 400, 10, "not a fraction"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.k, c.n, c.want, "canary")
			switch {
			case c.failing == "" && err != nil:
				t.Fatalf("Check(%d, %d, %v) = %v, want nil", c.k, c.n, c.want, err)
			case c.failing != "" && (err == nil || !strings.Contains(err.Error(), c.failing)):
				t.Fatalf("Check(%d, %d, %v) = %v, want an error with %q", c.k, c.n, c.want, err, c.failing)
			}
		})
	}
}

// TestCheckFalseFailures draws binomial samples (seeded: the test itself
// is deterministic) of correct splits at the sizes the end-to-end tests
// see: none may fail at Alpha = 1e-6, and at alpha = 5% the interval
// misses about 5% of the time (it is a real confidence interval, not
// one so wide it passes anything).
func TestCheckFalseFailures(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(n int, p float64) int {
		k := 0
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		return k
	}
	for _, p := range []float64{0.10, 0.50} {
		for _, n := range []int{MinSamples(p), 1000} {
			misses5 := 0
			const runs = 1000
			for range runs {
				k := draw(n, p)
				if err := Check(k, n, p, fmt.Sprintf("%v of %d", p, n)); err != nil {
					t.Fatalf("a correct split failed: %v", err)
				}
				if lo, hi := Wilson(k, n, 0.05); p < lo || p > hi {
					misses5++
				}
			}
			if rate := float64(misses5) / runs; rate < 0.02 || rate > 0.09 {
				t.Errorf("p=%v n=%d: the 95%% interval missed %.1f%% of samples, want about 5%%", p, n, rate*100)
			}
		}
	}
}

// tb records failures instead of failing the test running it.
type tb struct {
	testing.TB
	errors []string
}

func (f *tb) Helper()                   {}
func (f *tb) Error(args ...any)         { f.errors = append(f.errors, fmt.Sprint(args...)) }
func (f *tb) Logf(string, ...any)       {}
func (f *tb) Errorf(s string, a ...any) { f.errors = append(f.errors, fmt.Sprintf(s, a...)) }

func TestShareFailsTheTest(t *testing.T) {
	f := &tb{}
	if Share(f, 500, 1000, 0.10, "canary share at partial[0]") || len(f.errors) != 1 {
		t.Fatalf("Share passed a 50%% split where 10%% is wanted (errors %q)", f.errors)
	}
	if !strings.Contains(f.errors[0], "canary share at partial[0]: 500 of 1000 requests (50.00%), wanted 10%") {
		t.Errorf("message: %s", f.errors[0])
	}
	f = &tb{}
	if !Share(f, 90, 950, 0.10, "canary") || len(f.errors) != 0 {
		t.Fatalf("Share failed a correct split: %q", f.errors)
	}
}
