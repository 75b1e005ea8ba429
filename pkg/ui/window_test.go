package ui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// In the rollback window canary status and status say until when the
// previous release is kept and that a rollback is instant; once the window
// is over, who removes it.
func TestRollbackWindowIsShown(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	ios.SetNoColor(true)
	st := NewStyles(ios, ios.Out)
	until := time.Date(2026, 12, 4, 14, 5, 0, 0, time.Local)
	r := &canary.Rollout{Service: "web", Realm: "prod", Step: canary.StepKept, KeptUntil: until, Outcome: "in-progress",
		Stable: canary.Track{App: "/web-blue", Release: "v12"}, Canary: canary.Track{App: "/web-green", Release: "v13"}}
	v := view.NewCanary(r, until.Add(-time.Minute))
	require.True(t, v.WindowOpen)
	assert.Contains(t, CanaryBlock(st, v, nil), "rollback window: previous release v12 kept until 14:05:00, rollback is instant (yodel rollback web --realm prod)")
	v = view.NewCanary(r, until)
	assert.False(t, v.WindowOpen)
	assert.Contains(t, CanaryBlock(st, v, nil), "rollback window ended at 14:05:00: /web-blue is removed by the realm's server")

	apps := []view.App{{Service: "web", App: "/web-blue", Release: "v12", Track: "stable", KeptUntil: until}, {Service: "web", App: "/web-green", Release: "v13", Track: "canary", CanaryWeight: 100}}
	assert.Equal(t, []string{"web: previous release v12 kept until 14:05:00, rollback is instant (yodel rollback web --realm prod)"},
		WindowNotes(apps, "prod", until.Add(-time.Second)))
	assert.Equal(t, "previous 0%", apps[0].TrackText())
	assert.Equal(t, "canary 100%", apps[1].TrackText())
	assert.Contains(t, WindowNotes(apps, "prod", until)[0], "the rollback window of previous release v12 ended at 14:05:00")
	assert.Empty(t, WindowNotes(apps[1:], "prod", until))
}
