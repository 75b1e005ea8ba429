package emulator

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An inproc task told to die behaves like a server that got SIGTERM: the
// kill is reported (TASK_KILLING, with the task_killing feature) at once, the task keeps serving requests
// already in flight and new connections for half the grace period, and only
// then stops (TASK_KILLED). It used to close every connection at once,
// failing requests that load balancers had sent before they heard of the
// kill.
func TestInprocKillHonoursGracePeriod(t *testing.T) {
	te := startEmu(t, Config{Features: []string{FeatureTaskKilling}})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/drainer","cmd":"x","instances":1,"taskKillGracePeriodSeconds":3}`).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/drainer")
	require.Len(t, tk.Ports, 1)
	url := fmt.Sprintf("http://%s:%d/", te.cfg.HostIP, tk.Ports[0])
	get := func() (int, error) {
		// A new connection each time: the task must still accept.
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
		r, err := c.Get(url)
		if err != nil {
			return 0, err
		}
		defer r.Body.Close()
		_, _ = io.Copy(io.Discard, r.Body)
		return r.StatusCode, nil
	}
	code, err := get()
	require.NoError(t, err)
	require.Equal(t, 200, code)

	// A request in flight across the kill: it hangs while the task is
	// wedged, and is answered once it is unwedged, after the kill. (Should
	// it reach the task only after the kill, it still must be answered.)
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/wedge", "").status)
	inflight := make(chan error, 1)
	go func() {
		code, err := get()
		if err == nil && code != 200 {
			err = fmt.Errorf("status %d", code)
		}
		inflight <- err
	}()
	s := openSSE(t, te.url+"/v2/events?event_type=status_update_event")
	start := time.Now()
	r := te.call(t, "DELETE", "/v2/apps/drainer/tasks/"+tk.ID+"?scale=true", "")
	require.Equal(t, 200, r.status, string(r.body))
	assert.Equal(t, "TASK_KILLING", s.next(t).data["taskStatus"], "the kill is reported before the task stops")

	// The wedge endpoint refuses a task no longer running, so unwedge
	// straight through the executor.
	require.NoError(t, te.exec.wedge(tk, false))
	require.NoError(t, <-inflight, "the request in flight when the kill came is answered")
	code, err = get()
	require.NoError(t, err, "a new connection while the task drains is served")
	assert.Equal(t, 200, code)

	ev := s.next(t)
	assert.Equal(t, "TASK_KILLED", ev.data["taskStatus"])
	assert.GreaterOrEqual(t, time.Since(start), 1400*time.Millisecond, "served on for half of the 3 s grace period")
	_, err = get()
	assert.Error(t, err, "not listening once killed")
}
