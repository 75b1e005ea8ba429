package manifest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// LatencyIncrease is partial.maxLatencyIncrease: how much slower than
// stable the canary may be, either as time ("50ms": the canary's shift
// over stable) or as a ratio of stable's median ("1.2x": 20% slower).
type LatencyIncrease struct {
	By    time.Duration // set for "50ms"
	Ratio float64       // set for "1.2x"
}

// SetScalar implements strictyaml.ScalarSetter.
func (l *LatencyIncrease) SetScalar(text string) error {
	if r, ok := strings.CutSuffix(text, "x"); ok {
		v, err := strconv.ParseFloat(r, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%q is not a ratio: write it like \"1.2x\" (20%% slower than stable) or a time like \"50ms\"", text)
		}
		if v <= 0 {
			// Ratio 0 is also "no ratio": validation would take 0x for a
			// time of 0s. Above 0, validateLatency says what is allowed.
			return fmt.Errorf("ratio %q must be above 1x: 1.2x lets the canary be 20%% slower than stable", text)
		}
		*l = LatencyIncrease{Ratio: v}
		return nil
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		return fmt.Errorf("%q is neither a time nor a ratio: write it like \"50ms\" or \"1.2x\"", text)
	}
	*l = LatencyIncrease{By: d}
	return nil
}

func (l LatencyIncrease) String() string {
	if l.Ratio != 0 {
		return strconv.FormatFloat(l.Ratio, 'g', -1, 64) + "x"
	}
	return l.By.String()
}

// IsZero: no limit.
func (l LatencyIncrease) IsZero() bool { return l.By == 0 && l.Ratio == 0 }

func (l LatencyIncrease) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

func (l *LatencyIncrease) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return l.SetScalar(s)
}

// Bounds of the latency checks.
const (
	MaxLatencyLimit = 10 * time.Minute
	MaxLatencyRatio = 100.0
)

// validateLatency checks partial's latency keys.
func (p *Partial) validateLatency(doc interface {
	Errorf(path, format string, args ...any)
}, pp string) {
	if d := p.MaxLatencyP99; d != nil && (d.D() < time.Millisecond || d.D() > MaxLatencyLimit) {
		doc.Errorf(pp+".maxLatencyP99", "must be a time from 1ms to %s, like \"500ms\" (got %s)", fmtDur(MaxLatencyLimit), d.D())
	}
	if l := p.MaxLatencyIncrease; l != nil {
		switch {
		case l.Ratio != 0 && (l.Ratio <= 1 || l.Ratio > MaxLatencyRatio):
			doc.Errorf(pp+".maxLatencyIncrease", "ratio %s must be above 1x and at most %gx (1.2x lets the canary be 20%% slower than stable)", l, MaxLatencyRatio)
		case l.Ratio == 0 && (l.By < time.Millisecond || l.By > MaxLatencyLimit):
			doc.Errorf(pp+".maxLatencyIncrease", "must be a time from 1ms to %s (like \"50ms\") or a ratio above 1 (like \"1.2x\"); got %s", fmtDur(MaxLatencyLimit), l.By)
		}
	}
	if d := p.MaxExtension; d != nil && (d.D() < 0 || d.D() > MaxCanaryDuration) {
		doc.Errorf(pp+".maxExtension", "must be from 0s to %s (got %s)", fmtDur(MaxCanaryDuration), d.D())
	}
}
