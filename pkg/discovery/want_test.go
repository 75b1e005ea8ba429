package discovery

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

func curatorApp(svc, colour string, spec appdef.CuratorSpec, tasks ...string) *marathon.App {
	b, _ := json.Marshal(spec)
	labels := map[string]string{marathon.LabelService: svc, appdef.LabelCurator: string(b)}
	app := &marathon.App{}
	app.ID = appdef.AppID(svc, colour)
	app.Labels = &labels
	for i, id := range tasks {
		app.Tasks = append(app.Tasks, &marathon.Task{ID: id, AppID: app.ID, Host: "127.0.0.1", Ports: []int{31000 + i, 32000 + i}, State: "TASK_RUNNING"})
	}
	return app
}

func server(task, track string, weight int, draining, isolated bool) haproxy.Server {
	return haproxy.Server{Name: haproxy.ServerName(task), Addr: "127.0.0.1", Port: 1, Track: track, Weight: weight, Draining: draining, Isolated: isolated}
}

func ids(w Want) []string {
	var out []string
	for _, n := range w.Nodes {
		out = append(out, n.Instance.ID)
	}
	sort.Strings(out)
	return out
}

func TestComputeRegistersWhatTakesNewRequests(t *testing.T) {
	spec := appdef.CuratorSpec{Name: "Web", PortIndex: 1, Payload: map[string]string{"team": "core"}}
	blue := curatorApp("web", appdef.ColourBlue, spec, "web-blue.a", "web-blue.b", "web-blue.c", "web-blue.d")
	cfg := haproxy.Config{Services: []haproxy.Service{{Name: "web", Port: 10080, Servers: []haproxy.Server{
		server("web-blue.a", "", 1, false, false),
		server("web-blue.b", haproxy.TrackStable, 1, true, false),  // draining: about to be killed
		server("web-blue.c", haproxy.TrackStable, 0, false, false), // weight 0: no new requests
		// web-blue.d has no server: unhealthy, or not running
	}}}}
	w := Compute([]*marathon.App{blue}, cfg, "")
	assert.Empty(t, w.Errors)
	assert.Equal(t, []string{"web-blue.marathon-a"}, ids(w))
	n := w.Nodes["/discovery/Web/web-blue.marathon-a"]
	assert.Equal(t, 32000, *n.Instance.Port, "the named port's host port")
	assert.Equal(t, Payload{"team": "core", "track": "stable"}, n.Instance.Payload)
	assert.Equal(t, ServiceTypeDynamic, n.Instance.ServiceType)
	assert.Equal(t, map[string][]string{"/discovery/Web": {"web-blue.", "web-green."}}, w.Scopes)

	spec.BasePath = "/legacy/disco"
	w = Compute([]*marathon.App{curatorApp("web", appdef.ColourBlue, spec, "web-blue.a")}, cfg, "/realm")
	assert.Contains(t, w.Nodes, "/legacy/disco/Web/web-blue.marathon-a", "the manifest's basePath wins")

	spec.BasePath = ""
	w = Compute([]*marathon.App{curatorApp("web", appdef.ColourBlue, spec, "web-blue.a")}, cfg, "/realm")
	assert.Contains(t, w.Nodes, "/realm/Web/web-blue.marathon-a", "else the realm's")
}

func TestComputeCanary(t *testing.T) {
	spec := appdef.CuratorSpec{Name: "web", PortIndex: 0}
	stable := []string{"web-blue.s1", "web-blue.s2", "web-blue.s3", "web-blue.s4", "web-blue.s5", "web-blue.s6", "web-blue.s7", "web-blue.s8", "web-blue.s9"}
	canary := []string{"web-green.c1", "web-green.c2", "web-green.c3"}
	apps := []*marathon.App{curatorApp("web", appdef.ColourBlue, spec, stable...), curatorApp("web", appdef.ColourGreen, spec, canary...)}
	cfgFor := func(share float64, isolated bool) haproxy.Config {
		sw, cw := haproxy.Weights(len(stable), len(canary), share)
		var svs []haproxy.Server
		for _, id := range stable {
			svs = append(svs, server(id, haproxy.TrackStable, sw, false, false))
		}
		for _, id := range canary {
			if isolated {
				cw = haproxy.DefaultWeight
			}
			svs = append(svs, server(id, haproxy.TrackCanary, cw, false, isolated))
		}
		return haproxy.Config{Services: []haproxy.Service{{Name: "web", Port: 10080, Servers: svs}}}
	}
	count := func(w Want) (s, c int) {
		for _, n := range w.Nodes {
			if n.Instance.Payload["track"] == haproxy.TrackCanary {
				c++
			} else {
				s++
			}
		}
		return
	}

	s, c := count(Compute(apps, cfgFor(0, true), ""))
	assert.Equal(t, [2]int{9, 0}, [2]int{s, c}, "isolated: no canary instance")
	s, c = count(Compute(apps, cfgFor(0.10, false), ""))
	assert.Equal(t, [2]int{9, 1}, [2]int{s, c}, "10%%: 1 canary among 9 stable")
	s, c = count(Compute(apps, cfgFor(0.25, false), ""))
	assert.Equal(t, [2]int{9, 3}, [2]int{s, c}, "25%%: 3 canaries among 9 stable")
	s, c = count(Compute(apps, cfgFor(1, false), ""))
	assert.Equal(t, [2]int{0, 3}, [2]int{s, c}, "full: the stable's weight is 0")
}

func TestCanaryCount(t *testing.T) {
	for _, c := range []struct {
		stable, canary int
		share          float64
		want           int
	}{{9, 1, 0.1, 1}, {9, 5, 0.1, 1}, {18, 5, 0.1, 2}, {3, 3, 0.5, 3}, {3, 1, 0.01, 1}, {4, 10, 0.2, 1}, {4, 10, 0.5, 4}, {1, 2, 1, 2}} {
		assert.Equal(t, c.want, CanaryCount(c.stable, c.canary, c.share), "%+v", c)
	}
}

func TestComputeReportsBadLabel(t *testing.T) {
	app := curatorApp("web", appdef.ColourBlue, appdef.CuratorSpec{Name: "web", PortIndex: 5}, "web-blue.a")
	cfg := haproxy.Config{Services: []haproxy.Service{{Name: "web", Servers: []haproxy.Server{server("web-blue.a", "", 1, false, false)}}}}
	w := Compute([]*marathon.App{app}, cfg, "")
	require.Contains(t, w.Errors, "web")
	assert.ErrorContains(t, w.Errors["web"], "no host port at index 5")

	(*app.Labels)[appdef.LabelCurator] = "{"
	w = Compute([]*marathon.App{app}, cfg, "")
	assert.ErrorContains(t, w.Errors["web"], "app /web-blue: label YODEL_DISCOVERY_CURATOR")
}
