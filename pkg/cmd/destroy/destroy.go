// Package destroy implements `yodel destroy`: remove every app of a service
// and its routing state.
package destroy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/state"
)

type Options struct {
	svcutil.Common
	Deps    svcutil.Deps
	Args    []string
	Timeout time.Duration
	// Force deletes the apps even while Marathon deploys them: the delete
	// cancels those deployments.
	Force  bool
	Output cmdutil.OutputFormat
}

// Result is the JSON of `destroy -o json`.
type Result struct {
	Service        string   `json:"service"`
	Apps           []string `json:"apps"`
	RoutingRemoved bool     `json:"routingRemoved"`
	Outcome        string   `json:"outcome"`
}

func NewCmdDestroy(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "destroy " + svcutil.ManifestArgUse + " --realm <realm> [--yes] [--force]",
		Short: "Remove a service from a realm: its apps, tasks and routing",
		Long: `Destroy every Marathon app of the service (stable and canary), wait until
their tasks are gone, and remove the service's routing state so the load
balancers stop routing it. A routed service's tasks are drained first: the
requests they serve finish (up to the app's kill grace period), new ones
get HAProxy's 503. History is kept.

A Marathon deployment of one of its apps that no yodel process drives (a
deploy that timed out or was stopped) refuses the destroy before anything
is drained (exit 5): Marathon refuses to delete an app it deploys. --force
destroys it anyway: the delete cancels that deployment.

On a terminal you type the service name to confirm; --yes skips that. Off a
terminal --yes (or --non-interactive, or CI=true) is required.`,
		Example: `  $ yodel destroy web --realm qa
  $ yodel destroy web --realm qa --yes
  $ yodel destroy web --realm qa --force    # over a deployment nothing drives`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.Common.Bind(c, f, args, "destroy", &opts.Deps, &opts.Args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	svcutil.AddFlags(cmd, &opts.Common, true)
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 5*time.Minute, "Give up waiting for tasks to stop after this long (exit 4)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "Destroy even while Marathon deploys the service's apps: the delete cancels that deployment")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	s, err := svcutil.OpenService(ctx, &opts.Common, opts.Deps, opts.Args, engine.OpDestroy)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := s.Service
	plan, err := s.PlanDestroy(ctx)
	if err != nil {
		return err
	}
	plan.Force = opts.Force
	// Refused before the prompt: nothing it asks about would happen.
	if err := plan.Busy(svc, s.Realm.Arg()); err != nil {
		var busy *engine.BusyError
		if errors.As(err, &busy) {
			busy.Again = again(opts, svc, s.Realm.Arg())
		}
		return err
	}
	prompt := fmt.Sprintf("This destroys %s in realm %s: apps %v and their tasks, and its routing.", svc, s.Realm.Realm, plan.Apps)
	if err := svcutil.ConfirmName(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, prompt, svc); err != nil {
		return err
	}
	res := Result{Service: svc, Apps: plan.Apps}
	res.RoutingRemoved, err = s.Destroy(ctx, plan, opts.Timeout, s.Realm.Arg())
	var busy *engine.BusyError
	if errors.As(err, &busy) {
		busy.Again = again(opts, svc, s.Realm.Arg())
	}
	if err != nil {
		return err
	}
	res.Outcome = state.OutcomeSucceeded
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, nil, func(w io.Writer) {
		fmt.Fprintf(w, "Destroyed %s in %s (%d app(s))\n", svc, s.Realm.Realm, len(plan.Apps))
	})
}

// again is the destroy with --force, as the user ran it (the realm as
// named, --yes kept: off a terminal it is required).
func again(opts *Options, svc, realmArg string) string {
	c := "yodel destroy " + svc + " --realm " + cmdutil.ShellWord(realmArg) + " --force"
	if opts.Yes {
		c += " --yes"
	}
	return c
}
