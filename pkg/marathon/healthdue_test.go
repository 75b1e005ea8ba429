package marathon

import (
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
)

func TestFirstResultDue(t *testing.T) {
	app := func(checks ...gm.HealthCheck) *App {
		a := &App{}
		if checks != nil {
			a.HealthChecks = &checks
		}
		return a
	}
	assert.Zero(t, app().FirstResultDue(), "no checks")
	assert.Equal(t, 13*time.Second, app(gm.HealthCheck{Protocol: "HTTP", GracePeriodSeconds: 10, IntervalSeconds: 1, TimeoutSeconds: 1}).FirstResultDue(),
		"the grace period, two intervals, a timeout")
	assert.Equal(t, 140*time.Second, app(gm.HealthCheck{}).FirstResultDue(), "Marathon's defaults for what is not given (interval 60 s, timeout 20 s)")
	assert.Equal(t, 31*time.Second, app(
		gm.HealthCheck{Protocol: "TCP", GracePeriodSeconds: 5, IntervalSeconds: 2, TimeoutSeconds: 2},
		gm.HealthCheck{Protocol: "COMMAND", GracePeriodSeconds: 10, IntervalSeconds: 2, TimeoutSeconds: 2},
	).FirstResultDue(), "the latest check; Mesos runs COMMAND after its 15 s delay")

	// The check that stands for them all when only that is kept.
	c := LatestCheck([]gm.HealthCheck{{Protocol: "MESOS_HTTP", GracePeriodSeconds: 10, IntervalSeconds: 2, TimeoutSeconds: 2}})
	assert.Equal(t, 31*time.Second, app(c).FirstResultDue())
}

func TestUnchecked(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	a := &App{}
	a.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP", GracePeriodSeconds: 10, IntervalSeconds: 1, TimeoutSeconds: 1}}
	started := func(ago time.Duration) *Task {
		return &Task{ID: "t", State: "TASK_RUNNING", StartedAt: now.Add(-ago).Format("2006-01-02T15:04:05.000Z")}
	}
	assert.False(t, a.Unchecked(started(10*time.Second), now), "in its grace period")
	assert.True(t, a.Unchecked(started(20*time.Second), now), "no result 20 s after its start")
	withResult := started(time.Hour)
	withResult.HealthCheckResults = []*gm.HealthCheckResult{{Alive: false}}
	assert.False(t, a.Unchecked(withResult, now), "a result, even a failing one")
	staging := started(time.Hour)
	staging.State = "TASK_STAGING"
	assert.False(t, a.Unchecked(staging, now))
	assert.False(t, a.Unchecked(&Task{ID: "t", State: "TASK_RUNNING"}, now), "no start known")
	assert.False(t, (&App{}).Unchecked(started(time.Hour), now), "no health checks")

	// A wait counts an unchecked task as serving: it will never turn
	// healthy for Marathon.
	assert.True(t, a.TaskServing(started(20*time.Second), now))
	assert.False(t, a.TaskServing(started(10*time.Second), now), "its checks still decide")
	assert.False(t, a.TaskHealthy(started(20*time.Second)))
}
