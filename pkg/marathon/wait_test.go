package marathon

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const v3 = "2024-01-01T12:00:00.000Z"

// rollout sets up /web-blue mid-deployment d-2 from v1 to v2: the app is at
// v2, its three tasks still v1.
func rollout(c *cluster, healthChecks bool) {
	c.update(func(apps map[string]*App, deps *[]Deployment) {
		a := testApp("/web-blue", 3, v2, healthChecks)
		var alive *bool
		if healthChecks {
			alive = ptr(true)
		}
		for _, n := range []string{"o1", "o2", "o3"} {
			a.Tasks = append(a.Tasks, testTask("/web-blue", n, v1, "TASK_RUNNING", alive))
		}
		a.Deployments = []map[string]string{{"id": "d-2"}}
		apps["/web-blue"] = a
		*deps = []Deployment{{ID: "d-2", Version: v2, AffectedApps: []string{"/web-blue"}, CurrentStep: 1, TotalSteps: 1,
			CurrentActions: []Action{{Action: "RestartApplication", App: "/web-blue"}}}}
	})
}

// setTasks replaces the app's tasks: n new (v2) healthy ones and old v1 ones.
func setTasks(c *cluster, newHealthy, old int, deploymentDone bool) {
	c.update(func(apps map[string]*App, deps *[]Deployment) {
		a := apps["/web-blue"]
		a.Tasks = nil
		for i := range newHealthy {
			a.Tasks = append(a.Tasks, testTask("/web-blue", "n"+string(rune('0'+i)), v2, "TASK_RUNNING", ptr(true)))
		}
		for i := range old {
			a.Tasks = append(a.Tasks, testTask("/web-blue", "o"+string(rune('0'+i)), v1, "TASK_RUNNING", ptr(true)))
		}
		if deploymentDone {
			a.Deployments = nil
			*deps = nil
		}
	})
}

// progressLog collects OnProgress reports for assertions.
type progressLog struct {
	mu   sync.Mutex
	seen []Progress
}

func (l *progressLog) add(p Progress) {
	l.mu.Lock()
	l.seen = append(l.seen, p)
	l.mu.Unlock()
}

func (l *progressLog) any(fn func(Progress) bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.seen {
		if fn(p) {
			return true
		}
	}
	return false
}

type waitResult struct {
	out Outcome
	err error
}

// startWait runs WaitDeployment in the background. A report with Polling
// false does not mean the event stream is attached (the waiter's first
// poll reports before it is): a test that emits events waits for the
// fake's stream first (cluster.streams), or the events go nowhere.
func startWait(t *testing.T, c *Client, spec WaitSpec) (<-chan waitResult, *progressLog) {
	t.Helper()
	log := &progressLog{}
	spec.OnProgress = log.add
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	res := make(chan waitResult, 1)
	go func() {
		out, err := c.WaitDeployment(ctx, spec)
		res <- waitResult{out, err}
	}()
	t.Cleanup(cancel)
	return res, log
}

func result(t *testing.T, ch <-chan waitResult) waitResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(15 * time.Second):
		t.Fatal("WaitDeployment did not return")
	}
	return waitResult{}
}

func TestWaitDeploymentEventDriven(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	// Polling only while the stream is down, and it never is here: every
	// step below is seen through events.
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: time.Hour})

	waitFor(t, "first report with the step", func() bool {
		return state.streams() == 1 && log.any(func(p Progress) bool {
			return p.Old == 3 && p.Step == 1 && len(p.StepActions) == 1 && !p.Polling
		})
	})
	setTasks(state, 1, 2, false)
	state.emit(EventStatusUpdate, map[string]any{"appId": "/web-blue", "taskId": "web-blue.n0", "taskStatus": "TASK_RUNNING", "version": v2})
	waitFor(t, "1 new healthy, 2 old", func() bool {
		return log.any(func(p Progress) bool { return p.Healthy == 1 && p.Old == 2 })
	})

	setTasks(state, 3, 0, true)
	state.emit(EventDeploymentSuccess, map[string]any{"id": "d-2", "plan": map[string]any{"id": "d-2", "steps": []any{}}})
	r := result(t, res)
	require.NoError(t, r.err)
	p := r.out.Progress
	assert.True(t, p.Done)
	assert.True(t, p.DeploymentDone)
	assert.Equal(t, 3, p.Healthy)
	assert.Equal(t, 0, p.Old)
	assert.Equal(t, []VersionCount{{Version: v2, Current: true, Running: 3, Healthy: 3}}, p.Versions)
	assert.NotEmpty(t, p.Recent)
}

func TestWaitDeploymentPollsWhileStreamDown(t *testing.T) {
	state := newCluster()
	rollout(state, false)
	f := newFake(t, state)
	f.noEvents.Store(true)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: 10 * time.Millisecond})
	waitFor(t, "a report in polling mode", func() bool { return log.any(func(p Progress) bool { return p.Polling && p.Old == 3 }) })
	setTasks(state, 3, 0, true) // no event at all
	r := result(t, res)
	require.NoError(t, r.err)
	assert.True(t, r.out.Progress.Polling)
	assert.True(t, r.out.Progress.Done)
}

// Marathon's WaitOnDeployment returns at once when the id is not listed
// (go-marathon #285); here the tasks must also be right.
func TestWaitDeploymentNeedsOldTasksGone(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	setTasks(state, 3, 1, true) // deployment already gone, one old task left
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: time.Hour})
	waitFor(t, "a report: deployment gone, 1 old task", func() bool {
		return log.any(func(p Progress) bool { return p.DeploymentDone && p.Old == 1 && !p.Polling })
	})
	select {
	case r := <-res:
		t.Fatalf("returned with an old task left: %+v %v", r.out.Progress, r.err)
	default:
	}
	setTasks(state, 3, 0, true)
	state.emit(EventStatusUpdate, map[string]any{"appId": "/web-blue", "taskId": "web-blue.o0", "taskStatus": "TASK_KILLED", "version": v1})
	r := result(t, res)
	require.NoError(t, r.err)
	assert.Equal(t, 0, r.out.Progress.Old)
}

// An old task Mesos lost the agent of is TASK_UNREACHABLE: Marathon's
// restart neither kills nor waits for it, and lists it until it expunges
// it (1.4: minutes later). The wait ends with the deployment, and expunges
// the task: left listed, a task whose agent comes back runs its old
// release until Marathon's scale check kills a surplus task, by default
// one of the new release.
func TestWaitDeploymentDoesNotWaitForUnreachableOldTasks(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	setTasks(state, 3, 0, true)
	state.update(func(apps map[string]*App, _ *[]Deployment) {
		a := apps["/web-blue"]
		a.Tasks = append(a.Tasks, testTask("/web-blue", "o9", v1, "TASK_UNREACHABLE", nil))
	})
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	res, _ := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: time.Hour})
	r := result(t, res)
	require.NoError(t, r.err)
	assert.Equal(t, 0, r.out.Progress.Old)
	assert.Equal(t, 1, r.out.Progress.OldUnreachable)
	assert.Equal(t, []string{"web-blue.o9"}, r.out.Progress.Expunged, "expunged when the wait ends")
	assert.Equal(t, 1, f.count("POST /v2/tasks/delete?wipe=true"))
}

func TestWaitDeploymentStallOnFailingTasks(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: time.Hour})
	// The first poll can report progress before the stream is subscribed,
	// and an event emitted then is lost: wait for both.
	waitFor(t, "stream attached", func() bool {
		return state.streams() == 1 && log.any(func(p Progress) bool { return !p.Polling && p.Old == 3 })
	})

	status := func(task, st, version, msg string) {
		state.emit(EventStatusUpdate, map[string]any{"appId": "/web-blue", "taskId": task, "taskStatus": st, "version": version, "message": msg,
			"host": "agent-7", "slaveId": "s-7"})
	}
	// Not counted: old-version failures, kills that are not for health,
	// other apps.
	for _, id := range []string{"o1", "o2", "o3", "o4"} {
		status("web-blue."+id, "TASK_FAILED", v1, "old")
	}
	status("web-blue.k1", "TASK_KILLED", v2, "scaled down")
	state.emit(EventStatusUpdate, map[string]any{"appId": "/other", "taskId": "other.x", "taskStatus": "TASK_FAILED", "version": v2})
	// Counted: a failed new task, and a new task killed for failed health.
	status("web-blue.n1", "TASK_FAILED", v2, "exit 1")
	state.emit(EventUnhealthyInstanceKill, map[string]any{"appId": "/web-blue", "taskId": "web-blue.n2", "version": v2, "reason": "HTTP 500"})
	status("web-blue.n2", "TASK_KILLED", v2, "")
	waitFor(t, "2 failures counted", func() bool { return log.any(func(p Progress) bool { return p.TaskFailures == 2 }) })
	// A health kill names the check and its cause (the stall and the
	// rollback messages quote it).
	assert.True(t, log.any(func(p Progress) bool {
		return p.LastFailure == "web-blue.n2 killed for failing health check HTTP port index 0: HTTP 500"
	}), "the health kill's cause")
	// Its task says so: the fix is in the check or what the service
	// answers there, not in why a process exited.
	assert.True(t, log.any(func(p Progress) bool {
		return p.FailedTask != nil && *p.FailedTask == TaskRef{ID: "web-blue.n2", HealthCheck: "HTTP port index 0: HTTP 500"}
	}), "the health-killed task names its check")
	select {
	case r := <-res:
		t.Fatalf("stalled too early: %v", r.err)
	default:
	}
	status("web-blue.n3", "TASK_FAILED", v2, "Error: cannot bind port 8080")

	r := result(t, res)
	var se *StallError
	require.ErrorAs(t, r.err, &se)
	assert.Contains(t, se.Reason, "3 tasks of the new version failed")
	assert.Contains(t, se.LastTaskFailure, "cannot bind port 8080")
	assert.Contains(t, se.Error(), "cannot bind port 8080")
	// Where that task ran: its output is read there.
	assert.Equal(t, &TaskRef{ID: "web-blue.n3", Host: "agent-7", SlaveID: "s-7"}, se.Progress.FailedTask)
}

func TestWaitDeploymentStallFromLastTaskFailureWhilePolling(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	f := newFake(t, state)
	f.noEvents.Store(true)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	since := time.Now()
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: 10 * time.Millisecond, Since: since, MaxTaskFailures: 2})
	fail := func(task string, at time.Time, version string) {
		state.update(func(apps map[string]*App, _ *[]Deployment) {
			apps["/web-blue"].LastTaskFailure = &gm.LastTaskFailure{AppID: "/web-blue", TaskID: task, State: "TASK_FAILED",
				Message: "Command exited with status 1", Timestamp: at.UTC().Format(time.RFC3339Nano), Version: version}
		})
	}
	fail("web-blue.before", since.Add(-time.Minute), v2) // before the deploy
	waitFor(t, "a poll", func() bool { return f.count("GET /v2/apps/web-blue") >= 3 })
	fail("web-blue.old", since.Add(time.Second), v1) // old version
	waitFor(t, "a poll", func() bool { return f.count("GET /v2/apps/web-blue") >= 6 })
	assert.False(t, log.any(func(p Progress) bool { return p.TaskFailures > 0 }))
	fail("web-blue.n1", since.Add(time.Second), v2)
	waitFor(t, "1 failure", func() bool { return log.any(func(p Progress) bool { return p.TaskFailures == 1 }) })
	fail("web-blue.n2", since.Add(2*time.Second), v2)
	r := result(t, res)
	var se *StallError
	require.ErrorAs(t, r.err, &se)
	assert.Contains(t, se.LastTaskFailure, "web-blue.n2 TASK_FAILED: Command exited with status 1")
}

func TestWaitDeploymentProgressDeadline(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	setTasks(state, 1, 2, false)
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	start := time.Now()
	res, _ := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, ProgressDeadline: 200 * time.Millisecond})
	r := result(t, res)
	var se *StallError
	require.ErrorAs(t, r.err, &se)
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	assert.Contains(t, se.Reason, "no progress for 200ms: 1/3 new tasks healthy")
	assert.Contains(t, se.Reason, "2 old tasks left")
}

func TestWaitDeploymentSurvivesLeaderChange(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	leader, standby := newFake(t, state), newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{leader.URL(), standby.URL()}})
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, PollInterval: 50 * time.Millisecond})
	waitFor(t, "stream on the leader", func() bool { return log.any(func(p Progress) bool { return !p.Polling }) && state.streams() == 1 })

	leader.status.Store(503) // the leader dies; the standby takes over
	leader.srv.CloseClientConnections()
	waitFor(t, "stream on the standby", func() bool { return standby.count("GET /v2/events") >= 1 && state.streams() == 1 })
	setTasks(state, 3, 0, true)
	state.emit(EventDeploymentSuccess, map[string]any{"id": "d-2"})
	r := result(t, res)
	require.NoError(t, r.err)
	assert.True(t, r.out.Progress.Done)
	assert.GreaterOrEqual(t, standby.count("GET /v2/apps/web-blue"), 1)
}

func TestWaitDeploymentFailedOrSuperseded(t *testing.T) {
	t.Run("deployment_failed", func(t *testing.T) {
		state := newCluster()
		rollout(state, true)
		f := newFake(t, state)
		c := newTestClient(t, Config{URLs: []string{f.URL()}})
		res, _ := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3})
		waitFor(t, "stream", func() bool { return state.streams() == 1 })
		state.emit(EventDeploymentFailed, map[string]any{"id": "d-other"})
		state.emit(EventDeploymentFailed, map[string]any{"id": "d-2"})
		r := result(t, res)
		var de *DeploymentFailedError
		require.ErrorAs(t, r.err, &de)
		assert.Equal(t, "d-2", de.DeploymentID)
	})
	t.Run("superseded", func(t *testing.T) {
		state := newCluster()
		rollout(state, true)
		state.update(func(apps map[string]*App, _ *[]Deployment) {
			apps["/web-blue"].Version = v3
			apps["/web-blue"].VersionInfo.LastConfigChangeAt = v3
		})
		f := newFake(t, state)
		c := newTestClient(t, Config{URLs: []string{f.URL()}})
		res, _ := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3})
		r := result(t, res)
		var de *DeploymentFailedError
		require.ErrorAs(t, r.err, &de)
		assert.Contains(t, de.Reason, "superseded")
	})
}

func TestWaitDestroy(t *testing.T) {
	state := newCluster()
	rollout(state, false)
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", WantInstances: 0, PollInterval: time.Hour})
	waitFor(t, "stream", func() bool {
		return state.streams() == 1 && log.any(func(p Progress) bool { return !p.Polling && p.Old+p.Running == 3 })
	})
	state.update(func(apps map[string]*App, deps *[]Deployment) {
		delete(apps, "/web-blue")
		*deps = nil
	})
	state.emit(EventAppTerminated, map[string]any{"appId": "/web-blue"})
	r := result(t, res)
	require.NoError(t, r.err)
	assert.True(t, r.out.Progress.Done)
}

func TestWaitDeploymentTimeoutAndErrors(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	// The deadline passes once the wait has seen the deployment (a fixed
	// 100 ms could pass before the first poll on a busy machine).
	ctx := newExpiring()
	defer time.AfterFunc(30*time.Second, ctx.expire).Stop() // never seen: fail, not hang
	out, err := c.WaitDeployment(ctx, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3,
		OnProgress: func(p Progress) {
			if p.Old > 0 {
				ctx.expire()
			}
		}})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 3, out.Progress.Old, "the outcome says where the deployment stands")

	_, err = c.WaitDeployment(context.Background(), WaitSpec{AppID: "/gone", WantInstances: 1})
	assert.True(t, IsNotFound(err), "an app that does not exist: %v", err)

	g := newFake(t, state, withAuth("u", "p"))
	c = newTestClient(t, Config{URLs: []string{g.URL()}})
	_, err = c.WaitDeployment(context.Background(), WaitSpec{AppID: "/web-blue", WantInstances: 1})
	var ae *AuthError
	assert.True(t, errors.As(err, &ae), "refused credentials end the wait: %v", err)
}

func TestWaitDeploymentSettle(t *testing.T) {
	t.Run("a crash within the window fails", func(t *testing.T) {
		state := newCluster()
		rollout(state, false)
		setTasks(state, 3, 0, true) // Marathon considers it done
		f := newFake(t, state)
		c := newTestClient(t, Config{URLs: []string{f.URL()}})
		res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, Settle: time.Minute, MaxTaskFailures: 1})
		waitFor(t, "stream attached", func() bool {
			return state.streams() == 1 && log.any(func(p Progress) bool { return !p.Polling && p.Healthy == 3 })
		})
		state.emit(EventStatusUpdate, map[string]any{"appId": "/web-blue", "taskId": "web-blue.n0", "taskStatus": "TASK_FAILED", "version": v2, "message": "segfault"})
		r := result(t, res)
		var se *StallError
		require.ErrorAs(t, r.err, &se)
		assert.Contains(t, se.LastTaskFailure, "segfault")
	})
	t.Run("steady for the window succeeds", func(t *testing.T) {
		state := newCluster()
		rollout(state, false)
		setTasks(state, 3, 0, true)
		f := newFake(t, state)
		c := newTestClient(t, Config{URLs: []string{f.URL()}})
		start := time.Now()
		res, _ := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, Settle: 150 * time.Millisecond})
		r := result(t, res)
		require.NoError(t, r.err)
		assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	})
}

// expiring is a context whose deadline passes when expire is called.
type expiring struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiring() *expiring {
	return &expiring{Context: context.Background(), done: make(chan struct{})}
}

func (e *expiring) expire()               { e.once.Do(func() { close(e.done) }) }
func (e *expiring) Done() <-chan struct{} { return e.done }

func (e *expiring) Err() error {
	select {
	case <-e.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// New tasks failing their health check: the progress names the check and
// Marathon's cause before any task is killed for it, counting only the
// current configuration's tasks, and a stall says it too.
func TestWaitDeploymentNamesFailingHealthCheck(t *testing.T) {
	state := newCluster()
	rollout(state, true)
	failing := func(n, version, cause string) *Task {
		tk := testTask("/web-blue", n, version, "TASK_RUNNING", ptr(false))
		tk.HealthCheckResults[0].LastFailureCause = cause
		return tk
	}
	state.update(func(apps map[string]*App, _ *[]Deployment) {
		a := apps["/web-blue"]
		a.Tasks = []*Task{
			failing("n1", v2, "404 Not Found"), failing("n2", v2, "404 Not Found"),
			// Grace period: Marathon has no result yet.
			testTask("/web-blue", "n3", v2, "TASK_RUNNING", nil),
			// An old task's cause is not the deployment's.
			failing("o1", v1, "503 Service Unavailable"), failing("o2", v1, "503 Service Unavailable"),
			failing("o3", v1, "503 Service Unavailable"),
		}
	})
	f := newFake(t, state)
	c := newTestClient(t, Config{URLs: []string{f.URL()}})
	// A deadline well past the first poll: the failing check is reported
	// before the stall, however slow the machine.
	res, log := startWait(t, c, WaitSpec{AppID: "/web-blue", DeploymentID: "d-2", Version: v2, WantInstances: 3, ProgressDeadline: time.Second})
	check := HealthCheckName(*gm.NewDefaultHealthCheck())
	want := check + ": 404 Not Found (2 of 3 tasks)"
	waitFor(t, "the failing check reported", func() bool { return log.any(func(p Progress) bool { return p.HealthCheckFailure == want }) })
	r := result(t, res)
	var se *StallError
	require.ErrorAs(t, r.err, &se)
	assert.Contains(t, se.Error(), "; failing "+want)
	assert.Empty(t, se.LastTaskFailure, "no task was killed")
}

// A stall whose last failure is a health kill names the cause once.
func TestStallErrorNamesTheCauseOnce(t *testing.T) {
	e := &StallError{AppID: "/web", Reason: "3 tasks of the new version failed",
		LastTaskFailure: "web.3 killed for failing health check HTTP /healthz: 404 Not Found",
		Progress:        Progress{HealthCheckFailure: "HTTP /healthz: 404 Not Found (2 of 2 tasks)"}}
	assert.Equal(t, "3 tasks of the new version failed; last task failure: web.3 killed for failing health check HTTP /healthz: 404 Not Found", e.Why())
	e.LastTaskFailure = "web.3 TASK_FAILED: exit 1"
	assert.Equal(t, "3 tasks of the new version failed; failing HTTP /healthz: 404 Not Found (2 of 2 tasks); last task failure: web.3 TASK_FAILED: exit 1", e.Why())
}
