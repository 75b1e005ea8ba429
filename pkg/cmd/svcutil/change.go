package svcutil

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// OpenService resolves the service (SVC, or -f's manifest) and opens the
// realm with the service's deployment lock, the engine's guard passed for
// op before and after taking it (deploy.Guard): the start of every command
// that changes one service's live apps without a manifest (scale, rollback,
// destroy).
func OpenService(ctx context.Context, c *Common, d Deps, args []string, op engine.Op) (*Session, error) {
	svc, err := c.ServiceName()
	if err != nil {
		return nil, err
	}
	s, err := Open(ctx, d, c.Realm, svc, args, false)
	if err != nil {
		return nil, err
	}
	if err := s.GuardAndLock(ctx, op); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Wait is engine.Wait shown in view (nil: not shown).
func Wait(ctx context.Context, c *marathon.Client, spec marathon.WaitSpec, timeout time.Duration, view *ui.Progress, lost <-chan struct{}) (marathon.Outcome, engine.Ending, error) {
	var progress func(marathon.Progress)
	if view != nil {
		progress = view.Update
	}
	return engine.Wait(ctx, c, spec, timeout, progress, lost)
}

// Report ends a command that prints a result: with -o json the result is
// printed whatever the outcome (a script reads it either way); otherwise
// text writes the success line, and nothing is printed on error (the error
// says it).
func Report(w io.Writer, output cmdutil.OutputFormat, res any, err error, text func(io.Writer)) error {
	if output.IsJSON() {
		if werr := cmdutil.WriteJSON(w, res); werr != nil && err == nil {
			err = werr
		}
		return err
	}
	if err == nil {
		text(w)
	}
	return err
}

// Bind does what the RunE of every command that changes one service does
// before running: SVC (args) and --realm checked, dependencies taken from f,
// and the command line (after "yodel") kept for the lock and history. verb
// is for messages ("roll back").
func (c *Common) Bind(cmd *cobra.Command, f *cmdutil.Factory, args []string, verb string, deps *Deps, cmdline *[]string) error {
	if err := c.Args(args, verb); err != nil {
		return err
	}
	*deps = DepsFrom(f)
	*cmdline = CommandArgs(cmd, args)
	return nil
}
