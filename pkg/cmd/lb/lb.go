// Package lb is the `yodel lb` command group: the agent that keeps one
// HAProxy in step with a realm's Marathon and routing state.
package lb

import (
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/lb/run"
	lbstatus "github.com/yodeldeploy/yodel/pkg/cmd/lb/status"
	lbsync "github.com/yodeldeploy/yodel/pkg/cmd/lb/sync"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
)

// NewCmdLB builds `yodel lb` and its subcommands.
func NewCmdLB(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lb <command>",
		Short: "Keep HAProxy in step with Marathon: servicePort to healthy tasks",
		Long: `One lb agent runs beside each HAProxy of a realm. It routes every Marathon
app with servicePorts (one frontend per servicePort, a server per healthy
task), applies canary weights from the routing state, and acknowledges what
it applied so deploys can wait for every load balancer.`,
	}
	cmd.AddCommand(run.NewCmdRun(f, nil))
	cmd.AddCommand(lbsync.NewCmdSync(f, nil))
	cmd.AddCommand(lbstatus.NewCmdStatus(f, nil))
	return cmd
}
