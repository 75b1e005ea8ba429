package emulator

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
)

// BenchmarkListAppsEmbedTasks is the scale benchmark of BENCHMARKS.md: 1000
// apps × 3 inproc tasks, then GET /v2/apps?embed=apps.tasks. It reports the
// median request time, the time to create the apps through the API, and
// the process RSS (emulator and client together: an upper bound).
//
//	go test -run '^$' -bench ListAppsEmbedTasks -benchtime 50x ./pkg/sandbox/emulator/
func BenchmarkListAppsEmbedTasks(b *testing.B) {
	const apps, perApp = 1000, 3
	// Leased ports: inproc tasks bind them, and the ephemeral range
	// (where 40000-44999 was) is other processes' to use.
	lease, err := portlease.Take(apps*perApp+500, 2*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	defer lease.Release()
	e, err := New(Config{Executor: ExecutorInproc, PortRange: [2]int{lease.Lo, lease.Hi}, TickInterval: 100 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	te := &testEmu{Emulator: e}
	srvURL := serveForBench(b, e)
	te.url = srvURL
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	start := time.Now()
	for i := 0; i < apps; i++ {
		body := fmt.Sprintf(`{"id":"/bench/app-%04d","cmd":"serve","instances":%d,"cpus":0.01,"mem":16,"labels":{"yodel.service":"s%d"},
			"healthChecks":[{"protocol":"HTTP","path":"/health","intervalSeconds":60}]}`, i, perApp, i)
		res, err := client.Post(srvURL+"/v2/apps", "application/json", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 201 {
			b.Fatalf("create app %d: HTTP %d", i, res.StatusCode)
		}
	}
	created := time.Since(start)
	deadline := time.Now().Add(2 * time.Minute)
	for !te.idle() {
		if time.Now().After(deadline) {
			b.Fatal("apps not running and healthy within 2 minutes")
		}
		time.Sleep(50 * time.Millisecond)
	}
	ready := time.Since(start)
	runtime.GC()
	var durs []time.Duration
	size := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		res, err := client.Get(srvURL + "/v2/apps?embed=apps.tasks")
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		durs = append(durs, time.Since(t0))
		size = int(n)
	}
	b.StopTimer()
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(created.Milliseconds()), "create-1000-apps-ms")
	b.ReportMetric(float64(ready.Milliseconds()), "all-3000-tasks-healthy-ms")
	b.ReportMetric(float64(size)/1e6, "response-MB")
	b.ReportMetric(rssMB(), "rss-MB")
}

func serveForBench(b *testing.B, e *Emulator) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = http.Serve(ln, e.Handler()) }()
	b.Cleanup(func() { ln.Close() })
	e.mu.Lock()
	e.addr = ln.Addr().String()
	e.mu.Unlock()
	return "http://" + ln.Addr().String()
}

func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkDurableUpdate measures PUT /v2/apps/<id>?force=true (a label
// change: a new version, a deployment; force because the previous one may
// still run) on a realm of 100 apps × 3 inproc tasks, with the state in
// memory and with a state dir, where the answer waits for the state file
// to be written and fsynced (see commit).
//
//	go test -run '^$' -bench DurableUpdate -benchtime 200x ./pkg/sandbox/emulator/
func BenchmarkDurableUpdate(b *testing.B) {
	for _, mode := range []string{"memory", "statedir"} {
		b.Run(mode, func(b *testing.B) {
			const apps = 100
			lease, err := portlease.Take(1000, 2*time.Minute)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(lease.Release)
			cfg := Config{Executor: ExecutorInproc, PortRange: [2]int{lease.Lo, lease.Hi}, TickInterval: 100 * time.Millisecond}
			if mode == "statedir" {
				cfg.StateDir = b.TempDir()
			}
			te := startEmu(b, cfg)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
			send := func(method, path, body string, want int) {
				req, _ := http.NewRequest(method, te.url+path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != want {
					b.Fatalf("%s %s: HTTP %d", method, path, res.StatusCode)
				}
			}
			for i := range apps {
				send("POST", "/v2/apps", fmt.Sprintf(`{"id":"/a%03d","cmd":"serve","instances":3,"cpus":0.01,"mem":16}`, i), 201)
			}
			deadline := time.Now().Add(time.Minute)
			for !te.idle() {
				if time.Now().After(deadline) {
					b.Fatal("apps not running within a minute")
				}
				time.Sleep(50 * time.Millisecond)
			}
			var durs []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				send("PUT", fmt.Sprintf("/v2/apps/a%03d?force=true", i%apps), fmt.Sprintf(`{"labels":{"n":"%d"}}`, i), 200)
				durs = append(durs, time.Since(t0))
			}
			b.StopTimer()
			sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
			b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds())/1000, "p99-ms")
			if mode == "statedir" {
				if st, err := os.Stat(filepath.Join(cfg.StateDir, stateFile)); err == nil {
					b.ReportMetric(float64(st.Size())/1e6, "state-MB")
				}
			}
		})
	}
}
