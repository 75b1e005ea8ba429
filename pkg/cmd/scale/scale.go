// Package scale implements `yodel scale`: change the stable app's instance
// count within the realm's limits and wait like deploy.
package scale

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

type Options struct {
	svcutil.Common
	Deps             svcutil.Deps
	Args             []string
	Instances        int
	Timeout          time.Duration
	ProgressDeadline time.Duration
	Output           cmdutil.OutputFormat
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
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "scale <service> <instances> --realm <realm>",
		Short: "Change a service's instance count and wait until it is reached",
		Long: `Scale the service's stable app to N instances, within the realm's
limits.maxInstances, and wait until N tasks are running and healthy (or, when
scaling down, the surplus tasks are gone). A stall exits 1 with the reason,
--timeout exits 4 and leaves the change running.

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
			if err := opts.Common.Args(args[:len(args)-1], "scale"); err != nil {
				return err
			}
			opts.Deps = svcutil.DepsFrom(f)
			opts.Args = append([]string{"scale"}, os.Args[min(len(os.Args), 2):]...)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, true)
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 15*time.Minute, "Give up waiting after this long (the change is left running; exit 4)")
	cmd.Flags().DurationVar(&opts.ProgressDeadline, "progress-deadline", 5*time.Minute, "Fail when nothing moves for this long (0: never)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	svc, err := opts.ServiceName()
	if err != nil {
		return err
	}
	s, err := svcutil.Open(ctx, opts.Deps, opts.Realm, svc, opts.Args, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if limit := s.Realm.Limits.MaxInstances; limit > 0 && opts.Instances > limit {
		return cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("%d instances is over realm %s's limit of %d (limits.maxInstances in %s)", opts.Instances, s.Realm.Realm, limit, s.Realm.File), "")
	}
	appID, _, _, err := svcutil.StableApp(ctx, s.Store, svc)
	if err != nil {
		return err
	}
	app, err := s.MC.App(ctx, appID)
	if marathon.IsNotFound(err) {
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("%s has no app %s in realm %s", svc, appID, s.Realm.Realm),
			fmt.Sprintf("deploy it first: yodel deploy %s --realm %s", svc, opts.Realm))
	}
	if err != nil {
		return err
	}
	res := Result{Service: svc, AppID: appID, From: app.WantedInstances(), To: opts.Instances}
	if err := svcutil.Confirm(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, fmt.Sprintf("Scale %s from %d to %d instances?", appID, res.From, res.To)); err != nil {
		return err
	}
	release := svcutil.Release(app)
	s.Begin(ctx, release, fmt.Sprintf("scale %d->%d", res.From, res.To))
	view := s.View("scale", "", release)
	defer view.Close()
	since := opts.Deps.Now()
	view.Step(fmt.Sprintf("scaling %s from %d to %d", appID, res.From, res.To))
	ref, err := s.MC.ScaleApp(ctx, appID, opts.Instances, false)
	if err != nil {
		s.End(state.OutcomeFailed, err.Error())
		return err
	}
	spec := marathon.WaitSpec{AppID: appID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: opts.Instances,
		ProgressDeadline: opts.ProgressDeadline, Since: since}
	out, ending, werr := svcutil.Wait(ctx, s.MC, spec, opts.Timeout, view, s.Lost())
	view.Close()
	res.Progress, res.Outcome = out.Progress, string(ending)
	err = s.Settle(fmt.Sprintf("scaling %s to %d", svc, opts.Instances), out.Progress, ending, werr, opts.Realm)
	if opts.Output.IsJSON() {
		if werr := cmdutil.WriteJSON(opts.Deps.IO.Out, res); werr != nil && err == nil {
			err = werr
		}
	} else if err == nil {
		fmt.Fprintf(opts.Deps.IO.Out, "Scaled %s to %d instances (%d healthy)\n", svc, opts.Instances, out.Progress.Healthy)
	}
	return err
}
