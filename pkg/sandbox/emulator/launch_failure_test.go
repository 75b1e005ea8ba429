package emulator

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A portDefinitions entry without "protocol" is tcp, as in Marathon, and
// the app scales like any other.
func TestPortDefinitionWithoutProtocolScales(t *testing.T) {
	te := startEmu(t, Config{})
	r := te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"x","instances":1,"portDefinitions":[{"port":0,"name":"http"}]}`)
	require.Equal(t, 201, r.status, "%s", r.body)
	pd := r.json(t)["portDefinitions"].([]any)[0].(map[string]any)
	assert.Equal(t, "tcp", pd["protocol"])
	te.waitIdle(t)
	r = te.call(t, "PUT", "/v2/apps/a", `{"instances":3,"portDefinitions":[{"port":0,"name":"http"}]}`)
	require.Equal(t, 200, r.status, "%s", r.body)
	te.waitIdle(t)
	app := te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
	assert.Equal(t, float64(3), app["tasksRunning"])
}

// No free host port fails the launch visibly: a TASK_FAILED event with the
// reason, and lastTaskFailure, instead of a silent wait.
func TestNoFreeHostPortFailsTheLaunch(t *testing.T) {
	lo := freeTCPPort(t)
	te := startEmu(t, Config{PortRange: [2]int{lo, lo}})
	ev := openSSE(t, te.url+"/v2/events")
	r := te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"x","instances":2,"portDefinitions":[{"port":0}]}`)
	require.Equal(t, 201, r.status, "%s", r.body)
	var failed sseEvent
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		e := ev.next(t, "status_update_event")
		if e.data["taskStatus"] == "TASK_FAILED" {
			failed = e
			break
		}
	}
	require.NotNil(t, failed.data, "no TASK_FAILED event")
	assert.Contains(t, failed.data["message"], "no free host port")
	waitFor(t, 5*time.Second, "lastTaskFailure", func() bool {
		app := te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
		ltf, _ := app["lastTaskFailure"].(map[string]any)
		return ltf != nil && strings.Contains(ltf["message"].(string), "no free host port") && ltf["state"] == "TASK_FAILED"
	})
	app := te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
	assert.Equal(t, float64(1), app["tasksRunning"], "the task that got the one port still runs")
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
