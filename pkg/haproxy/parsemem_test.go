package haproxy

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	parser "github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/options"
)

// BenchmarkParseFile1000 is what every client-native transaction holds
// while it runs: config-parser's parse of the whole file, here 1000
// services × 3 servers as yodel writes them (parsed-MB: the heap the
// parse keeps, measured after a GC).
//
//	go test -run '^$' -bench ParseFile1000 -benchtime 5x ./pkg/haproxy/
func BenchmarkParseFile1000(b *testing.B) {
	services := map[string]*Service{}
	for i := range 1000 {
		s := &Service{Name: fmt.Sprintf("svc%d", i), Port: 20000 + i, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/health"}
		for j := range 3 {
			s.Servers = append(s.Servers, Server{Name: fmt.Sprintf("svc%d.task%d", i, j), Addr: "127.0.0.1", Port: 1 + j, Weight: 10})
		}
		services[s.Key()] = fileModel(s)
	}
	path := filepath.Join(b.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(renderFile("global\n  maxconn 100\ndefaults\n  mode http\n", "/m.map", services)), 0o600); err != nil {
		b.Fatal(err)
	}
	var kept float64
	b.ReportAllocs()
	for b.Loop() {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		p, err := parser.New(options.Path(path))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		kept = float64(ms.HeapAlloc-before) / (1 << 20)
		runtime.KeepAlive(p)
	}
	b.ReportMetric(kept, "parsed-MB")
}

// BenchmarkWriteStructure1000 writes 1000 new services × 3 servers into a
// file holding only the base template (the agent's first sync against a
// fresh HAProxy): whole, as the agent does, and ("transaction") through
// client-native's model operations, as it did before.
//
//	go test -run '^$' -bench WriteStructure1000 -benchtime 5x ./pkg/haproxy/
func BenchmarkWriteStructure1000(b *testing.B) {
	if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
		b.Skip("needs /usr/sbin/haproxy")
	}
	services := map[string]*Service{}
	for i := range 1000 {
		s := &Service{Name: fmt.Sprintf("svc%d", i), Port: 20000 + i, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/health"}
		for j := range 3 {
			s.Servers = append(s.Servers, Server{Name: fmt.Sprintf("svc%d.task%d", i, j), Addr: "127.0.0.1", Port: 1 + j, Weight: 10})
		}
		services[s.Key()] = fileModel(s)
	}
	for _, tc := range []struct {
		name string
		at   int
	}{{"whole", wholeWriteAt}, {"transaction", len(services) + 1}} {
		b.Run(tc.name, func(b *testing.B) {
			defer func(at int) { wholeWriteAt = at }(wholeWriteAt)
			wholeWriteAt = tc.at
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				base, err := RenderBase(BaseParams{StatsSocket: filepath.Join(dir, "admin.sock"), ServerStateFile: filepath.Join(dir, "state"), MonitorBind: "127.0.0.1:1"})
				if err != nil {
					b.Fatal(err)
				}
				opts := Options{ConfigPath: filepath.Join(dir, "haproxy.cfg"), HAProxyBin: "/usr/sbin/haproxy"}
				if err := os.WriteFile(opts.ConfigPath, []byte(base), 0o644); err != nil {
					b.Fatal(err)
				}
				f := committedEmpty(b, opts, base)
				b.StartTimer()
				if err := f.writeStructure(base, services, structureHash(base, f.stickyMap, services)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
