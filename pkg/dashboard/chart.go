package dashboard

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
)

// Chart is a rollout's traffic share and error rates over time, drawn as
// SVG by the service page (no script): the canary's share of public
// traffic (0-100%, its steps) and each track's error rate at every
// error-rate judgement. The judgements table holds the same numbers as
// text.
type Chart struct {
	// Share, Canary and Stable are SVG polyline points in a W×H box.
	Share, Canary, Stable string
	// MaxRate is the error rate at the top of the box.
	MaxRate    float64
	Start, End time.Time
}

// Chart's box.
const chartW, chartH = 600.0, 160.0

// weightAt is the canary's share of traffic while step runs.
func weightAt(r *canary.Rollout, step string) float64 {
	var i int
	if _, err := fmt.Sscanf(step, canary.StepPartial+"[%d]", &i); err == nil && i < len(r.Settings.Steps) {
		return float64(r.Settings.Steps[i])
	}
	switch step {
	case canary.StepShift, canary.StepDrain, canary.StepKept, canary.StepCleanup, canary.StepDone:
		return 100
	}
	return 0
}

// NewChart draws r from its start to its end (now while it runs); nil
// when there is nothing to draw.
func NewChart(r *canary.Rollout, now time.Time) *Chart {
	end := r.Finished
	if end.IsZero() {
		end = now
	}
	span := end.Sub(r.Started).Seconds()
	if r.Started.IsZero() || span <= 0 {
		return nil
	}
	c := &Chart{Start: r.Started, End: end, MaxRate: 0.01}
	x := func(t time.Time) string {
		return strconv.FormatFloat(min(max(t.Sub(r.Started).Seconds()/span, 0), 1)*chartW, 'f', 1, 64)
	}
	y := func(v, top float64) string { return strconv.FormatFloat(chartH-min(v/top, 1)*chartH, 'f', 1, 64) }
	var share []string
	prev := 0.0
	for _, s := range r.Steps {
		w := weightAt(r, s.Name)
		share = append(share, x(s.Started)+","+y(prev, 100), x(s.Started)+","+y(w, 100))
		prev = w
	}
	share = append(share, x(end)+","+y(prev, 100))
	c.Share = strings.Join(share, " ")
	var can, st []string
	for _, ch := range r.Checks {
		if ch.Name == canary.CheckErrorRate {
			c.MaxRate = max(c.MaxRate, ch.Figures["canaryErrorRate"], ch.Figures["stableErrorRate"])
		}
	}
	for _, ch := range r.Checks {
		if ch.Name != canary.CheckErrorRate {
			continue
		}
		can = append(can, x(ch.Time)+","+y(ch.Figures["canaryErrorRate"], c.MaxRate))
		st = append(st, x(ch.Time)+","+y(ch.Figures["stableErrorRate"], c.MaxRate))
	}
	c.Canary, c.Stable = strings.Join(can, " "), strings.Join(st, " ")
	return c
}
