package marathon

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The cases follow Task.Id and Instance.Id in Marathon v1.4.13 and v1.10.26.
func TestInstanceID(t *testing.T) {
	const u = "0c4c8c0c-e0e5-11e6-9f7a-0242ac110002"
	for _, tc := range []struct{ name, task, instance string }{
		{"1.4 app task", "web-blue." + u, "web-blue.marathon-" + u},
		{"1.4 app in a group", "team_web-blue." + u, "team_web-blue.marathon-" + u},
		{"legacy underscore separator", "team_web_" + u, "team_web.marathon-" + u},
		{"app id with a dot", "web.v2." + u, "web.v2.marathon-" + u},
		{"resident task", "web." + u + ".3", "web.marathon-" + u},
		{"1.4 pod task", "pod.instance-" + u + ".ctr", "pod.instance-" + u},
		{"1.4 pod task, 1.4.0 container name with dots", "pod.instance-" + u + ".c.d", "pod.instance-" + u},
		{"1.10 app task", "web-blue.instance-" + u + "._app.1", "web-blue.instance-" + u},
		{"1.10 app task relaunched", "web-blue.instance-" + u + "._app.12", "web-blue.instance-" + u},
		{"1.10 pod task", "pod.instance-" + u + ".ctr.1", "pod.instance-" + u},
		{"1.10 task of a 1.4 instance", "web.marathon-" + u + "._app.2", "web.marathon-" + u},
		{"no separator", "nodots", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.instance, InstanceID(tc.task))
		})
	}
}

func TestHealthKeyMeetsTaskAndInstance(t *testing.T) {
	const u = "0c4c8c0c-e0e5-11e6-9f7a-0242ac110002"
	for _, tc := range []struct{ name, task, eventID string }{
		{"1.4: event names the instance", "web-blue." + u, "web-blue.marathon-" + u},
		{"1.10: event names the instance", "web-blue.instance-" + u + "._app.1", "web-blue.instance-" + u},
		{"an emulator that names the task", "web-blue." + u, "web-blue." + u},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, HealthKey(tc.task), HealthKey(tc.eventID))
		})
	}
	assert.NotEqual(t, HealthKey("web-blue."+u), HealthKey("web-green."+u), "apps do not share keys")
	assert.Equal(t, "odd", HealthKey("odd"), "an id no rule matches is its own key")
	assert.True(t, IsInstanceID("web.marathon-"+u))
	assert.False(t, IsInstanceID("web."+u))
	assert.False(t, IsInstanceID("web.instance-"+u+"._app.1"))
}

// Health events as Marathon writes them (Formats.scala: HealthStatusChanged
// and InstanceHealthChanged carry instanceId and no taskId; "healthy" may
// be null).
func TestDecodeHealthEventsPerVersion(t *testing.T) {
	const u = "0c4c8c0c-e0e5-11e6-9f7a-0242ac110002"
	for _, tc := range []struct {
		name, typ, data string
		want            HealthChange
		taskKey         string // the task the result must reach
	}{
		{"1.4 health_status_changed_event", EventHealthStatusChanged,
			`{"appId":"/web-blue","instanceId":"web-blue.marathon-` + u + `","version":"v","alive":true,"eventType":"health_status_changed_event","timestamp":"2026-01-01T00:00:00.000Z"}`,
			HealthChange{AppID: "/web-blue", InstanceID: "web-blue.marathon-" + u, Version: "v", Alive: true}, "web-blue." + u},
		{"1.4 instance_health_changed_event", EventInstanceHealthChanged,
			`{"instanceId":"web-blue.marathon-` + u + `","runSpecId":"/web-blue","healthy":false,"runSpecVersion":"v","eventType":"instance_health_changed_event"}`,
			HealthChange{AppID: "/web-blue", InstanceID: "web-blue.marathon-" + u, Version: "v"}, "web-blue." + u},
		{"healthy null: unknown", EventInstanceHealthChanged,
			`{"instanceId":"web-blue.marathon-` + u + `","runSpecId":"/web-blue","healthy":null,"runSpecVersion":"v","eventType":"instance_health_changed_event"}`,
			HealthChange{AppID: "/web-blue", InstanceID: "web-blue.marathon-" + u, Version: "v", Unknown: true}, "web-blue." + u},
		{"1.10 health_status_changed_event", EventHealthStatusChanged,
			`{"appId":"/web-blue","instanceId":"web-blue.instance-` + u + `","version":"v","alive":true,"eventType":"health_status_changed_event"}`,
			HealthChange{AppID: "/web-blue", InstanceID: "web-blue.instance-" + u, Version: "v", Alive: true}, "web-blue.instance-" + u + "._app.1"},
		{"taskId only (older emulator)", EventHealthStatusChanged,
			`{"appId":"/web-blue","taskId":"web-blue.` + u + `","version":"v","alive":true,"eventType":"health_status_changed_event"}`,
			HealthChange{AppID: "/web-blue", InstanceID: "web-blue.marathon-" + u, TaskID: "web-blue." + u, Version: "v", Alive: true}, "web-blue." + u},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := DecodeEvent(tc.typ, []byte(tc.data))
			if !assert.NoError(t, err) || !assert.NotNil(t, ev.Health) {
				return
			}
			assert.Equal(t, tc.want, *ev.Health)
			assert.Equal(t, HealthKey(tc.taskKey), HealthKey(ev.Health.InstanceID), "the result reaches its task")
		})
	}
}
