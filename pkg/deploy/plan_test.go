package deploy

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
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

// A canary ends with the tasks a rolling deploy of its release would
// have: the manifest's instances, not the stable's count (a scale by hand
// since the last deploy is undone, as the plan's diff says), or an
// autoscaled app's live count. It starts with its own (canary.instances).
func TestPrepareCanaryFullInstances(t *testing.T) {
	const web = "service: web\ncmd: ./run\ninstances: 4\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"
	live := func(n int, labels map[string]string) *marathon.App {
		labels["YODEL_SERVICE"], labels["YODEL_RELEASE"] = "web", "v1"
		return &marathon.App{Application: gm.Application{ID: "/web-blue", Instances: &n, Labels: &labels}}
	}
	for _, c := range []struct {
		name, manifest string
		stable         *marathon.App
		want           int
	}{
		{"the manifest's, though the stable was scaled to 3", web, live(3, map[string]string{}), 4},
		{"the realm's override", web + "realms:\n  qa: {instances: 6}\n", live(3, map[string]string{}), 6},
		{"an autoscaled app's live count", strings.Replace(web, "instances: 4", "instances: 2", 1) + "autoscale: {min: 2, max: 8, targetRequestsPerTask: 10}\n",
			live(7, map[string]string{"YODEL_AUTOSCALE": `{"min":2,"max":8,"targetRequestsPerTask":10,"scaleUpCooldown":"30s","scaleDownCooldown":"5m0s"}`}), 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := manifest.Parse(filepath.Join(t.TempDir(), "web.yaml"), []byte(c.manifest))
			require.NoError(t, err)
			st, err := state.Open(context.Background(), "file://"+t.TempDir(), state.Options{})
			require.NoError(t, err)
			defer st.Close()
			r, app, err := PrepareCanary(context.Background(), st, CanaryRequest{Manifest: m, Realm: qaRealm(t), Release: "v2", Stable: c.stable, Now: time.Now()})
			require.NoError(t, err)
			assert.Equal(t, c.want, r.FullInstances)
			assert.Equal(t, c.want, r.FullCount())
			assert.Equal(t, c.stable.WantedInstances(), r.Stable.Instances, "the stable's count, which a resume checks")
			assert.Equal(t, 1, *app.Instances, "the canary starts small")
		})
	}
}

func qaRealm(t *testing.T) *realm.Realm {
	rl, err := realm.Parse("realm.yaml", []byte("realm: qa\nmarathon:\n  urls: [http://127.0.0.1:1]\nstate: file:///tmp/none\n"), "")
	require.NoError(t, err)
	return rl
}
