package view

import (
	"sort"
	"strconv"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// App is one app of `yodel status`: one row of the table, one element of
// -o json.
type App struct {
	Service string `json:"service"`
	App     string `json:"app"`
	Yodel   bool   `json:"yodel"`           // carries YODEL_SERVICE
	Track   string `json:"track,omitempty"` // stable, canary, or "" when unknown
	// From the routing state, when the realm's store has the service:
	// the canary's share of traffic (0-100; absent means 0), whether it
	// is isolated (no public traffic), and the state's generation, which
	// the lb agents acknowledge.
	CanaryWeight float64 `json:"canaryWeight,omitempty"`
	Isolated     bool    `json:"isolated,omitempty"`
	Generation   int64   `json:"generation,omitempty"`
	Release      string  `json:"release,omitempty"`
	Healthy      int     `json:"healthy"`
	Running      int     `json:"running"`
	Wanted       int     `json:"wanted"`
	Deployment   string  `json:"deployment,omitempty"` // id of a deployment in progress
	LastFailure  string  `json:"lastFailure,omitempty"`
}

// Key identifies an app across refreshes.
func (a App) Key() string { return a.App }

// TrackText is the track as shown: a canary shows its share of traffic, or
// that it gets none but the smoke tests' (isolated).
func (a App) TrackText() string {
	if a.Track != appdef.TrackCanary {
		return a.Track
	}
	if a.Isolated {
		return "canary isolated"
	}
	return "canary " + strconv.FormatFloat(a.CanaryWeight, 'f', -1, 64) + "%"
}

// Route is what the routing state says about one app.
type Route struct {
	Track        string
	CanaryWeight float64
	Isolated     bool
	Generation   int64
}

// Routes maps each app the routing states name to its route.
func Routes(rts []state.Routing) map[string]Route {
	routes := map[string]Route{}
	for _, rt := range rts {
		if rt.Stable != "" {
			routes[rt.Stable] = Route{Track: appdef.TrackStable, Generation: rt.Generation}
		}
		if rt.Canary != "" {
			routes[rt.Canary] = Route{Track: appdef.TrackCanary, CanaryWeight: rt.CanaryWeight, Isolated: rt.CanaryIsolated, Generation: rt.Generation}
		}
	}
	return routes
}

// Apps builds the status of Marathon's apps with the app → route map,
// sorted by service then app; svc, when set, keeps only that service's.
func Apps(apps []marathon.App, routes map[string]Route, svc string) []App {
	out := make([]App, 0, len(apps))
	for i := range apps {
		a := &apps[i]
		rt := routes[a.ID]
		v := App{Service: a.Service(), App: a.ID, Release: a.Label(appdef.LabelRelease), Wanted: a.WantedInstances(),
			Track: rt.Track, CanaryWeight: rt.CanaryWeight, Isolated: rt.Isolated, Generation: rt.Generation}
		v.Yodel = v.Service != ""
		if !v.Yodel {
			v.Service = strings.TrimPrefix(a.ID, "/")
		}
		if svc != "" && v.Service != svc {
			continue
		}
		for _, t := range a.Tasks {
			if marathon.TaskRunning(t) {
				v.Running++
			}
			if a.TaskHealthy(t) {
				v.Healthy++
			}
		}
		if ids := a.DeploymentIDs(); len(ids) > 0 {
			v.Deployment = strings.Join(ids, ",")
		}
		if f := a.LastTaskFailure; f != nil && f.TaskID != "" {
			v.LastFailure = strings.TrimSpace(f.State + " " + f.Message)
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Service != out[j].Service {
			return out[i].Service < out[j].Service
		}
		return out[i].App < out[j].App
	})
	return out
}
