// Package rollback implements `yodel rollback`: put the previous (or a named)
// release back, from Marathon's stored app versions.
package rollback

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

type Options struct {
	svcutil.Common
	Deps             svcutil.Deps
	Args             []string
	To               string
	Timeout          time.Duration
	ProgressDeadline time.Duration
	Output           cmdutil.OutputFormat
	// Settle is how long new tasks of an app without health checks must
	// stay up before the change counts as done (engine.Change.Settle).
	Settle time.Duration
}

// Result is the JSON of `rollback -o json`.
type Result struct {
	Service     string            `json:"service"`
	AppID       string            `json:"appId"`
	From        string            `json:"from"`
	To          string            `json:"to"`
	FromVersion string            `json:"fromVersion"`
	ToVersion   string            `json:"toVersion"`
	Outcome     string            `json:"outcome"`
	Progress    marathon.Progress `json:"progress"`
}

func NewCmdRollback(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Settle: engine.DefaultSettle}
	cmd := &cobra.Command{
		Use:   "rollback <service> --realm <realm> [--to <release>]",
		Short: "Put the previous (or a named) release of a service back",
		Long: `Roll the service's stable app back to the previous release (the newest stored
Marathon app version whose YODEL_RELEASE differs from the current one), or to
the newest version of --to RELEASE, and wait until it is healthy (an app
without health checks: its tasks have run 3s, deploy's --settle default).
A release Marathon no longer stores (one that ran in the other colour's app,
which a canary's promote deleted with its versions) comes back from the
definition its history record kept: the app's next version, with the app's
instances and its current secrets (history never keeps secret values).
A Marathon deployment still in progress on the app (a deploy interrupted
with Ctrl-C and left running) is cancelled and replaced by the rollback.

When it stalls (the old release's tasks keep failing, or nothing moves within
--progress-deadline) the app goes back to the version it started from and
yodel exits 3 with the reason. --timeout exits 4 and leaves it running.`,
		Example: `  $ yodel rollback web --realm prod
  $ yodel rollback web --realm prod --to v1.4.2 --yes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.Common.Bind(c, f, args, "roll back", &opts.Deps, &opts.Args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, true)
	cmd.Flags().StringVar(&opts.To, "to", "", "Release to go back to (default: the previous one)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 15*time.Minute, "Give up waiting after this long (exit 4)")
	cmd.Flags().DurationVar(&opts.ProgressDeadline, "progress-deadline", 5*time.Minute, "Go back when nothing moves for this long (0: never)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// Run rolls back with the engine (Session.PlanRollback, Rollback) after
// the prompt, and reports the result.
func Run(ctx context.Context, opts *Options) error {
	s, err := svcutil.OpenService(ctx, &opts.Common, opts.Deps, opts.Args, engine.OpRollback)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := s.Service
	plan, err := s.PlanRollback(ctx, engine.RollbackRequest{To: opts.To, Timeout: opts.Timeout,
		ProgressDeadline: opts.ProgressDeadline, Settle: opts.Settle, RealmArg: s.Realm.Arg()})
	if err != nil {
		return err
	}
	appID, cur := plan.App.ID, plan.From
	res := Result{Service: svc, AppID: appID, From: cur, To: plan.To, FromVersion: plan.App.Version, ToVersion: plan.Target.Version}
	toWhat := "version " + plan.Target.Version
	if plan.Recorded != nil {
		res.ToVersion = ""
		toWhat = fmt.Sprintf("its definition in history, deployed %s; Marathon no longer stores it", plan.Recorded.Started.UTC().Format(time.RFC3339))
	}
	if err := svcutil.Confirm(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, fmt.Sprintf("Roll %s back from %s to %s (%s%s)?", appID, cur, res.To, toWhat, plan.Replacing())); err != nil {
		return err
	}
	p, ending, err := s.Rollback(ctx, plan)
	res.Progress, res.Outcome = p, string(ending)
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, err, func(w io.Writer) {
		fmt.Fprintf(w, "Rolled %s back from %s to %s: %d/%d healthy\n", svc, cur, res.To, p.Healthy, p.Wanted)
	})
}
