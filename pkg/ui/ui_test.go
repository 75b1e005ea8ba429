package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/ui/live/livetest"
	"github.com/yodeldeploy/yodel/pkg/ui/uitest"
)

func streams(tty bool) (*iostreams.IOStreams, *bytes.Buffer) {
	ios, _, _, errOut := iostreams.Test()
	ios.SetStdoutTTY(tty)
	ios.SetStderrTTY(tty)
	return ios, errOut
}

func mode(tty bool) string {
	if tty {
		return "tty"
	}
	return "notty"
}

var sample = diff.Result{AppID: "/web-blue", Changes: []diff.Change{
	{Path: "env.DB_PASSWORD", Kind: diff.Changed, Old: diff.Mask, New: diff.Mask, Secret: true},
	{Path: "env.NEW", Kind: diff.Added, New: "x"},
	{Path: "instances", Kind: diff.Changed, Old: 2.0, New: 3.0},
	{Path: "labels.OLD", Kind: diff.Removed, Old: "y"},
}}

func TestDiffGolden(t *testing.T) {
	for _, tty := range []bool{false, true} {
		ios, out := streams(tty)
		Diff(out, NewStyles(ios, out), sample)
		if !tty {
			assert.NotContains(t, out.String(), "\x1b")
		}
		uitest.Golden(t, ".", "diff-"+mode(tty), out.String())
	}
}

// steps feeds a view the progress of a 3-task rolling deploy, one second
// apart on a fake clock.
func steps(v *Progress, now *time.Time) {
	ps := []marathon.Progress{
		{Wanted: 3, Old: 3, Staged: 1, TotalSteps: 1, Step: 1, StepActions: []string{"RestartApplication /web-blue"}},
		{Wanted: 3, Old: 2, Running: 1, Healthy: 1, TotalSteps: 1, Step: 1},
		{Wanted: 3, Old: 2, Running: 1, Healthy: 1, TotalSteps: 1, Step: 1}, // no change: no line
		{Wanted: 3, Old: 0, Running: 3, Healthy: 2, TaskFailures: 1, LastFailure: "web-blue.1 TASK_FAILED: exit 1", TotalSteps: 1, Step: 1,
			Recent: []marathon.RecentEvent{{Time: *now, Text: "task web-blue.1 TASK_FAILED"}}},
		{Wanted: 3, Running: 3, Healthy: 3, DeploymentDone: true, Done: true},
	}
	v.Step("updating /web-blue (rolling)")
	for _, p := range ps {
		*now = now.Add(time.Second)
		v.Update(p)
	}
	v.Close()
}

func TestProgressGolden(t *testing.T) {
	for _, tty := range []bool{false, true} {
		ios, out := streams(tty)
		now := uitest.Clock
		v := NewProgress(ios, out, ViewOptions{Service: "web", Realm: "qa", Action: "deploy", OldRelease: "v1", NewRelease: "v2",
			Now: func() time.Time { return now }})
		steps(v, &now)
		got := out.String()
		if !tty {
			assert.NotContains(t, got, "\x1b", "no control characters off a TTY")
			for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
				assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ web: `, l)
			}
			assert.Equal(t, 1, strings.Count(got, "1/3 healthy"), "an unchanged state prints once")
		} else {
			assert.Contains(t, got, "\x1b[", "redrawn in place")
		}
		uitest.Golden(t, ".", "progress-"+mode(tty), got)
	}
}

func TestProgressThrottle(t *testing.T) {
	ios, out := streams(true)
	now := uitest.Clock
	v := NewProgress(ios, out, ViewOptions{Service: "web", NewRelease: "v2", Now: func() time.Time { return now }})
	for i := 0; i < 50; i++ {
		v.Update(marathon.Progress{Wanted: 50, Running: i, Healthy: i})
		now = now.Add(10 * time.Millisecond) // 20 updates per 200ms
	}
	frames := strings.Count(out.String(), "realm")
	assert.LessOrEqual(t, frames, 4, "redraws are throttled to one per 200ms")
	v.Close()
	assert.Contains(t, out.String(), "49/50 healthy", "the last state is always drawn")
}

func TestTable(t *testing.T) {
	ios, out := streams(true)
	tb := NewTable(ios, out, "A", "LONGER")
	tb.Row("x", "1")
	tb.Row("yyyy", "2")
	assert.NoError(t, tb.Render(out))
	assert.Contains(t, out.String(), "yyyy  2\n")
	ios, out = streams(false)
	tb = NewTable(ios, out, "A", "B")
	tb.Row("x", "1")
	assert.NoError(t, tb.Render(out))
	assert.Equal(t, "x\t1\n", out.String())
}

// What the user sees of a deploy whose task failure is wider than the
// terminal: the line is cut, and the next frames leave nothing behind.
func TestProgressLongFailureOnATerminal(t *testing.T) {
	ios, _ := streams(true)
	vt := livetest.New(ios.TerminalWidth())
	now := uitest.Clock
	v := NewProgress(ios, vt, ViewOptions{Service: "web", Realm: "qa", Action: "deploy", OldRelease: "v1", NewRelease: "v2",
		Now: func() time.Time { return now }})
	long := "web-blue.7 TASK_FAILED exit status 1: cannot bind 0.0.0.0:8080, address already in use, giving up after 3 attempts"
	v.Update(marathon.Progress{Wanted: 3, Old: 3, Running: 1, LastFailure: long})
	now = now.Add(time.Second)
	v.Update(marathon.Progress{Wanted: 3, Old: 3, Running: 2, LastFailure: long})
	now = now.Add(time.Second)
	v.Update(marathon.Progress{Wanted: 3, Running: 3, Healthy: 3, Done: true})
	v.Close()
	screen := vt.Screen()
	assert.Equal(t, []string{"web  realm qa  deploy v1 → v2  0:02", "  v2  ████████████████████  3/3 healthy, 3 running",
		"  v1  ░░░░░░░░░░░░░░░░░░░░  0 old task(s) left"}, screen)
	assert.Empty(t, vt.Unknown)
}

// Failing health checks are said once per cause off a terminal (the task
// counts in them change with every check), and shown in the block on one.
func TestProgressNamesFailingHealthCheck(t *testing.T) {
	ios, out := streams(false)
	now := uitest.Clock
	v := NewProgress(ios, out, ViewOptions{Service: "web", NewRelease: "v2", Now: func() time.Time { return now }})
	for _, f := range []string{
		"HTTP /healthz: 404 Not Found (1 of 2 tasks)",
		"HTTP /healthz: 404 Not Found (2 of 2 tasks)", // same cause
		"", // the replacements in their grace period
		"HTTP /healthz: 404 Not Found (1 of 2 tasks)", // failing again
		"HTTP /healthz: 503 Service Unavailable (2 of 2 tasks)",
	} {
		now = now.Add(time.Second)
		v.Update(marathon.Progress{Wanted: 2, Running: 2, HealthCheckFailure: f})
	}
	v.Close()
	var failing []string
	for _, l := range strings.Split(out.String(), "\n") {
		if _, rest, ok := strings.Cut(l, "web: failing "); ok {
			failing = append(failing, rest)
		}
	}
	assert.Equal(t, []string{"HTTP /healthz: 404 Not Found (1 of 2 tasks)", "HTTP /healthz: 404 Not Found (1 of 2 tasks)",
		"HTTP /healthz: 503 Service Unavailable (2 of 2 tasks)"}, failing)

	ios, _ = streams(true)
	vt := livetest.New(ios.TerminalWidth())
	v = NewProgress(ios, vt, ViewOptions{Service: "web", NewRelease: "v2", Now: func() time.Time { return now }})
	v.Update(marathon.Progress{Wanted: 2, Running: 2, HealthCheckFailure: "HTTP /healthz: 404 Not Found (2 of 2 tasks)"})
	v.Close()
	assert.Contains(t, vt.Screen(), "  failing HTTP /healthz: 404 Not Found (2 of 2 tasks)")
}
