// Package status implements `yodel lb status`: the realm's lb agents as the
// store lists them, with what each has applied and why it refuses what it
// does not route.
package status

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/lbagents"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/view"
)

type Options struct {
	Realm string
	// Services keeps only these services' rows (all when empty).
	Services []string
	// Failing keeps only what fails: agents down or unreadable, services
	// that lag or are refused.
	Failing bool
	Deps    svcutil.Deps
	Output  cmdutil.OutputFormat
	// LookupEnv finds the agents' token (os.LookupEnv).
	LookupEnv func(string) (string, bool)
}

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{LookupEnv: os.LookupEnv}
	cmd := &cobra.Command{
		Use:   "status [<service>...] --realm <realm>",
		Short: "Show the realm's lb agents: what each applied, lag, errors, HAProxy up",
		Long: `List the lb agents registered in the realm's state store and, from each
one's /v1/status, per service: the routing generation the routing state asks
for (GEN), the one the agent acknowledged (APPLIED) and how far behind it is
(LAG), the servicePorts it binds, and why it does not route what it should
(HAProxy's refusal, such as "cannot bind 127.0.0.1:10080: address already in
use", or a refusal: a realm limit, a servicePort another service holds).
HAPROXY says whether HAProxy runs and serves there. On a terminal the
agents' warnings follow the table: a service routed "fail open" (no task
passes its health checks), a task left out, a service without tasks.

Name services to see only theirs on every agent (a service no agent lists
is an error), and on a terminal a table of their tasks as each agent's
HAProxy holds them: per servicePort the task's server, its track, its
state (serving, draining, no share, maintenance, "down: connection refused
(L4CON)"), weight and current sessions; -o json has them as "servers".

--failing keeps only what needs a look: agents whose status, HAProxy,
Marathon or store fails, and services that lag or are refused; nothing is
printed when every agent routes every service as asked.

An agent that cannot be read (down, a wrong token) says why on a row of its
own. Agents off loopback need the realm's haproxy.agentToken (or
$YODEL_LB_TOKEN).`,
		Example: `  $ yodel lb status --realm local
  $ yodel lb status web --realm prod
  $ yodel lb status --realm prod --failing
  $ yodel lb status --realm prod -o json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if opts.Realm == "" {
				return cmdutil.RealmRequired("for example --realm prod or --realm ./realms/prod.yaml")
			}
			opts.Services = args
			opts.Deps = svcutil.DepsFrom(f)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Realm, "realm", "", "Realm name or realm file (required)")
	cmd.Flags().BoolVar(&opts.Failing, "failing", false, "Show only failing agents and the services that lag or are refused")
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
	all := agents
	agents, missing := view.SelectAgents(agents, opts.Services, opts.Failing)
	if len(missing) > 0 && len(all) > 0 {
		return notListed(missing, all, r)
	}
	if len(opts.Services) > 0 {
		lbagents.AddServers(ctx, c, agents, opts.Services)
	}
	if opts.Output.IsJSON() {
		return cmdutil.WriteJSON(ios.Out, agents)
	}
	if len(agents) == 0 && len(all) > 0 && ios.IsStdoutTTY() {
		// --failing found nothing: said on a terminal only, so that stdout
		// stays empty for a script.
		what := "every service"
		if len(opts.Services) > 0 {
			what = strings.Join(opts.Services, ", ")
		}
		fmt.Fprintf(ios.ErrOut, "all %d lb agents route %s at the generation the routing state asks\n", len(all), what)
		return nil
	}
	if err := ui.LBStatusTable(ios, ios.Out, agents); err != nil {
		return err
	}
	if ios.IsStdoutTTY() {
		// Off a terminal the output stays the rows scripts cut.
		if err := ui.LBServersTable(ios, ios.Out, agents); err != nil {
			return err
		}
	}
	if rows := serviceRows(agents); len(opts.Services) == 0 && !opts.Failing && rows > manyRows && ios.IsStdoutTTY() {
		fmt.Fprintf(ios.ErrOut, "%d rows: `yodel lb status SERVICE --realm %s` shows one service, --failing only what lags or fails\n", rows, r.Arg())
	}
	return nil
}

// manyRows is where a terminal's table is long enough that the filters
// are worth a line of their own.
const manyRows = 40

func serviceRows(agents []view.Agent) int {
	n := 0
	for _, a := range agents {
		n += max(1, len(a.Services))
	}
	return n
}

// notListed is the error for services named that no agent lists: not in
// the routing state and not routed from Marathon's apps by any agent that
// answered.
func notListed(missing []string, agents []view.Agent, r *realm.Realm) error {
	unread := 0
	for _, a := range agents {
		if a.ReadError != "" {
			unread++
		}
	}
	msg := fmt.Sprintf("no lb agent of realm %s lists %s", r.Realm, strings.Join(missing, ", "))
	if unread > 0 {
		msg += fmt.Sprintf(" (%d of %d agents could not be read)", unread, len(agents))
	}
	return cmdutil.WithExit(cmdutil.ExitFailure, errors.New(msg),
		fmt.Sprintf("see the realm's services and their servicePorts: yodel status --realm %s", r.Arg()))
}
