// Package notifications assembles `yodel notifications`: what the realm's
// server told its webhooks and New Relic about rollouts.
package notifications

import (
	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/notifications/log"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
)

func NewCmdNotifications(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "notifications <command>",
		Short: "See the rollout notifications sent to the realm's receivers",
		Long: `The realm's yodel server sends rollout events to the receivers its realm file
names (notifications: webhooks, newRelic: deployment markers), exactly once per
event. Their delivery state lives in the realm's store; see docs/notifications.md.`,
	}
	cmd.AddCommand(log.NewCmdLog(f, nil))
	return cmd
}
