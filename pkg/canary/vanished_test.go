package canary

import (
	"context"
	"io"
	"net/http"
	"slices"
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

// registry plays the lb agents' registry over a real store: a registered
// agent acks every generation of web at once, like a live agent; drop is
// an agent whose session expired while it was frozen (its HAProxy still
// routes what it last applied), join one that comes back.
type registry struct {
	state.Store
	mu   sync.Mutex
	live map[string]bool
}

func newRegistry(st state.Store, ids ...string) *registry {
	g := &registry{Store: st, live: map[string]bool{}}
	for _, id := range ids {
		g.live[id] = true
	}
	return g
}

func (g *registry) drop(id string) { g.mu.Lock(); delete(g.live, id); g.mu.Unlock() }
func (g *registry) join(id string) { g.mu.Lock(); g.live[id] = true; g.mu.Unlock() }

func (g *registry) ListAgents(ctx context.Context) ([]state.AgentStatus, error) {
	rt, _, err := g.GetRouting(ctx, "web")
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []state.AgentStatus
	for id := range g.live {
		out = append(out, state.AgentStatus{Agent: state.Agent{ID: id, Host: "lb-" + id}, Applied: map[string]int64{"web": rt.Generation}})
	}
	slices.SortFunc(out, func(a, b state.AgentStatus) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (g *registry) WaitApplied(ctx context.Context, svc string, gen int64, _ time.Time) error {
	agents, err := g.ListAgents(ctx)
	if err != nil {
		return err
	}
	if len(agents) == 0 {
		return state.ErrNoAgents
	}
	return nil // every live one acks at once
}

func (h *harness) hasEvent(kind, sub string) bool {
	for _, s := range h.texts(kind) {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// An agent that routed the canary and then left the registry (frozen past
// its session) holds the canary's deletion until it is back and routes
// share 0, also for a driver that did not see it (resume after a kill):
// the record names it.
func TestRollbackWaitsForAnAgentThatVanished(t *testing.T) {
	h := newHarness(t)
	reg := newRegistry(h.st, "a1", "a2")
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(time.Hour) })
	ctx, kill := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		d := h.driver(canaryApp())
		d.Store = reg
		_, err := d.Start(ctx, rollout(p))
		done <- err
	}()
	waitFor(t, "partial", atStep(h, "partial[0]"))
	kill()
	require.Error(t, <-done)
	_, r, err := Load(context.Background(), h.st, "web")
	require.NoError(t, err)
	assert.Equal(t, []string{"a1", "a2"}, r.Agents, "the record names the agents that route the canary")

	reg.drop("a2") // frozen past its session: gone from the registry, HAProxy still at 10%
	_, _, err = Abort(context.Background(), h.st, "web", "ann", time.Now())
	require.NoError(t, err)
	d := h.driver(nil) // knows the agents from the record only
	d.Store, d.AgentGrace = reg, time.Minute
	go func() {
		_, err := d.Drive(context.Background(), "web")
		done <- err
	}()
	waitFor(t, "the warning naming a2", func() bool {
		return h.hasEvent(EventWarning, "lb agent(s) a2 routed this rollout but are no longer registered")
	})
	assert.True(t, h.mar.has("/web-green"), "the canary was deleted while a2's HAProxy may still route it")
	assert.True(t, h.hasEvent(EventWarning, "their HAProxy may still send traffic to /web-green; waiting up to 1m0s"))

	reg.join("a2") // wakes, re-registers, applies share 0
	var rb *RolledBackError
	require.ErrorAs(t, <-done, &rb)
	assert.Equal(t, StepAborted, rb.Rollout.Step)
	assert.False(t, h.mar.has("/web-green"))
	assert.True(t, h.hasEvent(EventInfo, "lb agent(s) a2 are back and route generation"))
}

// An agent that never comes back cannot be told from a dead one: the wait
// ends after AgentGrace, saying so, and the rollback completes.
func TestRollbackGivesUpOnAnAgentThatNeverComesBack(t *testing.T) {
	h := newHarness(t)
	reg := newRegistry(h.st, "a1", "a2")
	h.traf.errRate = 0.5
	d := h.driver(canaryApp())
	d.Store, d.AgentGrace = reg, 150*time.Millisecond
	// a2 vanishes as soon as the canary has public traffic.
	d.Report = func(e Event) {
		h.mu.Lock()
		h.events = append(h.events, e)
		h.mu.Unlock()
		if e.Kind == EventStep && strings.HasPrefix(e.Text, "partial") {
			reg.drop("a2")
		}
	}
	start := time.Now()
	r, err := d.Start(context.Background(), rollout(fastPlan(nil)))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, StepRolledBack, r.Step)
	assert.False(t, h.mar.has("/web-green"))
	assert.True(t, h.hasEvent(EventWarning, "lb agent(s) a2 did not come back within 150ms: deleting /web-green anyway"))
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "the deletion did not wait for a2 at all")
	assert.Equal(t, []string{"a1", "a2"}, r.Agents)
}

// After full, the old stable app is deleted only once a vanished agent
// routes the new one: until then its HAProxy may send it everything.
func TestCleanupWaitsForAnAgentThatVanished(t *testing.T) {
	h := newHarness(t)
	reg := newRegistry(h.st, "a1", "a2")
	p := fastPlan(func(p *manifest.CanaryPlan) { p.ManualGates = map[string]bool{"full": true} })
	d := h.driver(canaryApp())
	d.Store, d.AgentGrace = reg, time.Minute
	done := make(chan error, 1)
	go func() {
		_, err := d.Start(context.Background(), rollout(p))
		done <- err
	}()
	waitFor(t, "the full gate", func() bool {
		_, r, err := Load(context.Background(), h.st, "web")
		return err == nil && r != nil && r.Gate == "full"
	})
	reg.drop("a2")
	_, _, err := Promote(context.Background(), h.st, "web", false, "ann", time.Now())
	require.NoError(t, err)
	waitFor(t, "the warning naming a2", func() bool {
		return h.hasEvent(EventWarning, "lb agent(s) a2 routed this rollout but are no longer registered")
	})
	assert.True(t, h.hasEvent(EventWarning, "their HAProxy may still send traffic to /web-blue"))
	assert.True(t, h.mar.has("/web-blue"), "the old stable was deleted while a2's HAProxy may still route it")
	rt, _, err := h.st.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, "cleanup", rt.Step)

	reg.join("a2")
	require.NoError(t, <-done)
	assert.False(t, h.mar.has("/web-blue"))
	assert.True(t, h.mar.has("/web-green"))
}

// With every agent still registered nothing waits and nothing is said.
func TestNoVanishedAgentNoWait(t *testing.T) {
	h := newHarness(t)
	reg := newRegistry(h.st, "a1")
	d := h.driver(canaryApp())
	d.Store, d.AgentGrace = reg, time.Hour
	r, err := d.Start(context.Background(), rollout(fastPlan(nil)))
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	assert.Equal(t, []string{"a1"}, r.Agents)
	assert.False(t, h.hasEvent(EventWarning, "no longer registered"))
}

// A canary that never had public traffic (its smoke check failed while
// isolated) is deleted at once: a vanished agent's HAProxy sends it
// nothing without the canary header.
func TestRollbackBeforePublicTrafficDoesNotWait(t *testing.T) {
	h := newHarness(t)
	reg := newRegistry(h.st, "a1", "a2")
	srv := lbStandIn(t, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "broken", 500) },
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	d := h.driver(canaryApp())
	d.Store, d.AgentGrace = reg, time.Hour
	d.Target = Target{URL: srv.URL, HeaderName: "X-Yodel-Track", HeaderValue: "canary"}
	d.Report = func(e Event) {
		h.mu.Lock()
		h.events = append(h.events, e)
		h.mu.Unlock()
		if e.Kind == EventStep && strings.HasPrefix(e.Text, "isolated") {
			reg.drop("a2")
		}
	}
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Smoke = resolvedList(manifest.SmokeCheck{Path: "/healthz"}) })
	r, err := d.Start(context.Background(), rollout(p))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, []string{"starting=succeeded", "isolated=failed", "rolling-back=succeeded", "rolled-back=rolled-back"}, stepNames(r))
	assert.False(t, h.mar.has("/web-green"))
	assert.False(t, h.hasEvent(EventWarning, "no longer registered"))
}
