// Package haproxytest runs a real HAProxy (master-worker mode) for tests, on
// loopback ports in a temporary directory, and tiny HTTP backends standing
// in for tasks.
package haproxytest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
)

// Options tune Start.
type Options struct {
	Bin string // default /usr/sbin/haproxy
}

// Instance is a running HAProxy master with its files.
type Instance struct {
	Dir              string
	ConfigPath       string
	SocketPath       string // admin stats socket
	MasterSocketPath string
	ServerStateFile  string
	Base             string // the base template it runs with
	MonitorAddr      string // 127.0.0.1:port answering 200
	// AccessLogSocket is where the base config sends per-request logs
	// (nothing listens unless a test binds it: lb.ListenAccessLog).
	AccessLogSocket string

	t       testing.TB
	bin     string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	stopped sync.Once
}

// Start runs HAProxy with an empty routing table and waits until both CLI
// sockets answer. It is stopped at the end of the test.
func Start(t testing.TB, opts Options) *Instance {
	t.Helper()
	if opts.Bin == "" {
		opts.Bin = "/usr/sbin/haproxy"
	}
	if _, err := exec.LookPath(opts.Bin); err != nil {
		t.Fatalf("haproxytest: %s not found (scripts/test.sh installs it): %v", opts.Bin, err)
	}
	// Not t.TempDir: unix socket paths are limited to 108 bytes and test
	// names can be long.
	dir, err := os.MkdirTemp("", "hx")
	if err != nil {
		t.Fatal(err)
	}
	in := &Instance{
		t: t, Dir: dir,
		ConfigPath:       filepath.Join(dir, "haproxy.cfg"),
		SocketPath:       filepath.Join(dir, "admin.sock"),
		MasterSocketPath: filepath.Join(dir, "master.sock"),
		ServerStateFile:  filepath.Join(dir, "server-state"),
		MonitorAddr:      "127.0.0.1:" + strconv.Itoa(FreePort(t)),
		logPath:          filepath.Join(dir, "haproxy.log"),
	}
	in.AccessLogSocket = filepath.Join(dir, "yodel-access.sock")
	in.Base, err = haproxy.RenderBase(haproxy.BaseParams{StatsSocket: in.SocketPath,
		ServerStateFile: in.ServerStateFile, MonitorBind: in.MonitorAddr, MaxConn: 4096,
		AccessLogSocket: in.AccessLogSocket})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in.ConfigPath, []byte(in.Base), 0o644); err != nil {
		t.Fatal(err)
	}
	in.bin = opts.Bin
	t.Cleanup(func() {
		if err := in.Stop(); err != nil {
			t.Errorf("haproxytest: %v", err)
		}
		if !t.Failed() {
			os.RemoveAll(dir)
		} else {
			t.Logf("haproxytest: files kept in %s; log:\n%s", dir, in.Log())
		}
	})
	if err := in.launch(); err != nil {
		t.Fatalf("haproxytest: %v", err)
	}
	return in
}

// launch starts the master on the configuration file as it is, and waits
// until both CLI sockets answer.
func (in *Instance) launch() error {
	logf, err := os.OpenFile(in.logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	in.done = make(chan struct{})
	in.cmd = exec.Command(in.bin, "-W", "-S", in.MasterSocketPath+",mode,600", "-f", in.ConfigPath)
	in.cmd.Stdout, in.cmd.Stderr = logf, logf
	in.cmd.Dir = in.Dir
	if err := in.cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", in.bin, err)
	}
	cmd, done := in.cmd, in.done // a Restart replaces both
	go func() { _ = cmd.Wait(); logf.Close(); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, errS := in.Exec("show info")
		out, errM := in.MasterExec("show proc")
		if errS == nil && errM == nil && strings.Contains(out, "# workers") && len(WorkerPIDs(out)) > 0 {
			return nil
		}
		select {
		case <-done:
			return fmt.Errorf("haproxy exited at start; log:\n%s", in.Log())
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("sockets not answering after 10s (stats: %v, master: %v); log:\n%s", errS, errM, in.Log())
		}
		time.Sleep(20 * time.Millisecond) // polling interval of a condition with a deadline
	}
}

// Restart stops HAProxy and starts it again from the configuration file as
// it is now, as a reboot of its host (or `systemctl restart haproxy`)
// would: whatever an applier last wrote, not the base template.
func (in *Instance) Restart() error {
	if err := in.halt(); err != nil {
		return err
	}
	return in.launch()
}

// Options returns applier options for this instance.
func (in *Instance) Options() haproxy.Options {
	return haproxy.Options{
		ConfigPath: in.ConfigPath, SocketPath: in.SocketPath, MasterSocketPath: in.MasterSocketPath,
		ServerStateFile: in.ServerStateFile, BaseTemplate: in.Base, ReloadTimeout: 15 * time.Second,
	}
}

// Log is HAProxy's output so far.
func (in *Instance) Log() string {
	b, _ := os.ReadFile(in.logPath)
	return string(b)
}

// Exec runs a command on the admin stats socket.
func (in *Instance) Exec(cmd string) (string, error) { return cliExec(in.SocketPath, cmd) }

// MasterExec runs a command on the master CLI.
func (in *Instance) MasterExec(cmd string) (string, error) {
	return cliExec(in.MasterSocketPath, cmd+";quit")
}

// MasterReloads is the master's reload counter.
func (in *Instance) MasterReloads() (int, error) {
	out, err := in.MasterExec("show proc")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[1] == "master" {
			return strconv.Atoi(f[2])
		}
	}
	return 0, fmt.Errorf("no master line in show proc: %q", out)
}

func cliExec(path, cmd string) (string, error) {
	conn, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, cmd+"\n"); err != nil {
		return "", err
	}
	b, err := io.ReadAll(conn)
	return string(b), err
}

// WorkerPIDs lists every worker pid (current and old) in `show proc` output.
func WorkerPIDs(showProc string) []int {
	var pids []int
	for _, line := range strings.Split(showProc, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[1] == "worker" {
			if pid, err := strconv.Atoi(f[0]); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// CurrentWorkerPIDs lists the current workers in `show proc` output, not
// the old ones a reload left finishing their connections (the section
// "# old workers"): how long those live is up to the machine.
func CurrentWorkerPIDs(showProc string) []int {
	if i := strings.Index(showProc, "# old workers"); i >= 0 {
		showProc = showProc[:i]
	}
	return WorkerPIDs(showProc)
}

// Stop kills the master and checks that no worker is left behind.
func (in *Instance) Stop() error {
	var err error
	in.stopped.Do(func() { err = in.halt() })
	return err
}

func (in *Instance) halt() error {
	if in.cmd == nil || in.cmd.Process == nil {
		return nil // never started
	}
	var err error
	out, _ := in.MasterExec("show proc")
	workers := WorkerPIDs(out)
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(10 * time.Second):
		_ = in.cmd.Process.Kill()
		<-in.done
		err = errors.New("haproxy master ignored SIGTERM for 10s; killed")
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range workers {
		for alive(pid) {
			if time.Now().After(deadline) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				err = errors.Join(err, fmt.Errorf("haproxy worker %d survived its master; killed", pid))
				break
			}
			time.Sleep(10 * time.Millisecond) // polling a condition with a deadline
		}
	}
	return err
}

// alive treats zombies as gone: an exited worker may wait for its new parent
// to reap it.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z' && s[i+2] != 'X'
	}
	return true
}

// FreePort returns a 127.0.0.1 port free at the time of the call.
func FreePort(t testing.TB) int {
	t.Helper()
	return FreePorts(t, 1)[0]
}

// FreePorts returns n distinct 127.0.0.1 ports free at the time of the call,
// from 12000-19999: below Linux's ephemeral range, where the source ports of
// the tests' own connections (thousands under load) would take a port between
// this check and HAProxy binding it, and below the emulators' task ports.
func FreePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, 0, n)
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	for tries := 0; len(ports) < n; tries++ {
		if tries > 1000 {
			t.Fatalf("no free port in 12000-19999 after %d tries", tries)
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 12000+rand.IntN(8000)))
		if err != nil {
			continue
		}
		held = append(held, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// HTTPBackend is a task stand-in: it answers every request with its name and
// counts requests (health checks on /health are counted apart).
type HTTPBackend struct {
	Name   string
	Addr   string // 127.0.0.1
	Port   int
	hits   atomic.Int64
	checks atomic.Int64
	srv    *httptest.Server
	// Healthy, when false, makes /health answer 503.
	Healthy atomic.Bool
	// Dying makes other requests fail the way a task being killed does,
	// while /health still passes (HAProxy has not noticed yet): DieClose
	// closes the connection without a response, Die503 answers 503.
	Dying atomic.Int32
	// Delay, in nanoseconds, is added before answering a non-health
	// request: a slow release.
	Delay atomic.Int64
}

// Dying modes of HTTPBackend.
const (
	DieClose = 1
	Die503   = 2
)

// NewHTTPBackend starts a backend closed at the end of the test.
func NewHTTPBackend(t testing.TB, name string) *HTTPBackend {
	b := &HTTPBackend{Name: name}
	b.Healthy.Store(true)
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			b.checks.Add(1)
			if !b.Healthy.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
			return
		}
		b.hits.Add(1)
		if d := b.Delay.Load(); d > 0 {
			time.Sleep(time.Duration(d)) // the behaviour under test: a slow answer
		}
		switch b.Dying.Load() {
		case DieClose:
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				c.Close()
			}
			return
		case Die503:
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, name)
	}))
	t.Cleanup(b.srv.Close)
	host, port, _ := net.SplitHostPort(b.srv.Listener.Addr().String())
	b.Addr = host
	b.Port, _ = strconv.Atoi(port)
	return b
}

// Hits counts non-health requests.
func (b *HTTPBackend) Hits() int64 { return b.hits.Load() }

// Get sends one request to 127.0.0.1:port and returns the body (the name of
// the backend that answered) and status.
func Get(ctx context.Context, client *http.Client, port int, header http.Header) (string, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(port)+"/", nil)
	if err != nil {
		return "", 0, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), resp.StatusCode, err
}
