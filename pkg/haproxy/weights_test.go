package haproxy

import (
	"math"
	"testing"
)

func TestWeightsEdgeCases(t *testing.T) {
	tests := []struct {
		name           string
		stable, canary int
		share          float64
		wantS, wantC   int
	}{
		{"no canary share", 3, 1, 0, DefaultWeight, 0},
		{"negative share is zero", 3, 1, -0.5, DefaultWeight, 0},
		{"NaN share is zero", 3, 1, math.NaN(), DefaultWeight, 0},
		{"no canary tasks", 3, 0, 0.1, DefaultWeight, 0},
		{"full canary", 3, 1, 1, 0, DefaultWeight},
		{"above one is full", 3, 1, 7, 0, DefaultWeight},
		{"no stable tasks", 0, 2, 0.1, DefaultWeight, DefaultWeight},
		{"no tasks at all", 0, 0, 0.5, DefaultWeight, 0},
		{"abort with no stable", 0, 2, 0, DefaultWeight, 0},
		{"10% with 3 stable and 1 canary", 3, 1, 0.1, 3, 1},
		{"half with equal counts", 4, 4, 0.5, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := Weights(tt.stable, tt.canary, tt.share)
			if s != tt.wantS || c != tt.wantC {
				t.Fatalf("Weights(%d, %d, %v) = %d, %d; want %d, %d", tt.stable, tt.canary, tt.share, s, c, tt.wantS, tt.wantC)
			}
		})
	}
}

// TestWeightsOptimal compares Weights with a brute force over every pair of
// weights in 1..256: no pair may come closer to the wanted share.
func TestWeightsOptimal(t *testing.T) {
	counts := []int{1, 2, 3, 5, 7, 10, 33, 100}
	shares := []float64{0.001, 0.01, 0.05, 0.1, 0.25, 1.0 / 3, 0.5, 0.75, 0.9, 0.99}
	if testing.Short() {
		counts = []int{1, 3, 10}
	}
	for _, s := range counts {
		for _, c := range counts {
			for _, p := range shares {
				ws, wc := Weights(s, c, p)
				if ws < 1 || ws > MaxWeight || wc < 1 || wc > MaxWeight {
					t.Fatalf("Weights(%d, %d, %v) = %d, %d: out of 1..256", s, c, p, ws, wc)
				}
				got := math.Abs(Share(s, c, ws, wc) - p)
				best := math.Inf(1)
				for bs := 1; bs <= MaxWeight; bs++ {
					for bc := 1; bc <= MaxWeight; bc++ {
						best = math.Min(best, math.Abs(Share(s, c, bs, bc)-p))
					}
				}
				if got > best+1e-12 {
					t.Errorf("Weights(%d, %d, %v) = %d, %d: error %.6f, brute force finds %.6f", s, c, p, ws, wc, got, best)
				}
			}
		}
	}
}

// TestWeightsPrecision: wherever the wanted ratio is reachable with weights
// in 1..256, the split is within 0.5 percentage point.
func TestWeightsPrecision(t *testing.T) {
	for s := 1; s <= 60; s++ {
		for c := 1; c <= 60; c++ {
			for pct := 1; pct < 100; pct++ {
				p := float64(pct) / 100
				ratio := p * float64(s) / ((1 - p) * float64(c))
				if ratio < 1.0/MaxWeight || ratio > MaxWeight {
					continue
				}
				ws, wc := Weights(s, c, p)
				if d := math.Abs(Share(s, c, ws, wc) - p); d > 0.005 {
					t.Fatalf("Weights(%d, %d, %.2f) = %d, %d: share %.4f, off by %.4f", s, c, p, ws, wc, Share(s, c, ws, wc), d)
				}
			}
		}
	}
}

func TestShareNoWeight(t *testing.T) {
	if got := Share(3, 1, 0, 0); got != 0 {
		t.Fatalf("Share with no weight = %v, want 0", got)
	}
}
