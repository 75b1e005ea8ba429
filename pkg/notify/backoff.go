package notify

import (
	"math/rand/v2"
	"time"
)

// Backoff is the wait before the next attempt of a failed delivery:
// Base doubled per failed attempt, capped at Max, with jitter so that
// receivers coming back are not hit by every retry at once.
type Backoff struct {
	Base, Max time.Duration
	// Rand returns a number in [0, 1); nil: math/rand.
	Rand func() float64
}

// DefaultBackoff: 1s, 2s, 4s ... at most 5 minutes between attempts, so
// a receiver down for an hour is tried about a dozen times an hour and
// hears of what it missed within 5 minutes of coming back.
var DefaultBackoff = Backoff{Base: time.Second, Max: 5 * time.Minute}

// Delay is the wait after the attempt-th failure (1 = the first): a
// random duration in [d/2, d] where d = min(Base*2^(attempt-1), Max).
func (b Backoff) Delay(attempt int) time.Duration {
	base, ceil := b.Base, b.Max
	if base <= 0 {
		base = DefaultBackoff.Base
	}
	if ceil <= 0 {
		ceil = DefaultBackoff.Max
	}
	d := base
	for i := 1; i < attempt && d < ceil; i++ {
		d *= 2
	}
	d = min(d, ceil)
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	return d/2 + time.Duration(r()*float64(d/2))
}
