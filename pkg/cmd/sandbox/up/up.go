// Package up implements `yodel sandbox up`.
package up

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
)

type Options struct {
	IO       *iostreams.IOStreams
	Getenv   func(string) string
	Exe      string
	Ctx      context.Context
	Dir      string
	Detach   bool
	Executor string
	// PortRange is the emulator's task host port range, "lo-hi".
	PortRange string
	Timeout   time.Duration
	// Store is the routing-state store: file or zookeeper.
	Store string
	// MarathonVersion and MarathonFeatures (comma-separated) are passed to
	// the emulator: the Marathon it models.
	MarathonVersion  string
	MarathonFeatures string
	// MarathonMaxVersions is Marathon's --zk_max_versions (0: 50).
	MarathonMaxVersions int
	// MarathonManualJobs is the emulator's --manual-jobs.
	MarathonManualJobs bool
	// InsecureMarathon: no credentials on the emulator.
	InsecureMarathon bool
	// NoServer: do not start the realm's `yodel server`.
	NoServer bool
	// AgentListen is the lb agent's API address; "" picks a free one.
	AgentListen string
	Output      cmdutil.OutputFormat
}

// Result is `sandbox up -o json`: the sandbox's record (what sandbox.json
// holds) and whether it was running already.
type Result struct {
	sandbox.Record
	AlreadyRunning bool `json:"alreadyRunning"`
}

func NewCmdUp(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Getenv: f.Getenv, Exe: f.Executable}
	cmd := &cobra.Command{
		Use:   "up [--dir DIR] [--detach]",
		Short: "Start the sandbox realm",
		Long: `Start the sandbox realm: the Marathon emulator, HAProxy (master-worker), a
routing-state store, the lb agent and the realm's server (yodel server: it
finishes rollouts no CLI drives, such as deploy --detach; its URL is the
realm's server.url, its admin token in DIR/server-token), on free loopback
ports. The store is a
directory of files by default; --store zookeeper starts a real ZooKeeper
(needs java and the zookeeper package), as production realms use.
It writes DIR/realm.yaml, usable as --realm DIR/realm.yaml (or --realm local
for the default DIR), and DIR/sandbox.json for status and down.

Without --detach it stays in the foreground and stops everything on Ctrl-C.
With --detach it returns once every component answers; stop it with
"yodel sandbox down". Running it on a sandbox that is up changes nothing; on
one some of whose components died, it stops the others and starts them all
again on the ports they had where those are free, so DIR/realm.yaml keeps its
addresses (the emulator keeps its apps in DIR).

--marathon-version (1.4, the default, or 1.10) and --marathon-features
(Marathon's --enable_features, e.g. task_killing) choose the Marathon the
emulator models, --marathon-max-versions its --zk_max_versions (how many
versions of each app it keeps); see docs/emulator.md.`,
		Example: `  $ yodel sandbox up --detach
  $ yodel sandbox up --dir /tmp/sb2 --detach
  $ yodel sandbox up --detach --store zookeeper
  $ yodel sandbox up --detach --marathon-version 1.10 --marathon-features task_killing
  $ yodel sandbox up            # foreground; Ctrl-C stops it`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Ctx = cmd.Context()
			if opts.Executor != "process" && opts.Executor != "inproc" {
				return cmdutil.FlagErrorf("--executor %q: must be process or inproc", opts.Executor)
			}
			if opts.Store != sandbox.StoreFile && opts.Store != sandbox.StoreZooKeeper {
				return cmdutil.FlagErrorf("--store %q: must be %s or %s", opts.Store, sandbox.StoreFile, sandbox.StoreZooKeeper)
			}
			var lo, hi int
			if n, err := fmt.Sscanf(opts.PortRange, "%d-%d", &lo, &hi); err != nil || n != 2 || lo < 1 || hi > 65535 || lo > hi {
				return cmdutil.FlagErrorf("--port-range must look like %s (lo-hi, within 1-65535), not %q", sandbox.DefaultPortRange, opts.PortRange)
			}
			if opts.AgentListen != "" {
				if _, err := netip.ParseAddrPort(opts.AgentListen); err != nil {
					return cmdutil.FlagErrorf("--agent-listen must be an IP address and port such as 127.0.0.1:9090, not %q", opts.AgentListen)
				}
			}
			if _, err := emulator.NewMode(opts.MarathonVersion, emulator.ParseFeatures(opts.MarathonFeatures)); err != nil {
				return cmdutil.FlagErrorf("--marathon-version/--marathon-features: %v", err)
			}
			if opts.MarathonMaxVersions < 0 {
				return cmdutil.FlagErrorf("--marathon-max-versions must be positive (Marathon's default is %d)", emulator.DefaultMaxVersions)
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "Sandbox directory (default $YODEL_SANDBOX_DIR, else $XDG_STATE_HOME/yodel/sandbox, ~/.local/state/yodel/sandbox)")
	cmd.Flags().BoolVarP(&opts.Detach, "detach", "d", false, "Start in the background and return once healthy")
	cmd.Flags().StringVar(&opts.Executor, "executor", "process", "Emulator executor: process (real processes) or inproc (scale tests)")
	cmd.Flags().StringVar(&opts.PortRange, "port-range", sandbox.DefaultPortRange, "Host ports the emulator gives tasks (one per instance and port)")
	cmd.Flags().StringVar(&opts.Store, "store", sandbox.StoreFile, "Routing-state store: file, or zookeeper (a real ZooKeeper the sandbox runs)")
	cmd.Flags().StringVar(&opts.MarathonVersion, "marathon-version", emulator.Version14, "Marathon version the emulator models: 1.4 (1.4.13) or 1.10 (1.10.26)")
	cmd.Flags().StringVar(&opts.MarathonFeatures, "marathon-features", "", "Marathon --enable_features the emulator models, comma-separated (e.g. task_killing)")
	cmd.Flags().IntVar(&opts.MarathonMaxVersions, "marathon-max-versions", 0, "Marathon --zk_max_versions the emulator models: versions of each app it keeps (default 50)")
	cmd.Flags().BoolVar(&opts.MarathonManualJobs, "marathon-manual-jobs", false, "Run Marathon's periodic jobs (scale check, reconciliation, expunge) only when POST /_emulator/jobs/{job} asks (for tests)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 60*time.Second, "How long to wait for every component to answer")
	cmd.Flags().BoolVar(&opts.NoServer, "no-server", false, "Do not start the realm's yodel server (then deploy --detach is refused)")
	cmd.Flags().StringVar(&opts.AgentListen, "agent-listen", "", "Address of the lb agent's API, such as 127.0.0.1:9090 (default: a free loopback port; a fixed one survives restarts of the agent)")
	cmd.Flags().BoolVar(&opts.InsecureMarathon, "insecure-marathon", false, "Start the emulator without credentials (any local user could then run commands as you through it)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
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
	errOut := opts.IO.ErrOut
	sb, already, err := sandbox.Up(ctx, sandbox.Options{Dir: dir, Exe: opts.Exe, Executor: opts.Executor,
		PortRange: opts.PortRange, Timeout: opts.Timeout, Progress: errOut, Store: opts.Store, InsecureMarathon: opts.InsecureMarathon, NoServer: opts.NoServer,
		AgentListen:     opts.AgentListen,
		MarathonVersion: opts.MarathonVersion, MarathonFeatures: emulator.ParseFeatures(opts.MarathonFeatures), MarathonMaxVersions: opts.MarathonMaxVersions,
		MarathonManualJobs: opts.MarathonManualJobs})
	if err != nil {
		hint := "component logs are under " + sandbox.Layout{Dir: dir}.LogsDir()
		if errors.Is(err, sandbox.ErrNoEmulator) {
			hint = "use a yodel built with the emulator (go build ./cmd/yodel from a current checkout)"
		}
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("sandbox up: %w", err), hint)
	}
	out := opts.IO.Out
	if opts.Output.IsJSON() {
		if err := cmdutil.WriteJSON(out, Result{Record: sb.Record, AlreadyRunning: already}); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(out, sb.RealmFile)
	}
	if already {
		fmt.Fprintf(errOut, "sandbox already running in %s\n", sb.Dir)
		return nil
	}
	if opts.Detach {
		fmt.Fprintf(errOut, "sandbox up in %s; stop it with: yodel sandbox down%s\n", sb.Dir, dirFlag(opts.Dir))
		return nil
	}
	return foreground(ctx, opts, sb, dir)
}

func dirFlag(d string) string {
	if d == "" {
		return ""
	}
	return " --dir " + d
}

// foreground reports components that exit and stops everything when the
// command's context ends (Ctrl-C, SIGTERM).
func foreground(ctx context.Context, opts *Options, sb *sandbox.Sandbox, dir string) error {
	errOut := opts.IO.ErrOut
	stamp := func() string {
		if opts.IO.IsStderrTTY() {
			return ""
		}
		return time.Now().UTC().Format(time.RFC3339) + " "
	}
	fmt.Fprintf(errOut, "%ssandbox running in %s; Ctrl-C stops it\n", stamp(), sb.Dir)
	for {
		select {
		case c := <-sb.Exited:
			fmt.Fprintf(errOut, "%s%s (pid %d) exited; its log: %s\n", stamp(), c.Name, c.PID, c.Log)
			continue
		case <-ctx.Done():
		}
		break
	}
	fmt.Fprintf(errOut, "%sstopping the sandbox\n", stamp())
	dctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := sandbox.Down(dctx, dir, errOut); err != nil {
		return fmt.Errorf("sandbox down: %w", err)
	}
	fmt.Fprintf(errOut, "%ssandbox stopped\n", stamp())
	return nil
}
