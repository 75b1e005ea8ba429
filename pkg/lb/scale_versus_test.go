package lb_test

// TestScaleVersusMarathonLB: yodel lb beside marathon-lb on one realm
// (BENCHMARKS.md, issue 21's side-by-side run).

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

// scaleRealm is the realm of the scale benchmarks: services apps of three
// tasks each on the emulator, all running and healthy, with service ports
// first, first+1, ...
type scaleRealm struct {
	s       *stack
	ids     []string
	first   int
	written *firstTimes // when each health event was written to a reader
}

// newScaleRealm makes it: noChecks drops the apps' Marathon health checks,
// checkEvery (> 0) sets their interval in seconds, label (may be nil)
// edits each app before it is created.
func newScaleRealm(t *testing.T, services int, noChecks bool, checkEvery int, label func(*marathon.App)) *scaleRealm {
	t.Helper()
	svcPorts := leasePorts(t, services)
	taskRange := [2]int{40000, 60000}
	if n := 3*services + 500; n+services <= portlease.High-portlease.Low+1-2*portlease.SlotSize {
		tasks := leasePorts(t, n)
		taskRange = [2]int{tasks.Lo, tasks.Hi}
	} else {
		t.Logf("%d task ports: taken from %d-%d, not leased (run alone on the machine)", 3*services, taskRange[0], taskRange[1])
	}
	// YODEL_LB_SCALE_ZK: the routing state in ZooKeeper (watches) rather
	// than the file store (which polls every 20 ms: the idle CPU figure
	// is then mostly the store's).
	storeURL := ""
	if os.Getenv("YODEL_LB_SCALE_ZK") != "" {
		srv, err := zktest.Start()
		zktest.Skip(t, err)
		t.Cleanup(srv.Close)
		storeURL = srv.URL(fmt.Sprintf("/yodel/scale-%d", time.Now().UnixNano()))
	}
	written := newFirstTimes()
	s := newStack(t, storeURL, emutest.TimeScale(1), emutest.With(func(c *emulator.Config) {
		c.PortRange = taskRange
		c.TickInterval = 200 * time.Millisecond
		c.EventWritten = healthWritten(written)
	}))
	// Longer than the stack's own 3 minutes: spaced samples take about
	// 1.5 s each.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	t.Cleanup(cancel)
	s.ctx = ctx
	first := svcPorts.Lo
	ids := make([]string, services)
	for i := range services {
		ids[i] = fmt.Sprintf("/svc%04d-blue", i)
		a := app(ids[i], fmt.Sprintf("svc%04d", i), "http", 3, first+i)
		if noChecks {
			a.HealthChecks = nil
		} else if checkEvery > 0 {
			(*a.HealthChecks)[0].IntervalSeconds = checkEvery
		}
		if label != nil {
			label(a)
		}
		s.create(a)
	}
	eventually(t, time.Duration(services/1000+3)*time.Minute, func() string { return "apps not all healthy" }, func() bool {
		apps, err := s.mc.Apps(s.ctx)
		if err != nil {
			return false
		}
		n := 0
		for i := range apps {
			for _, tk := range apps[i].Tasks {
				if apps[i].TaskHealthy(tk) {
					n++
				}
			}
		}
		return n == 3*services
	})

	return &scaleRealm{s: s, ids: ids, first: first, written: written}
}

// TestScaleVersusMarathonLB runs marathon-lb and yodel lb side by side on
// one realm (1000 services × 3 tasks by default, YODEL_LB_SCALE_SERVICES),
// the same emulator and HAProxy 2.6, for issue 21's figures in one run:
// each in turn, on an HAProxy of its own started with the same base
// configuration, YODEL_LB_MLB_ROUNDS times (2 by default), swapping who
// goes first each round. It needs marathon-lb's source and its Python
// packages: scripts/bench-marathon-lb.sh fetches them and runs it.
//
// Both are timed the same way, from their process's start, in HAProxy's
// own statistics (its admin socket, polled every 10 ms): the cold sync
// ends when they show every service served (its frontend, and a usable
// server in its backend), and a second figure when all three servers of
// every service are usable (marathon-lb's servers may start DOWN until
// HAProxy's checks pass). Then each is stopped, one app scaled up while it
// is down, and it is started again on the HAProxy still running what it
// wrote: the restart is timed until HAProxy serves the new task.
// marathon-lb runs as its documentation runs it (--sse --health-check),
// reloading HAProxy through the same master socket as yodel lb, at log
// level WARNING (its default, DEBUG, writes every line of every change;
// YODEL_LB_MLB_LOG_LEVEL to change it): the comparison gives it its best.
func TestScaleVersusMarathonLB(t *testing.T) {
	script := os.Getenv("YODEL_LB_MLB")
	if script == "" {
		t.Skip("set YODEL_LB_MLB to marathon-lb's marathon_lb.py (scripts/bench-marathon-lb.sh; BENCHMARKS.md, lb agent)")
	}
	services, rounds := 1000, 2
	if v, err := strconv.Atoi(os.Getenv("YODEL_LB_SCALE_SERVICES")); err == nil && v > 0 {
		services = v
	}
	if v, err := strconv.Atoi(os.Getenv("YODEL_LB_MLB_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	noChecks := os.Getenv("YODEL_LB_SCALE_NOCHECKS") != ""
	r := newScaleRealm(t, services, noChecks, 0, func(a *marathon.App) {
		// marathon-lb's labels: its frontends bind 127.0.0.1 only (as the
		// tests do) and speak HTTP, like yodel's for these apps.
		(*a.Labels)["HAPROXY_0_BIND_ADDR"] = "127.0.0.1"
		(*a.Labels)["HAPROXY_0_MODE"] = "http"
	})
	type run struct {
		who      string
		cold     time.Duration // every service served
		allUp    time.Duration // every server of every service
		hwm, rss int           // kB
		parts    string
		idle     time.Duration
		restart  time.Duration // a restart that finds one new task
	}
	var runs []run
	for round := range rounds {
		order := []string{"marathon-lb", "yodel lb"}
		if round%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for k, who := range order {
			in := haproxytest.Start(t, haproxytest.Options{})
			base := testBase(in)
			before, err := readServed(in)
			require.NoError(t, err)
			start := func() *lbProcess {
				if who == "marathon-lb" {
					return startMarathonLB(t, r.s, in, base, script)
				}
				ap := startAgentProcess(t, r.s, in, base, services, false)
				return watchProcess(ap.cmd, ap.started)
			}
			p := start()
			first := waitStats(t, in, p, "every service served", func(n served) bool {
				return n.frontends-before.frontends >= services && n.backends-before.backends >= services
			})
			all := waitStats(t, in, p, "every server usable", func(n served) bool { return n.servers-before.servers >= 3*services })
			res := run{who: who, cold: first.Sub(p.started), allUp: all.Sub(p.started)}
			res.hwm, res.rss, res.parts = readMem(t, p.cmd.Process.Pid)
			cpu0 := readCPU(t, p.cmd.Process.Pid)
			time.Sleep(10 * time.Second) // the idle window measured, not a wait
			res.idle = readCPU(t, p.cmd.Process.Pid) - cpu0
			p.stop(t)

			// The restart: one app scaled up while the agent was down (an
			// upgrade of the agent during a deploy), then the agent started
			// again on the HAProxy running what it last wrote.
			id := r.ids[(2*round+k)*37%services]
			r.s.scale(id, 4)
			eventually(t, time.Minute, func() string { return id + " never had 4 healthy tasks" }, func() bool { return len(r.s.healthyTasks(id)) == 4 })
			p = start()
			up := waitStats(t, in, p, "the new task served", func(n served) bool { return n.servers-before.servers >= 3*services+1 })
			res.restart = up.Sub(p.started)
			p.stop(t)
			r.s.scale(id, 3)
			eventually(t, time.Minute, func() string { return id + " never went back to 3 tasks" }, func() bool { return len(r.s.healthyTasks(id)) == 3 })
			require.NoError(t, in.Stop())
			t.Logf("round %d, %s: cold sync %s (all servers UP %s); peak RSS (VmHWM) %.1f MB, RSS %.1f MB (%s); CPU in 10 s idle %s; restart with one new task %s",
				round+1, who, res.cold.Round(time.Millisecond), res.allUp.Round(time.Millisecond), float64(res.hwm)/1024, float64(res.rss)/1024,
				res.parts, res.idle, res.restart.Round(time.Millisecond))
			runs = append(runs, res)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d services × 3 tasks, health checks %v:\n| round | who | cold sync | all servers UP | peak RSS | RSS | idle CPU, 10 s | restart, one new task |\n|---|---|---|---|---|---|---|---|\n", services, !noChecks)
	for i, res := range runs {
		fmt.Fprintf(&b, "| %d | %s | %.2f s | %.2f s | %.1f MB | %.1f MB | %s | %.2f s |\n", i/2+1, res.who, res.cold.Seconds(), res.allUp.Seconds(),
			float64(res.hwm)/1024, float64(res.rss)/1024, res.idle, res.restart.Seconds())
	}
	t.Log(b.String())
}

// lbProcess is a load-balancer agent (yodel lb or marathon-lb) running as
// its own process.
type lbProcess struct {
	cmd     *exec.Cmd
	started time.Time
	exited  chan struct{} // closed once the process has ended and is reaped
	state   *os.ProcessState
}

// watchProcess follows cmd, started at started, until it ends.
func watchProcess(cmd *exec.Cmd, started time.Time) *lbProcess {
	p := &lbProcess{cmd: cmd, started: started, exited: make(chan struct{})}
	go func() { p.state, _ = cmd.Process.Wait(); close(p.exited) }()
	return p
}

// stop interrupts it and waits for its end (killed after 10 s).
func (p *lbProcess) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// startMarathonLB starts marathon-lb (script: its marathon_lb.py) on s's
// emulator, writing in's configuration and reloading it through in's
// master socket; base is its HAPROXY_HEAD (global and defaults), as yodel
// lb's template.
func startMarathonLB(t *testing.T, s *stack, in *haproxytest.Instance, base, script string) *lbProcess {
	t.Helper()
	dir := t.TempDir()
	// marathon-lb reads its templates from ./templates, then falls back to
	// its defaults; the head from a file, as is (an environment variable
	// would have its "\n" turned into newlines).
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "templates"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "templates", "HAPROXY_HEAD"), []byte(base), 0o644))
	python := cmp.Or(os.Getenv("YODEL_LB_MLB_PYTHON"), "/usr/bin/python3")
	reload := fmt.Sprintf("sh -c 'echo reload | socat - UNIX-CONNECT:%s'", in.MasterSocketPath)
	cmd := exec.Command(python, script, "--marathon", s.emu.URL, "--haproxy-config", in.ConfigPath,
		"--group", "*", "--sse", "--health-check", "--dont-bind-http-https", "--command", reload,
		"--syslog-socket", "/dev/null", "--log-level", cmp.Or(os.Getenv("YODEL_LB_MLB_LOG_LEVEL"), "WARNING"))
	cmd.Dir = dir
	// It runs `haproxy -c` and `pidof haproxy` from PATH.
	cmd.Env = append(os.Environ(), "PATH=/usr/sbin:/usr/bin:/sbin:/bin:"+os.Getenv("PATH"))
	logf, err := os.Create(filepath.Join(dir, "marathon-lb.log"))
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = logf, logf
	started := time.Now()
	require.NoError(t, cmd.Start())
	p := watchProcess(cmd, started)
	t.Cleanup(func() {
		p.stop(t)
		logf.Close()
		if b, _ := os.ReadFile(logf.Name()); t.Failed() || os.Getenv("YODEL_LB_BENCH_DEBUG") != "" {
			t.Logf("marathon-lb log:\n%s", b)
		}
	})
	return p
}

// served is what HAProxy's statistics show: frontends, servers that take
// requests (UP, or no check), and backends with at least one of those.
type served struct {
	frontends, servers, backends int
	statuses                     map[string]int // servers by status, for YODEL_LB_BENCH_DEBUG
}

// readServed reads in's statistics (frontends and servers only).
func readServed(in *haproxytest.Instance) (served, error) {
	out, err := in.Exec("show stat -1 5 -1")
	if err != nil {
		return served{}, err
	}
	lines := strings.Split(out, "\n")
	head := strings.Split(strings.TrimPrefix(lines[0], "# "), ",")
	px, sv, st := slices.Index(head, "pxname"), slices.Index(head, "svname"), slices.Index(head, "status")
	if px < 0 || sv < 0 || st < 0 {
		return served{}, fmt.Errorf("show stat: no pxname, svname or status column in %q", lines[0])
	}
	n := served{statuses: map[string]int{}}
	up := map[string]bool{}
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		if len(f) <= max(px, sv, st) || f[sv] == "BACKEND" {
			continue
		}
		n.statuses[f[st]]++
		switch {
		case f[sv] == "FRONTEND":
			n.frontends++
		case f[st] == "no check" || f[st] == "UP" || strings.HasPrefix(f[st], "UP "):
			n.servers++
			up[f[px]] = true
		}
	}
	n.backends = len(up)
	return n, nil
}

// waitStats polls in's statistics every 10 ms until cond holds, and
// returns when it first did; it fails at once if p, the agent that should
// bring that about, has ended.
func waitStats(t *testing.T, in *haproxytest.Instance, p *lbProcess, what string, cond func(served) bool) time.Time {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	var last served
	debug := os.Getenv("YODEL_LB_BENCH_DEBUG") != ""
	for {
		n, err := readServed(in)
		now := time.Now()
		if err == nil {
			if debug && (n.frontends != last.frontends || n.servers != last.servers || !maps.Equal(n.statuses, last.statuses)) {
				t.Logf("%s: %d frontends, %d backends served, servers by status %v", now.Format("15:04:05.000"), n.frontends, n.backends, n.statuses)
			}
			last = n
			if cond(n) {
				return now
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("%s ended (%s) before HAProxy showed %s", filepath.Base(p.cmd.Path), p.state, what)
		default:
		}
		if now.After(deadline) {
			t.Fatalf("HAProxy never showed %s: %d frontends, %d backends with a usable server, %d usable servers; last error %v",
				what, last.frontends, last.backends, last.servers, err)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition with a deadline
	}
}
