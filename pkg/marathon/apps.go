package marathon

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	gm "github.com/gambol99/go-marathon"
)

// appsEmbed asks /v2/apps for what status and the lb agent need in one
// request (counts and deployments are always embedded by Marathon).
var appsEmbed = url.Values{"embed": {"apps.tasks", "apps.deployments", "apps.lastTaskFailure"}}

// Apps lists every app with its tasks, health results, deployments and last
// task failure.
func (c *Client) Apps(ctx context.Context) ([]App, error) {
	return c.listApps(ctx, appsEmbed)
}

// ServiceApps lists the service's apps (the stable and the canary app), with
// tasks as in Apps: the apps labelled YODEL_SERVICE=svc whose ids are the
// service's own (IsServiceAppID). An app another Marathon user labelled so
// is left out: a destroy must not delete it, nor a drain touch its tasks.
func (c *Client) ServiceApps(ctx context.Context, svc string) ([]App, error) {
	if !serviceRe.MatchString(svc) {
		return nil, fmt.Errorf("marathon: invalid service name %q: lower-case letters, digits and '-'", svc)
	}
	apps, err := c.listApps(ctx, embedded("label", LabelService+"=="+svc))
	if err != nil {
		return nil, err
	}
	// Filter again: a Marathon (or proxy) that ignores the selector must
	// not make other services' apps look like ours.
	out := apps[:0]
	for _, a := range apps {
		if a.TooLarge != nil {
			// Unread, so its labels are unknown: one of the service's own
			// ids (or one that came after the cap) stops the read, as a
			// change must not go on without it; another id is not ours.
			if a.ID == "" || IsServiceAppID(svc, a.ID) {
				return nil, a.TooLarge
			}
			continue
		}
		if a.Service() == svc && IsServiceAppID(svc, a.ID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// AppsWithID lists, as Apps does, the apps whose id contains part in any
// case (Marathon's own id filter); part "" lists every app. One service's
// status reads its few apps this way, not a realm of a thousand. The
// answer is a superset that the caller picks from (and a proxy that drops
// the filter makes it the whole realm), not a list of one service's apps:
// ServiceApps is that.
func (c *Client) AppsWithID(ctx context.Context, part string) ([]App, error) {
	if part == "" {
		return c.Apps(ctx)
	}
	return c.listApps(ctx, embedded("id", part))
}

// embedded is a query of one key with appsEmbed's.
func embedded(key, value string) url.Values {
	q := url.Values{key: {value}}
	for k, v := range appsEmbed {
		q[k] = v
	}
	return q
}

func (c *Client) listApps(ctx context.Context, q url.Values) ([]App, error) {
	var apps []App
	err := c.eachApp(ctx, q, func(a *App) error {
		apps = append(apps, *a)
		return nil
	})
	return apps, err
}

// EachApp reads every app as Apps does, handing each to fn as it is
// decoded: the answer for a large realm never exists in memory at once,
// only one app of it. An app over the cap of one (MaxResponseBytes) is
// handed as Apps lists it: its id and TooLarge. An error from fn stops
// the read and is returned.
func (c *Client) EachApp(ctx context.Context, fn func(a *App) error) error {
	return c.eachApp(ctx, appsEmbed, fn)
}

// EachRoutedApp reads every app as EachApp does, but decodes only what
// routing to its tasks takes: the app's id, labels, port definitions, port
// mappings (1.4's container.docker or 1.10's container), whether it has
// health checks (one check stands for them: the one whose first result
// is due last, LatestCheck), and each task's id, appId, host, ports,
// servicePorts, state, slaveId, version and health results' alive and
// firstSuccess (without results, its startedAt), and what
// ScaleCheckKills reads (keepRouting). Everything else of the App is zero.
// Each App handed to fn is its own: fn may keep it.
// An lb agent's full read of a thousand apps decodes a third of what
// EachApp would (App's own UnmarshalJSON reads each app twice more) and
// keeps none of the rest. It holds no app whole (walkRouted): an app of
// any size costs a buffer; one whose routing part alone is over
// MaxResponseBytes is left out (and logged), not the whole read failed.
func (c *Client) EachRoutedApp(ctx context.Context, fn func(a *App) error) error {
	return c.eachStreamed(ctx, appsEmbed, func(r io.Reader, fn func(*App) error) error {
		return walkRouted(r, int(c.oneAppLimit()), fn, func(e *AppTooLargeError) error {
			if c.leftOut != nil {
				c.leftOut(e)
				return nil
			}
			c.log.Warn("marathon: an app left out of the routing read", "err", e)
			return nil
		})
	}, fn)
}

func (c *Client) eachApp(ctx context.Context, q url.Values, fn func(a *App) error) error {
	return c.eachStreamed(ctx, q, func(r io.Reader, fn func(*App) error) error {
		return walkWhole(r, int(c.oneAppLimit()), fn, func(e *AppTooLargeError) error {
			a := &App{TooLarge: e}
			a.ID = e.ID
			return fn(a)
		})
	}, fn)
}

// eachStreamed reads /v2/apps with q, walk handing each app to fn; fn's
// error is returned as it is.
func (c *Client) eachStreamed(ctx context.Context, q url.Values, walk func(io.Reader, func(*App) error) error, fn func(a *App) error) error {
	var fnErr error
	_, err := c.getStream(ctx, "/v2/apps", q, func(r io.Reader) error {
		return walk(r, func(a *App) error {
			fnErr = fn(a)
			return fnErr
		})
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// routedApp is what EachRoutedApp decodes of an app (walkRouted), its
// labels aside: they are read one by one.
type routedApp struct {
	ID              string               `json:"id"`
	PortDefinitions *[]gm.PortDefinition `json:"portDefinitions"`
	HealthChecks    []checkTiming        `json:"healthChecks"`
	Tasks           []*Task              `json:"tasks"`
	Instances       *int                 `json:"instances"`
	KillSelection   string               `json:"killSelection"`
	Deployments     []map[string]string  `json:"deployments"`
	Constraints     *[][]string          `json:"constraints"`
	Container       *struct {
		Docker *struct {
			PortMappings *[]gm.PortMapping `json:"portMappings"`
		} `json:"docker"`
		PortMappings *[]gm.PortMapping `json:"portMappings"` // 1.10
	} `json:"container"`
}

// fromRouted gives a (which has its labels) the rest of what routing
// takes of r.
func fromRouted(r *routedApp, a *App) {
	a.ID, a.PortDefinitions = r.ID, r.PortDefinitions
	if c := r.Container; c != nil {
		pm := c.PortMappings
		if c.Docker != nil && c.Docker.PortMappings != nil {
			pm = c.Docker.PortMappings
		}
		if pm != nil {
			a.Container = &gm.Container{Docker: &gm.Docker{PortMappings: pm}}
		}
	}
	if len(r.HealthChecks) > 0 {
		a.HealthChecks = &[]gm.HealthCheck{latestCheck(r.HealthChecks)}
	}
	src := &App{KillSelection: r.KillSelection}
	src.Instances, src.Deployments, src.Constraints, src.Tasks = r.Instances, r.Deployments, r.Constraints, r.Tasks
	keepRouting(a, src)
}

// RoutingCopy is the part of a the lb agent routes by, exactly what
// EachRoutedApp decodes of the same answer: its id, labels, service
// ports, whether it has health checks (and when their first result is
// due), its tasks' ids, addresses, ports, states and health results (or,
// without results, their start), and what tells the tasks its next scale
// check will kill (ScaleCheckKills). The agent holds 1000 apps; the whole
// of Marathon's answer (commands, environments, most constraints,
// timestamps, the details of every health result) is several times the
// size and never read by it.
func RoutingCopy(a *App) *App {
	s := &App{}
	s.ID = a.ID
	s.Labels = routingLabels(a.Labels)
	s.PortDefinitions = a.PortDefinitions
	if c := a.Container; c != nil && c.Docker != nil && c.Docker.PortMappings != nil {
		s.Container = &gm.Container{Docker: &gm.Docker{PortMappings: c.Docker.PortMappings}}
	}
	if a.HasHealthChecks() {
		// Their presence, and when their first result is due.
		s.HealthChecks = &[]gm.HealthCheck{LatestCheck(*a.HealthChecks)}
	}
	keepRouting(s, a)
	return s
}

// maxRoutingLabel is the longest label key and value routing reads: a
// service name, a release, a port's protocol are far shorter.
const maxRoutingLabel = 1 << 10

// routingLabels is what routing reads of an app's labels: yodel's
// (YODEL_*) and marathon-lb's (HAPROXY_*), each at most maxRoutingLabel
// long; a longer value is no valid service name or port mode, so it counts
// as unset. The rest is anybody's, of any size: an lb agent beside every
// HAProxy must not hold megabytes of labels a Marathon user posted.
func routingLabels(l *map[string]string) *map[string]string {
	if l == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range *l {
		if routingLabelKey(k) && len(v) <= maxRoutingLabel {
			out[k] = v
		}
	}
	return &out
}

// routingLabelKey reports whether routing reads the label k (its value
// too, when at most maxRoutingLabel long).
func routingLabelKey(k string) bool {
	return (strings.HasPrefix(k, "YODEL_") || strings.HasPrefix(k, "HAPROXY_")) && len(k) <= maxRoutingLabel
}

// keepRouting gives dst what routing takes of src's tasks (routingTask)
// and what ScaleCheckKills reads of src: its instances, killSelection,
// whether a deployment holds it and its GROUP_BY constraints, and its
// tasks' start while its next scale check may kill some.
func keepRouting(dst, src *App) {
	keepForScaleCheck(dst, src)
	scaleDown, checked := mayScaleDown(src), dst.HasHealthChecks()
	dst.Tasks = make([]*Task, 0, len(src.Tasks))
	for _, t := range src.Tasks {
		if t != nil {
			started := scaleDown || (checked && len(t.HealthCheckResults) == 0)
			dst.Tasks = append(dst.Tasks, routingTask(t, started))
		}
	}
}

// routingTask is what routing takes of t (EachRoutedApp): id, appId,
// host, ports, servicePorts, state, slaveId, version, and each health
// result's alive and firstSuccess (whether it ever passed); with started,
// its start: App.Unchecked reads it of a health-checked app's task without
// results, ScaleCheckKills of a task its app's scale check may kill.
func routingTask(t *Task, started bool) *Task {
	r := &Task{ID: t.ID, AppID: t.AppID, Host: t.Host, Ports: t.Ports, ServicePorts: t.ServicePorts,
		State: t.State, SlaveID: t.SlaveID, Version: t.Version}
	if started {
		r.StartedAt = t.StartedAt
	}
	if len(t.HealthCheckResults) > 0 {
		r.HealthCheckResults = make([]*gm.HealthCheckResult, len(t.HealthCheckResults))
		for i, h := range t.HealthCheckResults {
			if h != nil {
				r.HealthCheckResults[i] = &gm.HealthCheckResult{Alive: h.Alive, FirstSuccess: h.FirstSuccess}
			}
		}
	}
	return r
}

// dropNilTasks removes `null` entries a broken or hostile Marathon may send
// in an app's task list, so no caller dereferences one.
func dropNilTasks(a *App) {
	if a == nil || len(a.Tasks) == 0 {
		return
	}
	out := a.Tasks[:0]
	for _, t := range a.Tasks {
		if t != nil {
			out = append(out, t)
		}
	}
	a.Tasks = out
}

// App returns one app with tasks, deployments and last task failure.
func (c *Client) App(ctx context.Context, id string) (*App, error) {
	id, err := normAppID(id)
	if err != nil {
		return nil, err
	}
	var res struct {
		App *App `json:"app"`
	}
	q := url.Values{"embed": {"app.tasks", "app.deployments", "app.lastTaskFailure"}}
	if _, err := c.do(ctx, http.MethodGet, "/v2/apps"+id, q, nil, &res); err != nil {
		return nil, err
	}
	if res.App == nil {
		return nil, fmt.Errorf("marathon: GET /v2/apps%s answered without an app", id)
	}
	dropNilTasks(res.App)
	return res.App, nil
}

// RoutedApp reads one app as EachRoutedApp reads each: what routing takes
// of it (RoutingCopy), without holding the rest of it whole. An app whose
// routing part is over MaxResponseBytes is a AppTooLargeError.
func (c *Client) RoutedApp(ctx context.Context, id string) (*App, error) {
	id, err := normAppID(id)
	if err != nil {
		return nil, err
	}
	var app *App
	var tooLarge *AppTooLargeError
	q := url.Values{"embed": {"app.tasks", "app.deployments"}}
	_, err = c.getStream(ctx, "/v2/apps"+id, q, func(r io.Reader) error {
		return walkAppsKey(r, int(c.oneAppLimit()), "app", false, func(a *App) error {
			app = a
			return nil
		}, func(e *AppTooLargeError) error { tooLarge = e; return nil })
	})
	switch {
	case err != nil:
		return nil, err
	case tooLarge != nil:
		if tooLarge.ID == "" {
			tooLarge.ID = id
		}
		return nil, tooLarge
	case app == nil:
		return nil, fmt.Errorf("marathon: GET /v2/apps%s answered without an app", id)
	}
	return app, nil
}

// oneAppLimit caps an answer read into memory and one app of a streamed
// one: MaxResponseBytes unless a test lowered it.
func (c *Client) oneAppLimit() int64 {
	if c.maxBody > 0 {
		return c.maxBody
	}
	return MaxResponseBytes
}

// AppVersions lists the app's stored versions, newest first.
func (c *Client) AppVersions(ctx context.Context, id string) ([]string, error) {
	id, err := normAppID(id)
	if err != nil {
		return nil, err
	}
	var res struct {
		Versions []string `json:"versions"`
	}
	if _, err := c.do(ctx, http.MethodGet, "/v2/apps"+id+"/versions", nil, nil, &res); err != nil {
		return nil, err
	}
	return res.Versions, nil
}

// AppVersion returns the app definition as it was at version.
func (c *Client) AppVersion(ctx context.Context, id, version string) (*App, error) {
	id, err := normAppID(id)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(version); err != nil {
		return nil, err
	}
	var app App
	if _, err := c.do(ctx, http.MethodGet, "/v2/apps"+id+"/versions/"+version, nil, nil, &app); err != nil {
		return nil, err
	}
	return &app, nil
}

// CreateApp creates app (POST /v2/apps).
func (c *Client) CreateApp(ctx context.Context, app *App) (DeploymentRef, error) {
	id, err := normAppID(app.ID)
	if err != nil {
		return DeploymentRef{}, err
	}
	a := *app
	a.ID = id
	var res App
	hdr, err := c.do(ctx, http.MethodPost, "/v2/apps", nil, &a, &res)
	if err != nil {
		return DeploymentRef{}, err
	}
	ref := DeploymentRef{ID: hdr.Get("Marathon-Deployment-Id"), Version: res.Version}
	if ref.ID == "" {
		if ids := res.DeploymentIDs(); len(ids) > 0 {
			ref.ID = ids[0]
		}
	}
	return ref, nil
}

// UpdateApp replaces the app's definition with app (creating it if absent).
// force cancels a deployment that holds the app instead of answering 409.
func (c *Client) UpdateApp(ctx context.Context, app *App, force bool) (DeploymentRef, error) {
	id, err := normAppID(app.ID)
	if err != nil {
		return DeploymentRef{}, err
	}
	a := *app
	a.ID = id
	q := forceQuery(force)
	q.Set("partialUpdate", "false")
	return c.change(ctx, http.MethodPut, "/v2/apps"+id, q, &a)
}

// ScaleApp sets the app's instances, leaving the rest of it alone.
func (c *Client) ScaleApp(ctx context.Context, id string, instances int, force bool) (DeploymentRef, error) {
	id, err := normAppID(id)
	if err != nil {
		return DeploymentRef{}, err
	}
	if instances < 0 {
		return DeploymentRef{}, fmt.Errorf("marathon: cannot scale %s to %d instances", id, instances)
	}
	return c.change(ctx, http.MethodPut, "/v2/apps"+id, forceQuery(force), map[string]int{"instances": instances})
}

// RollbackApp makes the stored version the app's definition again.
func (c *Client) RollbackApp(ctx context.Context, id, version string, force bool) (DeploymentRef, error) {
	id, err := normAppID(id)
	if err != nil {
		return DeploymentRef{}, err
	}
	if err := checkVersion(version); err != nil {
		return DeploymentRef{}, err
	}
	return c.change(ctx, http.MethodPut, "/v2/apps"+id, forceQuery(force), map[string]string{"version": version})
}

// RestartApp replaces every task (same definition, new version).
func (c *Client) RestartApp(ctx context.Context, id string, force bool) (DeploymentRef, error) {
	id, err := normAppID(id)
	if err != nil {
		return DeploymentRef{}, err
	}
	return c.change(ctx, http.MethodPost, "/v2/apps"+id+"/restart", forceQuery(force), struct{}{})
}

// DeleteApp destroys the app and its tasks.
func (c *Client) DeleteApp(ctx context.Context, id string, force bool) (DeploymentRef, error) {
	id, err := normAppID(id)
	if err != nil {
		return DeploymentRef{}, err
	}
	return c.change(ctx, http.MethodDelete, "/v2/apps"+id, url.Values{"force": {strconv.FormatBool(force)}}, nil)
}

// KillOptions are the flags of a task kill.
type KillOptions struct {
	Scale bool // lower instances by the number killed (starts a deployment)
	Wipe  bool // also forget resident tasks' reservations
	Force bool
}

// KillTasks kills tasks by id (POST /v2/tasks/delete, which takes any id
// format, unlike go-marathon's KillTask). With Scale the answer names the
// deployment; otherwise the ref is empty.
func (c *Client) KillTasks(ctx context.Context, ids []string, opts KillOptions) (DeploymentRef, error) {
	for _, id := range ids {
		if !taskIDRe.MatchString(id) {
			return DeploymentRef{}, fmt.Errorf("marathon: invalid task id %q", id)
		}
	}
	q := url.Values{}
	if opts.Scale {
		q.Set("scale", "true")
	}
	if opts.Wipe {
		q.Set("wipe", "true")
	}
	if opts.Force {
		q.Set("force", "true")
	}
	var ref DeploymentRef
	hdr, err := c.do(ctx, http.MethodPost, "/v2/tasks/delete", q, map[string][]string{"ids": ids}, nil)
	if err != nil {
		return ref, err
	}
	ref.ID = hdr.Get("Marathon-Deployment-Id")
	return ref, nil
}

// Deployments lists the deployments in progress.
func (c *Client) Deployments(ctx context.Context) ([]Deployment, error) {
	var deps []Deployment
	if _, err := c.do(ctx, http.MethodGet, "/v2/deployments", nil, nil, &deps); err != nil {
		return nil, err
	}
	return deps, nil
}

// CancelDeployment stops a deployment. Without force Marathon starts a
// deployment rolling it back and returns its ref; with force it just stops
// (the ref is empty).
func (c *Client) CancelDeployment(ctx context.Context, id string, force bool) (DeploymentRef, error) {
	if !deployIDRe.MatchString(id) {
		return DeploymentRef{}, fmt.Errorf("marathon: invalid deployment id %q", id)
	}
	return c.change(ctx, http.MethodDelete, "/v2/deployments/"+id, forceQuery(force), nil)
}

// Ping checks that some member answers /ping.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.do(ctx, http.MethodGet, "/ping", nil, nil, nil)
	return err
}

// Leader returns the leader's host:port.
func (c *Client) Leader(ctx context.Context) (string, error) {
	var res struct {
		Leader string `json:"leader"`
	}
	if _, err := c.do(ctx, http.MethodGet, "/v2/leader", nil, nil, &res); err != nil {
		return "", err
	}
	return res.Leader, nil
}

// change runs a call answered by a DeploymentResult.
func (c *Client) change(ctx context.Context, method, p string, q url.Values, body any) (DeploymentRef, error) {
	var ref DeploymentRef
	hdr, err := c.do(ctx, method, p, q, body, &ref)
	if err != nil {
		return DeploymentRef{}, err
	}
	if ref.ID == "" {
		ref.ID = hdr.Get("Marathon-Deployment-Id")
	}
	return ref, nil
}

func forceQuery(force bool) url.Values {
	q := url.Values{}
	if force {
		q.Set("force", "true")
	}
	return q
}
