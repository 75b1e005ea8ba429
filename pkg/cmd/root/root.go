// Package root assembles the yodel command tree and runs it. Main is the one
// place where errors become messages and exit codes.
package root

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/build"
	canarycmd "github.com/yodeldeploy/yodel/pkg/cmd/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/completion"
	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/destroy"
	diffcmd "github.com/yodeldeploy/yodel/pkg/cmd/diff"
	"github.com/yodeldeploy/yodel/pkg/cmd/example"
	"github.com/yodeldeploy/yodel/pkg/cmd/factory"
	"github.com/yodeldeploy/yodel/pkg/cmd/history"
	"github.com/yodeldeploy/yodel/pkg/cmd/initcmd"
	lbcmd "github.com/yodeldeploy/yodel/pkg/cmd/lb"
	"github.com/yodeldeploy/yodel/pkg/cmd/logs"
	"github.com/yodeldeploy/yodel/pkg/cmd/notifications"
	"github.com/yodeldeploy/yodel/pkg/cmd/realms"
	"github.com/yodeldeploy/yodel/pkg/cmd/render"
	"github.com/yodeldeploy/yodel/pkg/cmd/restart"
	"github.com/yodeldeploy/yodel/pkg/cmd/rollback"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox"
	"github.com/yodeldeploy/yodel/pkg/cmd/scale"
	servercmd "github.com/yodeldeploy/yodel/pkg/cmd/server"
	"github.com/yodeldeploy/yodel/pkg/cmd/status"
	"github.com/yodeldeploy/yodel/pkg/cmd/validate"
	"github.com/yodeldeploy/yodel/pkg/cmd/version"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// NewCmdRoot builds the command tree. Each command lives in its own package
// under pkg/cmd and is registered here.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	var noColor, debug bool
	cmd := &cobra.Command{
		Use:   "yodel <command> [flags]",
		Short: "Deploy services to Marathon with HAProxy in front, safely",
		Long: `yodel deploys services to Mesos/Marathon realms with HAProxy in front.
New releases roll out as canaries: isolated, then a share of traffic, then all
of it, with automatic rollback when a check fails.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if noColor {
				f.IOStreams.SetNoColor(true)
			}
			return applyDefaults(cmd, f)
		},
		Version: build.Version,
	}
	// `yodel --version` prints what `yodel version` prints.
	cmd.SetVersionTemplate(version.Line() + "\n")
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(f.IOStreams.ErrOut)
	cmd.PersistentFlags().BoolVar(&noColor, "no-color", false, "Disable colour output")
	cmd.PersistentFlags().BoolVar(&debug, "debug", false, "Log every Marathon, state-store and lb-agent request on stderr, secrets redacted (also $YODEL_DEBUG)")
	cmd.PersistentFlags().StringVar(&f.RealmsDir, "realms", "", "Directory of realm files (default: $YODEL_REALMS, ./realms, $XDG_CONFIG_HOME/yodel/realms (~/.config/yodel/realms), /etc/yodel/realms)")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })

	cmd.AddCommand(version.NewCmdVersion(f, nil))
	cmd.AddCommand(validate.NewCmdValidate(f, nil))
	cmd.AddCommand(render.NewCmdRender(f, nil))
	cmd.AddCommand(initcmd.NewCmdInit(f, nil))
	cmd.AddCommand(realms.NewCmdRealms(f, nil))
	cmd.AddCommand(completion.NewCmdCompletion(f, nil))
	cmd.AddCommand(sandbox.NewCmdSandbox(f))
	cmd.AddCommand(example.NewCmdExample(f))
	cmd.AddCommand(deploy.NewCmdDeploy(f, nil))
	cmd.AddCommand(status.NewCmdStatus(f, nil))
	cmd.AddCommand(diffcmd.NewCmdDiff(f, nil))
	cmd.AddCommand(scale.NewCmdScale(f, nil))
	cmd.AddCommand(restart.NewCmdRestart(f, nil))
	cmd.AddCommand(rollback.NewCmdRollback(f, nil))
	cmd.AddCommand(destroy.NewCmdDestroy(f, nil))
	cmd.AddCommand(history.NewCmdHistory(f, nil))
	cmd.AddCommand(notifications.NewCmdNotifications(f))
	cmd.AddCommand(logs.NewCmdLogs(f, nil))
	cmd.AddCommand(lbcmd.NewCmdLB(f))
	cmd.AddCommand(canarycmd.NewCmdCanary(f))
	cmd.AddCommand(servercmd.NewCmdServer(f, nil))
	cmd.AddCommand(newHelpTopicExitCodes())
	cmd.AddCommand(newHelpTopicEnvironment())
	(&completion.Dynamic{F: f, DefaultRealm: defaultRealm}).Attach(cmd)
	return cmd
}

func newHelpTopicExitCodes() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "Exit codes of every yodel command",
		Long:  exitCodesText(),
	} // no Run: cobra lists it as a help topic, shown by `yodel help exit-codes`
}

func exitCodesText() string {
	var b strings.Builder
	b.WriteString("Every yodel command exits with one of these codes:\n\n")
	for _, e := range cmdutil.ExitCodes {
		fmt.Fprintf(&b, "  %3d  %s\n", e.Code, e.Meaning)
	}
	return b.String()
}

// Main runs yodel with os.Args and returns the exit code.
func Main() int {
	f := NewFactory(iostreams.System())
	return Run(f, os.Args[1:])
}

// Run executes args against a fresh command tree and maps the outcome to an
// exit code, printing the error and its hint on stderr.
func Run(f *cmdutil.Factory, args []string) int {
	return cmdutil.Execute(f, NewCmdRoot(f), args)
}

// NewFactory builds the production factory (pkg/cmd/factory).
func NewFactory(ios *iostreams.IOStreams) *cmdutil.Factory { return factory.New(ios) }
