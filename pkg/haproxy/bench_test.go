package haproxy_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"slices"
	"strconv"
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

// BenchmarkApplyOneServer: with 1000 services × 3 servers running, one task
// comes or goes (runtime API, file rewrite, state dump; no reload).
func BenchmarkApplyOneServer(b *testing.B) {
	cfg := bigConfig(b, 1000)
	ctx := context.Background()
	in := haproxytest.Start(b, haproxytest.Options{})
	h, err := haproxy.New(in.Options())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := h.Apply(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s := &cfg.Services[(i/2)%len(cfg.Services)]
		if i%2 == 0 {
			s.Servers = append(s.Servers, haproxy.Server{Name: s.Name + ".extra", Addr: "127.0.0.1", Port: 2000, Weight: 10})
		} else {
			s.Servers = s.Servers[:3]
		}
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
