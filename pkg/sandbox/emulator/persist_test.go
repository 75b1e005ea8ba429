package emulator

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashCopy copies the state directory's state.json to a new directory at
// this instant: what a kill -9 right after an answer would leave behind.
func crashCopy(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	require.NoError(t, err, "no state file written yet")
	out := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(out, stateFile), b, 0o600))
	return out
}

func savedApp(t *testing.T, dir, id string) *persistedApp {
	t.Helper()
	st, err := readState(dir)
	require.NoError(t, err)
	for i := range st.Apps {
		if st.Apps[i].App.ID == id {
			return &st.Apps[i]
		}
	}
	return nil
}

// TestAcceptedChangesAreDurableBeforeTheAnswer: like Marathon, which writes
// an accepted app to ZooKeeper before answering 200/201, the emulator has
// an accepted create, update or delete in its state file by the time the
// answer arrives (the background save comes ≥50 ms later), so a kill -9
// right after the answer loses nothing. A new emulator on that file runs
// the update to its end.
func TestAcceptedChangesAreDurableBeforeTheAnswer(t *testing.T) {
	dir := t.TempDir()
	te := startEmu(t, Config{StateDir: dir, TimeScale: 0.1})

	r := te.call(t, "POST", "/v2/apps", `{"id":"/web","cmd":"serve","instances":1,"labels":{"YODEL_RELEASE":"v1"}}`)
	require.Equal(t, 201, r.status, string(r.body))
	v1 := r.json(t)["version"].(string)
	pa := savedApp(t, dir, "/web")
	require.NotNil(t, pa, "the created app is in the state file when 201 arrives")
	assert.Equal(t, v1, pa.App.Version)
	te.waitIdle(t)

	r = te.call(t, "PUT", "/v2/apps/web", `{"cmd":"serve","instances":2,"labels":{"YODEL_RELEASE":"v2"}}`)
	require.Equal(t, 200, r.status, string(r.body))
	v2 := r.json(t)["version"].(string)
	crashed := crashCopy(t, dir)
	pa = savedApp(t, crashed, "/web")
	require.NotNil(t, pa)
	assert.Equal(t, v2, pa.App.Version, "the update is in the state file when 200 arrives")
	assert.Equal(t, "v2", pa.App.Labels["YODEL_RELEASE"])

	r = te.call(t, "POST", "/v2/apps", `{"id":"/gone","cmd":"serve","instances":1}`)
	require.Equal(t, 201, r.status, string(r.body))
	r = te.call(t, "DELETE", "/v2/apps/gone", "")
	require.Equal(t, 200, r.status, string(r.body))
	if pa := savedApp(t, dir, "/gone"); pa != nil {
		assert.True(t, pa.Deleted, "the delete is in the state file when 200 arrives")
	}

	// An emulator started on the copy taken right after the PUT's answer
	// (as after a kill -9 then) has v2 and brings it up.
	te2 := startEmu(t, Config{StateDir: crashed, TimeScale: 0.1})
	got := te2.call(t, "GET", "/v2/apps/web", "").json(t)["app"].(map[string]any)
	assert.Equal(t, v2, got["version"])
	assert.Equal(t, "v2", got["labels"].(map[string]any)["YODEL_RELEASE"])
	te2.waitIdle(t)
	got = te2.call(t, "GET", "/v2/apps/web", "").json(t)["app"].(map[string]any)
	assert.Equal(t, 2.0, got["tasksRunning"])
	for _, tk := range got["tasks"].([]any) {
		assert.Equal(t, v2, tk.(map[string]any)["version"], "every task runs the update")
	}
}

// TestConcurrentWritesAreAllDurable: writes answered at the same time
// share state file writes (group commit) and none is lost or overwritten
// by an older snapshot.
func TestConcurrentWritesAreAllDurable(t *testing.T) {
	dir := t.TempDir()
	te := startEmu(t, Config{StateDir: dir})
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			body := fmt.Sprintf(`{"id":"/app-%d","cmd":"serve","instances":0}`, i)
			res, err := http.Post(te.url+"/v2/apps", "application/json", strings.NewReader(body))
			if err == nil {
				res.Body.Close()
				if res.StatusCode != 201 {
					err = fmt.Errorf("create /app-%d: HTTP %d", i, res.StatusCode)
				}
			}
			errs <- err
		}()
	}
	deadline := time.After(30 * time.Second)
	for range n {
		select {
		case err := <-errs:
			require.NoError(t, err)
		case <-deadline:
			t.Fatal("creates did not answer within 30s")
		}
	}
	st, err := readState(dir)
	require.NoError(t, err)
	assert.Len(t, st.Apps, n, "every answered create is in the state file")
}
