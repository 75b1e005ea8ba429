package autoscale

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/canary"
)

func sample(at time.Duration, agents map[string]canary.AgentSample) canary.Sample {
	return canary.Sample{Time: t0.Add(at), Agents: agents}
}

func agent(epoch string, stable, canaryReqs int64) canary.AgentSample {
	return canary.AgentSample{Epoch: epoch, Tracks: map[string]canary.Counters{
		canary.TrackStable: {Requests: stable}, canary.TrackCanary: {Requests: canaryReqs}}}
}

func TestRateCountsBothTracksOfAgentsSeenTwice(t *testing.T) {
	prev := sample(0, map[string]canary.AgentSample{"a": agent("e1", 1000, 0), "b": agent("e2", 500, 10)})
	cur := sample(10*time.Second, map[string]canary.AgentSample{"a": agent("e1", 1300, 0), "b": agent("e2", 640, 20)})
	r, ok := Rate(prev, cur)
	assert.True(t, ok)
	assert.InDelta(t, 45.0, r, 1e-9) // (300 + 140 + 10) / 10s
}

func TestRateLeavesOutAgentsThatCannotBeCompared(t *testing.T) {
	prev := sample(0, map[string]canary.AgentSample{"a": agent("e1", 1000, 0), "b": agent("e2", 500, 0)})
	cur := sample(10*time.Second, map[string]canary.AgentSample{
		"a": agent("e1", 1100, 0),
		"b": agent("e3", 50, 0),        // HAProxy restarted: its 50 may be from before prev
		"c": agent("e4", 1_000_000, 0), // did not answer last time: its whole history
	})
	r, ok := Rate(prev, cur)
	assert.True(t, ok)
	assert.InDelta(t, 10.0, r, 1e-9)

	// Nothing comparable: no rate, not a rate of 0.
	_, ok = Rate(prev, sample(10*time.Second, map[string]canary.AgentSample{"c": agent("e4", 5, 0)}))
	assert.False(t, ok)
	_, ok = Rate(prev, sample(10*time.Second, map[string]canary.AgentSample{"a": {Epoch: "e1"}}))
	assert.False(t, ok, "an agent that does not route the service")
	_, ok = Rate(prev, sample(0, prev.Agents))
	assert.False(t, ok, "no time passed")
}
