package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateAndGetWireFormat(t *testing.T) {
	te := startEmu(t, Config{})
	r := te.call(t, "POST", "/v2/apps", `{"id":"web","cmd":"x","instances":2,"labels":{"team":"a"}}`)
	require.Equal(t, 201, r.status, string(r.body))
	assert.Equal(t, te.url+"/v2/apps/web", r.header.Get("Location"))
	assert.NotEmpty(t, r.header.Get("Marathon-Deployment-Id"))
	assert.Equal(t, "http://"+te.Addr(), r.header.Get("X-Marathon-Leader"))
	app := r.json(t)
	assert.Equal(t, "/web", app["id"])
	assert.Equal(t, []any{float64(10000)}, app["ports"])
	assert.Equal(t, float64(0), app["tasksRunning"])
	deps := app["deployments"].([]any)
	require.Len(t, deps, 1)
	assert.Equal(t, r.header.Get("Marathon-Deployment-Id"), deps[0].(map[string]any)["id"])
	_, hasTasks := app["tasks"]
	assert.False(t, hasTasks, "POST answers without tasks")

	// The deployment is listed before the id was returned.
	var list []map[string]any
	require.NoError(t, json.Unmarshal(te.call(t, "GET", "/v2/deployments", "").body, &list))
	if len(list) == 1 {
		assert.Equal(t, deps[0].(map[string]any)["id"], list[0]["id"])
	}
	te.waitIdle(t)

	got := te.call(t, "GET", "/v2/apps/web", "").json(t)["app"].(map[string]any)
	tasks := got["tasks"].([]any)
	require.Len(t, tasks, 2)
	task := tasks[0].(map[string]any)
	assert.Regexp(t, `^web\.[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$`, task["id"])
	assert.Equal(t, "TASK_RUNNING", task["state"])
	assert.Equal(t, []any{float64(10000)}, task["servicePorts"])
	port := int(task["ports"].([]any)[0].(float64))
	assert.True(t, port >= te.cfg.PortRange[0] && port <= te.cfg.PortRange[1], "host port %d in %v", port, te.cfg.PortRange)
	assert.Equal(t, float64(2), got["tasksRunning"])
	assert.Equal(t, []any{}, got["deployments"])

	// Only fields Marathon 1.4 writes.
	allowed := map[string]bool{}
	for _, k := range strings.Fields(`id cmd args user env instances cpus mem disk gpus executor constraints uris fetch storeUrls
		backoffSeconds backoffFactor maxLaunchDelaySeconds container healthChecks readinessChecks dependencies upgradeStrategy
		labels acceptedResourceRoles ipAddress version residency secrets taskKillGracePeriodSeconds unreachableStrategy killSelection
		versionInfo requirePorts ports portDefinitions tasksStaged tasksRunning tasksHealthy tasksUnhealthy deployments tasks lastTaskFailure taskStats`) {
		allowed[k] = true
	}
	for k := range got {
		assert.True(t, allowed[k], "unexpected app field %q", k)
	}
	taskFields := map[string]bool{"id": true, "slaveId": true, "host": true, "state": true, "startedAt": true, "stagedAt": true,
		"ports": true, "version": true, "ipAddresses": true, "appId": true, "servicePorts": true, "healthCheckResults": true}
	for k := range task {
		assert.True(t, taskFields[k], "unexpected task field %q", k)
	}

	// The inproc task answers with its identity.
	res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/anything", port))
	require.NoError(t, err)
	var who InprocResponse
	require.NoError(t, json.NewDecoder(res.Body).Decode(&who))
	res.Body.Close()
	assert.Equal(t, InprocResponse{AppID: "/web", Version: got["version"].(string), TaskID: task["id"].(string), Port: port}, who)
}

func TestErrorBodies(t *testing.T) {
	te := startEmu(t, Config{})
	cases := []struct {
		name, method, path, body string
		status                   int
		want                     string // substring of the body
	}{
		{"malformed JSON", "POST", "/v2/apps", `{"id":`, 400, `"message":"Invalid JSON"`},
		{"wrong type", "POST", "/v2/apps", `{"id":"a","cmd":"x","instances":"three"}`, 400, `"path":"/instances","errors":["error.expected.jsnumber"]`},
		{"missing id", "POST", "/v2/apps", `{"cmd":"x"}`, 400, `"path":"/id"`},
		{"upper case id", "POST", "/v2/apps", `{"id":"/Web","cmd":"x"}`, 422, `"path":"/id","errors":["must fully match regular expression`},
		{"underscore id", "POST", "/v2/apps", `{"id":"/a_b","cmd":"x"}`, 422, `"path":"/id"`},
		{"reserved segment", "POST", "/v2/apps", `{"id":"/a/restart","cmd":"x"}`, 422, `"path":"/id"`},
		{"no cmd", "POST", "/v2/apps", `{"id":"/a"}`, 422, `AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.`},
		{"cpus too small", "POST", "/v2/apps", `{"id":"/a","cmd":"x","cpus":0}`, 422, `"path":"/cpus"`},
		{"negative mem", "POST", "/v2/apps", `{"id":"/a","cmd":"x","mem":-1}`, 422, `"path":"/mem"`},
		{"upgrade over 1", "POST", "/v2/apps", `{"id":"/a","cmd":"x","upgradeStrategy":{"minimumHealthCapacity":1.5}}`, 422,
			`{"message":"Object is not valid","details":[{"path":"/upgradeStrategy/minimumHealthCapacity","errors":["is greater than 1"]}]}`},
		{"bad port name", "POST", "/v2/apps", `{"id":"/a","cmd":"x","portDefinitions":[{"port":0,"name":"Http"}]}`, 422, `"path":"/portDefinitions(0)/name"`},
		{"duplicate port name", "POST", "/v2/apps", `{"id":"/a","cmd":"x","portDefinitions":[{"name":"h"},{"name":"h"}]}`, 422, `Port names must be unique.`},
		{"readiness port name", "POST", "/v2/apps", `{"id":"/a","cmd":"x","readinessChecks":[{"portName":"nope"}]}`, 422, `"path":"/readinessChecks(0)/portName"`},
		{"health port index", "POST", "/v2/apps", `{"id":"/a","cmd":"x","portDefinitions":[],"healthChecks":[{"protocol":"HTTP"}]}`, 422, `"path":"/healthChecks(0)/portIndex"`},
		{"image without docker", "POST", "/v2/apps", `{"id":"/a","container":{"type":"DOCKER","docker":{"image":"nginx","network":"BRIDGE","portMappings":[{"containerPort":80}]}}}`, 0, ``},
		{"missing app", "GET", "/v2/apps/nope", ``, 404, `{"message":"App '/nope' does not exist"}`},
		{"patch missing", "PATCH", "/v2/apps/nope", `{"instances":1}`, 404, `App '/nope' does not exist`},
		{"missing deployment", "DELETE", "/v2/deployments/xyz", ``, 404, `{"message":"DeploymentPlan xyz does not exist"}`},
		{"scale and wipe", "DELETE", "/v2/apps/nope/tasks?scale=true&wipe=true", ``, 400, `scale and wipe`},
		{"invalid task id", "POST", "/v2/tasks/delete", `{"ids":["garbage"]}`, 400, `Invalid task id 'garbage'`},
		{"unknown task ids ignored", "POST", "/v2/tasks/delete", `{"ids":["web.0c5e8a2b-0000-1000-8000-000000000000"]}`, 200, `{"tasks":[]}`},
		{"missing group", "GET", "/v2/groups/nope", ``, 404, `Group '/nope' does not exist`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := te.call(t, c.method, c.path, c.body)
			if c.status == 0 {
				// inproc runs images; the process executor refuses them (see TestProcessRefusesImages).
				assert.Equal(t, 201, r.status, string(r.body))
				return
			}
			assert.Equal(t, c.status, r.status, string(r.body))
			assert.Contains(t, string(r.body), c.want)
		})
	}
}

// Marathon canonicalizes a posted id (PathId.canonicalPath): "." and ".."
// segments resolve and empty ones go. The emulator kept "/a/../b" as is,
// an id no client can read back (found by exploratory QA).
func TestAppIDsAreCanonicalized(t *testing.T) {
	te := startEmu(t, Config{})
	for _, c := range []struct{ posted, id string }{{"/a/../b", "/b"}, {"c/./d//e", "/c/d/e"}, {"/../f", "/f"}} {
		r := te.call(t, "POST", "/v2/apps", `{"id":"`+c.posted+`","cmd":"sleep 600","instances":0}`)
		require.Equal(t, 201, r.status, string(r.body))
		assert.Contains(t, string(r.body), `"id":"`+c.id+`"`)
		r = te.call(t, "GET", "/v2/apps"+c.id, "")
		assert.Equal(t, 200, r.status, "%s: %s", c.id, r.body)
	}
	r := te.call(t, "POST", "/v2/apps", `{"id":"/a/..","cmd":"x"}`)
	assert.Equal(t, 422, r.status, "root: %s", r.body)
}

func TestProcessRefusesImages(t *testing.T) {
	if dockerAvailable() {
		t.Skip("a Docker engine is present")
	}
	te := startEmu(t, Config{Executor: ExecutorProcess})
	r := te.call(t, "POST", "/v2/apps", `{"id":"/a","container":{"type":"DOCKER","docker":{"image":"nginx"}}}`)
	assert.Equal(t, 422, r.status)
	assert.Contains(t, string(r.body), "no Docker engine")
}

func TestDuplicateAndLock(t *testing.T) {
	te := startEmu(t, Config{})
	// Health checks that never pass keep the deployment running.
	body := `{"id":"/a","cmd":"x","healthChecks":[{"protocol":"COMMAND","command":{"value":"false"}}]}`
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", body).status)
	r := te.call(t, "POST", "/v2/apps", body)
	assert.Equal(t, 409, r.status)
	assert.Equal(t, `{"message":"An app with id [/a] already exists."}`, string(r.body))

	r = te.call(t, "PUT", "/v2/apps/a", `{"instances":2}`)
	require.Equal(t, 409, r.status)
	m := r.json(t)
	assert.Contains(t, m["message"], "App is locked by one or more deployments. Override with the option '?force=true'.")
	require.Len(t, m["deployments"], 1)
	depID := m["deployments"].([]any)[0].(map[string]any)["id"].(string)

	// force in any case cancels the locking deployment.
	events := openSSE(t, te.url+"/v2/events?event_type=deployment_failed")
	r = te.call(t, "PUT", "/v2/apps/a?force=TRUE", `{"instances":2}`)
	require.Equal(t, 200, r.status, string(r.body))
	ev := events.next(t)
	assert.Equal(t, "deployment_failed", ev.typ)
	assert.Equal(t, depID, ev.data["id"])
	plan := ev.data["plan"].(map[string]any)
	assert.NotNil(t, plan["original"])
	assert.NotNil(t, plan["target"])
	assert.NotNil(t, plan["steps"])
}

func TestServicePorts(t *testing.T) {
	te := startEmu(t, Config{ServicePortRange: [2]int{10000, 10002}})
	ports := func(id string) []any {
		return te.call(t, "GET", "/v2/apps/"+id, "").json(t)["app"].(map[string]any)["ports"].([]any)
	}
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"x","instances":0,"portDefinitions":[{"port":0},{"port":0}]}`).status)
	assert.Equal(t, []any{10000.0, 10001.0}, ports("a"))
	te.waitIdle(t) // the creation's deployment locks /a until it ends
	// Updating keeps the app's ports (reuse) for its zeros.
	require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/a", `{"portDefinitions":[{"port":0},{"port":0}],"cmd":"y"}`).status)
	assert.Equal(t, []any{10000.0, 10001.0}, ports("a"))
	// blue and green share given service ports: no uniqueness check.
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/b","cmd":"x","instances":0,"portDefinitions":[{"port":10000}]}`).status)
	assert.Equal(t, []any{10000.0}, ports("b"))
	// ports (legacy field) also works.
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/c","cmd":"x","instances":0,"ports":[0]}`).status)
	assert.Equal(t, []any{10002.0}, ports("c"))
	r := te.call(t, "POST", "/v2/apps", `{"id":"/d","cmd":"x","instances":0}`)
	assert.Equal(t, 422, r.status)
	assert.Contains(t, string(r.body), "All ports in the range [10000-10002) are already in use")
	// Bridge port mappings get service ports too.
	te2 := startEmu(t, Config{})
	r = te2.call(t, "POST", "/v2/apps", `{"id":"/br","instances":0,"container":{"type":"DOCKER","docker":{"image":"x","network":"BRIDGE","portMappings":[{"containerPort":80,"name":"http"}]}}}`)
	require.Equal(t, 201, r.status, string(r.body))
	app := r.json(t)
	assert.Equal(t, []any{10000.0}, app["ports"])
	assert.Equal(t, []any{}, app["portDefinitions"])
	pm := app["container"].(map[string]any)["docker"].(map[string]any)["portMappings"].([]any)[0].(map[string]any)
	assert.Equal(t, 10000.0, pm["servicePort"])
}

func TestUpdateVersionsRollback(t *testing.T) {
	te := startEmu(t, Config{})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"one","instances":1,"env":{"A":"1"}}`).status)
	te.waitIdle(t)
	v1 := te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)["version"].(string)

	// Partial update keeps other fields; nulls mean "unchanged".
	r := te.call(t, "PUT", "/v2/apps/a", `{"cmd":"two","env":null,"ports":null,"dependencies":null}`)
	require.Equal(t, 200, r.status, string(r.body))
	dr := r.json(t)
	assert.NotEmpty(t, dr["deploymentId"])
	assert.Equal(t, r.header.Get("Marathon-Deployment-Id"), dr["deploymentId"])
	te.waitIdle(t)
	app := te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
	assert.Equal(t, "two", app["cmd"])
	assert.Equal(t, map[string]any{"A": "1"}, app["env"])
	v2 := app["version"].(string)
	assert.Equal(t, v2, app["versionInfo"].(map[string]any)["lastConfigChangeAt"])
	for _, tk := range app["tasks"].([]any) {
		assert.Equal(t, v2, tk.(map[string]any)["version"], "restart replaced the tasks")
	}

	// Scale only: lastConfigChangeAt stays.
	require.Equal(t, 200, te.call(t, "PATCH", "/v2/apps/a", `{"instances":2}`).status)
	te.waitIdle(t)
	app = te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
	assert.Equal(t, v2, app["versionInfo"].(map[string]any)["lastConfigChangeAt"])
	assert.NotEqual(t, v2, app["versionInfo"].(map[string]any)["lastScalingAt"])

	// partialUpdate=false replaces: env goes away.
	require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/a?partialUpdate=false", `{"cmd":"three"}`).status)
	te.waitIdle(t)
	app = te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
	assert.Equal(t, map[string]any{}, app["env"])
	assert.Equal(t, 1.0, app["instances"])

	vs := te.call(t, "GET", "/v2/apps/a/versions", "").json(t)["versions"].([]any)
	require.Len(t, vs, 4)
	assert.Equal(t, v1, vs[3], "versions are listed newest first")
	one := te.call(t, "GET", "/v2/apps/a/versions/"+v1, "").json(t)
	assert.Equal(t, "one", one["cmd"])

	// {"version": ts} rolls back; other fields with it are refused.
	r = te.call(t, "PUT", "/v2/apps/a", `{"version":"`+v1+`","cmd":"x"}`)
	assert.Equal(t, 422, r.status)
	require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/a", `{"id":"/a","version":"`+v1+`"}`).status)
	te.waitIdle(t)
	app = te.call(t, "GET", "/v2/apps/a", "").json(t)["app"].(map[string]any)
	assert.Equal(t, "one", app["cmd"])
	assert.Equal(t, map[string]any{"A": "1"}, app["env"])

	// PUT on a missing app creates it.
	r = te.call(t, "PUT", "/v2/apps/new", `{"cmd":"x","instances":0}`)
	assert.Equal(t, 201, r.status, string(r.body))
	assert.NotEmpty(t, r.json(t)["deploymentId"])
	assert.Equal(t, te.url+"/v2/apps/new", r.header.Get("Location"))
}

func TestEventsFramingAndOrder(t *testing.T) {
	te := startEmu(t, Config{})
	r := te.call(t, "GET", "/v2/events", "")
	assert.Equal(t, 405, r.status, "Accept must be exactly text/event-stream")

	s := openSSE(t, te.url+"/v2/events")
	first := s.next(t)
	assert.Equal(t, "event_stream_attached", first.typ)
	assert.Regexp(t, "^event: event_stream_attached\r\ndata: \\{[^\n]*\\}\r\n\r\n$", first.raw)
	assert.Equal(t, "127.0.0.1", first.data["remoteAddress"])

	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"x","healthChecks":[{"protocol":"TCP","intervalSeconds":1}]}`).status)
	var order []string
	for {
		ev := s.next(t)
		order = append(order, ev.typ)
		assert.NotEmpty(t, ev.data["timestamp"])
		assert.Equal(t, ev.typ, ev.data["eventType"])
		if ev.typ == "deployment_info" || ev.typ == "deployment_step_success" || ev.typ == "deployment_success" {
			plan := ev.data["plan"].(map[string]any)
			assert.NotNil(t, plan["original"])
			assert.NotNil(t, plan["target"])
			assert.NotEmpty(t, plan["steps"])
		}
		if ev.typ == "deployment_success" {
			break
		}
	}
	want := []string{"api_post_event", "group_change_success",
		"deployment_info", "deployment_step_success", // StartApplication
		"deployment_info", "status_update_event", "instance_changed_event", // ScaleApplication: staging
		"status_update_event", "instance_changed_event", // running
		"health_status_changed_event", "instance_health_changed_event", "deployment_step_success", "deployment_success"}
	assert.Equal(t, want, order)

	// event_type filters, repeatable.
	f := openSSE(t, te.url+"/v2/events?event_type=app_terminated_event&event_type=deployment_success")
	require.Equal(t, 200, te.call(t, "DELETE", "/v2/apps/a", "").status)
	assert.Equal(t, "app_terminated_event", f.next(t).typ)
	assert.Equal(t, "deployment_success", f.next(t).typ)
}

func TestBasicAuth(t *testing.T) {
	te := startEmu(t, Config{Credentials: "u:p"})
	r := te.call(t, "GET", "/ping", "")
	assert.Equal(t, 401, r.status)
	assert.Equal(t, `basic realm="Mesosphere"`, r.header.Get("WWW-Authenticate"))
	assert.JSONEq(t, `{"message":"Invalid username or password."}`, string(r.body))
	req, _ := http.NewRequest("GET", te.url+"/v2/apps", nil)
	req.SetBasicAuth("u", "p")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
}

// TestReadOnlyCredentials: a viewer reads (apps, the event stream) and is
// answered 403 with Marathon's body on every write; a full credential still
// writes, and a wrong password is still a 401, not a 403.
func TestReadOnlyCredentials(t *testing.T) {
	te := startEmu(t, Config{Credentials: "admin:a", ReadOnlyCredentials: "viewer:v", ReadOnlyToken: "vt"})
	do := func(method, path, body string, auth func(*http.Request)) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, te.url+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		auth(req)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	admin := func(r *http.Request) { r.SetBasicAuth("admin", "a") }
	code, body := do("POST", "/v2/apps", `{"id":"web","cmd":"x","instances":1}`, admin)
	require.Equal(t, 201, code, body)

	for name, viewer := range map[string]func(*http.Request){
		"basic": func(r *http.Request) { r.SetBasicAuth("viewer", "v") },
		"token": func(r *http.Request) { r.Header.Set("Authorization", "token=vt") },
	} {
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/ping", "/v2/apps", "/v2/apps/web", "/v2/deployments", "/v2/info"} {
				code, body := do("GET", path, "", viewer)
				assert.Equal(t, 200, code, "GET %s: %s", path, body)
			}
			for _, w := range []struct{ method, path, body string }{
				{"POST", "/v2/apps", `{"id":"other","cmd":"x"}`},
				{"PUT", "/v2/apps/web", `{"instances":3}`},
				{"PATCH", "/v2/apps", `[{"id":"web","instances":3}]`},
				{"DELETE", "/v2/apps/web", ""},
				{"DELETE", "/v2/apps/web/tasks", ""},
				{"POST", "/v2/apps/web/restart", ""},
			} {
				code, body := do(w.method, w.path, w.body, viewer)
				assert.Equal(t, 403, code, "%s %s", w.method, w.path)
				assert.JSONEq(t, `{"message":"Not Authorized to perform this action!"}`, body, "%s %s", w.method, w.path)
			}
		})
	}
	code, _ = do("GET", "/v2/apps", "", func(r *http.Request) { r.SetBasicAuth("viewer", "wrong") })
	assert.Equal(t, 401, code, "a wrong viewer password is a 401")
	code, body = do("GET", "/v2/apps/web", "", admin)
	require.Equal(t, 200, code)
	assert.Contains(t, body, `"instances":1`, "no write by the viewer went through")
	code, body = do("PUT", "/v2/apps/web", `{"instances":2}`, admin)
	assert.Equal(t, 200, code, "the full credential still writes: %s", body)

	// The event stream is a read.
	req, _ := http.NewRequest("GET", te.url+"/v2/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	req.SetBasicAuth("viewer", "v")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)

	_, err = New(Config{ReadOnlyCredentials: "nocolon"})
	assert.ErrorContains(t, err, "user:password")
}

func TestPingInfoLeaderQueue(t *testing.T) {
	te := startEmu(t, Config{})
	req, _ := http.NewRequest("GET", te.url+"/ping", nil)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, "text/plain", res.Header.Get("Content-Type"))
	assert.Equal(t, `"pong"`, string(te.call(t, "GET", "/ping", "").body), "JSON clients get a JSON string")
	info := te.call(t, "GET", "/v2/info", "").json(t)
	assert.Equal(t, "1.4.13", info["version"])
	assert.Equal(t, 10000.0, info["marathon_config"].(map[string]any)["local_port_min"])
	assert.Equal(t, te.Addr(), te.call(t, "GET", "/v2/leader", "").json(t)["leader"])
	assert.Equal(t, 404, te.call(t, "GET", "/v2/ping", "").status, "there is no /v2/ping")

	// An app whose command dies at once sits in the queue with a delay.
	te2 := startEmu(t, Config{Executor: ExecutorProcess})
	require.Equal(t, 201, te2.call(t, "POST", "/v2/apps", `{"id":"/crash","cmd":"exit 3","backoffSeconds":60}`).status)
	waitFor(t, 5*time.Second, "the first failure", func() bool {
		app := te2.call(t, "GET", "/v2/apps/crash", "").json(t)["app"].(map[string]any)
		return app["lastTaskFailure"] != nil
	})
	app := te2.call(t, "GET", "/v2/apps/crash", "").json(t)["app"].(map[string]any)
	ltf := app["lastTaskFailure"].(map[string]any)
	assert.Equal(t, "TASK_FAILED", ltf["state"])
	assert.Equal(t, "Command exited with status 3", ltf["message"])
	q := te2.call(t, "GET", "/v2/queue", "").json(t)["queue"].([]any)
	require.Len(t, q, 1)
	item := q[0].(map[string]any)
	assert.Equal(t, 1.0, item["count"])
	delay := item["delay"].(map[string]any)
	assert.Greater(t, delay["timeLeftSeconds"], 50.0, "backoffSeconds 60 holds the relaunch")
	assert.Equal(t, false, delay["overdue"])
	_, hasRole := item["role"]
	assert.False(t, hasRole, "1.4 queue items have no role")
	assert.Equal(t, 204, te2.call(t, "DELETE", "/v2/queue/crash/delay", "").status)
	assert.Equal(t, 404, te2.call(t, "DELETE", "/v2/queue/nope/delay", "").status)
}

func TestEventHeartbeats(t *testing.T) {
	te := startEmu(t, Config{HeartbeatInterval: 20 * time.Millisecond})
	req, _ := http.NewRequest("GET", te.url+"/v2/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, "text/event-stream;charset=utf-8", res.Header.Get("Content-Type"))
	buf := make([]byte, 0, 512)
	tmp := make([]byte, 512)
	for !strings.HasSuffix(string(buf), "\r\n\r\n\r\n\r\n") {
		n, err := res.Body.Read(tmp)
		require.NoError(t, err)
		buf = append(buf, tmp[:n]...)
	}
	assert.Regexp(t, "^event: event_stream_attached\r\ndata: \\{.*\\}\r\n\r\n(\r\n)+$", string(buf))
}

// Marathon's agents offer ports 31000-32000 unless told otherwise (the
// tests lease windows of their own, see startEmu).
func TestDefaultHostPortRange(t *testing.T) {
	e, err := New(Config{Executor: ExecutorInproc})
	require.NoError(t, err)
	defer e.Close()
	assert.Equal(t, [2]int{31000, 32000}, e.cfg.PortRange)
}

// TestDeploymentEventsCarryTheRootGroups: 1.4 writes plan.original and
// plan.target whole (DeploymentPlanWrites in api/v2/json/Formats.scala),
// every app of the root group before and after, not only the affected one.
func TestDeploymentEventsCarryTheRootGroups(t *testing.T) {
	te := startEmu(t, Config{})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/a","cmd":"x","instances":0}`).status)
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/b","cmd":"x","instances":0}`).status)
	// The creations' deployments finish first: until then /b is locked
	// (409, as Marathon), and their events are not the one looked at.
	te.waitIdle(t)
	events := openSSE(t, te.url+"/v2/events?event_type=deployment_success")
	require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/b", `{"instances":1}`).status)
	ev := events.next(t)
	require.Equal(t, "deployment_success", ev.typ)
	plan := ev.data["plan"].(map[string]any)
	instances := func(group string) map[string]any {
		out := map[string]any{}
		for _, a := range plan[group].(map[string]any)["apps"].([]any) {
			out[a.(map[string]any)["id"].(string)] = a.(map[string]any)["instances"]
		}
		return out
	}
	assert.Equal(t, map[string]any{"/a": 0.0, "/b": 0.0}, instances("original"))
	assert.Equal(t, map[string]any{"/a": 0.0, "/b": 1.0}, instances("target"))
	steps := plan["steps"].([]any)
	require.Len(t, steps, 1)
	assert.Equal(t, []any{map[string]any{"action": "ScaleApplication", "app": "/b"}}, steps[0].(map[string]any)["actions"])
}
