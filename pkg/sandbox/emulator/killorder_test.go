package emulator

import (
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scaling down ignores health in both versions: ScalingProposition sorts by
// condition, then killSelection ("TODO: this should evaluate a task's
// health as well"). An unhealthy oldest task survives a scale-down under
// YOUNGEST_FIRST, so nothing may count on Marathon picking the broken one.
func TestScaleDownKillsByKillSelectionNotHealth(t *testing.T) {
	for _, version := range []string{Version14, Version110} {
		t.Run(version, func(t *testing.T) {
			te := startEmu(t, Config{TimeScale: 0.05, MarathonVersion: version})
			hc := `"healthChecks":[{"protocol":"HTTP","path":"/","intervalSeconds":1,"gracePeriodSeconds":1,"maxConsecutiveFailures":0}]`
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/s","cmd":"x","instances":1,`+hc+`}`).status)
			te.waitIdle(t)
			oldest := onlyTask(t, te, "/s")
			// One more task at a time, so each has its own start time.
			for n := 2; n <= 3; n++ {
				waitFor(t, 10*time.Second, "a later clock reading", func() bool { return time.Since(oldest.StartedAt) > 10*time.Millisecond })
				require.Equal(t, 200, te.call(t, "PATCH", "/v2/apps/s", `{"instances":`+string(rune('0'+n))+`}`).status)
				te.waitIdle(t)
			}
			require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+oldest.ID+"/fail-health", "").status)
			waitFor(t, 10*time.Second, "the oldest task unhealthy", func() bool {
				app := te.call(t, "GET", "/v2/apps/s", "").json(t)["app"].(map[string]any)
				return app["tasksUnhealthy"] == 1.0
			})
			te.mu.Lock()
			youngest := ""
			var latest time.Time
			for id, tk := range te.apps["/s"].tasks {
				if tk.StartedAt.After(latest) {
					youngest, latest = id, tk.StartedAt
				}
			}
			te.mu.Unlock()
			require.Equal(t, 200, te.call(t, "PATCH", "/v2/apps/s", `{"instances":2}`).status)
			waitFor(t, 10*time.Second, "two tasks left", func() bool {
				te.mu.Lock()
				defer te.mu.Unlock()
				return len(te.apps["/s"].tasks) == 2
			})
			te.mu.Lock()
			defer te.mu.Unlock()
			_, oldestLeft := te.apps["/s"].tasks[oldest.ID]
			_, youngestLeft := te.apps["/s"].tasks[youngest]
			assert.True(t, oldestLeft, "the unhealthy oldest task is kept (YOUNGEST_FIRST)")
			assert.False(t, youngestLeft, "the healthy youngest task is the one scaled away")
		})
	}
}

// A restart's kill queue: 1.4 takes the instance tracker's order, with no
// preference for unhealthy instances; 1.10 kills unhealthy ones first.
// Three old tasks, the one with the greatest instance id unhealthy,
// minimumHealthCapacity 0.5 (2 of 3) and room for one more task.
func TestRestartKillOrderPerVersion(t *testing.T) {
	for _, c := range []struct {
		version     string
		killsBroken bool
	}{{Version14, false}, {Version110, true}} {
		t.Run(c.version, func(t *testing.T) {
			te := startEmu(t, Config{TimeScale: 0.05, MarathonVersion: c.version})
			hc := `"healthChecks":[{"protocol":"HTTP","path":"/","intervalSeconds":1,"gracePeriodSeconds":1,"maxConsecutiveFailures":0}]`
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/r","cmd":"v1","instances":3,"taskKillGracePeriodSeconds":200,
				"upgradeStrategy":{"minimumHealthCapacity":0.5,"maximumOverCapacity":0.34},`+hc+`}`).status)
			te.waitIdle(t)
			te.mu.Lock()
			var olds []*Task
			for _, tk := range te.apps["/r"].tasks {
				olds = append(olds, tk)
			}
			te.mu.Unlock()
			require.Len(t, olds, 3)
			sort.Slice(olds, func(i, j int) bool { return olds[i].InstanceID < olds[j].InstanceID })
			broken := olds[2].ID
			require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+broken+"/fail-health", "").status)
			waitFor(t, 10*time.Second, "one v1 task unhealthy", func() bool {
				app := te.call(t, "GET", "/v2/apps/r", "").json(t)["app"].(map[string]any)
				return app["tasksUnhealthy"] == 1.0
			})
			require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/r", `{"cmd":"v2"}`).status)
			// The kill grace period (10 s here) keeps a killed task listed
			// with its kill requested, so the first kill can be read.
			var first string
			waitFor(t, 10*time.Second, "an old task killed", func() bool {
				te.mu.Lock()
				defer te.mu.Unlock()
				for _, o := range olds {
					if tk, ok := te.apps["/r"].tasks[o.ID]; ok && tk.KillRequested {
						first = o.ID
						return true
					}
				}
				return false
			})
			if c.killsBroken {
				assert.Equal(t, broken, first, "1.10 kills the unhealthy instance first")
			} else {
				assert.Equal(t, olds[0].ID, first, "1.4 kills in the tracker's order, health aside")
			}
		})
	}
}
