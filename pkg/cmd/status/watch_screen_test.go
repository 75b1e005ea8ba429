package status

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/ui/live/livetest"
)

// What --watch shows on a terminal narrower than the table: each row cut
// to the width (the last failure made it wrap before), the next frame
// drawn over it with nothing left behind, and a resize redrawn to fit.
func TestWatchFramesFitTheTerminal(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	vt := livetest.New(100)
	screen := live.New(vt, live.Options{Mode: live.FullScreen, Width: vt.Width})
	opts := &Options{Deps: svcutil.Deps{IO: ios, Now: func() time.Time { return time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC) }}}

	last := emit(opts, screen, fixture(), nil)
	got := vt.Screen()
	require.Len(t, got, 9, "header, five apps, two notes, the footer: %q", got)
	assert.Equal(t, "! web: agent lb-1: cannot bind 127.0.0.1:10090: address already in use", got[7], "a routing error is a note of its own")
	assert.True(t, strings.HasPrefix(got[0], "SERVICE"))
	assert.True(t, strings.HasSuffix(got[2], "…"), "the long row is cut: %q", got[2])
	for _, r := range got {
		assert.LessOrEqual(t, len([]rune(r)), 100)
	}

	emit(opts, screen, fixture()[3:], last)
	got = vt.Screen()
	require.Len(t, got, 5, "header, two apps, a note, the footer: %q", got)
	assert.Contains(t, got[1], "/web-blue")
	assert.Contains(t, got[4], "updated 2025-03-14T15:09:26Z")

	vt.Resize(40)
	require.NoError(t, screen.Redraw())
	got = vt.Screen()
	require.Len(t, got, 5, "still one row per line: %q", got)
	for _, r := range got {
		assert.LessOrEqual(t, len([]rune(r)), 40)
	}
	require.NoError(t, screen.Close())
	assert.Empty(t, vt.Screen(), "back on the main screen, as it was")
	assert.Empty(t, vt.Unknown)
}

// TERM=dumb on a terminal: --watch prints the changed rows as lines, as
// off a terminal, never a frame.
func TestWatchOnADumbTerminalPrintsLines(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetDumbTerminal(true)
	opts := &Options{Deps: svcutil.Deps{IO: ios, Now: func() time.Time { return time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC) }}}
	screen := watchScreen(opts)
	last := emit(opts, screen, fixture(), nil)
	emit(opts, screen, fixture(), last)
	assert.NotContains(t, out.String(), "\x1b")
	assert.Equal(t, len(fixture()), strings.Count(out.String(), "\n"), "each row once: an unchanged refresh prints nothing")
	assert.Contains(t, out.String(), "2025-03-14T15:09:26Z\tapi\t/api-blue\tstable\t12\tv7\t2/3 v7 + 2/2 old\t5\t0c1d2e3f\t\thttp://10.0.0.5:10080,http://10.0.0.6:10080")
}
