package canary

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// A partial step whose time ran out while nobody watched it (the deploying
// CLI killed, resumed much later) is extended by that time: the resumed
// driver judges real samples for the rest of the step instead of one
// final judgement of whatever the counters hold.
func TestResumedStepIsExtendedByTheUnwatchedTime(t *testing.T) {
	h := newHarness(t)
	// A step of 2 s: what is left of it when the driver is killed (the
	// kill comes later on a busy machine) holds several judgements even
	// when each poll takes a few hundred ms.
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(2 * time.Second) })
	ctx, kill := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := h.driver(canaryApp()).Start(ctx, rollout(p))
		done <- err
	}()
	// Killed once it watches the step (its window started): killed
	// before, the resumed driver would start the step's clock itself.
	waitFor(t, "partial watched", func() bool {
		_, r, err := Load(context.Background(), h.st, "web")
		return err == nil && r != nil && r.StepName() == "partial[0]" && r.Window != nil
	})
	kill()
	<-done
	_, before, err := Load(context.Background(), h.st, "web")
	require.NoError(t, err)

	// Resumed "10 s later": far past the step's 2 s.
	d := h.driver(nil)
	d.Now = func() time.Time { return time.Now().Add(10 * time.Second) }
	r, err := d.Drive(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)

	var warned []string
	for _, w := range h.texts(EventWarning) {
		if strings.Contains(w, "nobody watched the canary") {
			warned = append(warned, w)
		}
	}
	require.Len(t, warned, 1, "events: %v", h.texts(EventWarning))
	assert.Contains(t, warned[0], "step partial[0] is extended")
	judged := 0
	for _, s := range h.texts(EventJudgement) {
		if strings.Contains(s, "partial[0]") {
			judged++
		}
	}
	// The resumed driver judged several times before the step ended, not
	// once at once (before the resume it had judged before.Judgements).
	assert.GreaterOrEqual(t, judged-before.Judgements, 3, "judgements: %v", h.texts(EventJudgement))
}

// A driver that cannot read the counters for a while extends the step by
// that time; a driver that reads them, however slowly it polls (a busy
// machine), does not: the counters are cumulative, nothing went unwatched.
func TestUnreadableCountersExtendTheStepAndSlowPollingDoesNot(t *testing.T) {
	h := newHarness(t)
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(time.Hour) })
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan struct{})
	d := h.driver(canaryApp())
	// Polling far slower than the interval (10 intervals per poll).
	d.Poll = 10 * p.Interval.D()
	go func() {
		defer close(done)
		_, _ = d.Start(ctx, rollout(p))
	}()
	judgements := func(n int) func() bool {
		return func() bool {
			_, r, err := Load(context.Background(), h.st, "web")
			return err == nil && r != nil && r.Judgements >= n
		}
	}
	waitFor(t, "judgements while polling slowly", judgements(3))
	assert.Empty(t, h.unwatched(), "slow polling is not unwatched time")

	h.traf.setDown(true)
	waitFor(t, "failed reads", func() bool { return h.traf.failedReads() >= 3 })
	_, before, err := Load(context.Background(), h.st, "web")
	require.NoError(t, err)
	h.traf.setDown(false)
	waitFor(t, "a judgement after the outage", judgements(before.Judgements+1))
	_, after, err := Load(context.Background(), h.st, "web")
	require.NoError(t, err)
	// Extended once a poll while the reads failed (each poll is longer
	// than the two intervals of slack).
	warned := h.unwatched()
	require.NotEmpty(t, warned, "events: %v", h.texts(EventWarning))
	for _, w := range warned {
		assert.Contains(t, w, "step partial[0] is extended")
	}
	assert.Positive(t, after.PausedFor)
	stop()
	<-done
}

func (h *harness) unwatched() []string {
	var out []string
	for _, w := range h.texts(EventWarning) {
		if strings.Contains(w, "nobody watched the canary") {
			out = append(out, w)
		}
	}
	return out
}

// The lb agents that route a rollout all missing from the registry (their
// ZooKeeper sessions expired in a ZooKeeper restart) is not an LB-less
// realm: their counters are unknown, not zero. The step is extended by
// the time it could not be read and judged on real counters once they are
// back, instead of ending with "0 canary requests" and rolling back.
func TestRoutersMissingFromTheRegistryExtendTheStep(t *testing.T) {
	h := newHarness(t)
	gone := &goneTraffic{fakeTraffic: h.traf}
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(300 * time.Millisecond) })
	d := h.driver(canaryApp())
	d.Stats = gone
	d.remember("agent-1")                // it routed the rollout
	d.AgentGrace = 50 * time.Millisecond // agent-1 never registers in this harness
	done := make(chan error, 1)
	var final *Rollout
	go func() {
		r, err := d.Start(context.Background(), rollout(p))
		final = r
		done <- err
	}()
	waitFor(t, "partial watched", func() bool {
		_, r, err := Load(context.Background(), h.st, "web")
		return err == nil && r != nil && r.StepName() == "partial[0]" && r.Window != nil
	})
	gone.set(true)
	time.Sleep(500 * time.Millisecond) // the outage: longer than the step, which would have ended in it
	gone.set(false)
	require.NoError(t, <-done)
	assert.Equal(t, StepDone, final.Step, "rolled back: %s", final.Reason)
	var unknown bool
	for _, w := range h.texts(EventWarning) {
		unknown = unknown || strings.Contains(w, "agent-1 routed this rollout: its counters are unknown")
	}
	assert.True(t, unknown, "warnings: %v", h.texts(EventWarning))
	assert.NotEmpty(t, h.unwatched(), "the step was not extended")
}

// goneTraffic answers an empty sample (no agent registered, as AgentStats
// does) while gone.
type goneTraffic struct {
	*fakeTraffic
	mu   sync.Mutex
	gone bool
}

func (g *goneTraffic) set(v bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gone = v
}

func (g *goneTraffic) Sample(ctx context.Context, svc string) (Sample, error) {
	g.mu.Lock()
	gone := g.gone
	g.mu.Unlock()
	if gone {
		return Sample{Time: time.Now(), Agents: map[string]AgentSample{}}, nil
	}
	return g.fakeTraffic.Sample(ctx, svc)
}
