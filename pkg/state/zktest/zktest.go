// Package zktest starts a real ZooKeeper 3.8 (the Debian package) on a free
// loopback port for tests, and can restart it on the same port and data dir.
//
// Typical use, one server per test binary:
//
//	func TestMain(m *testing.M) {
//		srv, err := zktest.Start()
//		... m.Run() ... srv.Close()
//	}
//
// Tests that need it call zktest.Skip(t, err) when Start failed because
// Java or the jar is missing; with YODEL_REQUIRE_ZK set that is a failure.
package zktest

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/testproc"
	"github.com/yodeldeploy/yodel/pkg/zkserver"
	"github.com/yodeldeploy/yodel/third_party/zk"
)

// ErrUnavailable: Java or the ZooKeeper jar is not installed.
var ErrUnavailable = errors.New("zookeeper not installed (need java and " + zkserver.Jar + "; scripts/test.sh installs them)")

// TickTime is short so that session-expiry tests are quick: sessions may be
// as short as 2 ticks.
const TickTime = 100 * time.Millisecond

// Server is a running ZooKeeper.
type Server struct {
	Addr string // 127.0.0.1:port
	dir  string
	port int

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts a server in a fresh temporary directory.
func Start() (*Server, error) {
	if err := zkserver.Available(); err != nil {
		return nil, ErrUnavailable
	}
	dir, err := os.MkdirTemp("", "yodel-zk-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: dir, port: port}
	cfg := fmt.Sprintf(`tickTime=%d
dataDir=%s
clientPort=%d
clientPortAddress=127.0.0.1
admin.enableServer=false
maxSessionTimeout=60000
maxClientCnxns=0
forceSync=no
4lw.commands.whitelist=
`, TickTime.Milliseconds(), filepath.Join(dir, "data"), port)
	if err := os.WriteFile(filepath.Join(dir, "zoo.cfg"), []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	if err := s.start(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// freePort returns a 127.0.0.1 port free at the time of the call, from
// 12000-19999 as haproxytest.FreePorts picks them: below Linux's ephemeral
// range. ZooKeeper binds it only once its JVM has started, half a second
// or more later (and again after Restart); a port from 127.0.0.1:0 was
// now and then taken meanwhile as the source port of another test's
// connection ("Address already in use", 2026-12-06).
func freePort() (int, error) {
	for range 1000 {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(12000+rand.IntN(8000)))
		if err != nil {
			continue
		}
		defer l.Close()
		return l.Addr().(*net.TCPAddr).Port, nil
	}
	return 0, errors.New("zktest: no free port in 12000-19999 after 1000 tries")
}

func (s *Server) start() error {
	logf, err := os.OpenFile(filepath.Join(s.dir, "zookeeper.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := zkserver.Command(filepath.Join(s.dir, "zoo.cfg"))
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	// Do not outlive the test binary if it crashes or times out.
	cmd.SysProcAttr = testproc.DieWithParent()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start zookeeper: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	return s.waitReady(done)
}

// waitReady waits until a client gets a session (the four-letter words
// that would tell readiness are disabled).
func (s *Server) waitReady(done <-chan struct{}) error {
	conn, events, err := zk.Connect([]string{s.Addr}, 2*time.Second, zk.WithLogInfo(false), zk.WithLogger(quiet{}))
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.NewTimer(60 * time.Second)
	defer deadline.Stop()
	for {
		select {
		case ev := <-events:
			if ev.State == zk.StateHasSession {
				return nil
			}
		case <-done:
			log, _ := os.ReadFile(filepath.Join(s.dir, "zookeeper.log"))
			return fmt.Errorf("zookeeper exited during start-up:\n%s", log)
		case <-deadline.C:
			return fmt.Errorf("zookeeper on %s not ready after 60s; log in %s", s.Addr, s.dir)
		}
	}
}

type quiet struct{}

func (quiet) Printf(string, ...any) {}

// Stop kills the server (like a crash; its data stays for Restart).
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// Restart stops the server and starts it again on the same port and data.
func (s *Server) Restart() error {
	s.Stop()
	return s.start()
}

// Close stops the server and removes its directory.
func (s *Server) Close() {
	s.Stop()
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// URL is a store URL for root (e.g. "/yodel/test1") on this server.
func (s *Server) URL(root string) string { return "zk://" + s.Addr + root }

// Skip skips t when err says ZooKeeper is not installed, unless
// YODEL_REQUIRE_ZK is set; any other error fails t.
func Skip(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if errors.Is(err, ErrUnavailable) && os.Getenv("YODEL_REQUIRE_ZK") == "" {
		t.Skipf("skipping: %v", err)
	}
	t.Fatalf("zookeeper test server: %v", err)
}

// Cutter is a ZooKeeper dialer (state.Options.ZKDialer) whose connections a
// test can cut while refusing new ones, so that the server expires the
// client's session for real, as a network partition or a long GC pause
// longer than the session timeout would. The zero value dials normally.
type Cutter struct {
	mu    sync.Mutex
	cut   bool
	conns []net.Conn
}

// Dial dials addr unless the connection is cut.
func (c *Cutter) Dial(network, addr string, timeout time.Duration) (net.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut {
		return nil, errors.New("connection to ZooKeeper cut by the test")
	}
	conn, err := net.DialTimeout(network, addr, timeout)
	if err == nil {
		c.conns = append(c.conns, conn)
	}
	return conn, err
}

// Cut closes every connection made so far and refuses new ones until
// Restore.
func (c *Cutter) Cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cut = true
	for _, conn := range c.conns {
		conn.Close()
	}
	c.conns = nil
}

// Restore lets the client connect again. If the cut lasted longer than the
// session timeout, the client learns on reconnecting that its session has
// expired, and starts a new one.
func (c *Cutter) Restore() {
	c.mu.Lock()
	c.cut = false
	c.mu.Unlock()
}

// Lag starts a TCP proxy on 127.0.0.1 to addr whose server-to-client
// bytes arrive d late, in order (client-to-server bytes go at once): a
// client that hears of ZooKeeper's changes late, as a process starved of
// CPU or far away does. It returns the proxy's address and stops when t
// ends.
func Lag(t testing.TB, addr string, d time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	track := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			track(c)
			track(s)
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go lagCopy(c, s, d)
		}
	}()
	return ln.Addr().String()
}

// lagCopy copies src to dst, each chunk d after it was read.
func lagCopy(dst, src net.Conn, d time.Duration) {
	type chunk struct {
		at time.Time
		b  []byte
	}
	q := make(chan chunk, 4096)
	go func() {
		defer close(q)
		for {
			b := make([]byte, 32<<10)
			n, err := src.Read(b)
			if n > 0 {
				q <- chunk{time.Now(), b[:n]}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range q {
		time.Sleep(time.Until(c.at.Add(d))) // the lag itself, not a wait for a condition
		if _, err := dst.Write(c.b); err != nil {
			break
		}
	}
	dst.Close()
}
