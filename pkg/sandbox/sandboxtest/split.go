package sandboxtest

import (
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// SameRoute reports whether two routing states send traffic alike: the
// same stable and canary apps, canary weight and isolation. Other writes
// (judgements into the rollout record) change the generation, not the
// split.
func SameRoute(a, b state.Routing) bool {
	return a.Stable == b.Stable && a.Canary == b.Canary && a.CanaryWeight == b.CanaryWeight &&
		a.CanaryIsolated == b.CanaryIsolated
}

// Routed reports whether hello's routing still sends traffic as rt does.
func (r *Rig) Routed(rt state.Routing) bool {
	r.T.Helper()
	return SameRoute(r.Routing(), rt)
}

// LoadWhileRouted measures the load from now on while hello's routing
// stays as rt (the state the agents applied: WaitApplied), up to n
// requests. It ends at the last snapshot taken before a read of the store
// that still showed rt, so no request counted was routed by a later state
// (agents apply a state only after the store holds it). A window measured
// in requests and bounded by the routing, not a fixed sleep that a slow
// machine stretches into the next step.
func (r *Rig) LoadWhileRouted(l *loadgen.Load, rt state.Routing, n int) loadgen.Report {
	r.T.Helper()
	start := l.Snapshot()
	last := start
	deadline := time.Now().Add(60 * time.Second)
	for {
		s := l.Snapshot()
		if !r.Routed(rt) {
			return last.Sub(start)
		}
		last = s
		if last.Total-start.Total >= n || time.Now().After(deadline) {
			return last.Sub(start)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// Answered is how many answers in rep named release, of all that named a
// release (loadgen.Report.Share as counts).
func Answered(rep loadgen.Report, release string) (k, n int) {
	for rel, v := range rep.ByRelease {
		n += v
		if rel == release {
			k += v
		}
	}
	for rel, v := range rep.FailedByRelease {
		if rel == "?" {
			continue
		}
		n += v
		if rel == release {
			k += v
		}
	}
	return k, n
}

// Share asserts that release's share of rep is want, within the bound
// stattest.Check sets for the sample's size (and fails a sample too small
// to judge).
func Share(t testing.TB, rep loadgen.Report, release string, want float64, what string) bool {
	t.Helper()
	k, n := Answered(rep, release)
	return stattest.Share(t, k, n, want, what+" ("+rep.Split()+")")
}
