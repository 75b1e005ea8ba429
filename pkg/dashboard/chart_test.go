package dashboard

import (
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

func TestChartDrawsShareStepsAndErrorRates(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	r := &canary.Rollout{Started: t0, Settings: manifest.CanaryPlan{Steps: []int{10, 50}},
		Steps: []canary.StepRecord{{Name: canary.StepIsolated, Started: t0}, {Name: "partial[0]", Started: t0.Add(50 * time.Second)}},
		Checks: []canary.Check{
			{Name: canary.CheckErrorRate, Time: t0.Add(75 * time.Second), Figures: map[string]float64{"canaryErrorRate": 0.02, "stableErrorRate": 0.01}},
			{Name: "smoke", Time: t0.Add(10 * time.Second), Figures: map[string]float64{"attempts": 1}},
		}}
	c := NewChart(r, t0.Add(100*time.Second))
	if c == nil {
		t.Fatal("no chart")
	}
	if want := "0.0,160.0 0.0,160.0 300.0,160.0 300.0,144.0 600.0,144.0"; c.Share != want {
		t.Errorf("share %q, want %q (0%% while isolated, 10%% from half-way)", c.Share, want)
	}
	if c.MaxRate != 0.02 || c.Canary != "450.0,0.0" || c.Stable != "450.0,80.0" {
		t.Errorf("rates: max %g canary %q stable %q, want 0.02, 450.0,0.0 and 450.0,80.0", c.MaxRate, c.Canary, c.Stable)
	}
	if NewChart(&canary.Rollout{}, t0) != nil {
		t.Errorf("a rollout that never started has a chart")
	}
}
