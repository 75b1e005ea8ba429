package view

import (
	"errors"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Each task's health as Marathon's answer says it, the tasks of the
// current configuration first, then oldest first; only a service's status
// lists them.
func TestTasksOfAnApp(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) string { return now.Add(-ago).Format(time.RFC3339Nano) }
	path, three := "/health", 3
	old, cur := at(time.Hour), at(10*time.Minute)
	a := marathon.App{Application: gm.Application{ID: "/web-blue", Instances: &three, Version: cur,
		VersionInfo: &gm.VersionInfo{LastConfigChangeAt: cur},
		Labels:      &map[string]string{"YODEL_SERVICE": "web", "YODEL_RELEASE": "v2"},
		HealthChecks: &[]gm.HealthCheck{{Protocol: "HTTP", Path: &path, IntervalSeconds: 10, TimeoutSeconds: 5,
			GracePeriodSeconds: 30}},
		Tasks: []*gm.Task{
			{ID: "web-blue.failing", Host: "10.0.0.2", Ports: []int{31002, 31003}, State: "TASK_RUNNING", Version: cur, StagedAt: at(5 * time.Minute), StartedAt: at(5 * time.Minute),
				HealthCheckResults: []*gm.HealthCheckResult{{Alive: false, ConsecutiveFailures: 2, LastFailureCause: "503 Service Unavailable"}}},
			{ID: "web-blue.healthy", Host: "10.0.0.1", Ports: []int{31001}, State: "TASK_RUNNING", Version: cur, StagedAt: at(6 * time.Minute), StartedAt: at(6 * time.Minute),
				HealthCheckResults: []*gm.HealthCheckResult{{Alive: true}}},
			{ID: "web-blue.pending", Host: "10.0.0.3", State: "TASK_RUNNING", Version: cur, StagedAt: at(5 * time.Second), StartedAt: at(4 * time.Second)},
			{ID: "web-blue.staging", Host: "10.0.0.4", State: "TASK_STAGING", Version: cur, StagedAt: at(time.Second)},
			{ID: "web-blue.unchecked", Host: "10.0.0.5", State: "TASK_RUNNING", Version: old, StagedAt: at(50 * time.Minute), StartedAt: at(50 * time.Minute)},
		}}}

	tasks := Tasks(&a, []string{"web-blue.unchecked"}, now)
	var ids []string
	for _, k := range tasks {
		ids = append(ids, k.ID)
	}
	assert.Equal(t, []string{"web-blue.healthy", "web-blue.failing", "web-blue.pending", "web-blue.staging", "web-blue.unchecked"}, ids)
	byID := map[string]Task{}
	for _, k := range tasks {
		byID[k.ID] = k
	}
	assert.Equal(t, Task{ID: "web-blue.failing", Host: "10.0.0.2", Ports: []int{31002, 31003}, State: "TASK_RUNNING", Version: cur,
		Current: true, Release: "v2", Health: HealthFailing, HealthFailure: "HTTP /health: 503 Service Unavailable", ConsecutiveFailures: 2,
		StagedAt: now.Add(-5 * time.Minute), StartedAt: now.Add(-5 * time.Minute)}, byID["web-blue.failing"])
	assert.Equal(t, HealthHealthy, byID["web-blue.healthy"].Health)
	assert.Equal(t, HealthPending, byID["web-blue.pending"].Health, "no result yet, within the grace period")
	assert.Empty(t, byID["web-blue.staging"].Health, "not running: no health")
	assert.Equal(t, "staging", byID["web-blue.staging"].StateText())
	u := byID["web-blue.unchecked"]
	assert.Equal(t, HealthUnchecked, u.Health, "no result 50 minutes after its start")
	assert.False(t, u.Current)
	assert.Empty(t, u.Release, "an older configuration's release is not known")
	assert.True(t, u.Surplus)

	a.HealthChecks = nil
	assert.Equal(t, HealthNone, Tasks(&a, nil, now)[0].Health)

	rows := Apps([]marathon.App{a}, nil, "", now)
	require.Len(t, rows, 1)
	assert.Nil(t, rows[0].Tasks, "every app: no tasks")
	rows = Apps([]marathon.App{a}, nil, "web", now)
	require.Len(t, rows, 1)
	assert.Len(t, rows[0].Tasks, 5)
}

// The task whose output a service's status suggests reading: the first
// failing its health check, else the first.
func TestTaskToRead(t *testing.T) {
	apps := []App{{App: "/web-blue", Tasks: []Task{{ID: "a", Health: HealthHealthy}}},
		{App: "/web-green", Tasks: []Task{{ID: "b", Health: HealthPending}, {ID: "c", Health: HealthFailing}}}}
	assert.Equal(t, "c", TaskToRead(apps))
	apps[1].Tasks[1].Health = HealthHealthy
	assert.Equal(t, "a", TaskToRead(apps))
	assert.Empty(t, TaskToRead([]App{{App: "/web-blue"}}))
}

// How each agent holds each task: its state in the public backend of each
// port, absent where an agent routing the service does not hold it
// (isolated for an isolated canary's task); an agent not read says so on
// the app, one not routing the service adds nothing.
func TestAddTaskRouting(t *testing.T) {
	apps := []App{
		{Service: "web", App: "/web-blue", Yodel: true, ServicePorts: []int{10080}, Tasks: []Task{{ID: "web-blue.a"}, {ID: "web-blue.b"}}},
		{Service: "web", App: "/web-green", Yodel: true, Isolated: true, ServicePorts: []int{10080}, Tasks: []Task{{ID: "web-green.c"}}},
		{Service: "web", App: "/web-legacy", Tasks: []Task{{ID: "web-legacy.d"}}}, // not yodel's: not routed as web
	}
	reads := map[string]ServersRead{
		"lb-2": {Servers: lb.ServersResponse{Routed: true, Servers: []lb.ServerState{
			{Server: "web-blue.a", Port: 10080, Status: "UP", Check: "L7OK", Weight: 1, Sessions: 3},
			{Server: "web-blue.a", Port: 10081, Status: "DOWN", Check: "L4CON", Weight: 1},
		}}},
		"lb-1": {Servers: lb.ServersResponse{Routed: true, Servers: []lb.ServerState{
			{Server: "web-blue.a", Port: 10080, Status: "DRAIN", Weight: 1},
			{Server: "web-blue.b", Port: 10080, Status: "UP", Weight: 1},
		}}},
		"lb-3": {Err: errors.New("connection refused")},
		"lb-4": {Servers: lb.ServersResponse{Routed: false}},
	}
	AddTaskRouting(apps, reads)
	assert.Equal(t, []TaskRoute{
		{Agent: "lb-1", Port: 10080, Status: "DRAIN", Weight: 1},
		{Agent: "lb-2", Port: 10080, Status: "UP", Check: "L7OK", Weight: 1, Sessions: 3},
		{Agent: "lb-2", Port: 10081, Status: "DOWN", Check: "L4CON", Weight: 1},
	}, apps[0].Tasks[0].Routing)
	assert.Equal(t, []TaskRoute{
		{Agent: "lb-1", Port: 10080, Status: "UP", Weight: 1},
		{Agent: "lb-2", Port: 10080, Status: RouteAbsent},
		{Agent: "lb-2", Port: 10081, Status: RouteAbsent},
	}, apps[0].Tasks[1].Routing)
	assert.Equal(t, []TaskRoute{{Agent: "lb-1", Port: 10080, Status: RouteIsolated}, {Agent: "lb-2", Port: 10080, Status: RouteIsolated},
		{Agent: "lb-2", Port: 10081, Status: RouteIsolated}}, apps[1].Tasks[0].Routing)
	assert.Equal(t, []string{"agent lb-3: connection refused"}, apps[0].ServersUnread)
	assert.Empty(t, apps[0].RoutingErrors, "an agent that cannot say how it holds the tasks is not a routing failure")
	assert.False(t, apps[0].Failing())
	assert.Nil(t, apps[2].Tasks[0].Routing)
	assert.Empty(t, apps[2].RoutingErrors)
}

// A task Marathon counts healthy that an agent's HAProxy check fails is a
// mismatch (a firewall between the lb host and the task), and its app
// needs a look; a task failing both, or not yet checked by Marathon, is
// not one.
func TestCheckMismatch(t *testing.T) {
	down := []TaskRoute{{Agent: "lb-1", Port: 10080, Status: "UP", Weight: 1}, {Agent: "lb-2", Port: 10080, Status: "DOWN", Check: "L4CON", Weight: 1}}
	healthy := Task{ID: "a", State: "TASK_RUNNING", Health: HealthHealthy, Routing: down}
	assert.Equal(t, "down: connection refused (L4CON) on lb-2", healthy.CheckMismatch())
	for _, h := range []string{HealthFailing, HealthPending, HealthUnchecked, ""} {
		k := healthy
		k.Health = h
		assert.Empty(t, k.CheckMismatch(), h)
	}
	fine := healthy
	fine.Routing = down[:1]
	assert.Empty(t, fine.CheckMismatch())

	app := App{App: "/web-blue", Yodel: true, Healthy: 1, Wanted: 1, Tasks: []Task{fine}}
	assert.False(t, app.Failing())
	app.Tasks = append(app.Tasks, healthy)
	app.Healthy, app.Wanted = 2, 2
	assert.True(t, app.Failing(), "HAProxy's check fails a task Marathon's passes")
}
