package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	haproxytmpl "github.com/yodeldeploy/yodel/templates/haproxy"
)

// Options configure Up.
type Options struct {
	Dir        string // required, absolute or relative
	Exe        string // the yodel binary that runs the emulator and agent
	HAProxyBin string // default: haproxy on PATH, else /usr/sbin/haproxy
	Executor   string // emulator executor: process (default) or inproc
	// PortRange is the emulator's task host port range, "lo-hi". Default
	// DefaultPortRange: wide enough for the 3000 instances a realm allows.
	PortRange string
	// BindAddress is where HAProxy binds service frontends (realm
	// haproxy.bindAddress). Default 127.0.0.1.
	BindAddress string
	// Timeout bounds the wait for every component to answer. Default 60s.
	Timeout time.Duration
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
	// Store is the routing-state store: StoreFile (default) or
	// StoreZooKeeper, a real ZooKeeper the sandbox starts and owns, as
	// production realms use.
	Store string
	// MarathonVersion ("1.4", the default, or "1.10") and MarathonFeatures
	// (Marathon's --enable_features) choose the Marathon the emulator
	// models; they are recorded in sandbox.json.
	MarathonVersion  string
	MarathonFeatures []string
	// MarathonMaxVersions is Marathon's --zk_max_versions for the
	// emulator (0: Marathon's default, 50).
	MarathonMaxVersions int
	// MarathonManualJobs is the emulator's --manual-jobs: Marathon's
	// periodic jobs run only when POST /_emulator/jobs/{job} asks.
	MarathonManualJobs bool
	// InsecureMarathon starts the emulator without credentials. By default
	// it gets a generated user and password (files 0600 in Dir, named in
	// the realm): every local user can reach its port, and every app
	// posted to it runs `sh -c` as the user who ran `sandbox up`.
	InsecureMarathon bool
	// NoServer does not start the realm's `yodel server` (which a yodel
	// without the command does not either).
	NoServer bool
	// AgentListen is the lb agent's API address (realm
	// haproxy.agentListen); default a free loopback port. A port from
	// Linux's ephemeral range, as a free one is, can be taken by any
	// outgoing connection while the agent is down; one below it cannot.
	AgentListen string
}

// Store kinds of Options.Store.
const (
	StoreFile      = "file"
	StoreZooKeeper = "zookeeper"
)

// DefaultPortRange is the sandbox emulator's task host port range. A real
// Mesos agent offers 31000-32000 (1001 ports), but the sandbox is one
// "agent" that must hold the realm's 3000 instances (limits.maxInstances),
// one port each. The range stays below Linux's ephemeral ports (32768 and
// up by default): tests and tools that bind port 0 or open connections get
// ports from there, and a task port handed out in that range would race them.
const DefaultPortRange = "21000-30999"

// Sandbox is a running sandbox as seen by the process that started it (or
// found it running).
type Sandbox struct {
	Record
	// Exited receives each component that exits while this process is its
	// parent; nil when the sandbox was already running.
	Exited <-chan Component
}

// ErrNoEmulator means the yodel binary has no `sandbox marathon` command.
var ErrNoEmulator = errors.New("this yodel binary has no Marathon emulator (`yodel sandbox marathon`)")

// Up starts the sandbox in opts.Dir and returns once every component
// answers. already is true when it was running: Up then changes nothing.
// On failure, whatever Up started is stopped again.
func Up(ctx context.Context, opts Options) (sb *Sandbox, already bool, err error) {
	if opts.Dir == "" {
		return nil, false, errors.New("sandbox: no directory")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, false, err
	}
	l := Layout{Dir: dir}
	if err := l.check(); err != nil {
		return nil, false, err
	}
	if opts.Executor == "" {
		opts.Executor = "process"
	}
	if opts.PortRange == "" {
		opts.PortRange = DefaultPortRange
	}
	if opts.BindAddress == "" {
		opts.BindAddress = "127.0.0.1"
	}
	if opts.Timeout == 0 {
		opts.Timeout = 60 * time.Second
	}
	switch opts.Store {
	case "":
		opts.Store = StoreFile
	case StoreFile, StoreZooKeeper:
	default:
		return nil, false, fmt.Errorf("sandbox: store %q: must be %s or %s", opts.Store, StoreFile, StoreZooKeeper)
	}
	mode, err := emulator.NewMode(opts.MarathonVersion, opts.MarathonFeatures)
	if err != nil {
		return nil, false, fmt.Errorf("sandbox: %w", err)
	}
	if opts.MarathonVersion == "" {
		opts.MarathonVersion = emulator.Version14
	}
	opts.MarathonFeatures = mode.Features
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	if opts.Exe == "" {
		if opts.Exe, err = os.Executable(); err != nil {
			return nil, false, err
		}
	}
	for _, d := range []string{dir, l.MarathonDir(), l.StoreDir(), l.HAProxyDir(), l.LogsDir()} {
		// 0700: the state decides where traffic goes and the emulator's
		// holds the tasks' env. The subdirectories are the sandbox's own
		// (an older one made them 0755); dir may be the user's, left as is.
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, false, fmt.Errorf("create sandbox directory: %w", err)
		}
		if d != dir {
			if err := os.Chmod(d, 0o700); err != nil {
				return nil, false, fmt.Errorf("sandbox directory: %w", err)
			}
		}
	}
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return nil, false, err
	}
	defer unlock()

	var prev *Record
	if rec, err := LoadRecord(dir); err == nil {
		if rec.allAlive() {
			return &Sandbox{Record: *rec}, true, nil
		}
		fmt.Fprintf(opts.Progress, "cleaning up the remains of a previous sandbox in %s (restarted on its ports where they are free)\n", dir)
		if _, err := down(ctx, dir, rec, opts.Progress); err != nil {
			return nil, false, err
		}
		prev = rec
	} else if !errors.Is(err, ErrNotRunning) {
		return nil, false, err
	}

	haproxyBin, err := findHAProxy(opts.HAProxyBin)
	if err != nil {
		return nil, false, err
	}
	if opts.Store == StoreZooKeeper {
		if err := zooKeeperInstalled(); err != nil {
			return nil, false, err
		}
	}
	if !hasCommand(ctx, opts.Exe, "sandbox", "marathon") {
		return nil, false, fmt.Errorf("%w: %s", ErrNoEmulator, opts.Exe)
	}
	withAgent := hasCommand(ctx, opts.Exe, "lb", "run")
	withServer := !opts.NoServer && hasCommand(ctx, opts.Exe, "server")

	exited := make(chan Component, 16)
	u := &upper{opts: opts, l: l, exited: exited, prev: prev, rec: &Record{
		Dir: dir, RealmFile: l.RealmFile(), StoreURL: l.StoreURL(), StartedAt: time.Now().UTC(),
	}}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	if err := u.run(ctx, haproxyBin, withAgent, withServer); err != nil {
		// Stop what was started; the record on disk lets a later down do
		// it should this process die first.
		if _, derr := down(context.WithoutCancel(ctx), dir, u.rec, io.Discard); derr != nil {
			err = fmt.Errorf("%w (and stopping what had started: %v)", err, derr)
		}
		return nil, false, err
	}
	return &Sandbox{Record: *u.rec, Exited: exited}, false, nil
}

func (r *Record) allAlive() bool {
	if len(r.Components) == 0 {
		return false
	}
	for _, c := range r.Components {
		if !c.Alive() {
			return false
		}
	}
	return true
}

type upper struct {
	opts   Options
	l      Layout
	rec    *Record
	exited chan Component
	// stateAuth is set for a ZooKeeper store.
	stateAuth *RealmStateAuth
	// marathonAuth is the emulator's login, nil with InsecureMarathon.
	marathonAuth *RealmAuth
	// server is the realm's server section, nil without a server.
	server *RealmServer
	// prev is the record of the sandbox this one replaces (some of its
	// components had died), nil for a new one: its ports are tried first,
	// so the realm file keeps its addresses and a command running against
	// it (a canary's deploy) carries on.
	prev *Record
}

// again tries the host:port of url (a component's address in prev) first.
func (u *upper) again(url func(*Record) string) startOpt {
	if u.prev == nil {
		return func(a string) (string, error) { return a, nil }
	}
	addr := strings.TrimPrefix(strings.TrimPrefix(url(u.prev), "http://"), "https://")
	if i := strings.IndexByte(addr, '/'); i >= 0 {
		addr = addr[:i]
	}
	if addr == "" {
		return func(a string) (string, error) { return a, nil }
	}
	return withAddr(addr)
}

func (u *upper) run(ctx context.Context, haproxyBin string, withAgent, withServer bool) error {
	p := u.opts.Progress
	var emuUser, emuPassword string
	var emuAuthArgs []string
	if !u.opts.InsecureMarathon {
		pw, err := secretFile(u.l.MarathonPasswordFile())
		if err != nil {
			return err
		}
		if err := os.WriteFile(u.l.MarathonCredentialsFile(), []byte(sandboxUser+":"+pw+"\n"), 0o600); err != nil {
			return fmt.Errorf("write %s: %w", u.l.MarathonCredentialsFile(), err)
		}
		emuUser, emuPassword = sandboxUser, pw
		emuAuthArgs = []string{"--credentials-file", u.l.MarathonCredentialsFile()}
		u.marathonAuth = &RealmAuth{Basic: RealmDigest{User: sandboxUser, PasswordFile: u.l.MarathonPasswordFile()}}
	}
	var emuAddr string
	emu, err := u.startRetrying(ctx, CompMarathon, func(addr string) []string {
		emuAddr = addr
		return append([]string{u.opts.Exe, "sandbox", "marathon", "--listen", addr,
			"--state-dir", u.l.MarathonDir(), "--executor", u.opts.Executor, "--port-range", u.opts.PortRange,
			"--marathon-version", u.opts.MarathonVersion, "--enable-features", strings.Join(u.opts.MarathonFeatures, ",")}, u.emulatorArgs(emuAuthArgs)...)
	}, ownListener(func(c Component) error { return httpOKAuth("http://"+c.Addr+"/ping", emuUser, emuPassword) }), u.again(func(r *Record) string { return r.MarathonURL }))
	if err != nil {
		return err
	}
	u.rec.MarathonURL = "http://" + emuAddr
	u.rec.MarathonVersion, u.rec.MarathonFeatures = u.opts.MarathonVersion, u.opts.MarathonFeatures
	fmt.Fprintf(p, "marathon emulator  %s  (pid %d)\n", u.rec.MarathonURL, emu.PID)

	var statsAddr string
	hap, err := u.startRetrying(ctx, CompHAProxy, func(addr string) []string {
		statsAddr = addr
		// The master CLI can reload and kill: only this user may connect
		// (HAProxy leaves it to the umask otherwise, 0755 by default).
		return []string{haproxyBin, "-W", "-S", u.l.MasterSocket() + ",mode,600", "-f", u.l.HAProxyConfig(), "-p", u.l.HAProxyPidFile()}
	}, func(Component) error {
		if err := haproxyAnswers(u.l.AdminSocket()); err != nil {
			return err
		}
		return masterAnswers(u.l.MasterSocket())
	}, u.again(func(r *Record) string { return r.StatsURL }), u.prepareHAProxy(haproxyBin))
	if err != nil {
		return err
	}
	u.rec.StatsURL = "http://" + statsAddr + "/stats"
	fmt.Fprintf(p, "haproxy            %s  (pid %d, admin socket %s)\n", u.rec.StatsURL, hap.PID, u.l.AdminSocket())

	agentAddr := u.opts.AgentListen
	if agentAddr == "" {
		if agentAddr, err = freeAddr(); err != nil {
			return err
		}
		if agentAddr, err = u.again(func(r *Record) string { return r.AgentURL })(agentAddr); err != nil {
			return err
		}
	}
	if u.opts.Store == StoreZooKeeper {
		zk, err := u.startZooKeeper(ctx)
		if err != nil {
			return err
		}
		u.rec.StoreURL = "zk://" + zk.Addr + zkRoot
		// Every local user can reach a loopback ZooKeeper: the state is
		// written under a digest identity of this sandbox's own.
		if _, err := secretFile(u.l.StatePasswordFile()); err != nil {
			return err
		}
		u.stateAuth = &RealmStateAuth{Digest: RealmDigest{User: sandboxUser, PasswordFile: u.l.StatePasswordFile()}}
		fmt.Fprintf(p, "zookeeper store    %s  (pid %d)\n", u.rec.StoreURL, zk.PID)
	} else {
		fmt.Fprintf(p, "file store         %s\n", u.rec.StoreURL)
	}
	var serverAddr string
	if withServer {
		if serverAddr, err = freeAddr(); err != nil {
			return err
		}
		if serverAddr, err = u.again(func(r *Record) string { return r.ServerURL })(serverAddr); err != nil {
			return err
		}
		if _, err := secretFile(u.l.ServerTokenFile()); err != nil {
			return err
		}
		u.server = &RealmServer{URL: "http://" + serverAddr, Listen: serverAddr,
			Users: []RealmServerUser{{Name: sandboxUser, Role: "admin", Token: RealmTokenFile{File: u.l.ServerTokenFile()}}}}
	}
	if err := u.realm(agentAddr).write(u.l.RealmFile()); err != nil {
		return err
	}

	// OPTIONAL STEP — the lb agent (issue 6). It runs only when this yodel
	// has `lb run`, so the sandbox works before and after that issue.
	if withAgent {
		agent, err := u.startRetrying(ctx, CompAgent, func(addr string) []string {
			if addr != agentAddr { // a retry after a port clash
				agentAddr = addr
				_ = u.realm(addr).write(u.l.RealmFile())
			}
			return []string{u.opts.Exe, "lb", "run", "--realm", u.l.RealmFile()}
		}, ownListener(func(c Component) error { return httpOK("http://" + c.Addr + "/healthz") }), withAddr(agentAddr))
		if err != nil {
			return err
		}
		u.rec.AgentURL = "http://" + agentAddr
		fmt.Fprintf(p, "lb agent           %s  (pid %d)\n", u.rec.AgentURL, agent.PID)
	}
	// OPTIONAL STEP — the realm's server (issue 17), when this yodel has
	// `server`: it finishes rollouts no CLI drives (deploy --detach).
	if withServer {
		srv, err := u.startRetrying(ctx, CompServer, func(addr string) []string {
			if addr != serverAddr { // a retry after a port clash
				serverAddr = addr
				u.server.URL, u.server.Listen = "http://"+addr, addr
				_ = u.realm(agentAddr).write(u.l.RealmFile())
			}
			return []string{u.opts.Exe, "server", "--realm", u.l.RealmFile()}
		}, ownListener(func(c Component) error { return httpOK("http://" + c.Addr + "/healthz") }), withAddr(serverAddr))
		if err != nil {
			return err
		}
		u.rec.ServerURL = u.server.URL
		fmt.Fprintf(p, "yodel server       %s  (pid %d, API token in %s)\n", u.rec.ServerURL, srv.PID, u.l.ServerTokenFile())
		fmt.Fprintf(p, "dashboard          %s/ui/  (sign in as %s, password: the token in %s)\n", u.rec.ServerURL, ServerUser, u.l.ServerTokenFile())
	}
	fmt.Fprintf(p, "realm file         %s\n", u.l.RealmFile())
	return u.rec.save()
}

func (u *upper) realm(agentAddr string) RealmFile {
	return RealmFile{
		Realm:     RealmName,
		Marathon:  RealmMarathon{URLs: []string{u.rec.MarathonURL}, Auth: u.marathonAuth},
		State:     u.rec.StoreURL,
		StateAuth: u.stateAuth,
		HAProxy: RealmHAProxy{
			BindAddress:      u.opts.BindAddress,
			ConfigPath:       u.l.HAProxyConfig(),
			SocketPath:       u.l.AdminSocket(),
			MasterSocketPath: u.l.MasterSocket(),
			AgentListen:      agentAddr,
		},
		Limits: RealmLimits{MaxCpus: 64, MaxMem: 65536, MaxInstances: 3000},
		Mesos:  RealmMesos{AgentURL: u.rec.MarathonURL},
		Server: u.server,
	}
}

// startOpt adjusts one start attempt.
type startOpt func(addr string) (string, error)

// withAddr makes the first attempt use addr (already written elsewhere).
func withAddr(addr string) startOpt {
	first := true
	return func(a string) (string, error) {
		if first {
			first = false
			return addr, nil
		}
		return a, nil
	}
}

// prepareHAProxy renders the base config for the attempt's stats address
// and validates it with `haproxy -c`, so a bad config reads as such rather
// than as a process that died.
func (u *upper) prepareHAProxy(bin string) startOpt {
	return func(addr string) (string, error) {
		var b bytes.Buffer
		if err := haproxytmpl.Render(&b, haproxytmpl.Base{Purpose: "sandbox " + u.l.Dir,
			AdminSocket: u.l.AdminSocket(), ServerStateFile: u.l.ServerStateFile(), StatsBind: addr,
			AccessLogSocket: haproxytmpl.AccessLogPath(u.l.HAProxyConfig())}); err != nil {
			return "", err
		}
		if err := os.WriteFile(u.l.HAProxyConfig(), b.Bytes(), 0o644); err != nil {
			return "", err
		}
		if _, err := os.Stat(u.l.ServerStateFile()); errors.Is(err, os.ErrNotExist) {
			// "1" is the file format version: HAProxy warns about a file
			// without one.
			if err := os.WriteFile(u.l.ServerStateFile(), []byte("1\n"), 0o644); err != nil {
				return "", err
			}
		}
		if out, err := exec.Command(bin, "-c", "-q", "-f", u.l.HAProxyConfig()).CombinedOutput(); err != nil {
			return "", fmt.Errorf("haproxy -c -f %s: %v\n%s", u.l.HAProxyConfig(), err, out)
		}
		return addr, nil
	}
}

// startRetrying starts a component on a free port and waits until ready
// passes. Ports are picked by binding :0 and closing, so another process
// (a parallel sandbox) may take one before the child binds it: when the
// child dies saying so, it is started again on another port.
func (u *upper) startRetrying(ctx context.Context, name string, argv func(addr string) []string,
	ready func(Component) error, prep ...startOpt) (Component, error) {
	const attempts = 4
	var lastErr error
	for i := 0; i < attempts; i++ {
		addr, err := freeAddr()
		if err != nil {
			return Component{}, err
		}
		for _, p := range prep {
			if addr, err = p(addr); err != nil {
				return Component{}, err
			}
		}
		c, err := u.start(name, addr, argv(addr))
		if err != nil {
			return Component{}, err
		}
		lastErr = waitReady(ctx, c, ready)
		if lastErr == nil {
			return c, nil
		}
		if !c.Alive() && portClash(c.Log) && ctx.Err() == nil {
			fmt.Fprintf(u.opts.Progress, "%s: port %s was taken meanwhile, retrying on another\n", name, addr)
			continue
		}
		return Component{}, lastErr
	}
	return Component{}, lastErr
}

// start launches argv as its own session (its own process group, no
// controlling terminal), so it outlives this process (--detach), Ctrl-C in
// the terminal reaches only yodel, and down can signal the whole group.
func (u *upper) start(name, addr string, argv []string) (Component, error) {
	logPath := u.l.LogFile(name)
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return Component{}, fmt.Errorf("%s log: %w", name, err)
	}
	defer logf.Close()
	fmt.Fprintf(logf, "=== %s yodel sandbox: starting %s\n", time.Now().UTC().Format(time.RFC3339), strings.Join(argv, " "))
	closeInheritedOnExec()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = u.l.Dir
	cmd.Env = append(os.Environ(), ownerEnv+"="+u.l.Dir)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return Component{}, fmt.Errorf("start %s: %w", name, err)
	}
	c := Component{Name: name, PID: cmd.Process.Pid, StartTicks: startTicks(cmd.Process.Pid),
		StartedAt: time.Now().UTC(), Addr: addr, Log: logPath, Args: argv}
	u.rec.put(c)
	// Saved at once: should this process die now, down still finds it.
	if err := u.rec.save(); err != nil {
		_ = cmd.Process.Kill()
		return Component{}, err
	}
	go func() {
		_ = cmd.Wait() // reaps it, so alive() sees the exit
		select {
		case u.exited <- c:
		default: // nobody listening (--detach, or a failed attempt)
		}
	}()
	return c, nil
}

// ownListener makes ready pass only once c's own process holds the
// listener on c.Addr. Ports are picked by binding :0 and closing, so a
// parallel sandbox may start its component on the same port first: its
// answers would pass the ready check while this one, still starting, is
// about to fail its bind, and this sandbox would record the other's
// address (two test sandboxes then deployed to one emulator: "superseded:
// the app's configuration changed again" in a first deploy). Not owning
// it, the check keeps failing until the child exits on its bind error,
// and startRetrying picks another port.
func ownListener(ready func(Component) error) func(Component) error {
	return func(c Component) error {
		if err := ready(c); err != nil {
			return err
		}
		ok, err := holdsListener(c.PID, c.Addr)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s answers, but not from pid %d: another process holds the port", c.Addr, c.PID)
		}
		return nil
	}
}

// waitReady polls ready until it passes, the process exits or ctx ends.
func waitReady(ctx context.Context, c Component, ready func(Component) error) error {
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		if last = ready(c); last == nil {
			return nil
		}
		if !c.Alive() {
			return fmt.Errorf("%s exited during start-up; %s says:\n%s", c.Name, c.Log, logTail(c.Log, 15))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer in time (%v); last check: %v; %s says:\n%s",
				c.Name, ctx.Err(), last, c.Log, logTail(c.Log, 15))
		case <-tick.C:
		}
	}
}

var probeClient = &http.Client{Timeout: 2 * time.Second}

func httpOK(url string) error { return httpOKAuth(url, "", "") }

// httpOKAuth is httpOK with basic auth when user is set.
func httpOKAuth(url, user, password string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if user != "" {
		req.SetBasicAuth(user, password)
	}
	resp, err := probeClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// haproxyAnswers asks the admin socket `show info`: the socket exists only
// once the worker runs, and answering proves the runtime API works.
func haproxyAnswers(sock string) error {
	b, err := askSocket(sock, "show info\n")
	if err != nil {
		return err
	}
	if !bytes.Contains(b, []byte("Name: HAProxy")) {
		return fmt.Errorf("%s: unexpected answer to show info: %.80q", sock, b)
	}
	return nil
}

// masterAnswers asks the master CLI `show proc`. The master starts
// listening only after its worker is up, later than the admin socket, and
// the lb agent reloads through it.
func masterAnswers(sock string) error {
	b, err := askSocket(sock, "show proc;quit\n")
	if err != nil {
		return err
	}
	if !bytes.Contains(b, []byte("worker")) {
		return fmt.Errorf("%s: no worker in show proc: %.120q", sock, b)
	}
	return nil
}

func askSocket(sock, cmd string) ([]byte, error) {
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(conn, cmd); err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(conn, 1<<16))
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("pick a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func portClash(logPath string) bool {
	t := strings.ToLower(logTail(logPath, 20))
	return strings.Contains(t, "address already in use") || strings.Contains(t, "cannot bind socket")
}

// logTail returns the last n lines of a log, indented, for error messages.
func logTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "  (no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "  " + strings.Join(lines, "\n  ")
}

func findHAProxy(bin string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p, nil
	}
	for _, p := range []string{"/usr/sbin/haproxy", "/usr/local/sbin/haproxy"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("haproxy not found on PATH nor in /usr/sbin: install it (apt-get install haproxy, brew install haproxy)")
}

// hasCommand reports whether exe has the command path: cobra prints the
// parent's help for an unknown subcommand of a non-root command and exits 0,
// so the exit code alone proves nothing; the usage line does.
func hasCommand(ctx context.Context, exe string, path ...string) bool {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, exe, append(path, "--help")...).Output()
	return err == nil && bytes.Contains(out, []byte("Usage:\n  yodel "+strings.Join(path, " ")+" "))
}

// HasCommand is hasCommand for tests and helpers that must skip when a
// command (e.g. the emulator) is not built yet.
func HasCommand(ctx context.Context, exe string, path ...string) bool {
	return hasCommand(ctx, exe, path...)
}

// emulatorArgs adds the emulator's --zk-max-versions and
// --manual-jobs to args when the sandbox sets them.
func (u *upper) emulatorArgs(args []string) []string {
	if u.opts.MarathonManualJobs {
		args = append([]string{"--manual-jobs"}, args...)
	}
	if u.opts.MarathonMaxVersions <= 0 {
		return args
	}
	return append([]string{"--zk-max-versions", strconv.Itoa(u.opts.MarathonMaxVersions)}, args...)
}
