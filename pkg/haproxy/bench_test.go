package haproxy_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
)

// bigConfig is n HTTP services with 3 servers each. The servers point at
// closed loopback ports: health checks fail, which costs HAProxy nothing.
// Service ports are leased from pkg/sandbox/portlease (below the
// ephemeral range: 3000 health checks every 2s take ephemeral local ports,
// and a service port among them would now and then be refused as held by
// another socket; leased, so no other test process binds them meanwhile).
// YODEL_BENCH_PORT_BASE sets them instead, for a run beside jobs that do
// not lease.
func bigConfig(b *testing.B, n int) haproxy.Config {
	var c haproxy.Config
	var first int
	if v := os.Getenv("YODEL_BENCH_PORT_BASE"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1024 || p+n > 32768 {
			b.Fatalf("YODEL_BENCH_PORT_BASE=%q: want a port from 1024 to %d", v, 32768-n)
		}
		first = p
	} else {
		lease, err := portlease.Take(n, 2*time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(lease.Release)
		first = lease.Lo
	}
	ports := make([]int, n)
	for i := range ports {
		ports[i] = first + i
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(ports[i]))
		if err != nil {
			b.Fatalf("benchmark service ports %d-%d must be free: %v", first, first+n-1, err)
		}
		ln.Close()
	}
	for i := 0; i < n; i++ {
		s := haproxy.Service{Name: fmt.Sprintf("svc%d", i), Port: ports[i], Mode: haproxy.ModeHTTP,
			BindAddress: "127.0.0.1", HealthPath: "/health"}
		for j := 0; j < 3; j++ {
			s.Servers = append(s.Servers, haproxy.Server{Name: fmt.Sprintf("svc%d.task%d", i, j),
				Addr: "127.0.0.1", Port: 1 + (i*3+j)%1000, Weight: 10})
		}
		c.Services = append(c.Services, s)
	}
	return c
}

// BenchmarkApplyCold: from an empty HAProxy to 1000 services × 3 servers
// (render, haproxy -c, state dump, reload, wait for the new worker).
func BenchmarkApplyCold(b *testing.B) {
	cfg := bigConfig(b, 1000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		in := haproxytest.Start(b, haproxytest.Options{})
		h, err := haproxy.New(in.Options())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := h.Apply(ctx, cfg)
		b.StopTimer()
		if err != nil || !res.Reloaded || len(res.Errors) > 0 {
			b.Fatalf("cold apply: %+v %v", res, err)
		}
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		runtime.KeepAlive(h) // its caches are part of what is measured
		if err := in.Stop(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// runningBig starts HAProxy and applies cfg to it (one reload).
func runningBig(b *testing.B, cfg haproxy.Config) (*haproxytest.Instance, *haproxy.HAProxy) {
	b.Helper()
	in := haproxytest.Start(b, haproxytest.Options{})
	h, err := haproxy.New(in.Options())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := h.Apply(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	return in, h
}

// toggleServer is the i-th one-task change of bigConfig: a fourth server
// added to a service, then removed, then the next service's.
func toggleServer(cfg *haproxy.Config, i int) {
	s := &cfg.Services[(i/2)%len(cfg.Services)]
	if i%2 == 0 {
		s.Servers = append(s.Servers, haproxy.Server{Name: s.Name + ".extra", Addr: "127.0.0.1", Port: 2000, Weight: 10})
	} else {
		s.Servers = s.Servers[:3]
	}
}

// BenchmarkApplyOneServer: with 1000 services × 3 servers running, one task
// comes or goes (runtime API, file rewrite, state dump; no reload).
func BenchmarkApplyOneServer(b *testing.B) {
	cfg := bigConfig(b, 1000)
	ctx := context.Background()
	_, h := runningBig(b, cfg)
	var lat []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		toggleServer(&cfg, i)
		i++
		start := time.Now()
		res, err := h.Apply(ctx, cfg)
		lat = append(lat, time.Since(start))
		if err != nil || res.Reloaded || res.RuntimeOps != 1 || len(res.Errors) > 0 {
			b.Fatalf("one-server apply: %+v %v", res, err)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds())/1000, "p99-ms")
	if h.Reloads() != 1 {
		b.Fatalf("reloads = %d, want only the initial one", h.Reloads())
	}
}

// BenchmarkApplyRestart: an agent restarted on an HAProxy that runs the
// 1000 services × 3 servers it last applied, one server having changed
// meanwhile: a new applier's first Apply (its file and record read back,
// HAProxy's state read, one runtime command, no reload).
func BenchmarkApplyRestart(b *testing.B) {
	cfg := bigConfig(b, 1000)
	ctx := context.Background()
	in, first := runningBig(b, cfg)
	if err := first.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		toggleServer(&cfg, i)
		i++
		h, err := haproxy.New(in.Options())
		if err != nil {
			b.Fatal(err)
		}
		res, err := h.Apply(ctx, cfg)
		if err != nil || res.Reloaded || res.RuntimeOps != 1 || len(res.Errors) > 0 {
			b.Fatalf("restart apply: %+v %v", res, err)
		}
		b.StopTimer()
		if err := h.Close(); err != nil { // its background write of the file
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkApplyOneServerUnderLoad: one service, two servers answering in
// this process; each Apply changes one server's weight (one runtime
// command and its read-back, one round trip), with no traffic or with
// three clients sending requests through HAProxy back to back, as the
// lb package's convergence benchmark does. What the second adds to the
// first is HAProxy waiting for a core: the floor of that benchmark's tail
// on this machine, whatever the agent does.
//
//	go test -run '^$' -bench ApplyOneServerUnderLoad -benchtime 1000x ./pkg/haproxy/
func BenchmarkApplyOneServerUnderLoad(b *testing.B) {
	for _, loops := range []int{0, 3} {
		b.Run(fmt.Sprintf("clients=%d", loops), func(b *testing.B) {
			in := haproxytest.Start(b, haproxytest.Options{})
			h, err := haproxy.New(in.Options())
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			port := haproxytest.FreePort(b)
			var servers []haproxy.Server
			for _, name := range []string{"l1", "l2"} {
				be := haproxytest.NewHTTPBackend(b, name)
				servers = append(servers, haproxy.Server{Name: "task." + name, Addr: be.Addr, Port: be.Port, Weight: 10})
			}
			svc := haproxy.Service{Name: "load", Port: port, Mode: haproxy.ModeHTTP, BindAddress: "127.0.0.1",
				HealthPath: "/health", Servers: servers}
			if _, err := h.Apply(ctx, haproxy.Config{Services: []haproxy.Service{svc}}); err != nil {
				b.Fatal(err)
			}
			client := &http.Client{Timeout: 5 * time.Second}
			var served atomic.Int64
			var wg sync.WaitGroup
			for range loops {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for ctx.Err() == nil {
						resp, err := client.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/")
						if err == nil {
							_, _ = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							served.Add(1)
						}
					}
				}()
			}
			var lat []time.Duration
			start := time.Now()
			for i := 0; b.Loop(); i++ {
				svc.Servers[1].Weight = 20 - 10*(i%2)
				t0 := time.Now()
				res, err := h.Apply(ctx, haproxy.Config{Services: []haproxy.Service{svc}})
				lat = append(lat, time.Since(t0))
				if err != nil || res.Reloaded || res.RuntimeOps != 1 || len(res.Errors) > 0 {
					b.Fatalf("weight change: %+v %v", res, err)
				}
				time.Sleep(2 * time.Millisecond) // changes apart, as tasks come
			}
			elapsed := time.Since(start)
			cancel()
			wg.Wait()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(served.Load())/elapsed.Seconds(), "req/s")
		})
	}
}
