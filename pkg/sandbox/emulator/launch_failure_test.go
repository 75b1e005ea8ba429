package emulator

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
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
	lo := freePortPair(t)
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
	// The task that got the one port runs on (it may still be staging
	// when the other's failure is reported, on a busy machine).
	waitFor(t, 5*time.Second, "the task that got the one port running", func() bool {
		app := te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
		return app["tasksRunning"] == float64(1)
	})
}

// A host port something else on the host listens on is skipped: the task
// gets the next one instead of a port it cannot bind (whose health checks
// would fail, or pass against the other listener).
func TestBusyHostPortIsSkipped(t *testing.T) {
	for _, ex := range []string{ExecutorInproc, ExecutorProcess} {
		t.Run(ex, func(t *testing.T) {
			lo := freePortPair(t)
			busy, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(lo)))
			require.NoError(t, err)
			defer busy.Close()
			// A two-port window whose search starts at either end: the
			// busy port is skipped either way, and every launch gets the
			// other one.
			te := startEmu(t, Config{Executor: ex, PortRange: [2]int{lo, lo + 1}})
			r := te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"exec sleep 30","instances":1,"portDefinitions":[{"port":0}]}`)
			require.Equal(t, 201, r.status, "%s", r.body)
			te.waitIdle(t)
			assert.Equal(t, []int{lo + 1}, onlyTask(t, te, "/a").Ports)
		})
	}
}

// In hold mode (inproc executor) the allocator keeps the port bound from
// the check until the task takes the listener, so nothing else on the host
// can take it in between; a port never taken is closed on release.
func TestHostPortsHoldTheirListener(t *testing.T) {
	lo := freePortPair(t)
	h := newHostPorts("127.0.0.1", [2]int{lo, lo}, true)
	ps, err := h.alloc([]int{0}, false)
	require.NoError(t, err)
	require.Equal(t, []int{lo}, ps)
	_, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(lo)))
	require.Error(t, err, "the port is held between the check and the launch")
	ln := h.take(lo)
	require.NotNil(t, ln)
	require.Nil(t, h.take(lo), "taken once")
	ln.Close() // the task ended
	h.release(ps)

	ps, err = h.alloc([]int{0}, false)
	require.NoError(t, err)
	h.release(ps)
	again, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(lo)))
	require.NoError(t, err, "release closed the untaken listener")
	again.Close()

	// Without hold (process executor) the check leaves the port unbound
	// for the task to bind.
	p := newHostPorts("127.0.0.1", [2]int{lo, lo}, false)
	_, err = p.alloc([]int{0}, false)
	require.NoError(t, err)
	ln, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(lo)))
	require.NoError(t, err)
	ln.Close()
}

// freePortPair returns a port p such that p and p+1 are both free, leased
// (pkg/sandbox/portlease) until the test ends: other test binaries'
// emulators give their tasks ports from leased windows of the same range,
// and an unleased pick was taken by one of their tasks in a busy CI run
// (TestNoFreeHostPortFailsTheLaunch saw its one port busy).
func freePortPair(t *testing.T) int {
	t.Helper()
	l, err := portlease.Take(2, 2*time.Minute)
	require.NoError(t, err)
	t.Cleanup(l.Release)
	for p := l.Lo; p < l.Hi; p++ {
		if portFree(p) && portFree(p+1) {
			return p
		}
	}
	t.Fatalf("no two adjacent free ports in the leased window %s", l)
	return 0
}

func portFree(p int) bool {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
	if err != nil {
		return false
	}
	ln.Close()
	return true
}
