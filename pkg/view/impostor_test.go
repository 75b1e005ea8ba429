package view

import (
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Anyone who can post to Marathon can label an app YODEL_SERVICE=web. Only
// /web-blue and /web-green are web's: the others must not be listed as web,
// take its track, or show its URL, though the agents list them among web's
// apps (unrouted).
func TestAppsLabelledAsAServiceAreNotItsOwn(t *testing.T) {
	lbl := func(svc string) *map[string]string {
		return &map[string]string{"YODEL_SERVICE": svc, "YODEL_RELEASE": "v1", "YODEL_AUTOSCALE": `{"min":1,"max":3,"targetRequestsPerTask":5,"scaleUpCooldown":"30s","scaleDownCooldown":"5m0s"}`}
	}
	apps := []marathon.App{
		{Application: gm.Application{ID: "/web-blue", Labels: lbl("web")}},
		{Application: gm.Application{ID: "/evil/web-blue", Labels: lbl("web")}},
		{Application: gm.Application{ID: "/web", Labels: lbl("web")}},
		{Application: gm.Application{ID: "/web-green-x", Labels: lbl("web")}},
		// A label that names no service: the agents route it as any app.
		{Application: gm.Application{ID: "/odd", Labels: lbl("Web\n")}},
	}
	routes := Routes([]state.Routing{{Service: "web", Stable: "/web-blue", Generation: 3}})
	// A routing state naming an impostor does not make it the service's.
	routes["/web"] = Route{Track: "canary", CanaryWeight: 50, Generation: 3}

	rows := Apps(apps, routes, "", time.Time{})
	require.Len(t, rows, 5)
	byApp := map[string]App{}
	for _, r := range rows {
		byApp[r.App] = r
	}
	own := byApp["/web-blue"]
	assert.True(t, own.Yodel)
	assert.Equal(t, "web", own.Service)
	assert.Empty(t, own.LabelledService)
	for _, id := range []string{"/evil/web-blue", "/web", "/web-green-x"} {
		a := byApp[id]
		assert.False(t, a.Yodel, id)
		assert.Equal(t, "web", a.LabelledService, id)
		assert.Equal(t, id[1:], a.Service, "%s: named after its id, as any app yodel does not deploy", id)
		assert.Empty(t, a.Track, id)
		assert.Zero(t, a.Generation, id)
		assert.Nil(t, a.Autoscale, "%s: the server autoscales only the routing state's stable app", id)
	}
	assert.NotNil(t, own.Autoscale)

	filtered := Apps(apps, routes, "web", time.Time{})
	ids := []string{}
	for _, r := range filtered {
		ids = append(ids, r.App)
	}
	assert.NotContains(t, ids, "/evil/web-blue")
	assert.NotContains(t, ids, "/web-green-x")

	// What an agent says of web: it lists the impostors with track none.
	agents := Agents([]state.AgentStatus{{Agent: state.Agent{ID: "lb-1", Address: "127.0.0.1:9190"}, Applied: map[string]int64{"web": 3}}},
		map[string]AgentRead{"lb-1": {Status: lb.Status{Ready: true, HAProxy: lb.SourceStatus{OK: true}, Marathon: lb.SourceStatus{OK: true}, Store: lb.SourceStatus{OK: true},
			Services: map[string]lb.ServiceStatus{"web": {Ports: []int{10080}, Apps: []lb.AppPlan{
				{ID: "/evil/web-blue", Track: "none"}, {ID: "/web", Track: "none"}, {ID: "/web-blue", Track: "stable"}, {ID: "/web-green-x", Track: "none"}}},
				"odd": {Ports: []int{10090}, Apps: []lb.AppPlan{{ID: "/odd", Track: "stable"}}}}}}},
		[]state.Routing{{Service: "web", Generation: 3}})
	AddRouting(rows, agents, LBSettings{})
	for _, r := range rows {
		switch r.App {
		case "/web-blue":
			assert.Equal(t, []string{"http://127.0.0.1:10080"}, r.URLs)
			continue
		case "/odd":
			assert.Equal(t, []string{"http://127.0.0.1:10090"}, r.URLs)
			continue
		}
		assert.Empty(t, r.URLs, r.App)
		assert.Empty(t, r.ServicePorts, r.App)
		assert.Empty(t, r.RoutingErrors, r.App)
	}
}
