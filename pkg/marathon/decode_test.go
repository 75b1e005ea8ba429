package marathon

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Payloads as Marathon 1.4 sends them (reference §2).
var sampleEvents = map[string]string{
	EventStatusUpdate:          `{"slaveId":"s1","taskId":"web-blue.a1","taskStatus":"TASK_FAILED","message":"exited 1","appId":"/web-blue","host":"h1","ipAddresses":[{"ipAddress":"10.0.0.1","protocol":"IPv4"}],"ports":[31001],"version":"2024-01-01T11:00:00.000Z","eventType":"status_update_event","timestamp":"2024-01-01T11:00:05.123Z"}`,
	EventHealthStatusChanged:   `{"appId":"/web-blue","instanceId":"web-blue.a1","version":"2024-01-01T11:00:00.000Z","alive":true,"eventType":"health_status_changed_event","timestamp":"2024-01-01T11:00:05.123Z"}`,
	EventInstanceHealthChanged: `{"instanceId":"web-blue.a1","runSpecId":"/web-blue","runSpecVersion":"2024-01-01T11:00:00.000Z","healthy":false,"eventType":"instance_health_changed_event","timestamp":"2024-01-01T11:00:05.123Z"}`,
	EventUnhealthyInstanceKill: `{"appId":"/web-blue","taskId":"web-blue.a1","instanceId":"web-blue.a1","version":"2024-01-01T11:00:00.000Z","reason":"HTTP 500","host":"h1","slaveId":"s1","eventType":"unhealthy_instance_kill_event","timestamp":"2024-01-01T11:00:05.123Z"}`,
	EventFailedHealthCheck:     `{"appId":"/web-blue","taskId":"web-blue.a1","instanceId":"web-blue.a1","healthCheck":{"protocol":"HTTP","path":"/health"},"eventType":"failed_health_check_event","timestamp":"2024-01-01T11:00:05.123Z"}`,
	EventDeploymentInfo:        `{"plan":{"id":"d-1","version":"2024-01-01T11:00:00.000Z","original":{"id":"/","apps":[]},"target":{"id":"/","apps":[]},"steps":[{"actions":[{"action":"RestartApplication","app":"/web-blue"}]}]},"currentStep":{"actions":[{"action":"RestartApplication","app":"/web-blue"}]},"eventType":"deployment_info","timestamp":"2024-01-01T11:00:00.100Z"}`,
	EventDeploymentSuccess:     `{"id":"d-1","plan":{"id":"d-1","version":"2024-01-01T11:00:00.000Z","original":{},"target":{},"steps":[{"actions":[{"action":"RestartApplication","app":"/web-blue"}]}]},"eventType":"deployment_success","timestamp":"2024-01-01T11:01:00.000Z"}`,
	EventDeploymentFailed:      `{"id":"d-1","plan":{"id":"d-1","steps":[]},"reason":"cancelled","eventType":"deployment_failed","timestamp":"2024-01-01T11:01:00.000Z"}`,
	EventDeploymentStepSuccess: `{"plan":{"id":"d-1","steps":[]},"currentStep":{"actions":[{"action":"StartApplication","app":"/web-green"}]},"eventType":"deployment_step_success","timestamp":"2024-01-01T11:01:00.000Z"}`,
	EventAPIPost:               `{"clientIp":"127.0.0.1","uri":"/v2/apps/web-blue","appDefinition":{"id":"/web-blue","version":"2024-01-01T11:00:00.000Z","instances":3},"eventType":"api_post_event","timestamp":"2024-01-01T11:00:00.000Z"}`,
	EventAppTerminated:         `{"appId":"/web-blue","eventType":"app_terminated_event","timestamp":"2024-01-01T11:00:00.000Z"}`,
}

func TestDecodeEvent(t *testing.T) {
	for typ, data := range sampleEvents {
		t.Run(typ, func(t *testing.T) {
			ev, err := DecodeEvent(typ, []byte(data))
			require.NoError(t, err)
			assert.Equal(t, typ, ev.Type)
			assert.False(t, ev.Timestamp.IsZero())
			if typ != EventDeploymentInfo && typ != EventDeploymentSuccess && typ != EventDeploymentFailed && typ != EventDeploymentStepSuccess {
				assert.Equal(t, "/web-blue", ev.AppID())
			}
			assert.NotEmpty(t, ev.Summary())
		})
	}
	ev, _ := DecodeEvent("", []byte(sampleEvents[EventStatusUpdate]))
	assert.Equal(t, EventStatusUpdate, ev.Type, "type from eventType when the SSE event field is absent")
	assert.Equal(t, StatusUpdate{TaskID: "web-blue.a1", AppID: "/web-blue", TaskStatus: "TASK_FAILED", Message: "exited 1", Host: "h1", SlaveID: "s1", Ports: []int{31001}, Version: v2}, *ev.StatusUpdate)

	ev, _ = DecodeEvent(EventInstanceHealthChanged, []byte(sampleEvents[EventInstanceHealthChanged]))
	assert.Equal(t, HealthChange{AppID: "/web-blue", InstanceID: "web-blue.a1", Version: v2, Alive: false}, *ev.Health)
	ev, _ = DecodeEvent(EventHealthStatusChanged, []byte(sampleEvents[EventHealthStatusChanged]))
	assert.True(t, ev.Health.Alive)

	ev, _ = DecodeEvent(EventUnhealthyInstanceKill, []byte(sampleEvents[EventUnhealthyInstanceKill]))
	assert.Equal(t, HealthFailure{AppID: "/web-blue", TaskID: "web-blue.a1", Version: v2, Reason: "HTTP 500", Host: "h1", Kill: true}, *ev.HealthFailure)

	ev, _ = DecodeEvent(EventDeploymentInfo, []byte(sampleEvents[EventDeploymentInfo]))
	assert.Equal(t, "d-1", ev.Deployment.ID, "id from the plan")
	assert.Equal(t, []string{"/web-blue"}, ev.Deployment.AffectedApps)
	assert.Equal(t, "RestartApplication /web-blue", ev.Deployment.CurrentStep[0].String())

	ev, _ = DecodeEvent(EventDeploymentFailed, []byte(sampleEvents[EventDeploymentFailed]))
	assert.Equal(t, "cancelled", ev.Deployment.Reason)

	ev, _ = DecodeEvent(EventAPIPost, []byte(sampleEvents[EventAPIPost]))
	assert.Equal(t, APIPost{ClientIP: "127.0.0.1", URI: "/v2/apps/web-blue", AppID: "/web-blue", AppVersion: v2}, *ev.APIPost)

	ev, err := DecodeEvent("", []byte(`{"eventType":"group_change_success","timestamp":"x"}`))
	require.NoError(t, err, "types yodel does not decode still come through")
	assert.Equal(t, "group_change_success", ev.Type)
	assert.True(t, ev.Timestamp.IsZero())
}

func TestDecodeEventHostile(t *testing.T) {
	for name, in := range map[string]string{
		"truncated":      `{"eventType":"status_update_event","taskId":"a`,
		"not an object":  `[1,2,3]`,
		"wrong types":    `{"eventType":"status_update_event","taskId":7,"ports":"x"}`,
		"no type":        `{"taskId":"a"}`,
		"empty":          ``,
		"null":           `null`,
		"plan not obj":   `{"eventType":"deployment_info","plan":"x"}`,
		"steps wrong":    `{"eventType":"deployment_info","plan":{"steps":[1,"a",null]}}`,
		"alive a string": `{"eventType":"health_status_changed_event","alive":"yes"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeEvent("", []byte(in))
			assert.Error(t, err)
		})
	}
}

// FuzzDecodeEvent: any input decodes or fails, never panics, and an event
// that decodes has a type and a printable summary. Seeds are committed in
// testdata/fuzz/FuzzDecodeEvent.
func FuzzDecodeEvent(f *testing.F) {
	for typ, data := range sampleEvents {
		f.Add(typ, []byte(data))
	}
	f.Fuzz(func(t *testing.T, typ string, data []byte) {
		ev, err := DecodeEvent(typ, data)
		if err != nil {
			return
		}
		if ev.Type == "" {
			t.Fatal("decoded an event without a type")
		}
		s := ev.Summary()
		if utf8.ValidString(typ) && utf8.Valid(data) && !utf8.ValidString(s) {
			t.Fatalf("summary of valid input is not UTF-8: %q", s)
		}
		_ = ev.AppID()
	})
}

// FuzzSSEReader: any byte stream parses without panicking, and no frame
// carries more than the cap.
func FuzzSSEReader(f *testing.F) {
	f.Add([]byte("event: a\r\ndata: {}\r\n\r\n"), 16)
	f.Add([]byte("data: x\rdata: y\n\r\n\n"), 4)
	f.Add([]byte("\xEF\xBB\xBF:c\r\n\r\n\r\r\n"), 1)
	f.Add([]byte("event: deployment_success\r\ndata: {\"plan\":{\"original\":{\"a\":[1]},\"x\":1}}\r\ndata: 2\r\n\r\n"), 24)
	f.Fuzz(func(t *testing.T, in []byte, max int) {
		if max <= 0 || max > 1<<16 {
			max = 64
		}
		s := newSSEReader(bytes.NewReader(in), max)
		for range len(in) + 1 {
			fr, err := s.next()
			if err != nil {
				return
			}
			if len(fr.data) > max {
				t.Fatalf("frame data %d bytes over the cap %d", len(fr.data), max)
			}
		}
		if _, err := s.next(); err == nil {
			t.Fatal("more frames than input bytes")
		}
	})
}
