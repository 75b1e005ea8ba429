// Package sync implements `yodel lb sync --once`: render and apply once.
package sync

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/lb/shared"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
)

type Options struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	HAProxy shared.HAProxyFlags
	Once    bool
	Output  cmdutil.OutputFormat
}

// Result is the JSON shape of `yodel lb sync --once -o json`.
type Result struct {
	Reloaded   bool                       `json:"reloaded"`
	RuntimeOps int                        `json:"runtimeOps"`
	Services   map[string]*lb.ServicePlan `json:"services"`
	Errors     map[string]string          `json:"errors,omitempty"`
}

func NewCmdSync(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "sync --once --realm <realm> [flags]",
		Short: "Render and apply the HAProxy configuration once",
		Long: `Read Marathon and the routing state once, build the HAProxy configuration
and apply it exactly as the agent would (runtime API for servers and weights,
a validated reload for structural changes), then exit. For cron-style use and
debugging; it does not register as an agent nor acknowledge generations.

Exit codes: 0 when everything was applied, 1 when HAProxy, Marathon or the
store failed or some service was refused (the others are applied).`,
		Example: `  $ yodel lb sync --once --realm local
  $ yodel lb sync --once --realm prod -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !opts.Once {
				return cmdutil.FlagErrorf("only --once is supported; run `yodel lb run` to keep HAProxy in step continuously")
			}
			if err := opts.HAProxy.Check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	opts.HAProxy.Add(cmd)
	cmd.Flags().BoolVar(&opts.Once, "once", false, "Apply once and exit (required)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	f := opts.Factory
	if f.Marathon == nil || f.Store == nil {
		return shared.ErrNoFactory
	}
	setup, err := shared.Load(f, &opts.HAProxy)
	if err != nil {
		return err
	}
	mc, err := f.Marathon(setup.Realm)
	if err != nil {
		return err
	}
	store, err := f.Store(ctx, setup.Realm)
	if err != nil {
		return err
	}
	defer store.Close()
	hx, err := haproxy.New(setup.HAProxy)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	plan, res, err := lb.SyncOnce(ctx, mc, store, hx, setup.Build)
	// Server changes reach the config file in the background: this process
	// exits next, so wait for them.
	if cerr := hx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write the HAProxy config file: %w", cerr)
	}
	if err != nil {
		return err
	}
	out := Result{Reloaded: res.Reloaded, RuntimeOps: res.RuntimeOps, Services: plan.Services}
	if len(res.Errors) > 0 {
		out.Errors = map[string]string{}
		for k, e := range res.Errors {
			out.Errors[k] = e.Error()
		}
	}
	if opts.Output.IsJSON() {
		if err := cmdutil.WriteJSON(opts.IO.Out, out); err != nil {
			return err
		}
	} else {
		printText(opts.IO, plan, res)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("%d service(s) refused by HAProxy kept their previous configuration", len(res.Errors))
	}
	return nil
}

func printText(io *iostreams.IOStreams, plan *lb.Plan, res haproxy.Result) {
	names := make([]string, 0, len(plan.Services))
	for n := range plan.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sp := plan.Services[n]
		routed := 0
		for _, a := range sp.Apps {
			routed += a.Routed
		}
		ports := make([]string, 0, len(sp.Ports))
		for _, p := range sp.Ports {
			ports = append(ports, fmt.Sprint(p))
		}
		fmt.Fprintf(io.Out, "%s\tports=%s\tservers=%d\tgeneration=%d\n", n, strings.Join(ports, ","), routed, sp.Generation)
		for _, p := range sp.Problems {
			fmt.Fprintf(io.ErrOut, "warning: %s: %s\n", n, p)
		}
		if sp.Refused != "" {
			fmt.Fprintf(io.ErrOut, "refused: %s: %s\n", n, sp.Refused)
		}
	}
	keys := make([]string, 0, len(res.Errors))
	for k := range res.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(io.ErrOut, "error: %v\n", res.Errors[k])
	}
	how := "runtime API only, no reload"
	if res.Reloaded {
		how = "with one seamless reload"
	}
	fmt.Fprintf(io.ErrOut, "applied %d service(s), %d runtime change(s), %s\n", len(plan.Services), res.RuntimeOps, how)
}
