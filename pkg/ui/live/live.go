// Package live redraws a block of text on a terminal: the one renderer
// behind yodel's live views (`status --watch`, `canary status --watch`, the
// deploy progress). Views build a frame from their view model; a Screen
// puts it on the terminal so that what the user sees is exactly the frame:
//
//   - every line is cut to the terminal's width, queried again for each
//     frame, so a long line (a task failure, a wide table) never wraps: a
//     wrapped line takes two rows, and the next redraw, which moves up one
//     row per line, would leave the extra rows behind as stale lines;
//   - after a resize, the rows to move up over are counted at the new width
//     (terminals re-wrap the old frame when they narrow), and OnResize lets
//     a view redraw at once instead of at its next tick;
//   - off a terminal, or with TERM=dumb, nothing moves the cursor and no
//     colour is written: each frame is appended as plain text. (The views
//     print one line per change there instead; Plain is the safe default.)
//
// DESIGN: the Screen knows nothing of what it draws; models live in
// pkg/view, their text in pkg/ui, and this package only owns the terminal.
package live

import (
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// Mode is how frames reach the terminal.
type Mode int

const (
	// Plain appends each frame, without escape sequences: not a terminal,
	// or TERM=dumb.
	Plain Mode = iota
	// Inline redraws the block in place below what was printed before.
	Inline
	// FullScreen draws each frame from the top of the alternate screen;
	// Close returns to the main screen, whose scrollback is untouched.
	FullScreen
)

// Terminal sequences, exported for tests that read what was written.
const (
	AltScreenOn  = "\x1b[?1049h"
	AltScreenOff = "\x1b[?1049l"
	// Home moves to the top-left corner and clears the screen.
	Home = "\x1b[H\x1b[J"
)

// Options configure a Screen.
type Options struct {
	Mode Mode
	// Width is the terminal's width now, asked for each frame (0 or nil:
	// unknown, lines are not cut).
	Width func() int
}

// For picks the mode for a stream of ios: redraw says whether that stream
// may be redrawn in place, asked of iostreams, the one place that knows
// (ios.CanMoveCursor for stdout, ios.Interactive for progress on stderr;
// both false on TERM=dumb). Callers may narrow it (no redraw with -o json).
func For(ios *iostreams.IOStreams, redraw bool, fullScreen bool) Options {
	o := Options{Width: ios.TerminalWidth}
	switch {
	case !redraw:
		o.Mode = Plain
	case fullScreen:
		o.Mode = FullScreen
	default:
		o.Mode = Inline
	}
	return o
}

// Screen draws frames; safe for concurrent use.
type Screen struct {
	mu      sync.Mutex
	w       io.Writer
	o       Options
	widths  []int // visible widths of the lines of the frame on the screen
	last    string
	drawn   bool
	entered bool
	closed  bool
}

// New returns a Screen writing to w.
func New(w io.Writer, o Options) *Screen { return &Screen{w: w, o: o} }

// Mode is the screen's mode.
func (s *Screen) Mode() Mode { return s.o.Mode }

// Draw replaces the block on the screen with frame (lines ending in "\n").
func (s *Screen) Draw(frame string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.last, s.drawn = frame, true
	return s.draw(frame)
}

// Redraw draws the last frame again, at the terminal's width now: a view
// calls it when the terminal was resized.
func (s *Screen) Redraw() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || !s.drawn || s.o.Mode == Plain {
		return nil
	}
	return s.draw(s.last)
}

// Close stops drawing; in FullScreen it leaves the alternate screen. The
// last Inline frame stays where it is.
func (s *Screen) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.entered {
		_, err := io.WriteString(s.w, AltScreenOff)
		return err
	}
	return nil
}

func (s *Screen) width() int {
	if s.o.Width == nil {
		return 0
	}
	return s.o.Width()
}

func (s *Screen) draw(frame string) error {
	lines := Lines(frame)
	var b strings.Builder
	if s.o.Mode == Plain {
		for _, l := range lines {
			b.WriteString(ansi.Strip(l))
			b.WriteByte('\n')
		}
		_, err := io.WriteString(s.w, b.String())
		return err
	}
	width := s.width()
	switch s.o.Mode {
	case FullScreen:
		if !s.entered {
			b.WriteString(AltScreenOn)
			s.entered = true
		}
		b.WriteString(Home)
	case Inline:
		if n := Rows(s.widths, width); n > 0 {
			b.WriteString("\x1b[" + strconv.Itoa(n) + "A\r\x1b[J")
		}
	}
	s.widths = s.widths[:0]
	for _, l := range lines {
		l = Cut(l, width)
		s.widths = append(s.widths, ansi.StringWidth(l))
		b.WriteString(l)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(s.w, b.String())
	return err
}

// Lines splits a frame into its lines, without the newlines.
func Lines(frame string) []string {
	frame = strings.TrimSuffix(frame, "\n")
	if frame == "" {
		return nil
	}
	return strings.Split(frame, "\n")
}

// Cut shortens a line to width visible cells (escape sequences kept and
// not counted), ending it with "…" when it was cut; width <= 0 keeps it.
func Cut(line string, width int) string {
	if width <= 0 {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// Rows is how many terminal rows lines of these visible widths take at
// width: one each, or more where a terminal that re-wraps on resize has
// wrapped a line drawn when the terminal was wider. Most do (VTE, iTerm2,
// kitty, tmux, Windows Terminal); on one that does not (xterm) a redraw
// after narrowing moves up too far and also clears the lines just above
// the block, which is the lesser harm: stale rows would stay for good.
func Rows(widths []int, width int) int {
	n := 0
	for _, w := range widths {
		if width > 0 && w > width {
			n += (w + width - 1) / width
		} else {
			n++
		}
	}
	return n
}
