package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// yodel runs the binary against the sandbox and returns its exit code and
// both streams.
func yodel(t *testing.T, sb *sandboxtest.Sandbox, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(sb.Bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("yodel %v: %v", args, err)
	}
	return code, out.String(), errOut.String()
}

// served returns the release each healthy task of the app answers with.
func served(t *testing.T, sb *sandboxtest.Sandbox, dir string) map[string]int {
	t.Helper()
	code, out, errOut := yodel(t, sb, dir, "status", "hello", "--realm", sb.RealmFile, "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rows []struct {
		App     string `json:"app"`
		Healthy int    `json:"healthy"`
		Wanted  int    `json:"wanted"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	require.Len(t, rows, 1)
	require.Equal(t, rows[0].Wanted, rows[0].Healthy, "every task healthy")
	resp, err := http.Get(sb.MarathonURL + "/v2/apps" + rows[0].App + "/tasks")
	require.NoError(t, err)
	defer resp.Body.Close()
	var tasks struct {
		Tasks []struct {
			Host  string `json:"host"`
			Ports []int  `json:"ports"`
		} `json:"tasks"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tasks))
	got := map[string]int{}
	for _, tk := range tasks.Tasks {
		r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", tk.Ports[0]))
		require.NoError(t, err)
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		var v struct {
			Version string `json:"version"`
		}
		require.NoError(t, json.Unmarshal(b, &v), string(b))
		got[v.Version]++
	}
	return got
}

func TestSandboxEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: real processes")
	}
	sb := sandboxtest.Start(t, sandboxtest.Options{})
	dir := t.TempDir()
	b, err := os.ReadFile("../../../examples/hello/hello.yaml")
	require.NoError(t, err)
	// A service port of its own: other test binaries run sandboxes at once.
	base := sandboxtest.ReplaceOnce(t, string(b), "servicePort: 10080", fmt.Sprintf("servicePort: %d", sandboxtest.FreeServicePort(t)))
	write := func(extraEnv string) {
		m := strings.Replace(base, "env:\n", "env:\n"+extraEnv, 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.yaml"), []byte(m), 0o644))
	}
	deployRel := func(rel string) (int, string, string) {
		// The rolling path: canary is the default once a stable release
		// exists (pkg/cmd/canary has its own end-to-end tests).
		return yodel(t, sb, dir, "deploy", "-f", "hello.yaml", "--realm", sb.RealmFile, "--release", rel,
			"--strategy", "rolling", "--timeout", "3m", "--progress-deadline", "90s")
	}

	write("")
	code, out, errOut := deployRel("v1")
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	assert.Equal(t, map[string]int{"v1": 3}, served(t, sb, dir))

	code, out, errOut = deployRel("v2")
	require.Equal(t, 0, code, "v1 -> v2\n%s\n%s", out, errOut)
	// Routed by the sandbox's lb agent: the drained rolling path (surge.go).
	assert.Contains(t, errOut, "starting /hello-green beside /hello-blue", errOut)
	assert.Contains(t, errOut, "deleting /hello-green", errOut)
	assert.Equal(t, map[string]int{"v2": 3}, served(t, sb, dir))
	assert.NotContains(t, errOut, "\x1b", "no control characters off a TTY")

	write("  HELLO_FAIL_START: \"true\"\n")
	start := time.Now()
	code, _, errOut = deployRel("v3")
	assert.Equal(t, 3, code, "v3 fails to start: rolled back\n%s", errOut)
	assert.Contains(t, errOut, "rolled back")
	t.Logf("v3 detected and rolled back in %s", time.Since(start).Round(time.Second))
	assert.Equal(t, map[string]int{"v2": 3}, served(t, sb, dir), "v2 keeps serving")

	write("  HELLO_HEALTH_FAIL: \"true\"\n")
	start = time.Now()
	code, _, errOut = deployRel("v4")
	assert.Equal(t, 3, code, "v4 never healthy: rolled back\n%s", errOut)
	t.Logf("v4 detected and rolled back in %s", time.Since(start).Round(time.Second))
	assert.Equal(t, map[string]int{"v2": 3}, served(t, sb, dir), "v2 keeps serving")

	code, out, errOut = yodel(t, sb, dir, "scale", "hello", "5", "--realm", sb.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Equal(t, map[string]int{"v2": 5}, served(t, sb, dir))
	code, out, errOut = yodel(t, sb, dir, "scale", "hello", "2", "--realm", sb.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, errOut, "draining 3 task(s) of hello", "a scale-down drains what it kills")
	assert.Equal(t, map[string]int{"v2": 2}, served(t, sb, dir))

	// A change whose output nobody reads any more (`yodel scale | head`, a
	// CI runner gone) still finishes and records its outcome: SIGPIPE
	// killed it half-way, its history row in progress for ever.
	r, w, err := os.Pipe()
	require.NoError(t, err)
	require.NoError(t, r.Close())
	cmd := exec.Command(sb.Bin, "scale", "hello", "3", "--realm", sb.RealmFile)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "CI=true", "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = w, w
	runErr := cmd.Run()
	require.NoError(t, w.Close())
	var ee *exec.ExitError
	if errors.As(runErr, &ee) {
		require.True(t, ee.Exited(), "killed by a signal: %v", runErr)
	}
	assert.Equal(t, map[string]int{"v2": 3}, served(t, sb, dir))
	code, out, errOut = yodel(t, sb, dir, "history", "hello", "--realm", sb.RealmFile, "-o", "json")
	require.Equal(t, 0, code, errOut)
	var hist []struct {
		Strategy, Outcome string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &hist), out)
	require.NotEmpty(t, hist)
	assert.Equal(t, "succeeded", hist[0].Outcome, "the scale with its output closed: %+v", hist[0])

	// The realm's server, a daemon, keeps running when nobody reads its
	// log any more (a collector gone): with --debug it logs before it
	// listens, which SIGPIPE turned into its death.
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	r, w, err = os.Pipe()
	require.NoError(t, err)
	require.NoError(t, r.Close())
	srv := exec.Command(sb.Bin, "server", "--realm", sb.RealmFile, "--listen", addr, "--debug")
	srv.Dir, srv.Env = dir, append(os.Environ(), "CI=true", "NO_COLOR=1")
	srv.Stdout, srv.Stderr = w, w
	require.NoError(t, srv.Start())
	require.NoError(t, w.Close())
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the server with its log closed exited: %v", err)
		default:
		}
		require.True(t, time.Now().Before(deadline), "the server never answered /healthz: %v", err)
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
	require.NoError(t, srv.Process.Signal(os.Interrupt))
	select {
	case err := <-exited:
		assert.NoError(t, err, "the server stops on SIGINT, not before")
	case <-time.After(30 * time.Second):
		_ = srv.Process.Kill()
		t.Fatal("the server did not stop on SIGINT")
	}

	code, out, errOut = yodel(t, sb, dir, "rollback", "hello", "--realm", sb.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "back from v2 to v1")
	assert.Contains(t, errOut, "starting /hello-green beside /hello-blue", "a routed rollback surges")
	assert.Equal(t, "v1", onlyRelease(served(t, sb, dir)))

	code, out, errOut = yodel(t, sb, dir, "history", "hello", "--realm", sb.RealmFile)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, 1, strings.Count(out, "\tv3\t"), out)
	assert.Contains(t, out, "rolled-back")

	code, out, errOut = yodel(t, sb, dir, "destroy", "hello", "--realm", sb.RealmFile)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	code, out, _ = yodel(t, sb, dir, "status", "--realm", sb.RealmFile, "-o", "json")
	require.Equal(t, 0, code)
	assert.Equal(t, "[]\n", out)
}

func onlyRelease(m map[string]int) string {
	if len(m) != 1 {
		return fmt.Sprint(m)
	}
	for k := range m {
		return k
	}
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
