package iostreams

import "testing"

func TestDumbTerminalFromEnv(t *testing.T) {
	t.Setenv("TERM", "dumb")
	t.Setenv("NO_COLOR", "")
	t.Setenv("CLICOLOR", "")
	t.Setenv("CLICOLOR_FORCE", "")
	t.Setenv("YODEL_FORCE_TTY", "1")
	s := System()
	if !s.IsStdoutTTY() || !s.IsStderrTTY() {
		t.Fatal("YODEL_FORCE_TTY should make both streams terminals")
	}
	if s.ColorEnabled() {
		t.Error("TERM=dumb: colour on")
	}
	if s.Interactive() || s.CanMoveCursor() {
		t.Error("TERM=dumb: redrawn progress allowed")
	}

	t.Setenv("TERM", "xterm-256color")
	s = System()
	if !s.ColorEnabled() || !s.Interactive() || !s.CanMoveCursor() {
		t.Error("a forced xterm should get colour and redrawn progress")
	}
}

func TestDumbTerminalColourForced(t *testing.T) {
	ios, _, _, _ := Test()
	ios.SetStdoutTTY(true)
	ios.SetStderrTTY(true)
	ios.SetDumbTerminal(true)
	ios.colorForced = true
	if !ios.ColorEnabled() {
		t.Error("CLICOLOR_FORCE should still win over TERM=dumb")
	}
	if ios.Interactive() {
		t.Error("forced colour must not bring cursor movement to a dumb terminal")
	}
}

// TERM=dumb: a terminal, but no colour and no redrawing.
func TestDumbTerminal(t *testing.T) {
	s, _, _, _ := Test()
	s.SetStdoutTTY(true)
	s.SetStderrTTY(true)
	if !s.Interactive() || !s.ColorEnabled() {
		t.Fatal("a terminal is interactive and coloured")
	}
	s.SetDumbTerminal(true)
	if s.Interactive() || s.ColorEnabled() || !s.DumbTerminal() {
		t.Fatalf("TERM=dumb: interactive %v, colour %v", s.Interactive(), s.ColorEnabled())
	}
	if !s.IsStdoutTTY() {
		t.Fatal("still a terminal: tables keep their headers")
	}
}
