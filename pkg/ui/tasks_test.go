package ui

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// Each task on one line: every port of its address, what its health check
// says and how often in a row, an older configuration's task named so;
// Marathon's strings escaped; nothing at all without tasks.
func TestTaskTable(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	rows := []view.App{{Service: "web", App: "/web-blue", Yodel: true, Tasks: []view.Task{
		{ID: "web-blue.a1", Host: "10.0.0.1", Ports: []int{31001, 31002}, State: "TASK_RUNNING", Current: true, Release: "v2",
			Health: view.HealthFailing, HealthFailure: "HTTP /health: 503 \x1b[2JService Unavailable", ConsecutiveFailures: 3, StartedAt: now.Add(-90 * time.Second),
			Routing: []view.TaskRoute{{Agent: "lb-1", Port: 10080, Status: "DOWN", Check: "L7STS", Weight: 1}, {Agent: "lb-2", Port: 10080, Status: "UP", Check: "L7OK", Weight: 1}}},
		{ID: "web-blue.b2", Host: "10.0.0.2", Ports: []int{31003}, State: "TASK_RUNNING", Health: view.HealthHealthy, Surplus: true,
			StartedAt: now.Add(-3 * time.Hour),
			Routing:   []view.TaskRoute{{Agent: "lb-1", Port: 10080, Status: "DRAIN 1/3", Weight: 1}, {Agent: "lb-2", Port: 10080, Status: "DRAIN", Weight: 1}}},
		{ID: "web-blue.c3", Host: "10.0.0.3", State: "TASK_STAGING", Current: true, Release: "v2", StagedAt: now.Add(-2 * time.Second),
			Routing: []view.TaskRoute{{Agent: "lb-1", Port: 10080, Status: view.RouteAbsent}, {Agent: "lb-2", Port: 10080, Status: view.RouteAbsent}}},
	}}}
	ios, _, _, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetNoColor(true)
	var b bytes.Buffer
	require.NoError(t, TaskTable(ios, &b, rows, "web", "qa", now))
	assert.Equal(t, `
TASK         APP        ADDRESS               STATE              HEALTH                                                              HAPROXY                                                 RELEASE       STARTED
web-blue.a1  /web-blue  10.0.0.1:31001,31002  running            failing: HTTP /health: 503 \x1b[2JService Unavailable (3 in a row)  down: bad HTTP status (L7STS) on lb-1; serving on lb-2  v2            1m ago
web-blue.b2  /web-blue  10.0.0.2:31003        running (surplus)  healthy                                                             draining                                                older config  3h ago
web-blue.c3  /web-blue  10.0.0.3              staging            -                                                                   not in HAProxy                                          v2            staged 2s ago
a task's output: yodel logs web --realm qa --task web-blue.a1
`, b.String())

	b.Reset()
	rows[0].Tasks = nil
	require.NoError(t, TaskTable(ios, &b, rows, "web", "qa", now))
	assert.Empty(t, b.String())
}

// What one agent's HAProxy does with a task, in words; several agents
// that differ are each named.
func TestRouteText(t *testing.T) {
	st := Styles{}
	for want, routes := range map[string][]view.TaskRoute{
		"-":                              nil,
		"serving":                        {{Agent: "a", Status: "UP", Weight: 1}, {Agent: "a", Port: 2, Status: "no check", Weight: 3}},
		"no share":                       {{Agent: "a", Status: "UP", Weight: 0}},
		"isolated":                       {{Agent: "a", Status: view.RouteIsolated}},
		"maintenance":                    {{Agent: "a", Status: "MAINT"}},
		"down: connect timeout (L4TOUT)": {{Agent: "a", Status: "DOWN 1/2", Check: "* L4TOUT"}},
		"down: L9NEW":                    {{Agent: "a", Status: "DOWN", Check: "L9NEW"}},
		"serving on a, c; draining on b": {{Agent: "a", Status: "UP", Weight: 1}, {Agent: "b", Status: "DRAIN", Weight: 1},
			{Agent: "c", Status: "UP 2/3", Weight: 1}},
	} {
		assert.Equal(t, want, RouteText(st, routes), "%+v", routes)
	}
}

// The table's notes say which task HAProxy's check fails while Marathon's
// passes, and where to look.
func TestStatusNotesNameACheckMismatch(t *testing.T) {
	notes := StatusNotes([]view.App{{Service: "web", App: "/web-blue", Yodel: true, Tasks: []view.Task{
		{ID: "web-blue.a", State: "TASK_RUNNING", Health: view.HealthHealthy,
			Routing: []view.TaskRoute{{Agent: "lb-2", Port: 10080, Status: "DOWN", Check: "L4CON", Weight: 1}}},
		{ID: "web-blue.b", State: "TASK_RUNNING", Health: view.HealthHealthy,
			Routing: []view.TaskRoute{{Agent: "lb-2", Port: 10080, Status: "UP", Weight: 1}}},
	}}})
	assert.Equal(t, []string{"/web-blue: task web-blue.a passes Marathon's health check but HAProxy's fails it (down: connection refused (L4CON) on lb-2): " +
		"HAProxy checks from the lb host (a firewall, or a bind address Marathon's host reaches and the lb host does not)"}, notes)
}

// An agent that cannot say how its HAProxy holds the tasks (one older
// than the servers endpoint, or not answering) is named once per service
// in a note, not as a routing failure.
func TestStatusNotesNameAgentsWhoseServersWereNotRead(t *testing.T) {
	unread := []string{"agent lb-2: it does not report its servers: a yodel lb older than this yodel (upgrade it)"}
	notes := StatusNotes([]view.App{
		{Service: "web", App: "/web-blue", Yodel: true, ServersUnread: unread},
		{Service: "web", App: "/web-green", Yodel: true, ServersUnread: unread},
	})
	assert.Equal(t, []string{"web: no HAPROXY cells from agent lb-2: it does not report its servers: a yodel lb older than this yodel (upgrade it)"}, notes)
}
