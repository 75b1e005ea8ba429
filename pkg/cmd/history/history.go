// Package history implements `yodel history`: a service's rollouts with
// time, who, outcome.
package history

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/view"
)

type Options struct {
	svcutil.Common
	Deps   svcutil.Deps
	Limit  int
	Output cmdutil.OutputFormat
	// Record names one record to show in full: its id, its release (the
	// newest record of it) or a prefix of either that names one.
	Record string
}

func NewCmdHistory(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "history [<service> [<release or record id>]] --realm <realm>",
		Short: "List a service's rollouts: when, who, release, outcome",
		Long: `List a service's rollouts, newest first: when, who, release, strategy,
outcome, how long, and why it ended. Without a service: the changes of
every service of the realm (a destroyed one's too), newest first, with
the service named.

Name a release or a record id (or the start of one) after the service to
see that rollout in full: the command that ran it, the definition it put
in place and what that changed from the release before it, each step with
when it began and how long it took, every canary check and its verdict,
and where the output of the task that failed it is. A release deployed
more than once shows its newest record.`,
		Example: `  $ yodel history web --realm prod
  $ yodel history web v3 --realm prod
  $ yodel history --realm prod -n 50
  $ yodel history web --realm prod -o json`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				opts.Record, args = args[1], args[:1]
			}
			if len(args) == 0 && opts.File == "" {
				return svcutil.RealmRunE(f, &opts.Common, &opts.Deps, "history of", nil, opts, runF, Run)(cmd, args)
			}
			return svcutil.ReadRunE(f, &opts.Common, &opts.Deps, "history of", opts, runF, Run)(cmd, args)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, false)
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 20, "Show at most this many records (0: all)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	if opts.Service == "" && opts.File == "" {
		return runRealm(ctx, opts)
	}
	svc, r, st, err := opts.Deps.ServiceStore(ctx, &opts.Common)
	if err != nil {
		return err
	}
	defer st.Close()
	limit := opts.Limit
	if opts.Record != "" {
		limit = 0 // the record named may be older than the list shows
	}
	recs, err := st.History(ctx, svc, limit)
	if err != nil {
		return fmt.Errorf("read history of %s: %w", svc, err)
	}
	if opts.Record != "" {
		if len(recs) == 0 {
			return cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("no history for %s in realm %s%s", svc, r.Arg(), unknownService(ctx, st, svc)), "")
		}
		rec, older, err := pick(recs, opts.Record, svc, r.Arg())
		if err != nil {
			return err
		}
		if opts.Output.IsJSON() {
			return cmdutil.WriteJSON(opts.Deps.IO.Out, rec)
		}
		return renderRecord(opts.Deps.IO, rec, view.Previous(recs, rec), older, r.Arg(), opts.Deps.Now())
	}
	if opts.Output.IsJSON() {
		if recs == nil {
			recs = []state.Record{}
		}
		return cmdutil.WriteJSON(opts.Deps.IO.Out, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintf(opts.Deps.IO.NothingOut(), "No history for %s in realm %s%s\n", svc, r.Realm, unknownService(ctx, st, svc))
		return nil
	}
	return Render(opts.Deps.IO, recs, opts.Deps.Now(), false)
}

// runRealm lists the newest changes of every service of the realm.
func runRealm(ctx context.Context, opts *Options) error {
	r, st, err := opts.Deps.RealmStore(ctx, opts.Realm)
	if err != nil {
		return err
	}
	defer st.Close()
	recs, err := state.RecentHistory(ctx, st, opts.Limit)
	if err != nil {
		return fmt.Errorf("realm %s: %w", r.Realm, err)
	}
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(opts.Deps.IO.Out, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintf(opts.Deps.IO.NothingOut(), "No history in realm %s: no change of any service is recorded there\n", r.Realm)
		return nil
	}
	return Render(opts.Deps.IO, recs, opts.Deps.Now(), true)
}

// Render prints records as a table (TSV off a terminal, with its header:
// history is read in CI logs, where a bare "42s" names nothing), with a
// SERVICE column when they are of several services. A change still in
// progress shows how long it has run at now, and its step.
func Render(ios *iostreams.IOStreams, recs []state.Record, now time.Time, services bool) error {
	headers := []string{"STARTED", "RELEASE", "WHO", "WHAT", "OUTCOME", "DURATION", "MESSAGE"}
	if services {
		headers = slices.Insert(headers, 1, "SERVICE")
	}
	recs = ui.Escaped(recs) // releases and messages may quote Marathon
	t := ui.NewTable(ios, ios.Out, headers...)
	t.HeaderOffTerminal()
	st := ui.NewStyles(ios, ios.Out)
	for _, r := range recs {
		dur := duration(r, now)
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
		row := []string{r.Started.UTC().Format(time.RFC3339), r.Release, who, r.Strategy, outcome, dur, msg}
		if services {
			row = slices.Insert(row, 1, r.Service)
		}
		t.Row(row...)
	}
	return t.Render(ios.Out)
}

// duration is how long r took; for one still in progress how long it
// has run at now. An interrupted record ran at least until the last time
// its process recorded anything, and how much longer nobody knows.
func duration(r state.Record, now time.Time) string {
	switch {
	case r.Interrupted():
		if d := r.Finished.Sub(r.Started).Round(time.Second); d > 0 {
			return "at least " + d.String()
		}
		return "unknown"
	case !r.Finished.IsZero():
		return r.Finished.Sub(r.Started).Round(time.Second).String()
	case r.Outcome == state.OutcomeInProgress && now.After(r.Started):
		return now.Sub(r.Started).Round(time.Second).String() + " so far"
	}
	return ""
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
