// Package status implements `yodel canary status`.
package status

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/view"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Output cmdutil.OutputFormat
	Watch  bool
	// Every is the --watch refresh period.
	Every time.Duration
}

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Every: time.Second}
	cmd := &cobra.Command{
		Use:   "status " + svcutil.ManifestArgUse + " --realm <realm> [--watch]",
		Short: "Show a canary rollout: step, traffic split, per-track figures, checks, time left",
		Example: `  $ yodel canary status web --realm prod
  $ yodel canary status web --realm prod --watch
  $ yodel canary status web --realm prod -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: svcutil.ReadRunE(f, &opts.Common, &opts.Deps, "status of", opts, runF, Run),
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().BoolVarP(&opts.Watch, "watch", "w", false, "Follow the rollout until it ends (Ctrl-C stops watching, not the rollout)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	svc, rl, st, err := opts.Deps.ServiceStore(ctx, &opts.Common)
	if err != nil {
		return err
	}
	defer st.Close()
	ios := opts.Deps.IO
	now := opts.Deps.Now
	if now == nil {
		now = time.Now
	}
	_, r, err := canary.Load(ctx, st, svc)
	if err != nil {
		return err
	}
	if r == nil {
		return &canary.NoRolloutError{Service: svc}
	}
	if !opts.Watch {
		v := newView(opts, rl, r, now())
		if opts.Output.IsJSON() {
			return cmdutil.WriteJSON(ios.Out, v)
		}
		if !v.InProgress {
			fmt.Fprintf(ios.Out, "no canary rollout in progress; the last one:\n")
		}
		if _, err := io.WriteString(ios.Out, ui.CanaryStatus(ui.NewStyles(ios, ios.Out), v)); err != nil {
			return err
		}
		failedOutput(ctx, opts, r)
		return nil
	}
	return watch(ctx, opts, rl, st, svc, r, now)
}

// watch follows the record: a block redrawn in place on a terminal, a
// line per change off one (or with TERM=dumb), one JSON object per change
// with -o json.
func watch(ctx context.Context, opts *Options, rl *realm.Realm, st state.Store, svc string, r *canary.Rollout, now func() time.Time) error {
	ios := opts.Deps.IO
	sty := ui.NewStyles(ios, ios.Out)
	screen := live.New(ios.Out, live.For(ios, ios.CanMoveCursor() && !opts.Output.IsJSON(), false))
	stop := make(chan struct{})
	defer close(stop)
	if screen.Mode() == live.Inline {
		live.OnResize(stop, func() { _ = screen.Redraw() })
	}
	lastKey := ""
	for {
		v := newView(opts, rl, r, now())
		key := fmt.Sprintf("%s|%d|%v|%s|%d", v.Current, len(v.Checks), v.Paused, v.Gate, v.Judgements)
		switch {
		case opts.Output.IsJSON():
			if key != lastKey {
				if err := cmdutil.WriteJSON(ios.Out, v); err != nil {
					return err
				}
			}
		case screen.Mode() == live.Inline:
			_ = screen.Draw(ui.CanaryStatus(sty, v))
		case key != lastKey:
			fmt.Fprintf(ios.Out, "%s  %s\n", v.Now.UTC().Format(time.RFC3339), summary(v))
		}
		lastKey = key
		if !v.InProgress {
			if !opts.Output.IsJSON() {
				failedOutput(ctx, opts, r)
			}
			return nil
		}
		t := time.NewTimer(opts.Every)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil // stop watching; the rollout goes on
		case <-t.C:
		}
		_, nr, err := canary.Load(ctx, st, svc)
		if err != nil {
			return err
		}
		if nr == nil {
			return &canary.NoRolloutError{Service: svc}
		}
		r = nr
	}
}

// failedOutput prints, after a rollout rolled back because its canary's
// tasks died, what the last failed one wrote: a detached rollout's deploy
// printed nothing, and this is where its owner looks.
func failedOutput(ctx context.Context, opts *Options, r *canary.Rollout) {
	if r.Active() || r.FailedTask == nil || r.Outcome != state.OutcomeRolledBack {
		return
	}
	rl, mc, err := opts.Deps.RealmMarathon(opts.Realm)
	if err != nil {
		return
	}
	svcutil.PrintFailedTaskOutput(ctx, opts.Deps.IO.Out, mc, rl, r.Service, r.FailedTask)
}

// newView is r's view at now, with the realm's server when it has one: it
// adopts a rollout whose driver is gone.
func newView(opts *Options, rl *realm.Realm, r *canary.Rollout, now time.Time) view.Canary {
	v := view.NewCanary(asNamed(opts, rl, r), now)
	if rl != nil && rl.Server.URL != "" {
		v.Adopter = &view.Adopter{URL: rl.Server.URL, AdoptAfter: jsondur.Duration(rl.Server.AdoptAfter.D())}
	}
	return v
}

// asNamed is r as the text shows it: the commands it prints (resume,
// abort) address the realm rl as the user did (rl.Arg: its file when it
// was given as one or found through --realms), not by the name the record
// keeps, which for a sandbox started with --dir is `local`, the default
// sandbox's. -o json keeps the record as it is.
func asNamed(opts *Options, rl *realm.Realm, r *canary.Rollout) *canary.Rollout {
	if opts.Output.IsJSON() || rl == nil || r.Realm == rl.Arg() {
		return r
	}
	c := *r
	c.Realm = rl.Arg()
	return &c
}

// summary is the one-line state for logs.
func summary(v view.Canary) string {
	s := fmt.Sprintf("%s %s step %s share %g%%", v.Service, v.Canary.Release, v.Current, v.Weight)
	if v.Step == canary.StepPartial {
		s += fmt.Sprintf(" (%s left)", v.Remaining.D().Round(time.Second))
	}
	if v.Paused {
		s += " paused"
	}
	if v.Gate != "" {
		s += " waiting at gate " + v.Gate
	}
	if n := len(v.Checks); n > 0 {
		c := v.Checks[n-1]
		s += "; last check " + c.Step + " " + c.Name + " " + c.Verdict
	}
	if v.Reason != "" {
		s += "; " + v.Reason
	}
	return s
}
