package sandboxtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// The real binary, the real emulator, the real HAProxy.
func TestUpStatusDownWithRealBinary(t *testing.T) {
	sb := Start(t, Options{})
	emu := sb.Component(t, sandbox.CompMarathon)
	hap := sb.Component(t, sandbox.CompHAProxy)

	var st sandbox.StatusReport
	require.NoError(t, json.Unmarshal([]byte(sb.Yodel(t, "sandbox", "status", "--dir", sb.Dir, "-o", "json")), &st))
	assert.True(t, st.Running)
	assert.Equal(t, sb.MarathonURL, st.MarathonURL)

	resp, err := http.Get(sb.MarathonURL + "/v2/apps")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	// up again reports the running sandbox and changes nothing.
	out := sb.Yodel(t, "sandbox", "up", "--detach", "--dir", sb.Dir)
	assert.Equal(t, sb.RealmFile+"\n", out)

	sb.Yodel(t, "sandbox", "down", "--dir", sb.Dir)
	assert.False(t, emu.Alive())
	assert.False(t, hap.Alive())
	cmd := exec.Command(sb.Bin, "sandbox", "status", "--dir", sb.Dir)
	err = cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "status of a stopped sandbox exits non-zero")
	assert.Equal(t, 1, ee.ExitCode())
}

func TestTwoRealSandboxes(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	a := Start(t, Options{})
	b := Start(t, Options{})
	assert.NotEqual(t, a.MarathonURL, b.MarathonURL)
	assert.NotEqual(t, a.AdminSocket, b.AdminSocket)
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

// `cmd: yodel example hello` works: the built binary serves the example as
// Marathon would run it (PORT0, labels in the env), and stops gracefully.
func TestExampleHelloFromBinary(t *testing.T) {
	bin := Binary(t)
	port := freePort(t)
	cmd := exec.Command(bin, "example", "hello")
	cmd.Env = append(os.Environ(), "PORT0="+port, "HOST=127.0.0.1", "MESOS_TASK_ID=hello.t1",
		"MARATHON_APP_ID=/hello-blue", "MARATHON_APP_LABEL_YODEL_RELEASE=v9")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	url := "http://127.0.0.1:" + port
	require.Eventually(t, func() bool {
		r, err := http.Get(url + "/health")
		if err != nil {
			return false
		}
		r.Body.Close()
		return r.StatusCode == 200
	}, 20*time.Second, 20*time.Millisecond, "stderr: %s", &stderr)
	resp, err := http.Get(url + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.JSONEq(t, `{"service":"hello","version":"v9","taskId":"hello.t1","appId":"/hello-blue","host":"127.0.0.1"}`, string(body))

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-exited:
		assert.NoError(t, err, "SIGTERM is a clean stop; stderr: %s", &stderr)
	case <-time.After(15 * time.Second):
		t.Fatal("hello did not stop on SIGTERM")
	}
}

func TestExampleHelloFailStart(t *testing.T) {
	cmd := exec.Command(Binary(t), "example", "hello", "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "HELLO_FAIL_START=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 1, ee.ExitCode())
	assert.Contains(t, string(out), "HELLO_FAIL_START")
}

func TestHasEmulatorIsFalseForAnotherProgram(t *testing.T) {
	assert.False(t, HasEmulator("/bin/true"))
	assert.False(t, sandbox.HasCommand(context.Background(), Binary(t), "lb", "no-such-command"))
}

// The example service runs as emulator tasks (`cmd: yodel example hello`
// finds yodel on the task's PATH), and down stops those tasks too: they
// outlive the emulator by design.
func TestDownStopsEmulatorTasks(t *testing.T) {
	sb := Start(t, Options{})
	app := `{"id":"/hello","cmd":"yodel example hello","instances":2,"cpus":0.1,"mem":32,
		"portDefinitions":[{"port":0,"protocol":"tcp","name":"http"}],
		"env":{"HELLO_VERSION":"v1"},
		"healthChecks":[{"protocol":"HTTP","path":"/health","portIndex":0,"intervalSeconds":1,
		"timeoutSeconds":1,"gracePeriodSeconds":10,"maxConsecutiveFailures":3}]}`
	resp, err := http.Post(sb.MarathonURL+"/v2/apps", "application/json", strings.NewReader(app))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 201, resp.StatusCode, "%s", body)

	type task struct {
		Host               string `json:"host"`
		Ports              []int  `json:"ports"`
		HealthCheckResults []struct {
			Alive bool `json:"alive"`
		} `json:"healthCheckResults"`
	}
	var tasks []task
	require.Eventually(t, func() bool {
		r, err := http.Get(sb.MarathonURL + "/v2/apps/hello/tasks")
		if err != nil {
			return false
		}
		defer r.Body.Close()
		var v struct{ Tasks []task }
		if json.NewDecoder(r.Body).Decode(&v) != nil || len(v.Tasks) != 2 {
			return false
		}
		for _, tk := range v.Tasks {
			if len(tk.HealthCheckResults) == 0 || !tk.HealthCheckResults[0].Alive {
				return false
			}
		}
		tasks = v.Tasks
		return true
	}, 60*time.Second, 100*time.Millisecond, "two healthy hello tasks")
	for _, tk := range tasks {
		r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", tk.Ports[0]))
		require.NoError(t, err)
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		assert.Contains(t, string(b), `"version":"v1"`)
	}

	var st sandbox.StatusReport
	require.NoError(t, json.Unmarshal([]byte(sb.Yodel(t, "sandbox", "status", "--dir", sb.Dir, "-o", "json")), &st))
	require.GreaterOrEqual(t, len(st.TaskPIDs), 2, "status sees the task processes")

	sb.Yodel(t, "sandbox", "down", "--dir", sb.Dir)
	for _, p := range st.TaskPIDs {
		assert.False(t, sandbox.ProcessAlive(p), "task process %d survived down", p)
	}
	for _, tk := range tasks {
		_, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/health", tk.Ports[0]))
		assert.Error(t, err, "task port %d still answers after down", tk.Ports[0])
	}
}
