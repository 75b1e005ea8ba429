package sandboxtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// LoadRate is the continuous load the end-to-end tests run through the
// sandbox's HAProxy: at least the 200 requests/s the issues ask for.
const LoadRate = 250

// Rig is a sandbox with examples/hello ready to deploy from a directory of
// its own, on a service port of its own, and the sandbox's store open: the
// setup every end-to-end test under load shares.
type Rig struct {
	// T is the running test: a subtest sets it to itself, so that helpers
	// fail the subtest that called them.
	T     testing.TB
	SB    *Sandbox
	Dir   string // the manifest's directory
	Base  string // hello.yaml with Port, without its canary section
	Port  int    // hello's service port
	URL   string // http://127.0.0.1:Port/
	Store state.Store
	// StoreOptions opened Store (the sandbox's digest identity): for a
	// test that needs a session of its own.
	StoreOptions state.Options
}

// NewRig starts a sandbox (Start) and prepares hello. It skips under
// -short: these tests run real processes under load.
func NewRig(t testing.TB, opts Options) *Rig {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: real processes under load")
	}
	acquireRigSlot(t) // released after the sandbox is down (cleanups run last in, first out)
	sb := Start(t, opts)
	b, err := os.ReadFile(HelloManifest(t))
	if err != nil {
		t.Fatal(err)
	}
	base := string(b)
	i := strings.Index(base, "canary:")
	if i < 0 {
		t.Fatalf("%s has no canary section any more: adapt sandboxtest.NewRig", HelloManifest(t))
	}
	base = base[:i] // the tests write their own
	// A service port of our own: other packages' sandboxes run on this
	// machine at the same time, and HAProxy binds with SO_REUSEPORT, so
	// two sandboxes on one port would share each other's traffic.
	port := FreeServicePort(t)
	base = ReplaceOnce(t, base, "servicePort: 10080", fmt.Sprintf("servicePort: %d", port))
	if opts.DieOnTerm {
		base = ReplaceOnce(t, base, "env:\n", "env:\n  HELLO_DIE_ON_TERM: \"true\"\n")
	}
	// With the sandbox's own digest identity, as its agents and CLIs use:
	// anonymous, Open could not create the service nodes under a
	// ZooKeeper root that only that identity may write (whenever the rig
	// opened the store before anything had created them).
	rlm, err := realm.Load(sb.RealmFile, "local")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := rlm.StateCredentials(os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	storeOpts := state.Options{DigestUser: creds.User, DigestPassword: creds.Password}
	st, err := state.Open(context.Background(), sb.StoreURL, storeOpts)
	if err != nil {
		t.Fatalf("open the sandbox's store %s: %v", sb.StoreURL, err)
	}
	t.Cleanup(func() { st.Close() })
	return &Rig{T: t, SB: sb, Dir: t.TempDir(), Base: base, Port: port,
		URL: fmt.Sprintf("http://127.0.0.1:%d/", port), Store: st, StoreOptions: storeOpts}
}

// HelloManifest is the path of examples/hello/hello.yaml in this checkout.
func HelloManifest(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("sandboxtest: no caller information to find examples/hello")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", "hello", "hello.yaml")
}

// ReplaceOnce replaces old by new in s and fails the test when s has no
// old: a manifest edit that silently does nothing would test the defaults.
func ReplaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("no %q to replace in:\n%s", old, s)
	}
	return strings.Replace(s, old, new, 1)
}

// Manifest writes hello.yaml with extra env lines (each "  KEY: value\n")
// and a canary section.
func (r *Rig) Manifest(env, canarySection string) {
	r.WriteManifest(strings.Replace(r.Base, "env:\n", "env:\n"+env, 1) + canarySection)
}

// WriteManifest writes m as hello.yaml.
func (r *Rig) WriteManifest(m string) {
	r.T.Helper()
	if err := os.WriteFile(filepath.Join(r.Dir, "hello.yaml"), []byte(m), 0o644); err != nil {
		r.T.Fatal(err)
	}
}

// Cmd is the yodel binary with args, run in Dir as a build would run it.
func (r *Rig) Cmd(args ...string) *exec.Cmd {
	cmd := exec.Command(r.SB.Bin, args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	return cmd
}

// Run runs yodel with args and returns its exit code and both streams.
func (r *Rig) Run(args ...string) (code int, stdout, stderr string) {
	r.T.Helper()
	return Exec(r.T, r.SB.Bin, r.Dir, nil, args...)
}

// DeployArgs is `yodel deploy` of hello.yaml as release rel, with the
// tests' deadlines.
func (r *Rig) DeployArgs(rel string, extra ...string) []string {
	return append([]string{"deploy", "-f", "hello.yaml", "--realm", r.SB.RealmFile, "--release", rel,
		"--timeout", "3m", "--progress-deadline", "60s"}, extra...)
}

// Deploy runs DeployArgs to the end.
func (r *Rig) Deploy(rel string, extra ...string) (code int, stdout, stderr string) {
	r.T.Helper()
	return r.Run(r.DeployArgs(rel, extra...)...)
}

// Bg is a yodel command running in the background.
type Bg struct {
	Cmd         *exec.Cmd
	out, errOut Buffer
}

// Start starts yodel with args in the background. At the end of the test
// that started it, it is killed if still running, and its output logged if
// the test failed.
func (r *Rig) Start(args ...string) *Bg {
	r.T.Helper()
	b := &Bg{Cmd: r.Cmd(args...)}
	b.Cmd.Stdout, b.Cmd.Stderr = &b.out, &b.errOut
	if err := b.Cmd.Start(); err != nil {
		r.T.Fatalf("yodel %s: %v", strings.Join(args, " "), err)
	}
	t := r.T
	t.Cleanup(func() {
		if b.Cmd.ProcessState == nil {
			_ = b.Cmd.Process.Kill()
			_ = b.Cmd.Wait()
		}
		if t.Failed() {
			t.Logf("yodel %s:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), Tail(b.out.String(), 30), Tail(b.errOut.String(), 40))
		}
	})
	return b
}

// Stderr is what the command wrote to stderr so far.
func (b *Bg) Stderr() string { return b.errOut.String() }

// Wait waits for the command and returns its exit code and both streams.
func (b *Bg) Wait(t testing.TB) (code int, stdout, stderr string) {
	t.Helper()
	err := b.Cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), b.out.String(), b.errOut.String()
	}
	if err != nil {
		t.Fatalf("yodel %s: %v", strings.Join(b.Cmd.Args[1:], " "), err)
	}
	return 0, b.out.String(), b.errOut.String()
}

// Kill9 kill -9s the command and waits for it.
func (b *Bg) Kill9(t testing.TB) {
	t.Helper()
	if err := b.Cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", b.Cmd.Process.Pid, err)
	}
	_ = b.Cmd.Wait()
}

// Routing is hello's routing state.
func (r *Rig) Routing() state.Routing {
	r.T.Helper()
	rt, _, err := r.Store.GetRouting(context.Background(), "hello")
	if err != nil {
		r.T.Fatalf("routing state of hello: %v", err)
	}
	return rt
}

// WaitStep polls the routing state until hello is at step.
func (r *Rig) WaitStep(step string, within time.Duration) state.Routing {
	r.T.Helper()
	deadline := time.Now().Add(within)
	for {
		rt, _, err := r.Store.GetRouting(context.Background(), "hello")
		if err == nil && rt.Step == step {
			return rt
		}
		if time.Now().After(deadline) {
			r.T.Fatalf("not at step %s after %s (at %q)", step, within, rt.Step)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// WaitApplied waits until every live lb agent routes hello's current
// generation.
func (r *Rig) WaitApplied() state.Routing {
	r.T.Helper()
	rt := r.Routing()
	if err := r.Store.WaitApplied(context.Background(), "hello", rt.Generation, time.Now().Add(15*time.Second)); err != nil {
		r.T.Fatalf("lb agents never applied generation %d of hello: %v", rt.Generation, err)
	}
	return rt
}

// Rollout is hello's rollout record; the test fails when there is none.
func (r *Rig) Rollout() *canary.Rollout {
	r.T.Helper()
	_, ro, err := canary.Load(context.Background(), r.Store, "hello")
	if err != nil {
		r.T.Fatalf("load hello's rollout: %v", err)
	}
	if ro == nil {
		r.T.Fatal("hello has no rollout record")
	}
	return ro
}

// WaitStatus polls `yodel canary status -o json` (the command, as an
// operator would) until the rollout of rel is at step; false when that
// rollout ended or the time ran out first.
func (r *Rig) WaitStatus(rel, step string, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		code, out, _ := r.Run("canary", "status", "hello", "--realm", r.SB.RealmFile, "-o", "json")
		var ro canary.Rollout
		if code == 0 && json.Unmarshal([]byte(out), &ro) == nil && ro.Canary.Release == rel {
			if ro.StepName() == step {
				return true
			}
			if !ro.Active() {
				return false
			}
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
	return false
}

// WaitServed waits until the load has seen release answer (successfully
// or not).
func WaitServed(t testing.TB, l *loadgen.Load, rel string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s := l.Snapshot(); s.ByRelease[rel]+s.FailedByRelease[rel] == 0; s = l.Snapshot() {
		if time.Now().After(deadline) {
			t.Fatalf("release %s never answered (%d requests: %s; failures %v %v)", rel, s.Total, s.Split(), s.FailedByRelease, s.FailureSamples)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// WaitRequests waits until the load has sent n more requests: a window of
// traffic measured in requests, not in time.
func WaitRequests(t testing.TB, l *loadgen.Load, n int) {
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

// SentFromNow waits until n requests sent since it was called have been
// answered and reports them, by the time they were sent: a window "after
// the end" counts only requests sent after it, not a late answer to one
// routed before. Counting answers instead would not do: after the load
// generator stalls (a starved machine), it sends the requests it owes in
// one burst, and n answers can all be of requests sent before the call.
func SentFromNow(t testing.TB, l *loadgen.Load, n int) loadgen.Report {
	t.Helper()
	from := time.Now()
	deadline := from.Add(30*time.Second + loadgen.Timeout)
	for {
		now := time.Now()
		if rep := l.SentBetween(from, now); rep.Total >= n {
			return rep
		}
		if now.After(deadline) {
			t.Fatalf("the load did not answer %d requests sent in 30s", n)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// Releases are the releases with answers in m, sorted.
func Releases(m map[string]int) []string {
	var out []string
	for k, v := range m {
		if v > 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// FreeServicePort picks a port in the realm's service port range that
// nothing listens on.
func FreeServicePort(t testing.TB) int {
	t.Helper()
	for range 200 {
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

// FreeAddr is a free 127.0.0.1:port.
//
// The port is leased (pkg/sandbox/portlease) for the rest of the test, below
// the ephemeral range: a port picked by binding :0 can be taken, between
// the pick and the bind (or a restart on it), by any outgoing connection
// of the machine, such as the load generators of tests running beside.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := portlease.Take(1, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Release)
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(l.Lo))
}

// Tail is the last n lines of s.
func Tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Proc is a process a test started beside the sandbox (an lb agent, an
// emulator): in a session of its own, so a kill -9 reaches it alone;
// killed at the end of the test that started it.
type Proc struct {
	Cmd  *exec.Cmd
	Done chan struct{} // closed when it has exited
}

// StartProc starts argv with env added, its output appended to logPath
// (logged when the test fails).
func StartProc(t testing.TB, logPath string, env []string, argv ...string) *Proc {
	t.Helper()
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("start %s: %v", strings.Join(argv, " "), err)
	}
	p := &Proc{Cmd: cmd, Done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(p.Done) }()
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("%s log:\n%s", filepath.Base(logPath), Tail(string(b), 40))
		}
	})
	return p
}

// Kill kill -9s the process (resuming it first if stopped) and waits.
func (p *Proc) Kill() {
	select {
	case <-p.Done:
		return
	default:
	}
	_ = p.Cmd.Process.Signal(syscall.SIGCONT) // a stopped process dies only once resumed
	_ = p.Cmd.Process.Kill()
	<-p.Done
}

// KillPID kill -9s a process the sandbox started (by its recorded pid) and
// waits until it is gone.
func KillPID(t testing.TB, c sandbox.Component) {
	t.Helper()
	if !c.Alive() {
		t.Fatalf("%s (pid %d) is not running", c.Name, c.PID)
	}
	if err := syscall.Kill(c.PID, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %s (pid %d): %v", c.Name, c.PID, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for c.Alive() {
		if time.Now().After(deadline) {
			t.Fatalf("%s (pid %d) still alive 10s after SIGKILL", c.Name, c.PID)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
}

// AgentStatus reads an lb agent's /v1/status.
func AgentStatus(url string) (lb.Status, error) {
	var s lb.Status
	err := GetJSON(url+"/v1/status", &s)
	return s, err
}

// GetJSON decodes the answer of GET url into v; a status other than 200 is
// an error.
func GetJSON(url string, v any) error {
	// 10 s: on a machine whose cores are kept busy the emulator or an
	// agent can take seconds to answer a poll; a poll that gave up at 2 s
	// made waits miss what they waited for (a deployment that began and
	// ended between answers).
	c := http.Client{Timeout: 10 * time.Second}
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

// GetText is the body of GET url.
func GetText(url string) (string, error) {
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

// WaitAgentRoutes waits until the agent at url is ready and has applied
// generation gen (or later) of hello.
func WaitAgentRoutes(t testing.TB, url string, gen int64, within time.Duration) lb.Status {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		s, err := AgentStatus(url)
		if err == nil && s.Ready && s.Services["hello"].Applied >= gen {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("agent %s has not applied generation %d of hello after %s (status %+v, err %v)", url, gen, within, s, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
}

// HAProxyMasterExec sends one command to HAProxy's master CLI and returns
// the answer. Right after a reload the master re-executes itself and
// refuses connections for a moment: that is retried for up to 10s.
func HAProxyMasterExec(t testing.TB, sock, command string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The master CLI keeps the connection open after a command: quit.
		out, err := HAProxyCommand(sock, command+";quit")
		if err == nil {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s on %s: %v", command, sock, err)
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

// HAProxyExec sends one command to a HAProxy admin stats socket and returns
// the answer.
func HAProxyExec(t testing.TB, sock, command string) string {
	t.Helper()
	out, err := HAProxyCommand(sock, command)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// HAProxyCommand sends one command to a HAProxy CLI socket and returns the
// answer.
func HAProxyCommand(sock, command string) (string, error) {
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return "", fmt.Errorf("HAProxy socket %s: %w", sock, err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte(command + "\n")); err != nil {
		return "", fmt.Errorf("%s on %s: %w", command, sock, err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(c); err != nil {
		return "", fmt.Errorf("%s on %s: %w", command, sock, err)
	}
	return b.String(), nil
}

// HAProxyWorker is the pid of the HAProxy worker answering the admin
// socket: a reload replaces it.
func HAProxyWorker(t testing.TB, sock string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(HAProxyExec(t, sock, "show info")))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Pid: "); ok {
			return v
		}
	}
	t.Fatalf("no Pid in `show info` on %s", sock)
	return ""
}

// Buffer is a bytes.Buffer a running command writes while the test
// reads it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// StepTook is how long the rollout spent in step (0 when it never ran it):
// how long a bad canary took to be caught there.
func StepTook(ro *canary.Rollout, step string) time.Duration {
	var d time.Duration
	for _, s := range ro.Steps {
		if s.Name == step {
			d = s.Finished.Sub(s.Started)
		}
	}
	return d
}

// CanaryFailureBound is the most requests a canary failing errRate of its
// requests may fail in a rollout ro rolled back from partial[0], under load
// at rate requests a second of which the canary takes share: its exposure
// runs from partial[0]'s start to the end of the rolling-back step (which
// sets the share to 0 at its start and ends only once every agent applied
// it), so the mean is rate × share × exposure × errRate. Above it: a
// one-sided 99.99% margin for the requests' draws (Poisson: the share and
// the errors are counted per request) and 10 requests in flight when the
// share went to 0. Without a rolling-back step the exposure ends with
// partial[0].
func CanaryFailureBound(ro *canary.Rollout, rate, share, errRate float64) int {
	var from, to time.Time
	for _, s := range ro.Steps {
		switch s.Name {
		case canary.StepPartial + "[0]":
			from, to = s.Started, s.Finished
		case canary.StepRollingBack:
			to = s.Finished
		}
	}
	mean := rate * share * to.Sub(from).Seconds() * errRate
	return int(mean+stattest.Z(1e-4)*math.Sqrt(mean)) + 10
}

// DeployUnderLoad deploys hello as release rel with canarySection (the
// first deploy of a test: it must succeed), then starts the load through
// HAProxy and waits until rel answers it. The load stops at the end of
// the test.
func (r *Rig) DeployUnderLoad(rel, canarySection string) *loadgen.Load {
	r.T.Helper()
	r.Manifest("", canarySection)
	if code, out, errOut := r.Deploy(rel); code != 0 {
		r.T.Fatalf("first deploy: exit %d\n%s\n%s", code, out, errOut)
	}
	load := StartLoad(r.T, r.URL, LoadRate)
	WaitServed(r.T, load, rel)
	return load
}

// WaitDeploying waits until the sandbox's emulator (asked directly, not
// through any fault proxy) has a deployment in progress.
func (r *Rig) WaitDeploying() {
	r.T.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var deps []map[string]any
		if err := GetJSON(r.SB.MarathonURL+"/v2/deployments", &deps); err == nil && len(deps) > 0 {
			return
		}
		if time.Now().After(deadline) {
			r.T.Fatal("no Marathon deployment in progress after 30s")
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// SmokedCanary is a short canary section for hello: one instance, an
// isolated smoke check of its body, one partial step of 10% for partial
// judged every second on at least 10 canary requests.
func SmokedCanary(partial string) string {
	return "canary:\n  instances: 1\n  isolated:\n    smoke:\n      - {path: /, expectBody: '\"service\":\"hello\"', retries: 3}\n" +
		"  partial:\n    steps: [10]\n    duration: " + partial + "\n    interval: 1s\n    minRequests: 10\n  drainTimeout: 20s\n"
}
