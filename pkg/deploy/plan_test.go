package deploy

import (
	"testing"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// A rolling deploy of an autoscaled app keeps the autoscaler's count,
// within the new release's bounds; without autoscale on both sides it
// takes the manifest's instances.
func TestDeployInstancesKeepsTheAutoscaledCount(t *testing.T) {
	const web = "service: web\ncmd: ./run\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"
	scaled, err := manifest.Parse("web.yaml", []byte(web+"autoscale: {min: 2, max: 6, targetRequestsPerTask: 10}\n"))
	require.NoError(t, err)
	plain, err := manifest.Parse("web.yaml", []byte(web))
	require.NoError(t, err)
	live := func(n int, autoscaled bool) *marathon.App {
		labels := map[string]string{"YODEL_SERVICE": "web"}
		if autoscaled {
			labels["YODEL_AUTOSCALE"] = `{"min":2,"max":8,"targetRequestsPerTask":10,"scaleUpCooldown":"30s","scaleDownCooldown":"5m0s"}`
		}
		return &marathon.App{Application: gm.Application{ID: "/web-blue", Instances: &n, Labels: &labels}}
	}
	assert.Equal(t, 5, DeployInstances(scaled, "qa", live(5, true)), "the autoscaler's count")
	assert.Equal(t, 6, DeployInstances(scaled, "qa", live(8, true)), "within the new max")
	assert.Equal(t, 2, DeployInstances(scaled, "qa", live(1, true)), "within the new min")
	assert.Zero(t, DeployInstances(scaled, "qa", live(5, false)), "autoscale just added: the manifest's")
	assert.Zero(t, DeployInstances(scaled, "qa", nil), "first deploy: the manifest's")
	assert.Zero(t, DeployInstances(plain, "qa", live(5, true)), "autoscale removed: the manifest's")
}
