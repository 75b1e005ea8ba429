package view

import (
	"errors"
	"strings"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func agentsFixture() []Agent {
	regs := []state.AgentStatus{
		{Agent: state.Agent{ID: "lb-1", Address: "10.0.0.5:9190", Host: "lb1"}, Applied: map[string]int64{"web": 7}},
		{Agent: state.Agent{ID: "lb-2", Address: ":9190", Host: "lb2"}, Applied: map[string]int64{"web": 6}},
		{Agent: state.Agent{ID: "lb-3", Address: "10.0.0.7:9190", Host: "lb3"}},
	}
	reads := map[string]AgentRead{
		"lb-1": {Status: lb.Status{Ready: true, HAProxy: lb.SourceStatus{OK: true}, Marathon: lb.SourceStatus{OK: true}, Store: lb.SourceStatus{OK: true},
			Services: map[string]lb.ServiceStatus{"web": {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/web-blue"}}}}}},
		"lb-2": {Status: lb.Status{Ready: true, HAProxy: lb.SourceStatus{OK: true}, Marathon: lb.SourceStatus{OK: true}, Store: lb.SourceStatus{OK: true},
			Services: map[string]lb.ServiceStatus{"web": {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/web-blue"}},
				Error: "cannot bind 127.0.0.1:10080: address already in use"}}}},
		"lb-3": {Err: errors.New("lb agent 10.0.0.7:9190: connection refused")},
	}
	return Agents(regs, reads, []state.Routing{{Service: "web", Generation: 7}})
}

func TestAgentsGenerationsLagAndReasons(t *testing.T) {
	agents := agentsFixture()
	require.Len(t, agents, 3)
	s, ok := agents[1].Service("web")
	require.True(t, ok)
	assert.Equal(t, AgentService{Service: "web", Generation: 7, Applied: 6, Lag: 1, Ports: []int{10080}, Apps: []string{"/web-blue"},
		Error: "cannot bind 127.0.0.1:10080: address already in use"}, s)
	assert.Equal(t, []string{"agent lb-2: cannot bind 127.0.0.1:10080: address already in use"}, agents[1].Reasons("web"))
	assert.Empty(t, agents[0].Reasons("web"))
	assert.Equal(t, "lb agent 10.0.0.7:9190: connection refused", agents[2].ReadError)
	s, _ = agents[2].Service("web")
	assert.Equal(t, int64(7), s.Lag, "an agent that acknowledged nothing lags by the whole generation")
	assert.Equal(t, []string{"agent lb-3: status not readable: lb agent 10.0.0.7:9190: connection refused"}, agents[2].Reasons("web"))

	down := Agents([]state.AgentStatus{{Agent: state.Agent{ID: "x"}}},
		map[string]AgentRead{"x": {Status: lb.Status{HAProxy: lb.SourceStatus{Error: "haproxy not running"}, Marathon: lb.SourceStatus{OK: true}, Store: lb.SourceStatus{OK: true}}}}, nil)
	assert.Equal(t, []string{"agent x: HAProxy down: haproxy not running"}, down[0].Reasons("web"))
}

func TestAddRoutingURLsAndErrors(t *testing.T) {
	apps := []App{{Service: "web", App: "/web-blue", Yodel: true}, {Service: "other", App: "/other"}}
	AddRouting(apps, agentsFixture(), LBSettings{})
	assert.Equal(t, []int{10080}, apps[0].ServicePorts)
	// lb-2 registered ":9190": its host name stands in.
	assert.Equal(t, []string{"http://10.0.0.5:10080", "http://lb2:10080"}, apps[0].URLs)
	assert.Equal(t, []string{"agent lb-2: cannot bind 127.0.0.1:10080: address already in use",
		"agent lb-3: status not readable: lb agent 10.0.0.7:9190: connection refused"}, apps[0].RoutingErrors)
	assert.Empty(t, apps[1].URLs)

	AddRouting(apps, agentsFixture(), LBSettings{BindAddress: "192.0.2.10"})
	assert.Equal(t, []string{"http://192.0.2.10:10080"}, apps[0].URLs, "a bindAddress that names one address is the URL's host")
}

// A URL's scheme is how the lb agent routes the port: http when a label
// says so (yodel's YODEL_PORT_<i>_PROTOCOL, marathon-lb's HAPROXY_<i>_MODE),
// tcp otherwise (a TCP service's URL said http://).
func TestAddRoutingURLSchemes(t *testing.T) {
	app := func(id string, labels map[string]string) marathon.App {
		a := marathon.App{}
		a.ID = id
		a.Labels = &labels
		port := 10080
		a.PortDefinitions = &[]gm.PortDefinition{{Port: &port}}
		return a
	}
	apps := Apps([]marathon.App{
		app("/web-blue", map[string]string{marathon.LabelService: "web", "YODEL_PORT_0_PROTOCOL": "http"}),
		app("/echo-blue", map[string]string{marathon.LabelService: "echo", "YODEL_PORT_0_PROTOCOL": "tcp"}),
		app("/mlb", map[string]string{"HAPROXY_0_MODE": "HTTP"}),
		app("/plain", nil),
	}, nil, "", time.Time{})
	agents := Agents([]state.AgentStatus{{Agent: state.Agent{ID: "lb-1", Address: "10.0.0.5:9190"}}}, map[string]AgentRead{"lb-1": {Status: lb.Status{Ready: true,
		Services: map[string]lb.ServiceStatus{"web": {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/web-blue"}}}, "echo": {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/echo-blue"}}},
			"mlb": {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/mlb"}}}, "plain": {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/plain"}}}}}}}, nil)
	AddRouting(apps, agents, LBSettings{})
	var got []string
	for _, a := range apps {
		got = append(got, a.App+" "+strings.Join(a.URLs, ","))
	}
	assert.ElementsMatch(t, []string{"/web-blue http://10.0.0.5:10080", "/echo-blue tcp://10.0.0.5:10080", "/mlb http://10.0.0.5:10080", "/plain tcp://10.0.0.5:10080"}, got)
}

// A canary app says where its own tasks answer: the service URL with the
// canary header for HTTP, the isolated port for TCP (from the routing
// state, or servicePort + the realm's offset for a state without it).
// The URL alone reaches an isolated canary not at all.
func TestAddRoutingCanaryRoutes(t *testing.T) {
	app := func(id, svc string, port int) marathon.App {
		a := marathon.App{}
		a.ID = id
		a.Labels = &map[string]string{marathon.LabelService: svc}
		a.PortDefinitions = &[]gm.PortDefinition{{Port: &port}}
		return a
	}
	rts := []state.Routing{
		{Service: "web", Stable: "/web-blue", Canary: "/web-green", CanaryIsolated: true,
			Ports: []state.Port{{Name: "http", ServicePort: 10080, Protocol: "http"}}},
		{Service: "echo", Stable: "/echo-blue", Canary: "/echo-green", CanaryWeight: 10,
			Ports: []state.Port{{ServicePort: 10090, Protocol: "tcp", IsolatedPort: 11090}, {ServicePort: 10091, Protocol: "tcp"}}},
	}
	apps := Apps([]marathon.App{app("/web-blue", "web", 10080), app("/web-green", "web", 10080),
		app("/echo-blue", "echo", 10090), app("/echo-green", "echo", 10090)}, Routes(rts), "", time.Time{})
	agents := Agents([]state.AgentStatus{{Agent: state.Agent{ID: "lb-1", Address: "10.0.0.5:9190"}}}, map[string]AgentRead{"lb-1": {Status: lb.Status{Ready: true,
		Services: map[string]lb.ServiceStatus{
			"web":  {Ports: []int{10080}, Apps: []lb.AppPlan{{ID: "/web-blue"}, {ID: "/web-green"}}},
			"echo": {Ports: []int{10090, 10091}, Apps: []lb.AppPlan{{ID: "/echo-blue"}, {ID: "/echo-green"}}}}}}}, nil)
	AddRouting(apps, agents, LBSettings{CanaryHeader: "X-Yodel-Track: canary", IsolatedPortOffset: 1000})
	got := map[string][]CanaryRoute{}
	for _, a := range apps {
		got[a.App] = a.CanaryRoutes
	}
	assert.Equal(t, map[string][]CanaryRoute{
		"/web-blue":   nil,
		"/web-green":  {{URL: "http://10.0.0.5:10080", Header: "X-Yodel-Track: canary"}},
		"/echo-blue":  nil,
		"/echo-green": {{URL: "tcp://10.0.0.5:11090"}, {URL: "tcp://10.0.0.5:11091"}},
	}, got)

	// A tcp port whose isolated port is another of its own servicePorts
	// has no isolated route (the agents bind none there).
	clash := []state.Routing{{Service: "echo", Stable: "/echo-blue", Canary: "/echo-green", CanaryWeight: 10,
		Ports: []state.Port{{ServicePort: 10090, Protocol: "tcp"}, {ServicePort: 11090, Protocol: "tcp"}}}}
	apps = Apps([]marathon.App{app("/echo-blue", "echo", 10090), app("/echo-green", "echo", 10090)}, Routes(clash), "", time.Time{})
	AddRouting(apps, agents, LBSettings{CanaryHeader: "X-Yodel-Track: canary", IsolatedPortOffset: 1000})
	assert.Equal(t, []CanaryRoute{{URL: "tcp://10.0.0.5:12090"}}, apps[1].CanaryRoutes)

	// At 100% (shift, the rollback window) the service's URLs reach it.
	rts[1].CanaryWeight = 100
	apps = Apps([]marathon.App{app("/echo-blue", "echo", 10090), app("/echo-green", "echo", 10090)}, Routes(rts), "", time.Time{})
	AddRouting(apps, agents, LBSettings{CanaryHeader: "X-Yodel-Track: canary", IsolatedPortOffset: 1000})
	assert.Empty(t, apps[1].CanaryRoutes)
}
