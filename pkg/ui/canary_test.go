package ui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
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
}
