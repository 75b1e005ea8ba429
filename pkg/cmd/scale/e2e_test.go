package scale

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
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// The number: 3 to 3000 instances in the sandbox with the inproc
// executor, through the real binary (`yodel sandbox up` gives the emulator
// a host port range wide enough for that).
func TestSandboxScaleTo3000(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: a sandbox and 3000 tasks")
	}
	sandboxtest.ScaleSlot(t)
	sb := sandboxtest.Start(t, sandboxtest.Options{Executor: "inproc", Ports: 3200})
	dir := t.TempDir()
	m, err := os.ReadFile("../../../examples/hello/hello.yaml")
	require.NoError(t, err)
	// A service port of its own: other test binaries run sandboxes at once.
	hello := sandboxtest.ReplaceOnce(t, string(m), "servicePort: 10080", fmt.Sprintf("servicePort: %d", sandboxtest.FreeServicePort(t)))
	// The emulator runs every task's health check in this process: 3000
	// checks a second (hello's 1 s interval and timeout) on a busy machine
	// time some out, and the scale-up was rolled back for tasks that were
	// fine. Every 5 s with 5 s to answer keeps the test about the scale.
	hello = sandboxtest.ReplaceOnce(t, hello, "intervalSeconds: 1\n  timeoutSeconds: 1\n", "intervalSeconds: 5\n  timeoutSeconds: 5\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.yaml"), []byte(hello), 0o644))
	yodel := func(args ...string) (int, string, string) { return sandboxtest.Exec(t, sb.Bin, dir, nil, args...) }
	code, out, errOut := yodel("deploy", "-f", "hello.yaml", "--realm", sb.RealmFile, "--release", "v1", "--strategy", "rolling")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)

	start := time.Now()
	code, out, errOut = yodel("scale", "hello", "3000", "--realm", sb.RealmFile, "--timeout", "3m", "-o", "json")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	t.Logf("scaled 3 -> 3000 in %s", time.Since(start).Round(100*time.Millisecond))
	var res Result
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, 3, res.From)
	assert.Equal(t, 3000, res.Progress.Healthy)

	// status says what the scale did: 3000 wanted and running. Healthy is
	// Marathon's latest health results, which flap on a busy machine (the
	// emulator runs 3000 checks in one process: one run saw 2687 healthy
	// a second after the scale saw 3000, none killed), so it is waited
	// for, not read once.
	var rows []struct {
		Healthy, Running, Wanted int
		HealthCheckFailure       string
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(500 * time.Millisecond) {
		code, out, errOut = yodel("status", "hello", "--realm", sb.RealmFile, "-o", "json")
		require.Equal(t, 0, code, errOut)
		require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
		require.Len(t, rows, 1)
		require.Equal(t, 3000, rows[0].Wanted)
		require.Equal(t, 3000, rows[0].Running)
		if rows[0].Healthy == 3000 || time.Now().After(deadline) {
			break
		}
		t.Logf("status: %d/3000 healthy, failing %q", rows[0].Healthy, rows[0].HealthCheckFailure)
	}
	assert.Equal(t, 3000, rows[0].Healthy, "status never showed 3000 healthy tasks")

	code, out, errOut = yodel("scale", "hello", "3", "--realm", sb.RealmFile, "--timeout", "2m")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "Scaled hello to 3 instances (3 healthy)")
}
