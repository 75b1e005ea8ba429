// Package marathon implements `yodel sandbox marathon`: the Marathon
// emulator in the foreground.
package marathon

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/listen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
)

type Options struct {
	IO          *iostreams.IOStreams
	Listen      string
	StateDir    string
	Executor    string
	Credentials string
	// CredentialsFile holds user:password; it, or $YODEL_EMULATOR_CREDENTIALS,
	// keeps the password off the command line (ps shows every argument).
	CredentialsFile string
	// Getenv reads $YODEL_EMULATOR_CREDENTIALS; nil means os.Getenv.
	Getenv func(string) string
	// ReadOnlyCredentials may read but not write (403), to rehearse a
	// credential that lacks permission.
	ReadOnlyCredentials string
	TLSCert             string
	TLSKey              string
	PortRange           string
	Verbose             bool
	// MarathonVersion ("1.4" or "1.10") and Features (--enable-features,
	// comma-separated) choose the Marathon behaviour modelled.
	MarathonVersion string
	Features        string
	// MaxVersions is Marathon's --zk_max_versions (0: its default, 50).
	MaxVersions int
	// ManualJobs: Marathon's periodic jobs run only when asked
	// (emulator.Config.ManualJobs).
	ManualJobs bool
	// Ready, if set, is called with the listening address once the API
	// answers (tests and embedding callers use it).
	Ready func(addr string)
}

func NewCmdMarathon(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "marathon --listen <host:port> [flags]",
		Short: "Run the Marathon emulator in the foreground",
		Long: `Run a single-node Marathon emulator that speaks the Marathon v2 REST API
and really runs tasks: with the process executor each task is "sh -c cmd" in
its own directory under the state dir; with the inproc executor each task is
an HTTP listener inside the emulator (for scale tests).

State persists in --state-dir; process tasks outlive the emulator and are
adopted again on restart. Two emulators on one state dir elect a leader; the
other proxies to it and takes over when it dies. Stop with Ctrl-C or SIGTERM.

--marathon-version picks the Marathon modelled: 1.4 (1.4.13, the default) or
1.10 (1.10.26: instance-based task ids). --enable-features is Marathon's
--enable_features; with task_killing a kill is reported as TASK_KILLING at
once, without it (as on a plain Marathon) the task stays TASK_RUNNING until
TASK_KILLED. --zk-max-versions is Marathon's --zk_max_versions: its garbage
collector keeps that many versions of each app once the realm has made more
changes. Marathon's periodic jobs (the scale check that kills a surplus
outside deployments, task reconciliation, the expunge of unreachable
instances) run at Marathon's default times; with --manual-jobs only when
POST /_emulator/jobs/{scale-check,reconcile,expunge} asks. docs/emulator.md
lists what the emulator models.`,
		Example: `  $ yodel sandbox marathon --listen 127.0.0.1:8080 --state-dir /tmp/marathon
  $ yodel sandbox marathon --listen 127.0.0.1:0 --executor inproc --credentials-file ./marathon-credentials
  $ YODEL_EMULATOR_CREDENTIALS=admin:secret yodel sandbox marathon --listen 127.0.0.1:0
  $ yodel sandbox marathon --listen 127.0.0.1:8080 --marathon-version 1.10 --enable-features task_killing`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Listen == "" {
				return cmdutil.FlagErrorf("--listen is required, for example --listen 127.0.0.1:8080")
			}
			if opts.Executor != emulator.ExecutorProcess && opts.Executor != emulator.ExecutorInproc {
				return cmdutil.FlagErrorf("--executor must be process or inproc, not %q", opts.Executor)
			}
			if err := resolveCredentials(opts); err != nil {
				return err
			}
			if opts.ReadOnlyCredentials != "" && !strings.Contains(opts.ReadOnlyCredentials, ":") {
				return cmdutil.FlagErrorf("--read-only-credentials must have the form user:password")
			}
			if (opts.TLSCert == "") != (opts.TLSKey == "") {
				return cmdutil.FlagErrorf("--tls-cert and --tls-key go together: give both PEM files, or neither for plain http")
			}
			if _, err := emulator.NewMode(opts.MarathonVersion, emulator.ParseFeatures(opts.Features)); err != nil {
				return cmdutil.FlagErrorf("--marathon-version/--enable-features: %v", err)
			}
			if opts.MaxVersions < 1 {
				return cmdutil.FlagErrorf("--zk-max-versions must be at least 1 (Marathon's default is %d)", emulator.DefaultMaxVersions)
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Listen, "listen", "", "Address to serve the API on, host:port (port 0 picks a free one)")
	cmd.Flags().StringVar(&opts.StateDir, "state-dir", "", "Directory for state, leader lock and task directories (default: in memory)")
	cmd.Flags().StringVar(&opts.Executor, "executor", emulator.ExecutorProcess, "Task executor: process or inproc")
	cmd.Flags().StringVar(&opts.Credentials, "credentials", "", "Require HTTP basic auth user:password (visible in ps: prefer --credentials-file or $"+CredentialsEnv+")")
	cmd.Flags().StringVar(&opts.CredentialsFile, "credentials-file", "", "Require HTTP basic auth with the user:password this file holds")
	cmd.Flags().StringVar(&opts.ReadOnlyCredentials, "read-only-credentials", "", "Also accept basic auth user:password for reading only (writes get 403)")
	cmd.Flags().StringVar(&opts.TLSCert, "tls-cert", "", "Serve https with this PEM certificate (it must name the listen address)")
	cmd.Flags().StringVar(&opts.TLSKey, "tls-key", "", "PEM private key of --tls-cert")
	cmd.Flags().StringVar(&opts.PortRange, "port-range", "31000-32000", "Host port range for tasks")
	cmd.Flags().StringVar(&opts.MarathonVersion, "marathon-version", emulator.Version14, "Marathon version to model: 1.4 (1.4.13) or 1.10 (1.10.26)")
	cmd.Flags().StringVar(&opts.Features, "enable-features", "", "Marathon --enable_features to model, comma-separated (e.g. task_killing)")
	cmd.Flags().IntVar(&opts.MaxVersions, "zk-max-versions", emulator.DefaultMaxVersions, "Marathon --zk_max_versions: versions of each app its garbage collector keeps")
	cmd.Flags().BoolVar(&opts.ManualJobs, "manual-jobs", false, "Run Marathon's periodic jobs (scale check, reconciliation, expunge) only when POST /_emulator/jobs/{job} asks")
	cmd.Flags().BoolVarP(&opts.Verbose, "verbose", "v", false, "Log scheduler decisions on stderr")
	return cmd
}

// CredentialsEnv holds user:password when neither --credentials nor
// --credentials-file is given.
const CredentialsEnv = "YODEL_EMULATOR_CREDENTIALS"

// resolveCredentials settles opts.Credentials from the flag, the file or
// the environment, in that order; two of the flags at once is a mistake.
func resolveCredentials(opts *Options) error {
	switch {
	case opts.Credentials != "" && opts.CredentialsFile != "":
		return cmdutil.FlagErrorf("--credentials and --credentials-file are exclusive: keep --credentials-file")
	case opts.CredentialsFile != "":
		b, err := os.ReadFile(opts.CredentialsFile)
		if err != nil {
			return cmdutil.InvalidInput(fmt.Errorf("--credentials-file: %w", err))
		}
		opts.Credentials = strings.TrimSpace(string(b))
		if !strings.Contains(opts.Credentials, ":") {
			return cmdutil.FlagErrorf("--credentials-file %s must hold user:password", opts.CredentialsFile)
		}
		return nil
	case opts.Credentials == "":
		getenv := opts.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		opts.Credentials = strings.TrimSpace(getenv(CredentialsEnv))
		if opts.Credentials != "" && !strings.Contains(opts.Credentials, ":") {
			return cmdutil.FlagErrorf("$%s must have the form user:password", CredentialsEnv)
		}
		return nil
	}
	if !strings.Contains(opts.Credentials, ":") {
		return cmdutil.FlagErrorf("--credentials must have the form user:password")
	}
	return nil
}

// Run serves until ctx is cancelled (SIGINT/SIGTERM from the root command).
func Run(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var lo, hi int
	if _, err := fmt.Sscanf(opts.PortRange, "%d-%d", &lo, &hi); err != nil {
		return cmdutil.FlagErrorf("--port-range must look like 31000-32000, not %q", opts.PortRange)
	}
	level := slog.LevelInfo
	if opts.Verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(opts.IO.ErrOut, &slog.HandlerOptions{Level: level}))
	emu, err := emulator.New(emulator.Config{
		StateDir: opts.StateDir, Executor: opts.Executor, Credentials: opts.Credentials,
		ReadOnlyCredentials: opts.ReadOnlyCredentials,
		TLSCertFile:         opts.TLSCert, TLSKeyFile: opts.TLSKey,
		HostIP: "127.0.0.1", PortRange: [2]int{lo, hi}, Logger: logger,
		MarathonVersion: opts.MarathonVersion, Features: emulator.ParseFeatures(opts.Features), MaxVersions: opts.MaxVersions,
		ManualJobs: opts.ManualJobs,
	})
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	defer emu.Close()
	ln, err := listen.TCP(ctx, opts.Listen, listen.Wait, func(err error) {
		logger.Warn("address in use; waiting for it to be released", "listen", opts.Listen, "within", listen.Wait, "err", err)
	})
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Listen, err)
	}
	addr := ln.Addr().String()
	scheme := "http"
	if opts.TLSCert != "" {
		scheme = "https"
	}
	mode := emu.Mode()
	features := strings.Join(mode.Features, ",")
	if features == "" {
		features = "none"
	}
	fmt.Fprintf(opts.IO.ErrOut, "Marathon emulator listening on %s://%s (Marathon %s, features %s, executor %s)\n", scheme, addr, mode.Version, features, opts.Executor)
	if opts.Ready != nil {
		opts.Ready(addr)
	}
	if err := emu.Serve(ctx, ln); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(opts.IO.ErrOut, "Marathon emulator stopped")
	return nil
}
