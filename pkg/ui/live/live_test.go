package live

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/ui/live/livetest"
)

const failure = "  last failure: web-blue.7 TASK_FAILED exit status 1: cannot bind 0.0.0.0:8080, address already in use, giving up"

func frameA() string {
	return "\x1b[1mweb\x1b[0m  deploy v1 → v2  0:03\n" +
		"  v2  ███░░░  1/3 healthy, 1 running\n" +
		"\x1b[31m" + failure + "\x1b[0m\n" +
		"  15:09:26 task web-blue.7 TASK_FAILED\n"
}

func frameB() string {
	return "\x1b[1mweb\x1b[0m  deploy v1 → v2  0:04\n" +
		"  v2  ██████  3/3 healthy, 3 running\n"
}

// term starts an emulated terminal with a shell prompt on it, and a Screen
// drawing on it in mode.
func term(width int, mode Mode) (*livetest.Terminal, *Screen) {
	vt := livetest.New(width)
	_, _ = vt.Write([]byte("$ yodel deploy web\n"))
	return vt, New(vt, Options{Mode: mode, Width: vt.Width})
}

func TestLongLinesAreCutToTheWidth(t *testing.T) {
	vt, s := term(40, Inline)
	require.NoError(t, s.Draw(frameA()))
	screen := vt.Screen()
	require.Len(t, screen, 5, "the prompt and one row per line: %q", screen)
	assert.Equal(t, "  last failure: web-blue.7 TASK_FAILED …", screen[3])
	for _, r := range screen {
		assert.LessOrEqual(t, len([]rune(r)), 40)
	}
	assert.Empty(t, vt.Unknown)
}

func TestCutKeepsEscapeSequences(t *testing.T) {
	assert.Equal(t, "\x1b[31mhell…\x1b[0m", Cut("\x1b[31mhello world\x1b[0m", 5))
	assert.Equal(t, "short", Cut("short", 5))
	assert.Equal(t, "no width", Cut("no width", 0))
}

func TestRedrawLeavesNoStaleLines(t *testing.T) {
	vt, s := term(40, Inline)
	require.NoError(t, s.Draw(frameA()))
	require.NoError(t, s.Draw(frameB()))
	assert.Equal(t, []string{"$ yodel deploy web", "web  deploy v1 → v2  0:04", "  v2  ██████  3/3 healthy, 3 running"}, vt.Screen())
}

// The emulator is honest: without the cut, the wrapped failure line takes
// two rows, and the redraw, one row up per line, leaves a stale one.
func TestWithoutTheCutARedrawLeavesStaleLines(t *testing.T) {
	vt := livetest.New(40)
	_, _ = vt.Write([]byte("$ yodel deploy web\n"))
	s := New(vt, Options{Mode: Inline})
	require.NoError(t, s.Draw(frameA()))
	require.NoError(t, s.Draw(frameB()))
	assert.Contains(t, vt.Screen(), "web  deploy v1 → v2  0:03", "the top of the old frame stays")
	assert.Len(t, vt.Screen(), 5)
}

func TestResizeRedrawsAtTheNewWidth(t *testing.T) {
	vt, s := term(100, Inline)
	require.NoError(t, s.Draw(frameA()))
	// Narrower: the terminal re-wraps the frame on it; the redraw counts
	// the rows it now takes.
	vt.Resize(30)
	require.NoError(t, s.Redraw())
	want := []string{"$ yodel deploy web", "web  deploy v1 → v2  0:03", "  v2  ███░░░  1/3 healthy, 1 …",
		"  last failure: web-blue.7 TA…", "  15:09:26 task web-blue.7 TA…"}
	assert.Equal(t, want, vt.Screen())
	// Wider again: lines are cut at the new width, nothing is left over.
	vt.Resize(50)
	require.NoError(t, s.Draw(frameB()))
	assert.Equal(t, []string{"$ yodel deploy web", "web  deploy v1 → v2  0:04", "  v2  ██████  3/3 healthy, 3 running"}, vt.Screen())
}

func TestFullScreenDrawsFromTheTopAndLeavesTheMainScreen(t *testing.T) {
	vt, s := term(40, FullScreen)
	require.NoError(t, s.Draw(frameA()))
	assert.Equal(t, "web  deploy v1 → v2  0:03", vt.Screen()[0], "drawn from the top of the alternate screen")
	require.NoError(t, s.Draw(frameB()))
	assert.Equal(t, []string{"web  deploy v1 → v2  0:04", "  v2  ██████  3/3 healthy, 3 running"}, vt.Screen())
	require.NoError(t, s.Close())
	assert.Equal(t, []string{"$ yodel deploy web"}, vt.Screen(), "the main screen as it was")
	assert.Empty(t, vt.Unknown)
}

func TestPlainWritesNoEscapeSequences(t *testing.T) {
	var out bytes.Buffer
	s := New(&out, Options{Mode: Plain, Width: func() int { return 20 }})
	require.NoError(t, s.Draw(frameA()))
	require.NoError(t, s.Draw(frameB()))
	require.NoError(t, s.Redraw())
	require.NoError(t, s.Close())
	assert.NotContains(t, out.String(), "\x1b")
	assert.Contains(t, out.String(), failure+"\n", "nothing cut: a log keeps the whole line")
	assert.Equal(t, 6, strings.Count(out.String(), "\n"), "each frame once")
}

func TestForPicksTheMode(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	assert.Equal(t, Plain, For(ios, false, false).Mode)
	assert.Equal(t, Inline, For(ios, true, false).Mode)
	assert.Equal(t, FullScreen, For(ios, true, true).Mode)
	ios.SetStdoutTTY(true)
	assert.Equal(t, FullScreen, For(ios, ios.CanMoveCursor(), true).Mode)
	ios.SetDumbTerminal(true)
	assert.Equal(t, Plain, For(ios, ios.CanMoveCursor(), true).Mode, "TERM=dumb cannot move the cursor")
	assert.Equal(t, 80, For(ios, true, false).Width())
}
