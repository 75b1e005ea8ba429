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
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

type Options struct {
	svcutil.Common
	Deps    svcutil.Deps
	Args    []string
	Timeout time.Duration
	Output  cmdutil.OutputFormat
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
		Use:   "destroy <service> --realm <realm> [--yes]",
		Short: "Remove a service from a realm: its apps, tasks and routing",
		Long: `Destroy every Marathon app of the service (stable and canary), wait until
their tasks are gone, and remove the service's routing state so the load
balancers stop routing it. History is kept.

On a terminal you type the service name to confirm; --yes skips that. Off a
terminal --yes (or --non-interactive, or CI=true) is required.`,
		Example: `  $ yodel destroy web --realm qa
  $ yodel destroy web --realm qa --yes`,
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
	apps, err := s.MC.ServiceApps(ctx, svc)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(apps)+1)
	for _, a := range apps {
		ids = append(ids, a.ID)
	}
	stable, rt, rtVer, err := engine.StableAppID(ctx, s.Store, svc)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		// An app whose labels were edited by hand still has its stable id.
		if _, err := s.MC.App(ctx, stable); err == nil {
			ids = append(ids, stable)
		}
	}
	res := Result{Service: svc, Apps: ids}
	if len(ids) == 0 && rt == nil {
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("service %s has no app and no routing state in realm %s: nothing to destroy", svc, s.Realm.Realm), "")
	}
	prompt := fmt.Sprintf("This destroys %s in realm %s: apps %v and their tasks, and its routing.", svc, s.Realm.Realm, ids)
	if err := svcutil.ConfirmName(opts.Deps.IO, opts.Deps.Getenv, &opts.Common, prompt, svc); err != nil {
		return err
	}
	if s.Rollout.Active() {
		// The rollout goes with the service: its record and history row
		// are closed first (aborted), so that nothing is left in progress
		// for `canary resume` or `abort` to trip on.
		r, err := engine.Close(ctx, s.Store, svc, "the service was destroyed by "+s.Holder.User+"@"+s.Holder.Host, opts.Deps.Now())
		if err != nil {
			return err
		}
		if r != nil {
			fmt.Fprintf(opts.Deps.IO.ErrOut, "%s: its canary rollout of %s was closed (aborted at %s)\n", svc, r.Canary.Release, r.Steps[len(r.Steps)-2].Name)
		}
		if _, rt, rtVer, err = engine.StableAppID(ctx, s.Store, svc); err != nil {
			return err
		}
	}
	s.Begin(ctx, "", "destroy")
	view := s.View("destroy", "", "")
	defer view.Close()
	for _, id := range ids {
		view.Step("destroying " + id)
		ref, err := s.MC.DeleteApp(ctx, id, false)
		if marathon.IsNotFound(err) {
			continue
		}
		if err != nil {
			s.End(state.OutcomeFailed, err.Error())
			return err
		}
		spec := marathon.WaitSpec{AppID: id, DeploymentID: ref.ID, WantInstances: 0, Since: opts.Deps.Now()}
		out, ending, werr := svcutil.Wait(ctx, s.MC, spec, opts.Timeout, view, s.Lost())
		if ending != engine.Done {
			view.Close()
			return s.Settle("destroying "+id, out.Progress, ending, werr, opts.Realm)
		}
	}
	view.Close()
	if rt != nil {
		if err := s.Store.DeleteRouting(ctx, svc, rtVer); err != nil && !errors.Is(err, state.ErrNotFound) {
			s.End(state.OutcomeFailed, err.Error())
			return fmt.Errorf("the apps of %s are gone, but removing its routing state failed: %w", svc, err)
		}
		res.RoutingRemoved = true
	}
	s.End(state.OutcomeSucceeded, "")
	res.Outcome = state.OutcomeSucceeded
	return svcutil.Report(opts.Deps.IO.Out, opts.Output, res, nil, func(w io.Writer) {
		fmt.Fprintf(w, "Destroyed %s in %s (%d app(s))\n", svc, s.Realm.Realm, len(ids))
	})
}
