package view

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	gm "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// App is one app of `yodel status`: one row of the table, one element of
// -o json.
type App struct {
	Service string `json:"service"`
	App     string `json:"app"`
	// Yodel: the app is one of its service's own, /<svc>-blue or
	// /<svc>-green, labelled YODEL_SERVICE=<svc>.
	Yodel bool `json:"yodel"`
	// LabelledService is the YODEL_SERVICE label of an app that is not
	// that service's own (its id is neither /<svc>-blue nor /<svc>-green):
	// anyone who can post to Marathon can label an app so, and it must not
	// pass for the service. It is not Yodel, its Service is named after
	// its id as for any other app, and it gets no track and no URL: the lb
	// agents do not route it as the service.
	LabelledService string `json:"labelledService,omitempty"`
	Track           string `json:"track,omitempty"` // stable, canary, or "" when unknown
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
	// LastFailure is Marathon's lastTaskFailure (state and message), unless
	// it is a deliberate kill: see DeliberateKill.
	LastFailure string `json:"lastFailure,omitempty"`
	// LastFailureAt is when it happened: Marathon keeps an app's last
	// failure for ever, so one from days ago (a sandbox stopped, a task
	// lost before the last deploy) reads as news without it.
	LastFailureAt time.Time `json:"lastFailureAt,omitzero"`

	// While tasks of an older configuration still run (a rolling
	// deployment replacing them in place): the tasks of the current
	// configuration (Release) and the older ones, counted apart. Healthy
	// and Running stay the totals.
	NewHealthy int `json:"newHealthy,omitempty"`
	NewRunning int `json:"newRunning,omitempty"`
	OldHealthy int `json:"oldHealthy,omitempty"`
	OldRunning int `json:"oldRunning,omitempty"`

	// HealthCheckFailure names why running tasks fail their health check:
	// the check (protocol and path or command), Marathon's
	// lastFailureCause (an HTTP status, a connection error) and how many
	// tasks fail it.
	HealthCheckFailure string `json:"healthCheckFailure,omitempty"`
	// NoHealthChecks: Marathon counts the app's tasks healthy as soon as
	// they run, so a restart or rolling deploy kills old tasks for new
	// ones that have proved nothing.
	NoHealthChecks bool `json:"noHealthChecks,omitempty"`
	// Unchecked counts running tasks Marathon has had no health result
	// for long after their start (marathon.App.Unchecked): a Marathon 1.4
	// leader never checks a task whose app version it garbage-collected.
	// They are not Healthy for Marathon; the lb agents route them.
	Unchecked int `json:"unchecked,omitempty"`
	// Unreachable counts tasks whose agent Mesos lost (TASK_UNREACHABLE):
	// not serving, not routed; Marathon replaces them per the app's
	// unreachableStrategy (at once by default) and lists them until it
	// expunges them.
	Unreachable int `json:"unreachable,omitempty"`
	// Surplus lists the running tasks beyond the app's instances that
	// Marathon's next scale check will kill (marathon.ScaleCheckKills:
	// a task Mesos lost, back beside its replacement). The lb agents drain
	// them meanwhile.
	Surplus []string `json:"surplus,omitempty"`

	// From the lb agents (see AddRouting): the servicePorts they bind for
	// the app's service, the URLs that reach it through each HAProxy, and
	// why an agent does not route it ("agent ID: reason").
	ServicePorts  []int    `json:"servicePorts,omitempty"`
	URLs          []string `json:"urls,omitempty"`
	RoutingErrors []string `json:"routingErrors,omitempty"`
	// ServersUnread says which agents could not tell how their HAProxy
	// holds the tasks ("agent ID: reason"; see AddTaskRouting): their
	// HAPROXY cells are missing, which is not a routing failure (an agent
	// older than the servers endpoint routes as well as before).
	ServersUnread []string `json:"serversUnread,omitempty"`

	// CanaryRoutes, on a canary app, are where its own tasks answer
	// whatever its share of traffic (the isolated step's smoke target):
	// an HTTP port's URL with the realm's canary header, a TCP port's
	// isolated port. URLs reach the service, so an isolated canary only
	// through these.
	CanaryRoutes []CanaryRoute `json:"canaryRoutes,omitempty"`

	// tcpPorts are the app's servicePorts routed as tcp (AddRouting's
	// URLs say tcp:// for them, http:// for the others).
	tcpPorts []int
	// canaryPorts are a canary app's ports in its routing state.
	canaryPorts []state.Port

	// Autoscale is the manifest's autoscale section the app carries (its
	// YODEL_AUTOSCALE label): the realm's server changes its instances.
	Autoscale *manifest.AutoscalePolicy `json:"autoscale,omitempty"`

	// KeptUntil is set on the previous release of a canary rollout in its
	// rollback window (canary.keepPrevious): it runs at weight 0 until
	// then, and `yodel rollback` flips all traffic back to it at once.
	KeptUntil time.Time `json:"keptUntil,omitzero"`

	// Tasks are the app's tasks, listed when one service is asked for
	// (Apps with svc): `yodel status SERVICE`, the dashboard's service
	// page.
	Tasks []Task `json:"tasks,omitempty"`

	// Unread says why Marathon's answer for the app was not read (it was
	// larger than yodel reads of one app: marathon.App.TooLarge); the row
	// has only its id, and the service's when a routing state names the
	// app.
	Unread string `json:"unread,omitempty"`
}

// Failing says whether the app needs a look: fewer healthy tasks than
// it wants (a deployment in progress included), tasks failing their
// health check, an lb agent not routing its service, or (when its tasks
// were read) a task HAProxy's own check fails though Marathon's passes.
// A last task failure alone is not one: Marathon keeps it long after the
// app recovered.
func (a App) Failing() bool {
	healthy := a.Healthy
	if a.Updating() {
		// The old tasks count in Healthy until the deployment kills them:
		// one stuck on a release never healthy would keep its app whole.
		healthy = a.NewHealthy
	}
	return healthy < a.Wanted || a.HealthCheckFailure != "" || len(a.RoutingErrors) > 0 || a.Unread != "" ||
		slices.ContainsFunc(a.Tasks, func(t Task) bool { return t.CheckMismatch() != "" })
}

// Updating reports whether tasks of an older configuration still run
// beside the current one's.
func (a App) Updating() bool { return a.OldRunning > 0 }

// HealthyText is the HEALTHY cell: healthy/wanted, or while a deployment
// replaces tasks, the new release's healthy/wanted and the old tasks'
// healthy/running apart ("1/3 v2 + 2/2 old").
func (a App) HealthyText() string {
	if !a.Updating() {
		return strconv.Itoa(a.Healthy) + "/" + strconv.Itoa(a.Wanted)
	}
	rel := a.Release
	if rel == "" {
		rel = "new"
	}
	return fmt.Sprintf("%d/%d %s + %d/%d old", a.NewHealthy, a.Wanted, rel, a.OldHealthy, a.OldRunning)
}

// DeliberateKill reports whether a lastTaskFailure is a kill yodel (or
// anyone) asked for rather than a failure. Marathon records TASK_KILLED
// there only when it killed a task for failing its health checks, with the
// message "Task was killed since health check failed" (TaskFailure.
// FromUnhealthyInstanceKillEvent; isFailureState excludes TASK_KILLED);
// any other killed or finished task (a scale-down, a kill, a replaced
// task, reported so by an emulator or a proxy) was stopped on purpose.
func DeliberateKill(f *gm.LastTaskFailure) bool {
	switch f.State {
	case "TASK_KILLED", "TASK_KILLING", "TASK_FINISHED":
		return !strings.Contains(strings.ToLower(f.Message), "health check")
	}
	return false
}

// Key identifies an app across refreshes.
func (a App) Key() string { return a.App }

// TrackText is the track as shown: a canary shows its share of traffic, or
// that it gets none but the smoke tests' (isolated).
func (a App) TrackText() string {
	if !a.KeptUntil.IsZero() {
		return "previous 0%"
	}
	if a.Track != appdef.TrackCanary {
		return a.Track
	}
	if a.Isolated {
		return "canary isolated"
	}
	return "canary " + strconv.FormatFloat(a.CanaryWeight, 'f', -1, 64) + "%"
}

// CanaryRoute is one way to reach a canary's tasks alone: a URL, with a
// request header for HTTP.
type CanaryRoute struct {
	URL    string `json:"url"`
	Header string `json:"header,omitempty"` // "Name: value"
}

// Route is what the routing state says about one app.
type Route struct {
	Track        string
	CanaryWeight float64
	Isolated     bool
	Generation   int64
	KeptUntil    time.Time
	// Ports are the service's (a canary's only: they name its isolated
	// ports).
	Ports []state.Port
}

// Routes maps each app the routing states name to its route.
func Routes(rts []state.Routing) map[string]Route {
	routes := map[string]Route{}
	for _, rt := range rts {
		if rt.Stable != "" {
			routes[rt.Stable] = Route{Track: appdef.TrackStable, Generation: rt.Generation}
			if r, err := canary.Decode(rt.Rollout); err == nil && r.Active() && r.Step == canary.StepKept {
				routes[rt.Stable] = Route{Track: appdef.TrackStable, Generation: rt.Generation, KeptUntil: r.KeptUntil}
			}
		}
		if rt.Canary != "" {
			routes[rt.Canary] = Route{Track: appdef.TrackCanary, CanaryWeight: rt.CanaryWeight, Isolated: rt.CanaryIsolated, Generation: rt.Generation, Ports: rt.Ports}
		}
	}
	return routes
}

// Apps builds the status of Marathon's apps with the app → route map,
// sorted by service then app; svc, when set, keeps only that service's
// and lists their tasks.
func Apps(apps []marathon.App, routes map[string]Route, svc string, now time.Time) []App {
	out := make([]App, 0, len(apps))
	for i := range apps {
		a := &apps[i]
		rt := routes[a.ID]
		label := a.Service()
		if a.TooLarge != nil && rt.Track != "" {
			// Unread, so unlabelled: a routing state naming it makes it the
			// service's app its id says.
			label = marathon.ServiceOfAppID(a.ID)
		}
		own := label != "" && marathon.IsServiceAppID(label, a.ID)
		if !own {
			// A routing state cannot make an app the service's either
			// (the lb agents refuse it: pkg/lb untiedApps).
			rt = Route{}
		}
		v := App{Service: label, App: a.ID, Release: a.Label(appdef.LabelRelease), Wanted: a.WantedInstances(),
			Track: rt.Track, CanaryWeight: rt.CanaryWeight, Isolated: rt.Isolated, Generation: rt.Generation, KeptUntil: rt.KeptUntil}
		if rt.Track == appdef.TrackCanary {
			v.canaryPorts = rt.Ports
		}
		v.Yodel = own
		if label != "" && !own {
			v.LabelledService = label
		}
		for i, p := range a.ServicePorts() {
			// As the lb agent routes it: tcp unless a label says http.
			if _, mode := a.PortModeLabel(i); !strings.EqualFold(mode, "http") {
				v.tcpPorts = append(v.tcpPorts, p)
			}
		}
		if own && a.Labels != nil { // the server scales only the routing state's stable app
			if p, ok, err := appdef.AutoscaleOf(*a.Labels); ok && err == nil {
				v.Autoscale = &p
			}
		}
		if !v.Yodel {
			v.Service = strings.TrimPrefix(a.ID, "/")
		}
		if svc != "" && v.Service != svc {
			continue
		}
		for _, t := range a.Tasks {
			if t == nil {
				continue
			}
			running, healthy := marathon.TaskRunning(t), a.TaskHealthy(t)
			if running {
				v.Running++
			}
			if healthy {
				v.Healthy++
			}
			v.Unchecked += b2i(a.Unchecked(t, now))
			v.Unreachable += b2i(marathon.TaskUnreachable(t))
			if a.IsCurrent(t.Version) {
				v.NewRunning += b2i(running)
				v.NewHealthy += b2i(healthy)
			} else {
				v.OldRunning += b2i(running)
				v.OldHealthy += b2i(healthy)
			}
		}
		v.Surplus = marathon.ScaleCheckKills(a, nil)
		if svc != "" {
			v.Tasks = Tasks(a, v.Surplus, now)
		}
		if v.OldRunning == 0 || len(a.DeploymentIDs()) == 0 {
			v.NewRunning, v.NewHealthy, v.OldHealthy, v.OldRunning = 0, 0, 0, 0
		}
		v.HealthCheckFailure = a.FailingHealthCheck(false)
		v.NoHealthChecks = !a.HasHealthChecks()
		if ids := a.DeploymentIDs(); len(ids) > 0 {
			v.Deployment = strings.Join(ids, ",")
		}
		if f := a.LastTaskFailure; f != nil && f.TaskID != "" && !DeliberateKill(f) {
			v.LastFailure = strings.TrimSpace(f.State + " " + f.Message)
			v.LastFailureAt, _ = time.Parse(time.RFC3339Nano, f.Timestamp)
		}
		if a.TooLarge != nil {
			// Nothing of it is known but its id: not the one instance and
			// no checks an empty definition would say.
			v.Unread = fmt.Sprintf("not read: larger than %s, the most yodel reads of one app (check its labels, environment and command)", a.TooLarge.LimitText())
			v.Wanted, v.NoHealthChecks = 0, false
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

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
