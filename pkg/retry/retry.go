// Package retry is yodel's one retry policy: exponential backoff with
// jitter. Without jitter every client that lost the same server retries at
// the same instants: after a Marathon leader election or a ZooKeeper
// restart, all lb agents reconnected in lockstep and hit the new leader
// together, round after round.
package retry

import (
	"math/rand/v2"
	"time"
)

// Backoff doubles from Min up to Max. The zero value is not useful.
type Backoff struct {
	Min, Max time.Duration
}

// Delay is the pause before retry number attempt (1 for the first retry):
// Min·2^(attempt-1), capped at Max, then spread uniformly over its upper
// half ("equal jitter"). Half keeps the backoff's pace (a client never
// retries sooner than half the nominal delay); the other half breaks up
// clients that failed at the same moment.
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Nominal(attempt)
	if half := d / 2; half > 0 {
		return d - half + rand.N(half+1)
	}
	return d
}

// Nominal is the delay before jitter, for messages and tests.
func (b Backoff) Nominal(attempt int) time.Duration {
	d := b.Min
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}
