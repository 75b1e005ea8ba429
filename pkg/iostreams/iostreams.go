// Package iostreams is the only route from yodel to the terminal: it knows
// whether stdout/stderr are terminals, whether colour is wanted, and how wide
// the screen is. Tests use Test() to get buffers with TTY overrides.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"golang.org/x/term"
)

type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY int8 // 0 unknown, 1 yes, -1 no
	colorEnabled                   bool
	colorForced                    bool
	noColor                        bool
	// dumb is TERM=dumb: the terminal understands no escape sequences,
	// so neither colour nor cursor movement (redrawn progress).
	dumb  bool
	width int
}

// System returns streams bound to the process's stdin/stdout/stderr with TTY
// and colour policy read from the environment: NO_COLOR, CLICOLOR=0,
// CLICOLOR_FORCE, YODEL_FORCE_TTY, TERM=dumb.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.stdinTTY = ttyFlag(isTerminal(os.Stdin))
	s.stdoutTTY = ttyFlag(isTerminal(os.Stdout))
	s.stderrTTY = ttyFlag(isTerminal(os.Stderr))
	if v := os.Getenv("YODEL_FORCE_TTY"); v != "" && v != "0" && v != "false" {
		s.stdoutTTY, s.stderrTTY = 1, 1
		if n, err := strconv.Atoi(v); err == nil && n > 1 {
			s.width = n
		}
	}
	s.colorEnabled = s.stdoutTTY > 0
	if os.Getenv("NO_COLOR") != "" || os.Getenv("CLICOLOR") == "0" {
		s.noColor = true
	}
	if v := os.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		s.colorForced = true
	}
	s.SetDumbTerminal(os.Getenv("TERM") == "dumb")
	return s
}

// Test returns streams backed by buffers: in, out, errOut. Nothing is a TTY
// until the test says so with SetStdoutTTY and friends.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, stdinTTY: -1, stdoutTTY: -1, stderrTTY: -1, width: 80}, in, out, errOut
}

func ttyFlag(b bool) int8 {
	if b {
		return 1
	}
	return -1
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// NothingOut is where a command says it found nothing (no history, no
// deliveries): stdout on a terminal, stderr off one, so that what a
// script reads stays empty.
func (s *IOStreams) NothingOut() io.Writer {
	if s.IsStdoutTTY() {
		return s.Out
	}
	return s.ErrOut
}

func (s *IOStreams) IsStdinTTY() bool  { return s.stdinTTY > 0 }
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY > 0 }
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY > 0 }

// SetStdoutTTY and friends override detection (tests, --force-tty). Setting
// stdout to a TTY also turns colour on unless it was disabled.
func (s *IOStreams) SetStdinTTY(v bool) { s.stdinTTY = ttyFlag(v) }
func (s *IOStreams) SetStdoutTTY(v bool) {
	s.stdoutTTY = ttyFlag(v)
	s.colorEnabled = v
}
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = ttyFlag(v) }

// SetNoColor is --no-color.
func (s *IOStreams) SetNoColor(v bool) { s.noColor = v }

// ColorEnabled: CLICOLOR_FORCE wins, then NO_COLOR / CLICOLOR=0 / --no-color,
// then "stdout is a terminal".
func (s *IOStreams) ColorEnabled() bool {
	if s.colorForced {
		return true
	}
	if s.noColor {
		return false
	}
	return s.colorEnabled
}

// SetDumbTerminal is TERM=dumb: a terminal that can neither move the
// cursor nor show colour, so live views print lines and colour is off
// (unless CLICOLOR_FORCE).
func (s *IOStreams) SetDumbTerminal(v bool) {
	s.dumb = v
	if v {
		s.noColor = true
	}
}

// DumbTerminal reports TERM=dumb.
func (s *IOStreams) DumbTerminal() bool { return s.dumb }

// CanPrompt reports whether asking the user a question is possible.
func (s *IOStreams) CanPrompt() bool { return s.IsStdinTTY() && s.IsStdoutTTY() }

// CanMoveCursor is the one question "may stdout be redrawn in place?"
// (watch modes, live views): a terminal that is not TERM=dumb.
func (s *IOStreams) CanMoveCursor() bool { return s.IsStdoutTTY() && !s.dumb }

// Interactive reports whether live, redrawn progress may be drawn on stderr:
// stdout may be redrawn (CanMoveCursor) and stderr is a terminal too.
func (s *IOStreams) Interactive() bool { return s.CanMoveCursor() && s.IsStderrTTY() }

// TerminalWidth is the width of stdout, 80 when unknown.
func (s *IOStreams) TerminalWidth() int {
	if s.width > 0 {
		return s.width
	}
	if f, ok := s.Out.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return 80
}

// Renderer returns a lipgloss renderer for w whose colour profile follows the
// streams' colour policy, so styles produce plain text when colour is off.
func (s *IOStreams) Renderer(w io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	if s.ColorEnabled() {
		r.SetColorProfile(termenv.ANSI256)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	return r
}
