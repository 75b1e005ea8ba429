package emulator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Marathon checks the tasks of an app version at the ticks of one actor
// per version (min(interval, 5 s) after the deployment step, then every
// interval): a task that starts between ticks waits for the next one.
func TestFirstHealthCheckWaitsForTheVersionsTick(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05})
	// interval 2 s, first tick 0.25 s after the version's step.
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/h","cmd":"x","healthChecks":[{"protocol":"HTTP","intervalSeconds":40,"timeoutSeconds":20}]}`).status)
	te.waitIdle(t)
	first := *onlyTask(t, te, "/h")
	te.mu.Lock()
	phase := te.apps["/h"].hcPhase[first.Version]
	te.mu.Unlock()
	interval, tick0 := 2*time.Second, phase.Add(250*time.Millisecond)
	// Kill it 0.8 s after a tick: its replacement (same version, launched
	// after a 50 ms backoff) runs about a second before the next tick.
	time.Sleep(time.Until(grid(tick0, interval, time.Now()).Add(800 * time.Millisecond))) // a point in time, not a wait for a condition
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+first.ID+"/kill", "").status)
	var next Task
	var firstSuccess time.Time
	waitFor(t, 10*time.Second, "a replacement, healthy", func() bool {
		te.mu.Lock()
		defer te.mu.Unlock()
		for _, tk := range te.apps["/h"].tasks {
			if tk.ID != first.ID && len(tk.Health) == 1 && tk.Health[0].Checked {
				next, firstSuccess = *tk, tk.Health[0].FirstSuccess
				return true
			}
		}
		return false
	})
	require.Equal(t, first.Version, next.Version)
	// 0.5 s of slack for a busy machine; checked at its start, as before,
	// it would be about 0.9 s after a tick.
	off := firstSuccess.Sub(tick0) % interval
	assert.True(t, off < 500*time.Millisecond, "checked %v after a tick of its version (started %v after one)", off,
		next.StartedAt.Sub(tick0)%interval)
}

func TestGrid(t *testing.T) {
	t0 := time.Unix(1000, 0)
	for _, c := range []struct {
		now  time.Duration
		want time.Duration
	}{{-time.Second, 0}, {0, 0}, {time.Millisecond, 2 * time.Second}, {2 * time.Second, 2 * time.Second}, {5 * time.Second, 6 * time.Second}} {
		assert.Equal(t, t0.Add(c.want), grid(t0, 2*time.Second, t0.Add(c.now)), "now %v", c.now)
	}
}
