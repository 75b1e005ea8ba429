// Package ui renders yodel's human output with lipgloss: typed diffs, tables
// and the live deployment view. Renderers only map data to text; they never
// fetch. Off a terminal everything is plain: no colour, no cursor movement,
// one timestamped line per change.
package ui

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// Styles are the few styles yodel uses, bound to one renderer so they turn
// into plain text when colour is off.
type Styles struct {
	Added, Removed, Changed, Bold, Dim, OK, Warn, Fail lipgloss.Style
}

// NewStyles returns styles for output written to w through ios.
func NewStyles(ios *iostreams.IOStreams, w io.Writer) Styles {
	r := ios.Renderer(w)
	return Styles{
		Added:   r.NewStyle().Foreground(lipgloss.Color("2")),
		Removed: r.NewStyle().Foreground(lipgloss.Color("1")),
		Changed: r.NewStyle().Foreground(lipgloss.Color("3")),
		Bold:    r.NewStyle().Bold(true),
		Dim:     r.NewStyle().Faint(true),
		OK:      r.NewStyle().Foreground(lipgloss.Color("2")),
		Warn:    r.NewStyle().Foreground(lipgloss.Color("3")),
		Fail:    r.NewStyle().Foreground(lipgloss.Color("1")),
	}
}

// Diff writes a typed diff: a header naming the app, then one line per
// change with + - ~. Secrets show as <secret>, never their value.
func Diff(w io.Writer, st Styles, res diff.Result) {
	switch {
	case res.Create:
		fmt.Fprintf(w, "%s %s (new app)\n", st.Added.Render("+"), st.Bold.Render(res.AppID))
	case len(res.Changes) == 0:
		fmt.Fprintf(w, "  %s: no changes\n", st.Bold.Render(res.AppID))
		return
	default:
		fmt.Fprintf(w, "%s %s\n", st.Changed.Render("~"), st.Bold.Render(res.AppID))
	}
	DiffLines(w, st, res.Changes)
}

// DiffLines writes one line per change with + - ~, indented by two
// spaces, escaped (Escape). Secrets show as <secret>, never their value.
func DiffLines(w io.Writer, st Styles, changes []diff.Change) {
	for _, c := range changes {
		style := st.Changed
		switch c.Kind {
		case diff.Added:
			style = st.Added
		case diff.Removed:
			style = st.Removed
		}
		// A live app's labels are anyone's who can post to Marathon.
		fmt.Fprintf(w, "  %s\n", style.Render(Escape(c.Line())))
	}
}

// Table prints rows. On a terminal: a bold header and aligned columns
// (lipgloss.Width, so colour codes do not break alignment). Off a terminal:
// tab-separated, no header (unless HeaderOffTerminal), easy to cut and grep.
type Table struct {
	tty       bool
	st        Styles
	headers   []string
	rows      [][]string
	tsvHeader bool
}

// HeaderOffTerminal makes the table's first line off a terminal its
// header, tab-separated like the rows: for a table read in logs more than
// cut (history), whose columns a value does not name.
func (t *Table) HeaderOffTerminal() { t.tsvHeader = true }

// Aligned makes the table align its columns off a terminal too, with a
// plain header: for a table inside a block of text (one history record),
// where tab-separated rows would not line up with the lines around them.
func (t *Table) Aligned() { t.tty = true }

// NewTable starts a table for w.
func NewTable(ios *iostreams.IOStreams, w io.Writer, headers ...string) *Table {
	return &Table{tty: ios.IsStdoutTTY(), st: NewStyles(ios, w), headers: headers}
}

// Row adds a row; missing cells are empty.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Render writes the table.
func (t *Table) Render(w io.Writer) error {
	var b strings.Builder
	if !t.tty {
		if t.tsvHeader {
			b.WriteString(strings.Join(t.headers, "\t"))
			b.WriteByte('\n')
		}
		for _, r := range t.rows {
			b.WriteString(strings.Join(pad(r, len(t.headers)), "\t"))
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	widths := make([]int, len(t.headers))
	for i, h := range t.headers {
		widths[i] = lipgloss.Width(h)
	}
	for _, r := range t.rows {
		for i, c := range pad(r, len(t.headers)) {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	line := func(cells []string, style *lipgloss.Style) {
		for i, c := range cells {
			s := c
			if style != nil {
				s = style.Render(c)
			}
			b.WriteString(s)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	line(t.headers, &t.st.Bold)
	for _, r := range t.rows {
		line(pad(r, len(t.headers)), nil)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pad(r []string, n int) []string {
	for len(r) < n {
		r = append(r, "")
	}
	return r[:n]
}

// Bar is a text progress bar of done/total, width cells wide.
func Bar(st Styles, done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	done = min(max(done, 0), total)
	full := done * width / total
	return st.OK.Render(strings.Repeat("█", full)) + st.Dim.Render(strings.Repeat("░", width-full))
}
