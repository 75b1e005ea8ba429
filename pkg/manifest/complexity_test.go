package manifest_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

const hostileHead = "service: web\ncmd: x\nresources: {cpus: 1, mem: 1}\n"

// hostileShapes are manifests made of one construct repeated: each was
// quadratic somewhere (the YAML parser's block mappings, Doc.Failed's scan
// of every problem, every realm merging every env key).
var hostileShapes = []struct {
	name string
	head string
	item func(i int) string
}{
	{"empty ports", hostileHead + "ports:\n", func(int) string { return "  - {}\n" }},
	{"duplicate ports", hostileHead + "ports:\n", func(int) string { return "  - {name: a, servicePort: 1}\n" }},
	{"env keys", hostileHead + "env:\n", func(i int) string { return fmt.Sprintf("  K%d: v\n", i) }},
	{"bad env keys", hostileHead + "env:\n", func(i int) string { return fmt.Sprintf("  %d: v\n", i) }},
	{"unknown keys", hostileHead, func(i int) string { return fmt.Sprintf("k%d: v\n", i) }},
	{"nested mappings", hostileHead + "labels:\n", func(i int) string { return fmt.Sprintf("  k%d:\n    x: 1\n", i) }},
	{"realms over secrets", hostileHead + "secrets:\n" + strings.Repeat("  S: env:X\n", 1) + secretsBlock(400) + "realms:\n",
		func(i int) string { return fmt.Sprintf("  r%d: {}\n", i) }},
	{"constraints", hostileHead + "constraints:\n", func(int) string { return "  - [a]\n" }},
	{"smoke checks", hostileHead + "canary: {isolated: {smoke: [", func(int) string { return "{}, " }},
}

func secretsBlock(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  S%d: env:X\n", i)
	}
	return b.String()
}

// hostile returns the shape grown to about size bytes.
func hostile(head string, item func(int) string, size int) []byte {
	var b strings.Builder
	b.WriteString(head)
	for i := 0; ; i++ {
		s := item(i)
		if b.Len()+len(s) > size {
			break
		}
		b.WriteString(s)
	}
	return []byte(b.String())
}

// allocated is the bytes Parse allocates for data: a measure of work that,
// unlike time, does not depend on how busy the machine is.
func allocated(data []byte) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _ = manifest.Parse("f.yaml", data)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestValidationIsLinear: 8 times the input costs at most ~12 times the
// bytes allocated (linear, with room for slice growth), for every shape,
// up to the file size cap. A quadratic step costs ~64 times. Before: 8,000
// `- {}` ports took 19 s and a 256 KiB mapping minutes.
func TestValidationIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 256 KiB manifests")
	}
	for _, s := range hostileShapes {
		t.Run(s.name, func(t *testing.T) {
			small := hostile(s.head, s.item, strictyaml.MaxFileSize/8)
			large := hostile(s.head, s.item, strictyaml.MaxFileSize)
			a, b := allocated(small), allocated(large)
			ratio := float64(b) / float64(a)
			t.Logf("%d bytes: %d B allocated; %d bytes: %d B allocated (x%.1f)", len(small), a, len(large), b, ratio)
			if ratio > 12 {
				t.Errorf("8x the input allocated %.1fx the bytes: validation is not linear in the input", ratio)
			}
		})
	}
}

// BenchmarkParseHostile parses each hostile shape at the 256 KiB cap.
//
//	go test ./pkg/manifest -run '^$' -bench ParseHostile -benchtime 5x
func BenchmarkParseHostile(b *testing.B) {
	for _, s := range hostileShapes {
		data := hostile(s.head, s.item, strictyaml.MaxFileSize)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				_, _ = manifest.Parse("f.yaml", data)
			}
		})
	}
}
