package ui

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// An autoscaled service (its stable app carries YODEL_AUTOSCALE) gets a
// line after the table on a terminal, once (not for its canary app), and
// its policy in -o json; off a terminal the table is unchanged.
func TestStatusTableNamesAutoscaledServices(t *testing.T) {
	n := 2
	label := `{"min":2,"max":8,"targetRequestsPerTask":10,"scaleUpCooldown":"30s","scaleDownCooldown":"5m0s"}`
	app := func(id string) marathon.App {
		return marathon.App{Application: gm.Application{ID: id, Instances: &n,
			Labels: &map[string]string{"YODEL_SERVICE": "web", "YODEL_RELEASE": "v1", "YODEL_AUTOSCALE": label}}}
	}
	rows := view.Apps([]marathon.App{app("/web-blue"), app("/web-green")},
		map[string]view.Route{"/web-blue": {Track: "stable"}, "/web-green": {Track: "canary"}}, "", time.Time{})
	require.Len(t, rows, 2)
	require.NotNil(t, rows[0].Autoscale)
	assert.Equal(t, 8, rows[0].Autoscale.Max)
	js, err := json.Marshal(rows[0])
	require.NoError(t, err)
	assert.Contains(t, string(js), `"autoscale":{"min":2,"max":8,"targetRequestsPerTask":10,"scaleUpCooldown":"30s","scaleDownCooldown":"5m0s"}`)

	for _, tty := range []bool{true, false} {
		ios, _, _, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetNoColor(true)
		var b bytes.Buffer
		require.NoError(t, StatusTable(ios, &b, rows, "/tmp/sb/realm.yaml", time.Time{}))
		line := "web: autoscaled by the realm's server, 2-8 instances at 10 req/s each (its changes: yodel history web --realm /tmp/sb/realm.yaml)\n"
		if tty {
			assert.Equal(t, 1, bytes.Count(b.Bytes(), []byte(line)), b.String())
		} else {
			assert.NotContains(t, b.String(), "autoscaled")
		}
	}
}
