package flock

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func open(t *testing.T, p string) *os.File {
	t.Helper()
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// Two open files of one path hold separate locks (as two processes do):
// shared with shared, never exclusive with either; a holder that keeps it
// costs the other ErrHeld after the wait, and its release lets the other in.
func TestLockWaitsBoundedForAnotherHolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	a, b := open(t, p), open(t, p)
	if err := Lock(a, false, time.Second); err != nil {
		t.Fatal(err)
	}
	if err := Lock(b, false, time.Second); err != nil {
		t.Fatalf("a second shared lock: %v", err)
	}
	if err := Unlock(b); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := Lock(b, true, 50*time.Millisecond)
	if !errors.Is(err, ErrHeld) {
		t.Fatalf("exclusive beside a shared holder: %v, want ErrHeld", err)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Fatalf("gave up after %s, before the wait", waited)
	}
	if err := Unlock(a); err != nil {
		t.Fatal(err)
	}
	if err := Lock(b, true, time.Second); err != nil {
		t.Fatalf("exclusive once the holder let go: %v", err)
	}
	if err := Lock(a, false, 20*time.Millisecond); !errors.Is(err, ErrHeld) {
		t.Fatalf("shared beside an exclusive holder: %v, want ErrHeld", err)
	}
}
