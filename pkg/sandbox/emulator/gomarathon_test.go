package emulator_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	marathon "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

// go-marathon v0.7.1 against each modelled Marathon: apps, tasks, queue,
// info, deployments and the event stream, with both id schemes. Where
// go-marathon does not fit real Marathon (KillTask, health results'
// taskId), the test pins what happens, so a caller knows not to use it.
func TestGoMarathonLifecycle(t *testing.T) {
	for _, m := range emutest.Modes {
		t.Run("marathon-"+m.Name, func(t *testing.T) { testGoMarathonLifecycle(t, m) })
	}
}

func testGoMarathonLifecycle(t *testing.T, m emutest.Mode) {
	emu := emutest.Start(t, emutest.Credentials("admin", "s3cret"), emutest.TimeScale(0.1), m.Option())
	c := emu.Client(t)

	events, err := c.AddEventsListener(marathon.EventIDApplications | marathon.EventIDDeploymentSuccess |
		marathon.EventIDAPIRequest | marathon.EventIDDeploymentInfo)
	require.NoError(t, err)
	defer c.RemoveEventsListener(events)

	app := marathon.NewDockerApplication() // cleared below: go-marathon's plain-command form
	app.Container = nil
	app.Name("/svc/web").Command("serve").Count(2).CPU(0.1).Memory(64)
	app.AddLabel("yodel.service", "web")
	app.SetUpgradeStrategy(marathon.UpgradeStrategy{MinimumHealthCapacity: ptrF(1), MaximumOverCapacity: ptrF(0)})
	hc := marathon.NewDefaultHealthCheck()
	hc.IntervalSeconds = 1
	hc.GracePeriodSeconds = 5
	app.AddHealthCheck(*hc)
	created, err := c.CreateApplication(app)
	require.NoError(t, err)
	assert.Equal(t, "/svc/web", created.ID)
	require.Len(t, created.Deployments, 1)
	depID := created.Deployments[0]["id"]
	require.NoError(t, c.WaitOnDeployment(depID, 10*time.Second))
	require.NoError(t, c.WaitOnApplication("/svc/web", 10*time.Second))
	ok, err := c.ApplicationOK("/svc/web")
	require.NoError(t, err)
	assert.True(t, ok, "every task running with passing health results")

	// The SSE listener saw the deploy.
	seen := map[string]bool{}
	deadline := time.After(5 * time.Second)
	for !seen["deployment_success"] || !seen["health_status_changed_event"] {
		select {
		case ev := <-events:
			seen[ev.Name] = true
			switch e := ev.Event.(type) {
			case *marathon.EventStatusUpdate:
				assert.Regexp(t, taskIDScheme[m.Version], e.TaskID)
			case *marathon.EventHealthCheckChanged:
				// Marathon's event names the instance only: go-marathon's
				// TaskID stays empty on every version.
				assert.Empty(t, e.TaskID, "health_status_changed_event has no taskId")
			}
			if ev.Name == "deployment_info" {
				info := ev.Event.(*marathon.EventDeploymentInfo)
				// 1.10's events carry a raml.DeploymentPlan: no groups.
				assert.Equal(t, m.Version == emulator.Version14, info.Plan.Original != nil, "plan.original")
				assert.Equal(t, m.Version == emulator.Version14, info.Plan.Target != nil, "plan.target")
				assert.NotEmpty(t, info.CurrentStep.Actions)
			}
		case <-deadline:
			t.Fatalf("events seen: %v", seen)
		}
	}
	assert.True(t, seen["status_update_event"])
	assert.True(t, seen["api_post_event"])

	// Update (a config change rolls the tasks).
	got, err := c.Application("/svc/web")
	require.NoError(t, err)
	oldVersion := got.Version
	upd := marathon.NewDockerApplication()
	upd.Container = nil
	upd.Name("/svc/web").Command("serve --v2").Count(2).CPU(0.1).Memory(64)
	upd.AddHealthCheck(*hc)
	dep, err := c.UpdateApplication(upd, false)
	require.NoError(t, err)
	require.NoError(t, c.WaitOnDeployment(dep.DeploymentID, 10*time.Second))
	got, err = c.Application("/svc/web")
	require.NoError(t, err)
	assert.NotEqual(t, oldVersion, got.Version)
	for _, tk := range got.Tasks {
		assert.Equal(t, got.Version, tk.Version)
		require.NotEmpty(t, tk.HealthCheckResults)
		assert.Empty(t, tk.HealthCheckResults[0].TaskID, "health results carry instanceId, not the taskId go-marathon reads")
	}

	// Scale.
	dep, err = c.ScaleApplicationInstances("/svc/web", 3, false)
	require.NoError(t, err)
	require.NoError(t, c.WaitOnDeployment(dep.DeploymentID, 10*time.Second))
	got, err = c.Application("/svc/web")
	require.NoError(t, err)
	assert.Equal(t, 3, got.TasksRunning)

	// Restart.
	dep, err = c.RestartApplication("/svc/web", false)
	require.NoError(t, err)
	require.NoError(t, c.WaitOnDeployment(dep.DeploymentID, 10*time.Second))

	// Kill one task: it is replaced; with scale, the count drops.
	tasks, err := c.Tasks("/svc/web")
	require.NoError(t, err)
	require.Len(t, tasks.Tasks, 3)
	// go-marathon's KillTask fails on both: 1.4 answers with its
	// internal Instance JSON ("state" an object, not a string), and on
	// 1.10 KillTask derives the app id from the task id by cutting at the
	// last dot, which misses "<app>.instance-<uuid>._app.<n>". KillTasks
	// (POST /v2/tasks/delete) works on both.
	_, err = c.KillTask(tasks.Tasks[0].ID, nil)
	var apiErr *marathon.APIError
	if m.Version == emulator.Version14 {
		assert.ErrorIs(t, err, marathon.ErrInvalidResponse)
	} else {
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, marathon.ErrCodeNotFound, apiErr.ErrCode)
		require.NoError(t, c.KillTasks([]string{tasks.Tasks[0].ID}, nil))
	}
	waitFor(t, func() bool {
		ts, err := c.Tasks("/svc/web")
		if err != nil || len(ts.Tasks) != 3 {
			return false
		}
		for _, tk := range ts.Tasks {
			if tk.ID == tasks.Tasks[0].ID {
				return false
			}
		}
		return true
	})
	require.NoError(t, c.WaitOnApplication("/svc/web", 10*time.Second))
	require.NoError(t, c.KillTasks([]string{tasks.Tasks[1].ID}, &marathon.KillTaskOpts{Scale: true}))
	waitApp(t, c, "/svc/web", func(a *marathon.Application) bool { return *a.Instances == 2 && a.TasksRunning == 2 })
	// The scale-down deployment lasts until the killed task has drained
	// (its kill grace period), as in Marathon.
	waitFor(t, func() bool { d, err := c.Deployments(); return err == nil && len(d) == 0 })

	// The queue: an app that cannot start backs off, and go-marathon
	// parses its whole-second timeLeftSeconds.
	crash := marathon.NewDockerApplication()
	crash.Container = nil
	crash.Name("/crashy").Command("x").Count(1)
	crash.BackoffSeconds = ptrF(600)
	_, err = c.CreateApplication(crash)
	require.NoError(t, err)
	waitFor(t, func() bool {
		ts, err := c.Tasks("/crashy")
		return err == nil && len(ts.Tasks) == 1 && ts.Tasks[0].State == "TASK_RUNNING"
	})
	ts, err := c.Tasks("/crashy")
	require.NoError(t, err)
	emu.Fault(t, "tasks/"+ts.Tasks[0].ID+"/kill")
	waitFor(t, func() bool {
		q, err := c.Queue()
		return err == nil && len(q.Items) == 1 && q.Items[0].Delay.TimeLeftSeconds > 0
	})
	q, err := c.Queue()
	require.NoError(t, err)
	assert.Equal(t, "/crashy", q.Items[0].Application.ID)
	assert.LessOrEqual(t, q.Items[0].Delay.TimeLeftSeconds, 60, "600 s at time scale 0.1")
	_, err = c.DeleteApplication("/crashy", true)
	require.NoError(t, err)

	// Locked: a second change without force.
	long := marathon.NewDockerApplication()
	long.Container = nil
	long.Name("/slow").Command("x").Count(1)
	cmdHC := marathon.HealthCheck{Protocol: "COMMAND", Command: &marathon.Command{Value: "false"}}
	long.AddHealthCheck(cmdHC)
	_, err = c.CreateApplication(long)
	require.NoError(t, err)
	_, err = c.ScaleApplicationInstances("/slow", 2, false)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, marathon.ErrCodeAppLocked, apiErr.ErrCode)
	_, err = c.CreateApplication(long)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, marathon.ErrCodeDuplicateID, apiErr.ErrCode)
	deps, err := c.Deployments()
	require.NoError(t, err)
	require.Len(t, deps, 1)
	assert.Equal(t, []string{"/slow"}, deps[0].AffectedApps)
	_, err = c.DeleteDeployment(deps[0].ID, true) // go-marathon ignores force: a rollback
	require.NoError(t, err)
	// Rolling back a creation removes the app.
	waitFor(t, func() bool {
		_, err := c.Application("/slow")
		return errors.As(err, &apiErr) && apiErr.ErrCode == marathon.ErrCodeNotFound
	})

	// Delete.
	dep, err = c.DeleteApplication("/svc/web", false)
	require.NoError(t, err)
	require.NoError(t, c.WaitOnDeployment(dep.DeploymentID, 10*time.Second))
	_, err = c.Application("/svc/web")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, marathon.ErrCodeNotFound, apiErr.ErrCode)

	// Invalid definitions map to ErrCodeInvalidBean.
	bad := marathon.NewDockerApplication()
	bad.Container = nil
	bad.Name("/Bad_Name").Command("x")
	_, err = c.CreateApplication(bad)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, marathon.ErrCodeInvalidBean, apiErr.ErrCode)

	groups, err := c.Groups()
	require.NoError(t, err)
	assert.Equal(t, "/", groups.ID)
	info, err := c.Info()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{emulator.Version14: "1.4.13", emulator.Version110: "1.10.26"}[m.Version], info.Version)
}

func TestGoMarathonFailover(t *testing.T) {
	dir := t.TempDir()
	// Fast polling so the follower takes over quickly.
	fast := emutest.With(func(c *emulator.Config) { c.LeaderPollInterval = 50 * time.Millisecond })
	leader, err := emutest.StartConfig(emulator.Config{StateDir: dir, Executor: emulator.ExecutorInproc, TickInterval: 20 * time.Millisecond, LeaderPollInterval: 50 * time.Millisecond})
	require.NoError(t, err)
	defer leader.Close()
	waitFor(t, func() bool { return status(t, leader.URL)["leader"] == true })
	follower := emutest.Start(t, emutest.StateDir(dir), fast)
	assert.Equal(t, false, status(t, follower.URL)["leader"])

	c, err := emutest.NewClient(leader.URL+","+follower.URL, "", "")
	require.NoError(t, err)
	app := marathon.NewDockerApplication()
	app.Container = nil
	app.Name("/ha").Command("x").Count(2)
	_, err = c.CreateApplication(app)
	require.NoError(t, err)
	require.NoError(t, c.WaitOnApplication("/ha", 10*time.Second))

	// The follower proxies the API and redirects the event stream.
	res, err := http.Get(follower.URL + "/v2/apps/ha")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 200, res.StatusCode)
	assert.Equal(t, "http://"+leader.Addr, res.Header.Get("X-Marathon-Leader"))
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", follower.URL+"/v2/events?event_type=x", nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err = noRedirect.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 302, res.StatusCode)
	assert.Equal(t, leader.URL+"/v2/events?event_type=x", res.Header.Get("Location"))

	// The leader dies; the client fails over and the follower leads within 2s.
	died := time.Now()
	leader.Close()
	waitFor(t, func() bool { return status(t, follower.URL)["leader"] == true })
	assert.Less(t, time.Since(died), 2*time.Second)
	require.NoError(t, c.WaitOnApplication("/ha", 10*time.Second))
	got, err := c.Application("/ha")
	require.NoError(t, err)
	assert.Equal(t, 2, got.TasksRunning, "inproc tasks died with the leader and were relaunched")
	assert.Equal(t, "TASK_LOST", got.LastTaskFailure.State)
}

func TestGoMarathon5xxMarksMemberDown(t *testing.T) {
	a := emutest.Start(t)
	b := emutest.Start(t)
	c, err := emutest.NewClient(a.URL+","+b.URL, "", "")
	require.NoError(t, err)
	a.Fault(t, "faults/fail?count=1000&status=503")
	_, err = c.Applications(nil)
	require.NoError(t, err, "the first member answers only 503: the second one served this")
}

func status(t *testing.T, url string) map[string]any {
	t.Helper()
	res, err := http.Get(url + "/_emulator/status")
	if err != nil {
		return map[string]any{}
	}
	defer res.Body.Close()
	var m map[string]any
	_ = jsonDecode(res, &m)
	return m
}

func waitApp(t *testing.T, c marathon.Marathon, id string, cond func(*marathon.Application) bool) {
	t.Helper()
	waitFor(t, func() bool {
		a, err := c.Application(id)
		return err == nil && cond(a)
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// taskIDScheme is each version's task id for app /svc/web (Task.Id).
var taskIDScheme = map[string]string{
	emulator.Version14:  `^svc_web\.[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$`,
	emulator.Version110: `^svc_web\.instance-[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\._app\.[1-9][0-9]*$`,
}

func ptrF(f float64) *float64 { return &f }

func jsonDecode(res *http.Response, v any) error { return json.NewDecoder(res.Body).Decode(v) }
