//go:build linux

// The process tests need /proc to see every process of a sandbox.

package sandbox

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/third_party/yaml"

	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest/fakeyodel"
)

// shortDir is a temp dir whose socket paths fit in sun_path whatever the
// test's name (t.TempDir embeds it).
func shortDir(t *testing.T) string {
	d, err := os.MkdirTemp("", "ysb")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

func up(t *testing.T, dir string, mut ...func(*Options)) *Sandbox {
	t.Helper()
	opts := Options{Dir: dir, Exe: os.Args[0], Timeout: 30 * time.Second}
	for _, m := range mut {
		m(&opts)
	}
	sb, already, err := Up(context.Background(), opts)
	require.NoError(t, err)
	require.False(t, already)
	t.Cleanup(func() { _, _ = Down(context.Background(), dir, nil) })
	return sb
}

func fakeTaskPIDs(t *testing.T, dir string) []int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Layout{Dir: dir}.MarathonDir(), fakeyodel.TasksFile))
	require.NoError(t, err)
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		p, err := strconv.Atoi(f)
		require.NoError(t, err)
		pids = append(pids, p)
	}
	require.Len(t, pids, 2)
	return pids
}

// allProcesses is every live process of the sandbox: components, HAProxy's
// worker, tasks.
func allProcesses(t *testing.T, sb *Sandbox) []int {
	return sandboxProcesses(sb.Dir, sessionsOf(sb.Components), 0)
}

func TestUpStatusDown(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	sb := up(t, dir)
	l := Layout{Dir: dir}

	emu, ok := sb.Component(CompMarathon)
	require.True(t, ok)
	hap, ok := sb.Component(CompHAProxy)
	require.True(t, ok)
	_, hasAgent := sb.Component(CompAgent)
	assert.False(t, hasAgent, "the fake yodel has no lb command: the agent step is skipped")
	assert.True(t, emu.Alive())
	assert.True(t, hap.Alive())
	assert.Equal(t, "http://"+emu.Addr, sb.MarathonURL)

	// Every component really answers.
	require.NoError(t, httpOK(sb.MarathonURL+"/ping"))
	require.NoError(t, haproxyAnswers(l.AdminSocket()))
	resp, err := http.Get("http://" + hap.Addr + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	// Master-worker mode: the master CLI answers (the lb agent reloads
	// through it).
	conn, err := net.Dial("unix", l.MasterSocket())
	require.NoError(t, err)
	_, err = conn.Write([]byte("show proc;quit\n"))
	require.NoError(t, err)
	procs, err := io.ReadAll(conn)
	conn.Close()
	require.NoError(t, err)
	assert.Contains(t, string(procs), "master")
	assert.Contains(t, string(procs), "worker")
	pid, err := os.ReadFile(l.HAProxyPidFile())
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(hap.PID), strings.TrimSpace(string(pid)), "the pid file names the master we started")

	// The realm file points at all of it.
	var rf RealmFile
	b, err := os.ReadFile(l.RealmFile())
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, &rf))
	assert.Equal(t, "local", rf.Realm)
	assert.Equal(t, []string{sb.MarathonURL}, rf.Marathon.URLs)
	assert.Equal(t, "file://"+dir+"/state", rf.State)
	assert.Equal(t, l.AdminSocket(), rf.HAProxy.SocketPath)
	assert.Equal(t, l.MasterSocket(), rf.HAProxy.MasterSocketPath)
	assert.Equal(t, l.HAProxyConfig(), rf.HAProxy.ConfigPath)
	assert.Equal(t, "127.0.0.1", rf.HAProxy.BindAddress)
	assert.Equal(t, 3000, rf.Limits.MaxInstances)
	// One host port per instance: the emulator's range must hold the
	// realm's maxInstances.
	emu, found := sb.Component(CompMarathon)
	require.True(t, found)
	assert.Contains(t, strings.Join(emu.Args, " "), "--port-range "+DefaultPortRange)
	var lo, hi int
	_, err = fmt.Sscanf(DefaultPortRange, "%d-%d", &lo, &hi)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, hi-lo+1, rf.Limits.MaxInstances)
	assert.DirExists(t, l.StoreDir())
	// ... and the realm package, which resolves --realm local, accepts it.
	parsed, err := realm.Load(l.RealmFile(), "local")
	require.NoError(t, err)
	assert.Equal(t, []string{sb.MarathonURL}, parsed.Marathon.URLs)
	assert.Equal(t, l.StoreURL(), parsed.State)
	assert.Equal(t, l.AdminSocket(), parsed.HAProxy.SocketPath)

	tasks := fakeTaskPIDs(t, dir)
	st, err := Status(dir)
	require.NoError(t, err)
	assert.True(t, st.Running)
	assert.ElementsMatch(t, tasks, st.TaskPIDs, "status lists the tasks, not HAProxy's worker")
	require.Len(t, st.Components, 2)

	// up again: nothing changes.
	again, already, err := Up(context.Background(), Options{Dir: dir, Exe: os.Args[0]})
	require.NoError(t, err)
	assert.True(t, already)
	assert.Equal(t, sb.Components, again.Components)

	everything := allProcesses(t, sb)
	require.GreaterOrEqual(t, len(everything), 5, "emulator, 2 tasks, haproxy master and worker: %v", everything)
	res, err := Down(context.Background(), dir, nil)
	require.NoError(t, err)
	assert.True(t, res.WasRunning)
	assert.Len(t, res.Stopped, 2)
	assert.ElementsMatch(t, tasks, res.TaskPIDs)
	for _, p := range everything {
		assert.False(t, alive(p, 0), "pid %d survived down", p)
	}
	assert.NoFileExists(t, l.RecordFile())
	_, err = Status(dir)
	assert.ErrorIs(t, err, ErrNotRunning)

	// down again: nothing to do, no error.
	res, err = Down(context.Background(), dir, nil)
	require.NoError(t, err)
	assert.False(t, res.WasRunning)
}

func TestTwoSandboxesSideBySide(t *testing.T) {
	t.Parallel()
	dirs := []string{shortDir(t), shortDir(t)}
	sbs := make([]*Sandbox, 2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var already bool
			sbs[i], already, errs[i] = Up(context.Background(), Options{Dir: dirs[i], Exe: os.Args[0], Timeout: 30 * time.Second})
			if already {
				errs[i] = assert.AnError
			}
		}()
	}
	wg.Wait()
	for i := range dirs {
		t.Cleanup(func() { _, _ = Down(context.Background(), dirs[i], nil) })
		require.NoError(t, errs[i])
	}
	assert.NotEqual(t, sbs[0].MarathonURL, sbs[1].MarathonURL)
	h0, _ := sbs[0].Component(CompHAProxy)
	h1, _ := sbs[1].Component(CompHAProxy)
	assert.NotEqual(t, h0.Addr, h1.Addr)

	second := allProcesses(t, sbs[1])
	first := allProcesses(t, sbs[0])
	require.NotEmpty(t, second)
	for _, p := range second {
		assert.NotContains(t, first, p, "a process counted in both sandboxes")
	}
	_, err := Down(context.Background(), dirs[0], nil)
	require.NoError(t, err)
	for _, p := range first {
		assert.False(t, alive(p, 0), "pid %d of the first sandbox survived", p)
	}
	for _, p := range second {
		assert.True(t, alive(p, 0), "down of the first sandbox stopped pid %d of the second", p)
	}
	st, err := Status(dirs[1])
	require.NoError(t, err)
	assert.True(t, st.Running)
}

// A sandbox whose emulator died is restarted by up, not reported as
// running, and the remains (HAProxy, the orphaned tasks) are stopped first.
func TestUpReplacesDegradedSandbox(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	sb := up(t, dir)
	oldTasks := fakeTaskPIDs(t, dir)
	hap, _ := sb.Component(CompHAProxy)
	emu, _ := sb.Component(CompMarathon)
	require.NoError(t, syscall.Kill(emu.PID, syscall.SIGKILL))
	require.Eventually(t, func() bool { return !emu.Alive() }, 5*time.Second, 10*time.Millisecond)

	st, err := Status(dir)
	require.NoError(t, err)
	assert.False(t, st.Running)

	sb2, already, err := Up(context.Background(), Options{Dir: dir, Exe: os.Args[0], Timeout: 30 * time.Second})
	require.NoError(t, err)
	assert.False(t, already)
	assert.False(t, hap.Alive(), "the old HAProxy was stopped")
	for _, p := range oldTasks {
		assert.False(t, alive(p, 0), "old task %d survived", p)
	}
	emu2, _ := sb2.Component(CompMarathon)
	assert.True(t, emu2.Alive())
	require.NoError(t, httpOK(sb2.MarathonURL+"/ping"))
	// On the ports it had, which were free again: the realm file keeps
	// its addresses, and a command running against it (a canary's
	// deploy) carries on. It used to restart everything on new ports.
	assert.Equal(t, sb.MarathonURL, sb2.MarathonURL)
	assert.Equal(t, sb.StatsURL, sb2.StatsURL)
	assert.Equal(t, sb.AgentURL, sb2.AgentURL)
	assert.Equal(t, sb.ServerURL, sb2.ServerURL)
}

func TestUpFailsClearlyAndLeavesNothing(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	_, _, err := Up(context.Background(), Options{Dir: dir, Exe: os.Args[0], Executor: "fail", Timeout: 20 * time.Second})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "marathon exited during start-up")
	assert.Contains(t, err.Error(), "state dir is not writable (fake failure)", "the log tail explains why")
	assert.NoFileExists(t, Layout{Dir: dir}.RecordFile())
}

func TestUpTimesOutAndStopsWhatStarted(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	// Long enough for the fake emulator (this test binary, under -race) to
	// start its tasks on a busy machine before Up gives up on its ping: at
	// 500 ms it had not, and there was nothing left to check.
	_, _, err := Up(context.Background(), Options{Dir: dir, Exe: os.Args[0], Executor: "noping", Timeout: 5 * time.Second})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "marathon did not answer in time")
	for _, p := range fakeTaskPIDs(t, dir) {
		assert.False(t, alive(p, 0), "task %d left behind by a failed up", p)
	}
	assert.NoFileExists(t, Layout{Dir: dir}.RecordFile())
}

func TestUpWithoutEmulatorCommand(t *testing.T) {
	t.Parallel()
	_, _, err := Up(context.Background(), Options{Dir: shortDir(t), Exe: "/bin/true"})
	assert.ErrorIs(t, err, ErrNoEmulator)
}

func TestDirTooDeepForSockets(t *testing.T) {
	t.Parallel()
	dir := "/tmp/" + strings.Repeat("d", 100)
	_, _, err := Up(context.Background(), Options{Dir: dir, Exe: os.Args[0]})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "too deep")
	assert.Contains(t, err.Error(), "shorter --dir")
	assert.NoDirExists(t, dir)
}

func TestLockSerialisesCommands(t *testing.T) {
	t.Parallel()
	dir := shortDir(t)
	unlock, err := lockDir(context.Background(), dir)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = lockDir(ctx, dir)
	require.Error(t, err, "a second holder must wait")
	assert.Contains(t, err.Error(), "another yodel sandbox command")
	unlock()
	unlock2, err := lockDir(context.Background(), dir)
	require.NoError(t, err)
	unlock2()
}

func TestReadProcStatOfSelf(t *testing.T) {
	s, err := readProcStat(os.Getpid())
	require.NoError(t, err)
	assert.Equal(t, os.Getppid(), s.PPID)
	assert.NotZero(t, s.StartTicks)
	assert.True(t, alive(os.Getpid(), s.StartTicks))
	assert.False(t, alive(os.Getpid(), s.StartTicks+1), "another start time is another process")
}
