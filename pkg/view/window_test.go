package view

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The previous release of a rollout in its rollback window is marked with
// the window's end; after the rollout ended, nothing is.
func TestRoutesMarkThePreviousReleaseInTheWindow(t *testing.T) {
	now := time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC)
	p := manifest.ResolveCanary()
	p.KeepPrevious = jsondur.Duration(5 * time.Minute)
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3}, canary.Track{App: "/web-green", Release: "v2", Instances: 3}, p, now)
	for r.Step != canary.StepKept {
		require.True(t, r.Advance(now))
	}
	rt := state.Routing{Service: "web"}
	r.Route(&rt)
	raw, err := r.Encode()
	require.NoError(t, err)
	rt.Rollout = raw
	routes := Routes([]state.Routing{rt})
	assert.Equal(t, now.Add(5*time.Minute), routes["/web-blue"].KeptUntil.UTC())
	assert.Zero(t, routes["/web-green"].KeptUntil)
	assert.Equal(t, 100.0, routes["/web-green"].CanaryWeight)

	require.True(t, r.Advance(now.Add(5*time.Minute))) // cleanup
	raw, err = r.Encode()
	require.NoError(t, err)
	rt.Rollout = raw
	assert.Zero(t, Routes([]state.Routing{rt})["/web-blue"].KeptUntil)
}
