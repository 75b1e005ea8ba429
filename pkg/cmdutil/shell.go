package cmdutil

import "github.com/yodeldeploy/yodel/pkg/shellword"

// ShellWord quotes s when a shell would split or expand it, so a command a
// message prints runs as printed when pasted (shellword.Quote).
func ShellWord(s string) string { return shellword.Quote(s) }
