package lb

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

// routedAndSlim reads every app both ways: what EachRoutedApp decodes, and
// marathon.RoutingCopy of what EachApp decodes.
func routedAndSlim(t *testing.T, mc *marathon.Client) (routed, slimmed []*marathon.App) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, mc.EachRoutedApp(ctx, func(a *marathon.App) error {
		routed = append(routed, a) // the agent keeps it as it is
		return nil
	}))
	require.NoError(t, mc.EachApp(ctx, func(a *marathon.App) error {
		slimmed = append(slimmed, marathon.RoutingCopy(a))
		return nil
	}))
	return routed, slimmed
}

// TestEachRoutedAppIsWhatRoutingKeeps: the agent's full read decodes only
// what routing takes of each app; that is exactly what marathon.RoutingCopy keeps of a
// full App, for 1.4's and 1.10's forms (port mappings under
// container.docker or on the container), with and without tasks, health
// checks and results.
func TestEachRoutedAppIsWhatRoutingKeeps(t *testing.T) {
	body := routedBody
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	mc, err := marathon.New(marathon.Config{URLs: []string{srv.URL}})
	require.NoError(t, err)
	routed, slimmed := routedAndSlim(t, mc)
	require.Len(t, routed, 6)
	assert.Equal(t, slimmed, routed)
	assert.Equal(t, []int{10004}, slimmed[4].ServicePorts(), "1.10's MESOS container: its portMappings, in the full read too")
	assert.Equal(t, []string{"surplus.2"}, marathon.ScaleCheckKills(routed[5], nil), "a surplus: what Marathon's scale check kills")
	assert.Nil(t, routed[5].Constraints, "constraints other than GROUP_BY are dropped")
	assert.Len(t, routed[0].Tasks, 2, "a null task is dropped")
	assert.Empty(t, routed[0].Tasks[0].StartedAt, "a task's start is kept only without health results")
	assert.Equal(t, "2026-12-05T00:00:00.000Z", routed[1].Tasks[0].StartedAt)
	assert.Equal(t, 60*time.Second, routed[1].FirstResultDue(), "the COMMAND check's: its delay, grace, two intervals, a timeout")
	require.NotNil(t, routed[2].Container)
	assert.Equal(t, 10003, (*routed[2].Container.Docker.PortMappings)[0].ServicePort, "1.10's container.portMappings")

	// Against the emulator in each version, with running, healthy tasks.
	for _, m := range emutest.Modes {
		t.Run(m.Name, func(t *testing.T) {
			if testing.Short() {
				t.Skip("runs the Marathon emulator")
			}
			emu := emutest.Start(t, m.Option(), emutest.TimeScale(0.1))
			mc, err := marathon.New(marathon.Config{URLs: []string{emu.URL}, Timeout: 10 * time.Second})
			require.NoError(t, err)
			ctx := context.Background()
			for i, id := range []string{"/a-blue", "/b-blue"} {
				a := &marathon.App{}
				a.ID, a.Cmd, a.Instances, a.CPUs, a.Mem = id, ptrTo("serve"), ptrTo(2), 0.01, ptrTo(8.0)
				a.Labels = &map[string]string{marathon.LabelService: id[1:2]}
				a.PortDefinitions = &[]gm.PortDefinition{{Port: ptrTo(10100 + i), Protocol: "tcp"}}
				a.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP", Path: ptrTo("/health"), PortIndex: ptrTo(0),
					GracePeriodSeconds: 5, IntervalSeconds: 1, TimeoutSeconds: 10, MaxConsecutiveFailures: ptrTo(0)}}
				_, err := mc.CreateApp(ctx, a)
				require.NoError(t, err)
			}
			// Once every task is healthy nothing routing reads changes, so
			// two reads in a row must agree.
			deadline := time.Now().Add(time.Minute)
			for healthy := 0; healthy < 4; {
				require.True(t, time.Now().Before(deadline), "tasks never healthy")
				time.Sleep(20 * time.Millisecond) // polling the emulator, bounded
				healthy = 0
				require.NoError(t, mc.EachApp(ctx, func(a *marathon.App) error {
					for _, tk := range a.Tasks {
						if a.TaskHealthy(tk) {
							healthy++
						}
					}
					return nil
				}))
			}
			routed, slimmed := routedAndSlim(t, mc)
			require.Len(t, routed, 2)
			assert.Equal(t, slimmed, routed)
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

// routedBody is a /v2/apps answer with what routing reads in every form:
// 1.4's and 1.10's port mappings, health checks with and without results,
// a null task, an app over capacity.
const routedBody = `{"apps":[
 {"id":"/web-blue","cmd":"serve","labels":{"yodel.service":"web","HAPROXY_0_VHOST":"x"},"instances":2,
  "portDefinitions":[{"port":10001,"protocol":"tcp","name":"http","labels":{"a":"b"}}],
  "healthChecks":[{"protocol":"HTTP","path":"/h","portIndex":0,"intervalSeconds":1}],
  "container":null,"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":1},
  "tasks":[{"id":"web-blue.1","appId":"/web-blue","host":"10.0.0.1","ports":[31001],"servicePorts":[10001],"state":"TASK_RUNNING","slaveId":"s1","version":"v1","startedAt":"t","ipAddresses":[{"ipAddress":"10.0.0.1","protocol":"IPv4"}],
    "healthCheckResults":[{"alive":true,"consecutiveFailures":0,"firstSuccess":"2026-12-05T00:00:00.000Z","lastFailure":null,"lastSuccess":"x","instanceId":"web-blue.marathon-1"}]},
   null,
   {"id":"web-blue.2","appId":"/web-blue","host":"10.0.0.2","ports":[31002],"servicePorts":[10001],"state":"TASK_STAGING","slaveId":"s2","version":"v1"}]},
 {"id":"/docker14","labels":{},"container":{"type":"DOCKER","docker":{"image":"nginx","network":"BRIDGE","portMappings":[{"containerPort":80,"hostPort":0,"servicePort":10002,"protocol":"tcp"}]}},
  "healthChecks":[{"protocol":"COMMAND","command":{"value":"true"},"gracePeriodSeconds":30,"intervalSeconds":5,"timeoutSeconds":5,"delaySeconds":15},{"protocol":"TCP","gracePeriodSeconds":5,"intervalSeconds":1,"timeoutSeconds":1}],
  "tasks":[{"id":"docker14.1","appId":"/docker14","host":"10.0.0.3","ports":[31003],"servicePorts":[10002],"state":"TASK_RUNNING","slaveId":"s1","version":"v1","startedAt":"2026-12-05T00:00:00.000Z"}]},
 {"id":"/docker110","networks":[{"mode":"container/bridge"}],"container":{"type":"DOCKER","docker":{"image":"nginx"},"portMappings":[{"containerPort":80,"hostPort":0,"servicePort":10003,"protocol":"tcp","name":"http"}]}},
 {"id":"/bare"},
 {"id":"/mesos110","networks":[{"mode":"container/bridge"}],"container":{"type":"MESOS","portMappings":[{"containerPort":80,"hostPort":0,"servicePort":10004,"protocol":"tcp"}]},
  "tasks":[{"id":"mesos110.instance-1._app.1","appId":"/mesos110","host":"10.0.0.5","ports":[31006],"servicePorts":[10004],"state":"TASK_RUNNING"}]},
 {"id":"/surplus","instances":1,"killSelection":"YOUNGEST_FIRST","deployments":[],"constraints":[["hostname","UNIQUE"]],
  "tasks":[{"id":"surplus.1","appId":"/surplus","host":"10.0.0.4","ports":[31004],"state":"TASK_RUNNING","startedAt":"2026-12-05T00:00:00.000Z"},
   {"id":"surplus.2","appId":"/surplus","host":"10.0.0.4","ports":[31005],"state":"TASK_RUNNING","startedAt":"2026-12-05T00:01:00.000Z"}]}
]}`
