// Package rollback implements `yodel rollback`: put the previous (or a named)
// release back, from Marathon's stored app versions, or from the definition
// history kept when Marathon no longer stores it.
package rollback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// maxLookups bounds how many stored versions are read looking for a release:
// every scale also makes a version.
const maxLookups = 100

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

func Run(ctx context.Context, opts *Options) error {
	s, err := svcutil.OpenService(ctx, &opts.Common, opts.Deps, opts.Args, engine.OpRollback)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := s.Service
	app, err := s.StableApp(ctx)
	if err != nil {
		return err
	}
	appID := app.ID
	cur := app.Label(appdef.LabelRelease)
	recs, _ := s.Store.History(ctx, svc, 0)
	target, err := FindVersion(ctx, s.MC, appID, cur, opts.To, goodReleases(recs))
	// Not among the app's versions: a release of the other colour's app,
	// deleted by a canary's promote, comes back from the definition its
	// history record kept, as the app's next version.
	var rec *state.Record
	if errors.Is(err, errNotStored) {
		if rec = fromHistory(recs, cur, opts.To); rec == nil {
			return cmdutil.WithExit(cmdutil.ExitCode(err), err, fmt.Sprintf("see the releases deployed: yodel history %s --realm %s", svc, opts.Realm))
		}
		if target, err = recordedTarget(rec, app, svc, opts.Realm); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	res := Result{Service: svc, AppID: appID, From: cur, To: target.Label(appdef.LabelRelease), FromVersion: app.Version, ToVersion: target.Version}
	toWhat := "version " + target.Version
	apply := func(ctx context.Context, force bool) (marathon.DeploymentRef, error) {
		return s.MC.RollbackApp(ctx, appID, target.Version, force)
	}
	var recordApp json.RawMessage
	if rec != nil {
		res.ToVersion = ""
		toWhat = fmt.Sprintf("its definition in history, deployed %s; Marathon no longer stores it", rec.Started.UTC().Format(time.RFC3339))
		apply = func(ctx context.Context, force bool) (marathon.DeploymentRef, error) {
			return s.MC.UpdateApp(ctx, target, force)
		}
		recordApp = rec.App
	}
	// A Marathon deployment still on the app (a deploy interrupted with
	// Ctrl-C and left running, or stuck) is what the user rolls back from:
	// yodel holds the service's lock, so no yodel command drives it, and the
	// rollback replaces it (force) instead of exiting 5 on Marathon's lock.
	stuck := strings.Join(app.DeploymentIDs(), ", ")
	replacing := ""
	if stuck != "" {
		replacing = fmt.Sprintf(", cancelling Marathon deployment %s still in progress", stuck)
	}
	if err := svcutil.Confirm(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, fmt.Sprintf("Roll %s back from %s to %s (%s%s)?", appID, cur, res.To, toWhat, replacing)); err != nil {
		return err
	}
	// Routed: the old release starts beside the current one and takes the
	// traffic before Marathon replaces the drained tasks (drain.Surge).
	var surge *marathon.App
	if drain.Routed(ctx, s.Store, svc, appID) {
		surge = target
	}
	// Both waits (to target, and back to app if it stalls) settle when
	// either definition lacks health checks.
	settle := opts.Settle
	if target.HasHealthChecks() && app.HasHealthChecks() {
		settle = 0
	}
	p, ending, err := s.Run(ctx, engine.Change{
		AppID: appID, What: fmt.Sprintf("the rollback of %s to %s", svc, res.To),
		Action: "rollback", OldRelease: cur, NewRelease: res.To, Step: fmt.Sprintf("rolling %s back to %s%s", appID, res.To, replacing),
		Release: res.To, Strategy: "rollback", RecordApp: recordApp,
		Apply: func(ctx context.Context) (marathon.DeploymentRef, error) {
			return apply(ctx, stuck != "")
		},
		WantInstances: -1,
		// Back to the version this command started from; force: the
		// stalled rollback still holds the app.
		Undo: func(ctx context.Context) (marathon.DeploymentRef, error) {
			return s.MC.RollbackApp(ctx, appID, app.Version, true)
		},
		UndoWant: -1, UndoWhat: "release " + orDash(cur) + " (version " + app.Version + ")",
		Timeout: opts.Timeout, ProgressDeadline: opts.ProgressDeadline, Settle: settle, RealmArg: opts.Realm,
		Surge: surge,
	})
	res.Progress, res.Outcome = p, string(ending)
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, err, func(w io.Writer) {
		fmt.Fprintf(w, "Rolled %s back from %s to %s: %d/%d healthy\n", svc, cur, res.To, p.Healthy, p.Wanted)
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// goodReleases are the releases history says were deployed successfully;
// nil when history has nothing to say (then any release will do).
func goodReleases(recs []state.Record) map[string]bool {
	if len(recs) == 0 {
		return nil
	}
	good := map[string]bool{}
	for _, r := range recs {
		if r.Outcome == state.OutcomeSucceeded && r.Release != "" {
			good[r.Release] = true
		}
	}
	return good
}

// FindVersion returns the stored app version to roll back to: the newest
// whose release is to, or, when to is empty, the newest whose release
// differs from current and, when good is not nil, is one of them (Marathon
// also stores the versions of deploys that failed and were rolled back).
func FindVersion(ctx context.Context, mc engine.VersionReader, appID, current, to string, good map[string]bool) (*marathon.App, error) {
	versions, err := mc.AppVersions(ctx, appID)
	if err != nil {
		return nil, err
	}
	seen := []string{}
	for i, v := range versions {
		if i == 0 || i > maxLookups {
			continue // the current version; then the lookup cap
		}
		a, err := mc.AppVersion(ctx, appID, v)
		if err != nil {
			return nil, err
		}
		rel := a.Label(appdef.LabelRelease)
		if (to == "" && rel != current && rel != "" && (good == nil || good[rel])) || (to != "" && rel == to) {
			return a, nil
		}
		if rel != "" && (len(seen) == 0 || seen[len(seen)-1] != rel) {
			seen = append(seen, rel)
		}
	}
	if to != "" {
		return nil, cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("release %s is not among %s's stored versions (releases found: %v) nor in its history with a definition%w", to, appID, seen, errNotStored), "")
	}
	return nil, cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("no earlier release of %s than %s is stored in Marathon, nor in history with a definition%w", appID, current, errNotStored), "")
}

// errNotStored ends FindVersion's errors when Marathon does not store the
// release (its text is empty: the message says it).
var errNotStored = errors.New("")
