// Package sandboxtest starts real sandboxes for other packages' end-to-end
// tests: the yodel binary built from this checkout, `yodel sandbox up
// --detach` in a fresh directory, and `yodel sandbox down` at cleanup.
//
//	func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }
//
//	func TestDeploy(t *testing.T) {
//		sb := sandboxtest.Start(t, sandboxtest.Options{})
//		out := sb.Yodel(t, "deploy", "hello", "--realm", sb.RealmFile)
//		...
//	}
package sandboxtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
)

// EnvBinary names a prebuilt yodel binary to use instead of building one.
const EnvBinary = "YODEL_TEST_BINARY"

// EnvKeep keeps every sandbox's directory (its components' logs, HAProxy's
// configuration) after the test, passed or not, for a look.
const EnvKeep = "YODEL_TEST_KEEP_SANDBOX"

var build struct {
	once sync.Once
	bin  string
	err  error
}

// Binary returns the path of a yodel binary built from this checkout (or
// $YODEL_TEST_BINARY). It is built once for a given source tree and Go
// toolchain, and shared by every test binary through a cache directory
// (BinaryCacheDir): go test runs a dozen packages that exec yodel, and
// each linking its own copy cost minutes of CPU per suite on two cores.
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		if b := os.Getenv(EnvBinary); b != "" {
			build.bin, build.err = filepath.Abs(b)
			return
		}
		build.bin, build.err = cachedBuild()
	})
	if build.err != nil {
		t.Fatalf("build yodel: %v", build.err)
	}
	return build.bin
}

// BinaryCacheDir holds the shared builds, one directory per source hash.
func BinaryCacheDir() string {
	return filepath.Join(os.TempDir(), "yodel-test-bin-"+strconv.Itoa(os.Getuid()))
}

// cachedBuild returns the cached build of this source tree, building it
// under an flock when it is not there yet (other test binaries waiting on
// the lock then find it). Old builds are removed after a day.
func cachedBuild() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD", "GOVERSION", "GOFLAGS", "GOOS", "GOARCH", "CGO_ENABLED").Output()
	if err != nil {
		return "", fmt.Errorf("go env: %w", err)
	}
	env := strings.Split(strings.TrimSpace(string(out)), "\n")
	gomod := env[0]
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the yodel module (go env GOMOD is empty)")
	}
	root := filepath.Dir(gomod)
	key, err := sourceHash(root, strings.Join(env[1:], "\n"))
	if err != nil {
		return "", err
	}
	cache := BinaryCacheDir()
	dir := filepath.Join(cache, key)
	bin := filepath.Join(dir, "yodel")
	built := func() bool {
		_, err1 := os.Stat(bin)
		_, err2 := os.Stat(filepath.Join(dir, loadgenName))
		return err1 == nil && err2 == nil
	}
	if built() {
		touch(dir)
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	lock, err := lockFile(filepath.Join(dir, "lock"))
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if built() { // built while we waited
		return bin, nil
	}
	// The load generator too (sandboxtest.StartLoad): without -race, as a
	// process of its own. The yodel binary goes last: it marks the build done.
	for _, b := range []struct{ out, pkg string }{{filepath.Join(dir, loadgenName), "./scripts/loadgen"}, {bin, "./cmd/yodel"}} {
		tmp := b.out + ".tmp"
		cmd := exec.Command("go", "build", "-o", tmp, b.pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build %s: %w\n%s", b.pkg, err, out)
		}
		if err := os.Rename(tmp, b.out); err != nil {
			return "", err
		}
	}
	pruneCache(cache, key)
	return bin, nil
}

// sourceHash hashes what goes into the yodel binary: every file of the
// module but tests, docs (*.md), hidden directories and build output (the
// embedded templates are plain files too), and the toolchain's settings.
func sourceHash(root, toolchain string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", toolchain)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "bin" || name == "dist" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, ".test") ||
			strings.HasSuffix(name, ".md") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s %d\n", rel, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash the source tree: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// lockFile takes an exclusive flock on path, waiting for it.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

func touch(dir string) {
	now := time.Now()
	_ = os.Chtimes(dir, now, now)
}

// pruneCache removes builds other than keep not used for a day (a test
// binary still running one has touched it when it started).
func pruneCache(cache, keep string) {
	ents, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	for _, e := range ents {
		if info, err := e.Info(); err == nil && e.Name() != keep && time.Since(info.ModTime()) > 24*time.Hour {
			_ = os.RemoveAll(filepath.Join(cache, e.Name()))
		}
	}
}

// Main runs the tests. (The binary Binary built stays in the shared
// cache for the other test binaries.)
func Main(m *testing.M) int {
	return m.Run()
}

// HasEmulator reports whether bin has `yodel sandbox marathon`.
func HasEmulator(bin string) bool {
	return sandbox.HasCommand(context.Background(), bin, "sandbox", "marathon")
}

// Options configure Start.
type Options struct {
	// Executor of the emulator: "process" (default) or "inproc".
	Executor string
	// Timeout for `sandbox up`; default 90s (the CPU is shared in CI).
	Timeout time.Duration
	// Store is `sandbox up --store`: "file" (default) or "zookeeper".
	Store string
	// Ports is how many task host ports the emulator needs (default 500).
	// They are leased from pkg/sandbox/portlease, so no other emulator on
	// the machine (other test binaries run at once) gives them out.
	Ports int
	// MarathonVersion and MarathonFeatures are `sandbox up
	// --marathon-version --marathon-features`: the Marathon the emulator
	// models (default 1.4 without features).
	MarathonVersion  string
	MarathonFeatures string
	// MarathonMaxVersions is `sandbox up --marathon-max-versions`
	// (Marathon's --zk_max_versions; 0: its default, 50).
	MarathonMaxVersions int
	// ManualJobs is `sandbox up --marathon-manual-jobs`: Marathon's
	// periodic jobs (scale check, reconciliation, expunge) run only when
	// the test POSTs /_emulator/jobs/{job}.
	ManualJobs bool
	// DieOnTerm deploys hello (NewRig) with HELLO_DIE_ON_TERM=true: tasks
	// exit at once on SIGTERM, cutting their requests, as many real
	// services do; yodel's drains and HAProxy's retries must cover it.
	DieOnTerm bool
	// MarathonAuth keeps the emulator's generated credentials (the
	// default of `sandbox up`). Off, the sandbox is started with
	// --insecure-marathon, so that tests can call its Marathon URL as is.
	MarathonAuth bool
	// Server starts the realm's `yodel server` (sandbox up without
	// --no-server). Off by default: a server would adopt the rollouts
	// that tests leave orphaned on purpose.
	Server bool
}

// Sandbox is a running sandbox started by Start.
type Sandbox struct {
	sandbox.Record
	Bin string // the yodel binary

	ConfigPath   string // HAProxy config file
	AdminSocket  string // HAProxy runtime API (stats socket, level admin)
	MasterSocket string // HAProxy master CLI
}

// Start builds yodel if needed, starts a sandbox in a new directory and
// stops it when the test ends. It skips the test when the binary has no
// emulator yet.
func Start(t testing.TB, opts Options) *Sandbox {
	t.Helper()
	bin := Binary(t)
	if !HasEmulator(bin) {
		t.Skip("yodel has no `sandbox marathon` (the emulator) yet")
	}
	if opts.Executor == "" {
		opts.Executor = "process"
	}
	if opts.Timeout == 0 {
		opts.Timeout = 90 * time.Second
	}
	if opts.Ports == 0 {
		opts.Ports = 500
	}
	// One more port for the lb agent's API: tests restart the agent on
	// its address, and a free port from the ephemeral range (sandbox up's
	// default) can be taken meanwhile by any outgoing connection.
	lease, err := portlease.Take(opts.Ports+1, 2*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// Registered first, so it runs after sandbox down (last in, first out).
	t.Cleanup(lease.Release)
	// Not t.TempDir: it embeds the test name, and HAProxy's unix socket
	// paths under it could exceed the kernel's 108 bytes.
	dir, err := os.MkdirTemp("", "ysb")
	if err != nil {
		t.Fatal(err)
	}
	sb := &Sandbox{Bin: bin}
	t.Cleanup(func() {
		if t.Failed() {
			diagnose(t, sb)
			logTails(t, filepath.Join(dir, "logs"))
		}
		out, err := sb.run("sandbox", "down", "--dir", dir)
		if err != nil {
			t.Errorf("yodel sandbox down --dir %s: %v\n%s", dir, err, out)
			return // keep the directory and its logs for a look
		}
		if os.Getenv(EnvKeep) != "" {
			t.Logf("sandbox directory kept (%s): %s", EnvKeep, dir)
			return
		}
		os.RemoveAll(dir)
	})
	args := []string{"sandbox", "up", "--detach", "--dir", dir,
		"--executor", opts.Executor, "--timeout", opts.Timeout.String(),
		"--port-range", fmt.Sprintf("%d-%d", lease.Lo, lease.Hi-1), "--agent-listen", fmt.Sprintf("127.0.0.1:%d", lease.Hi)}
	if opts.Store != "" {
		args = append(args, "--store", opts.Store)
	}
	if opts.MarathonVersion != "" {
		args = append(args, "--marathon-version", opts.MarathonVersion)
	}
	if opts.MarathonFeatures != "" {
		args = append(args, "--marathon-features", opts.MarathonFeatures)
	}
	if opts.MarathonMaxVersions > 0 {
		args = append(args, "--marathon-max-versions", strconv.Itoa(opts.MarathonMaxVersions))
	}
	if opts.ManualJobs {
		args = append(args, "--marathon-manual-jobs")
	}
	if !opts.MarathonAuth {
		args = append(args, "--insecure-marathon")
	}
	if !opts.Server {
		args = append(args, "--no-server")
	}
	out, err := sb.run(args...)
	if err != nil {
		t.Fatalf("yodel sandbox up: %v\n%s", err, out)
	}
	rec, err := sandbox.LoadRecord(dir)
	if err != nil {
		t.Fatalf("sandbox up succeeded but: %v", err)
	}
	l := sandbox.Layout{Dir: dir}
	sb.Record = *rec
	sb.ConfigPath, sb.AdminSocket, sb.MasterSocket = l.HAProxyConfig(), l.AdminSocket(), l.MasterSocket()
	return sb
}

func (s *Sandbox) run(args ...string) (string, error) {
	cmd := exec.Command(s.Bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// Yodel runs the yodel binary with args and returns its stdout; a non-zero
// exit fails the test with both streams.
func (s *Sandbox) Yodel(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.Bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("yodel %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// Component returns the named component (sandbox.CompMarathon, ...).
func (s *Sandbox) Component(t testing.TB, name string) sandbox.Component {
	t.Helper()
	c, ok := s.Record.Component(name)
	if !ok {
		t.Fatalf("sandbox has no %s component", name)
	}
	return c
}

// Exec runs the yodel binary bin in dir as a build would (CI=true,
// NO_COLOR=1, plus env) and returns its exit code and both streams; only a
// failure to start it fails the test.
func Exec(t testing.TB, bin, dir string, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "CI=true", "NO_COLOR=1"), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	if err != nil {
		t.Fatalf("yodel %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String(), errOut.String()
}

// logTails logs the last lines of each component's log in dir (the lb
// agent's, the emulator's, HAProxy's): what a failed end-to-end test
// needs to say why, and the directory is removed after it.
func logTails(t testing.TB, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		keep := 60
		switch filepath.Base(f) {
		case sandbox.CompAgent + ".log":
			keep = 400 // with diagnose's goroutine dump
		case sandbox.CompMarathon + ".log":
			keep = 400 // every deployment and kill, with why
		}
		t.Logf("last lines of %s:\n%s", f, lastLines(b, keep))
	}
}

// diagnose records, for a failed test, what the logs cannot tell: the lb
// agent's own status (applied generations, last error), the routing state
// it should follow, and where each of its goroutines stands (SIGQUIT makes
// the Go runtime print them to the agent's log before it exits; the
// sandbox is going down anyway). A rollout whose routing never reached
// HAProxy failed in CI with nothing in the logs after the last apply.
func diagnose(t testing.TB, sb *Sandbox) {
	t.Helper()
	if sb.AgentURL != "" {
		var st map[string]any
		if err := GetJSON(sb.AgentURL+"/v1/status", &st); err != nil {
			t.Logf("lb agent status: %v", err)
		} else {
			b, _ := json.MarshalIndent(st, "", "  ")
			t.Logf("lb agent status:\n%s", b)
		}
	}
	if dir, ok := strings.CutPrefix(sb.StoreURL, "file://"); ok {
		files, _ := filepath.Glob(filepath.Join(dir, "routing", "*.json"))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				t.Logf("routing state %s:\n%s", f, b)
			}
		}
		// The agents' records, as a CLI judges their liveness (a busy CI
		// run once found no live agent while the agent said registered).
		agents, _ := filepath.Glob(filepath.Join(dir, "agents", "*"))
		for _, f := range agents {
			fi, err := os.Stat(f)
			b, rerr := os.ReadFile(f)
			if err != nil || rerr != nil {
				t.Logf("agent record %s: %v %v", f, err, rerr)
				continue
			}
			var rec struct {
				Pid int `json:"pid"`
			}
			_ = json.Unmarshal(b, &rec)
			stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", rec.Pid))
			t.Logf("agent record %s (modified %s, now %s; /proc/%d/stat: %s):\n%s", f, fi.ModTime().UTC().Format(time.RFC3339Nano),
				time.Now().UTC().Format(time.RFC3339Nano), rec.Pid, bytes.TrimSpace(stat), b)
		}
	}
	c, ok := sb.Record.Component(sandbox.CompAgent)
	if !ok || !c.Alive() {
		return
	}
	// The agent's own lines first: the goroutine dump fills the tail.
	if b, err := os.ReadFile(c.Log); err == nil {
		t.Logf("lb agent log before the goroutine dump (%s):\n%s", c.Log, lastLines(b, 150))
	}
	p, err := os.FindProcess(c.PID)
	if err != nil || p.Signal(syscall.SIGQUIT) != nil {
		return
	}
	for deadline := time.Now().Add(5 * time.Second); c.Alive() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond) // polling for the dump to be written
	}
}

// lastLines is the last n lines of a log.
func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
