package emulator

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each test here pins one behaviour read from Marathon's source (file named
// in the comment) that the emulator used to get wrong.

// LabelSelector.scala: != and notin need the label to exist; in/notin take
// sets; a selector that does not parse is an IllegalArgumentException (422).
func TestLabelSelectors(t *testing.T) {
	te := startEmu(t, Config{})
	for _, a := range []string{
		`{"id":"/a","cmd":"x","instances":0,"labels":{"env":"prod","tier":"web"}}`,
		`{"id":"/b","cmd":"x","instances":0,"labels":{"env":"qa"}}`,
		`{"id":"/c","cmd":"x","instances":0}`,
	} {
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", a).status)
	}
	ids := func(label string) []string {
		r := te.call(t, "GET", "/v2/apps?label="+strings.ReplaceAll(label, " ", "%20"), "")
		require.Equal(t, 200, r.status, string(r.body))
		var out []string
		for _, a := range r.json(t)["apps"].([]any) {
			out = append(out, a.(map[string]any)["id"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"/b"}, ids("env!=prod"), "!= needs the label: /c has none")
	assert.Equal(t, []string{"/a", "/b"}, ids("env in (qa, prod)"))
	assert.Equal(t, []string{"/b"}, ids("env notin (prod)"))
	assert.Equal(t, []string{"/a"}, ids("env==prod,tier"))
	assert.Equal(t, []string{"/a"}, ids("env == prod , tier in (web)"))
	assert.Equal(t, []string{"/a", "/b", "/c"}, ids(""))
	// AppsResource.search: id= is a substring of the id in any case (yodel
	// status SVC reads with it), and both filters apply together.
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/grp/web-blue","cmd":"x","instances":0,"labels":{"env":"qa"}}`).status)
	byID := func(q string) []string {
		r := te.call(t, "GET", "/v2/apps?"+q, "")
		require.Equal(t, 200, r.status, string(r.body))
		out := []string{}
		for _, a := range r.json(t)["apps"].([]any) {
			out = append(out, a.(map[string]any)["id"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"/grp/web-blue"}, byID("id=WEB"), "ids are lower case; the filter is case-insensitive")
	assert.Equal(t, []string{"/grp/web-blue"}, byID("id=p/w"))
	assert.Equal(t, []string{"/b", "/grp/web-blue"}, byID("id=b&label=env==qa"))
	assert.Equal(t, []string{}, byID("id=nothing"))
	for _, bad := range []string{"env==", "env in qa", "a b", "env in (qa", "env!=prod,"} {
		r := te.call(t, "GET", "/v2/apps?label="+strings.ReplaceAll(bad, " ", "%20"), "")
		assert.Equal(t, 422, r.status, "%q: %s", bad, r.body)
		assert.Contains(t, string(r.body), "Can not parse label selector", bad)
	}
}

// GroupVersioningUtil: a restart moves lastScalingAt, not
// lastConfigChangeAt.
func TestRestartVersionInfo(t *testing.T) {
	te := startEmu(t, Config{})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/v","cmd":"x","instances":1}`).status)
	te.waitIdle(t)
	vi := func() map[string]any {
		return te.call(t, "GET", "/v2/apps/v", "").json(t)["app"].(map[string]any)["versionInfo"].(map[string]any)
	}
	before := vi()
	r := te.call(t, "POST", "/v2/apps/v/restart", "")
	require.Equal(t, 200, r.status)
	version := r.json(t)["version"]
	after := vi()
	assert.Equal(t, before["lastConfigChangeAt"], after["lastConfigChangeAt"], "a restart is no config change")
	assert.Equal(t, version, after["lastScalingAt"])
	assert.NotEqual(t, before["lastScalingAt"], after["lastScalingAt"])
}

// TaskReplaceActor.computeRestartStrategy (1.4): nrToKillImmediately is
// every active instance minus minHealthy, healthy or not; with
// minimumHealthCapacity 1 and maximumOverCapacity 0 the capacity then
// allows one extra instance. A fix deployed over a release whose tasks all
// fail their health checks finishes; counting only healthy tasks, it
// stalled for ever (no kill, no room to launch).
func TestRestartOverUnhealthyTasksFinishes(t *testing.T) {
	te := startEmu(t, Config{TimeScale: 0.05})
	hc := `"healthChecks":[{"protocol":"HTTP","path":"/","intervalSeconds":1,"gracePeriodSeconds":1,"maxConsecutiveFailures":0}]`
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/u","cmd":"v1","instances":2,
		"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":0},`+hc+`}`).status)
	te.waitIdle(t)
	te.mu.Lock()
	var old []string
	for id := range te.apps["/u"].tasks {
		old = append(old, id)
	}
	te.mu.Unlock()
	for _, id := range old {
		require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+id+"/fail-health", "").status)
	}
	waitFor(t, 10*time.Second, "both v1 tasks unhealthy", func() bool {
		app := te.call(t, "GET", "/v2/apps/u", "").json(t)["app"].(map[string]any)
		return app["tasksUnhealthy"] == 2.0
	})
	require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/u", `{"cmd":"v2"}`).status)
	waitFor(t, 10*time.Second, "the v2 deployment finished with 2 healthy v2 tasks", func() bool {
		r := te.call(t, "GET", "/v2/deployments", "")
		var ds []any
		_ = json.Unmarshal(r.body, &ds)
		return len(ds) == 0 && te.idle()
	})
}

// QueueInfoConversion: timeLeftSeconds is whole seconds (go-marathon's
// Delay.TimeLeftSeconds is an int); 1.4 says overdue only once the deadline
// is a second past, 1.10 also when there is no delay.
func TestQueueDelayWholeSeconds(t *testing.T) {
	te := startEmu(t, Config{})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/q","cmd":"x","instances":1,"backoffSeconds":100}`).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/q")
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/kill", "").status)
	waitFor(t, 10*time.Second, "the app in the queue", func() bool {
		return strings.Contains(string(te.call(t, "GET", "/v2/queue", "").body), `"/q"`)
	})
	var q struct {
		Queue []struct {
			Delay map[string]json.RawMessage `json:"delay"`
		} `json:"queue"`
	}
	require.NoError(t, json.Unmarshal(te.call(t, "GET", "/v2/queue", "").body, &q))
	require.Len(t, q.Queue, 1)
	left := string(q.Queue[0].Delay["timeLeftSeconds"])
	assert.NotContains(t, left, ".", "whole seconds")
	var n int
	require.NoError(t, json.Unmarshal([]byte(left), &n))
	assert.True(t, n > 90 && n <= 100, "%d", n)
	assert.Equal(t, "false", string(q.Queue[0].Delay["overdue"]))
}

// Formats (1.4: readNullable[Long]) and the 1.10 RAML (integer) take whole
// seconds only: 1.4 answers 400 error.expected.long, 1.10 422
// error.expected.int. 5.0 is a whole number and accepted.
func TestFractionalSecondsRejected(t *testing.T) {
	for _, c := range []struct {
		version, errMsg string
		status          int
	}{{Version14, "error.expected.long", 400}, {Version110, "error.expected.int", 422}} {
		te := startEmu(t, Config{MarathonVersion: c.version})
		for field, body := range map[string]string{
			"/taskKillGracePeriodSeconds":      `{"id":"/f","cmd":"x","taskKillGracePeriodSeconds":1.5}`,
			"/backoffSeconds":                  `{"id":"/f","cmd":"x","backoffSeconds":0.5}`,
			"/maxLaunchDelaySeconds":           `{"id":"/f","cmd":"x","maxLaunchDelaySeconds":9.9}`,
			"/healthChecks(0)/intervalSeconds": `{"id":"/f","cmd":"x","healthChecks":[{"protocol":"TCP","intervalSeconds":0.5}]}`,
			"/healthChecks(0)/delaySeconds":    `{"id":"/f","cmd":"x","healthChecks":[{"protocol":"COMMAND","command":{"value":"true"},"delaySeconds":2.5}]}`,
		} {
			r := te.call(t, "POST", "/v2/apps", body)
			require.Equal(t, c.status, r.status, "%s %s: %s", c.version, field, r.body)
			details := r.json(t)["details"].([]any)[0].(map[string]any)
			assert.Equal(t, field, details["path"])
			assert.Equal(t, []any{c.errMsg}, details["errors"])
		}
		assert.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/f","cmd":"x","instances":0,"taskKillGracePeriodSeconds":5.0}`).status)
		assert.Equal(t, c.status, te.call(t, "PATCH", "/v2/apps/f", `{"backoffSeconds":1.25}`).status, "updates too")
	}
}

// TaskFailure.isFailureState and NotifyRateLimiterStep.limitWorthy: a
// killed task is neither lastTaskFailure nor a reason to delay launches; a
// failed one is both.
func TestKilledTaskIsNoFailure(t *testing.T) {
	te := startEmu(t, Config{})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/k","cmd":"x","instances":1,"backoffSeconds":100,"taskKillGracePeriodSeconds":0}`).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/k")
	require.Equal(t, 200, te.call(t, "DELETE", "/v2/apps/k/tasks/"+tk.ID, "").status)
	waitFor(t, 10*time.Second, "a replacement despite backoffSeconds 100", func() bool {
		return te.idle() && onlyTask(t, te, "/k").ID != tk.ID
	})
	app := te.call(t, "GET", "/v2/apps/k?embed=app.lastTaskFailure", "").json(t)["app"].(map[string]any)
	assert.NotContains(t, app, "lastTaskFailure")

	tk = onlyTask(t, te, "/k")
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/kill", "").status) // TASK_FAILED
	waitFor(t, 10*time.Second, "lastTaskFailure", func() bool {
		app := te.call(t, "GET", "/v2/apps/k?embed=app.lastTaskFailure", "").json(t)["app"].(map[string]any)
		f, ok := app["lastTaskFailure"].(map[string]any)
		return ok && f["taskId"] == tk.ID && f["state"] == TaskFailed
	})
	q := te.call(t, "GET", "/v2/queue", "").json(t)["queue"].([]any)
	require.Len(t, q, 1, "the failed task waits for its launch delay")
}

// RateLimiter: the delay grows by backoffFactor per failure up to
// maxLaunchDelaySeconds, and is forgotten once maxLaunchDelaySeconds have
// passed since it was last set, so the next failure starts again from
// backoffSeconds.
func TestLaunchDelayExpires(t *testing.T) {
	e, err := New(Config{Executor: ExecutorInproc})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close() })
	as := &appState{app: &App{ID: "/d", BackoffSeconds: 10, BackoffFactor: 2, MaxLaunchDelaySeconds: 30}, tasks: map[string]*Task{}}
	now := time.Now()
	fail := func(at time.Time) time.Duration {
		t := &Task{ID: "d." + timeUUID(), AppID: "/d"}
		as.tasks[t.ID] = t
		e.mu.Lock()
		e.taskTerminated(as, t, TaskFailed, "boom", at)
		e.mu.Unlock()
		return as.delay
	}
	assert.Equal(t, 10*time.Second, fail(now))
	assert.Equal(t, 20*time.Second, fail(now.Add(time.Second)))
	assert.Equal(t, 30*time.Second, fail(now.Add(2*time.Second)), "capped at maxLaunchDelaySeconds")
	assert.Equal(t, 10*time.Second, fail(now.Add(40*time.Second)), "expired: 38 s > 30 s since it was last set")
	e.mu.Lock()
	e.taskTerminated(as, &Task{ID: "d.x", AppID: "/d"}, TaskKilled, "", now.Add(41*time.Second))
	e.mu.Unlock()
	assert.Equal(t, 10*time.Second, as.delay, "a kill leaves the delay alone")
}

// Kill responses: 1.4's AppTasksResource answers a kill without scale with
// its internal Instance JSON, 1.10's with task objects; POST
// /v2/tasks/delete answers with tasks on both; with scale, a deployment.
// A task id selects its instance, and on 1.10 the instance is relaunched
// under its next incarnation unless wiped.
func TestKillResponses(t *testing.T) {
	for _, v := range []string{Version14, Version110} {
		t.Run("marathon-"+v, func(t *testing.T) {
			te := startEmu(t, Config{MarathonVersion: v})
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/k","cmd":"x","instances":2,"taskKillGracePeriodSeconds":0}`).status)
			te.waitIdle(t)
			tasks := func() []map[string]any {
				var out []map[string]any
				for _, x := range te.call(t, "GET", "/v2/apps/k/tasks", "").json(t)["tasks"].([]any) {
					out = append(out, x.(map[string]any))
				}
				return out
			}
			first := tasks()[0]["id"].(string)
			r := te.call(t, "DELETE", "/v2/apps/k/tasks/"+first, "")
			require.Equal(t, 200, r.status)
			task := r.json(t)["task"].(map[string]any)
			if v == Version14 {
				assert.Equal(t, map[string]any{"idString": strings.Replace(first, "k.", "k.marathon-", 1)}, task["instanceId"])
				assert.Contains(t, task["tasksMap"], first)
				assert.IsType(t, map[string]any{}, task["state"], "state is an object: go-marathon's KillTask cannot decode it")
			} else {
				assert.Equal(t, first, task["id"])
				assert.Equal(t, "TASK_RUNNING", task["state"])
			}
			waitFor(t, 10*time.Second, "the killed task replaced", func() bool {
				ts := tasks()
				return len(ts) == 2 && ts[0]["id"] != first && ts[1]["id"] != first && te.idle()
			})
			if v == Version110 {
				var ids []string
				for _, x := range tasks() {
					ids = append(ids, x["id"].(string))
				}
				assert.Contains(t, ids, strings.TrimSuffix(first, ".1")+".2", "the same instance, next incarnation")
				// The old incarnation's id still names the instance.
				r = te.call(t, "DELETE", "/v2/apps/k/tasks/"+first+"?wipe=true", "")
				require.Equal(t, 200, r.status, string(r.body))
				assert.Equal(t, strings.TrimSuffix(first, ".1")+".2", r.json(t)["task"].(map[string]any)["id"])
				waitFor(t, 10*time.Second, "a new instance after wipe", func() bool {
					ts := tasks()
					inst := strings.TrimSuffix(first, "._app.1")
					return len(ts) == 2 && !strings.HasPrefix(ts[0]["id"].(string), inst) && !strings.HasPrefix(ts[1]["id"].(string), inst) && te.idle()
				})
			}
			ts := tasks()
			r = te.call(t, "POST", "/v2/tasks/delete", `{"ids":["`+ts[0]["id"].(string)+`"]}`)
			require.Equal(t, 200, r.status)
			assert.Equal(t, ts[0]["id"], r.json(t)["tasks"].([]any)[0].(map[string]any)["id"])
			te.waitIdle(t)
			ts = tasks()
			r = te.call(t, "POST", "/v2/tasks/delete?scale=true", `{"ids":["`+ts[0]["id"].(string)+`"]}`)
			require.Equal(t, 200, r.status)
			assert.Contains(t, r.json(t), "deploymentId")
			waitFor(t, 10*time.Second, "scaled to 1", func() bool { return len(tasks()) == 1 && te.idle() })
			assert.Equal(t, 400, te.call(t, "POST", "/v2/tasks/delete", `{"ids":["nodot"]}`).status)
		})
	}
}

// 1.10 names tasks <app>.instance-<uuid>._app.<n> and reports
// healthCheckResults by instance id; 1.4 names the instance
// <app>.marathon-<uuid>, not the task id.
func TestIDSchemes(t *testing.T) {
	for _, c := range []struct{ version, task, instance string }{
		{Version14, `^grp_web\.[0-9a-f-]{36}$`, `^grp_web\.marathon-[0-9a-f-]{36}$`},
		{Version110, `^grp_web\.instance-[0-9a-f-]{36}\._app\.1$`, `^grp_web\.instance-[0-9a-f-]{36}$`},
	} {
		te := startEmu(t, Config{MarathonVersion: c.version, TimeScale: 0.05})
		require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/grp/web","cmd":"x","instances":1,
			"healthChecks":[{"protocol":"HTTP","path":"/","intervalSeconds":1}]}`).status)
		te.waitIdle(t)
		tk := te.call(t, "GET", "/v2/apps/grp/web/tasks", "").json(t)["tasks"].([]any)[0].(map[string]any)
		assert.Regexp(t, c.task, tk["id"])
		hr := tk["healthCheckResults"].([]any)[0].(map[string]any)
		assert.Regexp(t, c.instance, hr["instanceId"])
		assert.NotContains(t, hr, "taskId")
	}
}

// Mesos runs COMMAND (and MESOS_*) checks, delaySeconds after the task
// started (HealthCheck.DefaultDelay 15 s); Marathon keeps health in memory,
// so after a failover health is unknown until the new leader's checks
// have run.
func TestCommandCheckDelayAndHealthAfterFailover(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{StateDir: dir, Executor: ExecutorProcess, TimeScale: 0.2, LeaderPollInterval: 20 * time.Millisecond}
	e1 := startEmu(t, cfg)
	waitFor(t, 5*time.Second, "leader", func() bool { return e1.leader.isLeader() })
	// 10 s delay at time scale 0.2: 2 s.
	require.Equal(t, 201, e1.call(t, "POST", "/v2/apps", `{"id":"/c","cmd":"sleep 600","instances":1,
		"healthChecks":[{"protocol":"COMMAND","command":{"value":"true"},"intervalSeconds":1,"delaySeconds":10}]}`).status)
	var tk map[string]any
	waitFor(t, 20*time.Second, "healthy", func() bool {
		ts := e1.call(t, "GET", "/v2/apps/c/tasks", "").json(t)["tasks"].([]any)
		if len(ts) != 1 {
			return false
		}
		tk = ts[0].(map[string]any)
		_, ok := tk["healthCheckResults"]
		return ok
	})
	started, _ := time.Parse(tsFormat, tk["startedAt"].(string))
	first, _ := time.Parse(tsFormat, tk["healthCheckResults"].([]any)[0].(map[string]any)["firstSuccess"].(string))
	assert.GreaterOrEqual(t, first.Sub(started), 2*time.Second, "the first check waited delaySeconds")

	e1.stop()
	e2 := startEmu(t, cfg)
	t.Cleanup(func() { _ = e2.StopAllTasks(context.Background()) })
	waitFor(t, 5*time.Second, "new leader", func() bool { return e2.leader.isLeader() })
	ts := e2.call(t, "GET", "/v2/apps/c/tasks", "").json(t)["tasks"].([]any)
	require.Len(t, ts, 1)
	again := ts[0].(map[string]any)
	assert.Equal(t, tk["id"], again["id"], "the task was adopted")
	assert.NotContains(t, again, "healthCheckResults", "health is unknown until the new leader's checks run")
	waitFor(t, 20*time.Second, "healthy again", func() bool {
		ts := e2.call(t, "GET", "/v2/apps/c/tasks", "").json(t)["tasks"].([]any)
		_, ok := ts[0].(map[string]any)["healthCheckResults"]
		return ok
	})
}

// A new leader restarts the deployment's TaskReplaceActor, which counts the
// deployment's own already started new instances: 1.4 as active instances
// (nrToKillImmediately = active - minHealthy), 1.10 as instances beyond N.
// Either way it kills that many old instances at once, healthy new ones or
// not: what a router must survive on a real Marathon.
func TestNewLeaderMidRestartKillsOldTasksAtOnce(t *testing.T) {
	for _, v := range []string{Version14, Version110} {
		t.Run("marathon-"+v, func(t *testing.T) {
			dir := t.TempDir()
			te := startEmu(t, Config{MarathonVersion: v, TimeScale: 0.05})
			require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/r","cmd":"v1","instances":3,
				"upgradeStrategy":{"minimumHealthCapacity":1,"maximumOverCapacity":1},
				"healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f `+dir+`/$MARATHON_APP_VERSION"},"intervalSeconds":1}]}`).status)
			v1 := te.call(t, "GET", "/v2/apps/r", "").json(t)["app"].(map[string]any)["version"].(string)
			require.NoError(t, os.WriteFile(filepath.Join(dir, v1), nil, 0o644))
			te.waitIdle(t)
			require.Equal(t, 200, te.call(t, "PUT", "/v2/apps/r", `{"cmd":"v2"}`).status)
			counts := func() (oldLive, news int) {
				te.mu.Lock()
				defer te.mu.Unlock()
				for _, tk := range te.apps["/r"].tasks {
					switch {
					case tk.Version != v1:
						news++
					case !tk.KillRequested:
						oldLive++
					}
				}
				return
			}
			waitFor(t, 10*time.Second, "3 new tasks started beside 3 old ones", func() bool {
				o, n := counts()
				return o == 3 && n == 3
			})
			// The leader changes: the new one knows the deployment, not
			// the replace actor's progress.
			te.mu.Lock()
			for _, d := range te.deployments {
				d.restarts = map[string]*restartState{}
			}
			te.mu.Unlock()
			te.wake()
			waitFor(t, 10*time.Second, "every old task killed at once, no new one healthy", func() bool {
				o, _ := counts()
				return o == 0
			})
		})
	}
}
