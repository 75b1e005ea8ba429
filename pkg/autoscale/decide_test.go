package autoscale

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

var (
	t0     = time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC)
	policy = manifest.AutoscalePolicy{Min: 2, Max: 8, TargetRequestsPerTask: 10,
		ScaleUpCooldown: manifest.Duration(30 * time.Second), ScaleDownCooldown: manifest.Duration(5 * time.Minute)}
)

// at is an input at t0+d with the last change long ago.
func at(d time.Duration, cur int, rate float64) Input {
	return Input{Policy: policy, Current: cur, Rate: rate, HaveRate: true, Now: t0.Add(d), LastChange: t0.Add(-time.Hour)}
}

func TestDecideScalesUpToWhatTheRateNeeds(t *testing.T) {
	var s State
	d := s.Decide(at(0, 2, 55))
	assert.Equal(t, 6, d.To, d.Reason) // ceil(55/10)
	assert.True(t, d.Change())
	assert.Contains(t, d.Reason, "55.0 req/s is 27.5 per instance on 2, above the target of 10: 6 needed (autoscale 2-8)")
}

func TestDecideClampsToMinMaxAndTheRealmLimit(t *testing.T) {
	var s State
	assert.Equal(t, 8, s.Decide(at(0, 2, 500)).To, "max")
	in := at(0, 2, 500)
	in.Limits = realm.Limits{MaxInstances: 5}
	d := s.Decide(in)
	assert.Equal(t, 5, d.To, "the realm's limit caps max")
	assert.Contains(t, d.Reason, "realm limit 5")
	// A count outside the bounds (someone scaled by hand) is brought back.
	s = State{}
	assert.Equal(t, 2, s.Decide(at(0, 1, 0)).To, "min")
	assert.Equal(t, 8, s.Decide(at(0, 12, 200)).To, "above max")
	in = at(0, 8, 200)
	in.Limits = realm.Limits{MaxInstances: 6}
	assert.Equal(t, 6, s.Decide(in).To, "above the realm's limit")
}

func TestDecideNeverWithoutARateOrWhileBusy(t *testing.T) {
	var s State
	in := at(0, 2, 500)
	in.HaveRate = false
	d := s.Decide(in)
	assert.False(t, d.Change())
	assert.Equal(t, "no request rate from the lb agents", d.Reason)
	in = at(0, 1, 500) // even below min: nothing is measured, nothing moves
	in.HaveRate = false
	assert.False(t, s.Decide(in).Change())

	in = at(0, 2, 500)
	in.Busy = "its canary rollout of v2 is in progress (step partial[0])"
	d = s.Decide(in)
	assert.False(t, d.Change())
	assert.Equal(t, in.Busy, d.Reason)
	assert.Empty(t, s.needs, "a busy service's rates are not remembered")
}

func TestDecideWaitsForTheCooldowns(t *testing.T) {
	var s State
	in := at(0, 2, 55)
	in.LastChange = in.Now.Add(-20 * time.Second)
	d := s.Decide(in)
	assert.False(t, d.Change())
	assert.Contains(t, d.Reason, "scaling up in 10s (scaleUpCooldown 30s since the last change)")
	in.Now = in.Now.Add(10 * time.Second)
	assert.Equal(t, 6, s.Decide(in).To, "the up cooldown passed")

	// Down: the load fell a minute after the last change; the need is
	// remembered for scaleDownCooldown, and the cooldown runs from the
	// change.
	s = State{}
	in = at(0, 6, 55)
	in.LastChange = in.Now
	s.Decide(in)
	in.Now, in.Rate = in.Now.Add(time.Minute), 15
	d = s.Decide(in)
	assert.False(t, d.Change())
	assert.Contains(t, d.Reason, "needs 2 instances now, but 6 within the last 5m0s")
	in.Now = t0.Add(5*time.Minute + 30*time.Second) // the 6 of t0 is forgotten; the cooldown passed
	d = s.Decide(in)
	assert.Equal(t, 2, d.To, d.Reason)
	assert.Contains(t, d.Reason, "below the target of 10: at most 2 needed over the last 5m0s")
}

func TestDecideScalesDownToThePeakOfTheWindow(t *testing.T) {
	var s State
	in := at(0, 8, 40) // 4 needed
	s.Decide(in)
	in.Now, in.Rate = in.Now.Add(time.Minute), 25 // 3 needed
	d := s.Decide(in)
	assert.Equal(t, 4, d.To, "the highest need within scaleDownCooldown, not the last one: %s", d.Reason)
	// Up is not held by the window: a rise is met at once.
	in.Now, in.Rate, in.Current = in.Now.Add(time.Minute), 75, 4
	assert.Equal(t, 8, s.Decide(in).To)
}

func TestDecideHysteresis(t *testing.T) {
	var s State
	// 4 instances at 10/instance: 10% either side changes nothing, even
	// where ceil(rate/target) says 5 or 4 would do.
	for _, rate := range []float64{36.5, 40, 43.9} {
		d := s.Decide(at(0, 4, rate))
		assert.False(t, d.Change(), "%v req/s: %s", rate, d.Reason)
		assert.Contains(t, d.Reason, "within 10% of the target of 10")
	}
	assert.Equal(t, 5, s.Decide(at(0, 4, 44.1)).To, "above the band")
	s = State{}
	assert.Equal(t, 4, s.Decide(at(0, 5, 35.9)).To, "below the band: what the rate needs")
	// After a scale-up to 5 (at 44.1 req/s), a rate that wobbles between
	// 45 and 55 keeps 5, and so does the 44.1 itself: the scale-down goes
	// to what the rate needs (5), not to the band's edge.
	s = State{}
	for i, rate := range []float64{45, 52, 47, 55, 49, 44.1} {
		in := at(time.Duration(i)*10*time.Minute, 5, rate)
		assert.False(t, s.Decide(in).Change(), "%v req/s on 5", rate)
	}
}
