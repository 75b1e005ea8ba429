package ui

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/ui/uitest"
	"github.com/yodeldeploy/yodel/pkg/view"
)

func lbFixture() []view.Agent {
	return []view.Agent{
		{ID: "lb-1", Address: "10.0.0.5:9190", Ready: true, HAProxyUp: true, Services: []view.AgentService{
			{Service: "api", Generation: 4, Applied: 4, Ports: []int{10070},
				Problems: []string{"no running task passes its health checks: routing the 2 that passed before (fail open)"}},
			{Service: "web", Generation: 7, Applied: 6, Lag: 1, Ports: []int{10080, 10081},
				Error: "cannot bind 127.0.0.1:10080: address already in use"},
		}},
		{ID: "lb-2", Address: "10.0.0.6:9190", Ready: true, HAProxyUp: true, MarathonError: "dial tcp 10.0.0.1:8080: connection refused", Services: []view.AgentService{
			{Service: "api", Generation: 4, Applied: 4, Ports: []int{10070},
				Problems: []string{"no running task passes its health checks: routing the 2 that passed before (fail open)"}},
			{Service: "web", Generation: 7, Applied: 7, Ports: []int{10080, 10081}, Refused: "servicePort 10081 is outside limits.servicePortRange"},
		}},
		{ID: "lb-3", Address: "10.0.0.7:9190", ReadError: "lb agent 10.0.0.7:9190: connection refused"},
	}
}

// What `yodel lb status` shows: a row per agent and service with lag and
// errors; an agent's own problems on a row of their own; on a terminal the
// agents' warnings as notes, one per service and warning.
func TestLBStatusTableGolden(t *testing.T) {
	for _, tty := range []bool{false, true} {
		ios, _, _, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetNoColor(true)
		var b bytes.Buffer
		require.NoError(t, LBStatusTable(ios, &b, lbFixture()))
		name := "lbstatus-notty"
		if tty {
			name = "lbstatus-tty"
		}
		uitest.Golden(t, ".", name, b.String())
	}
}

// -o json of `yodel lb status` is a contract: these names.
func TestAgentJSONNames(t *testing.T) {
	b, err := json.Marshal(lbFixture()[0])
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.ElementsMatch(t, []string{"id", "address", "host", "pid", "startedAt", "ready", "haproxyUp", "services"}, slices.Collect(maps.Keys(m)))
	svc := m["services"].([]any)[1].(map[string]any)
	assert.ElementsMatch(t, []string{"service", "generation", "applied", "lag", "ports", "error"}, slices.Collect(maps.Keys(svc)))
}
