package haproxy

import "math"

// DefaultWeight is the weight of a track that gets all or none of a
// service's traffic (no split to compute).
const DefaultWeight = 100

// Weights returns the per-server weights of the stable and canary tracks so
// that canaryTasks servers at canaryW get canaryShare (0..1) of the requests
// next to stableTasks servers at stableW:
//
//	canaryTasks*canaryW / (stableTasks*stableW + canaryTasks*canaryW) ≈ canaryShare
//
// Among all pairs in 1..256 it picks the one closest to the wanted share
// (ties: the smallest weights). Edge cases: a share of 0 (or no canary task)
// gives the canary weight 0; a share of 1 gives the stable weight 0; with no
// stable task and a share above 0 the canary takes everything, since there is
// nothing else to serve. NaN counts as 0.
func Weights(stableTasks, canaryTasks int, canaryShare float64) (stableW, canaryW int) {
	p := canaryShare
	if math.IsNaN(p) || p < 0 {
		p = 0
	}
	if p > 1 {
		p = 1
	}
	switch {
	case p == 0 || canaryTasks <= 0:
		return DefaultWeight, 0
	case p == 1:
		return 0, DefaultWeight
	case stableTasks <= 0:
		return DefaultWeight, DefaultWeight
	}
	s, c := float64(stableTasks), float64(canaryTasks)
	ratio := p * s / ((1 - p) * c) // wanted canaryW/stableW
	bestErr := math.Inf(1)
	for ws := 1; ws <= MaxWeight; ws++ {
		exact := ratio * float64(ws)
		for _, wc := range [2]int{int(math.Floor(exact)), int(math.Ceil(exact))} {
			wc = min(max(wc, 1), MaxWeight) // a canary with a share must get some traffic
			got := c * float64(wc) / (s*float64(ws) + c*float64(wc))
			if e := math.Abs(got - p); e < bestErr-1e-15 {
				bestErr, stableW, canaryW = e, ws, wc
			}
		}
	}
	return stableW, canaryW
}

// Share is the fraction of requests the canary track gets with these counts
// and weights (0 when no server has weight).
func Share(stableTasks, canaryTasks, stableW, canaryW int) float64 {
	total := float64(stableTasks*stableW + canaryTasks*canaryW)
	if total == 0 {
		return 0
	}
	return float64(canaryTasks*canaryW) / total
}
