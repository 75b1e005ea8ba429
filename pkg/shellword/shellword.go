// Package shellword quotes a word for a POSIX shell, so that a command a
// message prints (a hint) runs as printed when pasted. A leaf package: the
// CLI's hints (cmdutil) and the manifest's own messages both use it.
package shellword

import "strings"

// Quote returns s as one shell word: as it is when no shell would split
// or expand it, else in single quotes.
func Quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
