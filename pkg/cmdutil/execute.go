package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/termsafe"
)

// Execute runs args against the command tree cmd (built with f) until it
// ends or SIGINT/SIGTERM cancels its context, and maps the outcome to an
// exit code, printing the error and its hint on f's stderr: the one place
// where errors become messages and exit codes, for each binary (yodel and
// yodel-lb).
func Execute(f *Factory, cmd *cobra.Command, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if isCobraUsageError(err) {
		err = &FlagError{Err: err}
	}
	// The hint addresses each realm as the user did (a file, say), not by
	// a name that may resolve to another realm or none.
	if f.RealmsNamed != nil {
		err = f.RealmsNamed.Fix(err)
	}
	code := ExitCode(err)
	if ctx.Err() != nil && code == ExitFailure {
		code = ExitInterrupted
	}
	if errors.Is(err, ErrSilent) {
		return code
	}
	errOut := f.IOStreams.ErrOut
	// An error may quote what Marathon holds (a task's failure, an app's
	// labels), which anyone who can post an app wrote: shown, not obeyed.
	fmt.Fprintln(errOut, "error:", termsafe.Lines(err.Error()))
	if h := Hint(err); h != "" {
		fmt.Fprintln(errOut, "hint:", termsafe.Lines(h))
	}
	var fe *FlagError
	if errors.As(err, &fe) {
		if sub, _, ferr := cmd.Find(args); ferr == nil && sub != nil {
			fmt.Fprintln(errOut)
			fmt.Fprint(errOut, sub.UsageString())
		}
	}
	return code
}

// isCobraUsageError recognises the usage errors cobra returns as plain
// errors (required flags, argument counts, unknown commands) so they exit 2
// like every other flag mistake.
func isCobraUsageError(err error) bool {
	var fe *FlagError
	if errors.As(err, &fe) {
		return false
	}
	msg := err.Error()
	for _, p := range []string{"required flag(s)", "accepts ", "requires at least", "requires at most", "requires exactly", "unknown command", "unknown flag", "unknown shorthand flag", "if any flags in the group", "none of the others can be"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
