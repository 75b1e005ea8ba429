// Package sandbox is the `yodel sandbox` command group: a local realm (the
// Marathon emulator, HAProxy, a file store and the lb agent) on loopback.
package sandbox

import (
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/down"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/marathon"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/status"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/up"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
)

// NewCmdSandbox builds `yodel sandbox` and its subcommands.
func NewCmdSandbox(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sandbox <command>",
		Short: "Run a local realm: Marathon emulator, HAProxy and store on loopback",
		Long: `Run a local realm on this machine, for trying yodel and for tests.

"yodel sandbox up" starts a Marathon emulator, HAProxy and a file store on
free loopback ports and writes DIR/realm.yaml; the realm name "local" is the
default sandbox (DIR defaults to $YODEL_SANDBOX_DIR, else
$XDG_STATE_HOME/yodel/sandbox, ~/.local/state/yodel/sandbox). Sandboxes in different directories run side
by side.`,
	}
	cmd.AddCommand(up.NewCmdUp(f, nil))
	cmd.AddCommand(status.NewCmdStatus(f, nil))
	cmd.AddCommand(down.NewCmdDown(f, nil))
	cmd.AddCommand(marathon.NewCmdMarathon(f, nil))
	return cmd
}
