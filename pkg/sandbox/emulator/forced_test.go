package emulator

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A forced update over a deployment whose new tasks never become healthy
// (Ctrl-C, then "roll back") must not deadlock on capacity: the extra
// instances are killed at once, unhealthy ones first, and the target
// version comes up.
func TestForcedUpdateOverUnhealthyDeployment(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/f","cmd":"sleep 600","instances":2}`).status)
	te.waitIdle(t)
	v1 := te.call(t, "GET", "/v2/apps/f", "").json(t)["app"].(map[string]any)["version"].(string)

	// v2 never passes its health check and has a long grace period: its
	// deployment stays in progress with four tasks (two old, two new).
	v2 := `{"cmd":"sleep 601","healthChecks":[{"protocol":"COMMAND","command":{"value":"exit 1"},"gracePeriodSeconds":60000}]}`
	require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/f", v2).status)
	waitFor(t, 10*time.Second, "four tasks", func() bool {
		te.mu.Lock()
		defer te.mu.Unlock()
		return len(te.apps["/f"].tasks) == 4
	})

	r := te.call(t, "PUT", "/v2/apps/f?force=true", fmt.Sprintf(`{"version":%q}`, v1))
	require.Equal(t, 200, r.status, string(r.body))
	waitFor(t, 20*time.Second, "the rollback to finish with two tasks of the target", func() bool {
		if !te.idle() {
			return false
		}
		te.mu.Lock()
		defer te.mu.Unlock()
		as := te.apps["/f"]
		if len(as.tasks) != 2 {
			return false
		}
		for _, tk := range as.tasks {
			if tk.Version != as.app.Version || !taskHealthy(tk) {
				return false
			}
		}
		return as.app.Cmd != nil && *as.app.Cmd == "sleep 600"
	})
}
