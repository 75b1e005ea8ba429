package lb

import (
	"maps"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Marathon's health events name the instance, not the task, in each
// version's own scheme; the agent must route the task they are about.
func TestAgentMatchesHealthEventsToTasksPerMarathonVersion(t *testing.T) {
	const u1, u2 = "0c4c8c0c-e0e5-11e6-9f7a-0242ac110002", "1d5d9d1d-e0e5-11e6-9f7a-0242ac110002"
	for _, tc := range []struct {
		name                 string
		task1, task2         string
		instance1, instance2 string
	}{
		{"1.4", "web." + u1, "web." + u2, "web.marathon-" + u1, "web.marathon-" + u2},
		{"1.10", "web.instance-" + u1 + "._app.1", "web.instance-" + u2 + "._app.1", "web.instance-" + u1, "web.instance-" + u2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// No results in the reads: only the events say who is healthy.
			m := newFakeMarathon(webApp(task(tc.task1, nil, 31001), task(tc.task2, nil, 31002)))
			r := startRig(t, m, nil)
			key := "svc_web_10001"
			s1, s2 := haproxy.ServerName(tc.task1), haproxy.ServerName(tc.task2)
			m.events <- marathon.Event{Type: marathon.EventHealthStatusChanged, Health: &marathon.HealthChange{AppID: "/web", InstanceID: tc.instance1, Alive: true}}
			r.waitServers(key, s1)
			m.events <- marathon.Event{Type: marathon.EventInstanceHealthChanged, Health: &marathon.HealthChange{AppID: "/web", InstanceID: tc.instance2, Alive: true}}
			r.waitServers(key, s1, s2)
			// "healthy": null says nothing: the task stays.
			m.events <- marathon.Event{Type: marathon.EventInstanceHealthChanged, Health: &marathon.HealthChange{AppID: "/web", InstanceID: tc.instance1, Unknown: true}}
			m.events <- marathon.Event{Type: marathon.EventHealthStatusChanged, Health: &marathon.HealthChange{AppID: "/web", InstanceID: tc.instance2, Alive: false}}
			r.waitDraining(key, s2) // it served: its requests in flight finish
			r.waitServers(key, s1, s2)
		})
	}
}

// judge answers what Alive answered before it (aliveBefore below) then
// Passed, and leaves the same memory,
// for every mix of results and remembered state.
func TestHealthJudgeIsAliveThenPassed(t *testing.T) {
	withChecks := mkApp(appSpec{id: "/a", health: true})
	without := mkApp(appSpec{id: "/a"})
	results := [][]*gm.HealthCheckResult{
		nil,
		{{Alive: true}},
		{{Alive: false}},
		{{Alive: false, FirstSuccess: "2026-12-05T06:00:00.000Z"}},
		{{Alive: true}, {Alive: false}},
		{nil},
	}
	for _, app := range []*marathon.App{withChecks, without} {
		for ri, rs := range results {
			for mem := 0; mem < 9; mem++ { // alive: unknown/false/true x passed: unknown/false/true
				seed := func() *Health {
					h := NewHealth()
					k := h.Key("a.1")
					if mem%3 > 0 {
						h.alive[k] = mem%3 == 2
					}
					if mem/3 > 0 {
						h.passed[k] = mem/3 == 2
					}
					return h
				}
				tk := &marathon.Task{ID: "a.1", HealthCheckResults: rs}
				h1, h2 := seed(), seed()
				wantAlive := aliveBefore(h1, app, tk)
				wantPassed := h1.Passed(app, tk)
				alive, passed := h2.judge(app, tk)
				if alive != wantAlive || passed != wantPassed {
					t.Errorf("checks %v, results %d, memory %d: judge (%v, %v), Alive/Passed (%v, %v)",
						app.HasHealthChecks(), ri, mem, alive, passed, wantAlive, wantPassed)
				}
				if !maps.Equal(h1.alive, h2.alive) || !maps.Equal(h1.passed, h2.passed) {
					t.Errorf("checks %v, results %d, memory %d: memory %v %v, want %v %v",
						app.HasHealthChecks(), ri, mem, h2.alive, h2.passed, h1.alive, h1.passed)
				}
			}
		}
	}
}

// aliveBefore is Health.Alive as it was before judge: the reference judge
// is checked against.
func aliveBefore(h *Health, app *marathon.App, t *marathon.Task) bool {
	if !app.HasHealthChecks() {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	k := h.keyLocked(t.ID)
	if len(t.HealthCheckResults) == 0 {
		return h.alive[k]
	}
	ok := true
	for _, r := range t.HealthCheckResults {
		if r == nil || !r.Alive {
			ok = false
		}
	}
	h.alive[k] = ok
	if ok {
		h.passed[k] = true
	}
	return ok
}

// A task Marathon is long overdue with a result for (marathon.App.Unchecked)
// is taken as alive when nothing is known of it, and only then: a
// remembered result stands, and a young task waits for its checks.
func TestObserveTakesOverdueTasksAsAlive(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
	started := func(id string, ago time.Duration) *marathon.Task {
		tk := task(id, nil, 31001)
		tk.StartedAt = now.Add(-ago).Format(time.RFC3339Nano)
		return tk
	}
	app := webApp(started("old", time.Hour), started("young", 5*time.Second), started("known-dead", time.Hour))
	app.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP", GracePeriodSeconds: 10, IntervalSeconds: 1, TimeoutSeconds: 1}}
	h := NewHealth()
	h.Set("known-dead", false)
	assert.Equal(t, []string{"old"}, h.Observe(app, now))
	assert.True(t, h.Alive(app, app.Tasks[0]))
	assert.True(t, h.Passed(app, app.Tasks[0]))
	assert.False(t, h.Alive(app, app.Tasks[1]), "in its grace period: its checks decide")
	assert.False(t, h.Alive(app, app.Tasks[2]), "a remembered failure stands")
	assert.Empty(t, h.Observe(app, now), "said once")
}
