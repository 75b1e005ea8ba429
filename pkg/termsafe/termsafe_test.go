package termsafe

import "testing"

func TestEscapeAndLines(t *testing.T) {
	for _, c := range []struct{ in, escape, lines string }{
		{"plain text, ünïcode", "plain text, ünïcode", "plain text, ünïcode"},
		{"a\nb\tc", `a\nb\tc`, "a\nb\tc"},
		{"\x1b[31mred\x07\r", `\x1b[31mred\x07\r`, `\x1b[31mred\x07\r`},
		{"\u202eexe.txt\u0085", `\u202eexe.txt\u0085`, `\u202eexe.txt\u0085`},
		{"bad \xff byte", `bad \xff byte`, `bad \xff byte`},
	} {
		if got := Escape(c.in); got != c.escape {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.escape)
		}
		if got := Lines(c.in); got != c.lines {
			t.Errorf("Lines(%q) = %q, want %q", c.in, got, c.lines)
		}
		if Needed(c.in) != (c.in != c.escape) {
			t.Errorf("Needed(%q) = %v", c.in, Needed(c.in))
		}
	}
}
