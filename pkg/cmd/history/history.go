// Package history implements `yodel history`: a service's rollouts with
// time, who, outcome.
package history

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Limit  int
	Output cmdutil.OutputFormat
}

func NewCmdHistory(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "history <service> --realm <realm>",
		Short: "List a service's rollouts: when, who, release, outcome",
		Example: `  $ yodel history web --realm prod
  $ yodel history web --realm prod -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: svcutil.ReadRunE(f, &opts.Common, &opts.Deps, "history of", opts, runF, Run),
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 20, "Show at most this many records (0: all)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	svc, r, st, err := opts.Deps.ServiceStore(ctx, &opts.Common)
	if err != nil {
		return err
	}
	defer st.Close()
	recs, err := st.History(ctx, svc, opts.Limit)
	if err != nil {
		return fmt.Errorf("read history of %s: %w", svc, err)
	}
	if opts.Output.IsJSON() {
		if recs == nil {
			recs = []state.Record{}
		}
		return cmdutil.WriteJSON(opts.Deps.IO.Out, recs)
	}
	if len(recs) == 0 {
		// Off a terminal too, on stderr: stdout (what a script reads) stays
		// empty, as `yodel status` of an empty realm does.
		w := opts.Deps.IO.ErrOut
		if opts.Deps.IO.IsStdoutTTY() {
			w = opts.Deps.IO.Out
		}
		fmt.Fprintf(w, "No history for %s in realm %s%s\n", svc, r.Realm, unknownService(ctx, st, svc))
		return nil
	}
	return Render(opts.Deps.IO, recs, opts.Deps.Now())
}

// Render prints records as a table (TSV off a terminal, with its header:
// history is read in CI logs, where a bare "42s" names nothing). A change
// still in progress shows how long it has run at now, and its step.
func Render(ios *iostreams.IOStreams, recs []state.Record, now time.Time) error {
	t := ui.NewTable(ios, ios.Out, "STARTED", "RELEASE", "WHO", "WHAT", "OUTCOME", "DURATION", "MESSAGE")
	t.HeaderOffTerminal()
	st := ui.NewStyles(ios, ios.Out)
	for _, r := range recs {
		dur := ""
		if !r.Finished.IsZero() {
			dur = r.Finished.Sub(r.Started).Round(time.Second).String()
		} else if r.Outcome == state.OutcomeInProgress && now.After(r.Started) {
			dur = now.Sub(r.Started).Round(time.Second).String() + " so far"
		}
		outcome := r.Outcome
		if ios.IsStdoutTTY() {
			switch r.Outcome {
			case state.OutcomeSucceeded:
				outcome = st.OK.Render(outcome)
			case state.OutcomeRolledBack, state.OutcomeFailed, state.OutcomeAborted:
				outcome = st.Fail.Render(outcome)
			}
		}
		msg := r.Message()
		if n := len(r.Steps); msg == "" && r.Outcome == state.OutcomeInProgress && n > 0 {
			msg = "at " + r.Steps[n-1].Name
		}
		who := r.User
		if r.Host != "" {
			who += "@" + r.Host
		}
		t.Row(r.Started.UTC().Format(time.RFC3339), r.Release, who, r.Strategy, outcome, dur, msg)
	}
	return t.Render(ios.Out)
}

// unknownService says, when the realm's store has no routing state for
// svc either (a typo, another realm), which services it does know.
func unknownService(ctx context.Context, st state.Store, svc string) string {
	rts, err := st.ListRouting(ctx)
	if err != nil {
		return ""
	}
	var names []string
	for _, rt := range rts {
		if rt.Service == svc {
			return ""
		}
		names = append(names, rt.Service)
	}
	if len(names) == 0 {
		return ": no service was ever deployed there"
	}
	if len(names) > 10 {
		names = append(names[:10], "…")
	}
	return ": no service of that name was ever deployed there; it knows " + strings.Join(names, ", ")
}
