// Package livetest is a small terminal emulator for tests of live views:
// write to it what a view writes to a terminal, then read the screen as
// the user sees it. It knows the sequences yodel writes (cursor up, clear
// to the end of the screen or line, home, the alternate screen, SGR, which
// it ignores), wraps at the width like a VT100 (a line exactly as wide as
// the screen does not wrap until the next character), and on Resize
// re-wraps what is on the screen as most terminals do (VTE, iTerm2, kitty,
// tmux, Windows Terminal). Any other sequence is recorded in Unknown, so a
// test can insist the view writes nothing it does not understand.
package livetest

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Terminal is the emulated screen; safe for concurrent use.
type Terminal struct {
	mu      sync.Mutex
	width   int
	main    *grid
	alt     *grid
	cur     *grid
	pending []byte // an escape sequence or rune cut between two writes
	Unknown []string
}

type row struct {
	cells   []rune
	wrapped bool // the line goes on in the next row
}

type grid struct {
	rows []row
	r, c int
}

// New returns a terminal width cells wide, with an endless height.
func New(width int) *Terminal {
	g := &grid{rows: []row{{}}}
	return &Terminal{width: width, main: g, cur: g}
}

// Write interprets p as output to the terminal (ONLCR: "\n" is CR LF).
func (t *Terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := append(t.pending, p...)
	t.pending = nil
	for len(b) > 0 {
		switch b[0] {
		case 0x1b:
			n := t.escape(b)
			if n == 0 {
				t.pending = append([]byte(nil), b...)
				return len(p), nil
			}
			b = b[n:]
		case '\n':
			t.cur.newline()
			b = b[1:]
		case '\r':
			t.cur.c = 0
			b = b[1:]
		default:
			if !utf8.FullRune(b) {
				t.pending = append([]byte(nil), b...)
				return len(p), nil
			}
			r, n := utf8.DecodeRune(b)
			t.cur.put(r, t.width)
			b = b[n:]
		}
	}
	return len(p), nil
}

// escape handles the sequence at the start of b and returns its length,
// 0 when b ends before the sequence does.
func (t *Terminal) escape(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	if b[1] != '[' {
		t.Unknown = append(t.Unknown, strconv.Quote(string(b[:2])))
		return 2
	}
	i := 2
	for i < len(b) && (b[i] < 0x40 || b[i] > 0x7e) {
		i++
	}
	if i == len(b) {
		return 0
	}
	params, final := string(b[2:i]), b[i]
	n := 1
	if v, err := strconv.Atoi(params); err == nil && v > 0 {
		n = v
	}
	g := t.cur
	switch {
	case final == 'm':
	case final == 'A' && !strings.HasPrefix(params, "?"):
		g.c = min(g.c, t.width-1)
		g.r = max(0, g.r-n)
	case final == 'H' && (params == "" || params == "1;1"):
		g.r, g.c = 0, 0
	case final == 'J' && (params == "" || params == "0"):
		g.rows[g.r].cells = g.rows[g.r].cells[:min(g.c, len(g.rows[g.r].cells))]
		g.rows[g.r].wrapped = false
		g.rows = g.rows[:g.r+1]
	case final == 'J' && params == "2":
		for i := range g.rows {
			g.rows[i] = row{}
		}
	case final == 'K' && (params == "" || params == "0"):
		g.rows[g.r].cells = g.rows[g.r].cells[:min(g.c, len(g.rows[g.r].cells))]
	case final == 'h' && params == "?1049":
		t.alt = &grid{rows: []row{{}}}
		t.cur = t.alt
	case final == 'l' && params == "?1049":
		t.cur = t.main
	default:
		t.Unknown = append(t.Unknown, strconv.Quote(string(b[:i+1])))
	}
	return i + 1
}

func (g *grid) newline() {
	g.r++
	g.c = 0
	for len(g.rows) <= g.r {
		g.rows = append(g.rows, row{})
	}
}

func (g *grid) put(r rune, width int) {
	if g.c >= width { // the deferred wrap of a full row
		g.rows[g.r].wrapped = true
		g.newline()
	}
	cells := g.rows[g.r].cells
	for len(cells) <= g.c {
		cells = append(cells, ' ')
	}
	cells[g.c] = r
	g.rows[g.r].cells = cells
	g.c++
}

// Resize changes the width and re-wraps both screens.
func (t *Terminal) Resize(width int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, g := range []*grid{t.main, t.alt} {
		if g != nil {
			g.reflow(t.width, width)
		}
	}
	t.width = width
}

func (g *grid) reflow(old, width int) {
	type line struct{ cells []rune }
	var lines []line
	curLine, curOff := 0, 0
	for i := 0; i < len(g.rows); {
		var l line
		start := i
		for {
			if i == g.r {
				curLine, curOff = len(lines), len(l.cells)+min(g.c, old)
			}
			l.cells = append(l.cells, g.rows[i].cells...)
			if !g.rows[i].wrapped || i == len(g.rows)-1 {
				break
			}
			// A wrapped row is full: pad a short one so offsets hold.
			for len(l.cells) < (i-start+1)*old {
				l.cells = append(l.cells, ' ')
			}
			i++
		}
		i++
		lines = append(lines, l)
	}
	var rows []row
	for li, l := range lines {
		first := len(rows)
		for off := 0; ; off += width {
			end := min(off+width, len(l.cells))
			rows = append(rows, row{cells: append([]rune(nil), l.cells[min(off, end):end]...), wrapped: end < len(l.cells)})
			if end >= len(l.cells) {
				break
			}
		}
		if li == curLine {
			g.r, g.c = first+curOff/width, curOff%width
			for len(rows) <= g.r {
				rows = append(rows, row{})
			}
		}
	}
	g.rows = rows
}

// Screen is what the current screen shows: one string a row, trailing
// blanks and empty rows at the bottom left out.
func (t *Terminal) Screen() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, r := range t.cur.rows {
		out = append(out, strings.TrimRight(string(r.cells), " "))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// Width is the terminal's width now (a live.Options.Width).
func (t *Terminal) Width() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.width
}
