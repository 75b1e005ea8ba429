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
	"github.com/yodeldeploy/yodel/pkg/state"
)

// lateTraffic is fakeTraffic whose canary gets no request until the
// partial step has been extended once: traffic that reaches the canary
// only after the step's time is up (a slow machine, a slow client).
type lateTraffic struct {
	*fakeTraffic
	st state.Store
}

func (l *lateTraffic) Sample(ctx context.Context, svc string) (Sample, error) {
	s, err := l.fakeTraffic.Sample(ctx, svc)
	if err != nil {
		return s, err
	}
	_, r, err := Load(ctx, l.st, svc)
	if err != nil {
		return Sample{}, err
	}
	if r != nil && r.Step == StepPartial && (r.Window == nil || r.Window.Extended == 0) {
		l.fakeTraffic.mu.Lock()
		l.fakeTraffic.s.Requests += l.fakeTraffic.c.Requests
		l.fakeTraffic.c.Requests, l.fakeTraffic.c.Responses5x = 0, 0
		l.fakeTraffic.mu.Unlock()
		a := s.Agents["agent-1"]
		a.Tracks = map[string]Counters{TrackCanary: {}, TrackStable: l.fakeTraffic.s}
		s.Agents["agent-1"] = a
	}
	return s, nil
}

// A step that has not collected minRequests by its end is extended an
// interval at a time (maxExtension, by default the step's duration) and
// passes as soon as the requests are in; only then would onInconclusive
// decide. Each sample after the first extension adds 100 canary requests,
// so minRequests 150 needs two of the three extensions allowed.
func TestSlowTrafficExtendsTheStepUntilMinRequests(t *testing.T) {
	h := newHarness(t)
	d := h.driver(canaryApp())
	d.Stats = &lateTraffic{fakeTraffic: h.traf, st: h.st}
	r, err := d.Start(context.Background(), rollout(fastPlan(func(p *manifest.CanaryPlan) { p.MinRequests = 150 })))
	require.NoError(t, err, "%v", h.texts(EventJudgement))
	assert.Equal(t, StepDone, r.Step)
	extended, passed := 0, 0
	for _, c := range r.Checks {
		if c.Step != "partial[0]" || c.Name != CheckRequests {
			continue
		}
		if strings.Contains(c.Message, "the step is extended by 20ms (maxExtension 60ms)") {
			extended++
		}
		if c.Verdict == VerdictPass {
			passed++
		}
	}
	assert.GreaterOrEqual(t, extended, 1, "checks: %+v", r.Checks)
	assert.LessOrEqual(t, extended, 3)
	assert.Positive(t, passed, "judged on the requests that came during the extension")
}

// slowApply is a store whose lb agents take a while to route the first
// partial step (an HAProxy reload on a busy host).
type slowApply struct {
	state.Store
	delay time.Duration
	once  sync.Once
}

func (s *slowApply) WaitApplied(ctx context.Context, svc string, gen int64, deadline time.Time) error {
	rt, _, err := s.Store.GetRouting(ctx, svc)
	if err == nil && rt.Step == "partial[0]" {
		s.once.Do(func() { time.Sleep(s.delay) }) // the agents' apply, not a wait on a condition
	}
	return s.Store.WaitApplied(ctx, svc, gen, deadline)
}

// The partial step's clock starts once every lb agent routes its share:
// agents slower to apply than the whole step do not leave it one final
// judgement of what little the canary got.
func TestPartialStepIsWatchedFromWhenTheAgentsRouteIt(t *testing.T) {
	h := newHarness(t)
	p := fastPlan(func(p *manifest.CanaryPlan) {
		p.Duration, p.Interval = jsondur.Duration(300*time.Millisecond), jsondur.Duration(100*time.Millisecond)
	})
	d := h.driver(canaryApp())
	d.Store = &slowApply{Store: h.st, delay: 2 * p.Duration.D()}
	r, err := d.Start(context.Background(), rollout(p))
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	judged := 0
	for _, s := range h.texts(EventJudgement) {
		if strings.Contains(s, "partial[0]") {
			judged++
		}
	}
	// Judged an interval into the window and at its end (three intervals):
	// one judgement only when the apply ate the step.
	assert.GreaterOrEqual(t, judged, 2, "%v", h.texts(EventJudgement))
	for _, s := range r.Steps {
		if s.Name == "partial[0]" {
			assert.GreaterOrEqual(t, s.Finished.Sub(s.Started), 3*p.Duration.D(), "the apply, then the whole step")
		}
	}
}

// noCanaryTraffic is fakeTraffic whose canary never gets a request.
type noCanaryTraffic struct{ *fakeTraffic }

func (n noCanaryTraffic) Sample(ctx context.Context, svc string) (Sample, error) {
	s, err := n.fakeTraffic.Sample(ctx, svc)
	if a, ok := s.Agents["agent-1"]; ok {
		a.Tracks = map[string]Counters{TrackCanary: {}, TrackStable: a.Tracks[TrackStable]}
		s.Agents["agent-1"] = a
	}
	return s, err
}

// A promote ends the partial step, but a step without minRequests is
// extended as one whose time ran out: an interval at a time, watched, up
// to maxExtension, and only then does onInconclusive roll it back. (It
// was judged again at every poll: maxExtension went in a moment.)
func TestPromotedStepWithoutRequestsIsExtendedAnIntervalAtATime(t *testing.T) {
	h := newHarness(t)
	d := h.driver(canaryApp())
	d.Stats = noCanaryTraffic{h.traf}
	const interval = 40 * time.Millisecond
	p := fastPlan(func(p *manifest.CanaryPlan) {
		p.Duration, p.Interval, p.MaxExtension = jsondur.Duration(time.Hour), jsondur.Duration(interval), jsondur.Duration(3*interval)
		p.OnInconclusive = "fail"
	})
	done := make(chan error, 1)
	go func() { _, err := d.Start(context.Background(), rollout(p)); done <- err }()
	require.Eventually(t, func() bool {
		_, r, err := Load(context.Background(), h.st, "web")
		return err == nil && r != nil && r.Step == StepPartial && r.Window != nil
	}, 10*time.Second, 5*time.Millisecond, "the partial step")
	_, _, err := Promote(context.Background(), h.st, "web", false, "ann", time.Now())
	require.NoError(t, err)
	err = <-done
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb, "onInconclusive: fail, once maxExtension is spent")
	var extended []time.Time
	for _, c := range rb.Rollout.Checks {
		if c.Name == CheckRequests && strings.Contains(c.Message, stepExtended) {
			extended = append(extended, c.Time)
		}
	}
	require.Len(t, extended, 3, "maxExtension / interval extensions: %+v", rb.Rollout.Checks)
	for i := 1; i < len(extended); i++ {
		assert.GreaterOrEqual(t, extended[i].Sub(extended[i-1]), interval, "an interval watched between two extensions")
	}
}
