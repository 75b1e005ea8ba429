package emulator

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func onlyTask(t *testing.T, te *testEmu, appID string) *Task {
	t.Helper()
	te.mu.Lock()
	defer te.mu.Unlock()
	as := te.apps[appID]
	require.NotNil(t, as)
	require.Len(t, as.tasks, 1)
	for _, tk := range as.tasks {
		c := *tk
		return &c
	}
	return nil
}

func TestProcessTaskEnvironment(t *testing.T) {
	t.Setenv("YODEL_SANDBOX_OWNER", "/tmp/some-sandbox")
	te := startEmu(t, Config{Executor: ExecutorProcess, PathDirs: []string{"/opt/extra"}})
	body := `{"id":"/grp/env","cmd":"env > env.txt; echo out; echo err >&2; exec sleep 60","instances":1,
		"labels":{"team":"core","yodel.track":"blue"},"env":{"GREETING":"hi","HOST":"overridden"},
		"portDefinitions":[{"port":0,"name":"http"},{"port":0}]}`
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", body).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/grp/env")
	var env map[string]string
	waitFor(t, 5*time.Second, "env.txt", func() bool {
		b, err := os.ReadFile(filepath.Join(tk.Dir, "env.txt"))
		if err != nil || !strings.Contains(string(b), "PORTS=") {
			return false
		}
		env = map[string]string{}
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok {
				env[k] = v
			}
		}
		return true
	})
	p0, p1 := strconv.Itoa(tk.Ports[0]), strconv.Itoa(tk.Ports[1])
	assert.Equal(t, p0, env["PORT0"])
	assert.Equal(t, p1, env["PORT1"])
	assert.Equal(t, p0, env["PORT"])
	assert.Equal(t, p0+","+p1, env["PORTS"])
	assert.Equal(t, p0, env["PORT_HTTP"])
	assert.Equal(t, p0, env["PORT_10000"], "declared (service) port maps to the host port")
	assert.Equal(t, "overridden", env["HOST"], "user env wins")
	assert.Equal(t, "/grp/env", env["MARATHON_APP_ID"])
	assert.Equal(t, tk.Version, env["MARATHON_APP_VERSION"])
	assert.Equal(t, tk.ID, env["MESOS_TASK_ID"])
	assert.True(t, strings.HasPrefix(tk.ID, "grp_env."), tk.ID)
	assert.Equal(t, "1", env["MARATHON_APP_RESOURCE_CPUS"])
	assert.Equal(t, "128", env["MARATHON_APP_RESOURCE_MEM"])
	assert.Equal(t, "TEAM YODEL_TRACK", env["MARATHON_APP_LABELS"])
	assert.Equal(t, "blue", env["MARATHON_APP_LABEL_YODEL_TRACK"])
	assert.Equal(t, "hi", env["GREETING"])
	assert.Equal(t, "/tmp/some-sandbox", env["YODEL_SANDBOX_OWNER"], "sandbox down finds tasks by it")
	exe, _ := os.Executable()
	assert.True(t, strings.HasPrefix(env["PATH"], filepath.Dir(exe)+":/opt/extra:"), env["PATH"])
	waitFor(t, 5*time.Second, "stdout and stderr files", func() bool {
		o, _ := os.ReadFile(filepath.Join(tk.Dir, "stdout"))
		e, _ := os.ReadFile(filepath.Join(tk.Dir, "stderr"))
		return string(o) == "out\n" && string(e) == "err\n"
	})
}

func TestProcessKillGraceThenSIGKILL(t *testing.T) {
	te := startEmu(t, Config{Executor: ExecutorProcess, Features: []string{FeatureTaskKilling}, TimeScale: 0.5})
	// The task ignores SIGTERM: only the SIGKILL after the grace period
	// (1 s at time scale 0.5) ends it.
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/stubborn","cmd":"trap '' TERM; echo ready > ready; while true; do sleep 0.05; done","taskKillGracePeriodSeconds":1}`).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/stubborn")
	waitFor(t, 5*time.Second, "trap installed", func() bool {
		_, err := os.Stat(filepath.Join(tk.Dir, "ready"))
		return err == nil
	})
	s := openSSE(t, te.url+"/v2/events?event_type=status_update_event")
	start := time.Now()
	r := te.call(t, "DELETE", "/v2/apps/stubborn/tasks/"+tk.ID+"?scale=true", "")
	require.Equal(t, 200, r.status, string(r.body))
	assert.Equal(t, "TASK_KILLING", s.next(t).data["taskStatus"])
	ev := s.next(t)
	assert.Equal(t, "TASK_KILLED", ev.data["taskStatus"])
	assert.GreaterOrEqual(t, time.Since(start), 450*time.Millisecond, "SIGTERM was ignored for the grace period")
	assert.Contains(t, ev.data["message"], "signal")
	assert.Equal(t, syscall.ESRCH, syscall.Kill(tk.PID, 0), "process gone")
}

func TestProcessCrashBackoffAndLastFailure(t *testing.T) {
	te := startEmu(t, Config{Executor: ExecutorProcess, TimeScale: 0.1})
	s := openSSE(t, te.url+"/v2/events?event_type=status_update_event")
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/crash","cmd":"exit 7","backoffSeconds":1,"backoffFactor":2}`).status)
	var failedAt []time.Time
	var states []string
	for len(failedAt) < 3 {
		ev := s.next(t)
		states = append(states, ev.data["taskStatus"].(string))
		if ev.data["taskStatus"] == TaskFailed {
			// The emulator's own timestamp, not when the test read the
			// event: a loaded machine delays reads unevenly.
			at, err := time.Parse(tsFormat, ev.data["timestamp"].(string))
			require.NoError(t, err)
			failedAt = append(failedAt, at)
			assert.Equal(t, "Command exited with status 7", ev.data["message"])
		}
	}
	assert.Equal(t, []string{TaskStaging, TaskRunning, TaskFailed}, states[:3])
	// Delays of 0.1s then 0.2s (backoffSeconds·factor^n, scaled by 0.1):
	// lower bounds only (a relaunch may come later, never earlier), less
	// 10ms for the millisecond timestamps and the gap between the failure
	// and its event being stamped.
	assert.GreaterOrEqual(t, failedAt[1].Sub(failedAt[0]), 90*time.Millisecond)
	assert.GreaterOrEqual(t, failedAt[2].Sub(failedAt[1]), 190*time.Millisecond)
	app := te.call(t, "GET", "/v2/apps/crash", "").json(t)["app"].(map[string]any)
	ltf := app["lastTaskFailure"].(map[string]any)
	assert.Equal(t, "TASK_FAILED", ltf["state"])
	assert.Equal(t, "/crash", ltf["appId"])
}

func TestProcessTasksSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Executor: ExecutorProcess, StateDir: dir, TickInterval: 20 * time.Millisecond}
	e1 := startEmu(t, cfg)
	require.Equal(t, 201, e1.call(t, "POST", "/v2/apps", `{"id":"/keep","cmd":"exec sleep 60","instances":2}`).status)
	e1.waitIdle(t)
	before := e1.call(t, "GET", "/v2/apps/keep", "").json(t)["app"].(map[string]any)
	e1.stop()

	e2 := startEmu(t, cfg)
	e2.waitIdle(t)
	after := e2.call(t, "GET", "/v2/apps/keep", "").json(t)["app"].(map[string]any)
	ids := func(app map[string]any) []string {
		var out []string
		for _, tk := range app["tasks"].([]any) {
			out = append(out, tk.(map[string]any)["id"].(string))
		}
		return out
	}
	assert.ElementsMatch(t, ids(before), ids(after), "the same processes were adopted")
	assert.Equal(t, before["version"], after["version"])

	// An adopted task still gets killed properly, and restarts follow.
	tk := func() *Task {
		e2.mu.Lock()
		defer e2.mu.Unlock()
		for _, x := range e2.apps["/keep"].tasks {
			c := *x
			return &c
		}
		return nil
	}()
	r := e2.call(t, "DELETE", "/v2/apps/keep/tasks/"+tk.ID, "")
	require.Equal(t, 200, r.status, string(r.body))
	waitFor(t, 5*time.Second, "adopted process killed", func() bool { return procStartTime(tk.PID) == 0 })
	e2.waitIdle(t)
	require.NoError(t, e2.StopAllTasks(context.Background()))
}

func TestStateDirNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere; a path under a regular file fails for everyone.
	}
	f := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(f, nil, 0o644))
	_, err := New(Config{StateDir: filepath.Join(f, "state")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "state dir")
	assert.Contains(t, err.Error(), "--state-dir")
}

func TestRequirePorts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	busy := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	te := startEmu(t, Config{})
	r := te.call(t, "POST", "/v2/apps", `{"id":"/fixed","cmd":"x","requirePorts":true,"portDefinitions":[{"port":`+strconv.Itoa(busy)+`}]}`)
	require.Equal(t, 201, r.status, string(r.body))
	te.waitIdle(t)
	assert.Equal(t, []int{busy}, onlyTask(t, te, "/fixed").Ports)
	r = te.call(t, "POST", "/v2/apps", `{"id":"/zero","cmd":"x","requirePorts":true}`)
	assert.Equal(t, 422, r.status, "requirePorts needs declared ports")
}

// A kill of a task whose process is gone must not reach the process group
// that took over its pid: with pid_max at 32768 a busy machine reuses pids
// within seconds, and that group may be another sandbox's task.
func TestSignalGroupSparesAReusedPID(t *testing.T) {
	dir := t.TempDir()
	// The shell notes each signal it gets; USR2 also ends it. Pending
	// signals run their traps in signal order, so a USR1 sent before the
	// USR2 is in the file by the time the shell exits.
	cmd := exec.Command("/bin/sh", "-c", `trap 'echo USR1 >> got' USR1; trap 'echo USR2 >> got; exit 0' USR2; : > ready; while :; do sleep 0.01; done`)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); <-done })
	waitFor(t, 10*time.Second, "the traps set", func() bool {
		_, err := os.Stat(filepath.Join(dir, "ready"))
		return err == nil
	})
	pid := cmd.Process.Pid
	start := procStartTime(pid)
	require.NotZero(t, start)

	signalGroup(pid, start+1, syscall.SIGUSR1) // as if pid were a dead task's, reused
	signalGroup(pid, 0, syscall.SIGUSR1)       // a task whose start is unknown
	signalGroup(pid, start, syscall.SIGUSR2)   // the task's own
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the task's own process group was not signalled")
	}
	got, err := os.ReadFile(filepath.Join(dir, "got"))
	require.NoError(t, err)
	assert.Equal(t, "USR2\n", string(got), "only the task's own process is signalled")
}

// Every task end is in the emulator's log with its cause: a kill says why
// it was asked for, a task that ended by itself says how it ended.
func TestTaskEndsAreLogged(t *testing.T) {
	var log lockedBuffer
	te := startEmu(t, Config{Executor: ExecutorProcess, TimeScale: 0.1,
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/crash","cmd":"exit 7","backoffSeconds":60}`).status)
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps", `{"id":"/calm","cmd":"exec sleep 60"}`).status)
	waitFor(t, 10*time.Second, "/calm running", func() bool {
		te.mu.Lock()
		defer te.mu.Unlock()
		for _, tk := range te.apps["/calm"].tasks {
			return tk.State == TaskRunning
		}
		return false
	})
	waitFor(t, 10*time.Second, "the crash logged", func() bool {
		return strings.Contains(log.String(), `msg="task ended on its own" task=crash.`)
	})
	assert.Contains(t, log.String(), `state=TASK_FAILED message="Command exited with status 7"`)

	tk := onlyTask(t, te, "/calm")
	// force: its launch deployment may still hold the app.
	r := te.call(t, "DELETE", "/v2/apps/calm/tasks/"+tk.ID+"?scale=true&force=true", "")
	require.Equal(t, 200, r.status, string(r.body))
	waitFor(t, 10*time.Second, "the kill to end the task", func() bool {
		te.mu.Lock()
		defer te.mu.Unlock()
		return len(te.apps["/calm"].tasks) == 0
	})
	out := log.String()
	assert.Contains(t, out, `msg="killing a task" task=`+tk.ID)
	assert.NotContains(t, out, `msg="task ended on its own" task=`+tk.ID, "a kill the emulator made is not an end on its own")
}

// lockedBuffer is a bytes.Buffer the emulator's goroutines may write to
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A task turning unhealthy, and healthy again, is in the log; a task's
// first success is not (a realm's worth of lines).
func TestHealthChangesAreLogged(t *testing.T) {
	var log lockedBuffer
	te := startEmu(t, Config{TimeScale: 0.05, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	require.Equal(t, 201, te.call(t, "POST", "/v2/apps",
		`{"id":"/h","cmd":"x","healthChecks":[{"protocol":"HTTP","path":"/health","intervalSeconds":1,"maxConsecutiveFailures":0,"gracePeriodSeconds":1}]}`).status)
	te.waitIdle(t)
	tk := onlyTask(t, te, "/h")
	assert.NotContains(t, log.String(), "health check", "a first success is not logged")
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/fail-health", "").status)
	waitFor(t, 10*time.Second, "the failure logged", func() bool {
		return strings.Contains(log.String(), `msg="task failing its health check" task=`+tk.ID+` cause="health check failure injected" failures=1`)
	})
	require.Equal(t, 200, te.call(t, "POST", "/_emulator/tasks/"+tk.ID+"/pass-health", "").status)
	waitFor(t, 10*time.Second, "the recovery logged", func() bool {
		return strings.Contains(log.String(), `msg="task passing its health check again" task=`+tk.ID)
	})
}
