// Package curatortest runs a Curator discovery client built on the real
// library (the Debian packages libcurator-discovery-java and its
// dependencies, compiled with default-jdk-headless' javac), so that tests
// check yodel's registrations the way legacy services read them.
//
// The client (CuratorClient.java) is compiled once per test binary into a
// temporary directory. Tests call Skip(t, err) when Java or the jars are
// missing; with YODEL_REQUIRE_ZK set that is a failure (scripts/test.sh
// installs them).
package curatortest

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/testproc"
)

//go:embed CuratorClient.java
var source []byte

// Jars is the client's classpath, as the Debian packages install it.
var Jars = []string{
	"curator-x-discovery", "curator-recipes", "curator-framework", "curator-client", "zookeeper", "zookeeper-jute", "guava",
	"jackson-annotations", "jackson-core", "jackson-databind", "slf4j-api", "slf4j-nop",
	"netty-handler", "netty-common", "netty-transport", "netty-transport-native-epoll", "netty-resolver",
	"netty-buffer", "netty-codec",
}

// ErrUnavailable: javac, java or a jar is missing.
var ErrUnavailable = errors.New("no Curator client (need javac and /usr/share/java/curator-x-discovery.jar: apt-get install default-jdk-headless libcurator-discovery-java libcurator-recipes-java; scripts/test.sh installs them)")

var (
	compileOnce sync.Once
	classDir    string
	compileErr  error
)

func classpath() string {
	cp := make([]string, 0, len(Jars)+1)
	for _, j := range Jars {
		cp = append(cp, "/usr/share/java/"+j+".jar")
	}
	return strings.Join(cp, ":")
}

// Compile compiles the client once per test binary and returns the
// directory holding its class.
func Compile() (string, error) {
	compileOnce.Do(func() {
		for _, tool := range []string{"javac", "java"} {
			if _, err := exec.LookPath(tool); err != nil {
				compileErr = ErrUnavailable
				return
			}
		}
		for _, j := range Jars {
			if _, err := os.Stat("/usr/share/java/" + j + ".jar"); err != nil {
				compileErr = fmt.Errorf("%w: %v", ErrUnavailable, err)
				return
			}
		}
		dir, err := os.MkdirTemp("", "yodel-curator-client-")
		if err != nil {
			compileErr = err
			return
		}
		src := filepath.Join(dir, "CuratorClient.java")
		if err := os.WriteFile(src, source, 0o644); err != nil {
			compileErr = err
			return
		}
		out, err := exec.Command("javac", "-nowarn", "-d", dir, "-cp", classpath(), src).CombinedOutput()
		if err != nil {
			compileErr = fmt.Errorf("javac CuratorClient.java: %v: %s", err, out)
			return
		}
		classDir = dir
	})
	return classDir, compileErr
}

// Cleanup removes the compiled client (TestMain calls it last).
func Cleanup() {
	if classDir != "" {
		os.RemoveAll(classDir)
	}
}

// Skip skips t when err says the client cannot be built here, unless
// YODEL_REQUIRE_ZK is set; any other error fails t.
func Skip(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if errors.Is(err, ErrUnavailable) && os.Getenv("YODEL_REQUIRE_ZK") == "" {
		t.Skip(err)
	}
	t.Fatal(err)
}

func java(args ...string) (*exec.Cmd, error) {
	dir, err := Compile()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("java", append([]string{"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
		"-cp", dir + ":" + classpath(), "CuratorClient"}, args...)...)
	cmd.SysProcAttr = testproc.DieWithParent()
	return cmd, nil
}

// RoundTrip has the library deserialize data (a node's content) and
// serialize it again, as JsonInstanceSerializer<Map> does.
func RoundTrip(data []byte) ([]byte, error) {
	cmd, err := java("roundtrip")
	if err != nil {
		return nil, err
	}
	cmd.Stdin = strings.NewReader(string(data) + "\n")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("roundtrip: %v: %s", err, stderr.String())
	}
	return []byte(strings.TrimSpace(string(out))), nil
}

// Client is a running Curator client of one service.
type Client struct {
	t       testing.TB
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	replies chan string
	changes chan Change
}

// Change is one ServiceCache change the client saw.
type Change struct {
	At  time.Time
	IDs []string
}

// Start starts a client of service name under base on ZooKeeper zkAddr
// (host:port), and stops it when t ends.
func Start(t testing.TB, zkAddr, base, name string) *Client {
	t.Helper()
	cmd, err := java(zkAddr, base, name)
	Skip(t, err)
	// Pipes made here rather than by exec: the client's end of each is
	// closed once the process has it, so a dead client shows as EOF.
	inR, stdin := io.Pipe()
	stdout, outW := io.Pipe()
	var stderr strings.Builder
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); outW.Close(); inR.Close(); close(exited) }()
	stop := func() { _ = cmd.Process.Kill(); <-exited }
	c := &Client{t: t, cmd: cmd, stdin: stdin, replies: make(chan string, 16), changes: make(chan Change, 1024)}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, "changed "); ok {
				ms, ids, _ := strings.Cut(rest, " ")
				n, _ := strconv.ParseInt(ms, 10, 64)
				c.changes <- Change{At: time.UnixMilli(n), IDs: split(ids)}
				continue
			}
			c.replies <- line
		}
		close(c.replies)
	}()
	t.Cleanup(func() {
		stdin.Close()
		stop()
		if t.Failed() {
			t.Logf("curator client stderr: %s", stderr.String())
		}
	})
	if got := <-c.replies; got != "ready" {
		stop()
		t.Fatalf("curator client did not start: %q; stderr: %s", got, stderr.String())
	}
	return c
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (c *Client) reply(cmd string, timeout time.Duration) string {
	c.t.Helper()
	if cmd != "" {
		if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
			c.t.Fatalf("curator client: %v", err)
		}
	}
	select {
	case line, ok := <-c.replies:
		if !ok {
			c.t.Fatalf("curator client exited (command %q)", cmd)
		}
		if strings.HasPrefix(line, "error ") {
			c.t.Fatalf("curator client: %s", line)
		}
		return line
	case <-time.After(timeout):
		c.t.Fatalf("curator client: no answer to %q within %s", cmd, timeout)
	}
	return ""
}

// Query returns ServiceDiscovery.queryForInstances' ids, sorted.
func (c *Client) Query() []string {
	c.t.Helper()
	return split(strings.TrimPrefix(c.reply("query", 30*time.Second), "ids "))
}

// Cached returns the ids in the ServiceProvider's cache, sorted: what its
// picks choose from. It follows ZooKeeper (Query) by a notification and,
// for a new instance, a read of its data.
func (c *Client) Cached() []string {
	c.t.Helper()
	return split(strings.TrimPrefix(c.reply("cached", 30*time.Second), "ids "))
}

// Pick is one ServiceProvider.getInstance() result.
type Pick struct{ ID, Track string }

// Picks returns n ServiceProvider picks (ID "-" when it had none).
func (c *Client) Picks(n int) []Pick {
	c.t.Helper()
	f := strings.Fields(c.reply("picks "+strconv.Itoa(n), 60*time.Second))[1:]
	out := make([]Pick, len(f))
	for i, p := range f {
		id, track, _ := strings.Cut(p, ",")
		out[i] = Pick{id, track}
	}
	return out
}

// Call makes n HTTP GETs to ServiceProvider picks and returns how many
// failed (no instance, connection refused, 5xx) and why the first did.
func (c *Client) Call(n int) (failed int, first string) {
	c.t.Helper()
	r := c.reply("call "+strconv.Itoa(n), 5*time.Minute)
	num, first, _ := strings.Cut(strings.TrimPrefix(r, "ok "), " ")
	failed, err := strconv.Atoi(num)
	if err != nil {
		c.t.Fatalf("curator client: %q", r)
	}
	return failed, first
}

// Probe has the client pick instances (ServiceProvider.getInstance, no
// call) in a loop for d, from now; the returned function waits for the
// end and says how many picks there were, how many found no instance and
// when the first of those was (zero if none).
func (c *Client) Probe(d time.Duration) func() (picks, none int, first time.Time) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, "probe "+strconv.FormatInt(d.Milliseconds(), 10)+"\n"); err != nil {
		c.t.Fatalf("curator client: %v", err)
	}
	return func() (int, int, time.Time) {
		c.t.Helper()
		f := strings.Fields(c.reply("", d+time.Minute))
		if len(f) != 4 || f[0] != "probe" {
			c.t.Fatalf("curator client: probe answered %q", strings.Join(f, " "))
		}
		picks, _ := strconv.Atoi(f[1])
		none, _ := strconv.Atoi(f[2])
		ms, _ := strconv.ParseInt(f[3], 10, 64)
		var first time.Time
		if ms > 0 {
			first = time.UnixMilli(ms)
		}
		return picks, none, first
	}
}

// Watch starts reporting ServiceCache changes on Changes.
func (c *Client) Watch() <-chan Change {
	c.t.Helper()
	c.reply("watch", 30*time.Second)
	return c.changes
}

// WaitIDs waits until Query returns want (sorted) or fails t at deadline.
func (c *Client) WaitIDs(want []string, timeout time.Duration) {
	c.t.Helper()
	c.wait(c.Query, "sees", want, timeout)
}

// WaitCached waits until Cached returns want (sorted) or fails t at
// deadline: picks made after it choose among want.
func (c *Client) WaitCached(want []string, timeout time.Duration) {
	c.t.Helper()
	c.wait(c.Cached, "has in its ServiceProvider's cache", want, timeout)
}

func (c *Client) wait(view func() []string, what string, want []string, timeout time.Duration) {
	c.t.Helper()
	want = append([]string(nil), want...)
	sort.Strings(want)
	deadline := time.Now().Add(timeout)
	var got []string
	for time.Now().Before(deadline) {
		if got = view(); strings.Join(got, ",") == strings.Join(want, ",") {
			return
		}
		time.Sleep(20 * time.Millisecond) // polling the condition, bounded by the deadline
	}
	c.t.Fatalf("curator client %s %v, want %v (after %s)", what, got, want, timeout)
}
