// Package autoscale is the realm server's autoscaler: it keeps each
// service's stable app at the instance count its request rate needs
// (manifest autoscale: min, max, targetRequestsPerTask, scaleUpCooldown,
// scaleDownCooldown), read from the lb agents' counters (canary.AgentStats,
// the reader a canary's judge uses), and changes it with the engine's
// scale (deploy.Session.Scale, as `yodel scale`: guard and lock, drain
// before kill, history row).
//
// decide.go holds the rule (State.Decide, a pure function of its Input and
// the recent needs); worker.go the leader-only worker that measures,
// decides and scales.
package autoscale

import (
	"fmt"
	"math"
	"time"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// Tolerance is the hysteresis band around the target: the count changes
// only when the rate per instance is more than 10% above the target (up)
// or below 90% of it (down), so that a rate near a multiple of the target
// does not flap between two counts.
const Tolerance = 0.1

// Input is what one decision for one service is made from.
type Input struct {
	Policy manifest.AutoscalePolicy
	// Current is the app's wanted instance count.
	Current int
	// Limits are the realm's (maxInstances caps max, as it caps `yodel
	// scale`).
	Limits realm.Limits
	// Rate is the service's requests per second on the lb agents; HaveRate
	// is false when it could not be measured (no agent, no answer, counters
	// that restarted): then nothing changes.
	Rate     float64
	HaveRate bool
	Now      time.Time
	// LastChange is when the app's instance count last changed, by anyone
	// (the autoscaler, `yodel scale`, a deploy): the cooldowns run from it.
	LastChange time.Time
	// Busy, when set, is why the service must not be changed now (a canary
	// rollout or a Marathon deployment in progress).
	Busy string
}

// Decision is what the autoscaler does for one service.
type Decision struct {
	From, To int
	// Need is the count the current rate needs (ceil(rate/target),
	// within min, max and the realm's limit); 0 without a rate.
	Need int
	// Reason says why To (or why nothing changes): the history row's
	// message when it changes.
	Reason string
}

// Change reports whether the decision changes the instance count.
func (d Decision) Change() bool { return d.To != d.From }

// State is what the autoscaler remembers of one service between
// decisions: the needs it measured over the last scaleDownCooldown.
type State struct {
	needs []need
}

type need struct {
	at time.Time
	n  int
}

// Decide returns the count the service should have now. Up: when the rate
// per instance is above the target by more than Tolerance, to what the
// rate needs, once scaleUpCooldown has passed since the last change. Down:
// when it is below the target by more than Tolerance, to the highest need
// measured over the last scaleDownCooldown (a short dip does not shrink
// the app), once scaleDownCooldown has passed since the last change. Always
// within min and max and the realm's limit; never while Busy; never
// without a rate.
func (s *State) Decide(in Input) Decision {
	d := Decision{From: in.Current, To: in.Current}
	if in.Busy != "" {
		d.Reason = in.Busy
		return d
	}
	if !in.HaveRate {
		d.Reason = "no request rate from the lb agents"
		return d
	}
	p := in.Policy
	lo, hi := in.Limits.ClampInstances(p.Min), in.Limits.ClampInstances(p.Max)
	d.Need = within(int(math.Ceil(in.Rate/p.TargetRequestsPerTask)), lo, hi)
	s.remember(in.Now, d.Need, p.ScaleDownCooldown.D())
	since := in.Now.Sub(in.LastChange)
	perTask := in.Rate / float64(max(in.Current, 1))
	rate := fmt.Sprintf("%.1f req/s", in.Rate)
	bounds := boundsText(p, in.Limits)
	switch {
	case in.Current < lo:
		d.To = lo
		d.Reason = fmt.Sprintf("%d instances is below the least allowed (%s)", in.Current, bounds)
	case in.Current > hi:
		d.To = hi
		d.Reason = fmt.Sprintf("%d instances is above the most allowed (%s)", in.Current, bounds)
	case d.Need > in.Current && perTask > p.TargetRequestsPerTask*(1+Tolerance):
		if wait := p.ScaleUpCooldown.D() - since; wait > 0 {
			d.Reason = fmt.Sprintf("%s needs %d instances; scaling up in %s (scaleUpCooldown %s since the last change)", rate, d.Need, wait.Round(time.Second), p.ScaleUpCooldown)
			return d
		}
		d.To = d.Need
		d.Reason = fmt.Sprintf("%s is %.1f per instance on %d, above the target of %g: %d needed (%s)", rate, perTask, in.Current, p.TargetRequestsPerTask, d.Need, bounds)
	case perTask < p.TargetRequestsPerTask*(1-Tolerance):
		peak := s.peak()
		if peak >= in.Current {
			d.Reason = fmt.Sprintf("%s needs %d instances now, but %d within the last %s (scaleDownCooldown)", rate, d.Need, peak, p.ScaleDownCooldown)
			return d
		}
		if wait := p.ScaleDownCooldown.D() - since; wait > 0 {
			d.Reason = fmt.Sprintf("%s needs %d instances; scaling down in %s (scaleDownCooldown %s since the last change)", rate, peak, wait.Round(time.Second), p.ScaleDownCooldown)
			return d
		}
		d.To = peak
		d.Reason = fmt.Sprintf("%s is %.1f per instance on %d, below the target of %g: at most %d needed over the last %s (%s)", rate, perTask, in.Current, p.TargetRequestsPerTask, peak, p.ScaleDownCooldown, bounds)
	default:
		d.Reason = fmt.Sprintf("%s is %.1f per instance on %d: within %g%% of the target of %g", rate, perTask, in.Current, Tolerance*100, p.TargetRequestsPerTask)
	}
	return d
}

// remember adds a need and forgets those older than window.
func (s *State) remember(now time.Time, n int, window time.Duration) {
	s.needs = append(s.needs, need{now, n})
	i := 0
	for i < len(s.needs) && now.Sub(s.needs[i].at) > window {
		i++
	}
	s.needs = s.needs[i:]
}

// peak is the highest need remembered.
func (s *State) peak() int {
	m := 0
	for _, n := range s.needs {
		m = max(m, n.n)
	}
	return m
}

func within(n, lo, hi int) int { return min(max(n, lo), hi) }

func boundsText(p manifest.AutoscalePolicy, l realm.Limits) string {
	s := fmt.Sprintf("autoscale %d-%d", p.Min, p.Max)
	if l.ClampInstances(p.Max) != p.Max {
		s += fmt.Sprintf(", realm limit %d", l.MaxInstances)
	}
	return s
}
