// Package canary assembles `yodel canary`: status, promote, abort, pause and
// resume of a service's canary rollout.
package canary

import (
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/canary/control"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/status"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
)

func NewCmdCanary(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "canary <command>",
		Short: "See and steer a service's canary rollout",
		Long: `A canary rollout (started by yodel deploy) goes isolated -> partial -> full.
Its state lives in the realm's store, so these commands work from any machine,
and keep working if the deploying process died: resume continues the rollout
from its recorded step, abort rolls it back.`,
	}
	cmd.AddCommand(status.NewCmdStatus(f, nil))
	cmd.AddCommand(control.NewCmdPromote(f, nil))
	cmd.AddCommand(control.NewCmdAbort(f, nil))
	cmd.AddCommand(control.NewCmdPause(f, nil))
	cmd.AddCommand(control.NewCmdResume(f, nil))
	return cmd
}
