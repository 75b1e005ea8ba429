package emulator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listed copies the app's tasks as the API lists them.
func listed(te *testEmu, appID string) map[string]Task {
	te.mu.Lock()
	defer te.mu.Unlock()
	out := map[string]Task{}
	if as := te.apps[appID]; as != nil {
		for id, tk := range as.tasks {
			out[id] = *tk
		}
	}
	return out
}

// countState counts the tasks in state that are not being killed.
// someTask is one of the app's tasks.
func someTask(te *testEmu, appID string) Task {
	for _, tk := range listed(te, appID) {
		return tk
	}
	return Task{}
}

func countState(ts map[string]Task, state string) int {
	n := 0
	for _, tk := range ts {
		if tk.State == state && !tk.KillRequested {
			n++
		}
	}
	return n
}

// runs runs the scheduler once more, as its ticker would.
func (te *testEmu) runs(set func()) {
	te.mu.Lock()
	defer te.mu.Unlock()
	if set != nil {
		set()
	}
	te.schedule(time.Now())
}

// eventFor is the next event of one of types about the task or its
// instance.
func eventFor(t *testing.T, s *sse, tk Task, types ...string) sseEvent {
	t.Helper()
	for {
		ev := s.next(t, types...)
		if ev.data["taskId"] == tk.ID || ev.data["instanceId"] == tk.InstanceID {
			return ev
		}
	}
}

const unreachableApp = `{"id":"/u","cmd":"x","instances":2,
	"healthChecks":[{"protocol":"HTTP","intervalSeconds":1,"timeoutSeconds":1}]}`

// With the default strategy (0/0 since 1.4.9), Marathon 1.4 takes an
// unreachable instance as UnreachableInactive at once: it lists the task
// as TASK_UNREACHABLE without health results and launches a replacement.
// When the agent comes back the task runs again beside its replacement,
// until the next scale check kills the surplus: the youngest, the
// replacement.
func TestUnreachableTaskIsReplacedAndTheSurplusKilledAtTheScaleCheck(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05, ScaleAppsInitialDelay: time.Hour})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", unreachableApp).status)
	te.waitIdle(t)
	victim := someTask(te, "/u")
	events := openSSE(t, te.url+"/v2/events")

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
	assert.Equal(t, "TASK_UNREACHABLE", eventFor(t, events, victim, "status_update_event").data["taskStatus"])
	assert.Equal(t, "UnreachableInactive", eventFor(t, events, victim, "instance_changed_event").data["condition"])
	waitFor(t, 10*time.Second, "a replacement running and healthy", func() bool {
		return te.call(t, "GET", "/v2/apps/u", "").json(t)["app"].(map[string]any)["tasksHealthy"] == 2.0
	})
	app := te.call(t, "GET", "/v2/apps/u", "").json(t)["app"].(map[string]any)
	assert.Equal(t, 2.0, app["tasksRunning"], "an unreachable task is not running")
	assert.Len(t, app["tasks"], 3, "still listed")
	for _, x := range app["tasks"].([]any) {
		if x := x.(map[string]any); x["id"] == victim.ID {
			assert.Equal(t, "TASK_UNREACHABLE", x["state"])
			assert.Nil(t, x["healthCheckResults"], "purged once inactive")
		}
	}

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/reachable", "").status)
	assert.Equal(t, "TASK_RUNNING", eventFor(t, events, victim, "status_update_event").data["taskStatus"])
	assert.Equal(t, "Running", eventFor(t, events, victim, "instance_changed_event").data["condition"])
	te.runs(nil)
	te.runs(nil)
	assert.Equal(t, 3, countState(listed(te, "/u"), TaskRunning), "the surplus waits for a scale check")

	te.runs(func() { te.nextScaleCheck = time.Now() })
	waitFor(t, 10*time.Second, "the surplus killed", func() bool { return len(listed(te, "/u")) == 2 })
	ts := listed(te, "/u")
	assert.Contains(t, ts, victim.ID, "the youngest goes: the replacement, not the task that came back")
}

// With ManualJobs, Marathon's periodic jobs run only when posted: a
// surplus survives timers that would have fired at every pass, and the
// posted scale check does not re-arm its timer.
func TestManualJobsWaitForTheirPost(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05, ManualJobs: true, ScaleAppsInitialDelay: time.Nanosecond, ScaleAppsInterval: time.Nanosecond})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", unreachableApp).status)
	te.waitIdle(t)
	victim := someTask(te, "/u")
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
	waitFor(t, 10*time.Second, "a replacement running", func() bool { return countState(listed(te, "/u"), TaskRunning) == 2 })
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/reachable", "").status)
	for range 3 {
		te.runs(nil)
	}
	assert.Equal(t, 3, countState(listed(te, "/u"), TaskRunning), "no scale check without a post")

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/jobs/scale-check", "").status)
	waitFor(t, 10*time.Second, "the surplus killed", func() bool { return len(listed(te, "/u")) == 2 })
	te.mu.Lock()
	defer te.mu.Unlock()
	assert.True(t, te.nextScaleCheck.IsZero(), "the next waits for a post")
}

// With a strategy of 60/120 s an unreachable instance first counts as
// running (no replacement), becomes UnreachableInactive only when Mesos
// reports it again after 60 s (reconciliation), and is expunged by the
// periodic job after 120 s: instance_changed_event Killed, nothing else.
// Its process, back, is an unknown task and killed.
func TestUnreachableStrategyTimes(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05, ScaleAppsInitialDelay: time.Hour,
		ReconciliationInitialDelay: time.Hour, TaskLostExpungeInitialDelay: time.Hour})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/s","cmd":"x","unreachableStrategy":{"inactiveAfterSeconds":60,"expungeAfterSeconds":120}}`).status)
	te.waitIdle(t)
	victim := *onlyTask(t, te, "/s")
	events := openSSE(t, te.url+"/v2/events")
	ago := func(marathonSeconds float64) func() {
		return func() {
			te.apps["/s"].tasks[victim.ID].UnreachableSince = time.Now().Add(-te.scaled(marathonSeconds))
		}
	}

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
	assert.Equal(t, "Unreachable", eventFor(t, events, victim, "instance_changed_event").data["condition"])
	te.runs(ago(90))
	assert.Len(t, listed(te, "/s"), 1, "Unreachable counts as running, and nothing looks again before Mesos reports")

	te.runs(func() { te.nextReconcile = time.Now() })
	assert.Equal(t, "UnreachableInactive", eventFor(t, events, victim, "instance_changed_event").data["condition"])
	waitFor(t, 10*time.Second, "a replacement", func() bool { return countState(listed(te, "/s"), TaskRunning) == 1 })

	te.runs(func() { te.nextExpunge = time.Now() })
	assert.Contains(t, listed(te, "/s"), victim.ID, "not expunged before 120 s")
	te.runs(func() { ago(150)(); te.nextExpunge = time.Now() })
	ev := eventFor(t, events, victim, "instance_changed_event", "status_update_event")
	assert.Equal(t, "instance_changed_event", ev.typ, "no status update for an expunge")
	assert.Equal(t, "Killed", ev.data["condition"])
	assert.NotContains(t, listed(te, "/s"), victim.ID)

	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/reachable", "").status)
	assert.Equal(t, "unknown_instance_terminated_event", eventFor(t, events, victim, "unknown_instance_terminated_event").typ)
	te.mu.Lock()
	assert.Empty(t, te.partitioned, "killed as an unknown task")
	te.mu.Unlock()
	assert.Equal(t, 404, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/reachable", "").status)
}

// A restart replaces the active instances: 1.4 leaves an UnreachableInactive
// one listed, neither killed nor waited for, and the deployment ends; 1.10
// expunged it at its first TASK_UNREACHABLE.
func TestRestartOverAnUnreachableTask(t *testing.T) {
	for _, version := range []string{Version14, Version110} {
		t.Run(version, func(t *testing.T) {
			te := startEmu(t, Config{TimeScale: 0.05, MarathonVersion: version, ScaleAppsInitialDelay: time.Hour})
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", unreachableApp).status)
			te.waitIdle(t)
			victim := someTask(te, "/u")
			require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
			_, kept := listed(te, "/u")[victim.ID]
			assert.Equal(t, version == Version14, kept, "1.10 expunges at once with 0/0")
			waitFor(t, 10*time.Second, "a replacement", func() bool { return countState(listed(te, "/u"), TaskRunning) == 2 })

			require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/u", `{"cmd":"y"}`).status)
			waitFor(t, 20*time.Second, "the restart done", func() bool {
				return len(te.call(t, "GET", "/v2/apps/u", "").json(t)["app"].(map[string]any)["deployments"].([]any)) == 0
			})
			ts := listed(te, "/u")
			assert.Equal(t, 2, countState(ts, TaskRunning))
			if version == Version14 {
				require.Contains(t, ts, victim.ID, "left as it was")
				assert.Equal(t, TaskUnreachable, ts[victim.ID].State)
				assert.Equal(t, victim.Version, ts[victim.ID].Version)
			}
		})
	}
}

// Killing an unreachable task sends Mesos nothing: 1.4 expunges its
// instance at once (a scale-down picks it first), 1.10 keeps it listed as
// decommissioned and kills it when it runs again.
func TestKillingAnUnreachableTask(t *testing.T) {
	const app = `{"id":"/k","cmd":"x","instances":3,"unreachableStrategy":{"inactiveAfterSeconds":600,"expungeAfterSeconds":1200}}`
	t.Run("1.4 scale down", func(t *testing.T) {
		te := startEmu(t, Config{})
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", app).status)
		te.waitIdle(t)
		victim := someTask(te, "/k")
		events := openSSE(t, te.url+"/v2/events")
		require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
		require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/k", `{"instances":2}`).status)
		assert.Equal(t, "Unreachable", eventFor(t, events, victim, "instance_changed_event").data["condition"])
		assert.Equal(t, "Killed", eventFor(t, events, victim, "instance_changed_event").data["condition"])
		te.waitIdle(t)
		after := listed(te, "/k")
		assert.NotContains(t, after, victim.ID, "Unreachable is killed first")
		assert.Len(t, after, 2)
	})
	t.Run("1.10 app deleted", func(t *testing.T) {
		te := startEmu(t, Config{MarathonVersion: Version110})
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", app).status)
		te.waitIdle(t)
		victim := someTask(te, "/k")
		require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
		require.Equal(t, 200, te.call(t, "DELETE", "/v2/apps/k", "").status)
		waitFor(t, 10*time.Second, "the deletion done (a decommissioned unreachable task counts as killed)", func() bool {
			return string(te.call(t, "GET", "/v2/deployments", "").body) == "[]"
		})
		require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/reachable", "").status)
		waitFor(t, 10*time.Second, "its process killed as unknown", func() bool {
			te.mu.Lock()
			defer te.mu.Unlock()
			return len(te.partitioned) == 0
		})
	})
	t.Run("1.10 kill", func(t *testing.T) {
		te := startEmu(t, Config{MarathonVersion: Version110, ScaleAppsInitialDelay: time.Hour})
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", app).status)
		te.waitIdle(t)
		victim := someTask(te, "/k")
		require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/unreachable", "").status)
		require.Equal(t, 200, te.call(t, "DELETE", "/v2/apps/k/tasks/"+victim.ID, "").status)
		require.Contains(t, listed(te, "/k"), victim.ID, "decommissioned, still listed")
		require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+victim.ID+"/reachable", "").status)
		waitFor(t, 10*time.Second, "killed once back", func() bool {
			_, ok := listed(te, "/k")[victim.ID]
			return !ok
		})
	})
}
