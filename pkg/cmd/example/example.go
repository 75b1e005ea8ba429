// Package example implements the hidden `yodel example` commands: example
// services compiled into the yodel binary, so that a manifest such as
// examples/hello/hello.yaml (`cmd: yodel example hello`) runs on any machine
// where yodel is installed, with nothing else to build or ship.
package example

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/examples/hello"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// NewCmdExample is the hidden parent of the example services.
func NewCmdExample(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:    "example <service>",
		Short:  "Run an example service (used by the sandbox demo and tests)",
		Hidden: true,
	}
	cmd.AddCommand(NewCmdHello(f, nil))
	return cmd
}

// HelloOptions are the inputs of `yodel example hello`.
type HelloOptions struct {
	IO     *iostreams.IOStreams
	Getenv func(string) string
	Listen string
	Ctx    context.Context
}

// NewCmdHello builds `yodel example hello`.
func NewCmdHello(f *cmdutil.Factory, runF func(*HelloOptions) error) *cobra.Command {
	opts := &HelloOptions{IO: f.IOStreams, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "hello",
		Short: "Serve the hello example: / and /health on $PORT0",
		Long: `Serve the hello example service (package examples/hello).

It listens on --listen, else $PORT0, else $PORT (as Marathon sets them), and
answers /health with "ok" and / with JSON naming its version and task.
Faults for canary and failure tests come from the environment:
HELLO_VERSION, HELLO_ERROR_RATE (0..1), HELLO_LATENCY, HELLO_START_DELAY,
HELLO_FAIL_START, HELLO_HEALTH_FAIL. SIGTERM stops it after in-flight
requests finish (after HELLO_DRAIN_DELAY); with HELLO_DIE_ON_TERM=true it
exits at once instead, cutting them, as many real services do.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return RunHello(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Listen, "listen", "", "Address to listen on, e.g. 127.0.0.1:8080 (default: $PORT0, $PORT)")
	return cmd
}

// RunHello runs the server until the context ends.
func RunHello(opts *HelloOptions) error {
	cfg, err := hello.ConfigFromEnv(opts.Getenv, opts.Listen)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return hello.Run(ctx, cfg, opts.IO.ErrOut)
}
