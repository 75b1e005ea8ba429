package autoscale

import (
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
)

// Rate is the service's requests per second between two samples of the lb
// agents' counters (canary.AgentStats), over the agents that answered both
// times with the same counters' epoch: an agent that was left out of prev
// (it did not answer) or whose HAProxy restarted its counters in between
// would count requests from before prev as new, which a canary window
// wants (canary.Increment) and a rate must not. ok is false when no such
// agent has the service, or no time passed.
func Rate(prev, cur canary.Sample) (rate float64, ok bool) {
	elapsed := cur.Time.Sub(prev.Time)
	if elapsed <= 0 {
		return 0, false
	}
	p := canary.Sample{Time: prev.Time, Agents: map[string]canary.AgentSample{}}
	c := canary.Sample{Time: cur.Time, Agents: map[string]canary.AgentSample{}}
	for id, a := range cur.Agents {
		b, seen := prev.Agents[id]
		if !seen || len(a.Tracks) == 0 || a.Epoch != b.Epoch {
			continue
		}
		p.Agents[id], c.Agents[id] = b, a
	}
	if len(c.Agents) == 0 {
		return 0, false
	}
	var n int64
	for _, t := range canary.Increment(p, c) {
		n += t.Requests
	}
	return float64(n) / elapsed.Seconds(), true
}

// interval is how long the rate of a decision was measured over, for
// messages.
func interval(prev, cur canary.Sample) time.Duration {
	return cur.Time.Sub(prev.Time).Round(100 * time.Millisecond)
}
