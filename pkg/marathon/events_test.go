package marathon

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// next receives one event or fails the test after a deadline.
func next(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		require.True(t, ok, "event channel closed")
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return Event{}
}

// nextOf skips events until one of type typ.
func nextOf(t *testing.T, ch <-chan Event, typ string) Event {
	t.Helper()
	for {
		if ev := next(t, ch); ev.Type == typ {
			return ev
		}
	}
}

func TestEventsDecodedAndFiltered(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Events(ctx, EventStatusUpdate, EventDeploymentSuccess)
	require.NoError(t, err)
	waitFor(t, "stream attached", func() bool { return f.streams() == 1 })
	assert.Equal(t, 1, f.count("GET /v2/events?event_type=status_update_event&event_type=deployment_success"), "the filter goes to Marathon too")

	f.emit(EventAppTerminated, map[string]any{"appId": "/x"}) // filtered out
	f.emitRaw([]byte("event: status_update_event\r\ndata: " + sampleEvents[EventStatusUpdate] + "\r\n\r\n"))
	f.emitRaw([]byte("event: deployment_success\r\ndata: " + sampleEvents[EventDeploymentSuccess] + "\r\n\r\n"))

	ev := next(t, ch)
	require.Equal(t, EventStatusUpdate, ev.Type, "event_stream_attached and app_terminated_event were filtered")
	assert.Equal(t, "TASK_FAILED", ev.StatusUpdate.TaskStatus)
	ev = next(t, ch)
	require.Equal(t, EventDeploymentSuccess, ev.Type)
	assert.Equal(t, "d-1", ev.Deployment.ID)

	cancel()
	for range ch { // closed once ctx ends
	}
}

func TestEventsFirstConnectionErrors(t *testing.T) {
	dead := deadURL(t)
	c := newTestClient(t, Config{URLs: []string{dead}})
	_, err := c.Events(context.Background())
	var ue *UnreachableError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), dead)

	f := newFake(t, nil, withAuth("deploy", "right"))
	c = newTestClient(t, Config{URLs: []string{dead, f.URL()}, Auth: Basic{User: "deploy", Password: "wrong", Source: "$MARATHON_PASSWORD"}})
	_, err = c.Events(context.Background())
	var ae *AuthError
	require.ErrorAs(t, err, &ae, "a refused credential is reported rather than 'unreachable'")
	assert.Contains(t, err.Error(), "$MARATHON_PASSWORD")
	assert.NotContains(t, err.Error(), "wrong")

	notStream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "{}") }))
	defer notStream.Close()
	c = newTestClient(t, Config{URLs: []string{notStream.URL}})
	_, err = c.Events(context.Background())
	assert.ErrorContains(t, err, "not an event stream")
}

func TestEventsReconnectFailsOverToNextURL(t *testing.T) {
	state := newCluster()
	a, b := newFake(t, state), newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{a.URL(), b.URL()}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Events(ctx, EventAppTerminated)
	require.NoError(t, err)
	waitFor(t, "stream on a", func() bool { return a.count("GET /v2/events") == 1 && state.streams() == 1 })

	// The leader dies: its stream breaks and it refuses new ones.
	a.status.Store(503)
	a.srv.CloseClientConnections()

	down := nextOf(t, ch, EventStreamDown)
	assert.NotEmpty(t, down.Stream.Reason)
	re := nextOf(t, ch, EventResync)
	assert.Contains(t, re.Stream.URL, b.URL(), "failed over to the next URL")
	assert.Contains(t, re.Stream.Reason, "reconnected after")

	waitFor(t, "stream on b", func() bool { return state.streams() == 1 })
	state.emit(EventAppTerminated, map[string]any{"appId": "/x"})
	ev := nextOf(t, ch, EventAppTerminated)
	assert.Equal(t, "/x", ev.AppTerminated.AppID)
}

func TestEventsAllDownBacksOffAndRecovers(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Events(ctx, EventAppTerminated)
	require.NoError(t, err)
	waitFor(t, "stream", func() bool { return f.streams() == 1 })
	f.status.Store(503)
	f.srv.CloseClientConnections()
	nextOf(t, ch, EventStreamDown)
	waitFor(t, "a few failed reconnects", func() bool { return f.count("GET /v2/events") >= 3 })
	f.status.Store(0)
	re := nextOf(t, ch, EventResync)
	assert.Contains(t, re.Stream.Reason, "reconnected")
	waitFor(t, "stream", func() bool { return f.streams() == 1 })
	f.emit(EventAppTerminated, map[string]any{"appId": "/y"})
	assert.Equal(t, "/y", nextOf(t, ch, EventAppTerminated).AppTerminated.AppID)
}

func TestEventsFollowLeaderRedirectWithCredentials(t *testing.T) {
	state := newCluster()
	leader, follower := newFake(t, state, withAuth("deploy", "pw")), newFake(t, state, withAuth("deploy", "pw"))
	follower.redirect.Store(leader.URL() + "/v2/events?event_type=app_terminated_event")
	// The leader is a member of the realm, listed after the follower: a
	// redirect elsewhere is refused (TestRedirectTarget).
	c := newTestClient(t, Config{URLs: []string{follower.URL(), leader.URL()}, Auth: Basic{User: "deploy", Password: "pw"}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Events(ctx, EventAppTerminated)
	require.NoError(t, err)
	waitFor(t, "stream on the leader", func() bool { return state.streams() == 1 })
	assert.Equal(t, 1, leader.count("GET /v2/events"))
	state.emit(EventAppTerminated, map[string]any{"appId": "/z"})
	assert.Equal(t, "/z", nextOf(t, ch, EventAppTerminated).AppTerminated.AppID)
}

func TestRedirectTarget(t *testing.T) {
	c, err := New(Config{URLs: []string{"http://a:1", "http://b:2", "https://s:443/marathon"}})
	require.NoError(t, err)
	got, err := c.redirectTarget("http://a:1/v2/events?x=1", "http://b:2/v2/events")
	require.NoError(t, err)
	assert.Equal(t, "http://b:2/v2/events", got)
	got, err = c.redirectTarget("https://s/marathon/v2/events", "/marathon/v2/apps")
	require.NoError(t, err)
	assert.Equal(t, "https://s/marathon/v2/apps", got)
	_, err = c.redirectTarget("https://s/marathon/v2/events", "http://b:2/v2/events")
	assert.ErrorContains(t, err, "drops TLS")
	_, err = c.redirectTarget("http://a:1/v2/events", "file:///etc/passwd")
	assert.ErrorContains(t, err, "not http")
	// Only to a member: not another port of a member's host, nor a
	// subdomain, nor outside a member's base path, nor with userinfo.
	for _, loc := range []string{"http://a:3/v2/events", "http://x.a:1/v2/events", "https://s:443/other/v2/events", "http://evil:1/v2/events", "http://u:p@a:1/v2/events"} {
		_, err = c.redirectTarget("http://a:1/v2/events?x=1", loc)
		assert.ErrorContains(t, err, "not one of the realm's marathon.urls", loc)
	}
}

func TestEventsIdleTimeoutReconnects(t *testing.T) {
	f := newFake(t, nil) // sends no heartbeats
	c := newTestClient(t, Config{URLs: []string{f.URL()}, EventIdleTimeout: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Events(ctx, EventAppTerminated)
	require.NoError(t, err)
	down := nextOf(t, ch, EventStreamDown)
	assert.Contains(t, down.Stream.Reason, "idle timeout")
	nextOf(t, ch, EventResync)

	// With heartbeats faster than the idle timeout the stream stays up.
	// 50 times faster: a busy machine may hold a heartbeat up a while.
	g := newFake(t, nil, withHeartbeat(20*time.Millisecond))
	c = newTestClient(t, Config{URLs: []string{g.URL()}, EventIdleTimeout: time.Second})
	ch, err = c.Events(ctx, EventAppTerminated)
	require.NoError(t, err)
	waitFor(t, "stream", func() bool { return g.streams() == 1 })
	waitFor(t, "heartbeats spanning more than the idle timeout", func() bool { return g.beats.Load() >= 60 })
	g.emit(EventAppTerminated, map[string]any{"appId": "/hb"})
	ev := next(t, ch)
	assert.Equal(t, EventAppTerminated, ev.Type, "no reconnect happened in between")
	assert.Equal(t, 1, g.count("GET /v2/events"))
}

func TestEventsHostileInput(t *testing.T) {
	f := newFake(t, nil)
	c := newTestClient(t, Config{URLs: []string{f.URL()}, MaxEventBytes: 1024})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Events(ctx, EventAppTerminated)
	require.NoError(t, err)
	waitFor(t, "stream", func() bool { return f.streams() == 1 })

	f.emitRaw([]byte("event: app_terminated_event\r\ndata: {\"appId\":\"" + strings.Repeat("a", 5000) + "\"}\r\n\r\n"))
	f.emitRaw([]byte("event: app_terminated_event\r\ndata: {\"appId\":\r\n\r\n"))
	f.emitRaw([]byte("event: app_terminated_event\r\ndata: {\"appId\":[1]}\r\n\r\n"))
	f.emitRaw([]byte("event: weird\r\ndata: \x00\xff\r\n\r\n"))
	f.emit(EventAppTerminated, map[string]any{"appId": "/fine"})

	var reasons []string
	for {
		ev := next(t, ch)
		if ev.Type == EventAppTerminated {
			assert.Equal(t, "/fine", ev.AppTerminated.AppID)
			break
		}
		require.Equal(t, EventResync, ev.Type)
		reasons = append(reasons, ev.Stream.Reason)
	}
	require.Len(t, reasons, 4, "each lost event asks consumers to re-read")
	assert.Contains(t, reasons[0], "longer than 1024 bytes")
	assert.Contains(t, reasons[1], "undecodable")
	assert.Equal(t, 1, f.count("GET /v2/events"), "bad events do not break the stream")
}
