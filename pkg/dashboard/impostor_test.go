package dashboard

import (
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// Apps anyone can post to Marathon, named or labelled like service web,
// count neither in its overview row nor on its page (whose scale form
// offers the stable app's instances).
func TestAppsNamedLikeAServiceAreNotIt(t *testing.T) {
	n, many := 2, 50
	web := &map[string]string{marathon.LabelService: "web", marathon.LabelRelease: "v1"}
	raw := []marathon.App{
		{Application: gm.Application{ID: "/web-blue", Instances: &n, Labels: web}},
		{Application: gm.Application{ID: "/web", Instances: &many, Labels: web}},
		{Application: gm.Application{ID: "/evil/web-blue", Instances: &many, Labels: web}},
	}
	rt := state.Routing{Service: "web", Stable: "/web-blue", Generation: 1}
	now := time.Now()
	apps := view.Apps(raw, view.Routes([]state.Routing{rt}), "", now)
	o := BuildOverview("qa", []state.Routing{rt}, apps, nil, nil, "", "name", now)
	if len(o.Services) != 1 || o.Services[0].Wanted != 2 {
		t.Fatalf("web's row counts apps that are not web's: %+v", o.Services)
	}
	p := BuildService("qa", rt, view.Apps(raw, view.Routes([]state.Routing{rt}), "web", now), nil, now)
	if len(p.Apps) != 1 || p.Apps[0].App != "/web-blue" {
		t.Fatalf("web's page lists apps that are not web's: %+v", p.Apps)
	}
}
