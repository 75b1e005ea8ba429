package emulator

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewMode(t *testing.T) {
	m, err := NewMode("", nil)
	require.NoError(t, err)
	assert.Equal(t, "1.4.13", m.Version, "1.4 is the default")
	assert.False(t, m.TaskKilling, "plain Marathon has no TASK_KILLING")
	assert.Equal(t, []string{}, m.Features)
	m, err = NewMode("1.10.26", []string{" task_killing", "vips", "task_killing"})
	require.NoError(t, err)
	assert.Equal(t, "1.10.26", m.Version)
	assert.True(t, m.TaskKilling)
	assert.Equal(t, []string{"task_killing", "vips"}, m.Features)
	_, err = NewMode("1.6", nil)
	assert.ErrorContains(t, err, `unknown Marathon version "1.6"`)
	_, err = NewMode("1.4", []string{"maintenance_mode"})
	assert.ErrorContains(t, err, `unknown Marathon feature "maintenance_mode"`)
	_, err = New(Config{MarathonVersion: "9"})
	assert.ErrorContains(t, err, "unknown Marathon version")
}

// /v2/info reports the modelled version and features under InfoResource's
// key names (zookeeper_config.zk_max_versions, not zk_max_version).
func TestInfoReportsMode(t *testing.T) {
	for _, c := range []struct {
		cfg      Config
		version  string
		features []string
	}{
		{Config{}, "1.4.13", []string{}},
		{Config{MarathonVersion: "1.10", Features: []string{"task_killing"}}, "1.10.26", []string{"task_killing"}},
	} {
		callbacks := c.version == "1.4.13"
		te := startEmu(t, c.cfg)
		r := te.call(t, "GET", "/v2/info", "")
		require.Equal(t, 200, r.status)
		var info struct {
			Version string `json:"version"`
			Config  struct {
				Features []string `json:"features"`
			} `json:"marathon_config"`
			ZK map[string]any `json:"zookeeper_config"`
		}
		require.NoError(t, json.Unmarshal(r.body, &info))
		assert.Equal(t, c.version, info.Version)
		assert.Equal(t, c.features, info.Config.Features)
		assert.Equal(t, float64(50), info.ZK["zk_max_versions"])
		assert.NotContains(t, info.ZK, "zk_max_version")
		// HTTP callbacks are gone in 1.10 (no EventSubscriptionsResource).
		assert.Equal(t, callbacks, json.Valid(r.body) && strings.Contains(string(r.body), `"event_subscriber"`))
		assert.Equal(t, map[bool]int{true: 200, false: 404}[callbacks], te.call(t, "GET", "/v2/eventSubscriptions", "").status)
	}
}

// Without --enable_features task_killing (both versions) Marathon never
// reports TASK_KILLING: a task being killed stays TASK_RUNNING in the API
// and in events until TASK_KILLED. With it, TASK_KILLING comes at once.
func TestTaskKillingOnlyWithFeature(t *testing.T) {
	for _, v := range []string{Version14, Version110} {
		for _, killing := range []bool{false, true} {
			name := "marathon-" + v
			var features []string
			if killing {
				name += "+task_killing"
				features = []string{FeatureTaskKilling}
			}
			t.Run(name, func(t *testing.T) {
				te := startEmu(t, Config{MarathonVersion: v, Features: features})
				require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
					`{"id":"/k","cmd":"x","instances":1,"taskKillGracePeriodSeconds":2}`).status)
				te.waitIdle(t)
				tk := onlyTask(t, te, "/k")
				s := openSSE(t, te.url+"/v2/events?event_type=status_update_event")
				require.Equal(t, 200, te.call(t, "DELETE", "/v2/apps/k/tasks/"+tk.ID+"?scale=true", "").status)
				// The inproc task drains for the grace period: meanwhile
				// the API shows the state a real Marathon would.
				r := te.call(t, "GET", "/v2/apps/k/tasks", "")
				var got struct {
					Tasks []struct{ ID, State string }
				}
				require.NoError(t, json.Unmarshal(r.body, &got))
				require.Len(t, got.Tasks, 1)
				want := TaskRunning
				if killing {
					want = TaskKilling
				}
				assert.Equal(t, want, got.Tasks[0].State)
				ev := s.next(t)
				if killing {
					assert.Equal(t, TaskKilling, ev.data["taskStatus"])
					ev = s.next(t)
				}
				assert.Equal(t, TaskKilled, ev.data["taskStatus"], "no TASK_KILLING without the feature")
			})
		}
	}
}

// Each version's app and task JSON (1.4 Formats; 1.10 raml AppConversion
// and TaskConversion): the keys a client may read, present or absent.
func TestAppAndTaskShapePerVersion(t *testing.T) {
	const app = `{"id":"/shape","cmd":"sleep 100","instances":1,"cpus":0.1,"mem":16,"portDefinitions":[{"port":0,"name":"http"}],
		"container":{"type":"DOCKER","docker":{"image":"x","network":"BRIDGE","portMappings":[{"containerPort":80}]}}}`
	for _, v := range []string{Version14, Version110} {
		t.Run(v, func(t *testing.T) {
			te := startEmu(t, Config{MarathonVersion: v, TimeScale: 0.1})
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", app).status)
			waitFor(t, 10*time.Second, "a running task", func() bool {
				return te.call(t, "GET", "/v2/apps/shape", "").json(t)["app"].(map[string]any)["tasksRunning"] == float64(1)
			})
			got := te.call(t, "GET", "/v2/apps/shape?embed=app.tasks&embed=app.taskStats", "").json(t)["app"].(map[string]any)
			task := got["tasks"].([]any)[0].(map[string]any)
			all := te.call(t, "GET", "/v2/tasks", "").json(t)["tasks"].([]any)[0].(map[string]any)
			assert.Equal(t, task, all, "/v2/tasks writes the same task")
			docker := got["container"].(map[string]any)["docker"].(map[string]any)
			if v == Version14 {
				for _, k := range []string{"ports", "ipAddress", "uris", "taskStats", "portDefinitions"} {
					assert.Contains(t, got, k)
				}
				for _, k := range []string{"networks", "role", "tasksStats"} {
					assert.NotContains(t, got, k)
				}
				assert.Contains(t, docker, "portMappings")
				assert.Equal(t, "BRIDGE", docker["network"])
				assert.NotContains(t, task, "role")
				return
			}
			for _, k := range []string{"ports", "ipAddress", "uris", "taskStats", "portDefinitions", "constraints", "dependencies", "user"} {
				assert.NotContains(t, got, k, "1.10 leaves out deprecated fields, Nones and empty omitEmpty collections")
			}
			assert.Equal(t, []any{map[string]any{"mode": "container/bridge"}}, got["networks"])
			assert.Equal(t, "*", got["role"])
			assert.Contains(t, got, "tasksStats")
			assert.NotContains(t, docker, "network")
			assert.NotContains(t, docker, "portMappings")
			assert.Len(t, got["container"].(map[string]any)["portMappings"], 1, "port mappings moved to the container")
			assert.Equal(t, "*", task["role"])
			assert.Equal(t, []any{}, task["localVolumes"])
			assert.Contains(t, task, "healthCheckResults", "written even when empty")
			assert.Regexp(t, `^shape\.instance-[0-9a-f-]+\._app\.1$`, task["id"])
		})
	}
}

// A launch's events per version: 1.4 reports the new task TASK_STAGING
// (status_update_event and instance_changed_event Staging); 1.10 reports
// the instance Scheduled, without an agent, then Provisioned, and no
// status until the task runs.
func TestLaunchEventsPerVersion(t *testing.T) {
	for _, c := range []struct {
		version string
		want    []string
	}{
		{Version14, []string{"status_update_event TASK_STAGING", "instance_changed_event Staging",
			"status_update_event TASK_RUNNING", "instance_changed_event Running"}},
		{Version110, []string{"instance_changed_event Scheduled", "instance_changed_event Provisioned",
			"status_update_event TASK_RUNNING", "instance_changed_event Running"}},
	} {
		t.Run(c.version, func(t *testing.T) {
			te := startEmu(t, Config{MarathonVersion: c.version, TimeScale: 0.1})
			s := openSSE(t, te.url+"/v2/events?event_type=status_update_event&event_type=instance_changed_event")
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/launch","cmd":"sleep 100","instances":1}`).status)
			var got []string
			for range c.want {
				ev := s.next(t)
				what, _ := ev.data["taskStatus"].(string)
				if ev.typ == "instance_changed_event" {
					what, _ = ev.data["condition"].(string)
					if what == "Scheduled" {
						assert.Nil(t, ev.data["agentId"], "a scheduled instance has no agent")
						assert.Nil(t, ev.data["host"])
					} else {
						assert.NotNil(t, ev.data["agentId"], what)
					}
				}
				got = append(got, ev.typ+" "+what)
			}
			assert.Equal(t, c.want, got)
		})
	}
}
