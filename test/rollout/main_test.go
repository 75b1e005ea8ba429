package rollout

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// loadRate is the continuous load of every test: at least 200 requests/s
// through HAProxy, on loopback.
const loadRate = 250

type rig struct {
	t    *testing.T
	sb   *sandboxtest.Sandbox
	dir  string // the manifest's directory
	base string // hello.yaml with our service port, without canary section
	port int
	url  string
	st   state.Store
}

func newRig(t *testing.T, opts sandboxtest.Options) *rig {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: real processes under load")
	}
	sb := sandboxtest.Start(t, opts)
	b, err := os.ReadFile("../../examples/hello/hello.yaml")
	require.NoError(t, err)
	base := string(b)
	base = base[:strings.Index(base, "canary:")]
	// Our own service port: other packages' sandboxes run on this machine
	// at the same time.
	port := freeServicePort(t)
	base = strings.Replace(base, "servicePort: 10080", fmt.Sprintf("servicePort: %d", port), 1)
	st, err := state.Open(context.Background(), sb.StoreURL, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return &rig{t: t, sb: sb, dir: t.TempDir(), base: base, port: port,
		url: fmt.Sprintf("http://127.0.0.1:%d/", port), st: st}
}

// manifest writes hello.yaml with extra env lines and a canary section.
func (r *rig) manifest(env, canarySection string) {
	r.writeManifest(strings.Replace(r.base, "env:\n", "env:\n"+env, 1) + canarySection)
}

func (r *rig) writeManifest(m string) {
	require.NoError(r.t, os.WriteFile(filepath.Join(r.dir, "hello.yaml"), []byte(m), 0o644))
}

func (r *rig) cmd(args ...string) *exec.Cmd {
	cmd := exec.Command(r.sb.Bin, args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	return cmd
}

// deployArgs is `yodel deploy` of release rel with the test's deadlines.
func (r *rig) deployArgs(rel string, extra ...string) []string {
	return append([]string{"deploy", "-f", "hello.yaml", "--realm", r.sb.RealmFile, "--release", rel,
		"--timeout", "3m", "--progress-deadline", "60s"}, extra...)
}

func (r *rig) run(args ...string) (int, string, string) {
	r.t.Helper()
	return wait(r.t, r.cmd(args...))
}

// background starts a command; wait it with waitCmd.
type bgCmd struct {
	cmd         *exec.Cmd
	out, errOut bytes.Buffer
}

func (r *rig) start(args ...string) *bgCmd {
	r.t.Helper()
	b := &bgCmd{cmd: r.cmd(args...)}
	b.cmd.Stdout, b.cmd.Stderr = &b.out, &b.errOut
	require.NoError(r.t, b.cmd.Start())
	t := r.t
	t.Cleanup(func() {
		if b.cmd.ProcessState == nil {
			_ = b.cmd.Process.Kill()
			_ = b.cmd.Wait()
		}
		if t.Failed() {
			t.Logf("yodel %s:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), tail(b.out.String(), 30), tail(b.errOut.String(), 40))
		}
	})
	return b
}

func (b *bgCmd) wait(t *testing.T) (int, string, string) {
	err := b.cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), b.out.String(), b.errOut.String()
	}
	require.NoError(t, err)
	return 0, b.out.String(), b.errOut.String()
}

func wait(t *testing.T, cmd *exec.Cmd) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errOut.String()
}

func (r *rig) routing() state.Routing {
	r.t.Helper()
	rt, _, err := r.st.GetRouting(context.Background(), "hello")
	require.NoError(r.t, err)
	return rt
}

// waitStep polls the routing state until the service is at step.
func (r *rig) waitStep(step string, within time.Duration) state.Routing {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for {
		rt, _, err := r.st.GetRouting(context.Background(), "hello")
		if err == nil && rt.Step == step {
			return rt
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("not at step %s after %s (at %q)", step, within, rt.Step)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// waitApplied waits until every live lb agent routes the current generation.
func (r *rig) waitApplied() state.Routing {
	r.t.Helper()
	rt := r.routing()
	require.NoError(r.t, r.st.WaitApplied(context.Background(), "hello", rt.Generation, time.Now().Add(15*time.Second)))
	return rt
}

func (r *rig) rollout() *canary.Rollout {
	r.t.Helper()
	_, ro, err := canary.Load(context.Background(), r.st, "hello")
	require.NoError(r.t, err)
	return ro
}

// proc is a process the test started (an lb agent, the emulator again):
// its own session, so a kill -9 of it reaches it alone; killed at cleanup.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func startProc(t *testing.T, logPath string, env []string, argv ...string) *proc {
	t.Helper()
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	require.NoError(t, err)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	require.NoError(t, cmd.Start())
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(p.done) }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("%s log:\n%s", filepath.Base(logPath), tail(string(b), 40))
		}
	})
	return p
}

func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGCONT) // a stopped process dies only once resumed
	_ = p.cmd.Process.Kill()
	<-p.done
}

// killPID kill -9s a process the sandbox started (by its recorded pid) and
// waits until it is gone.
func killPID(t *testing.T, c sandbox.Component) {
	t.Helper()
	require.True(t, c.Alive(), "%s (pid %d) is not running", c.Name, c.PID)
	require.NoError(t, syscall.Kill(c.PID, syscall.SIGKILL))
	deadline := time.Now().Add(10 * time.Second)
	for c.Alive() {
		if time.Now().After(deadline) {
			t.Fatalf("%s (pid %d) still alive 10s after SIGKILL", c.Name, c.PID)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
}

// agentStatus reads an lb agent's /v1/status.
func agentStatus(url string) (lb.Status, error) {
	var s lb.Status
	err := getJSON(url+"/v1/status", &s)
	return s, err
}

func getJSON(url string, v any) error {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func getText(url string) (string, error) {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(resp.Body)
	return b.String(), err
}

// waitAgentRoutes waits until the agent at url is ready and has applied
// generation gen (or later) of hello.
func waitAgentRoutes(t *testing.T, url string, gen int64, within time.Duration) lb.Status {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		s, err := agentStatus(url)
		if err == nil && s.Ready && s.Services["hello"].Applied >= gen {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("agent %s has not applied generation %d of hello after %s (status %+v, err %v)", url, gen, within, s, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
}

// haproxyWorker is the pid of the HAProxy worker answering the admin
// socket: a reload replaces it.
func haproxyWorker(t *testing.T, sock string) string {
	t.Helper()
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	require.NoError(t, err)
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	_, err = c.Write([]byte("show info\n"))
	require.NoError(t, err)
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Pid: "); ok {
			return v
		}
	}
	t.Fatalf("no Pid in `show info` on %s (%v)", sock, sc.Err())
	return ""
}

// freeServicePort picks a port in the realm's service port range that
// nothing listens on.
func freeServicePort(t *testing.T) int {
	for i := 0; i < 200; i++ {
		p := 12000 + rand.IntN(6000)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue
		}
		l.Close()
		return p
	}
	t.Fatal("no free service port")
	return 0
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// waitServed waits until the load has seen release answer (or, with
// failed, fail).
func waitServed(t *testing.T, l *loadgen.Load, rel string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s := l.Snapshot(); s.ByRelease[rel]+s.FailedByRelease[rel] == 0; s = l.Snapshot() {
		if time.Now().After(deadline) {
			s := l.Snapshot()
			t.Fatalf("release %s never answered (%d requests: %s; failures %v %v)", rel, s.Total, s.Split(), s.FailedByRelease, s.FailureSamples)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// waitRequests waits until the load has sent n more requests.
func waitRequests(t *testing.T, l *loadgen.Load, n int) {
	t.Helper()
	start := l.Snapshot().Total
	deadline := time.Now().Add(30 * time.Second)
	for l.Snapshot().Total < start+n {
		if time.Now().After(deadline) {
			t.Fatalf("the load did not send %d requests in 30s", n)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

func releases(m map[string]int) []string {
	var out []string
	for k, v := range m {
		if v > 0 {
			out = append(out, k)
		}
	}
	return out
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
