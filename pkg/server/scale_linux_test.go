package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/server"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// TestServerWatching200Services measures (BENCHMARKS.md, not asserted)
// the resident memory of a leading `yodel server` watching a realm of 200
// services, 20 of them with a rollout whose driver (this test, holding
// their locks) lives, so that the leader probes their locks every poll.
// What it asserts: none of them is adopted.
func TestServerWatching200Services(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the real binary for 20s")
	}
	const services, rollouts = 200, 20
	bin := sandboxtest.Binary(t)
	dir := t.TempDir()
	storeURL := "file://" + filepath.Join(dir, "state")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "state"), 0o700))
	ctx := context.Background()
	st, err := state.Open(ctx, storeURL, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	for i := range services {
		svc := fmt.Sprintf("svc-%03d", i)
		_, err := st.PutRouting(ctx, state.Routing{Service: svc, Stable: "/" + svc + "-blue",
			Ports: []state.Port{{ServicePort: 10000 + i, Protocol: "http"}}}, state.NoVersion)
		require.NoError(t, err)
		if i >= rollouts {
			continue
		}
		h := state.Holder{User: "tester", Command: "yodel deploy " + svc}
		lock, err := st.Lock(ctx, svc, h)
		require.NoError(t, err)
		t.Cleanup(func() { _ = lock.Release(context.Background()) })
		r := canary.NewRollout(svc, canary.Track{App: "/" + svc + "-blue", Release: "v1", Instances: 3},
			canary.Track{App: "/" + svc + "-green", Release: "v2", Instances: 1}, manifest.CanaryPlan{Instances: 1}, time.Now())
		r.Driver = &h
		_, err = canary.Begin(ctx, st, r)
		require.NoError(t, err)
	}
	addr := sandboxtest.FreeAddr(t)
	realmFile := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(realmFile, fmt.Appendf(nil, "realm: big\nmarathon: {urls: ['http://127.0.0.1:1']}\nstate: %s\nserver: {url: 'http://%s', adoptAfter: 1s}\n", storeURL, addr), 0o600))
	logPath := filepath.Join(dir, "server.log")
	p := sandboxtest.StartProc(t, logPath, nil, bin, "server", "--realm", realmFile, "--listen", addr)
	require.Eventually(t, func() bool {
		var h server.Health
		return sandboxtest.GetJSON("http://"+addr+"/healthz", &h) == nil && h.Leader
	}, 30*time.Second, 50*time.Millisecond)
	var peak int
	cpu0 := cpuTicks(t, p.Cmd.Process.Pid)
	for range 20 {
		time.Sleep(time.Second) // sampling the process's memory once a second
		peak = max(peak, rssKB(t, p.Cmd.Process.Pid))
	}
	cpu := float64(cpuTicks(t, p.Cmd.Process.Pid)-cpu0) / 100 / 20 // USER_HZ 100, over 20 s
	var o server.Overview
	require.Error(t, sandboxtest.GetJSON("http://"+addr+"/v1/overview", &o), "the API needs a user")
	b, err := os.ReadFile(logPath)
	require.NoError(t, err)
	require.NotContains(t, string(b), "adopting", "a rollout whose driver lives was adopted")
	t.Logf("FIGURE server watching %d services (%d rollouts with live drivers, poll 500ms): peak RSS %.1f MB, CPU %.1f%% of a core over 20 s", services, rollouts, float64(peak)/1024, cpu*100)
}

func rssKB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			require.NoError(t, err)
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// cpuTicks is pid's user + system CPU time in clock ticks.
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	require.NoError(t, err)
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	u, err := strconv.Atoi(f[11])
	require.NoError(t, err)
	s, err := strconv.Atoi(f[12])
	require.NoError(t, err)
	return u + s
}
