// Package control implements `yodel canary promote|abort|pause|resume`:
// flags, messages and rendering. The rules are the engine's (pkg/deploy,
// control.go): each control writes the rollout record (Session.Control);
// promote, abort and resume then take over driving the rollout when its
// deploying process is gone (Session.Continue, presented by
// pkg/cmd/canary/shared), and an abort waits for a live driver to roll
// back (Session.WaitForDriver) or finishes a rollout past the point of no
// return (Session.FinishInstead).
package control

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/shared"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Verbs.
const (
	VerbPromote = "promote"
	VerbAbort   = "abort"
	VerbPause   = "pause"
	VerbResume  = "resume"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Verb   string
	Full   bool // promote --full
	Output cmdutil.OutputFormat
	JUnit  string
	// Detach: only write the record; never take over driving.
	Detach bool
	// Timeout bounds abort's wait for a live driver to finish the rollback.
	Timeout time.Duration
	// ApplyTimeout bounds abort's wait for the lb agents to apply share 0.
	ApplyTimeout time.Duration
	Args         []string
	drive        shared.DriveOptions
}

func newCmd(f *cmdutil.Factory, runF func(*Options) error, verb, use, short, long, example string) (*cobra.Command, *Options) {
	opts := &Options{Verb: verb, Timeout: 5 * time.Minute, ApplyTimeout: 10 * time.Second}
	cmd := &cobra.Command{
		Use: use, Short: short, Long: long, Example: example,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.Common.Args(args, verb); err != nil {
				return err
			}
			opts.Deps = svcutil.DepsFrom(f)
			opts.Args = svcutil.CommandArgs(c, args)
			opts.drive.Output, opts.drive.JUnit = opts.Output, opts.JUnit
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	// Scripts pass --yes to every command that changes a realm; these
	// never ask (abort is the way back, the others are what the operator
	// typed), so the flags are accepted and change nothing.
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "Accepted for scripts; "+verb+" never asks for confirmation")
	cmd.Flags().BoolVar(&opts.NonInteractive, "non-interactive", false, "Accepted for scripts; "+verb+" never prompts")
	if verb != VerbPause {
		cmd.Flags().BoolVar(&opts.Detach, "detach", false, "Only record the request; do not drive the rollout from this process")
		cmd.Flags().StringVar(&opts.JUnit, "junit", "", "Write the rollout's steps and checks to this JUnit XML file")
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd, opts
}

func NewCmdPromote(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd, opts := newCmd(f, runF, VerbPromote, "promote "+svcutil.ManifestArgUse+" --realm <realm> [--full]",
		"Pass a manual gate, or end the current partial step early",
		`Pass the manual gate the rollout waits at, or end the current partial step
now (its final judgement still runs: a failing canary still rolls back).
With --full, skip the remaining partial steps too and go to full.

A canary that has not had partial.minRequests yet cannot be judged on its
error rates: its final judgement waits for them as when the step's time
runs out (an interval at a time, up to partial.maxExtension), then
onInconclusive decides. Promote says so when it is the case.

When the deploying process is gone, promote continues the rollout from here
(unless --detach).`,
		"  $ yodel canary promote web --realm prod\n  $ yodel canary promote web --realm prod --full")
	cmd.Flags().BoolVar(&opts.Full, "full", false, "Skip the remaining partial time and steps")
	return cmd
}

func NewCmdAbort(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd, opts := newCmd(f, runF, VerbAbort, "abort "+svcutil.ManifestArgUse+" --realm <realm>",
		"Roll the canary back: share 0 now, then remove the canary app",
		`Set the canary's share of traffic to 0 at once (the lb agents apply it through
HAProxy's runtime API, without a reload), wait until every live agent has, then
remove the canary app. The stable release was never scaled down: nothing else
to undo. From cleanup on the old release is being removed, so abort is refused.

Exit 0 when the rollout ended aborted.`,
		"  $ yodel canary abort web --realm prod")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", opts.Timeout, "How long to wait for the rollback to finish")
	return cmd
}

func NewCmdPause(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd, _ := newCmd(f, runF, VerbPause, "pause "+svcutil.ManifestArgUse+" --realm <realm>",
		"Hold the rollout at its step (checks go on; a failed check still rolls back)",
		`Stop the rollout's progress: it stays at its step and share, the partial step's
clock stops, and judgements go on (a failing canary still rolls back).`,
		"  $ yodel canary pause web --realm prod")
	return cmd
}

func NewCmdResume(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	cmd, _ := newCmd(f, runF, VerbResume, "resume "+svcutil.ManifestArgUse+" --realm <realm>",
		"Continue a paused rollout, or one whose deploying process died",
		`Clear a pause, and when no process drives the rollout (the deploying CLI was
killed or stopped), continue it from its recorded step until it ends.`,
		"  $ yodel canary resume web --realm prod\n  $ yodel canary resume web --realm prod --junit canary.xml")
	return cmd
}

// Run runs the control with the engine's rules (pkg/deploy: Control,
// Continue, FinishInstead, WaitForDriver) and renders what they did.
func Run(ctx context.Context, opts *Options) error {
	svc, err := opts.ServiceName()
	if err != nil {
		return err
	}
	s, err := svcutil.Open(ctx, opts.Deps, opts.Realm, svc, opts.Args, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ios := opts.Deps.IO
	cmdutil.KeepRunningOnClosedOutput()
	res, err := s.Control(ctx, engine.ControlRequest{Op: ops[opts.Verb], Full: opts.Full, By: s.Holder.User + "@" + s.Holder.Host,
		DriveOn: !opts.Detach, ApplyTimeout: opts.ApplyTimeout})
	var past *canary.PastRollbackError
	if errors.As(err, &past) && !opts.Detach {
		fmt.Fprintf(ios.ErrOut, "%s: cannot abort: %v; finishing the rollout instead\n", svc, past)
		_, err := shared.Drive(ctx, s, opts.drive, func(ctx context.Context, req engine.DriveRequest) (*canary.Rollout, error) {
			return s.FinishInstead(ctx, past, req)
		})
		return err
	}
	var changed *engine.StableChangedError
	if err != nil && opts.Verb == VerbPromote && !errors.As(err, &changed) {
		return cmdutil.WithExit(cmdutil.ExitFailure, err, "see the rollout: yodel canary status "+svc+" --realm "+s.Realm.Arg())
	}
	if err != nil {
		return err
	}
	r := res.Rollout
	switch opts.Verb {
	case VerbPause:
		if opts.Output.IsJSON() {
			// The rollout record, as every other canary verb prints it.
			return cmdutil.WriteJSON(ios.Out, r)
		}
		if !res.Changed {
			fmt.Fprintf(ios.Out, "%s: the rollout was already paused at %s\n", svc, r.StepName())
			return nil
		}
		fmt.Fprintf(ios.Out, "%s: paused at %s (share %g%%); judgements go on. Continue with: yodel canary resume %s --realm %s\n", svc, r.StepName(), r.Weight, svc, s.Realm.Arg())
		return nil
	case VerbResume:
		if res.Changed {
			fmt.Fprintf(ios.ErrOut, "%s: resumed at %s\n", svc, r.StepName())
		}
	case VerbPromote:
		fmt.Fprintf(ios.ErrOut, "%s: %s\n", svc, res.Promoted)
	case VerbAbort:
		switch {
		case res.ApplyErr == nil:
			fmt.Fprintf(ios.ErrOut, "%s: canary share 0 applied by every lb agent in %s\n", svc, res.Applied.Round(time.Millisecond))
		case errors.Is(res.ApplyErr, state.ErrNoAgents):
			fmt.Fprintf(ios.ErrOut, "%s: canary share set to 0 (no lb agent is registered)\n", svc)
		default:
			fmt.Fprintf(ios.ErrOut, "warning: %v\n", res.ApplyErr)
		}
	}
	if opts.Detach {
		return nil
	}
	driven, _, err := shared.TakeOver(ctx, s, opts.drive)
	if !driven && err == nil {
		return waitForDriver(ctx, opts, s, res.Rollout)
	}
	if opts.Verb == VerbAbort {
		var rb *canary.RolledBackError
		if errors.As(err, &rb) && rb.Rollout.Step == canary.StepAborted {
			fmt.Fprintf(ios.Out, "%s: aborted; %s\n", svc, serving(ctx, s, rb.Rollout))
			return nil
		}
	}
	return err
}

// ops are the engine's operations of the verbs.
var ops = map[string]engine.Op{VerbPromote: engine.OpPromote, VerbAbort: engine.OpAbort, VerbPause: engine.OpPause, VerbResume: engine.OpResume}

// serving says what serves after the rollout ended, as Marathon has it
// (the record remembers the stable app as it was when the rollout began).
func serving(ctx context.Context, s *svcutil.Session, r *canary.Rollout) string {
	sv, err := engine.NowServing(ctx, s.MC, r)
	switch {
	case err != nil:
		return fmt.Sprintf("what serves now could not be read (%v)", err)
	case !sv.Found:
		return fmt.Sprintf("nothing serves: %s is gone", sv.App)
	case sv.Instances == 0:
		return fmt.Sprintf("nothing serves: %s (release %s) has 0 instances", sv.App, orDash(sv.Release))
	}
	unit := "instances"
	if sv.Instances == 1 {
		unit = "instance"
	}
	return fmt.Sprintf("%s keeps serving (%s, %d %s)", orDash(sv.Release), sv.App, sv.Instances, unit)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// waitForDriver: another live process drives the rollout. Abort waits for
// it to finish the rollback; the others return at once.
func waitForDriver(ctx context.Context, opts *Options, s *svcutil.Session, cur *canary.Rollout) error {
	ios := opts.Deps.IO
	svc := s.Service
	driver := driverName(cur)
	if opts.Verb != VerbAbort {
		fmt.Fprintf(ios.ErrOut, "%s: %s carries on (it holds the lock); follow it with: yodel canary status %s --realm %s --watch\n", svc, driver, svc, s.Realm.Arg())
		return nil
	}
	r, err := s.WaitForDriver(ctx, opts.Timeout, 0)
	if err != nil {
		return cmdutil.RealmAsNamed(err, s.Realm.Realm, s.Realm.Arg())
	}
	if r != nil && opts.Output.IsJSON() {
		return cmdutil.WriteJSON(ios.Out, r)
	}
	fmt.Fprintf(ios.Out, "%s: aborted; the canary app was removed by %s\n", svc, driver)
	return nil
}

// driverName names the live process that drives r: the realm's server or
// a deploying CLI, as its record has it.
func driverName(r *canary.Rollout) string {
	if r == nil || r.Driver == nil || r.Driver.Command == "" {
		return "the process driving the rollout"
	}
	d := r.Driver
	if strings.HasPrefix(d.Command, "yodel server") {
		return fmt.Sprintf("the realm's server (%s@%s, pid %d)", d.User, d.Host, d.Pid)
	}
	return fmt.Sprintf("the deploying process (%s@%s, pid %d, %q)", d.User, d.Host, d.Pid, d.Command)
}
