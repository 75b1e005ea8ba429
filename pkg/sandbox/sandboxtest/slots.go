package sandboxtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
)

// SlotsEnv sets how many rigs (sandboxes under load) may run at once on
// this machine, across every test binary; default 2.
const SlotsEnv = "YODEL_E2E_SLOTS"

// acquireRigSlot waits for one of a few machine-wide slots and holds it
// until the test ends. The rigs measure failed requests under 250 req/s
// with real processes and -race; go test runs two packages at once and
// several of them run rigs in parallel, and six or more at once on two
// cores starve HAProxy, the agents and the emulators alike, so the figures
// would measure the machine, not yodel. The slot is an flock, dropped when
// the test process exits, however it exits.
func acquireRigSlot(t testing.TB) {
	t.Helper()
	n := 2
	if v, err := strconv.Atoi(os.Getenv(SlotsEnv)); err == nil && v > 0 {
		n = v
	}
	acquireSlot(t, "slot", n)
}

// ScaleSlot makes t the only test on this machine running thousands of
// tasks (the 3000-instance scale tests of pkg/cmd/scale and test/rollout)
// until it ends. Two at once, beside the rest of the suite, kept 6000
// inproc tasks' health checks waiting on two cores: tasks failed their
// checks and the scale-ups were rolled back. Take it before NewRig (a rig
// slot is never held while waiting for this one, so they cannot deadlock).
func ScaleSlot(t testing.TB) {
	t.Helper()
	acquireSlot(t, "scale", 1)
}

// acquireSlot waits for one of n flock slots named prefix-i, shared by
// every test process of this user, and holds it until t ends.
func acquireSlot(t testing.TB, prefix string, n int) {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "yodel-e2e-slots-"+strconv.Itoa(os.Getuid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	asked := time.Now()
	deadline := asked.Add(20 * time.Minute)
	for {
		for i := range n {
			f, err := portlease.TryLock(filepath.Join(dir, fmt.Sprintf("%s-%d", prefix, i)))
			if err == nil {
				got := time.Now()
				t.Cleanup(func() {
					f.Close()
					// The suite's wall time is bounded by the sum of these
					// holds over the slots (BENCHMARKS.md, "The test suite").
					t.Logf("SLOT %s held %s after waiting %s", prefix, time.Since(got).Round(100*time.Millisecond), got.Sub(asked).Round(100*time.Millisecond))
				})
				return
			}
			if !portlease.Busy(err) {
				t.Fatal(err)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no free %s slot (of %d, %s) in 20 minutes", prefix, n, dir)
		}
		time.Sleep(100 * time.Millisecond) // other processes' locks: nothing to wait on
	}
}
