package sandboxtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/testproc"
)

// loadgenName is the load generator's binary beside yodel in the build
// cache (scripts/loadgen).
const loadgenName = "loadgen"

// StartLoad sends rate GETs per second to url (loopback) until the test
// ends or Stop, from a load generator process of its own (scripts/loadgen
// -stream, built beside yodel without the race detector), and returns the
// load as this process sees it. Outside a build of this checkout
// ($YODEL_TEST_BINARY) it runs in this process instead.
func StartLoad(t testing.TB, url string, rate int) *loadgen.Load {
	t.Helper()
	bin := filepath.Join(filepath.Dir(Binary(t)), loadgenName)
	if _, err := os.Stat(bin); err != nil {
		l := loadgen.Start(url, rate, nil)
		t.Cleanup(func() { l.Stop() })
		return l
	}
	cmd := exec.Command(bin, "-stream", "-url", url, "-rate", strconv.Itoa(rate))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = testproc.DieWithParent()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the load generator %s: %v", bin, err)
	}
	// Closing its stdin ends the load; it then waits for the requests in
	// flight, writes them, and exits, which ends the stream.
	l := loadgen.Attach(stdout, func() { _ = stdin.Close() })
	t.Cleanup(func() {
		l.Stop()
		_ = cmd.Wait()
	})
	return l
}
