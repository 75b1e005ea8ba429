// Package status implements `yodel canary status`.
package status

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/shared"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
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
		Use:   "status <service> --realm <realm> [--watch]",
		Short: "Show a canary rollout: step, traffic split, per-track figures, checks, time left",
		Example: `  $ yodel canary status web --realm prod
  $ yodel canary status web --realm prod --watch
  $ yodel canary status web --realm prod -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.Common.Args(args, "status of"); err != nil {
				return err
			}
			opts.Deps = svcutil.DepsFrom(f)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().BoolVarP(&opts.Watch, "watch", "w", false, "Follow the rollout until it ends (Ctrl-C stops watching, not the rollout)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	svc, err := opts.ServiceName()
	if err != nil {
		return err
	}
	rl, err := opts.Deps.Realm(opts.Realm)
	if err != nil {
		return err
	}
	st, err := opts.Deps.Store(ctx, rl)
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
		if opts.Output.IsJSON() {
			return cmdutil.WriteJSON(ios.Out, r)
		}
		if !r.Active() {
			fmt.Fprintf(ios.Out, "no canary rollout in progress; the last one:\n")
		}
		shared.Status(ios.Out, ui.NewStyles(ios, ios.Out), r, now())
		return nil
	}
	return watch(ctx, opts, st, svc, r, now)
}

// watch follows the record: a redrawn block on a terminal, a line per
// change off one, one JSON object per change with -o json.
func watch(ctx context.Context, opts *Options, st state.Store, svc string, r *canary.Rollout, now func() time.Time) error {
	ios := opts.Deps.IO
	tty := ios.IsStdoutTTY() && !opts.Output.IsJSON()
	sty := ui.NewStyles(ios, ios.Out)
	lines := 0
	lastKey := ""
	for {
		key := fmt.Sprintf("%s|%d|%v|%s|%d", r.StepName(), len(r.Checks), r.Paused, r.Gate, r.Judgements)
		switch {
		case opts.Output.IsJSON():
			if key != lastKey {
				if err := cmdutil.WriteJSON(ios.Out, r); err != nil {
					return err
				}
			}
		case tty:
			var b strings.Builder
			shared.Status(&b, sty, r, now())
			if lines > 0 {
				fmt.Fprintf(ios.Out, "\x1b[%dA\x1b[J", lines)
			}
			fmt.Fprint(ios.Out, b.String())
			lines = strings.Count(b.String(), "\n")
		case key != lastKey:
			fmt.Fprintf(ios.Out, "%s  %s\n", now().UTC().Format(time.RFC3339), summary(r, now()))
		}
		lastKey = key
		if !r.Active() {
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

// summary is the one-line state for logs.
func summary(r *canary.Rollout, now time.Time) string {
	s := fmt.Sprintf("%s %s step %s share %g%%", r.Service, r.Canary.Release, r.StepName(), r.Weight)
	if r.Step == canary.StepPartial {
		s += fmt.Sprintf(" (%s left)", r.Remaining(now).Round(time.Second))
	}
	if r.Paused {
		s += " paused"
	}
	if r.Gate != "" {
		s += " waiting at gate " + r.Gate
	}
	if n := len(r.Checks); n > 0 {
		c := r.Checks[n-1]
		s += "; last check " + c.Step + " " + c.Name + " " + c.Verdict
	}
	if r.Reason != "" {
		s += "; " + r.Reason
	}
	return s
}
