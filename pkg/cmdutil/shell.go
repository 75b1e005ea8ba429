package cmdutil

import "strings"

// ShellWord quotes s when a shell would split or expand it, so a command a
// message prints runs as printed when pasted.
func ShellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
