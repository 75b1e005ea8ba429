// Package status implements `yodel lb status`: the realm's lb agents as the
// store lists them, with what each has applied and why it refuses what it
// does not route.
package status

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/view"
)

type Options struct {
	Realm  string
	Deps   svcutil.Deps
	Output cmdutil.OutputFormat
	// LookupEnv finds the agents' token (os.LookupEnv).
	LookupEnv func(string) (string, bool)
}

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{LookupEnv: os.LookupEnv}
	cmd := &cobra.Command{
		Use:   "status --realm <realm>",
		Short: "Show the realm's lb agents: what each applied, lag, errors, HAProxy up",
		Long: `List the lb agents registered in the realm's state store and, from each
one's /v1/status, per service: the routing generation the routing state asks
for (GEN), the one the agent acknowledged (APPLIED) and how far behind it is
(LAG), the servicePorts it binds, and why it does not route what it should
(HAProxy's refusal, such as "cannot bind 127.0.0.1:10080: address already in
use", or a refusal: a realm limit, a servicePort another service holds).
HAPROXY says whether HAProxy runs and serves there.

An agent that cannot be read (down, a wrong token) says why on a row of its
own. Agents off loopback need the realm's haproxy.agentToken (or
$YODEL_LB_TOKEN).`,
		Example: `  $ yodel lb status --realm local
  $ yodel lb status --realm prod -o json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Realm == "" {
				return cmdutil.RealmRequired("for example --realm prod or --realm ./realms/prod.yaml")
			}
			opts.Deps = svcutil.DepsFrom(f)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Realm, "realm", "", "Realm name or realm file (required)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func Run(ctx context.Context, opts *Options) error {
	ios := opts.Deps.IO
	r, err := opts.Deps.Realm(opts.Realm)
	if err != nil {
		return err
	}
	st, err := opts.Deps.Store(ctx, r)
	if err != nil {
		return err
	}
	defer st.Close()
	c := lb.Client{}
	ac, err := svcutil.AgentClient(r, opts.LookupEnv)
	if err != nil {
		return err
	}
	c.Token = ac.Token
	agents, err := lbagents.Read(ctx, st, c)
	if err != nil {
		return err
	}
	if len(agents) == 0 {
		fmt.Fprintf(ios.ErrOut, "no lb agent is registered in realm %s: nothing routes servicePorts until one runs (yodel lb run --realm %s)\n", r.Realm, r.Arg())
	}
	if opts.Output.IsJSON() {
		if agents == nil {
			agents = []view.Agent{}
		}
		return cmdutil.WriteJSON(ios.Out, agents)
	}
	return ui.LBStatusTable(ios, ios.Out, agents)
}
