// Package scale implements `yodel scale`: change the stable app's instance
// count within the realm's limits and wait like deploy.
package scale

import (
	"context"
	"fmt"
	"io"
	"strconv"
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
	Instances        int
	Timeout          time.Duration
	ProgressDeadline time.Duration
	Output           cmdutil.OutputFormat
	// Settle is how long new tasks of an app without health checks must
	// stay up before the change counts as done (engine.Change.Settle).
	Settle time.Duration
}

// Result is the JSON of `scale -o json`.
type Result struct {
	Service  string            `json:"service"`
	AppID    string            `json:"appId"`
	From     int               `json:"from"`
	To       int               `json:"to"`
	Outcome  string            `json:"outcome"`
	Progress marathon.Progress `json:"progress"`
}

func NewCmdScale(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Settle: engine.DefaultSettle}
	cmd := &cobra.Command{
		Use:   "scale " + svcutil.ManifestArgUse + " <instances> --realm <realm>",
		Short: "Change a service's instance count and wait until it is reached",
		Long: `Scale the service's stable app to N instances, within the realm's
limits.maxInstances, and wait until N tasks are running and healthy (or, when
scaling down, the surplus tasks are gone). New tasks of an app without health
checks count once they have run 3s (deploy's --settle default): one that
crashes at once is a failure, not a success. A scale-down first drains the
tasks it removes on every lb agent (no new requests; running ones finish,
up to the app's kill grace period), then kills exactly those. When it stalls (new tasks keep
failing, or nothing moves within --progress-deadline) the app is scaled back
to its previous instance count and yodel exits 3 with the reason. --timeout
exits 4 and leaves the change running.

The manifest's instances are not changed: the next deploy sets them again.`,
		Example: `  $ yodel scale web 5 --realm qa
  $ yodel scale web 0 --realm qa --yes`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(c *cobra.Command, args []string) error {
			n := args[len(args)-1]
			i, err := strconv.Atoi(n)
			if err != nil || i < 0 {
				return cmdutil.FlagErrorf("instances must be a whole number >= 0, not %q", n)
			}
			opts.Instances = i
			if err := opts.Common.Bind(c, f, args[:len(args)-1], "scale", &opts.Deps, &opts.Args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, true)
	svcutil.AddWaitFlags(cmd, &opts.Timeout, &opts.ProgressDeadline, "the change", "Scale back")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// Run scales with the engine (Session.PlanScale, Scale) after the prompt,
// and reports the result.
func Run(ctx context.Context, opts *Options) error {
	s, err := svcutil.OpenService(ctx, &opts.Common, opts.Deps, opts.Args, engine.OpScale)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := s.Service
	plan, err := s.PlanScale(ctx, engine.ScaleRequest{Instances: opts.Instances, Timeout: opts.Timeout,
		ProgressDeadline: opts.ProgressDeadline, Settle: opts.Settle, RealmArg: s.Realm.Arg()})
	if err != nil {
		return err
	}
	res := Result{Service: svc, AppID: plan.App.ID, From: plan.From, To: plan.To}
	if err := svcutil.Confirm(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, fmt.Sprintf("Scale %s from %d to %d instances?", plan.App.ID, res.From, res.To)); err != nil {
		return err
	}
	p, ending, err := s.Scale(ctx, plan)
	res.Progress, res.Outcome = p, string(ending)
	svcutil.PrintWhyTasksFailed(ctx, opts.Deps.IO.ErrOut, s.Client, s.Realm, err)
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, err, func(w io.Writer) {
		fmt.Fprintf(w, "Scaled %s to %d instances (%d healthy)\n", svc, opts.Instances, p.Healthy)
	})
}
