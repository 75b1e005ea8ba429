package drain

import (
	"context"
	"slices"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

func TestVictims(t *testing.T) {
	app := &marathon.App{}
	app.HealthChecks = &[]gm.HealthCheck{{Protocol: "HTTP"}}
	healthy := []*gm.HealthCheckResult{{Alive: true}}
	app.Tasks = []*marathon.Task{
		{ID: "old", State: "TASK_RUNNING", StartedAt: "2026-01-01T00:00:00.000Z", HealthCheckResults: healthy},
		{ID: "young", State: "TASK_RUNNING", StartedAt: "2026-01-03T00:00:00.000Z", HealthCheckResults: healthy},
		{ID: "sick", State: "TASK_RUNNING", StartedAt: "2026-01-01T00:00:00.000Z"},
		{ID: "staging", State: "TASK_STAGING"},
		{ID: "mid", State: "TASK_RUNNING", StartedAt: "2026-01-02T00:00:00.000Z", HealthCheckResults: healthy},
		{ID: "lost", State: "TASK_UNREACHABLE", StartedAt: "2026-01-01T00:00:00.000Z"},
	}
	assert.Equal(t, []string{"staging", "sick", "young", "mid"}, Victims(app, 4))
	assert.Equal(t, []string{"staging"}, Victims(app, 1))
	assert.Equal(t, []string{"staging", "sick", "young", "mid", "old"}, Victims(app, 6), "never a task Mesos lost")
}

// A scale-down kills exactly the tasks it drained, and only after the
// agents applied the drain: each is still running in Marathon while its
// sessions are read.
func TestScaleDownDrainsThenKillsThoseTasks(t *testing.T) {
	for _, m := range emutest.Modes {
		t.Run(m.Name, func(t *testing.T) { testScaleDown(t, m) })
	}
}

func testScaleDown(t *testing.T, m emutest.Mode) {
	emu := emutest.Start(t, emutest.TimeScale(0.1), m.Option())
	mc, app := fiveTasks(t, emu)
	ctx, a := context.Background(), app

	st := openStore(t)
	seen := agent(t, st)
	var drained []string
	d := &Drainer{Store: st, Poll: time.Millisecond, Sessions: func(ctx context.Context, _ string, servers []string) (int64, error) {
		cur, err := mc.App(ctx, a.ID)
		require.NoError(t, err)
		drained = seen.Load().([]string)
		for _, id := range drained {
			i := slices.IndexFunc(cur.Tasks, func(t *marathon.Task) bool { return t.ID == id })
			assert.True(t, i >= 0 && marathon.TaskRunning(cur.Tasks[i]), "%s killed before its drain was applied", id)
		}
		return 0, nil
	}}
	ref, ok, err := d.ScaleDown(ctx, mc, "web", app, 2)
	require.NoError(t, err)
	require.True(t, ok)
	require.NotEmpty(t, ref.ID, "the kill with scale is a deployment")
	_, err = mc.WaitDeployment(ctx, marathon.WaitSpec{AppID: a.ID, DeploymentID: ref.ID, WantInstances: 2, Since: time.Now()})
	require.NoError(t, err)
	require.Len(t, drained, 3)
	after, err := mc.App(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, after.WantedInstances())
	for _, id := range TaskIDs(after) {
		assert.NotContains(t, drained, id, "a task that was not drained was killed instead")
	}
	// Once they are gone, Tidy takes them out of the draining set.
	require.NoError(t, d.Tidy(ctx, mc, "web"))
	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Empty(t, rt.Draining)
	// A scale up is not ours.
	_, ok, err = d.ScaleDown(ctx, mc, "web", after, 4)
	require.NoError(t, err)
	assert.False(t, ok)
}

// fiveTasks runs /web-blue (service web) with 5 tasks on emu.
func fiveTasks(t *testing.T, emu *emutest.Instance) (*marathon.Client, *marathon.App) {
	t.Helper()
	mc, err := marathon.New(marathon.Config{URLs: []string{emu.URL}, Timeout: 5 * time.Second})
	require.NoError(t, err)
	ctx := context.Background()
	a := &marathon.App{}
	a.ID = "/web-blue"
	a.Cmd = ptrTo("sleep 600")
	a.Instances = ptrTo(5)
	a.CPUs = 0.1
	a.Mem = ptrTo(32.0)
	a.Labels = &map[string]string{marathon.LabelService: "web"}
	a.PortDefinitions = &[]gm.PortDefinition{{Port: ptrTo(0), Protocol: "tcp"}}
	ref, err := mc.CreateApp(ctx, a)
	require.NoError(t, err)
	_, err = mc.WaitDeployment(ctx, marathon.WaitSpec{AppID: a.ID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: 5, Since: time.Now()})
	require.NoError(t, err)
	app, err := mc.App(ctx, a.ID)
	require.NoError(t, err)
	return mc, app
}

func ptrTo[T any](v T) *T { return &v }

// A victim that dies during the drain is replaced by Marathon under a new
// id; a kill of the old id would lower the count by one less. ScaleDown
// picks again from what runs after the drain, so the count is still
// exactly what was asked (3000 -> 3 on a busy machine kept 1229).
func TestScaleDownPicksAgainWhenAVictimWasReplaced(t *testing.T) {
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	mc, app := fiveTasks(t, emu)
	ctx, a := context.Background(), app

	st := openStore(t)
	agent(t, st)
	var crashed string
	d := &Drainer{Store: st, Poll: time.Millisecond, Sessions: func(ctx context.Context, _ string, _ []string) (int64, error) {
		if crashed != "" {
			return 0, nil
		}
		// The first drain's wait: one of its victims crashes, and
		// Marathon starts another task in its place.
		crashed = Victims(app, 3)[0]
		emu.Fault(t, "tasks/"+crashed+"/kill")
		deadline := time.Now().Add(30 * time.Second)
		for {
			cur, err := mc.App(ctx, a.ID)
			require.NoError(t, err)
			if n := len(TaskIDs(cur)); n == 5 && !slices.Contains(TaskIDs(cur), crashed) {
				return 0, nil
			}
			require.True(t, time.Now().Before(deadline), "Marathon did not replace %s", crashed)
			time.Sleep(10 * time.Millisecond) // polling Marathon
		}
	}}
	ref, ok, err := d.ScaleDown(ctx, mc, "web", app, 2)
	require.NoError(t, err)
	require.True(t, ok)
	require.NotEmpty(t, crashed)
	_, err = mc.WaitDeployment(ctx, marathon.WaitSpec{AppID: a.ID, DeploymentID: ref.ID, WantInstances: 2, Since: time.Now()})
	require.NoError(t, err)
	after, err := mc.App(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, after.WantedInstances(), "the replaced victim was picked again")
	// The two kept are the oldest of the first choice's survivors: none
	// of them is the replacement.
	for _, id := range TaskIDs(after) {
		assert.Contains(t, TaskIDs(app), id)
	}
}
