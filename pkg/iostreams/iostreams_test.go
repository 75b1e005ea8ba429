package iostreams

import "testing"

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
