// Package server implements `yodel server`, the realm's deploy watcher
// (pkg/server): it drives rollouts no CLI drives any more, and serves the
// realm's JSON API. The API's changes run the same code as the CLI's
// commands (scale.Run, rollback.Run, control.Run), with the API user as
// the history's user.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/canary/control"
	"github.com/yodeldeploy/yodel/pkg/cmd/restart"
	"github.com/yodeldeploy/yodel/pkg/cmd/rollback"
	"github.com/yodeldeploy/yodel/pkg/cmd/scale"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/listen"
	"github.com/yodeldeploy/yodel/pkg/server"
)

// Options are `yodel server`'s.
type Options struct {
	Realm  string
	Listen string
	Deps   svcutil.Deps
	// LookupEnv resolves the API users' credentials, the agent token and
	// secrets of rebuilt canary apps (os.LookupEnv).
	LookupEnv func(string) (string, bool)
	// Ready, when set, receives the address the API listens on (tests).
	Ready func(addr string)
	// Poll overrides the server's poll (tests).
	Poll time.Duration
	// DrivePoll overrides the driver's control poll (tests).
	DrivePoll time.Duration
	// AutoscaleInterval overrides the autoscaler's (tests).
	AutoscaleInterval time.Duration
}

// The bounds of the changes the server makes (an API scale or rollback,
// an autoscale), as the CLI's defaults: --timeout and --progress-deadline.
const (
	changeTimeout    = 15 * time.Minute
	progressDeadline = 5 * time.Minute
)

func NewCmdServer(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{LookupEnv: os.LookupEnv}
	cmd := &cobra.Command{
		Use:   "server --realm <realm> [--listen <addr>]",
		Short: "Run the realm's deploy watcher: finishes rollouts without a CLI, serves the API",
		Long: `Run the realm's server. The servers of a realm elect one leader through the
realm's state store (run two for high availability: only the leader acts).
The leader drives every canary rollout that has no live driver to its end,
with the same locks and history as the CLI: one deployed with
'yodel deploy --detach' at once, one whose deploying CLI died (killed, or its
machine went to sleep) after the realm's server.adoptAfter (default 30s),
never while its driver lives.

The leader also autoscales every service whose manifest has an autoscale
section (min, max, targetRequestsPerTask, cooldowns) from the lb agents'
request rates, never during a rollout, with the engine 'yodel scale' uses;
each change is a history row by the user "autoscaler".

It serves a JSON API under /v1 (realm overview, services, rollouts, history,
agents; scale, rollout promote/abort/pause/resume, rollback) for the users in
the realm's server.users, /healthz and Prometheus /metrics. See
docs/server.md.`,
		Example: "  $ yodel server --realm prod\n  $ yodel server --realm sandbox --listen 127.0.0.1:9180",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Realm == "" {
				return cmdutil.FlagErrorf("--realm is required")
			}
			opts.Deps = svcutil.DepsFrom(f)
			if runF != nil {
				return runF(opts)
			}
			return Run(c.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Realm, "realm", "r", "", "Realm name or realm file (required)")
	cmd.Flags().StringVar(&opts.Listen, "listen", "", "Address the API listens on (default: the realm's server.listen)")
	return cmd
}

// Run runs the server until ctx ends.
func Run(ctx context.Context, opts *Options) error {
	// A closed log pipe must not stop the rollouts it drives.
	cmdutil.KeepRunningOnClosedOutput()
	d := opts.Deps
	if d.Now == nil {
		d.Now = time.Now
	}
	rl, err := d.Realm(opts.Realm)
	if err != nil {
		return err
	}
	users, err := rl.ServerCredentials(opts.LookupEnv)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	mc, err := d.Marathon(rl)
	if err != nil {
		return err
	}
	st, err := d.Store(ctx, rl)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(d.IO.ErrOut, nil)).With("realm", rl.Realm)
	holder := svcutil.Holder(d.Getenv, "yodel server --realm "+opts.Realm, d.Now())
	metrics := server.NewMetrics()
	workers, err := Workers(WorkerDeps{Realm: rl, Store: st, Marathon: mc, LookupEnv: opts.LookupEnv, Log: log,
		Holder: holder, Metrics: metrics, AutoscaleInterval: opts.AutoscaleInterval})
	if err != nil {
		return cmdutil.InvalidInput(err)
	}
	addr := opts.Listen
	if addr == "" {
		addr = rl.Server.Listen
	}
	ln, err := listen.TCP(ctx, addr, listen.Wait, func(err error) {
		log.Warn("address in use; waiting for it to be released", "addr", addr, "within", listen.Wait, "err", err)
	})
	if err != nil {
		return cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("listening on %s: %w", addr, err), "choose another address with --listen or the realm's server.listen")
	}
	actions := &cliActions{realm: opts.Realm, deps: d}
	srv := server.New(server.Config{
		Realm: rl, Store: st, Marathon: mc, LookupEnv: opts.LookupEnv, Logger: log, Metrics: metrics, Users: users,
		Holder: holder,
		Poll:   opts.Poll, Drive: deploy.DriveRequest{Poll: opts.DrivePoll, RealmArg: rl.Arg(), ProgressDeadline: progressDeadline, Settle: deploy.DefaultSettle},
		Actions: actions,
		Workers: workers,
	})
	hs := &http.Server{Handler: withDashboard(srv.Handler(), rl, st, mc, users, actions, opts.LookupEnv, log), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("API server stopped", "err", err)
		}
	}()
	log.Info("yodel server started", "listen", ln.Addr().String(), "store", st.URL(), "adoptAfter", rl.Server.AdoptAfter.D())
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}
	err = srv.Run(ctx)
	sctx, cancel := deploy.Background(5 * time.Second)
	defer cancel()
	_ = hs.Shutdown(sctx)
	log.Info("yodel server stopped")
	return err
}

// cliActions run the API's changes with the CLI's own Run functions, as
// if the API user had typed the command on this machine.
type cliActions struct {
	realm string
	deps  svcutil.Deps
}

func (a *cliActions) depsFor(c server.Caller) (svcutil.Deps, *bytes.Buffer, *bytes.Buffer) {
	ios, _, out, errOut := iostreams.Test()
	d := a.deps
	d.IO = ios
	getenv := d.Getenv
	d.Getenv = func(k string) string {
		if k == "USER" {
			return c.User
		}
		if k == "CI" {
			return "true" // never prompt
		}
		return getenv(k)
	}
	return d, out, errOut
}

func (a *cliActions) common(svc string) svcutil.Common {
	return svcutil.Common{Service: svc, Realm: a.realm, Yes: true, NonInteractive: true}
}

func outcome(err error, out, errOut *bytes.Buffer) server.Outcome {
	o := server.Outcome{ExitCode: cmdutil.ExitCode(err), Output: errOut.String()}
	o.Status = server.StatusOf(err, o.ExitCode)
	if err != nil {
		o.Error, o.Hint = err.Error(), cmdutil.Hint(err)
	}
	var v any
	if json.Unmarshal(out.Bytes(), &v) == nil {
		o.Result = v
	} else if s := out.String(); s != "" {
		o.Output += s
	}
	return o
}

func (a *cliActions) Scale(ctx context.Context, c server.Caller, svc string, n int) server.Outcome {
	d, out, errOut := a.depsFor(c)
	err := scale.Run(ctx, &scale.Options{Common: a.common(svc), Deps: d, Instances: n, Output: cmdutil.OutputJSON,
		Timeout: changeTimeout, ProgressDeadline: progressDeadline, Settle: deploy.DefaultSettle,
		Args: []string{"scale", svc, strconv.Itoa(n), "--realm", a.realm, "(api: " + c.Request + ")"}})
	return outcome(err, out, errOut)
}

func (a *cliActions) Rollback(ctx context.Context, c server.Caller, svc, to string) server.Outcome {
	d, out, errOut := a.depsFor(c)
	args := []string{"rollback", svc, "--realm", a.realm}
	if to != "" {
		args = append(args, "--to", to)
	}
	err := rollback.Run(ctx, &rollback.Options{Common: a.common(svc), Deps: d, To: to, Output: cmdutil.OutputJSON,
		Timeout: changeTimeout, ProgressDeadline: progressDeadline, Settle: deploy.DefaultSettle,
		Args: append(args, "(api: "+c.Request+")")})
	return outcome(err, out, errOut)
}

func (a *cliActions) Restart(ctx context.Context, c server.Caller, svc string) server.Outcome {
	d, out, errOut := a.depsFor(c)
	err := restart.Run(ctx, &restart.Options{Common: a.common(svc), Deps: d, Output: cmdutil.OutputJSON,
		Timeout: changeTimeout, ProgressDeadline: progressDeadline, Settle: deploy.DefaultSettle,
		Args: []string{"restart", svc, "--realm", a.realm, "(api: " + c.Request + ")"}})
	return outcome(err, out, errOut)
}

// Rollout only writes the rollout record (--detach): the leader drives.
func (a *cliActions) Rollout(ctx context.Context, c server.Caller, svc, verb string, full bool) server.Outcome {
	d, out, errOut := a.depsFor(c)
	err := control.Run(ctx, &control.Options{Common: a.common(svc), Deps: d, Verb: verb, Full: full, Detach: true,
		Timeout: 5 * time.Minute, ApplyTimeout: 10 * time.Second,
		Args: []string{"canary", verb, svc, "--realm", a.realm, "(api: " + c.Request + ")"}})
	o := outcome(err, out, errOut)
	o.Output += out.String()
	return o
}
