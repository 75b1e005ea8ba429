package marathon

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScaleCheckKills(t *testing.T) {
	task := func(id, state, started string) *Task {
		return &Task{ID: id, State: state, StartedAt: started}
	}
	// r1 oldest, r4 youngest; r2 came back from TASK_UNREACHABLE with its
	// own start.
	running := func() []*Task {
		return []*Task{
			task("r2", "TASK_RUNNING", "2026-12-07T10:00:02.000Z"),
			task("r4", "TASK_RUNNING", "2026-12-07T10:05:00.5Z"),
			task("r1", "TASK_RUNNING", "2026-12-07T10:00:01.000Z"),
			task("r3", "TASK_RUNNING", "2026-12-07T10:00:03.000Z"),
		}
	}
	app := func(instances int, tasks ...*Task) *App {
		a := &App{}
		a.Instances = &instances
		a.Tasks = tasks
		return a
	}
	none := func(string) bool { return false }
	for _, tc := range []struct {
		name    string
		app     *App
		killing func(string) bool
		want    []string
	}{
		{"the youngest beyond instances", app(3, running()...), none, []string{"r4"}},
		{"two beyond", app(2, running()...), nil, []string{"r4", "r3"}},
		{"no surplus", app(4, running()...), none, nil},
		{"scaled to zero: all", app(0, running()...), none, []string{"r4", "r3", "r2", "r1"}},
		{"oldest first", func() *App { a := app(3, running()...); a.KillSelection = "OLDEST_FIRST"; return a }(), none, []string{"r1"}},
		{"a staging task goes first", app(3, append(running(), task("s", "TASK_STAGING", ""))...), none, []string{"r4"}},
		{"staging and starting tasks go first", app(4, append(running(), task("s", "TASK_STAGING", ""), task("s2", "TASK_STARTING", ""))...), none, nil},
		{"a task being killed does not count", app(3, running()...), func(id string) bool { return id == "r1" }, nil},
		{"nor one Marathon lists killing", app(3, append(running(), task("k", "TASK_KILLING", "2026-12-07T10:09:00.000Z"))...), none, []string{"r4"}},
		{"nor an unreachable one", app(3, append(running(), task("u", "TASK_UNREACHABLE", "2026-12-07T09:00:00.000Z"))...), none, []string{"r4"}},
		{"a deployment picks its own", func() *App { a := app(3, running()...); a.Deployments = []map[string]string{{"id": "d"}}; return a }(), none, nil},
		{"GROUP_BY picks by attributes", func() *App {
			a := app(3, running()...)
			a.Constraints = &[][]string{{"hostname", "UNIQUE"}, {"rack", "GROUP_BY", "2"}}
			return a
		}(), none, nil},
		{"UNIQUE does not", func() *App { a := app(3, running()...); a.Constraints = &[][]string{{"hostname", "UNIQUE"}}; return a }(), none, []string{"r4"}},
		{"a start unknown", app(3, append(running()[:3], task("x", "TASK_RUNNING", ""))...), none, nil},
		{"instances unknown", &App{}, none, nil},
		{"no app", nil, none, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ScaleCheckKills(tc.app, tc.killing))
		})
	}
}

// TestKeepRoutingKeepsTheScaleCheck: the routing copy keeps what
// ScaleCheckKills reads, and the tasks' start only where it may kill.
func TestKeepRoutingKeepsTheScaleCheck(t *testing.T) {
	three, two := 3, 2
	src := &App{KillSelection: "OLDEST_FIRST"}
	src.Instances = &three
	src.Constraints = &[][]string{{"rack", "GROUP_BY"}}
	src.Tasks = []*Task{
		{ID: "a", State: "TASK_RUNNING", StartedAt: "2026-12-07T10:00:01.000Z"},
		{ID: "b", State: "TASK_RUNNING", StartedAt: "2026-12-07T10:00:02.000Z"},
		{ID: "c", State: "TASK_RUNNING", StartedAt: "2026-12-07T10:00:03.000Z"},
	}
	var dst App
	keepRouting(&dst, src)
	assert.Equal(t, 3, *dst.Instances)
	assert.Equal(t, "OLDEST_FIRST", dst.KillSelection)
	assert.Equal(t, src.Constraints, dst.Constraints)
	for _, x := range dst.Tasks {
		assert.Empty(t, x.StartedAt, "no surplus: no start kept")
	}

	src.Instances = &two
	src.Constraints = &[][]string{{"hostname", "UNIQUE"}}
	dst = App{}
	keepRouting(&dst, src)
	assert.Nil(t, dst.Constraints, "only GROUP_BY is kept")
	assert.Equal(t, src.Tasks[0].StartedAt, dst.Tasks[0].StartedAt, "a surplus: starts kept")
	assert.Equal(t, []string{"a"}, ScaleCheckKills(&dst, nil))

	src.Deployments = []map[string]string{{"id": "d1"}}
	dst = App{}
	keepRouting(&dst, src)
	assert.Len(t, dst.Deployments, 1)
	assert.Empty(t, dst.Tasks[0].StartedAt, "a deployment holds it: no start kept")
}
