package emulator

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Handler is the emulator's whole HTTP surface: /ping, /v2/... and the
// fault injection endpoints under /_emulator/.
func (e *Emulator) Handler() http.Handler {
	return http.HandlerFunc(e.serveHTTP)
}

func (e *Emulator) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		// Faults, kills and leadership are writes like any other: with
		// credentials configured they need them (they used to answer
		// anyone).
		if e.allowed(w, r) {
			e.serveFaults(w, r)
		}
		return
	}
	serve, after := e.faults.before(w, r)
	if !serve || !e.allowed(w, r) {
		return
	}
	if after != 0 {
		// Applied, then answered as failed: the caller cannot tell.
		real := w
		w = &discard{h: http.Header{}}
		defer writeJSON(real, after, map[string]string{"message": "injected failure after the request was applied"})
	}
	if r.Method == http.MethodGet && e.routeAgent(w, r) {
		return // the Mesos agent's API (task logs): not Marathon's, no leader
	}
	if e.leader != nil {
		if r.URL.Path != "/v2/events" {
			e.serving.RLock()
			defer e.serving.RUnlock()
		}
		if !e.leader.isLeader() {
			e.leader.proxy(w, r)
			return
		}
	}
	w.Header().Set("X-Marathon-Leader", e.scheme()+"://"+e.Addr())
	e.route(w, r)
}

// allowed answers 401 or 403 and returns false when the request's
// credential does not allow it.
func (e *Emulator) allowed(w http.ResponseWriter, r *http.Request) bool {
	switch e.authorize(r) {
	case accessNone:
		w.Header().Set("WWW-Authenticate", `basic realm="Mesosphere"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Invalid username or password."})
		return false
	case accessRead:
		if !readOnlyMethod(r.Method) {
			writeJSON(w, http.StatusForbidden, map[string]string{"message": "Not Authorized to perform this action!"})
			return false
		}
	}
	return true
}

// access is what a request's credential allows.
type access int

const (
	accessNone access = iota // 401
	accessRead               // GET only; anything else 403
	accessAll
)

// authorize checks the request's credential against every one configured;
// with none configured, everyone may do everything.
func (e *Emulator) authorize(r *http.Request) access {
	c := e.cfg
	if c.Credentials == "" && c.Token == "" && c.ReadOnlyCredentials == "" && c.ReadOnlyToken == "" {
		return accessAll
	}
	token := func(want string) bool {
		return want != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("token="+want)) == 1
	}
	u, p, basicOK := r.BasicAuth()
	basic := func(want string) bool {
		return want != "" && basicOK && subtle.ConstantTimeCompare([]byte(u+":"+p), []byte(want)) == 1
	}
	switch {
	case token(c.Token) || basic(c.Credentials):
		return accessAll
	case token(c.ReadOnlyToken) || basic(c.ReadOnlyCredentials):
		return accessRead
	}
	return accessNone
}

// readOnlyMethod: what a viewer may send. The event stream is a GET.
func readOnlyMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

var (
	reRestart  = regexp.MustCompile(`^(.+)/restart$`)
	reTasks    = regexp.MustCompile(`^(.+)/tasks$`)
	reTask     = regexp.MustCompile(`^(.+)/tasks/([^/]+)$`)
	reVersions = regexp.MustCompile(`^(.+)/versions$`)
	reVersion  = regexp.MustCompile(`^(.+)/versions/([^/]+)$`)
	reDelay    = regexp.MustCompile(`^/v2/queue/(.+)/delay$`)
)

func (e *Emulator) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	m := r.Method
	switch {
	case p == "/ping":
		if strings.Contains(r.Header.Get("Accept"), "application/json") {
			writeJSON(w, 200, "pong")
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "pong\n")
	case p == "/v2/events" && m == http.MethodGet:
		e.serveEvents(w, r)
	case p == "/v2/apps":
		switch m {
		case http.MethodGet:
			e.listApps(w, r)
		case http.MethodPost:
			e.do(w, r, e.createApp)
		case http.MethodPut, http.MethodPatch:
			e.do(w, r, e.updateApps)
		default:
			methodNotAllowed(w)
		}
	case strings.HasPrefix(p, "/v2/apps/"):
		e.routeApp(w, r, strings.TrimPrefix(p, "/v2/apps"))
	case p == "/v2/tasks" && m == http.MethodGet:
		e.listTasks(w, r)
	case p == "/v2/tasks/delete" && m == http.MethodPost:
		e.do(w, r, e.deleteTasksBulk)
	case p == "/v2/deployments" && m == http.MethodGet:
		e.listDeployments(w)
	case strings.HasPrefix(p, "/v2/deployments/") && m == http.MethodDelete:
		e.do(w, r, func(r *http.Request, body []byte) (*reply, error) {
			return e.deleteDeployment(r, strings.TrimPrefix(p, "/v2/deployments/"))
		})
	case p == "/v2/groups" || strings.HasPrefix(p, "/v2/groups/"):
		e.routeGroups(w, r, strings.TrimPrefix(p, "/v2/groups"))
	case p == "/v2/queue" && m == http.MethodGet:
		e.queue(w)
	case reDelay.MatchString(p) && m == http.MethodDelete:
		e.do(w, r, func(*http.Request, []byte) (*reply, error) {
			return e.resetDelay(canonicalID(reDelay.FindStringSubmatch(p)[1]))
		})
	case p == "/v2/info" && m == http.MethodGet:
		writeJSON(w, 200, e.info())
	case p == "/v2/leader":
		e.serveLeader(w, r)
	case p == "/v2/eventSubscriptions" && e.mode.httpCallbacks:
		e.serveSubscriptions(w, r)
	default:
		writeJSON(w, 404, map[string]string{"message": "Not Found"})
	}
}

func (e *Emulator) routeApp(w http.ResponseWriter, r *http.Request, rest string) {
	m := r.Method
	switch {
	case reRestart.MatchString(rest) && m == http.MethodPost:
		id := canonicalID(reRestart.FindStringSubmatch(rest)[1])
		e.do(w, r, func(r *http.Request, _ []byte) (*reply, error) { return e.restartApp(r, id) })
	case reTasks.MatchString(rest) && (m == http.MethodGet || m == http.MethodDelete):
		id := canonicalID(reTasks.FindStringSubmatch(rest)[1])
		if m == http.MethodGet {
			e.do(w, r, func(*http.Request, []byte) (*reply, error) { return e.appTasks(id) })
		} else {
			e.do(w, r, func(r *http.Request, _ []byte) (*reply, error) { return e.killAppTasks(r, id, "") })
		}
	case reTask.MatchString(rest) && m == http.MethodDelete:
		sm := reTask.FindStringSubmatch(rest)
		e.do(w, r, func(r *http.Request, _ []byte) (*reply, error) { return e.killAppTasks(r, canonicalID(sm[1]), sm[2]) })
	case reVersions.MatchString(rest) && m == http.MethodGet:
		id := canonicalID(reVersions.FindStringSubmatch(rest)[1])
		e.do(w, r, func(*http.Request, []byte) (*reply, error) { return e.appVersions(id) })
	case reVersion.MatchString(rest) && m == http.MethodGet:
		sm := reVersion.FindStringSubmatch(rest)
		e.do(w, r, func(*http.Request, []byte) (*reply, error) { return e.appVersion(canonicalID(sm[1]), sm[2]) })
	default:
		id := canonicalID(rest)
		switch m {
		case http.MethodGet:
			e.do(w, r, func(r *http.Request, _ []byte) (*reply, error) { return e.getApp(r, id) })
		case http.MethodPut, http.MethodPatch:
			e.do(w, r, func(r *http.Request, body []byte) (*reply, error) { return e.putApp(r, id, body) })
		case http.MethodDelete:
			e.do(w, r, func(r *http.Request, _ []byte) (*reply, error) { return e.deleteApp(r, id) })
		default:
			methodNotAllowed(w)
		}
	}
}

// reply is a handler's answer; raw bodies skip JSON encoding.
type reply struct {
	status int
	body   any
	raw    []byte
	header map[string]string
}

func (e *Emulator) do(w http.ResponseWriter, r *http.Request, h func(*http.Request, []byte) (*reply, error)) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		writeJSON(w, 400, map[string]string{"message": "reading the request body: " + err.Error()})
		return
	}
	rep, err := h(r, body)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			writeJSON(w, ae.Status, ae.Body)
			return
		}
		writeJSON(w, 500, map[string]string{"message": err.Error()})
		return
	}
	if !readOnlyMethod(r.Method) && rep.status < 300 {
		if err := e.commit(); err != nil {
			// The change is in memory and may yet be saved, but a 2xx
			// promises it survives a restart, which cannot be promised.
			e.log.Error("persisting an accepted change", "method", r.Method, "path", r.URL.Path, "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"message": "persisting the change failed: " + err.Error()})
			return
		}
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	if rep.raw != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = w.Write(rep.raw)
		return
	}
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	writeJSON(w, rep.status, rep.body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = 500, []byte(`{"message":"encoding the response failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func methodNotAllowed(w http.ResponseWriter) {
	writeJSON(w, 405, map[string]string{"message": "HTTP 405 Method Not Allowed"})
}

// boolParam reads a query boolean the way Marathon does: "true" in any
// case is true, anything else false.
func boolParam(r *http.Request, name string, def bool) bool {
	v, ok := r.URL.Query()[name]
	if !ok || len(v) == 0 {
		return def
	}
	return strings.EqualFold(v[0], "true")
}

func deploymentResult(d *deployment, status int) *reply {
	return &reply{status: status, body: map[string]string{"deploymentId": d.ID, "version": d.Version},
		header: map[string]string{"Marathon-Deployment-Id": d.ID}}
}

func appMissing(id string) error { return errMessage(404, "App '%s' does not exist", id) }

// live returns a non-deleted app.
func (e *Emulator) live(id string) *appState {
	as := e.apps[id]
	if as == nil || as.deleted {
		return nil
	}
	return as
}

func (e *Emulator) postEvent(r *http.Request, app *App) {
	e.publish("api_post_event", map[string]any{"clientIp": hostOf(r.RemoteAddr), "uri": r.URL.Path, "appDefinition": e.appWire(app)})
}

func (e *Emulator) groupChanged(version string) {
	e.rootChanged(version)
	e.publish("group_change_success", map[string]any{"groupId": "/", "version": version})
}

// checkRunnable refuses definitions this emulator cannot run.
func (e *Emulator) checkRunnable(app *App) error {
	if app.image() != "" && e.cfg.Executor == ExecutorProcess && !dockerAvailable() {
		var v violations
		v.add("/container/docker/image", "image %q cannot run: no Docker engine on this host, and this emulator's process executor runs commands only; give the app a 'cmd' instead of an image (in a yodel manifest, cmd: in place of image:, as in yodel init <service> --cmd \"...\"; the sandbox's example service is cmd: yodel example hello)", app.image())
		return v.err()
	}
	if app.image() == "" && app.Cmd == nil && e.cfg.Executor == ExecutorProcess {
		var v violations
		v.add("/cmd", "a container without an image has nothing to run; give a 'cmd'")
		return v.err()
	}
	return nil
}

func (e *Emulator) createApp(r *http.Request, body []byte) (*reply, error) {
	m, err := decodeObject(body)
	if err != nil {
		return nil, err
	}
	app, err := e.parseApp(m, "")
	if err != nil {
		return nil, err
	}
	if err := e.checkRunnable(app); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.live(app.ID) != nil {
		return nil, errMessage(409, "An app with id [%s] already exists.", app.ID)
	}
	if e.groupExists(app.ID) {
		return nil, errMessage(409, "A group with id [%s] already exists.", app.ID)
	}
	if err := e.checkLocks(boolParam(r, "force", false), app.ID); err != nil {
		return nil, err
	}
	if err := e.assignServicePorts(app, nil); err != nil {
		return nil, err
	}
	now := e.clock.next()
	d := e.storeNewApp(r, app, now)
	e.wake()
	out := e.appJSON(e.apps[app.ID], embedOpts{counts: true, deployments: true})
	loc := e.scheme() + "://" + r.Host + "/v2/apps" + app.ID
	return &reply{status: 201, raw: out, header: map[string]string{"Location": loc, "Marathon-Deployment-Id": d.ID}}, nil
}

func (e *Emulator) storeNewApp(r *http.Request, app *App, now time.Time) *deployment {
	v := ts(now)
	app.Version = v
	app.VersionInfo = VersionInfo{LastScalingAt: v, LastConfigChangeAt: v}
	as := &appState{app: app, versions: map[string]*App{v: app}, tasks: map[string]*Task{}}
	old := e.apps[app.ID]
	if old != nil {
		as.tasks, as.hc = old.tasks, old.hc // tasks of a deleted app still dying
	}
	e.adoptVersions(as, old)
	e.apps[app.ID] = as
	e.postEvent(r, app)
	d := e.newDeployment(v, []change{{id: app.ID, to: app}})
	e.groupChanged(v)
	e.markDirty()
	return d
}

// putApp is PUT and PATCH /v2/apps/{id}.
func (e *Emulator) putApp(r *http.Request, id string, body []byte) (*reply, error) {
	m, err := decodeObject(body)
	if err != nil {
		return nil, err
	}
	stripNulls(m)
	rollbackTo, rollback, err := onlyIDAndVersion(m)
	if err != nil {
		return nil, err
	}
	partial := boolParam(r, "partialUpdate", true) || r.Method == http.MethodPatch
	force := boolParam(r, "force", false)
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil && (r.Method == http.MethodPatch || rollback) {
		return nil, appMissing(id)
	}
	if as == nil {
		app, err := e.parseApp(m, id)
		if err != nil {
			return nil, err
		}
		if err := e.checkRunnable(app); err != nil {
			return nil, err
		}
		if err := e.checkLocks(force, id); err != nil {
			return nil, err
		}
		if err := e.assignServicePorts(app, nil); err != nil {
			return nil, err
		}
		d := e.storeNewApp(r, app, e.clock.next())
		e.wake()
		rep := deploymentResult(d, 201)
		rep.header["Location"] = e.scheme() + "://" + r.Host + "/v2/apps" + app.ID
		return rep, nil
	}
	var next *App
	if rollback {
		v := as.versions[rollbackTo]
		if v == nil {
			return nil, errMessage(404, "App '%s' does not exist in version %s", id, rollbackTo)
		}
		next = v.clone()
	} else {
		if partial {
			m = mergeUpdate(as.app, m)
		}
		next, err = e.parseApp(m, id)
		if err != nil {
			return nil, err
		}
		if err := e.checkRunnable(next); err != nil {
			return nil, err
		}
	}
	if err := e.checkLocks(force, id); err != nil {
		return nil, err
	}
	if err := e.assignServicePorts(next, as.app); err != nil {
		return nil, err
	}
	d := e.applyChange(r, as, next, false)
	return deploymentResult(d, 200), nil
}

// applyChange makes next the app's definition with a new version and
// starts the deployment. Caller holds e.mu and has checked the locks.
func (e *Emulator) applyChange(r *http.Request, as *appState, next *App, restart bool) *deployment {
	now := e.clock.next()
	d := e.applyChanges(r, now, []*appState{as}, []*App{next}, restart)
	e.wake()
	return d
}

func (e *Emulator) applyChanges(r *http.Request, now time.Time, states []*appState, nexts []*App, restart bool) *deployment {
	v := ts(now)
	var changes []change
	for i, as := range states {
		prev, next := as.app, nexts[i]
		next.Version = v
		// GroupVersioningUtil.updateVersionInfoForChangedApps: a config
		// change moves both; a scale and a restart (withScaleOrRestartChange)
		// move lastScalingAt only.
		switch {
		case !configEqual(prev, next):
			next.VersionInfo = VersionInfo{LastScalingAt: v, LastConfigChangeAt: v}
			resetBackoff(as)
		case restart:
			next.VersionInfo = VersionInfo{LastScalingAt: v, LastConfigChangeAt: prev.VersionInfo.LastConfigChangeAt}
			resetBackoff(as) // TaskReplaceActor resets the launch delay
		case prev.Instances != next.Instances:
			next.VersionInfo = VersionInfo{LastScalingAt: v, LastConfigChangeAt: prev.VersionInfo.LastConfigChangeAt}
		default:
			next.VersionInfo = prev.VersionInfo
		}
		as.app = next
		as.versions[v] = next
		if r != nil && !restart {
			e.postEvent(r, next)
		}
		changes = append(changes, change{id: next.ID, from: prev, to: next, restart: restart})
	}
	d := e.newDeployment(v, changes)
	e.groupChanged(v)
	e.markDirty()
	return d
}

// updateApps is PUT/PATCH /v2/apps with an array of apps: one deployment.
func (e *Emulator) updateApps(r *http.Request, body []byte) (*reply, error) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, jsonError(err)
	}
	partial := boolParam(r, "partialUpdate", true) || r.Method == http.MethodPatch
	force := boolParam(r, "force", false)
	e.mu.Lock()
	defer e.mu.Unlock()
	var states []*appState
	var nexts []*App
	var created []*App
	var ids []string
	for i, m := range list {
		stripNulls(m)
		var id string
		if raw, ok := m["id"]; !ok || json.Unmarshal(raw, &id) != nil {
			return nil, invalidJSON(fmt.Sprintf("(%d)/id", i), "error.path.missing")
		}
		id = canonicalID(id)
		ids = append(ids, id)
		as := e.live(id)
		if as != nil && partial {
			m = mergeUpdate(as.app, m)
		}
		app, err := e.parseApp(m, id)
		if err != nil {
			return nil, err
		}
		if err := e.checkRunnable(app); err != nil {
			return nil, err
		}
		if as == nil {
			created = append(created, app)
			continue
		}
		states, nexts = append(states, as), append(nexts, app)
	}
	if err := e.checkLocks(force, ids...); err != nil {
		return nil, err
	}
	for i, as := range states {
		if err := e.assignServicePorts(nexts[i], as.app); err != nil {
			return nil, err
		}
	}
	now := e.clock.next()
	v := ts(now)
	for _, app := range created {
		if err := e.assignServicePorts(app, nil); err != nil {
			return nil, err
		}
		app.Version = v
		app.VersionInfo = VersionInfo{LastScalingAt: v, LastConfigChangeAt: v}
		as := &appState{app: app, versions: map[string]*App{v: app}, tasks: map[string]*Task{}}
		old := e.apps[app.ID]
		if old != nil {
			as.tasks, as.hc = old.tasks, old.hc
		}
		e.adoptVersions(as, old)
		e.apps[app.ID] = as
		e.postEvent(r, app)
	}
	d := e.applyChanges(r, now, states, nexts, false)
	for _, app := range created {
		d.Affected = append(d.Affected, app.ID)
		d.Target[app.ID] = app
	}
	if len(created) > 0 {
		d.Steps = replanWithStarts(d.Steps, created)
	}
	e.wake()
	return deploymentResult(d, 200), nil
}

// replanWithStarts adds Start and Scale actions for apps created in a bulk
// update, keeping Marathon's step order (stop, start, scale/restart).
func replanWithStarts(steps []step, created []*App) []step {
	var stops, rest []step
	for _, s := range steps {
		if len(s.Actions) > 0 && s.Actions[0].Action == actStop {
			stops = append(stops, s)
		} else {
			rest = append(rest, s)
		}
	}
	start := step{}
	scale := step{}
	for _, a := range created {
		start.Actions = append(start.Actions, action{actStart, a.ID})
		scale.Actions = append(scale.Actions, action{actScale, a.ID})
	}
	if len(rest) == 0 {
		rest = []step{scale}
	} else {
		rest[0].Actions = append(rest[0].Actions, scale.Actions...)
	}
	return append(append(stops, start), rest...)
}

func (e *Emulator) deleteApp(r *http.Request, id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil {
		return nil, appMissing(id)
	}
	if err := e.checkLocks(boolParam(r, "force", true), id); err != nil {
		return nil, err
	}
	d := e.deleteApps(as)
	return deploymentResult(d, 200), nil
}

func (e *Emulator) deleteApps(states ...*appState) *deployment {
	v := ts(e.clock.next())
	var changes []change
	for _, as := range states {
		as.deleted = true
		changes = append(changes, change{id: as.app.ID, from: as.app})
	}
	d := e.newDeployment(v, changes)
	e.groupChanged(v)
	e.wake()
	return d
}

func (e *Emulator) restartApp(r *http.Request, id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil {
		return nil, appMissing(id)
	}
	if err := e.checkLocks(boolParam(r, "force", false), id); err != nil {
		return nil, err
	}
	d := e.applyChange(r, as, as.app.clone(), true)
	return deploymentResult(d, 200), nil
}

func (e *Emulator) appVersions(id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil {
		return nil, appMissing(id)
	}
	return &reply{status: 200, body: map[string]any{"versions": sortedVersions(as.versions)}}, nil
}

func (e *Emulator) appVersion(id, version string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.storedVersion(id, version)
	if !ok {
		return nil, errMessage(404, "App '%s' does not exist in version %s", id, version)
	}
	return &reply{status: 200, body: e.appWire(v)}, nil
}

// appWire is an app definition as the modelled version writes it.
func (e *Emulator) appWire(a *App) any {
	if e.mode.raml {
		return asApp110(a)
	}
	return a
}

// --- reading apps ---

type embedOpts struct {
	tasks, counts, deployments, lastFailure, taskStats bool
}

func parseEmbed(r *http.Request, single bool) embedOpts {
	o := embedOpts{counts: true, deployments: true}
	if single {
		o.tasks, o.lastFailure = true, true
	}
	for _, v := range r.URL.Query()["embed"] {
		v = strings.TrimPrefix(strings.TrimPrefix(v, "apps."), "app.")
		switch v {
		case "tasks":
			o.tasks = true
		case "lastTaskFailure", "failures":
			o.lastFailure = true
		case "taskStats":
			o.taskStats = true
		}
	}
	return o
}

func (e *Emulator) getApp(r *http.Request, id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil {
		return nil, appMissing(id)
	}
	var b bytes.Buffer
	b.WriteString(`{"app":`)
	b.Write(e.appJSON(as, parseEmbed(r, true)))
	b.WriteString("}")
	return &reply{status: 200, raw: b.Bytes()}, nil
}

func (e *Emulator) listApps(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	opts := parseEmbed(r, false)
	// A bad selector is an IllegalArgumentException: 422.
	sels, err := parseLabelSelectors(q.Get("label"))
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": err.Error()})
		return
	}
	e.mu.Lock()
	ids := make([]string, 0, len(e.apps))
	for id, as := range e.apps {
		if !as.deleted && matchApp(as.app, q.Get("id"), q.Get("cmd"), sels) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var b bytes.Buffer
	b.Grow(len(ids) * 2048)
	b.WriteString(`{"apps":[`)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e.appJSON(e.apps[id], opts))
	}
	b.WriteString("]}")
	e.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b.Bytes())
}

// matchApp is AppsResource.search: id and cmd match as case-insensitive
// substrings, and every label selector must hold.
func matchApp(a *App, id, cmd string, sels []labelSelector) bool {
	if id != "" && !strings.Contains(strings.ToLower(a.ID), strings.ToLower(id)) {
		return false
	}
	if cmd != "" && (a.Cmd == nil || !strings.Contains(strings.ToLower(*a.Cmd), strings.ToLower(cmd))) {
		return false
	}
	return matchLabels(a.Labels, sels)
}

type appInfoExtra struct {
	TasksStaged     int                 `json:"tasksStaged"`
	TasksRunning    int                 `json:"tasksRunning"`
	TasksHealthy    int                 `json:"tasksHealthy"`
	TasksUnhealthy  int                 `json:"tasksUnhealthy"`
	Deployments     []map[string]string `json:"deployments"`
	Tasks           *[]any              `json:"tasks,omitempty"`
	LastTaskFailure *LastTaskFailure    `json:"lastTaskFailure,omitempty"`
	TaskStats       map[string]any      `json:"taskStats,omitempty"`
	// TasksStats is 1.10's name for the same (raml.AppInfo).
	TasksStats map[string]any `json:"tasksStats,omitempty"`
}

// appJSON renders an AppInfo: the definition followed by the embedded
// fields. Caller holds e.mu.
func (e *Emulator) appJSON(as *appState, o embedOpts) []byte {
	def, err := json.Marshal(e.appWire(as.app))
	if err != nil {
		return []byte("{}")
	}
	x := appInfoExtra{Deployments: []map[string]string{}}
	st, ru, he, un := counts(as)
	x.TasksStaged, x.TasksRunning, x.TasksHealthy, x.TasksUnhealthy = st, ru, he, un
	for _, d := range e.lockers(as.app.ID) {
		x.Deployments = append(x.Deployments, map[string]string{"id": d.ID})
	}
	if o.tasks {
		ts := e.tasksJSON(as)
		x.Tasks = &ts
	}
	if o.lastFailure {
		x.LastTaskFailure = as.lastFail
	}
	if o.taskStats {
		if e.mode.raml {
			x.TasksStats = taskStats(as)
		} else {
			x.TaskStats = taskStats(as)
		}
	}
	extra, _ := json.Marshal(x)
	out := make([]byte, 0, len(def)+len(extra))
	out = append(out, def[:len(def)-1]...)
	out = append(out, ',')
	out = append(out, extra[1:]...)
	return out
}

func counts(as *appState) (staged, running, healthy, unhealthy int) {
	for _, t := range as.tasks {
		switch t.State {
		case TaskStaging, TaskStarting:
			staged++
		case TaskRunning:
			running++
		}
		if len(t.Health) == 0 {
			continue
		}
		all, any := true, false
		for _, h := range t.Health {
			if !h.Checked {
				all = false
				continue
			}
			if !h.Alive {
				all, any = false, true
			}
		}
		if all {
			healthy++
		} else if any {
			unhealthy++
		}
	}
	return
}

func taskStats(as *appState) map[string]any {
	group := func(pred func(*Task) bool) map[string]any {
		var st, ru, he, un int
		n := 0
		var life []float64
		for _, t := range as.tasks {
			if !pred(t) {
				continue
			}
			n++
			s, r, h, u := counts(&appState{tasks: map[string]*Task{t.ID: t}})
			st, ru, he, un = st+s, ru+r, he+h, un+u
			if !t.StartedAt.IsZero() {
				life = append(life, time.Since(t.StartedAt).Seconds())
			}
		}
		if n == 0 {
			return nil
		}
		stats := map[string]any{"counts": map[string]int{"staged": st, "running": ru, "healthy": he, "unhealthy": un}}
		if len(life) > 0 {
			sort.Float64s(life)
			sum := 0.0
			for _, l := range life {
				sum += l
			}
			stats["lifeTime"] = map[string]float64{"averageSeconds": sum / float64(len(life)), "medianSeconds": life[len(life)/2]}
		}
		return map[string]any{"stats": stats}
	}
	out := map[string]any{}
	lastScale, _ := time.Parse(tsFormat, as.app.VersionInfo.LastScalingAt)
	lastConfig := as.app.VersionInfo.LastConfigChangeAt
	for k, p := range map[string]func(*Task) bool{
		"startedAfterLastScaling": func(t *Task) bool { return !t.StagedAt.Before(lastScale) },
		"withLatestConfig":        func(t *Task) bool { return e2v(as, t) >= lastConfig },
		"withOutdatedConfig":      func(t *Task) bool { return e2v(as, t) < lastConfig },
		"totalSummary":            func(*Task) bool { return true },
	} {
		if g := group(p); g != nil {
			out[k] = g
		}
	}
	return out
}

// e2v is the config version a task runs: its version's lastConfigChangeAt.
func e2v(as *appState, t *Task) string {
	if d := as.versions[t.Version]; d != nil {
		return d.VersionInfo.LastConfigChangeAt
	}
	return t.Version
}

type taskOut struct {
	ID                 string      `json:"id"`
	SlaveID            string      `json:"slaveId"`
	Host               string      `json:"host"`
	State              string      `json:"state"`
	StartedAt          *string     `json:"startedAt"`
	StagedAt           string      `json:"stagedAt"`
	Ports              []int       `json:"ports"`
	Version            string      `json:"version"`
	IPAddresses        []ipAddress `json:"ipAddresses"`
	AppID              string      `json:"appId"`
	ServicePorts       []int       `json:"servicePorts,omitempty"`
	HealthCheckResults []healthOut `json:"healthCheckResults,omitempty"`
}

type ipAddress struct {
	IPAddress string `json:"ipAddress"`
	Protocol  string `json:"protocol"`
}

type healthOut struct {
	Alive               bool    `json:"alive"`
	ConsecutiveFailures int     `json:"consecutiveFailures"`
	FirstSuccess        *string `json:"firstSuccess"`
	LastFailure         *string `json:"lastFailure"`
	LastSuccess         *string `json:"lastSuccess"`
	LastFailureCause    *string `json:"lastFailureCause"`
	InstanceID          string  `json:"instanceId"`
}

func optTS(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := ts(t)
	return &s
}

func (e *Emulator) taskOut(t *Task) taskOut {
	o := taskOut{ID: t.ID, SlaveID: e.slaveID(), Host: e.cfg.HostIP, State: t.State, StartedAt: optTS(t.StartedAt),
		StagedAt: ts(t.StagedAt), Ports: nonNilInts(t.Ports), Version: t.Version, AppID: t.AppID,
		ServicePorts: t.ServicePorts}
	for _, ip := range e.ipAddresses() {
		o.IPAddresses = append(o.IPAddresses, ipAddress{ip["ipAddress"], ip["protocol"]})
	}
	for _, h := range t.Health {
		if !h.Checked {
			continue
		}
		ho := healthOut{Alive: h.Alive, ConsecutiveFailures: h.ConsecutiveFailures, FirstSuccess: optTS(h.FirstSuccess),
			LastFailure: optTS(h.LastFailure), LastSuccess: optTS(h.LastSuccess), InstanceID: t.InstanceID}
		if h.LastFailureCause != "" {
			c := h.LastFailureCause
			ho.LastFailureCause = &c
		}
		o.HealthCheckResults = append(o.HealthCheckResults, ho)
	}
	return o
}

func (e *Emulator) tasksJSON(as *appState) []any {
	out := make([]any, 0, len(as.tasks))
	for _, id := range sortedKeys(as.tasks) {
		out = append(out, e.taskWire(as.tasks[id]))
	}
	return out
}

// taskWire is a task as the modelled version writes it: 1.4's
// EnrichedTask format, or 1.10's raml.Task.
func (e *Emulator) taskWire(t *Task) any {
	if e.mode.raml {
		return asTask110(e.taskOut(t))
	}
	return e.taskOut(t)
}

// --- tasks ---

func (e *Emulator) appTasks(id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil {
		return nil, appMissing(id)
	}
	return &reply{status: 200, body: map[string]any{"tasks": e.tasksJSON(as)}}, nil
}

func (e *Emulator) listTasks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	statuses := append(q["status"], q["status[]"]...)
	want := map[string]bool{}
	for _, s := range statuses {
		switch strings.ToLower(s) {
		case "running":
			want[TaskRunning] = true
		case "staging":
			want[TaskStaging] = true
		}
	}
	e.mu.Lock()
	out := []any{}
	for _, id := range sortedKeys(e.apps) {
		as := e.apps[id]
		if as.deleted {
			continue
		}
		for _, tid := range sortedKeys(as.tasks) {
			if t := as.tasks[tid]; len(want) == 0 || want[t.State] {
				out = append(out, e.taskWire(t))
			}
		}
	}
	e.mu.Unlock()
	writeJSON(w, 200, map[string]any{"tasks": out})
}

// killAppTasks is DELETE /v2/apps/{id}/tasks[/{taskId}]. A task id
// selects its instance (AppTasksResource.deleteOne: Task.Id(id).instanceId),
// so on 1.10 the id of an earlier incarnation kills the current one.
func (e *Emulator) killAppTasks(r *http.Request, appID, taskID string) (*reply, error) {
	scale, wipe := boolParam(r, "scale", false), boolParam(r, "wipe", false)
	if scale && wipe {
		return nil, errMessage(400, "You cannot use scale and wipe at the same time.")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(appID)
	if as == nil {
		return nil, appMissing(appID)
	}
	var victims []*Task
	if taskID != "" {
		t := instanceTask(as, taskID)
		if t == nil {
			return nil, errMessage(404, "Task '%s' does not exist", taskID)
		}
		victims = append(victims, t)
	} else {
		host := r.URL.Query().Get("host")
		for _, id := range sortedKeys(as.tasks) {
			if host == "" || host == "*" || host == e.cfg.HostIP {
				victims = append(victims, as.tasks[id])
			}
		}
	}
	if scale {
		return e.killAndScale(r, map[*appState][]*Task{as: victims})
	}
	// 1.4 answers with its internal Instance JSON, 1.10 with tasks.
	out := make([]any, 0, len(victims))
	for _, t := range victims {
		if e.mode.killReplyInstances {
			out = append(out, e.instanceJSON(as, t))
		} else {
			out = append(out, e.taskWire(t))
		}
	}
	e.killVictims(map[*appState][]*Task{as: victims}, wipe)
	if taskID != "" {
		return &reply{status: 200, body: map[string]any{"task": out[0]}}, nil
	}
	return &reply{status: 200, body: map[string]any{"tasks": out}}, nil
}

// instanceTask finds the task of the instance a task id names.
func instanceTask(as *appState, taskID string) *Task {
	if t := as.tasks[taskID]; t != nil {
		return t
	}
	_, inst, ok := parseTaskID(taskID)
	if !ok {
		return nil
	}
	for _, t := range as.tasks {
		if t.InstanceID == inst {
			return t
		}
	}
	return nil
}

// killVictims kills tasks without scaling (TaskKiller.kill): the
// instances' goal stays Running, so they are replaced (on 1.10, relaunched
// under their next incarnation), unless wipe ends them.
func (e *Emulator) killVictims(victims map[*appState][]*Task, wipe bool) {
	for as, ts := range victims {
		for _, t := range ts {
			switch {
			case wipe && t.State == TaskUnreachable:
				e.forceExpunge(as, t) // TaskKiller: ForceExpunge
			case t.Inactive:
				// Not launched (Instance.isLaunched): TaskKiller kills
				// nothing, and answers with the task all the same.
			case wipe:
				e.killTask(as, t, "killed and wiped through the API")
			default:
				e.killOnly(as, t, "killed through the API")
			}
		}
	}
	e.wake()
}

// killAndScale kills tasks and lowers the instance count by as many in one
// deployment (TaskKiller.killAndScale).
func (e *Emulator) killAndScale(r *http.Request, victims map[*appState][]*Task) (*reply, error) {
	var ids []string
	for as := range victims {
		ids = append(ids, as.app.ID)
	}
	if err := e.checkLocks(boolParam(r, "force", false), ids...); err != nil {
		return nil, err
	}
	var states []*appState
	var nexts []*App
	for as, ts := range victims {
		next := as.app.clone()
		// Only launched instances not already being killed count.
		ts = slices.DeleteFunc(slices.Clone(ts), func(t *Task) bool { return t.Inactive })
		for _, t := range ts {
			if !t.KillRequested {
				next.Instances--
			}
		}
		if next.Instances < 0 {
			next.Instances = 0
		}
		states, nexts = append(states, as), append(nexts, next)
		for _, t := range ts {
			e.killTask(as, t, "killed and scaled through the API")
		}
	}
	d := e.applyChanges(nil, e.clock.next(), states, nexts, false)
	e.wake()
	return deploymentResult(d, 200), nil
}

// instanceJSON is 1.4's Instance.instanceJsonWrites, what its
// AppTasksResource answers a kill without scale with (mesosStatus, a
// base64 protobuf, is left out).
func (e *Emulator) instanceJSON(as *appState, t *Task) map[string]any {
	agent := map[string]any{"host": e.cfg.HostIP, "agentId": e.slaveID(), "attributes": []any{}}
	cond := map[string]string{"str": strings.ToLower(taskConditions[t.State])}
	status := map[string]any{"stagedAt": ts(t.StagedAt), "condition": cond,
		"networkInfo": map[string]any{"hostName": e.cfg.HostIP, "hostPorts": nonNilInts(t.Ports), "ipAddresses": []any{}}}
	state := map[string]any{"condition": cond, "since": ts(t.StagedAt)}
	if !t.StartedAt.IsZero() {
		status["startedAt"] = ts(t.StartedAt)
		state["since"] = ts(t.StartedAt)
		state["activeSince"] = ts(t.StartedAt)
	}
	if len(t.Health) > 0 {
		h := true
		for _, r := range t.Health {
			h = h && r.Checked && r.Alive
		}
		state["healthy"] = h
	}
	return map[string]any{
		"instanceId": map[string]string{"idString": t.InstanceID},
		"agentInfo":  agent,
		"tasksMap": map[string]any{t.ID: map[string]any{"taskId": t.ID, "agentInfo": agent,
			"runSpecVersion": t.Version, "status": status, "hostPorts": nonNilInts(t.Ports)}},
		"runSpecVersion":      t.Version,
		"state":               state,
		"unreachableStrategy": instanceStrategy(as, t),
	}
}

// deleteTasksBulk is POST /v2/tasks/delete: both versions answer with task
// objects (TasksResource.killTasks writes EnrichedTask).
func (e *Emulator) deleteTasksBulk(r *http.Request, body []byte) (*reply, error) {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, jsonError(err)
	}
	scale, wipe := boolParam(r, "scale", false), boolParam(r, "wipe", false)
	if scale && wipe {
		return nil, errMessage(400, "You cannot use scale and wipe at the same time.")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	victims := map[*appState][]*Task{}
	seen := map[*Task]bool{}
	for _, id := range req.IDs {
		appID, _, ok := parseTaskID(id)
		if !ok {
			return nil, errMessage(400, "Invalid task id '%s'. [taskId %s is no valid identifier]", id, id)
		}
		as := e.live(appID)
		if as == nil {
			continue // unknown ids in a valid format are ignored
		}
		if t := instanceTask(as, id); t != nil && !seen[t] {
			seen[t] = true
			victims[as] = append(victims[as], t)
		}
	}
	if scale {
		if len(victims) == 0 {
			return nil, errMessage(404, "No tasks to kill")
		}
		return e.killAndScale(r, victims)
	}
	out := []any{}
	for _, ts := range victims {
		for _, t := range ts {
			out = append(out, e.taskWire(t))
		}
	}
	e.killVictims(victims, wipe)
	return &reply{status: 200, body: map[string]any{"tasks": out}}, nil
}

// --- deployments ---

func (e *Emulator) listDeployments(w http.ResponseWriter) {
	e.mu.Lock()
	out := []map[string]any{}
	for _, d := range e.deployments {
		if !d.finished {
			out = append(out, e.deploymentJSON(d))
		}
	}
	e.mu.Unlock()
	writeJSON(w, 200, out)
}

func (e *Emulator) deleteDeployment(r *http.Request, id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var d *deployment
	for _, x := range e.deployments {
		if x.ID == id && !x.finished {
			d = x
		}
	}
	if d == nil {
		return nil, errMessage(404, "DeploymentPlan %s does not exist", id)
	}
	if boolParam(r, "force", false) {
		e.cancelDeployment(d, "The deployment has been cancelled")
		return &reply{status: 202}, nil
	}
	// Roll back: a new deployment from the current state to the original.
	e.cancelDeployment(d, "The deployment has been rolled back")
	v := ts(e.clock.next())
	var changes []change
	for _, appID := range d.Affected {
		as := e.apps[appID]
		orig := d.Original[appID]
		switch {
		case orig == nil && as != nil && !as.deleted:
			as.deleted = true
			changes = append(changes, change{id: appID, from: as.app})
		case orig != nil && as != nil:
			from := as.app
			rev := revertedApp(from, orig, v, as.deleted)
			as.deleted = false
			as.app = rev
			as.versions[rev.Version] = rev
			resetBackoff(as)
			changes = append(changes, change{id: appID, from: from, to: rev})
		case orig != nil:
			rev := revertedApp(nil, orig, v, true)
			na := &appState{app: rev, versions: map[string]*App{rev.Version: rev}, tasks: map[string]*Task{}}
			e.adoptVersions(na, nil)
			e.apps[appID] = na
			changes = append(changes, change{id: appID, to: rev})
		}
	}
	nd := e.newDeployment(v, changes)
	e.groupChanged(v)
	e.wake()
	return deploymentResult(nd, 200), nil
}

// revertedApp is the original definition as a rollback puts it back:
// DeploymentPlanReverter restores it, and GroupVersioningUtil then versions
// it against the app as it is (from): a new version for a config change (a
// restart of every task, which TaskReplaceActor finds of another version)
// or a scale; no change at all keeps from's version, so the revert of a
// restart has no step and leaves every task, the new ones included. An app
// the deployment deleted comes back as new.
func revertedApp(from, orig *App, v string, gone bool) *App {
	rev := orig.clone()
	switch {
	case gone || !configEqual(from, orig):
		rev.Version, rev.VersionInfo = v, VersionInfo{LastScalingAt: v, LastConfigChangeAt: v}
	case from.Instances != orig.Instances:
		rev.Version = v
		rev.VersionInfo = VersionInfo{LastScalingAt: v, LastConfigChangeAt: from.VersionInfo.LastConfigChangeAt}
	default:
		rev.Version, rev.VersionInfo = from.Version, from.VersionInfo
	}
	return rev
}

// --- queue, info, leader ---

func (e *Emulator) queue(w http.ResponseWriter) {
	now := time.Now()
	e.mu.Lock()
	out := []map[string]any{}
	for _, id := range sortedKeys(e.apps) {
		as := e.apps[id]
		if as.deleted {
			continue
		}
		missing := as.app.Instances - len(active(as))
		if missing <= 0 {
			continue
		}
		left := backoffLeft(as, now)
		// 1.4 QueueInfoConversion: overdue once the deadline is a whole
		// second past (no delay: the deadline is now, not overdue); 1.10
		// LaunchStats: also overdue without any delay.
		overdue := e.mode.overdueWithoutDelay
		if !as.delayTill.IsZero() {
			overdue = now.Sub(as.delayTill) >= time.Second
		}
		since := as.since
		if since.IsZero() {
			since = now
		}
		out = append(out, map[string]any{
			"app": as.app, "count": missing,
			"delay": map[string]any{"timeLeftSeconds": left, "overdue": overdue},
			"since": ts(since),
			"processedOffersSummary": map[string]any{"processedOffersCount": 0, "unusedOffersCount": 0,
				"rejectSummaryLastOffers": []any{}, "rejectSummaryLaunchAttempt": []any{}},
		})
	}
	e.mu.Unlock()
	writeJSON(w, 200, map[string]any{"queue": out})
}

func (e *Emulator) resetDelay(id string) (*reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as := e.live(id)
	if as == nil || as.app.Instances-len(active(as)) <= 0 {
		return nil, errMessage(404, "Application %s not found in tasks queue.", id)
	}
	resetBackoff(as)
	e.wake()
	return &reply{status: 204}, nil
}

func (e *Emulator) info() map[string]any {
	addr := e.Addr()
	port := 0
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		port, _ = strconv.Atoi(addr[i+1:])
	}
	info := map[string]any{
		"name": "marathon", "version": e.mode.Version, "buildref": "emulator", "elected": true,
		"leader": addr, "frameworkId": e.frameworkID,
		"marathon_config": map[string]any{
			"master": "local", "failover_timeout": 604800, "framework_name": "marathon", "ha": true,
			"checkpoint": true, "local_port_min": e.cfg.ServicePortRange[0], "local_port_max": e.cfg.ServicePortRange[1],
			"executor": "//cmd", "hostname": e.cfg.HostIP, "webui_url": nil, "mesos_role": nil,
			"task_launch_timeout": 300000, "task_reservation_timeout": 20000, "reconciliation_initial_delay": 15000,
			"reconciliation_interval": 600000, "mesos_user": "root", "leader_proxy_connection_timeout_ms": 5000,
			"leader_proxy_read_timeout_ms": 10000, "features": e.mode.Features, "mesos_leader_ui_url": nil,
		},
		// InfoResource: the key is zk_max_versions (python-marathon's
		// MarathonInfo has no zk_max_version and raises on it).
		"zookeeper_config": map[string]any{"zk": "zk://localhost:2181/marathon", "zk_timeout": 10000,
			"zk_session_timeout": 10000, "zk_max_versions": e.maxVersions()},
		"http_config": map[string]any{"http_port": port, "https_port": 8443},
	}
	if e.mode.httpCallbacks {
		info["event_subscriber"] = map[string]any{"type": "http_callback", "http_endpoints": e.callbackURLs()}
	}
	return info
}

func (e *Emulator) serveLeader(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, 200, map[string]string{"leader": e.Addr()})
	case http.MethodDelete:
		if e.leader == nil {
			writeJSON(w, 200, map[string]string{"message": "Leadership abdicated"})
			return
		}
		writeJSON(w, 200, map[string]string{"message": "Leadership abdicated"})
		go e.leader.abdicate()
	default:
		methodNotAllowed(w)
	}
}
