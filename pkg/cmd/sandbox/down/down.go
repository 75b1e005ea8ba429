// Package down implements `yodel sandbox down`.
package down

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
)

type Options struct {
	IO     *iostreams.IOStreams
	Getenv func(string) string
	Ctx    context.Context
	Dir    string
	Output cmdutil.OutputFormat
}

func NewCmdDown(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "down [--dir DIR]",
		Short: "Stop the sandbox: emulator, its tasks, HAProxy, agent",
		Long: `Stop every process the sandbox started: the lb agent, the Marathon emulator,
the tasks it launched (they outlive the emulator by design), and HAProxy.
Nothing else is touched. The emulator's state stays in DIR/marathon, so the
next "up" brings the deployed apps back. Stopping a sandbox that is not
running succeeds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "Sandbox directory (default $YODEL_SANDBOX_DIR, else $XDG_STATE_HOME/yodel/sandbox, ~/.local/state/yodel/sandbox)")
	return cmd
}

func Run(opts *Options) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	dir := opts.Dir
	if dir == "" {
		d, err := sandbox.DefaultDir(opts.Getenv)
		if err != nil {
			return err
		}
		dir = d
	}
	res, err := sandbox.Down(ctx, dir, opts.IO.ErrOut)
	if err != nil {
		return fmt.Errorf("sandbox down: %w", err)
	}
	if opts.Output.IsJSON() {
		if res.Stopped == nil {
			res.Stopped = []sandbox.Component{}
		}
		if res.TaskPIDs == nil {
			res.TaskPIDs = []int{}
		}
		if err := cmdutil.WriteJSON(opts.IO.Out, res); err != nil {
			return err
		}
	}
	if !res.WasRunning && len(res.TaskPIDs) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "no sandbox running in %s\n", res.Dir)
		return nil
	}
	fmt.Fprintf(opts.IO.ErrOut, "sandbox in %s stopped (%d components, %d task processes)\n", res.Dir, len(res.Stopped), len(res.TaskPIDs))
	return nil
}
