package emulator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRollingRestart checks TaskReplaceActor's behaviour (reference §4) for
// the four documented examples with N=3. A new task becomes healthy only
// when the test says so (its COMMAND health check looks for a file named
// after it), so every intermediate state can be observed.
func TestRollingRestart(t *testing.T) {
	cases := []struct {
		minHealth, maxOver float64
		maxCapacity        int
		minHealthy         int
		// (old, new) after each step; the test then makes one new task
		// healthy (all of them for the last step).
		steps [][2]int
	}{
		{1, 1, 6, 3, [][2]int{{3, 3}, {2, 3}, {1, 3}}},
		{1, 0, 4, 3, [][2]int{{3, 1}, {2, 2}, {1, 3}}},
		{0.5, 0, 3, 2, [][2]int{{2, 1}, {1, 2}, {0, 3}}},
		{0, 0, 3, 0, [][2]int{{0, 3}}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v/%v", c.minHealth, c.maxOver), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			te := startEmu(t, Config{TimeScale: 0.05})
			body := fmt.Sprintf(`{"id":"/r","cmd":"x","instances":3,
				"upgradeStrategy":{"minimumHealthCapacity":%v,"maximumOverCapacity":%v},
				"healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f %s/$MESOS_TASK_ID"},"intervalSeconds":1}]}`,
				c.minHealth, c.maxOver, dir)
			healthy := func(id string) {
				require.NoError(t, os.WriteFile(filepath.Join(dir, id), nil, 0o644))
			}
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", body).status)
			// Make the first generation healthy as it appears.
			waitFor(t, 10*time.Second, "3 healthy v1 tasks", func() bool {
				te.mu.Lock()
				var ids []string
				for id := range te.apps["/r"].tasks {
					ids = append(ids, id)
				}
				te.mu.Unlock()
				for _, id := range ids {
					healthy(id)
				}
				return te.idle()
			})

			require.Equal(t, 200, te.call(t, "POST", "/v2/apps/r/restart", "").status)
			// observe returns (old incl. killing, new with goal running, the
			// new tasks not yet healthy) and checks the invariants.
			observe := func() (int, int, []string) {
				te.mu.Lock()
				defer te.mu.Unlock()
				as := te.apps["/r"]
				old, nw, healthyGoal := 0, 0, 0
				var pending []string
				for _, tk := range as.tasks {
					if tk.Version != as.app.Version {
						old++
					} else if !tk.KillRequested {
						nw++
						if !taskHealthy(tk) {
							pending = append(pending, tk.ID)
						}
					}
					if !tk.KillRequested && taskHealthy(tk) {
						healthyGoal++
					}
				}
				require.LessOrEqual(t, old+nw, c.maxCapacity, "never more than maxCapacity instances")
				require.GreaterOrEqual(t, healthyGoal, c.minHealthy, "never fewer than minHealthy healthy instances")
				return old, nw, pending
			}
			for i, want := range c.steps {
				var pending []string
				waitFor(t, 10*time.Second, fmt.Sprintf("step %d: old/new = %v", i, want), func() bool {
					o, n, p := observe()
					pending = p
					return o == want[0] && n == want[1]
				})
				// Give the scheduler a few passes to overshoot, if it would.
				deadline := time.Now().Add(5 * te.cfg.TickInterval)
				for time.Now().Before(deadline) {
					o, n, _ := observe()
					require.Equal(t, want, [2]int{o, n}, "step %d must hold until a new task is healthy", i)
				}
				if i == len(c.steps)-1 {
					for _, id := range pending {
						healthy(id)
					}
				} else {
					require.NotEmpty(t, pending, "step %d has a new task to become healthy", i)
					healthy(pending[0])
				}
			}
			waitFor(t, 10*time.Second, "deployment done with 3 new tasks", func() bool {
				o, n, _ := observe()
				return o == 0 && n == 3 && te.idle()
			})
		})
	}
}
