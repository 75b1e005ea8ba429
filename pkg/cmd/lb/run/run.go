// Package run implements `yodel lb run`: the lb agent in the foreground.
package run

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmd/lb/shared"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/listen"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	haproxytmpl "github.com/yodeldeploy/yodel/templates/haproxy"
)

// TokenEnv holds the agent API token when the API is bound off loopback.
const TokenEnv = realm.AgentTokenEnv

type Options struct {
	IO        *iostreams.IOStreams
	Factory   *cmdutil.Factory
	HAProxy   shared.HAProxyFlags
	Listen    string
	ID        string
	TokenFile string
	Verbose   bool
	// Ready, if set, is called with the API's address once it listens.
	Ready func(addr string)
}

func NewCmdRun(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f}
	cmd := &cobra.Command{
		Use:   "run --realm <realm> [flags]",
		Short: "Run the lb agent: keep this HAProxy in step with Marathon",
		Long: `Run the lb agent beside one HAProxy (master-worker mode, started with -S
<master socket>). It routes every Marathon app with servicePorts: one
frontend per servicePort on the realm's haproxy.bindAddress, a server per
healthy task, weights per track from the routing state. What one app may
ask is bounded (haproxy.maxPortsPerApp, haproxy.maxFrontends, the realm's
servicePortRange, no frontends without tasks), yodel services with routing
state win a contested servicePort, and a routing state routes only the
service's own apps; what is refused and why is in /v1/status.

Task churn and weight changes go through HAProxy's runtime API (no reload);
only structural changes (a service or port added or removed, a mode change)
are validated with "haproxy -c" and reloaded seamlessly. When Marathon or the
store is unreachable HAProxy keeps serving what it has; the agent retries.
An HAProxy that no longer runs is reported as down (/v1/status haproxy,
yodel_lb_haproxy_up 0): restart it, from the configuration file the agent
keeps at the last good state.

The base configuration (global, defaults) is the realm's haproxy.template, or
the HAProxy config found at the first start, kept as <config>.base.

The agent API (/healthz, /v1/status, /v1/stats, /metrics) listens on
--listen, default the realm's haproxy.agentListen; an empty host means
127.0.0.1. Bound to any other address it requires a token, from $YODEL_LB_TOKEN
or --token-file, sent as "Authorization: Bearer <token>".

Stop with SIGTERM or Ctrl-C: the agent deregisters and HAProxy keeps serving.`,
		Example: `  $ yodel lb run --realm prod
  $ yodel lb run --realm ./realms/local.yaml --listen 127.0.0.1:9190`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.HAProxy.Check(); err != nil {
				return err
			}
			if opts.Listen != "" {
				if _, _, err := net.SplitHostPort(opts.Listen); err != nil {
					return cmdutil.FlagErrorf("--listen %q is not host:port, for example 127.0.0.1:9190", opts.Listen)
				}
			}
			if opts.ID != "" && state.CheckAgentID(opts.ID) != nil {
				return cmdutil.FlagErrorf("--id %q: use 1-128 letters, digits, '_', '.' and '-', starting and ending with a letter or digit", opts.ID)
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	opts.HAProxy.Add(cmd)
	cmd.Flags().StringVar(&opts.Listen, "listen", "", "Agent API address host:port (default: the realm's haproxy.agentListen)")
	cmd.Flags().StringVar(&opts.ID, "id", "", "Agent id in the store (default: <hostname>-<api port>)")
	cmd.Flags().StringVar(&opts.TokenFile, "token-file", "", "File holding the agent API token (default: $"+TokenEnv+")")
	cmd.Flags().BoolVarP(&opts.Verbose, "verbose", "v", false, "Log every sync, not only changes")
	return cmd
}

// listenAddr is where the agent API listens when haproxy.agentListen (or
// --listen) names no host: every interface when a token guards the API,
// registered under the host's name so CLIs on other hosts can read the
// canary counters; loopback without a token.
func listenAddr(listen, token string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil || host != "" {
		return listen
	}
	if token == "" {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return net.JoinHostPort("", port)
}

// Run runs the agent until ctx ends.
func Run(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// A closed log pipe must not stop HAProxy's routing.
	cmdutil.KeepRunningOnClosedOutput()
	f := opts.Factory
	if f.Marathon == nil || f.Store == nil {
		return shared.ErrNoFactory
	}
	setup, err := shared.Load(f, &opts.HAProxy)
	if err != nil {
		return err
	}
	r := setup.Realm
	apiAddr := opts.Listen
	if apiAddr == "" {
		apiAddr = r.HAProxy.AgentListen
	}
	token, err := readToken(opts, f.Getenv, r)
	if err != nil {
		return err
	}
	apiAddr = listenAddr(apiAddr, token)
	if token == "" && !lb.IsLoopback(apiAddr) {
		return cmdutil.WithExit(cmdutil.ExitInvalid,
			fmt.Errorf("the agent API would listen on %s, off loopback, without a token", apiAddr),
			"set $"+TokenEnv+" or --token-file, or listen on 127.0.0.1")
	}

	level := slog.LevelInfo
	if opts.Verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(opts.IO.ErrOut, &slog.HandlerOptions{Level: level}))
	if lb.IsLoopback(apiAddr) && strings.HasPrefix(r.State, "zk://") {
		// The registry is shared with other hosts, which would read this
		// agent's counters on their own loopback: they skip it, and the
		// canaries it routes go unjudged from there.
		log.Warn("the agent API listens on loopback in a realm shared across hosts: a CLI on another host cannot read this agent's canary counters; set haproxy.agentListen (or --listen) to a routable address, with haproxy.agentToken",
			"listen", apiAddr, "realm", r.File)
	}

	if err := servePprof(f.Getenv(PprofEnv), log); err != nil {
		return cmdutil.InvalidInput(err)
	}
	mc, err := f.Marathon(r)
	if err != nil {
		return err
	}
	mc.OnLeftOut(func(err error) { log.Warn("an app is not routed", "err", err) })
	hopts := setup.HAProxy
	hopts.Logger = log
	hx, err := haproxy.New(hopts)
	if err != nil {
		return cmdutil.InvalidInput(err)
	}

	accessLog := openAccessLog(hopts.ConfigPath, log)
	if accessLog != nil {
		go accessLog.Run()
		defer accessLog.Close()
	}

	ln, err := listen.TCP(ctx, apiAddr, listen.Wait, func(err error) {
		log.Warn("agent API address in use; waiting for it to be released", "listen", apiAddr, "within", listen.Wait, "err", err)
	})
	if err != nil {
		return fmt.Errorf("agent API: %w (pick another address with --listen or haproxy.agentListen)", err)
	}
	addr := ln.Addr().String()
	id := opts.ID
	if id == "" {
		id = defaultID(addr)
	}
	advertised := addr
	if h, p, _ := net.SplitHostPort(addr); net.ParseIP(h).IsUnspecified() {
		hn, _ := os.Hostname()
		advertised = net.JoinHostPort(hn, p)
	}
	hook, closeHook := curatorHook(r, log)
	defer closeHook()
	agent, err := lb.New(lb.Options{
		Marathon: mc, HAProxy: hx, Build: setup.Build, Logger: log,
		OpenStore: func(ctx context.Context) (state.Store, error) { return f.Store(ctx, r) },
		Agent:     state.Agent{ID: id, Address: advertised, StartedAt: time.Now().UTC()},
		Resync:    r.HAProxy.ResyncInterval.D(),
		Applied:   appliedHook(hook),
		AccessLog: accessLog,
	})
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: agent.Handler(token), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("yodel lb agent started", "realm", r.Realm, "id", id, "api", addr, "haproxy_config", hopts.ConfigPath,
		"marathon", strings.Join(mc.URLs(), ","), "store", r.State)
	if opts.Ready != nil {
		opts.Ready(addr)
	}

	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- agent.Run(actx) }()
	select {
	case err = <-serveErr:
		cancel()
		<-runErr
		return fmt.Errorf("agent API: %w", err)
	case err = <-runErr:
	}
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer scancel()
	_ = srv.Shutdown(sctx)
	// Server changes reach the config file in the background.
	if cerr := hx.Close(); cerr != nil {
		log.Warn("haproxy config file not up to date with the runtime; the next agent start writes the missing servers", "err", cerr)
	}
	if err != nil {
		return err
	}
	log.Info("yodel lb agent stopped; HAProxy keeps serving the last applied configuration")
	return nil
}

// openAccessLog binds the socket the base config sends per-request logs
// to (haproxytmpl.AccessLogPath). Without it the agent still routes and
// counts; only the canary's latency checks go without figures (and are
// inconclusive), so a failure is a warning, not a stop.
func openAccessLog(configPath string, log *slog.Logger) *lb.AccessLog {
	path := haproxytmpl.AccessLogPath(configPath)
	if path == "" {
		log.Warn("no access log: the socket path beside the HAProxy config would be too long for a unix socket; canary latency checks will be inconclusive", "haproxy_config", configPath)
		return nil
	}
	al, err := lb.ListenAccessLog(path)
	if err != nil {
		log.Warn("no access log; canary latency checks will be inconclusive", "err", err)
		return nil
	}
	return al
}

func readToken(opts *Options, getenv func(string) string, r *realm.Realm) (string, error) {
	if opts.TokenFile != "" {
		b, err := os.ReadFile(opts.TokenFile)
		if err != nil {
			return "", cmdutil.InvalidInput(fmt.Errorf("--token-file: %w", err))
		}
		t := strings.TrimSpace(string(b))
		if t == "" {
			return "", cmdutil.InvalidInput(fmt.Errorf("--token-file %s is empty", opts.TokenFile))
		}
		return t, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	// The realm's haproxy.agentToken (the CLI reads the counters with
	// it), else $YODEL_LB_TOKEN.
	tok, err := r.AgentToken(func(k string) (string, bool) { v := getenv(k); return v, v != "" })
	if err != nil {
		return "", cmdutil.InvalidInput(err)
	}
	return tok, nil
}

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// defaultID is <hostname>-<port>: unique per agent on a host, stable across
// restarts.
func defaultID(addr string) string {
	hn, err := os.Hostname()
	if err != nil || hn == "" {
		hn = "lb"
	}
	hn = strings.Trim(idUnsafe.ReplaceAllString(hn, "-"), "-._")
	if len(hn) > 100 {
		hn = hn[:100]
	}
	_, port, _ := net.SplitHostPort(addr)
	if _, err := strconv.Atoi(port); err != nil {
		port = "0"
	}
	if hn == "" {
		hn = "lb"
	}
	return hn + "-" + port
}
