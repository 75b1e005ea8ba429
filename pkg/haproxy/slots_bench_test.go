package haproxy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// BenchmarkSlotsColdFill measures a design yodel does not use, for issue
// 21's cold sync: HAProxy started with the servicePorts already bound by
// one frontend and a pre-made empty backend ("slot") per service, so that
// a new host's first sync fills them at runtime (a port→slot map entry,
// then add, enable and check each server) instead of writing the file
// and reloading. It reports HAProxy's start on that file (paid before the
// agent runs) and the runtime fill of 1000 services × 3 servers (what the
// cold sync would pay besides reading Marathon), and the worker's RSS.
// YODEL_BENCH_SLOTS sets how many ports and slots HAProxy starts with
// (1000; the fill is always 1000 services). BENCHMARKS.md, session 21,
// says what the design would cost.
//
//	go test -run '^$' -bench SlotsColdFill -benchtime 3x ./pkg/haproxy/
func BenchmarkSlotsColdFill(b *testing.B) {
	const n = 1000
	slots := n
	if v := os.Getenv("YODEL_BENCH_SLOTS"); v != "" {
		var err error
		if slots, err = strconv.Atoi(v); err != nil || slots < n {
			b.Fatalf("YODEL_BENCH_SLOTS=%q: want a number of at least %d", v, n)
		}
	}
	ports := bigConfig(b, slots)
	first := ports.Services[0].Port
	for i, s := range ports.Services {
		if s.Port != first+i {
			b.Fatalf("service ports are not one range: %d at %d", s.Port, i)
		}
	}
	var startTotal, fillTotal time.Duration
	var rss float64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		in := haproxytest.Start(b, haproxytest.Options{})
		mapPath := filepath.Join(in.Dir, "slots.map")
		if err := os.WriteFile(mapPath, nil, 0o644); err != nil {
			b.Fatal(err)
		}
		var cfg strings.Builder
		cfg.WriteString(in.Base)
		fmt.Fprintf(&cfg, "\nfrontend slots\n    mode http\n    bind 127.0.0.1:%d-%d\n    use_backend %%[dst_port,map_int(%s,slot_none)]\n\nbackend slot_none\n    mode http\n",
			first, first+slots-1, mapPath)
		for i := range slots {
			fmt.Fprintf(&cfg, "\nbackend slot%d\n    mode http\n    balance roundrobin\n    option httpchk GET /health\n", i)
		}
		if err := os.WriteFile(in.ConfigPath, []byte(cfg.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := in.Restart(); err != nil {
			b.Fatal(err)
		}
		startTotal += time.Since(start)

		var cmds []string
		for i := range n {
			cmds = append(cmds, fmt.Sprintf("add map %s %d slot%d", mapPath, first+i, i))
			for j := range 3 {
				srv := fmt.Sprintf("slot%d/t%d", i, j)
				cmds = append(cmds, fmt.Sprintf("add server %s 127.0.0.1:%d weight 10 check inter 2s", srv, 1+(i*3+j)%1000),
					"enable server "+srv, "enable health "+srv)
			}
		}
		b.StartTimer()
		start = time.Now()
		// 100 commands a connection: the CLI reads one line of at most
		// a buffer (16 kB).
		for k := 0; k < len(cmds); k += 100 {
			out, err := in.Exec(strings.Join(cmds[k:min(k+100, len(cmds))], ";"))
			if err != nil {
				b.Fatal(err)
			}
			if rest := strings.TrimSpace(strings.ReplaceAll(out, "New server registered.", "")); rest != "" {
				b.Fatalf("fill: %q", rest)
			}
		}
		fillTotal += time.Since(start)
		b.StopTimer()
		out, err := in.Exec("show stat")
		if err != nil {
			b.Fatal(err)
		}
		if got := strings.Count(out, ",t0,") + strings.Count(out, ",t1,") + strings.Count(out, ",t2,"); got != 3*n {
			b.Fatalf("%d servers in show stat, want %d", got, 3*n)
		}
		rss += workerRSS(b, in)
		if err := in.Stop(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(rss/float64(b.N), "worker-rss-MB")
	b.ReportMetric(startTotal.Seconds()/float64(b.N), "haproxy-start-s")
	b.ReportMetric(fillTotal.Seconds()/float64(b.N), "fill-s")
}

// workerRSS is the RSS of in's current worker, in MB.
func workerRSS(b *testing.B, in *haproxytest.Instance) float64 {
	out, err := in.MasterExec("show proc")
	if err != nil {
		b.Fatal(err)
	}
	pids := haproxytest.WorkerPIDs(out)
	if len(pids) != 1 {
		b.Fatalf("want one worker: %s", out)
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pids[0]))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.Atoi(f[1])
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatalf("no VmRSS in /proc/%d/status", pids[0])
	return 0
}
