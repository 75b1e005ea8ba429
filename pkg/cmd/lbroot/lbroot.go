// Package lbroot is the command of the yodel-lb binary: the lb agent of
// `yodel lb run` without the rest of the CLI. The agent runs beside every
// HAProxy of every realm; in a binary of its own it leaves out the code
// (and the package initialisation) of deploys, canaries, dashboards and
// the terminal UI, about a third of its memory (issue 21, BENCHMARKS.md).
package lbroot

import (
	"os"
	"runtime/debug"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/factory"
	"github.com/yodeldeploy/yodel/pkg/cmd/lb/run"
	"github.com/yodeldeploy/yodel/pkg/cmd/version"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/debuglog"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// gcPercent is the agent's GOGC unless the environment sets one: the Go
// heap may grow to 1.5 times what is live (not 2 times) before a
// collection. The agent's heap is mostly the realm's routing state,
// steady between syncs; a sync of a whole realm allocates a few times
// that in bursts, and the default let its peak RSS double the state for
// nothing. The cost is a little more GC CPU during syncs, none when idle
// (BENCHMARKS.md, issue 21).
const gcPercent = 50

// Main runs yodel-lb with os.Args and returns the exit code.
func Main() int {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	f := factory.New(iostreams.System())
	return cmdutil.Execute(f, NewCmdRoot(f, nil), os.Args[1:])
}

// NewCmdRoot is `yodel lb run` as a root command, with the global flags
// of yodel that the agent reads (--realms, --debug) and the environment
// defaults of yodel's ($YODEL_REALM, $YODEL_DEBUG; yodel's user
// configuration file is for people, not daemons, and is not read).
func NewCmdRoot(f *cmdutil.Factory, runF func(*run.Options) error) *cobra.Command {
	cmd := run.NewCmdRun(f, runF)
	cmd.Use = "yodel-lb --realm <realm> [flags]"
	cmd.Short = "The yodel lb agent: keep this HAProxy in step with Marathon"
	cmd.Long += "\n\nyodel-lb is `yodel lb run` in a binary of its own, for the hosts that run\nHAProxy: the same agent, flags and API, without the rest of the CLI."
	cmd.Example = "  $ yodel-lb --realm prod\n  $ yodel-lb --realm ./realms/local.yaml --listen 127.0.0.1:9190"
	cmd.Version = version.Line()
	cmd.SetVersionTemplate("{{.Version}}\n")
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(f.IOStreams.ErrOut)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
	var debug bool
	cmd.PersistentFlags().BoolVar(&debug, "debug", false, "Log every Marathon, state-store and lb-agent request on stderr, secrets redacted (also $YODEL_DEBUG)")
	cmd.PersistentFlags().StringVar(&f.RealmsDir, "realms", "", "Directory of realm files (default: $YODEL_REALMS, ./realms, $XDG_CONFIG_HOME/yodel/realms (~/.config/yodel/realms), /etc/yodel/realms)")
	cmd.PreRunE = func(cmd *cobra.Command, _ []string) error {
		if fl := cmd.Flags().Lookup("realm"); fl != nil && !fl.Changed {
			if v := f.Getenv("YODEL_REALM"); v != "" {
				if err := fl.Value.Set(v); err != nil {
					return err
				}
			}
		}
		if on, err := strconv.ParseBool(f.Getenv("YODEL_DEBUG")); debug || (err == nil && on) {
			debuglog.Enable(f.IOStreams.ErrOut)
		}
		return nil
	}
	return cmd
}
