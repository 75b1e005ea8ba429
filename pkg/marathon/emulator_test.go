package marathon_test

// Integration tests against the Marathon emulator (pkg/sandbox/emulator),
// which speaks Marathon 1.4's wire format and runs tasks.

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

func ptr[T any](v T) *T { return &v }

// webApp is /web-blue of service web; health is a COMMAND check ("" for
// none) run every (scaled) second, killing after one failure. Its timeout
// is long (3 s at the tests' time scale): a check that passes returns at
// once whatever the timeout, and `sh -c true` forked from a race-built
// test process on a machine kept busy took more than the 100 ms of a
// 1 s timeout, and one such kill per task stalled the deployment.
func webApp(cmd string, instances int, health string, env map[string]string) *marathon.App {
	a := &marathon.App{}
	a.ID = "/web-blue"
	a.Cmd = ptr(cmd)
	a.Instances = ptr(instances)
	a.CPUs = 0.1
	a.Mem = ptr(32.0)
	a.Labels = &map[string]string{marathon.LabelService: "web", marathon.LabelRelease: "r1"}
	a.Env = &env
	a.PortDefinitions = &[]gm.PortDefinition{{Port: ptr(0), Protocol: "tcp", Name: "http"}}
	a.UpgradeStrategy = &gm.UpgradeStrategy{MinimumHealthCapacity: ptr(1.0), MaximumOverCapacity: ptr(0.0)}
	if health != "" {
		a.HealthChecks = &[]gm.HealthCheck{{Protocol: "COMMAND", Command: &gm.Command{Value: health},
			GracePeriodSeconds: 1, IntervalSeconds: 1, TimeoutSeconds: 30, MaxConsecutiveFailures: ptr(1)}}
	}
	return a
}

func client(t *testing.T, urls ...string) *marathon.Client {
	t.Helper()
	c, err := marathon.New(marathon.Config{URLs: urls, Timeout: 5 * time.Second})
	require.NoError(t, err)
	return c
}

func wait(t *testing.T, c *marathon.Client, ref marathon.DeploymentRef, want int, mod ...func(*marathon.WaitSpec)) (marathon.Outcome, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	spec := marathon.WaitSpec{AppID: "/web-blue", DeploymentID: ref.ID, Version: ref.Version, WantInstances: want, PollInterval: 50 * time.Millisecond}
	for _, m := range mod {
		m(&spec)
	}
	return c.WaitDeployment(ctx, spec)
}

func TestEmulatorLifecycle(t *testing.T) {
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	c := client(t, emu.URL)
	ctx := context.Background()

	ref, err := c.CreateApp(ctx, webApp("x", 3, "true", map[string]string{"V": "1"}))
	require.NoError(t, err)
	require.NotEmpty(t, ref.ID)
	out, err := wait(t, c, ref, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, out.Progress.Healthy)

	apps, err := c.ServiceApps(ctx, "web")
	require.NoError(t, err)
	require.Len(t, apps, 1)
	app := apps[0]
	assert.Len(t, app.Tasks, 3)
	for _, tk := range app.Tasks {
		assert.True(t, app.TaskHealthy(tk), "task %s healthy per its results", tk.ID)
	}
	none, err := c.ServiceApps(ctx, "other")
	require.NoError(t, err)
	assert.Empty(t, none)

	// Rolling update, one task at a time.
	ref, err = c.UpdateApp(ctx, webApp("x", 3, "true", map[string]string{"V": "2"}), false)
	require.NoError(t, err)
	out, err = wait(t, c, ref, 3)
	require.NoError(t, err)
	require.Len(t, out.Progress.Versions, 1, "only the new version is left")
	assert.True(t, out.Progress.Versions[0].Current)
	got, err := c.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "2", (*got.Env)["V"])

	// Scale up and down: the running tasks keep their version.
	ref, err = c.ScaleApp(ctx, "/web-blue", 5, false)
	require.NoError(t, err)
	out, err = wait(t, c, ref, 5)
	require.NoError(t, err)
	assert.Equal(t, 5, out.Progress.Healthy)
	ref, err = c.ScaleApp(ctx, "/web-blue", 2, false)
	require.NoError(t, err)
	out, err = wait(t, c, ref, -1)
	require.NoError(t, err)
	assert.Equal(t, 2, out.Progress.Wanted)

	// Roll back to the first version.
	versions, err := c.AppVersions(ctx, "/web-blue")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(versions), 3)
	oldest := versions[len(versions)-1]
	first, err := c.AppVersion(ctx, "/web-blue", oldest)
	require.NoError(t, err)
	assert.Equal(t, "1", (*first.Env)["V"])
	ref, err = c.RollbackApp(ctx, "/web-blue", oldest, false)
	require.NoError(t, err)
	_, err = wait(t, c, ref, -1)
	require.NoError(t, err)
	got, err = c.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "1", (*got.Env)["V"])

	ref, err = c.DeleteApp(ctx, "/web-blue", false)
	require.NoError(t, err)
	_, err = wait(t, c, ref, 0)
	require.NoError(t, err)
	_, err = c.App(ctx, "/web-blue")
	assert.True(t, marathon.IsNotFound(err))
}

func TestEmulatorNeverHealthyStallsThenLockAndCancel(t *testing.T) {
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	c := client(t, emu.URL)
	ctx := context.Background()
	ref, err := c.CreateApp(ctx, webApp("x", 2, "true", nil))
	require.NoError(t, err)
	_, err = wait(t, c, ref, 2)
	require.NoError(t, err)

	// v2 never passes its health checks: Marathon kills and relaunches its
	// tasks forever; yodel calls it a stall.
	bad, err := c.UpdateApp(ctx, webApp("x", 2, "false", nil), false)
	require.NoError(t, err)
	out, err := wait(t, c, bad, 2)
	var se *marathon.StallError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Reason, "tasks of the new version failed")
	assert.Contains(t, se.LastTaskFailure, "health")
	assert.Equal(t, 2, out.Progress.Old, "the old tasks kept serving")

	// The stuck deployment locks the app.
	_, err = c.UpdateApp(ctx, webApp("x", 2, "true", map[string]string{"V": "3"}), false)
	var le *marathon.LockedError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, []string{bad.ID}, le.DeploymentIDs)
	assert.Equal(t, 5, le.ExitCode())
	assert.Contains(t, le.Hint(), bad.ID)

	// Cancelling without force rolls it back.
	back, err := c.CancelDeployment(ctx, bad.ID, false)
	require.NoError(t, err)
	require.NotEmpty(t, back.ID)
	_, err = wait(t, c, back, 2)
	require.NoError(t, err)
}

func TestEmulatorTasksFailToStart(t *testing.T) {
	emu := emutest.Start(t, emutest.Process(), emutest.TimeScale(0.1))
	c := client(t, emu.URL)
	ctx := context.Background()
	ref, err := c.CreateApp(ctx, webApp("sleep 300", 1, "", nil))
	require.NoError(t, err)
	_, err = wait(t, c, ref, 1)
	require.NoError(t, err)

	// Without health checks a task counts as up as soon as it runs, so the
	// crash comes after Marathon calls the deployment done: Settle catches it.
	bad, err := c.UpdateApp(ctx, webApp("echo cannot bind >&2; exit 3", 1, "", nil), false)
	require.NoError(t, err)
	_, err = wait(t, c, bad, 1, func(s *marathon.WaitSpec) { s.Settle = 2 * time.Second })
	var se *marathon.StallError
	require.ErrorAs(t, err, &se)
	assert.NotEmpty(t, se.LastTaskFailure)

	// Leave nothing running.
	del, err := c.DeleteApp(ctx, "/web-blue", true)
	require.NoError(t, err)
	_, err = wait(t, c, del, 0)
	require.NoError(t, err)
}

func TestEmulatorLeaderChangeMidDeploy(t *testing.T) {
	dir := t.TempDir()
	healthy := t.TempDir()
	fast := func(cfg *emulator.Config) { cfg.LeaderPollInterval = 50 * time.Millisecond }
	leader, err := emutest.StartConfig(emulator.Config{StateDir: dir, Executor: emulator.ExecutorInproc, TickInterval: 20 * time.Millisecond, LeaderPollInterval: 50 * time.Millisecond, TimeScale: 0.1})
	require.NoError(t, err)
	defer leader.Close()
	c := client(t, leader.URL)
	ctx := context.Background()
	waitUntil(t, "the first emulator leads", func() bool { _, err := c.Leader(ctx); return err == nil })
	follower := emutest.Start(t, emutest.StateDir(dir), emutest.TimeScale(0.1), emutest.With(fast))
	c = client(t, leader.URL, follower.URL)

	// A task is healthy once the test creates its file.
	check := "test -f " + filepath.Join(healthy, "$MESOS_TASK_ID")
	makeHealthy := func() {
		app, err := c.App(ctx, "/web-blue")
		if err != nil {
			return
		}
		for _, tk := range app.Tasks {
			_ = os.WriteFile(filepath.Join(healthy, tk.ID), nil, 0o644)
		}
	}
	// A long grace period: failures before a task's first success are
	// ignored, so the new tasks wait, unhealthy but alive, for as long as
	// the leader change takes. With a short one Marathon kills them while
	// the test cannot yet mark them healthy, and three kills are a stall.
	app := func(env map[string]string) *marathon.App {
		a := webApp("x", 2, check, env)
		(*a.HealthChecks)[0].GracePeriodSeconds = 300
		return a
	}
	ref, err := c.CreateApp(ctx, app(nil))
	require.NoError(t, err)
	stop := make(chan struct{})
	go func() { // keep making tasks healthy while v1 deploys
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				makeHealthy()
			}
		}
	}()
	_, err = wait(t, c, ref, 2)
	close(stop)
	require.NoError(t, err)

	ref, err = c.UpdateApp(ctx, app(map[string]string{"V": "2"}), false)
	require.NoError(t, err)
	type res struct {
		out marathon.Outcome
		err error
	}
	done := make(chan res, 1)
	newTasks := make(chan struct{})
	go func() {
		var once bool
		out, err := wait(t, c, ref, 2, func(s *marathon.WaitSpec) {
			s.OnProgress = func(p marathon.Progress) {
				if !once && p.Staged+p.Running >= 1 {
					once = true
					close(newTasks)
				}
			}
		})
		done <- res{out, err}
	}()
	<-newTasks // mid-deploy: a new task exists, unhealthy

	leader.Close() // the leader dies; inproc tasks die with it
	waitUntil(t, "the follower leads", func() bool {
		l, err := client(t, follower.URL).Leader(ctx)
		return err == nil && l == follower.Addr
	})
	stop = make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				makeHealthy()
			}
		}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.True(t, r.out.Progress.Done)
		assert.Equal(t, 2, r.out.Progress.Healthy)
	case <-time.After(40 * time.Second):
		t.Fatal("WaitDeployment did not return after the leader change")
	}
}

func TestEmulatorErrors(t *testing.T) {
	emu := emutest.Start(t, emutest.Credentials("deploy", "right"))
	ctx := context.Background()

	wrong, err := marathon.New(marathon.Config{URLs: []string{emu.URL}, Auth: marathon.Basic{User: "deploy", Password: "wrong", Source: "$MARATHON_PASSWORD"}})
	require.NoError(t, err)
	_, err = wrong.Apps(ctx)
	var ae *marathon.AuthError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, err.Error(), "password from $MARATHON_PASSWORD")
	assert.NotContains(t, err.Error(), "wrong")
	_, err = wrong.Events(ctx)
	require.ErrorAs(t, err, &ae)

	c, err := marathon.New(marathon.Config{URLs: []string{emu.URL}, Auth: marathon.Basic{User: "deploy", Password: "right"}})
	require.NoError(t, err)
	app := webApp("x", 1, "", nil)
	app.UpgradeStrategy.MinimumHealthCapacity = ptr(2.0)
	_, err = c.CreateApp(ctx, app)
	var ie *marathon.InvalidError
	require.ErrorAs(t, err, &ie)
	require.NotEmpty(t, ie.Details)
	assert.Equal(t, "/upgradeStrategy/minimumHealthCapacity", ie.Details[0].Path)
	assert.Equal(t, 2, ie.ExitCode())

	_, err = c.App(ctx, "/nope")
	assert.True(t, marathon.IsNotFound(err))
	assert.False(t, errors.As(err, &ae))
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A deploy with a healthy event stream never says the stream is down: the
// first poll runs while the stream is still connecting, which is not
// "polling (event stream down)".
func TestEmulatorDeployNeverReportsStreamDown(t *testing.T) {
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	c := client(t, emu.URL)
	ctx := context.Background()
	for i, env := range []map[string]string{{"V": "1"}, {"V": "2"}} {
		var ref marathon.DeploymentRef
		var err error
		if i == 0 {
			ref, err = c.CreateApp(ctx, webApp("x", 2, "true", env))
		} else {
			ref, err = c.UpdateApp(ctx, webApp("x", 2, "true", env), false)
		}
		require.NoError(t, err)
		var reports []marathon.Progress
		out, err := wait(t, c, ref, 2, func(s *marathon.WaitSpec) {
			s.OnProgress = func(p marathon.Progress) { reports = append(reports, p) }
		})
		require.NoError(t, err)
		require.NotEmpty(t, reports)
		for _, p := range append(reports, out.Progress) {
			assert.False(t, p.Polling, "deploy %d reported the event stream down: %+v", i+1, p.Recent)
		}
	}
}

// A docker app on a bridge, as yodel writes it (1.4's form), read back
// from each Marathon (1.10 answers with `networks` and container-level
// port mappings, which go-marathon has no field for) and written again, as
// a rollback's surge app is: the bridge and the port mappings survive.
func TestDockerBridgeAppSurvivesAReadAndWriteBack(t *testing.T) {
	for _, m := range emutest.Modes {
		t.Run(m.Name, func(t *testing.T) {
			emu := emutest.Start(t, emutest.TimeScale(0.1), m.Option())
			c := client(t, emu.URL)
			ctx := context.Background()
			a := webApp("x", 1, "", nil)
			a.PortDefinitions = nil
			a.Container = &gm.Container{Type: "DOCKER", Docker: &gm.Docker{Image: "hello", Network: "BRIDGE",
				PortMappings: &[]gm.PortMapping{{ContainerPort: 8080, Name: "http", Protocol: "tcp"}}}}
			_, err := c.CreateApp(ctx, a)
			require.NoError(t, err)
			got, err := c.App(ctx, a.ID)
			require.NoError(t, err)
			b, err := json.Marshal(got)
			require.NoError(t, err)
			var written struct {
				Container struct {
					Docker struct {
						Network      string           `json:"network"`
						PortMappings []gm.PortMapping `json:"portMappings"`
					} `json:"docker"`
				} `json:"container"`
			}
			require.NoError(t, json.Unmarshal(b, &written), "%s", b)
			assert.Equal(t, "BRIDGE", written.Container.Docker.Network, "%s", b)
			require.Len(t, written.Container.Docker.PortMappings, 1, "%s", b)
			assert.Equal(t, 8080, written.Container.Docker.PortMappings[0].ContainerPort)
		})
	}
}

// A host-networked app is left as it was read.
func TestHostAppReadUnchanged(t *testing.T) {
	var a marathon.App
	require.NoError(t, json.Unmarshal([]byte(`{"id":"/w","cmd":"x","networks":[{"mode":"host"}],"portDefinitions":[{"port":0}]}`), &a))
	assert.Nil(t, a.Container)
	require.NotNil(t, a.PortDefinitions)
	assert.Len(t, *a.PortDefinitions, 1)
}
