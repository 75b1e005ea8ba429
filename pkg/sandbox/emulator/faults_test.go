package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A task failing its health checks: events by instance id (no taskId in
// health events), killed at failure maxConsecutiveFailures+1
// (HealthCheckActor.checkConsecutiveFailures looks at the count before the
// new failure), replaced by a new instance on 1.4 and by the same
// instance's next incarnation on 1.10, with no launch delay.
func TestHealthFailureKillsAndRelaunches(t *testing.T) {
	for _, v := range []string{Version14, Version110} {
		t.Run("marathon-"+v, func(t *testing.T) {
			te := startEmu(t, Config{TimeScale: 0.05, MarathonVersion: v})
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
				`{"id":"/h","cmd":"x","backoffSeconds":3600,"healthChecks":[{"protocol":"HTTP","path":"/health","intervalSeconds":1,"maxConsecutiveFailures":2,"gracePeriodSeconds":1}]}`).status)
			te.waitIdle(t)
			tk := onlyTask(t, te, "/h")
			require.NotEqual(t, tk.ID, tk.InstanceID)
			s := openSSE(t, te.url+"/v2/events")
			r := te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/fail-health", "")
			require.Equal(t, 200, r.status, string(r.body))
			var order, failedAt []string
			var kill sseEvent
			for {
				ev := s.next(t, "failed_health_check_event", "health_status_changed_event", "instance_health_changed_event",
					"unhealthy_instance_kill_event", "status_update_event")
				if ev.data["taskId"] != tk.ID && ev.data["instanceId"] != tk.InstanceID && ev.data["taskId"] != tk.InstanceID {
					continue
				}
				order = append(order, ev.typ)
				switch ev.typ {
				case "health_status_changed_event":
					assert.Equal(t, false, ev.data["alive"])
					assert.Equal(t, tk.InstanceID, ev.data["instanceId"])
					assert.NotContains(t, ev.data, "taskId")
				case "failed_health_check_event":
					failedAt = append(failedAt, ev.data["timestamp"].(string))
					key := map[string]string{Version14: "instanceId", Version110: "taskId"}[v]
					assert.Equal(t, tk.InstanceID, ev.data[key], "%s names the instance", key)
				case "unhealthy_instance_kill_event":
					assert.Equal(t, tk.ID, ev.data["taskId"])
					assert.Equal(t, tk.InstanceID, ev.data["instanceId"])
					assert.Equal(t, "health check failure injected", ev.data["reason"])
					// checkConsecutiveFailures reads the health before the new
					// result: the time is the previous failure's, no later
					// than its event (the failure before the kill, 50 ms
					// earlier).
					require.Len(t, failedAt, 3)
					assert.LessOrEqual(t, ev.data["timestamp"], failedAt[1], "the kill's time is the previous failure's")
					kill = ev
				}
				if ev.typ == "status_update_event" && ev.data["taskStatus"] == TaskKilled {
					break
				}
			}
			assert.Equal(t, []string{"failed_health_check_event", "health_status_changed_event", "instance_health_changed_event",
				"failed_health_check_event", "failed_health_check_event", "unhealthy_instance_kill_event", "status_update_event"}, order,
				"killed at the third failure of maxConsecutiveFailures 2; no TASK_KILLING on a plain Marathon")
			te.waitIdle(t) // relaunched at once despite backoffSeconds 3600: a kill is no failure
			next := onlyTask(t, te, "/h")
			assert.NotEqual(t, tk.ID, next.ID, "a new task replaced the unhealthy one")
			if v == Version110 {
				assert.Equal(t, tk.InstanceID, next.InstanceID, "1.10 relaunches the instance")
				assert.Equal(t, strings.TrimSuffix(tk.ID, "1")+"2", next.ID, "under its next incarnation")
			} else {
				assert.NotEqual(t, tk.InstanceID, next.InstanceID)
			}
			// HistoryActor stores the kill itself (FromUnhealthyInstanceKillEvent);
			// the TASK_KILLED update after it is no failure and leaves it.
			app := te.call(t, "GET", "/v2/apps/h?embed=app.lastTaskFailure", "").json(t)["app"].(map[string]any)
			f, ok := app["lastTaskFailure"].(map[string]any)
			require.True(t, ok, "the unhealthy kill is the app's lastTaskFailure: %v", app)
			assert.Equal(t, tk.ID, f["taskId"])
			assert.Equal(t, TaskKilled, f["state"])
			assert.Equal(t, "Task was killed since health check failed. Reason: health check failure injected", f["message"])
			assert.Equal(t, kill.data["timestamp"], f["timestamp"], "the failure's time is the kill event's")
		})
	}
}

func TestGracePeriodIgnoresFailures(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05})
	// The check can never pass (no port), but within the grace period and
	// before a first success nothing counts.
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/g","cmd":"x","healthChecks":[{"protocol":"TCP","port":1,"intervalSeconds":1,"gracePeriodSeconds":100}]}`).status)
	waitFor(t, 5*time.Second, "running", func() bool {
		return te.call(t, "GET", "/v2/apps/g", "").json(t)["app"].(map[string]any)["tasksRunning"] == 1.0
	})
	deadline := time.Now().Add(300 * time.Millisecond) // six check intervals
	for time.Now().Before(deadline) {
		app := te.call(t, "GET", "/v2/apps/g", "").json(t)["app"].(map[string]any)
		require.Equal(t, 0.0, app["tasksUnhealthy"])
		_, has := app["tasks"].([]any)[0].(map[string]any)["healthCheckResults"]
		require.False(t, has)
	}
}

func TestAPIFaults(t *testing.T) {
	te := startEmu(t, Config{})
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/faults/fail?count=2&status=502", "").status)
	assert.Equal(t, 502, te.call(t, "GET", "/v2/apps", "").status)
	assert.Equal(t, 502, te.call(t, "GET", "/v2/apps", "").status)
	assert.Equal(t, 200, te.call(t, "GET", "/v2/apps", "").status)

	// Only PUTs fail, and after=true applies each first: the app exists
	// though its creator heard 503.
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/faults/fail?count=1&method=put&after=true", "").status)
	assert.Equal(t, 200, te.call(t, "GET", "/v2/apps", "").status, "a GET is not the PUT")
	put := te.call(t, "PUT", "/v2/apps/applied", `{"id":"/applied","cmd":"sleep 600","cpus":0.01,"mem":8,"instances":0}`)
	assert.Equal(t, 503, put.status)
	assert.Equal(t, 200, te.call(t, "GET", "/v2/apps/applied", "").status, "applied before the failure")
	assert.Equal(t, 200, te.call(t, "PUT", "/v2/apps/applied", `{"id":"/applied","cmd":"sleep 600","cpus":0.01,"mem":8,"instances":0}`).status)

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/faults/reset?count=1", "").status)
	// A fresh connection: Go retries a GET whose reused connection was reset.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	_, err := fresh.Get(te.url + "/v2/apps")
	assert.Error(t, err, "connection reset")
	assert.Equal(t, 200, te.call(t, "GET", "/v2/apps", "").status)

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/faults/delay?duration=150ms", "").status)
	start := time.Now()
	te.call(t, "GET", "/ping", "")
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	require.Equal(t, 200, te.call(t, "DELETE", "/_emulator/faults", "").status)

	s := openSSE(t, te.url+"/v2/events")
	s.next(t, "event_stream_attached")
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/events/drop", "").status)
	select {
	case _, ok := <-s.ch:
		assert.False(t, ok, "the stream was closed")
	case <-time.After(5 * time.Second):
		t.Fatal("stream not dropped")
	}
	assert.Equal(t, 404, te.call(t, "POST", "/_emulator/tasks/nope.x/kill", "").status)
	assert.Equal(t, 404, te.call(t, "GET", "/v2/_emulator/status", "").status, "faults live outside /v2")
}

func TestTaskFaults(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/w","cmd":"x","healthChecks":[{"protocol":"HTTP","intervalSeconds":1,"timeoutSeconds":1,"maxConsecutiveFailures":0}]}`).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/w")
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/wedge", "").status)
	waitFor(t, 5*time.Second, "wedged task unhealthy", func() bool {
		return te.call(t, "GET", "/v2/apps/w", "").json(t)["app"].(map[string]any)["tasksUnhealthy"] == 1.0
	})
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/unwedge", "").status)
	waitFor(t, 5*time.Second, "healthy again", func() bool {
		return te.call(t, "GET", "/v2/apps/w", "").json(t)["app"].(map[string]any)["tasksHealthy"] == 1.0
	})
	assert.Equal(t, tk.ID, onlyTask(t, te, "/w").ID, "maxConsecutiveFailures 0 never kills")

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/kill", "").status)
	waitFor(t, 5*time.Second, "replacement", func() bool {
		te.mu.Lock()
		defer te.mu.Unlock()
		for id, x := range te.apps["/w"].tasks {
			if id != tk.ID && x.State == TaskRunning {
				return true
			}
		}
		return false
	})
	app := te.call(t, "GET", "/v2/apps/w", "").json(t)["app"].(map[string]any)
	assert.Equal(t, tk.ID, app["lastTaskFailure"].(map[string]any)["taskId"])
}

func TestLoseLeadership(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{StateDir: dir, LeaderPollInterval: 30 * time.Millisecond}
	a := startEmu(t, cfg)
	waitFor(t, 5*time.Second, "a leads", func() bool { return a.leader.isLeader() })
	b := startEmu(t, cfg)
	require.Equal(t, 201, b.call(t, "POST", "/v2/apps", `{"id":"/x","cmd":"x"}`).status, "proxied to the leader")
	require.Equal(t, 200, a.call(t, "POST", "/_emulator/leadership/lose", "").status)
	waitFor(t, 5*time.Second, "b leads", func() bool { return b.leader.isLeader() })
	assert.False(t, a.leader.isLeader())
	b.waitIdle(t)
	assert.Equal(t, 200, a.call(t, "GET", "/v2/apps/x", "").status, "a now proxies to b")
}

// An event stream holds at most --event_stream_max_outstanding_messages
// unwritten events, counting those of types it did not ask for. Beyond
// that Marathon 1.4.13 drops the event and keeps the stream, telling the
// client nothing; 1.10.26 closes the stream.
func TestEventStreamOverflow(t *testing.T) {
	for _, c := range []struct {
		dropOnOverflow bool
		closed         bool
	}{{true, false}, {false, true}} {
		b := newEventBus(c.dropOnOverflow)
		s := b.subscribe([]string{"status_update_event"}, 3)
		b.send(event{Type: "deployment_info", Data: []byte("{}")}) // counted though filtered
		b.send(event{Type: "api_post_event"})                      // encoded for nobody: counted too
		b.send(event{Type: "status_update_event", Data: []byte(`{"n":1}`)})
		b.send(event{Type: "status_update_event", Data: []byte(`{"n":2}`)}) // the fourth
		select {
		case <-s.gone:
			assert.True(t, c.closed, "1.4 keeps the stream")
		default:
			assert.False(t, c.closed, "1.10 closes the stream")
			assert.Equal(t, 1, s.dropped)
			assert.Equal(t, 1, b.count())
		}
		var written []string
		for len(s.ch) > 0 {
			if ev := <-s.ch; ev.Data != nil {
				written = append(written, string(ev.Data))
			}
		}
		assert.Equal(t, []string{`{"n":1}`}, written, "only what the stream asked for is written")
	}
}
