package rollout

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// partition drives a task of the rig's stable app through Mesos losing
// its agent (the emulator's task faults) and reads what Marathon and the lb
// agent make of it.
type partition struct {
	t      *testing.T
	r      *rig
	stable string
	victim partitionTask
	before []partitionTask // the app's tasks before the fault
}

type partitionTask struct {
	ID      string `json:"id"`
	State   string `json:"state"`
	Version string `json:"version"`
}

// partitioned deploys v1 under load and makes one of its three tasks
// unreachable; it returns once Marathon replaced it and the lb agent routes
// the other two and the replacement, with the load's figures before the
// fault. Marathon's periodic jobs run only when the test posts them:
// their first run (15 s after the start) must not come at a moment the
// test did not choose.
func partitioned(t *testing.T) (*partition, *loadgen.Load, loadgen.Report) {
	r := newRig(t, sandboxtest.Options{ManualJobs: true})
	load := r.DeployUnderLoad("v1", slowCanary)
	before := load.Snapshot()
	return partitionOf(t, r, load), load, before
}

// partitionOf makes one of the three tasks of r's stable app unreachable
// and returns once Marathon replaced it and the lb agent routes the other
// two and the replacement.
func partitionOf(t *testing.T, r *rig, load *loadgen.Load) *partition {
	p := &partition{t: t, r: r, stable: r.Routing().Stable}
	ts, _ := p.tasks()
	require.Len(t, ts, 3)
	p.victim, p.before = ts[0], ts
	p.post("tasks/" + p.victim.ID + "/unreachable")
	p.until("the unreachable task replaced", 4, 3, 3, true)
	return p
}

func (p *partition) tasks() (ts []partitionTask, healthy int) {
	p.t.Helper()
	var app struct {
		App struct {
			Tasks        []partitionTask `json:"tasks"`
			TasksHealthy int             `json:"tasksHealthy"`
		} `json:"app"`
	}
	require.NoError(p.t, sandboxtest.GetJSON(p.r.SB.MarathonURL+"/v2/apps"+p.stable, &app))
	return app.App.Tasks, app.App.TasksHealthy
}

// post is an emulator fault or job.
func (p *partition) post(path string) {
	p.t.Helper()
	res, err := http.Post(p.r.SB.MarathonURL+"/_emulator/"+path, "application/json", nil)
	require.NoError(p.t, err)
	res.Body.Close()
	require.Equal(p.t, http.StatusOK, res.StatusCode, path)
}

// until waits for the Marathon app to list n tasks (the victim among them
// when listed), healthy of them healthy, and the lb agent to route routed.
func (p *partition) until(what string, n, healthy, routed int, listed bool) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ts, h := p.tasks()
		found := false
		for _, x := range ts {
			found = found || x.ID == p.victim.ID
		}
		st, err := sandboxtest.AgentStatus(p.r.SB.AgentURL)
		if err == nil && len(ts) == n && h == healthy && found == listed &&
			len(st.Services["hello"].Apps) == 1 && st.Services["hello"].Apps[0].Routed == routed {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: not reached after 30s: tasks %+v (%d healthy), agent %+v %v", what, ts, h, st.Services["hello"], err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
}

// TestUnreachableTaskThroughADeploy: Marathon 1.4 is partition aware. A
// task whose agent Mesos lost is TASK_UNREACHABLE and, with the default
// unreachableStrategy (0/0), replaced at once; Marathon lists it until its
// periodic job expunges it (the first run five minutes after Marathon
// starts), and a restart neither kills nor waits for it. Had its agent come
// back first, the task would run its old release beside the new one until
// Marathon's next scale check killed the youngest task: one of the new
// release.
//
// yodel's deploy waited for every old task to be gone: a rolling deploy
// beside an unreachable task stalled until Marathon expunged it, or was
// rolled back at its progress deadline. Now the deploy ends with
// Marathon's deployment and expunges the unreachable old task itself, so
// that Marathon kills it as unknown when its agent comes back: only the
// new release answers, and no request fails throughout.
func TestUnreachableTaskThroughADeploy(t *testing.T) {
	t.Parallel()
	p, load, before := partitioned(t)
	r := p.r

	start := time.Now()
	code, out, errOut := r.Run(r.DeployArgs("v2", "--strategy", "rolling")...)
	require.Equal(t, 0, code, "%s\n%s", out, sandboxtest.Tail(errOut, 40))
	t.Logf("FIGURE rolling deploy beside an unreachable task: %s", time.Since(start).Round(100*time.Millisecond))
	assert.Contains(t, errOut, "1 old unreachable expunged", "the deploy says what it did with it")
	sandboxtest.WaitServed(t, load, "v2")
	p.until("the unreachable task expunged", 3, 3, 3, false)

	p.post("tasks/" + p.victim.ID + "/reachable") // killed by Marathon as unknown
	sandboxtest.WaitRequests(t, load, loadRate)
	p.until("nothing more", 3, 3, 3, false)
	assert.Equal(t, []string{"v2"}, lastReleases(load), "only v2 answers")

	during := load.Snapshot().Sub(before)
	t.Logf("FIGURE a task unreachable through a rolling deploy and back: %d requests, %d failed", during.Total, during.Failed)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
}

// TestUnreachableTaskBackBesideItsReplacement: a network blip between a
// Mesos master and an agent, with no deploy meanwhile. Marathon 1.4 (default
// unreachableStrategy) replaces the task at once; the agent comes back
// before Marathon expunges it, so the task runs again beside its
// replacement. Marathon's next scale check (every 5 minutes) kills the
// youngest, the replacement: a kill yodel did not ask for. Undrained, that
// cost a POST now and then (HAProxy replays a GET that met the dying task,
// never a POST; measured: 1 of about 500 in each of two runs). The lb
// agent now drains the task Marathon will kill as soon as it sees the
// surplus (marathon.ScaleCheckKills). Half the requests are POSTs taking
// 20 ms, on tasks that exit at once on SIGTERM, as in the drain test.
func TestUnreachableTaskBackBesideItsReplacement(t *testing.T) {
	t.Parallel()
	r := newRig(t, sandboxtest.Options{DieOnTerm: true, ManualJobs: true})
	r.WriteManifest(sandboxtest.ReplaceOnce(t, r.Base, "HELLO_LATENCY: 0s", "HELLO_LATENCY: 20ms") + slowCanary)
	if code, out, errOut := r.Deploy("v1"); code != 0 {
		t.Fatalf("first deploy: exit %d\n%s\n%s", code, out, errOut)
	}
	load := sandboxtest.StartLoadMix(t, r.URL, loadRate, sandboxtest.LoadMix{PostEvery: 2})
	sandboxtest.WaitServed(t, load, "v1")
	before := load.Snapshot()
	p := partitionOf(t, r, load)

	p.post("tasks/" + p.victim.ID + "/reachable")
	p.until("the task back beside its replacement, the replacement drained", 4, 4, 3, true)
	st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Services["hello"].Apps[0].Surplus, "the task Marathon's scale check will kill")
	now, _ := p.tasks()
	replacement := ""
	for _, id := range taskIDs(now) {
		if !slices.Contains(taskIDs(p.before), id) {
			replacement = id
		}
	}
	assert.Contains(t, strings.Join(st.Services["hello"].Problems, "\n"), "draining "+replacement, "yodel lb status says which and why")
	code, out, errOut := r.Run("status", "hello", "--realm", r.SB.RealmFile, "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rows []struct{ Surplus []string }
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	require.Len(t, rows, 1, out)
	assert.Equal(t, []string{replacement}, rows[0].Surplus, "yodel status names it")
	sandboxtest.WaitRequests(t, load, loadRate)
	p.post("jobs/scale-check")
	p.until("the surplus killed", 3, 3, 3, true)
	after, _ := p.tasks()
	assert.ElementsMatch(t, taskIDs(p.before), taskIDs(after), "Marathon killed the replacement, the task the agent drained")
	sandboxtest.WaitRequests(t, load, loadRate)

	during := load.Snapshot().Sub(before)
	t.Logf("FIGURE a task unreachable and back beside its replacement, the surplus drained, then killed by Marathon: %d requests, %d failed (POSTs: %d, %d failed)",
		during.Total, during.Failed, during.Posts, during.FailedPosts)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
}

func taskIDs(ts []partitionTask) []string {
	var out []string
	for _, x := range ts {
		out = append(out, x.ID)
	}
	return out
}

// TestScaleDownBesideAnUnreachableTask: yodel's scale-down drains the tasks
// it picks and kills them with scale=true. It picked tasks not running
// first, so an unreachable one; Marathon 1.4 lowers the instance count
// only by the active instances killed, and one UnreachableInactive (the
// default strategy, at once) is not: yodel said "Scaled hello to 2
// instances" while Marathon kept 3. It now picks running tasks.
func TestScaleDownBesideAnUnreachableTask(t *testing.T) {
	t.Parallel()
	p, load, before := partitioned(t)
	code, out, errOut := p.r.Run("scale", "hello", "2", "--realm", p.r.SB.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, sandboxtest.Tail(errOut, 40))
	var app struct {
		App struct {
			Instances int `json:"instances"`
		} `json:"app"`
	}
	require.NoError(t, sandboxtest.GetJSON(p.r.SB.MarathonURL+"/v2/apps"+p.stable, &app))
	assert.Equal(t, 2, app.App.Instances, "Marathon's count, as yodel said")
	p.until("two tasks and the unreachable one", 3, 2, 2, true)
	sandboxtest.WaitRequests(t, load, loadRate)
	during := load.Snapshot().Sub(before)
	t.Logf("FIGURE scale 3 -> 2 beside an unreachable task: %d requests, %d failed", during.Total, during.Failed)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
}
