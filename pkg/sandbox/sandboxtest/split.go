package sandboxtest

import (
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// SameRoute reports whether two routing states send traffic alike: the
// same stable and canary apps, canary weight, isolation and stickiness. Other writes
// (judgements into the rollout record) change the generation, not the
// split.
func SameRoute(a, b state.Routing) bool {
	return a.Stable == b.Stable && a.Canary == b.Canary && a.CanaryWeight == b.CanaryWeight &&
		a.CanaryIsolated == b.CanaryIsolated && a.CanarySticky == b.CanarySticky
}

// Routed reports whether hello's routing still sends traffic as rt does.
func (r *Rig) Routed(rt state.Routing) bool {
	r.T.Helper()
	return SameRoute(r.Routing(), rt)
}

// Window is a span of send times of the load's requests.
type Window struct{ From, To time.Time }

// RoutedWindow is the span from now while hello's routing stays as rt
// (the state the agents applied: call it once WaitApplied returns, so
// every request sent from now on is routed by rt), until l has answered n
// requests sent in it or the routing moved on. It ends at the last time
// taken before a read of the store that still showed rt: agents apply a
// state only after the store holds it, so nothing sent in the window was
// routed by a later one. A window measured in requests and bounded by
// the routing, not a fixed sleep that a slow machine stretches into the
// next step.
func (r *Rig) RoutedWindow(l *loadgen.Load, rt state.Routing, n int) Window {
	r.T.Helper()
	w := Window{From: time.Now()}
	w.To = w.From
	deadline := w.From.Add(60 * time.Second)
	for {
		now := time.Now()
		if !r.Routed(rt) {
			return w
		}
		w.To = now
		if l.SentBetween(w.From, w.To).Total >= n || now.After(deadline) {
			return w
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// Answers is the load's answers to the requests sent in w, once every one
// of them has been answered or timed out (the load's client gives up
// after loadgen.Timeout).
func (w Window) Answers(l *loadgen.Load) loadgen.Report {
	if wait := time.Until(w.To.Add(loadgen.Timeout + time.Second)); wait > 0 {
		time.Sleep(wait) // requests still in flight: the client's timeout bounds them
	}
	return l.SentBetween(w.From, w.To)
}

// LoadWhileRouted is RoutedWindow's answers.
func (r *Rig) LoadWhileRouted(l *loadgen.Load, rt state.Routing, n int) loadgen.Report {
	r.T.Helper()
	return r.RoutedWindow(l, rt, n).Answers(l)
}

// Share asserts that release's share of rep is want, within the bound
// stattest.Check sets for the sample's size (and fails a sample too small
// to judge).
func Share(t testing.TB, rep loadgen.Report, release string, want float64, what string) bool {
	t.Helper()
	k, n := rep.Counts(release)
	return stattest.Share(t, k, n, want, what+" ("+rep.Split()+")")
}
