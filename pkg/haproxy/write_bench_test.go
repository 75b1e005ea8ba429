package haproxy

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWriteStructure1000 writes 1000 new services × 3 servers into a
// file holding only the base template (the agent's first sync against a
// fresh HAProxy): the whole text and its `haproxy -c`.
//
//	go test -run '^$' -bench WriteStructure1000 -benchtime 5x ./pkg/haproxy/
func BenchmarkWriteStructure1000(b *testing.B) {
	if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
		b.Skip("needs /usr/sbin/haproxy")
	}
	services := thousandFileModels()
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
}

// BenchmarkWriteRecord1000 writes the sidecar record of 1000 services × 3
// servers, as the background writer does after every batch of runtime
// changes.
//
//	go test -run '^$' -bench WriteRecord1000 -benchmem ./pkg/haproxy/
func BenchmarkWriteRecord1000(b *testing.B) {
	r := record{FileSHA: "f", BaseSHA: "b", Structure: "s", Services: thousandFileModels()}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeRecord(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// thousandFileModels is 1000 HTTP services × 3 servers as the file keeps
// them, by key.
func thousandFileModels() map[string]*Service {
	services := map[string]*Service{}
	for i := range 1000 {
		s := &Service{Name: fmt.Sprintf("svc%d", i), Port: 20000 + i, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/health"}
		for j := range 3 {
			s.Servers = append(s.Servers, Server{Name: fmt.Sprintf("svc%d.task%d", i, j), Addr: "127.0.0.1", Port: 1 + j, Weight: 10})
		}
		services[s.Key()] = fileModel(s)
	}
	return services
}
