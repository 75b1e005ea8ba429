package lb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// hangingMarathon is fakeMarathon whose reads can be made to hang: the
// connection accepted, no answer until the caller's deadline or release.
// A hung read answers with what Marathon held when it was asked, as a
// slow real one would.
type hangingMarathon struct {
	*fakeMarathon
	mu       sync.Mutex
	release  chan struct{} // nil: reads answer at once
	inFlight atomic.Int32
	cut      atomic.Int32 // reads ended by their deadline
}

func (h *hangingMarathon) hang() {
	h.mu.Lock()
	h.release = make(chan struct{})
	h.mu.Unlock()
}

func (h *hangingMarathon) unhang() {
	h.mu.Lock()
	if h.release != nil {
		close(h.release)
		h.release = nil
	}
	h.mu.Unlock()
}

func (h *hangingMarathon) wait(ctx context.Context, what string) error {
	h.mu.Lock()
	rel := h.release
	h.mu.Unlock()
	if rel == nil {
		return nil
	}
	h.inFlight.Add(1)
	defer h.inFlight.Add(-1)
	select {
	case <-ctx.Done():
		h.cut.Add(1)
		return fmt.Errorf("marathon: GET %s: %w", what, ctx.Err())
	case <-rel:
		return nil
	}
}

func (h *hangingMarathon) EachRoutedApp(ctx context.Context, fn func(*marathon.App) error) error {
	if werr := h.wait(ctx, "/v2/apps"); werr != nil {
		return werr
	}
	return h.fakeMarathon.EachRoutedApp(ctx, fn)
}

func (h *hangingMarathon) RoutedApp(ctx context.Context, id string) (*marathon.App, error) {
	app, err := h.fakeMarathon.RoutedApp(ctx, id)
	if werr := h.wait(ctx, "/v2/apps"+id); werr != nil {
		return nil, werr
	}
	return app, err
}

// within polls cond for d: the agent's answer to an event must not wait
// for a Marathon read.
func within(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", d, what)
		}
		time.Sleep(5 * time.Millisecond) // polling a condition with a deadline
	}
}

// A Marathon read that hangs (here for as long as the test wants) must not
// hold back what the event stream already said: a task being killed leaves
// HAProxy at once (Marathon sends SIGTERM with TASK_KILLING and SIGKILL
// after the grace period), and a new task the events describe (host,
// ports, then healthy) enters it. When the hung read finally answers with
// what Marathon held before those events (a running, c not yet healthy),
// none of it is undone.
func TestAgentAppliesEventsWhileAMarathonReadHangs(t *testing.T) {
	m := &hangingMarathon{fakeMarathon: newFakeMarathon(webApp(task("a", yes, 31001), task("b", yes, 31002)))}
	// A deadline far past the test: the read hangs throughout.
	r := startRig(t, m.fakeMarathon, func(o *Options) { o.Marathon, o.ReadTimeout = m, time.Minute })
	r.waitServers("svc_web_10001", "a", "b")

	// Marathon starts c (not healthy yet) and the next read hangs.
	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002), task("c", no, 31003)))
	m.hang()
	m.events <- marathon.Event{Type: marathon.EventDeploymentInfo,
		Deployment: &marathon.DeploymentEvent{ID: "d1", AffectedApps: []string{"/web"}}}
	eventually(t, "a read of /web to hang", func() bool { return m.inFlight.Load() == 1 })
	_, appCalls := m.calls()

	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{
		AppID: "/web", TaskID: "a", TaskStatus: "TASK_KILLING", Host: "127.0.0.1", Ports: []int{31001}}}
	within(t, time.Second, fmt.Sprintf("killed task a out of HAProxy (has %v)", r.servers("svc_web_10001")), func() bool {
		return slices.Equal(r.servers("svc_web_10001"), []string{"b"})
	})

	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{
		AppID: "/web", TaskID: "c", TaskStatus: "TASK_RUNNING", Host: "127.0.0.1", Ports: []int{31003}, Version: "v2"}}
	// Running but not yet reported healthy: not routed.
	m.events <- marathon.Event{Type: marathon.EventHealthStatusChanged,
		Health: &marathon.HealthChange{AppID: "/web", InstanceID: "c", Alive: true}}
	within(t, time.Second, fmt.Sprintf("healthy task c in HAProxy (has %v)", r.servers("svc_web_10001")), func() bool {
		return slices.Equal(r.servers("svc_web_10001"), []string{"b", "c"})
	})
	c, _ := r.h.last()
	assert.Equal(t, 31003, serviceByKey(t, c, "svc_web_10001").Servers[1].Port)
	assert.EqualValues(t, 1, m.inFlight.Load(), "the read must still hang: the events alone got there")
	_, calls := m.calls()
	assert.Equal(t, appCalls, calls, "no read answered meanwhile")

	// The hung read answers with Marathon's state from before the events;
	// Marathon meanwhile moved on to b, c.
	m.set(webApp(task("b", yes, 31002), task("c", yes, 31003)))
	_, from := r.h.last()
	m.unhang()
	eventually(t, "the re-read of /web", func() bool { _, n := m.calls(); return n >= calls+1 })
	eventually(t, "every queued read done", func() bool {
		r.agent.mu.Lock()
		defer r.agent.mu.Unlock()
		v := r.agent.view
		return len(v.dirty) == 0 && len(v.learned) == 0 && len(v.gone) == 0 && len(v.healthEv) == 0
	})
	r.h.mu.Lock()
	applied := slices.Clone(r.h.applied[from-1:])
	r.h.mu.Unlock()
	for i, cfg := range applied {
		assert.Equal(t, []string{"b", "c"}, serverNames(serviceByKey(t, cfg, "svc_web_10001")),
			"apply %d after the hung read answered", from+i)
	}
	assert.True(t, r.agent.Status().Marathon.OK)
}

// A read gets a deadline well under the kill grace period, and one cut by
// it is retried with backoff until Marathon answers; meanwhile the last
// view keeps serving (fail static) and the error is reported.
func TestAgentRetriesAReadCutByItsDeadline(t *testing.T) {
	m := &hangingMarathon{fakeMarathon: newFakeMarathon(webApp(task("a", yes, 31001)))}
	r := startRig(t, m.fakeMarathon, func(o *Options) { o.Marathon, o.ReadTimeout = m, 50*time.Millisecond })
	r.waitServers("svc_web_10001", "a")

	m.hang()
	m.set(webApp(task("a", yes, 31001), task("b", yes, 31002)))
	m.events <- marathon.Event{Type: marathon.EventStatusUpdate, StatusUpdate: &marathon.StatusUpdate{AppID: "/web", TaskID: "b", TaskStatus: "TASK_RUNNING"}}
	eventually(t, "three reads cut by their deadline", func() bool { return m.cut.Load() >= 3 })
	st := r.agent.Status()
	assert.False(t, st.Marathon.OK)
	assert.Contains(t, st.Marathon.Error, "deadline exceeded")
	// The read cut is /web's, or a full read of /v2/apps when the event
	// stream attached after the rig's first sync (it re-reads everything
	// then: a busy machine does that).
	assert.True(t, strings.Contains(st.LastError, "GET /v2/apps"), st.LastError)
	assert.Equal(t, []string{"a"}, r.servers("svc_web_10001"), "the last view keeps serving")

	m.unhang()
	r.waitServers("svc_web_10001", "a", "b")
	eventually(t, "Marathon reported up again", func() bool {
		st := r.agent.Status()
		return st.Marathon.OK && st.LastError == ""
	})
}
