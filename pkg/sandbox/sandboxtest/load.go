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
	return StartLoadMix(t, url, rate, LoadMix{})
}

// LoadMix is what a load sends besides GETs.
type LoadMix struct {
	// PostEvery makes one request in PostEvery a POST, at random (0: none).
	// HAProxy replays a GET that met a dying task, never a POST: a POST
	// fails unless its task was drained before the kill.
	PostEvery int
}

// StartLoadMix is StartLoad with POSTs among the GETs.
func StartLoadMix(t testing.TB, url string, rate int, mix LoadMix) *loadgen.Load {
	t.Helper()
	bin := filepath.Join(filepath.Dir(Binary(t)), loadgenName)
	if _, err := os.Stat(bin); err != nil {
		l := loadgen.Start(url, rate, nil, loadgen.Posts(mix.PostEvery))
		t.Cleanup(func() { l.Stop() })
		return l
	}
	cmd := exec.Command(bin, "-stream", "-url", url, "-rate", strconv.Itoa(rate), "-post-every", strconv.Itoa(mix.PostEvery))
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
