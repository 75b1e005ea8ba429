// The simulation is single-threaded arithmetic: the race detector finds
// nothing in it and makes it 4-12x slower (9 s plain, 40-116 s with
// -race on 2 cores). scripts/test.sh runs it without -race beside the
// suite; the functions it drives are also unit-tested under -race.

//go:build !race

package judge

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// simulate is one partial-step judgement of a service at a 10% share:
// n canary and 9n stable requests, each failing with errRate and
// taking a log-normal time around 40 ms (plus shiftMs on the canary).
// It reports whether both the error-rate and the latency comparisons
// passed with the default limits of the manifest examples.
func simulate(rng *rand.Rand, n int, canaryErr, stableErr, shiftMs float64) bool {
	draw := func(n int, errRate, shift float64) (Proportion, []float64) {
		p := Proportion{N: int64(n)}
		lat := make([]float64, n)
		for i := range lat {
			if rng.Float64() < errRate {
				p.K++
			}
			lat[i] = 40*math.Exp(0.5*rng.NormFloat64()) + shift
		}
		return p, lat
	}
	cp, cl := draw(n, canaryErr, shiftMs)
	sp, sl := draw(9*n, stableErr, 0)
	e := CompareErrorRates(cp, sp, ErrorRates{MaxIncrease: 0.005, MinSamples: 100})
	l := CompareLatency(cl, sl, Latency{MaxIncreaseMs: 50, MinSamples: 100})
	return e.Verdict == Pass && l.Verdict == Pass
}

// The figures: a canary that behaves as stable passes at 95% or
// more (no false alarms at minRequests), one 200 ms slower fails. Each is
// run 600 times (6000 at minRequests, cheaper) and the rate's whole confidence interval (stattest's
// Wilson bound at 1 - stattest.Alpha) must clear 95%, so a method that
// passes identical canaries only 93% of the time cannot slip through on a
// lucky draw. The seed makes the test reproducible; the bound is what
// makes it sound.
func TestSimulatedJudgements(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 200))
	cases := []struct {
		name                 string
		canaryErr, stableErr float64
		shiftMs              float64
		n                    int
		wantPass             bool
	}{
		{"identical behaviour passes", 0.01, 0.01, 0, 1000, true},
		// At minRequests: no false alarms from thin samples.
		{"identical behaviour passes at minRequests", 0.01, 0.01, 0, 100, true},
		{"+200 ms fails", 0.01, 0.01, 200, 1000, false},
		{"+200 ms fails at minRequests", 0.01, 0.01, 200, 100, false},
		{"+3 points of errors fails", 0.04, 0.01, 0, 1000, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Small samples are cheap: more runs narrow the interval.
			runs := 600 * 1000 / c.n
			right := 0
			for i := 0; i < runs; i++ {
				if simulate(rng, c.n, c.canaryErr, c.stableErr, c.shiftMs) == c.wantPass {
					right++
				}
			}
			lo, hi := stattest.Wilson(right, runs, stattest.Alpha)
			t.Logf("%d of %d runs judged right, interval [%.3f, %.3f]", right, runs, lo, hi)
			assert.GreaterOrEqual(t, lo, 0.95, "%d of %d runs judged right", right, runs)
		})
	}
}
