package lb

import (
	"testing"

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
			r.waitServers(key, s1)
		})
	}
}
