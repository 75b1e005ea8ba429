package view

import (
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// A kill yodel asked for (scale-down, replaced task) is no failure; a
// health-check kill, Marathon's only TASK_KILLED failure, is.
func TestLastFailureHidesDeliberateKills(t *testing.T) {
	app := func(f gm.LastTaskFailure) []marathon.App {
		f.TaskID = "t1"
		return []marathon.App{{Application: gm.Application{ID: "/a", LastTaskFailure: &f}}}
	}
	assert.Empty(t, Apps(app(gm.LastTaskFailure{State: "TASK_KILLED"}), nil, "", time.Time{})[0].LastFailure)
	assert.Empty(t, Apps(app(gm.LastTaskFailure{State: "TASK_KILLED", Message: "Command terminated with signal Terminated"}), nil, "", time.Time{})[0].LastFailure)
	assert.Equal(t, "TASK_KILLED Task was killed since health check failed. Reason: 503 Service Unavailable",
		Apps(app(gm.LastTaskFailure{State: "TASK_KILLED", Message: "Task was killed since health check failed. Reason: 503 Service Unavailable"}), nil, "", time.Time{})[0].LastFailure)
	assert.Equal(t, "TASK_FAILED exit 1", Apps(app(gm.LastTaskFailure{State: "TASK_FAILED", Message: "exit 1"}), nil, "", time.Time{})[0].LastFailure)
	got := Apps(app(gm.LastTaskFailure{State: "TASK_FAILED", Message: "exit 1", Timestamp: "2026-12-06T19:55:16.123Z"}), nil, "", time.Time{})[0]
	assert.Equal(t, "2026-12-06T19:55:16.123Z", got.LastFailureAt.Format("2006-01-02T15:04:05.000Z"), "when")
}

// During a rolling deployment the new release's tasks are counted apart
// from the old ones; Healthy and Running stay the totals.
func TestHealthyDuringDeploySplitsReleases(t *testing.T) {
	three := 3
	path := "/health"
	task := func(id, version string, alive bool) *gm.Task {
		return &gm.Task{ID: id, State: "TASK_RUNNING", Version: version,
			HealthCheckResults: []*gm.HealthCheckResult{{Alive: alive, LastFailureCause: map[bool]string{false: "503 Service Unavailable"}[alive]}}}
	}
	a := marathon.App{Application: gm.Application{ID: "/web-blue", Instances: &three, Version: "2026-01-02T00:00:00.000Z",
		VersionInfo:  &gm.VersionInfo{LastConfigChangeAt: "2026-01-02T00:00:00.000Z"},
		Labels:       &map[string]string{"YODEL_SERVICE": "web", "YODEL_RELEASE": "v2"},
		HealthChecks: &[]gm.HealthCheck{{Protocol: "HTTP", Path: &path}},
		Deployments:  []map[string]string{{"id": "d1"}},
		Tasks: []*gm.Task{
			task("n1", "2026-01-02T00:00:00.000Z", true), task("n2", "2026-01-02T00:00:00.000Z", false),
			task("o1", "2026-01-01T00:00:00.000Z", true), task("o2", "2026-01-01T00:00:00.000Z", true), task("o3", "2026-01-01T00:00:00.000Z", true),
		}}}
	v := Apps([]marathon.App{a}, nil, "", time.Time{})[0]
	assert.Equal(t, 4, v.Healthy)
	assert.Equal(t, 5, v.Running)
	assert.Equal(t, "1/3 v2 + 3/3 old", v.HealthyText())
	assert.Equal(t, "HTTP /health: 503 Service Unavailable (1 of 5 tasks)", v.HealthCheckFailure)

	// Once the deployment is over the old tasks are gone: one figure.
	a.Deployments, a.Tasks = nil, a.Tasks[:2]
	v = Apps([]marathon.App{a}, nil, "", time.Time{})[0]
	assert.False(t, v.Updating())
	assert.Equal(t, "1/3", v.HealthyText())
}

func TestHealthCheckFailureNamesConnectionErrors(t *testing.T) {
	one, port := 1, 0
	a := marathon.App{Application: gm.Application{ID: "/tcp", Instances: &one,
		HealthChecks: &[]gm.HealthCheck{{Protocol: "TCP", PortIndex: &port}},
		Tasks: []*gm.Task{{ID: "t", State: "TASK_RUNNING", HealthCheckResults: []*gm.HealthCheckResult{
			{Alive: false, LastFailureCause: "ConnectException: Connection refused"}}}}}}
	require.Len(t, Apps([]marathon.App{a}, nil, "", time.Time{}), 1)
	assert.Equal(t, "TCP port index 0: ConnectException: Connection refused (1 of 1 tasks)", Apps([]marathon.App{a}, nil, "", time.Time{})[0].HealthCheckFailure)
}

// Tasks Marathon stopped checking (marathon.App.Unchecked) are counted
// apart: not healthy for Marathon, routed by the lb agents.
func TestUncheckedTasksAreCounted(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	three := 3
	a := marathon.App{Application: gm.Application{ID: "/web-blue", Instances: &three,
		Labels:       &map[string]string{"YODEL_SERVICE": "web"},
		HealthChecks: &[]gm.HealthCheck{{Protocol: "HTTP", GracePeriodSeconds: 10, IntervalSeconds: 1, TimeoutSeconds: 1}},
		Tasks: []*gm.Task{
			{ID: "old", State: "TASK_RUNNING", StartedAt: "2026-12-07T00:00:00.000Z"},
			{ID: "young", State: "TASK_RUNNING", StartedAt: "2026-12-07T00:59:55.000Z"},
			{ID: "checked", State: "TASK_RUNNING", StartedAt: "2026-12-07T00:00:00.000Z", HealthCheckResults: []*gm.HealthCheckResult{{Alive: true}}},
			{ID: "lost", State: "TASK_UNREACHABLE", StartedAt: "2026-12-07T00:00:00.000Z"},
		}}}
	v := Apps([]marathon.App{a}, nil, "", now)[0]
	assert.Equal(t, 1, v.Unchecked, "an unreachable task is not unchecked")
	assert.Equal(t, 1, v.Healthy)
	assert.Equal(t, 3, v.Running)
	assert.Equal(t, 1, v.Unreachable)
	assert.Empty(t, v.Surplus)

	// The lost task back beside its replacement: the youngest goes at
	// Marathon's next scale check.
	a.Tasks[3] = &gm.Task{ID: "back", State: "TASK_RUNNING", StartedAt: "2026-12-07T00:00:00.000Z"}
	assert.Equal(t, []string{"young"}, Apps([]marathon.App{a}, nil, "", now)[0].Surplus)
}

// A rolling deployment stuck on a release that never gets healthy (the
// deploy that drove it killed) keeps the old tasks serving: the totals
// look whole, yet the app needs a look (`status --failing`).
func TestStuckDeploymentIsFailing(t *testing.T) {
	two := 2
	task := func(id, version string) *gm.Task {
		return &gm.Task{ID: id, State: "TASK_RUNNING", Version: version, HealthCheckResults: []*gm.HealthCheckResult{{Alive: true}}}
	}
	a := marathon.App{Application: gm.Application{ID: "/worker-blue", Instances: &two, Version: "2026-01-02T00:00:00.000Z",
		VersionInfo:  &gm.VersionInfo{LastConfigChangeAt: "2026-01-02T00:00:00.000Z"},
		Labels:       &map[string]string{"YODEL_SERVICE": "worker", "YODEL_RELEASE": "w2"},
		HealthChecks: &[]gm.HealthCheck{{Protocol: "COMMAND"}},
		Deployments:  []map[string]string{{"id": "d1"}},
		// The new tasks were killed for failing their checks; the old
		// ones stay until the deployment ends.
		Tasks: []*gm.Task{task("o1", "2026-01-01T00:00:00.000Z"), task("o2", "2026-01-01T00:00:00.000Z")},
	}}
	v := Apps([]marathon.App{a}, nil, "", time.Time{})[0]
	require.Equal(t, "0/2 w2 + 2/2 old", v.HealthyText())
	assert.Equal(t, 2, v.Healthy, "the totals look whole")
	assert.True(t, v.Failing(), "none of the new release's tasks is healthy")

	// Done: the same two healthy tasks, all of the current version.
	a.Deployments = nil
	a.Tasks = []*gm.Task{task("n1", a.Version), task("n2", a.Version)}
	assert.False(t, Apps([]marathon.App{a}, nil, "", time.Time{})[0].Failing())
}
