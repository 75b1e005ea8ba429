// Package uitest holds golden-file helpers for yodel's output tests.
package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Golden compares got with testdata/<name>.golden, rewriting it with -update.
func Golden(t testing.TB, dir, name, got string) {
	t.Helper()
	p := filepath.Join(dir, "testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (-update rewrites it)\n--- want\n%s\n--- got\n%s", name, p, want, got)
	}
}

// Clock is the fixed time of golden outputs.
var Clock = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
