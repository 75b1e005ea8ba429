package ui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// A rollout at a manual gate names the promote to run, with the realm as
// the view has it (the realm as the user addressed it: a file, say).
func TestCanaryBlockGateNamesThePromoteToRun(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	ios.SetNoColor(true)
	v := view.NewCanary(&canary.Rollout{Service: "web", Realm: "/tmp/sb/realm.yaml", Gate: "partial"}, time.Now())
	assert.Contains(t, CanaryBlock(NewStyles(ios, ios.Out), v, nil), "waiting at gate partial (yodel canary promote web --realm /tmp/sb/realm.yaml)")
	v.Realm = ""
	assert.Contains(t, CanaryBlock(NewStyles(ios, ios.Out), v, nil), "waiting at gate partial (yodel canary promote web)")
	// At the full gate the partial step's time is up: no "0s left".
	v = view.NewCanary(&canary.Rollout{Service: "web", Step: canary.StepPartial, Gate: "full"}, time.Now())
	assert.Contains(t, CanaryBlock(NewStyles(ios, ios.Out), v, nil), "step partial[0]  waiting at gate full (yodel canary promote web)")
}

// A promoted partial step shows when its final judgement comes, not the
// step's time left: each extension for too few requests set that clock
// back, so a promoted step read "5m0s left" a minute on.
func TestCanaryBlockPromotedStep(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	ios.SetNoColor(true)
	now := time.Now()
	r := &canary.Rollout{Service: "web", Step: canary.StepPartial, StepStarted: now.Add(-time.Minute), LastJudged: now.Add(-10 * time.Second)}
	r.Settings.Duration, r.Settings.Interval = jsondur.Duration(5*time.Minute), jsondur.Duration(30*time.Second)
	block := CanaryBlock(NewStyles(ios, ios.Out), view.NewCanary(r, now), nil)
	assert.Contains(t, block, "step partial[0]  4m0s left")

	r.PromoteStep = true
	r.PausedFor = jsondur.Duration(2 * time.Minute) // two extensions
	block = CanaryBlock(NewStyles(ios, ios.Out), view.NewCanary(r, now), nil)
	assert.Contains(t, block, "step partial[0]  promoted: final judgement in 20s")
	assert.NotContains(t, block, "left")
}
