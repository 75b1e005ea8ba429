package retry

import (
	"testing"
	"time"
)

func TestNominalDoublesToTheCap(t *testing.T) {
	b := Backoff{Min: 100 * time.Millisecond, Max: 10 * time.Second}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 3: 400 * time.Millisecond, 30: 10 * time.Second, 1000: 10 * time.Second} {
		if got := b.Nominal(attempt); got != want {
			t.Errorf("Nominal(%d) = %v, want %v", attempt, got, want)
		}
	}
}

// Delays stay in [d/2, d], and are spread: clients that failed together do
// not retry together. With 200 draws over a 500 ms window, all landing in
// one 10 ms slot has a probability below (1/50)^199.
func TestDelayIsJittered(t *testing.T) {
	b := Backoff{Min: time.Second, Max: time.Second}
	seen := map[time.Duration]bool{}
	for range 200 {
		d := b.Delay(5)
		if d < 500*time.Millisecond || d > time.Second {
			t.Fatalf("Delay = %v, outside [500ms, 1s]", d)
		}
		seen[d.Truncate(10*time.Millisecond)] = true
	}
	if len(seen) < 2 {
		t.Fatalf("200 delays fell in %d 10ms slot(s): no jitter", len(seen))
	}
}

func TestDelayTinyMin(t *testing.T) {
	if d := (Backoff{Min: 1, Max: 1}).Delay(1); d != 1 {
		t.Fatalf("Delay = %v, want 1ns", d)
	}
}
