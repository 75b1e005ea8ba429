// Package strictyaml decodes YAML into typed Go structs the way a compiler
// reads source: every unknown key, wrong type and bad value is reported at
// once, each with file:line:col and the field path, and nothing is silently
// ignored. Manifests and realm files both go through it.
package strictyaml

import (
	"fmt"
	"sort"
	"strings"
)

// ExitInvalid mirrors cmdutil.ExitInvalid without importing it (cmdutil
// imports packages that import this one).
const ExitInvalid = 2

// Error is one problem in one file.
type Error struct {
	File  string `json:"file"`
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
	Field string `json:"field,omitempty"`
	Msg   string `json:"message"`
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ExitCode makes a lone Error exit 2 (invalid input).
func (e *Error) ExitCode() int { return ExitInvalid }

// Errors is every problem found, printed one per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// ExitCode makes invalid files exit 2 through cmdutil.ExitCode.
func (es Errors) ExitCode() int { return ExitInvalid }

// Sort orders problems by file, then position, so output reads top-down.
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns es as an error, or nil when empty (a nil Errors stored in an
// error interface would not be nil).
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// EmptyHinter is a type decoded by Decode that knows how to start a file of
// its kind: EmptyHint is appended to the empty-file message (": write one,
// or ...").
type EmptyHinter interface {
	EmptyHint(file string) string
}
