package status

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// In a sandbox (the real HAProxy and lb agent): `yodel status SERVICE`
// says how the agent's HAProxy holds each task, from the agent's
// /v1/services/{service}/servers.
func TestStatusOfAServiceSaysHowHAProxyHoldsEachTask(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: a sandbox and the yodel binary")
	}
	sb := sandboxtest.Start(t, sandboxtest.Options{})
	dir := t.TempDir()
	m, err := os.ReadFile(sandboxtest.HelloManifest(t))
	require.NoError(t, err)
	port := sandboxtest.FreeServicePort(t)
	hello := sandboxtest.ReplaceOnce(t, string(m), "servicePort: 10080", fmt.Sprintf("servicePort: %d", port))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.yaml"), []byte(hello), 0o644))
	code, out, errOut := sandboxtest.Exec(t, sb.Bin, dir, nil, "deploy", "-f", "hello.yaml", "--realm", sb.RealmFile, "--release", "v1", "--yes")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)

	// The deploy waited for the agent to route it; HAProxy's own first
	// checks may still be rising.
	var tasks []view.Task
	var app view.App
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, out, errOut = sandboxtest.Exec(t, sb.Bin, dir, nil, "status", "hello", "--realm", sb.RealmFile, "-o", "json")
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		var rows []view.App
		require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
		require.Len(t, rows, 1, out)
		app, tasks = rows[0], rows[0].Tasks
		up := 0
		for _, tk := range tasks {
			if len(tk.Routing) == 1 && tk.Routing[0].Status == "UP" {
				up++
			}
		}
		if len(tasks) == 3 && up == 3 {
			break
		}
		require.True(t, time.Now().Before(deadline), "not every task UP in HAProxy:\n%s\n%s", out, errOut)
		time.Sleep(100 * time.Millisecond) // polling a condition with a deadline
	}
	for _, tk := range tasks {
		r := tk.Routing[0]
		assert.NotEmpty(t, r.Agent)
		assert.Equal(t, port, r.Port)
		assert.Positive(t, r.Weight, "stable with no canary gets traffic")
		assert.Regexp(t, `^(INI|L4OK|L7OK)$`, r.Check, "HAProxy's check: not run yet, or passed")
	}
	assert.Empty(t, app.ServersUnread, "the agent reported its servers")
	assert.Empty(t, app.RoutingErrors)
}
