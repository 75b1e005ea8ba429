// Package termsafe shows text that others wrote (Marathon's app ids,
// labels and task messages, which anyone who can post an app writes) on a
// terminal without letting it drive the terminal: control characters and
// Unicode bidi controls become visible escapes. It is a leaf package, so
// that the error printer every binary shares (cmdutil) can use it as well
// as the renderers (pkg/ui).
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape shows the control characters of s as escapes: C0 as \n, \r, \t
// or \xNN, DEL as \x7f, C1 and the Unicode bidi controls as \uNNNN, bytes
// that are not UTF-8 as \xNN. Printed raw, an escape sequence rewrites the
// operator's terminal (colours, its title, erased lines), a newline fakes
// table rows and a bidi override shows text reversed. A backslash stays as
// it is: this is for reading, not for parsing back.
func Escape(s string) string { return escape(s, false) }

// Lines is Escape keeping newlines and tabs: for messages of several lines
// (an error and its hint), where a newline is layout and cannot hide what
// follows it.
func Lines(s string) string { return escape(s, true) }

// Needed reports whether Escape changes s.
func Needed(s string) bool { return strings.IndexFunc(s, needsEscape) >= 0 || !utf8.ValidString(s) }

func escape(s string, keepLines bool) string {
	if !Needed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

func needsEscape(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1 (0x9b is a CSI)
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // ALM, LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}
