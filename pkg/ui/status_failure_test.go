package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/view"
)

// Marathon keeps an app's last failure for ever: on a terminal it says how
// long ago it was, so one from days ago does not read as news. Off a
// terminal the cell stays the failure (scripts read it), and -o json has
// lastFailureAt.
func TestStatusLastFailureSaysWhen(t *testing.T) {
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)
	a := view.App{Service: "web", App: "/web-blue", Yodel: true, LastFailure: "TASK_LOST Task is lost", LastFailureAt: now.Add(-3*time.Hour - time.Minute)}
	cells := StatusCells(a, true, now)
	assert.Equal(t, "3h ago: TASK_LOST Task is lost", cells[len(cells)-1])
	assert.Contains(t, StatusCells(a, false, now), "TASK_LOST Task is lost")

	a.LastFailureAt = time.Time{} // Marathon gave no time
	cells = StatusCells(a, true, now)
	assert.Equal(t, "TASK_LOST Task is lost", cells[len(cells)-1])

	for d, want := range map[time.Duration]string{
		-time.Second: "0s ago", 42 * time.Second: "42s ago", 12 * time.Minute: "12m ago",
		47 * time.Hour: "47h ago", 50 * time.Hour: "2d ago",
	} {
		assert.Equal(t, want, Ago(d), d)
	}
}

// Tasks Marathon no longer checks get a note saying why, and for a yodel
// service the command that replaces them.
func TestUncheckedNotes(t *testing.T) {
	notes := UncheckedNotes([]view.App{
		{Service: "web", App: "/web-blue", Yodel: true, Unchecked: 2},
		{Service: "mlb", App: "/mlb", Unchecked: 1},
		{Service: "ok", App: "/ok-blue", Yodel: true},
	}, "prod")
	if assert.Len(t, notes, 2) {
		assert.Contains(t, notes[0], "/web-blue: 2 running task(s) without a health result from Marathon")
		assert.True(t, strings.HasSuffix(notes[0], "yodel restart web --realm prod"), notes[0])
		assert.NotContains(t, notes[1], "yodel restart", "not a yodel service")
	}
	// The HEALTHY cell says so on a terminal; scripts keep Marathon's count.
	a := view.App{Service: "web", App: "/web-blue", Yodel: true, Healthy: 0, Wanted: 3, Running: 3, Unchecked: 3}
	assert.Contains(t, StatusCells(a, true, time.Time{}), "0/3 +3 unchecked")
	assert.Contains(t, StatusCells(a, false, time.Time{}), "0/3")
}

func TestSurplusNotes(t *testing.T) {
	notes := SurplusNotes([]view.App{
		{Service: "web", App: "/web-blue", Yodel: true, Surplus: []string{"web-blue.2"}},
		{Service: "ok", App: "/ok-blue", Yodel: true},
	})
	if assert.Len(t, notes, 1) {
		assert.Contains(t, notes[0], "/web-blue: 1 running task(s) beyond its instances (web-blue.2): Marathon's next scale check")
	}
}

func TestUnreachableNotes(t *testing.T) {
	notes := UnreachableNotes([]view.App{
		{Service: "web", App: "/web-blue", Yodel: true, Unreachable: 1},
		{Service: "ok", App: "/ok-blue", Yodel: true},
	})
	if assert.Len(t, notes, 1) {
		assert.Contains(t, notes[0], "/web-blue: 1 task(s) on agents Mesos lost (TASK_UNREACHABLE): not serving, not routed")
	}
}

// An app too large to read gets a note saying so (its id escaped: it is
// whatever Marathon's answer said).
func TestStatusNotesNameAnAppTooLargeToRead(t *testing.T) {
	notes := StatusNotes([]view.App{
		{Service: "junk", App: "/junk\x1b[2J", Unread: "not read: larger than 64 MiB"},
		{Service: "", App: "", Unread: "not read: larger than 64 MiB"},
		{Service: "ok", App: "/ok-blue", Yodel: true},
	})
	if assert.Len(t, notes, 2) {
		assert.Equal(t, `/junk\x1b[2J: not read: larger than 64 MiB`, notes[0])
		assert.Equal(t, "an app whose id came late in its definition: not read: larger than 64 MiB", notes[1])
	}
}
