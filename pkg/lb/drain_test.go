package lb

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Tasks in the routing state's draining set stay in HAProxy in drain state,
// also those of an app no longer routed, and weigh nothing in the shares;
// a task Marathon reported gone leaves.
func TestBuildKeepsDrainingTasksInDrainState(t *testing.T) {
	apps := colours("x", 3, 2, "http", 10060)
	port := state.Port{ServicePort: 10060, Protocol: "http"}
	r := routing("x", "/x-blue", "", 0, false, 4, port)
	// x-blue.2: a scale-down victim; x-green.*: the app being replaced.
	r.Draining = []string{"x-blue.2", "x-green.0", "x-green.1"}
	cfg, plan := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}, Gone: map[string]bool{"x-green.1": true}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10060")
	got := map[string]haproxy.Server{}
	for _, sv := range s.Servers {
		got[sv.Name] = sv
	}
	require.Len(t, got, 4, "%v", serverNames(s))
	for _, n := range []string{"x-blue.0", "x-blue.1"} {
		assert.False(t, got[n].Draining, n)
	}
	for _, n := range []string{"x-blue.2", "x-green.0"} {
		assert.True(t, got[n].Draining, n)
		assert.Equal(t, haproxy.TrackStable, got[n].Track, n)
	}
	assert.NotContains(t, got, "x-green.1", "gone: out")
	sp := plan.Services["x"]
	assert.Equal(t, AppPlan{ID: "/x-blue", Track: haproxy.TrackStable, Tasks: 3, Routed: 2, Draining: 1}, sp.Apps[0])
	assert.Equal(t, AppPlan{ID: "/x-green", Track: TrackNone, Tasks: 2, Draining: 1}, sp.Apps[1])

	// The set changing alone is a new build (the Builder's memory).
	b := NewBuilder(opts)
	in := Input{Apps: apps, Routing: map[string]state.Routing{"x": routing("x", "/x-blue", "", 0, false, 4, port)}}
	cfg, _ = b.Build(in)
	assert.Len(t, serviceByKey(t, cfg, "svc_x_10060").Servers, 3)
	r2 := in.Routing["x"]
	r2.Draining = []string{"x-blue.0"}
	in.Routing = map[string]state.Routing{"x": r2}
	cfg, _ = b.Build(in)
	for _, sv := range serviceByKey(t, cfg, "svc_x_10060").Servers {
		assert.Equal(t, sv.Name == "x-blue.0", sv.Draining, sv.Name)
	}
}

// Draining every task would leave HAProxy nothing to send requests to:
// until another task is routed, the ones to drain keep serving.
func TestBuildNeverDrainsToAnEmptyBackend(t *testing.T) {
	apps := colours("x", 2, 0, "http", 10070)
	r := routing("x", "/x-blue", "", 0, false, 4, state.Port{ServicePort: 10070, Protocol: "http"})
	r.Draining = []string{"x-blue.0", "x-blue.1"}
	cfg, _ := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10070")
	require.Len(t, s.Servers, 2)
	for _, sv := range s.Servers {
		assert.False(t, sv.Draining, sv.Name)
		assert.Positive(t, sv.Weight, sv.Name)
	}
}
