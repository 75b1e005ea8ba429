package emulator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersionsAreCollectedAsMarathonDoes: Marathon's GcActor (1.4.13 and
// 1.10.26) runs when a deployment ends; once the realm has more than
// zk_max_versions root versions it cuts every app to its newest
// zk_max_versions versions and forgets deleted apps' versions, which until
// then are still served one by one and come back with an app created
// again under the same id. The emulator kept every version for ever.
func TestVersionsAreCollectedAsMarathonDoes(t *testing.T) {
	for _, version := range []string{Version14, Version110} {
		t.Run(version, func(t *testing.T) {
			dir := t.TempDir()
			te := startEmu(t, Config{StateDir: dir, MarathonVersion: version, MaxVersions: 3})
			info := te.call(t, "GET", "/v2/info", "").json(t)
			assert.Equal(t, 3.0, info["zookeeper_config"].(map[string]any)["zk_max_versions"])

			versions := func(id string) []string {
				t.Helper()
				r := te.call(t, "GET", "/v2/apps/"+id+"/versions", "")
				require.Equal(t, 200, r.status, string(r.body))
				var out []string
				for _, v := range r.json(t)["versions"].([]any) {
					out = append(out, v.(string))
				}
				return out
			}
			change := func(method, path, body string) string {
				t.Helper()
				r := te.call(t, method, path, body)
				require.Contains(t, []int{200, 201}, r.status, string(r.body))
				te.waitIdle(t)
				return r.json(t)["version"].(string)
			}

			// A deleted app, while the realm has no more root versions than
			// the cap: its versions are gone from the list (the app is
			// unknown) but still served one by one.
			b1 := change("POST", "/v2/apps", `{"id":"/b","cmd":"b","instances":0}`)
			te.call(t, "DELETE", "/v2/apps/b", "")
			te.waitIdle(t)
			waitFor(t, 10*time.Second, "b forgotten", func() bool { return te.call(t, "GET", "/v2/apps/b", "").status == 404 })
			assert.Equal(t, 404, te.call(t, "GET", "/v2/apps/b/versions", "").status)
			r := te.call(t, "GET", "/v2/apps/b/versions/"+b1, "")
			assert.Equal(t, 200, r.status, "a deleted app's version before the next collection: %s", r.body)

			// Created again under its id, the app lists its old versions.
			b2 := change("POST", "/v2/apps", `{"id":"/b","cmd":"b2","instances":0}`)
			assert.Equal(t, []string{b2, b1}, versions("b"))

			var made []string
			made = append(made, change("POST", "/v2/apps", `{"id":"/a","cmd":"c0","instances":0}`))
			made = append(made, change("PATCH", "/v2/apps/a", `{"cmd":"c1"}`))
			made = append(made, change("PATCH", "/v2/apps/a", `{"cmd":"c2"}`))
			assert.Equal(t, []string{made[2], made[1], made[0]}, versions("a"), "at the cap nothing goes")
			for i := 3; i < 6; i++ {
				made = append(made, change("PATCH", "/v2/apps/a", fmt.Sprintf(`{"cmd":"c%d"}`, i)))
			}
			assert.Equal(t, []string{made[5], made[4], made[3]}, versions("a"), "the newest 3 are kept")
			assert.Equal(t, 404, te.call(t, "GET", "/v2/apps/a/versions/"+made[0], "").status)
			assert.Equal(t, 200, te.call(t, "GET", "/v2/apps/a/versions/"+made[3], "").status)

			// Deleted in a realm past the cap: collected as the delete
			// ends, also across a restart.
			te.call(t, "DELETE", "/v2/apps/b", "")
			te.waitIdle(t)
			waitFor(t, 10*time.Second, "b forgotten", func() bool { return te.call(t, "GET", "/v2/apps/b", "").status == 404 })
			assert.Equal(t, 404, te.call(t, "GET", "/v2/apps/b/versions/"+b2, "").status)
			a := versions("a")
			te.stop()
			te = startEmu(t, Config{StateDir: dir, MarathonVersion: version, MaxVersions: 3})
			assert.Equal(t, a, versions("a"), "the versions kept are in the state file")
			assert.Equal(t, 404, te.call(t, "GET", "/v2/apps/b/versions/"+b2, "").status)
		})
	}
}

// TestNewLeaderAndATaskOfALostVersion: an app scaled more often than
// zk_max_versions has lost the version its first tasks were launched
// with. The leader that launched them keeps checking them; a new leader
// of 1.4.13 finds no definition for that version and starts no check
// (MarathonHealthCheckManager.reconcile), so those tasks have no
// healthCheckResults until they end; 1.10.26 loads them with the app's
// latest definition (InstanceView.get) and checks them with it.
func TestNewLeaderAndATaskOfALostVersion(t *testing.T) {
	for _, version := range []string{Version14, Version110} {
		t.Run(version, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{StateDir: dir, Executor: ExecutorProcess, TimeScale: 0.2, LeaderPollInterval: 20 * time.Millisecond,
				MarathonVersion: version, MaxVersions: 2}
			e1 := startEmu(t, cfg)
			waitFor(t, 5*time.Second, "leader", func() bool { return e1.leader.isLeader() })
			const check = `"healthChecks":[{"protocol":"COMMAND","command":{"value":"true"},"intervalSeconds":1,"delaySeconds":0}]`
			r := e1.call(t, "POST", "/v2/apps", `{"id":"/scaled","cmd":"sleep 600","instances":1,`+check+`}`)
			require.Equal(t, 201, r.status, string(r.body))
			first := r.json(t)["version"].(string)
			require.Equal(t, 201, e1.call(t, "POST", "/v2/apps", `{"id":"/steady","cmd":"sleep 600","instances":1,`+check+`}`).status)
			e1.waitIdle(t)
			for _, n := range []int{2, 1, 2, 1} { // scale-downs kill the youngest
				require.Equal(t, 200, e1.call(t, "PATCH", "/v2/apps/scaled", fmt.Sprintf(`{"instances":%d}`, n)).status)
				e1.waitIdle(t)
			}
			task := func(e *testEmu, app string) map[string]any {
				t.Helper()
				ts := e.call(t, "GET", "/v2/apps/"+app+"/tasks", "").json(t)["tasks"].([]any)
				require.Len(t, ts, 1)
				return ts[0].(map[string]any)
			}
			old := task(e1, "scaled")
			require.Equal(t, first, old["version"], "the first task runs on")
			assert.Equal(t, 404, e1.call(t, "GET", "/v2/apps/scaled/versions/"+first, "").status, "its version is collected")
			assert.Contains(t, old, "healthCheckResults", "the leader that launched it still checks it")

			e1.stop()
			e2 := startEmu(t, cfg)
			t.Cleanup(func() { _ = e2.StopAllTasks(context.Background()) })
			waitFor(t, 5*time.Second, "new leader", func() bool { return e2.leader.isLeader() })
			// Two checks of /steady by the new leader: a check of the
			// other task, started with them, has had its first result.
			lastSuccess := func() any {
				rs, _ := task(e2, "steady")["healthCheckResults"].([]any)
				if len(rs) == 0 {
					return nil
				}
				return rs[0].(map[string]any)["lastSuccess"]
			}
			var firstCheck any
			waitFor(t, 20*time.Second, "the new leader's first check of /steady", func() bool {
				firstCheck = lastSuccess()
				return firstCheck != nil
			})
			waitFor(t, 20*time.Second, "its second", func() bool { return lastSuccess() != firstCheck })
			again := task(e2, "scaled")
			require.Equal(t, old["id"], again["id"], "the task was adopted")
			assert.Equal(t, first, again["version"], "a task's version stays the one it was launched with")
			if version == Version14 {
				assert.NotContains(t, again, "healthCheckResults", "1.4 never checks a task of a lost version")
				return
			}
			waitFor(t, 20*time.Second, "1.10 checks it with the latest definition", func() bool {
				_, ok := task(e2, "scaled")["healthCheckResults"]
				return ok
			})
		})
	}
}

// TestScaleWaitsOnlyForTheTasksItStarts: Marathon's TaskStartActor waits
// for the instances a scale starts (its version) to be healthy, not for
// the tasks that ran before it, healthy or not: a scale over tasks a new
// leader does not check (TestNewLeaderAndATaskOfALostVersion), or over a
// task failing its checks, completes. The emulator waited for every task.
func TestScaleWaitsOnlyForTheTasksItStarts(t *testing.T) {
	dir := t.TempDir()
	te := startEmu(t, Config{TimeScale: 0.05})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/s","cmd":"x","instances":1,
		"healthChecks":[{"protocol":"COMMAND","command":{"value":"test -f `+dir+`/$MESOS_TASK_ID"},"intervalSeconds":1,"maxConsecutiveFailures":0}]}`).status)
	taskIDs := func() []string {
		te.mu.Lock()
		defer te.mu.Unlock()
		var ids []string
		for id := range te.apps["/s"].tasks {
			ids = append(ids, id)
		}
		return ids
	}
	healthy := func(id string) { require.NoError(t, os.WriteFile(filepath.Join(dir, id), nil, 0o644)) }
	waitFor(t, 10*time.Second, "the first task healthy", func() bool {
		for _, id := range taskIDs() {
			healthy(id)
		}
		return te.idle()
	})
	first := taskIDs()[0]
	require.NoError(t, os.Remove(filepath.Join(dir, first)))
	waitFor(t, 10*time.Second, "the first task failing its check", func() bool {
		te.mu.Lock()
		defer te.mu.Unlock()
		tk := te.apps["/s"].tasks[first]
		return tk != nil && !taskHealthy(tk)
	})

	require.Equal(t, 200, te.call(t, "PATCH", "/v2/apps/s", `{"instances":2}`).status)
	waitFor(t, 10*time.Second, "the scale done once its own task is healthy", func() bool {
		for _, id := range taskIDs() {
			if id != first {
				healthy(id)
			}
		}
		return len(te.call(t, "GET", "/v2/deployments", "").body) <= 2 // "[]"
	})
	te.mu.Lock()
	defer te.mu.Unlock()
	assert.False(t, taskHealthy(te.apps["/s"].tasks[first]), "the first task still fails its check")
}
