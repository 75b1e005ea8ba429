// Package restart implements `yodel restart`: a new task for each task of
// the service's stable app, same release, without failing a request.
package restart

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
	Timeout          time.Duration
	ProgressDeadline time.Duration
	Output           cmdutil.OutputFormat
	// Settle is how long new tasks of an app without health checks must
	// stay up before the restart counts as done (engine.Change.Settle).
	Settle time.Duration
}

// Result is the JSON of `restart -o json`.
type Result struct {
	Service  string            `json:"service"`
	AppID    string            `json:"appId"`
	Release  string            `json:"release"`
	Outcome  string            `json:"outcome"`
	Progress marathon.Progress `json:"progress"`
}

func NewCmdRestart(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Settle: engine.DefaultSettle}
	cmd := &cobra.Command{
		Use:   "restart " + svcutil.ManifestArgUse + " --realm <realm>",
		Short: "Replace every task of a service with a new one, same release",
		Long: `Restart the service's stable app: Marathon starts a new task for each
running one, from the same definition and release, and kills the old ones
once the new ones are healthy (Marathon's restart, as for a deploy of a
changed definition). For a service the lb agents route, no old task is
killed while it still gets traffic: the same definition first starts
beside it under the other colour's app id and takes the traffic, the old
tasks are drained (running requests finish, up to the kill grace period),
and the traffic comes back to the new tasks at the end. History records it
as "restart".

When it stalls (the new tasks keep failing where the old ones ran, or
nothing moves within --progress-deadline) Marathon's deployment is rolled
back: the new tasks are killed, the old ones kept and routed again, and
yodel exits 3 with the reason. For a routed service, a definition that no
longer starts at all fails at the app started beside it, and the
service's own tasks are never touched. --timeout exits 4 and leaves the restart
running. A canary rollout in progress, or a Marathon deployment still
running on the app, is refused.

An app without health checks is warned about first: Marathon counts a new
task healthy as soon as it runs and kills an old one for it, so new tasks
that fail a moment later may already have cost old ones, which no rollback
brings back (exit 1, "did not finish").`,
		Example: `  $ yodel restart web --realm qa
  $ yodel restart web --realm prod --yes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.Common.Bind(c, f, args, "restart", &opts.Deps, &opts.Args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, true)
	svcutil.AddWaitFlags(cmd, &opts.Timeout, &opts.ProgressDeadline, "the restart", "Roll back")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// Run restarts with the engine (Session.PlanRestart, Restart) after the
// prompt, and reports the result.
func Run(ctx context.Context, opts *Options) error {
	s, err := svcutil.OpenService(ctx, &opts.Common, opts.Deps, opts.Args, engine.OpRestart)
	if err != nil {
		return err
	}
	defer s.Close()
	plan, err := s.PlanRestart(ctx, engine.RestartRequest{Timeout: opts.Timeout, ProgressDeadline: opts.ProgressDeadline,
		Settle: opts.Settle, RealmArg: s.Realm.Arg()})
	if err != nil {
		return err
	}
	res := Result{Service: s.Service, AppID: plan.App.ID, Release: plan.Release}
	n := plan.App.WantedInstances()
	if !plan.App.HasHealthChecks() {
		// Said before the prompt: Marathon's own rule, which the restart's
		// rollback cannot undo (a task it killed is gone).
		fmt.Fprintf(opts.Deps.IO.ErrOut, "warning: %s has no health checks: Marathon counts each new task healthy as soon as it runs and kills an old task for it, so if the new tasks then fail, old ones are already gone and the rollback cannot bring them back (give the manifest a health: section)\n", plan.App.ID)
	}
	if err := svcutil.Confirm(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, fmt.Sprintf("Restart the %d task(s) of %s (release %s)?", n, plan.App.ID, orDash(plan.Release))); err != nil {
		return err
	}
	p, ending, err := s.Restart(ctx, plan)
	res.Progress, res.Outcome = p, string(ending)
	svcutil.PrintWhyTasksFailed(ctx, opts.Deps.IO.ErrOut, s.Client, s.Realm, err)
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, err, func(w io.Writer) {
		fmt.Fprintf(w, "Restarted %s: %d new task(s) of release %s (%d healthy)\n", s.Service, n, orDash(plan.Release), p.Healthy)
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
