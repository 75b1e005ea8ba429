package drain

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/state"
)

func openStore(t *testing.T) state.Store {
	t.Helper()
	st, err := state.Open(context.Background(), "file://"+t.TempDir(), state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.PutRouting(context.Background(), state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	return st
}

// agent registers an lb agent that acknowledges every generation of web
// it sees, with the draining set it was given recorded.
func agent(t *testing.T, st state.Store) *atomic.Value {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sess, err := st.RegisterAgent(ctx, state.Agent{ID: "a1", Address: "127.0.0.1:1"})
	require.NoError(t, err)
	t.Cleanup(func() { sess.Close(context.Background()) })
	ch, err := st.WatchRouting(ctx)
	require.NoError(t, err)
	var seen atomic.Value
	go func() {
		for ev := range ch {
			if ev.Kind == state.RoutingUpdated && ev.Service == "web" {
				seen.Store(ev.Routing.Draining)
				_ = sess.Ack(ctx, "web", ev.Routing.Generation)
			}
		}
	}()
	return &seen
}

func TestDrainWaitsForAckAndSessions(t *testing.T) {
	st := openStore(t)
	seen := agent(t, st)
	var polls atomic.Int64
	want := []string{"web-blue.1"}
	d := &Drainer{Store: st, Poll: time.Millisecond, Sessions: func(_ context.Context, svc string, servers []string) (int64, error) {
		assert.Equal(t, want, servers)
		// Every poll must come after the agents applied the set.
		assert.Equal(t, want, seen.Load())
		return max(0, 3-polls.Add(1)), nil
	}}
	res, err := d.Drain(context.Background(), "web", []string{"web-blue.1"}, time.Minute, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(0), res.SessionsLeft)
	assert.Equal(t, int64(3), polls.Load(), "waited until the sessions ended")
	rt, _, err := st.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, []string{"web-blue.1"}, rt.Draining)
	assert.Equal(t, res.Generation, rt.Generation)

	// A later drain drops ids that no longer run; Forget empties the set.
	want = []string{"web-blue.2"}
	_, err = d.Drain(context.Background(), "web", []string{"web-blue.2"}, time.Minute, func(id string) bool { return false })
	require.NoError(t, err)
	rt, _, _ = st.GetRouting(context.Background(), "web")
	assert.Equal(t, []string{"web-blue.2"}, rt.Draining)
	require.NoError(t, d.Forget(context.Background(), "web", []string{"web-blue.2"}))
	rt, _, _ = st.GetRouting(context.Background(), "web")
	assert.Nil(t, rt.Draining)
	assert.Equal(t, "/web-blue", rt.Stable, "the rest of the record is kept")
}

func TestDrainBoundedByGrace(t *testing.T) {
	st := openStore(t)
	agent(t, st)
	d := &Drainer{Store: st, Poll: time.Millisecond, Sessions: func(context.Context, string, []string) (int64, error) { return 2, nil }}
	start := time.Now()
	res, err := d.Drain(context.Background(), "web", []string{"web-blue.1"}, 100*time.Millisecond, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(2), res.SessionsLeft)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
}

func TestDrainWithoutAgentsOrRouting(t *testing.T) {
	st := openStore(t)
	d := &Drainer{Store: st, Sessions: func(context.Context, string, []string) (int64, error) {
		t.Error("no agent: no session to read")
		return 0, nil
	}}
	res, err := d.Drain(context.Background(), "web", []string{"web-blue.1"}, time.Minute, nil)
	require.NoError(t, err)
	assert.True(t, res.NoAgents)
	res, err = d.Drain(context.Background(), "other", []string{"other-blue.1"}, time.Minute, nil)
	require.NoError(t, err)
	assert.Zero(t, res.Generation, "a service without routing state is not routed")
}

// A change surges only when something routes the app: a live agent, the
// app stable with no canary, and a port for HAProxy to route (a service
// without one gets no traffic to protect).
func TestRoutedNeedsAgentAndPort(t *testing.T) {
	ctx := context.Background()
	st := openStore(t) // web-blue stable, no port
	sess, err := st.RegisterAgent(ctx, state.Agent{ID: "a1", Address: "127.0.0.1:1"})
	require.NoError(t, err)
	t.Cleanup(func() { sess.Close(context.Background()) })
	assert.False(t, Routed(ctx, st, "web", "/web-blue"), "no port: nothing to route")
	rt, ver, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	rt.Ports = []state.Port{{ServicePort: 10080, Protocol: "http"}}
	_, err = st.PutRouting(ctx, rt, ver)
	require.NoError(t, err)
	assert.True(t, Routed(ctx, st, "web", "/web-blue"))
	assert.False(t, Routed(ctx, st, "web", "/web-green"), "not the stable app")
	require.NoError(t, sess.Close(ctx))
	assert.False(t, Routed(ctx, st, "web", "/web-blue"), "no live agent")
}
