package cmdutil

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// An error (and its hint) may quote what Marathon holds, which anyone who
// can post an app wrote: printed, its control characters are shown, not
// obeyed; its lines stay lines.
func TestExecutePrintsErrorsTerminalSafe(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	cmd := &cobra.Command{Use: "x", SilenceErrors: true, SilenceUsage: true, RunE: func(*cobra.Command, []string) error {
		return WithExit(ExitFailure, errors.New("task failed: \x1b[2J\x1b]0;pwned\x07wiped\rfake\nsecond line"), "see \u202etxt.exe")
	}}
	code := Execute(&Factory{IOStreams: ios}, cmd, nil)
	if code != ExitFailure {
		t.Fatalf("exit %d", code)
	}
	got := errOut.String()
	want := "error: task failed: \\x1b[2J\\x1b]0;pwned\\x07wiped\\rfake\nsecond line\nhint: see \\u202etxt.exe\n"
	if got != want {
		t.Errorf("stderr:\n%q\nwant\n%q", got, want)
	}
	if strings.ContainsAny(got, "\x1b\x07\r\u202e") {
		t.Errorf("control characters reached stderr: %q", got)
	}
}
