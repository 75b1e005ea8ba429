package manifest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const withPort = base + "ports:\n  - {name: http, servicePort: 10080}\n"

func TestAutoscalePolicyDefaultsAndStart(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(withPort+"autoscale: {min: 2, max: 8, targetRequestsPerTask: 50}\n"))
	require.NoError(t, err)
	p, ok := m.AutoscalePolicy()
	require.True(t, ok)
	assert.Equal(t, AutoscalePolicy{Min: 2, Max: 8, TargetRequestsPerTask: 50,
		ScaleUpCooldown: Duration(DefaultScaleUpCooldown), ScaleDownCooldown: Duration(DefaultScaleDownCooldown)}, p)
	assert.Equal(t, 2, m.InstanceCount(), "without instances a deploy starts at min")

	m, err = Parse("services/x.yaml", []byte(withPort+"instances: 3\nautoscale:\n  min: 1\n  max: 5\n  targetRequestsPerTask: 0.5\n  scaleUpCooldown: 10s\n  scaleDownCooldown: 1m\n"))
	require.NoError(t, err)
	p, _ = m.AutoscalePolicy()
	assert.Equal(t, 10*time.Second, p.ScaleUpCooldown.D())
	assert.Equal(t, time.Minute, p.ScaleDownCooldown.D())
	assert.Equal(t, 0.5, p.TargetRequestsPerTask)
	assert.Equal(t, 3, m.InstanceCount())

	m, err = Parse("services/x.yaml", []byte(withPort))
	require.NoError(t, err)
	_, ok = m.AutoscalePolicy()
	assert.False(t, ok)
}

// TestAutoscaleBadInput: each message names the file, line, field and fix.
func TestAutoscaleBadInput(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"missing keys", withPort + "autoscale: {}\n", []string{
			"services/x.yaml:8:1: autoscale.min: required: the fewest instances, such as 2",
			"autoscale.max: required: the most instances, such as 10",
			"autoscale.targetRequestsPerTask: required: the requests per second one instance should serve, such as 50",
		}},
		{"max below min", withPort + "autoscale:\n  min: 5\n  max: 2\n  targetRequestsPerTask: 10\n", []string{
			"services/x.yaml:10:3: autoscale.max: 2 is below autoscale.min (5): set max to at least min",
		}},
		{"ranges", withPort + "autoscale:\n  min: 0\n  max: 10001\n  targetRequestsPerTask: -1\n  scaleUpCooldown: 0s\n  scaleDownCooldown: 48h\n", []string{
			"services/x.yaml:9:3: autoscale.min: must be from 1 to 10000 (got 0)",
			"services/x.yaml:10:3: autoscale.max: must be from 1 to 10000 (got 10001)",
			"services/x.yaml:11:3: autoscale.targetRequestsPerTask: must be above 0 and at most 1000000 requests per second per instance (got -1)",
			`services/x.yaml:12:3: autoscale.scaleUpCooldown: must be from 1s to 24h, like "30s" or "5m" (got 0s)`,
			`autoscale.scaleDownCooldown: must be from 1s to 24h, like "30s" or "5m" (got 48h)`,
		}},
		{"unknown key", withPort + "autoscale: {min: 1, max: 2, targetRequestPerTask: 3}\n", []string{
			`autoscale.targetRequestPerTask: unknown key; did you mean "targetRequestsPerTask"?`,
		}},
		{"not a duration", withPort + "autoscale: {min: 1, max: 2, targetRequestsPerTask: 3, scaleUpCooldown: 30}\n", []string{
			`autoscale.scaleUpCooldown: "30" is not a duration`,
		}},
		{"no ports", base + "autoscale: {min: 1, max: 2, targetRequestsPerTask: 3}\n", []string{
			"services/x.yaml:6:1: autoscale: the autoscaler follows the request rate the lb agents count: add ports, or remove autoscale",
		}},
		{"instances outside", withPort + "instances: 9\nrealms:\n  prod: {instances: 1}\nautoscale: {min: 2, max: 8, targetRequestsPerTask: 3}\n", []string{
			"services/x.yaml:8:1: instances: 9 is outside autoscale's 2-8: set it within (or leave it out: a deploy then starts at autoscale.min)",
			"realms.prod.instances: 1 is outside autoscale's 2-8",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := parseErr(t, c.src)
			for _, w := range c.want {
				assert.Contains(t, msg, w)
			}
		})
	}
}

func TestAutoscaleMaxAboveTheRealmsLimit(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(withPort+"autoscale: {min: 2, max: 80, targetRequestsPerTask: 3}\n"))
	require.NoError(t, err)
	assert.NoError(t, m.CheckRealm("qa", Limits{MaxInstances: 80}))
	assert.ErrorContains(t, m.CheckRealm("qa", Limits{MaxInstances: 50}),
		"services/x.yaml:8:21: autoscale.max: 80 is above realm qa's limit of 50 instances: set max to at most 50")
}
