package lb_test

// Benchmarks of the lb agent; results and commands are in BENCHMARKS.md,
// section "lb agent". They need HAProxy and the emulator, like the
// integration tests.

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p)
	return s[i]
}

// firstSeen records when each task first answered a request through HAProxy,
// under a continuous request loop.
type firstSeen struct {
	mu   sync.Mutex
	seen map[string]time.Time
	// answered counts every answer, to tell (YODEL_LB_BENCH_DEBUG) a new
	// server HAProxy passes over from a request loop that is stalled.
	answered atomic.Int64
	// slow lists requests that took longer than slowRequest (debug
	// output): whether a stalled sample's requests waited in HAProxy (a
	// retry's turn-around) or were never sent (the loops starved).
	slow []slowHit
}

type slowHit struct {
	start time.Time
	took  time.Duration
	task  string
	code  int
	err   error
}

const slowRequest = 50 * time.Millisecond

// run sends requests until ctx ends: back to back, or one every pace.
func (f *firstSeen) run(ctx context.Context, port int, pace time.Duration) {
	var tick <-chan time.Time
	if pace > 0 {
		t := time.NewTicker(pace)
		defer t.Stop()
		tick = t.C
	}
	for ctx.Err() == nil {
		if tick != nil {
			select {
			case <-tick:
			case <-ctx.Done():
				return
			}
		}
		start := time.Now()
		id, code, err := hit(port, nil)
		now := time.Now()
		f.answered.Add(1)
		f.mu.Lock()
		if took := now.Sub(start); took > slowRequest {
			f.slow = append(f.slow, slowHit{start: start, took: took, task: id, code: code, err: err})
		}
		if err == nil && code == 200 {
			if _, ok := f.seen[id]; !ok {
				f.seen[id] = now
			}
		}
		f.mu.Unlock()
	}
}

// slowSince returns the slow requests that ended after t.
func (f *firstSeen) slowSince(t time.Time) []slowHit {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []slowHit
	for _, h := range f.slow {
		if h.start.Add(h.took).After(t) {
			out = append(out, h)
		}
	}
	return out
}

func (f *firstSeen) get(id string) (time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.seen[id]
	return t, ok
}

// BenchmarkConvergence measures, per new task, the time from Marathon's
// event saying it is healthy (the emulator writing it to the agent's event
// stream) to the first request HAProxy sends it (p50, p99, max), and to
// the server being listed in `show servers state` (in-haproxy-*), under a
// continuous request loop of three clients.
//
//	go test -run '^$' -bench Convergence -benchtime 500x ./pkg/lb/
func BenchmarkConvergence(b *testing.B) {
	// The time of the event as the emulator writes it, taken before its
	// flush: a subscriber of the test's own, as before 2026-12-06, woke
	// up ms late or early against the agent's on a busy machine (some
	// tasks were served "before" their event).
	written := newFirstTimes()
	s := newStack(b, "", emutest.With(func(c *emulator.Config) { c.EventWritten = healthWritten(written) }))
	// Longer than the stack's own 3 minutes: a sample takes about 175 ms.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute+time.Duration(b.N)*time.Second)
	b.Cleanup(cancel)
	s.ctx = ctx
	// YODEL_LB_CONV_PROCESS: the agent as yodel-lb runs it, a process of
	// its own, rather than inside this one among the clients, the tasks
	// and the emulator (their collections and run queue).
	var in *haproxytest.Instance
	if os.Getenv("YODEL_LB_CONV_PROCESS") != "" {
		in = haproxytest.Start(b, haproxytest.Options{})
		startAgentProcess(b, s, in, testBase(in), 10, false)
	} else {
		in = s.startAgent("bench").in
	}
	port := haproxytest.FreePort(b)
	s.create(app("/hello-blue", "hello", "http", 1, port))
	fs := &firstSeen{seen: map[string]time.Time{}}
	lctx, stop := context.WithCancel(s.ctx)
	defer stop()
	// YODEL_LB_CONV_RATE: the three clients together send that many
	// requests a second, instead of back to back (about 12,000 a second
	// here, both cores busy with them, HAProxy and the tasks).
	var pace time.Duration
	if rate, err := strconv.Atoi(os.Getenv("YODEL_LB_CONV_RATE")); err == nil && rate > 0 {
		pace = time.Duration(3 * float64(time.Second) / float64(rate))
	}
	for range 3 {
		go fs.run(lctx, port, pace)
	}
	benchStart := time.Now()

	// Start measuring once the first task is served: the agent's initial
	// reload is not what is measured.
	waitServing(b, in, port, func() []string { return s.healthyTasks("/hello-blue") })
	var lat, inLat []time.Duration
	// One sample first, not recorded: the first new task's health event
	// can come while the agent is still finishing the structural reload
	// that created the service (the new worker serves the first task
	// before the agent has confirmed the reload and read the servers
	// back), and waits for it: 18-49 ms in every run of 2026-12-05, the
	// tail of a cold sync, not a one-task change.
	warmup := true
	for i := -1; i < b.N; i++ {
		if i == 0 {
			warmup = false
			lat, inLat = lat[:0], inLat[:0]
			b.ResetTimer()
		}
		before := map[string]bool{}
		for _, id := range s.healthyTasks("/hello-blue") {
			before[id] = true
		}
		_, err := s.mc.ScaleApp(s.ctx, "/hello-blue", len(before)+1, true)
		require.NoError(b, err)
		var newID string
		deadline := time.Now().Add(20 * time.Second)
		for newID == "" {
			for _, id := range s.healthyTasks("/hello-blue") {
				if !before[id] {
					newID = id
				}
			}
			require.True(b, time.Now().Before(deadline), "no new healthy task")
			time.Sleep(5 * time.Millisecond)
		}
		var seen, healthy, inHAProxy time.Time
		var answeredIn int64
		var retriesIn string
		be := haproxy.BackendName("hello", port)
		for {
			if inHAProxy.IsZero() {
				if _, ok := showServers(b, in, be)[haproxy.ServerName(newID)]; ok {
					inHAProxy = time.Now()
					answeredIn = fs.answered.Load()
					retriesIn = backendRetries(in, be)
				}
			}
			var ok1, ok2 bool
			seen, ok1 = fs.get(newID)
			healthy, ok2 = written.get(marathon.HealthKey(newID))
			if ok1 && ok2 {
				break
			}
			require.True(b, time.Now().Before(deadline), "task %s never served", newID)
			time.Sleep(2 * time.Millisecond)
		}
		lat = append(lat, max(seen.Sub(healthy), 0))
		inLat = append(inLat, max(inHAProxy.Sub(healthy), 0))
		if os.Getenv("YODEL_LB_BENCH_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "CONV %stask %s: event at %s, in HAProxy %s after the event, served %s after, %d answers in between; backend connection errors, retries, redispatches %s then %s\n", map[bool]string{true: "(warm-up) "}[warmup], newID, healthy.UTC().Format("15:04:05.000000"), inHAProxy.Sub(healthy), seen.Sub(healthy), fs.answered.Load()-answeredIn, retriesIn, backendRetries(in, be))
			for _, h := range fs.slowSince(healthy.Add(-time.Second)) {
				fmt.Fprintf(os.Stderr, "CONV   slow request sent %s (%s from the event) took %s: task %s, status %d, err %v\n", h.start.UTC().Format("15:04:05.000"), h.start.Sub(healthy), h.took, h.task, h.code, h.err)
			}
		}
		// Back to one task, so the next new task competes with one other
		// server for the round robin, not with b.N of them.
		_, err = s.mc.ScaleApp(s.ctx, "/hello-blue", 1, true)
		require.NoError(b, err)
		for len(s.healthyTasks("/hello-blue")) != 1 {
			require.True(b, time.Now().Before(deadline.Add(20*time.Second)), "scale down stuck")
			time.Sleep(5 * time.Millisecond)
		}
		// And until the killed task has left HAProxy. A request that met
		// it refusing connections after the agent had taken it out is
		// retried after HAProxy's turn-around, min(timeout connect, 1s),
		// because the backend is down to one usable server (src/backend.c
		// back_handle_st_cer): counted apart (turnaround-reqs), not in the
		// next task's convergence, which it held up only by blocking the
		// three request loops.
		for len(showServers(b, in, be)) != 1 {
			require.True(b, time.Now().Before(deadline.Add(20*time.Second)), "killed task never left HAProxy")
			time.Sleep(5 * time.Millisecond)
		}
	}
	b.StopTimer()
	turnaround := 0
	for _, h := range fs.slowSince(time.Time{}) {
		if h.took >= 900*time.Millisecond {
			turnaround++
		}
	}
	b.ReportMetric(float64(turnaround), "turnaround-reqs")
	b.ReportMetric(float64(fs.answered.Load())/time.Since(benchStart).Seconds(), "req/s")
	b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(percentile(lat, 1).Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(percentile(inLat, 0.5).Microseconds())/1000, "in-haproxy-p50-ms")
	b.ReportMetric(float64(percentile(inLat, 0.99).Microseconds())/1000, "in-haproxy-p99-ms")
}

// BenchmarkWeightedSplit measures the canary's share of 2000 requests with
// a wanted share of 10%, 3 stable tasks and 1 canary task.
//
//	go test -run '^$' -bench WeightedSplit -benchtime 1x ./pkg/lb/
func BenchmarkWeightedSplit(b *testing.B) {
	s := newStack(b, "")
	r := s.startAgent("bench")
	port := haproxytest.FreePort(b)
	p := state.Port{ServicePort: port, Protocol: "http"}
	_, err := s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 10, Ports: []state.Port{p}}, state.NoVersion)
	require.NoError(b, err)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	s.create(app("/hello-green", "hello", "http", 1, port))
	be := haproxy.BackendName("hello", port)
	deadline := time.Now().Add(30 * time.Second)
	for len(s.healthyTasks("/hello-blue")) != 3 || len(s.healthyTasks("/hello-green")) != 1 || len(showServers(b, r.in, be)) != 4 {
		require.True(b, time.Now().Before(deadline))
		time.Sleep(20 * time.Millisecond)
	}
	green := s.healthyTasks("/hello-green")[0]
	b.ResetTimer()
	var share float64
	for i := 0; i < b.N; i++ {
		n := 0
		for range 2000 {
			id, code, err := hit(port, nil)
			require.NoError(b, err)
			require.Equal(b, 200, code)
			if id == green {
				n++
			}
		}
		share = float64(n) / 2000
	}
	b.ReportMetric(share*100, "canary-%")
}

// TestScale1000 runs the lb agent (yodel-lb) as its own process against 1000
// services × 3 inproc tasks and reports the cold full sync, the one-task
// change latency (Marathon health event to the server in HAProxy), the
// agent's memory (peak and current RSS) and its CPU time over 10 s without
// any change. Not part of the default run:
//
//	YODEL_LB_SCALE=1 go test -run TestScale1000 -v -timeout 10m ./pkg/lb/
//
// YODEL_LB_SCALE_SERVICES sets another number of services (above 2000,
// run it alone on the machine: the tasks' ports are then not leased);
// YODEL_LB_SCALE_CMD=yodel runs `yodel lb run` instead of yodel-lb;
// YODEL_LB_PROFILE_DIR saves the agent's heap profiles there (after the
// cold sync and at the end; `go tool pprof`).
func TestScale1000(t *testing.T) {
	if os.Getenv("YODEL_LB_SCALE") == "" {
		t.Skip("set YODEL_LB_SCALE=1 (BENCHMARKS.md, lb agent)")
	}
	services := 1000
	// YODEL_LB_SCALE_NOCHECKS: apps without Marathon health checks, for
	// memory and idle figures on a busy machine (3000 checks a second in
	// the test process then flap, and the agent is anything but idle); no
	// one-task samples (they wait for health events).
	noChecks := os.Getenv("YODEL_LB_SCALE_NOCHECKS") != ""
	if v, err := strconv.Atoi(os.Getenv("YODEL_LB_SCALE_SERVICES")); err == nil && v > 0 {
		services = v
	}
	// YODEL_LB_SCALE_CHECK_INTERVAL: the apps' Marathon health check
	// interval in seconds (1 by default; Marathon's own default is 60).
	// The emulator runs every check inside this test process, on the
	// agent's cores: 3000 checks a second at 1 s. A new task is checked at
	// once whatever the interval, so the one-task samples do not wait on it.
	checkEvery, _ := strconv.Atoi(os.Getenv("YODEL_LB_SCALE_CHECK_INTERVAL"))
	// Marathon's own timings (1s health checks): at 0.1 the emulator's
	// 3000 checks every 100ms exhaust file descriptors.
	// Task and service ports leased (pkg/sandbox/portlease): outside the
	// ephemeral range, so free-port picks (HAProxy's monitor) cannot
	// clash, and no other test process on the machine binds them.
	//
	// Above 2000 services the tasks' ports do not fit beside the service
	// ports in the leased windows (20001-32767): the tasks then take
	// 40000-60000 in the ephemeral range, not leased but probed port by
	// port by the emulator (it skips a port it cannot bind; Linux gives a
	// connection no source port that a listener holds). Below 20000 the
	// tests' free-port picks (haproxytest.FreePorts, 12000-19999) would
	// meet them. Run those sizes with no other test process on the
	// machine.
	r := newScaleRealm(t, services, noChecks, checkEvery, nil)
	s, ids, first, written := r.s, r.ids, r.first, r.written

	in := haproxytest.Start(t, haproxytest.Options{})
	base := testBase(in)
	if services > 2000 {
		// HAProxy sizes its file descriptors from maxconn, listeners and
		// servers (one each, for checks) and refuses to start above the
		// process's limit (20000 on the VM these figures come from): at
		// 5000 services it asks for 24232. `no strict-limits` makes that
		// a warning: this test's connections are few.
		base = strings.Replace(base, "maxconn 4096", "maxconn 1000\n    no strict-limits", 1)
	}
	ups, logPort := listenUpLog(t)
	const stderrLog = "log stderr format raw local0 notice"
	require.Contains(t, base, stderrLog)
	base = strings.Replace(base, stderrLog, stderrLog+fmt.Sprintf("\n    log 127.0.0.1:%d format rfc5424 local0 notice", logPort), 1)
	profDir := os.Getenv("YODEL_LB_PROFILE_DIR")
	ap := startAgentProcess(t, s, in, base, services, profDir != "")
	cmd, pprofAddr, start := ap.cmd, ap.pprofAddr, ap.started
	if os.Getenv("YODEL_LB_SCALE_NICE") != "" {
		reniceSelf(t, 19)
	}
	client := &lb.Client{}
	addr := ap.addr
	eventually(t, 2*time.Minute, func() string { return "agent never ready" }, func() bool {
		st, err := client.Status(s.ctx, addr)
		return err == nil && st.Ready && len(st.Services) == services
	})
	cold := time.Since(start)
	coldHWM, coldRSS, coldParts := readMem(t, cmd.Process.Pid)
	saveHeap(t, pprofAddr, profDir, "heap-after-sync.pb.gz")
	if profDir != "" {
		// The configuration HAProxy started with: for timing HAProxy
		// alone (haproxy -c, a worker's start) on the same file.
		b, err := os.ReadFile(in.ConfigPath)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(profDir, "haproxy.cfg"), b, 0o644))
	}

	// Idle: no change for 10 s (the emulator's health checks keep passing,
	// which sends no event); what the agent spends is its timers' work.
	// With YODEL_LB_PROFILE_DIR, a CPU profile of those 10 s says where it
	// goes (cpu-idle.pb.gz; the profiler's own ticks included).
	cpu0 := readCPU(t, cmd.Process.Pid)
	if pprofAddr != "" {
		saveProfile(t, pprofAddr, "profile?seconds=10", profDir, "cpu-idle.pb.gz")
	} else {
		time.Sleep(10 * time.Second)
	}
	idleCPU := readCPU(t, cmd.Process.Pid) - cpu0
	t.Logf("cold sync %s; agent memory after it: peak (VmHWM) %.1f MB, RSS %.1f MB (%s); CPU in the next 10 s, idle: %s",
		cold.Round(time.Millisecond), float64(coldHWM)/1024, float64(coldRSS)/1024, coldParts, idleCPU)

	// One-task changes: scale one app by one, time from the health event to
	// the server being in HAProxy.
	events, err := s.mc.Events(s.ctx, marathon.EventHealthStatusChanged, marathon.EventInstanceHealthChanged)
	require.NoError(t, err)
	// Three figures per change, each ending when HAProxy logs the
	// server UP (its clock, microseconds). They start:
	//   - lat: when the test received the health event (subject to this
	//     process's scheduling: the emulator's 3000 health checks a
	//     second share two cores with the agent and HAProxy);
	//   - logged: at the event's own timestamp (Marathon's: milliseconds,
	//     truncated, so up to 1 ms high), what a client of that server
	//     sees;
	//   - agentLat: when the event's bytes were in the agent's socket (the
	//     emulator's flush of the burst that carried it), the agent's
	//     share (reading, building, applying, HAProxy's commands) without
	//     the emulator's own delays in this busy process.
	var lat, logged, agentLat []time.Duration
	samples := 30 // YODEL_LB_SCALE_SAMPLES: more for a p99 that is not the maximum
	if v, err := strconv.Atoi(os.Getenv("YODEL_LB_SCALE_SAMPLES")); err == nil && v > 0 {
		samples = v
	}
	if noChecks {
		samples = 0
	}
	// YODEL_LB_SCALE_SPACED: each change starts once the previous one has
	// settled (its scale-down deployed, its task out of HAProxy), as one
	// change in a realm meets an agent at rest; without it they come back
	// to back, one every 15-40 ms, each with two deployments (a 2 MB
	// event each at 1000 apps), a load no realm puts on its agents.
	spaced := os.Getenv("YODEL_LB_SCALE_SPACED") != ""
	// With YODEL_LB_PROFILE_DIR, a CPU profile of the agent over the first
	// 20 s of changes (cpu-changes.pb.gz): where a one-task sync goes.
	profiled := make(chan error, 1)
	if pprofAddr != "" && samples > 0 {
		go func() {
			resp, err := http.Get("http://" + pprofAddr + "/debug/pprof/profile?seconds=20")
			if err == nil {
				var b []byte
				if b, err = io.ReadAll(resp.Body); err == nil {
					err = os.WriteFile(filepath.Join(profDir, "cpu-changes.pb.gz"), b, 0o644)
				}
				resp.Body.Close()
			}
			profiled <- err
		}()
	} else {
		profiled <- nil
	}
	for i := range samples {
		id := ids[i*31%services]
		_, err := s.mc.ScaleApp(s.ctx, id, 4, true)
		require.NoError(t, err)
		var task string
		var at, emitted time.Time
		for task == "" {
			select {
			case ev := <-events:
				if ev.Health != nil && ev.Health.Alive && ev.Health.AppID == id {
					task, at, emitted = ev.Health.InstanceID, time.Now(), ev.Timestamp
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("no health event for %s", id)
			}
		}
		be := haproxy.BackendName(strings.TrimSuffix(strings.TrimPrefix(id, "/"), "-blue"), first+i*31%services)
		// Waited for in HAProxy's log, not by polling its runtime API:
		// a poll every millisecond kept HAProxy's CLI busy on the very
		// path measured (the agent's commands).
		up, ok := ups.wait(upKey(be, task), 10*time.Second)
		require.True(t, ok, "HAProxy never logged the server of %s UP in %s", task, be)
		lat = append(lat, up.Sub(at))
		logged = append(logged, up.Sub(emitted))
		flushed, ok := written.wait(marathon.HealthKey(task), 10*time.Second)
		require.True(t, ok, "no health event of %s written to the agent's stream", task)
		agentLat = append(agentLat, up.Sub(flushed))
		if os.Getenv("YODEL_LB_BENCH_DEBUG") != "" {
			t.Logf("sample %d: %s health event at %s (its timestamp %s, in the agent's socket at %s); UP in HAProxy's log at %s: %s after the test had the event, %s after the event's timestamp, %s after its write to the agent",
				i, task, at.UTC().Format("15:04:05.000000"), emitted.UTC().Format("15:04:05.000"), flushed.UTC().Format("15:04:05.000000"),
				up.UTC().Format("15:04:05.000000"), lat[len(lat)-1], logged[len(logged)-1], agentLat[len(agentLat)-1])
		}
		_, err = s.mc.ScaleApp(s.ctx, id, 3, true)
		require.NoError(t, err)
		if spaced {
			// Each change alone: the scale-down's deployment done and its
			// killed task out of HAProxy before the next change.
			eventually(t, 30*time.Second, func() string { return "scale-down of " + id + " never ended" }, func() bool {
				deps, err := s.mc.Deployments(s.ctx)
				require.NoError(t, err)
				for _, d := range deps {
					if slices.Contains(d.AffectedApps, id) {
						return false
					}
				}
				return len(showServers(t, in, be)) == 3
			})
		}
	}
	require.NoError(t, <-profiled, "CPU profile of the changes")
	hwm, rss, parts := readMem(t, cmd.Process.Pid)
	saveHeap(t, pprofAddr, profDir, "heap-end.pb.gz")
	st, err := client.Status(s.ctx, addr)
	require.NoError(t, err)
	t.Logf("services=%d servers=%d cold-sync=%s (last sync %.1fms) one-task (the test has the health event -> UP in HAProxy's log) p50=%s p99=%s max=%s reloads=%d",
		services, 3*services, cold.Round(time.Millisecond), st.LastSyncMillis,
		percentile(lat, 0.5).Round(100*time.Microsecond), percentile(lat, 0.99).Round(100*time.Microsecond),
		percentile(lat, 1).Round(100*time.Microsecond), st.Reloads)
	if samples > 0 {
		t.Logf("one-task change, the event's timestamp -> UP in HAProxy's log: p50=%s p99=%s max=%s",
			percentile(logged, 0.5).Round(100*time.Microsecond), percentile(logged, 0.99).Round(100*time.Microsecond),
			percentile(logged, 1).Round(100*time.Microsecond))
		t.Logf("one-task change, the health event in the agent's socket -> UP in HAProxy's log: p50=%s p90=%s p99=%s max=%s",
			percentile(agentLat, 0.5).Round(100*time.Microsecond), percentile(agentLat, 0.9).Round(100*time.Microsecond),
			percentile(agentLat, 0.99).Round(100*time.Microsecond), percentile(agentLat, 1).Round(100*time.Microsecond))
		worst := slices.Sorted(slices.Values(agentLat))
		t.Logf("the five slowest: %v", worst[max(0, len(worst)-5):])
	}
	t.Logf("agent memory: after the cold sync peak (VmHWM) %.1f MB, RSS %.1f MB; at the end (after %d changes) peak %.1f MB, RSS %.1f MB (%s); CPU in 10 s idle: %s",
		float64(coldHWM)/1024, float64(coldRSS)/1024, samples, float64(hwm)/1024, float64(rss)/1024, parts, idleCPU)
}

// readMem reads a process's peak and current resident set (kB), and
// names what the current one is made of (anonymous: heap, stacks; file:
// the binary's pages).
// agentProcess is an lb agent running as its own process, built as
// released, beside a test's HAProxy and emulator.
type agentProcess struct {
	cmd       *exec.Cmd
	addr      string // its API (agentListen)
	pprofAddr string // its pprof listener, when asked for
	started   time.Time
}

// startAgentProcess builds the agent (yodel-lb; YODEL_LB_SCALE_CMD=yodel
// for `yodel lb run`, the same agent inside the whole CLI) and starts it
// on a realm of s's emulator and store, with in as its HAProxy and base as
// its template, sized for services.
func startAgentProcess(t testing.TB, s *stack, in *haproxytest.Instance, base string, services int, pprof bool) *agentProcess {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "yodel")
	cmdName := cmp.Or(os.Getenv("YODEL_LB_SCALE_CMD"), "yodel-lb")
	// Built as .goreleaser.yaml builds it: static (no libc pages in the
	// RSS) and without the symbol tables.
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "../../cmd/"+cmdName)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "base.cfg"), []byte(base), 0o644))
	apiPort := haproxytest.FreePort(t)
	realmFile := filepath.Join(dir, "realm.yaml")
	stateAuth := "" // a ZooKeeper store requires one
	if strings.HasPrefix(s.url, "zk://") {
		stateAuth = "stateAuth: {digest: {user: yodel, passwordEnv: YODEL_SCALE_ZK_PASSWORD}}\n"
	}
	require.NoError(t, os.WriteFile(realmFile, []byte(fmt.Sprintf(`realm: bench
marathon:
  urls: [%s]
state: %s
haproxy:
  bindAddress: 127.0.0.1
  configPath: %s
  socketPath: %s
  masterSocketPath: %s
  template: base.cfg
  agentListen: 127.0.0.1:%d
  maxFrontends: %d
limits:
  servicePortRange: [1000, 60000]
  maxInstances: %d
%s`, s.emu.URL, s.url, in.ConfigPath, in.SocketPath, in.MasterSocketPath, apiPort, max(4000, services), min(5*services, 10000), stateAuth)), 0o644))
	pprofAddr := ""
	if pprof {
		pprofAddr = "127.0.0.1:" + strconv.Itoa(haproxytest.FreePort(t))
	}

	cmd := exec.Command(bin, "--realm", realmFile)
	if cmdName == "yodel" {
		cmd.Args = []string{bin, "lb", "run", "--realm", realmFile}
	}
	if os.Getenv("YODEL_LB_BENCH_DEBUG") != "" {
		cmd.Args = append(cmd.Args, "--verbose")
	}
	cmd.Env = append(os.Environ(), "YODEL_LB_PPROF="+pprofAddr, "YODEL_SCALE_ZK_PASSWORD=scale-test")
	if v := os.Getenv("YODEL_LB_SCALE_AGENT_GOGC"); v != "" {
		// The agent's GOGC alone (GOGC would set the test process's too).
		cmd.Env = append(cmd.Env, "GOGC="+v)
	}
	logf, err := os.Create(filepath.Join(dir, "agent.log"))
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = logf, logf
	started := time.Now()
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		logf.Close()
		b, _ := os.ReadFile(logf.Name())
		if t.Failed() || os.Getenv("YODEL_LB_BENCH_DEBUG") != "" {
			t.Logf("agent log:\n%s", b)
			return
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") {
				t.Logf("agent: %s", line)
			}
		}
	})
	return &agentProcess{cmd: cmd, addr: "127.0.0.1:" + strconv.Itoa(apiPort), pprofAddr: pprofAddr, started: started}
}

// reniceSelf sets every thread of this process to prio: Linux keeps a
// nice value per thread, and a thread made later inherits its creator's.
// At 19, the emulator and the tasks (Marathon and other machines, in a
// realm) still run, but no longer delay an agent or HAProxy started
// before at the default priority (HAProxy's workers inherit its
// master's) when those wake: YODEL_LB_SCALE_NICE.
func reniceSelf(t testing.TB, prio int) {
	for range 2 { // again for threads made while the first pass ran
		tasks, err := os.ReadDir("/proc/self/task")
		require.NoError(t, err)
		for _, task := range tasks {
			tid, err := strconv.Atoi(task.Name())
			require.NoError(t, err)
			if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, prio); err != nil && !errors.Is(err, syscall.ESRCH) {
				t.Fatalf("renice thread %d: %v", tid, err)
			}
		}
	}
}

func readMem(t *testing.T, pid int) (hwm, rss int, parts string) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	require.NoError(t, err)
	kb := func(v string) int {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		return n
	}
	var anon, file int
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		switch k {
		case "VmHWM":
			hwm = kb(v)
		case "VmRSS":
			rss = kb(v)
		case "RssAnon":
			anon = kb(v)
		case "RssFile":
			file = kb(v)
		}
	}
	return hwm, rss, fmt.Sprintf("anonymous %.1f MB, file %.1f MB", float64(anon)/1024, float64(file)/1024)
}

// readCPU reads a process's user + system CPU time (clock ticks of 10 ms).
func readCPU(t *testing.T, pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	require.NoError(t, err)
	// The fields after the command name (which may hold spaces) in
	// parentheses; utime and stime are the 14th and 15th of the line.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// saveHeap saves the agent's heap profile in dir (no-op without a
// profile listener).
func saveHeap(t *testing.T, pprofAddr, dir, name string) {
	if pprofAddr != "" {
		saveProfile(t, pprofAddr, "heap?gc=1", dir, name)
		// The same in text, whose runtime.MemStats tail says where the
		// anonymous memory is (heap in use, idle, released; stacks; the
		// runtime's own structures).
		saveProfile(t, pprofAddr, "heap?debug=1", dir, strings.TrimSuffix(name, ".pb.gz")+".txt")
	}
}

// saveProfile saves the agent's profile /debug/pprof/<what> in dir.
func saveProfile(t *testing.T, pprofAddr, what, dir, name string) {
	resp, err := http.Get("http://" + pprofAddr + "/debug/pprof/" + what)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
}

// leasePorts leases n ports (pkg/sandbox/portlease) until tb ends.
func leasePorts(tb testing.TB, n int) *portlease.Lease {
	tb.Helper()
	l, err := portlease.Take(n, 2*time.Minute)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(l.Release)
	return l
}

// backendRetries is a backend's connection errors, retries and
// redispatches so far ("econ/wretr/wredis" of `show stat`), for the
// benchmarks' debug lines.
func backendRetries(in *haproxytest.Instance, backend string) string {
	out, err := in.Exec("show stat")
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(out, "\n")
	cols := strings.Split(strings.TrimPrefix(lines[0], "# "), ",")
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		if len(f) != len(cols) || f[0] != backend || f[1] != "BACKEND" {
			continue
		}
		v := map[string]string{}
		for i, c := range cols {
			v[c] = f[i]
		}
		return v["econ"] + "/" + v["wretr"] + "/" + v["wredis"]
	}
	return "?"
}

// firstTimes records when each key was first seen, for a test to wait on.
type firstTimes struct {
	mu      sync.Mutex
	at      map[string]time.Time
	changed chan struct{} // closed and replaced on every new key
}

func newFirstTimes() *firstTimes {
	return &firstTimes{at: map[string]time.Time{}, changed: make(chan struct{})}
}

func (f *firstTimes) note(key string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, seen := f.at[key]; !seen {
		f.at[key] = at
		close(f.changed)
		f.changed = make(chan struct{})
	}
}

// get returns when key was first seen, if it has been.
func (f *firstTimes) get(key string) (time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	at, ok := f.at[key]
	return at, ok
}

// wait returns when key was first seen, once it has been.
func (f *firstTimes) wait(key string, timeout time.Duration) (time.Time, bool) {
	deadline := time.After(timeout)
	for {
		f.mu.Lock()
		at, ok := f.at[key]
		changed := f.changed
		f.mu.Unlock()
		if ok {
			return at, true
		}
		select {
		case <-changed:
		case <-deadline:
			return time.Time{}, false
		}
	}
}

// "Server be/s is UP/READY (leaving forced maintenance)." or "... is UP,
// reason: ...": taking traffic (not "UP/DRAIN").
var upLine = regexp.MustCompile(`Server (\S+/\S+) is UP(?:/READY)?[ ,.]`)

// listenUpLog takes what HAProxy logs (rfc5424 over UDP: its own clock,
// in microseconds) about servers coming UP: when each began to take
// traffic, whatever the delay of a process polling for it. Keys are
// upKey's.
func listenUpLog(t *testing.T) (*firstTimes, int) {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	ups := newFirstTimes()
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, _, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			// <133>1 2026-12-05T19:39:37.574795+00:00 - haproxy 18056 - - Server be/s2 is UP/READY (...)
			f := strings.SplitN(string(buf[:n]), " ", 8)
			if len(f) < 8 {
				continue
			}
			when, err := time.Parse(time.RFC3339Nano, f[1])
			m := upLine.FindStringSubmatch(f[7])
			if err != nil || m == nil {
				continue
			}
			be, srv, _ := strings.Cut(m[1], "/")
			ups.note(upKey(be, srv), when)
		}
	}()
	return ups, conn.LocalAddr().(*net.UDPAddr).Port
}

// upKey names a task's server in a backend: a server is named after its
// task (<app>.<uuid>), a 1.4 health event names the instance
// (<app>.marathon-<uuid>); both have the same health key.
func upKey(backend, task string) string {
	return backend + "/" + marathon.HealthKey(task)
}

// healthWritten notes, in written, when the emulator wrote each
// instance's first healthy event to the agent's event stream (the one
// that follows deployments: the test's own follows health events only),
// keyed by health key (an emulator.Config.EventWritten).
func healthWritten(written *firstTimes) func(r *http.Request, typ string, data []byte, flushed time.Time) {
	return func(r *http.Request, typ string, data []byte, flushed time.Time) {
		if typ != marathon.EventHealthStatusChanged && typ != marathon.EventInstanceHealthChanged ||
			!slices.Contains(r.URL.Query()["event_type"], marathon.EventDeploymentSuccess) {
			return
		}
		var ev struct {
			InstanceID string `json:"instanceId"`
			TaskID     string `json:"taskId"`
			Alive      *bool  `json:"alive"`
			Healthy    *bool  `json:"healthy"`
		}
		if json.Unmarshal(data, &ev) != nil || ev.Alive != nil && !*ev.Alive || ev.Healthy != nil && !*ev.Healthy {
			return
		}
		written.note(marathon.HealthKey(cmp.Or(ev.InstanceID, ev.TaskID)), flushed)
	}
}
