// Package rollback implements `yodel rollback`: put the previous (or a named)
// release back, from Marathon's stored app versions.
package rollback

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/shared"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
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
	// Window: the rollback was a weight flip inside the rollback window
	// (canary.keepPrevious); FlipApplied is how long until every lb agent
	// routed all traffic to the previous release.
	Window      bool             `json:"window,omitempty"`
	FlipApplied jsondur.Duration `json:"flipApplied,omitempty"`
	// LeftRemoved: the app an interrupted change had started beside the
	// stable one and never routed, removed; without --to the rollback
	// ends there (outcome "left-removed").
	LeftRemoved string `json:"leftRemoved,omitempty"`
}

func NewCmdRollback(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Settle: engine.DefaultSettle}
	cmd := &cobra.Command{
		Use:   "rollback " + svcutil.ManifestArgUse + " --realm <realm> [--to <release>]",
		Short: "Put the previous (or a named) release of a service back",
		Long: `Roll the service's stable app back to the previous release (the release that
served before the current one, as the service's history tells it), or to
--to RELEASE, and wait until it is healthy (an app without health checks: its
tasks have run 3s, deploy's --settle default). The release comes back from
the newest stored Marathon app version that carries it, with the app's
instances (a rollback changes the release, not the scale). A release Marathon
no longer stores (one that ran in the other colour's app, which a canary's
promote deleted with its versions) comes back from the definition its history
record kept: the app's next version, with the app's instances and its current
secrets (history never keeps secret values). Without history (a service
deployed by an older yodel), the previous release is the newest stored version
of another release that history does not say failed.
A Marathon deployment still in progress on the app (a deploy interrupted
with Ctrl-C and left running) is cancelled and replaced by the rollback.

When it stalls (the old release's tasks keep failing, or nothing moves within
--progress-deadline) the app goes back to the version it started from and
yodel exits 3 with the reason. --timeout exits 4 and leaves it running.

Inside a canary's rollback window (the manifest's canary.keepPrevious: the
previous release still runs at weight 0 after full), the rollback is a weight
flip instead: every lb agent sends all traffic to the previous release through
HAProxy's runtime API (no reload, no Marathon deployment), then the new
release is drained and removed. --to must then name the previous release.`,
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
	svcutil.AddWaitFlags(cmd, &opts.Timeout, &opts.ProgressDeadline, "", "Go back")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// Run rolls back with the engine (Session.PlanRollback, Rollback) after
// the prompt, and reports the result.
func Run(ctx context.Context, opts *Options) error {
	if flipped, err := runFlip(ctx, opts); flipped || err != nil {
		return err
	}
	s, err := svcutil.OpenService(ctx, &opts.Common, opts.Deps, opts.Args, engine.OpRollback)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := s.Service
	if s.LeftRemoved != "" && opts.To == "" {
		// The change to undo was the interrupted one, and it never
		// touched the stable app: removing what it left undid it.
		app, err := s.StableApp(ctx)
		if err != nil {
			return err
		}
		rel := app.Label(appdef.LabelRelease)
		res := Result{Service: svc, AppID: app.ID, From: rel, To: rel, FromVersion: app.Version, ToVersion: app.Version, Outcome: "left-removed",
			Progress: marathon.Progress{Wanted: app.WantedInstances(), Healthy: app.TasksHealthy}, LeftRemoved: s.LeftRemoved}
		return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, nil, func(w io.Writer) {
			fmt.Fprintf(w, "Rolled %s back: removed %s, which an interrupted change had started and never routed; %s keeps serving %s (to roll that back too: yodel rollback %s --realm %s)\n",
				svc, s.LeftRemoved, app.ID, rel, svc, s.Realm.Arg())
		})
	}
	plan, err := s.PlanRollback(ctx, engine.RollbackRequest{To: opts.To, Timeout: opts.Timeout,
		ProgressDeadline: opts.ProgressDeadline, Settle: opts.Settle, RealmArg: s.Realm.Arg()})
	if err != nil {
		return err
	}
	appID, cur := plan.App.ID, plan.From
	res := Result{Service: svc, AppID: appID, From: cur, To: plan.To, FromVersion: plan.App.Version, ToVersion: plan.Target.Version}
	if plan.Current {
		res.Outcome = "unchanged"
		res.Progress, _, _ = s.Rollback(ctx, plan)
		return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, nil, func(w io.Writer) {
			fmt.Fprintf(w, "%s already runs %s (%s): nothing to roll back; to replace its tasks: yodel restart %s --realm %s\n", svc, cur, appID, svc, s.Realm.Arg())
			if len(plan.Stuck) > 0 {
				fmt.Fprintf(w, "Marathon deployment %s of %s is still in progress; to go back to the release before it: yodel rollback %s --realm %s\n",
					strings.Join(plan.Stuck, ", "), cur, svc, s.Realm.Arg())
			}
		})
	}
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
	svcutil.PrintWhyTasksFailed(ctx, opts.Deps.IO.ErrOut, s.Client, s.Realm, err)
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, err, func(w io.Writer) {
		fmt.Fprintf(w, "Rolled %s back from %s to %s: %d/%d healthy\n", svc, cur, res.To, p.Healthy, p.Wanted)
	})
}

// flipApplyTimeout bounds the wait for the lb agents to apply the flip.
const flipApplyTimeout = 10 * time.Second

// runFlip is the rollback inside a rollback window (the engine's
// FlipBack, then the rollout driven on: Continue, or its live driver
// waited for). flipped is false when the service is not in its window:
// the rollback is a normal redeploy.
func runFlip(ctx context.Context, opts *Options) (flipped bool, err error) {
	svc, err := opts.ServiceName()
	if err != nil {
		return false, err
	}
	s, err := svcutil.Open(ctx, opts.Deps, opts.Realm, svc, opts.Args, false)
	if err != nil {
		return false, err
	}
	defer s.Close()
	r, err := s.WindowRollout(ctx)
	if err != nil || r == nil {
		return false, err
	}
	if opts.To != "" && opts.To != r.Stable.Release {
		return true, cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("%s is in its rollback window: only %s, the previous release, can come back at once (--to %s)", svc, orDash(r.Stable.Release), opts.To),
			fmt.Sprintf("roll back to %[1]s now, or end the window first (yodel canary promote %[2]s --realm %[3]s) and then roll back --to %[4]s", orDash(r.Stable.Release), svc, s.Realm.Arg(), opts.To))
	}
	res := Result{Service: svc, AppID: r.Stable.App, From: r.Canary.Release, To: r.Stable.Release, Window: true}
	if err := svcutil.Confirm(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, fmt.Sprintf("Roll %s back from %s to %s inside its rollback window (a weight flip to %s, then %s is removed)?",
		svc, res.From, orDash(res.To), r.Stable.App, r.Canary.App)); err != nil {
		return true, err
	}
	ios := opts.Deps.IO
	flip, err := s.FlipBack(ctx, s.Holder.User+"@"+s.Holder.Host, flipApplyTimeout)
	var closed *canary.WindowClosedError
	if errors.As(err, &closed) {
		// The window ended between the read and the write: a redeploy.
		return false, nil
	}
	if err != nil {
		return true, err
	}
	res.FlipApplied = jsondur.Duration(flip.Applied)
	switch {
	case flip.ApplyErr == nil:
		fmt.Fprintf(ios.ErrOut, "%s: %s serves all traffic: flip applied by every lb agent in %s (no Marathon deployment)\n", svc, orDash(res.To), flip.Applied.Round(time.Millisecond))
	case errors.Is(flip.ApplyErr, state.ErrNoAgents):
		fmt.Fprintf(ios.ErrOut, "%s: share flipped to %s (no lb agent is registered)\n", svc, orDash(res.To))
	default:
		fmt.Fprintf(ios.ErrOut, "warning: %v\n", flip.ApplyErr)
	}
	// The new release is drained and removed by the rollout's driver:
	// this process, or the live one (the realm's server) waited for.
	driven, end, err := shared.TakeOver(ctx, s, shared.DriveOptions{Quiet: true, ProgressDeadline: opts.ProgressDeadline, Settle: opts.Settle})
	if !driven && err == nil {
		end, err = s.WaitForDriver(ctx, opts.Timeout, 0)
	}
	var rb *canary.RolledBackError
	if errors.As(err, &rb) {
		end, err = rb.Rollout, nil
	}
	if end != nil {
		res.Outcome = end.Outcome
	}
	return true, svcutil.Report(ios.Out, opts.Output, res, cmdutil.RealmAsNamed(err, s.Realm.Realm, s.Realm.Arg()), func(w io.Writer) {
		fmt.Fprintf(w, "Rolled %s back from %s to %s inside its rollback window; %s was drained and removed\n", svc, res.From, orDash(res.To), r.Canary.App)
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
