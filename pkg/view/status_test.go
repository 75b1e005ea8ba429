package view

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func TestAppsFromMarathon(t *testing.T) {
	n := 2
	apps := []marathon.App{
		{Application: gm.Application{ID: "/web-blue", Instances: &n, Labels: &map[string]string{"YODEL_SERVICE": "web", "YODEL_RELEASE": "v2"},
			Tasks:           []*gm.Task{{ID: "a", State: "TASK_RUNNING"}, {ID: "b", State: "TASK_STAGING"}},
			Deployments:     []map[string]string{{"id": "d1"}},
			LastTaskFailure: &gm.LastTaskFailure{TaskID: "c", State: "TASK_FAILED", Message: "boom"}}},
		{Application: gm.Application{ID: "/zzz/other", Instances: &n}},
	}
	rows := Apps(apps, map[string]Route{"/web-blue": {Track: "stable", Generation: 4}}, "", time.Time{})
	require.Len(t, rows, 2)
	assert.Equal(t, App{Service: "web", App: "/web-blue", Yodel: true, Track: "stable", Generation: 4, Release: "v2", Healthy: 1, Running: 1, Wanted: 2,
		Deployment: "d1", LastFailure: "TASK_FAILED boom", NoHealthChecks: true}, rows[0])
	assert.Equal(t, "zzz/other", rows[1].Service)
	assert.False(t, rows[1].Yodel)
	assert.Len(t, Apps(apps, nil, "web", time.Time{}), 1)
	apps[0].HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP"}}
	assert.False(t, Apps(apps, nil, "web", time.Time{})[0].NoHealthChecks)
}

func TestRoutesFromState(t *testing.T) {
	routes := Routes([]state.Routing{
		{Service: "api", Stable: "/api-blue", Canary: "/api-green", CanaryWeight: 10, Generation: 7},
		{Service: "web", Stable: "/web-green", Canary: "/web-blue", CanaryIsolated: true, Generation: 2},
		{Service: "new", Generation: 1},
	})
	assert.Equal(t, map[string]Route{
		"/api-blue":  {Track: "stable", Generation: 7},
		"/api-green": {Track: "canary", CanaryWeight: 10, Generation: 7},
		"/web-green": {Track: "stable", Generation: 2},
		"/web-blue":  {Track: "canary", Isolated: true, Generation: 2},
	}, routes)
}

// -o json of `yodel status` is a contract: these names, no others removed.
func TestAppJSONNames(t *testing.T) {
	b, err := json.Marshal(App{Service: "s", App: "/a", Yodel: true, Track: "canary", CanaryWeight: 1, Isolated: true, Generation: 1,
		Release: "v1", Healthy: 1, Running: 1, Wanted: 1, Deployment: "d", LastFailure: "f",
		NewHealthy: 1, NewRunning: 1, OldHealthy: 1, OldRunning: 1, HealthCheckFailure: "h", ServicePorts: []int{1}, URLs: []string{"u"}, RoutingErrors: []string{"e"}})
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.ElementsMatch(t, []string{"service", "app", "yodel", "track", "canaryWeight", "isolated", "generation", "release",
		"healthy", "running", "wanted", "deployment", "lastFailure",
		"newHealthy", "newRunning", "oldHealthy", "oldRunning", "healthCheckFailure", "servicePorts", "urls", "routingErrors"}, slices.Collect(maps.Keys(m)))
}

func TestTrackText(t *testing.T) {
	assert.Equal(t, "stable", App{Track: "stable"}.TrackText())
	assert.Equal(t, "canary 12.5%", App{Track: "canary", CanaryWeight: 12.5}.TrackText())
	assert.Equal(t, "canary isolated", App{Track: "canary", Isolated: true}.TrackText())
	assert.Equal(t, "", App{}.TrackText())
}

// An app Marathon's answer was too large to read (marathon.App.TooLarge)
// is a row of its own, failing, with why; the service's when a routing
// state names it, a foreign one's otherwise.
func TestAppsListAnAppTooLargeToRead(t *testing.T) {
	tooLarge := func(id string) marathon.App {
		a := marathon.App{TooLarge: &marathon.AppTooLargeError{ID: id, Limit: 64 << 20}}
		a.ID = id
		return a
	}
	apps := []marathon.App{tooLarge("/web-blue"), tooLarge("/junk"), tooLarge("/api-green")}
	rows := Apps(apps, map[string]Route{"/web-blue": {Track: "stable", Generation: 3}}, "", time.Time{})
	require.Len(t, rows, 3)
	byApp := map[string]App{}
	for _, r := range rows {
		byApp[r.App] = r
	}
	web := byApp["/web-blue"]
	assert.Equal(t, "web", web.Service)
	assert.True(t, web.Yodel, "a routing state names it")
	assert.Equal(t, "stable", web.Track)
	assert.Equal(t, "not read: larger than 64 MiB, the most yodel reads of one app (check its labels, environment and command)", web.Unread)
	assert.True(t, web.Failing())
	assert.Zero(t, web.Wanted, "unknown, not the one instance of an empty definition")
	assert.False(t, web.NoHealthChecks, "unknown")
	api := byApp["/api-green"]
	assert.False(t, api.Yodel, "no routing state names it: its labels are unknown")
	assert.Equal(t, "api-green", api.Service)
	assert.True(t, api.Failing())
	assert.Equal(t, "junk", byApp["/junk"].Service)
	assert.Len(t, Apps(apps, map[string]Route{"/web-blue": {Track: "stable"}}, "web", time.Time{}), 1, "status of one service lists it")
}
