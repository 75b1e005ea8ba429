package emulator

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// executor runs tasks. launch and kill are called with e.mu held and must
// report state changes through e.taskUpdate from another goroutine.
type executor interface {
	launch(t *Task, app *App, env []string) error
	kill(t *Task, grace time.Duration)
	// adopt takes over a task recorded by an earlier emulator; false if it
	// no longer runs.
	adopt(t *Task) bool
	// crash ends a task as if it had died on its own (fault injection).
	crash(t *Task) error
	// wedge makes a task stop answering, or answer again.
	wedge(t *Task, on bool) error
	close()
}

// processExecutor runs `sh -c cmd` in a per-task directory, in its own
// process group so that kills reach the whole tree and tasks outlive the
// emulator.
type processExecutor struct {
	e     *Emulator
	mu    sync.Mutex
	procs map[string]*proc
}

type proc struct {
	pid    int
	killed bool
	done   chan struct{}
}

func newProcessExecutor(e *Emulator) *processExecutor {
	return &processExecutor{e: e, procs: map[string]*proc{}}
}

// dockerAvailable reports whether a Docker engine can run image apps.
func dockerAvailable() bool {
	if _, err := exec.LookPath("docker"); err != nil {
		return false
	}
	_, err := os.Stat("/var/run/docker.sock")
	return err == nil
}

func (x *processExecutor) launch(t *Task, app *App, env []string) error {
	dir := filepath.Join(x.e.taskRoot(), t.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create task directory: %w", err)
	}
	stdout, err := os.OpenFile(filepath.Join(dir, "stdout"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open task stdout: %w", err)
	}
	defer stdout.Close()
	stderr, err := os.OpenFile(filepath.Join(dir, "stderr"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open task stderr: %w", err)
	}
	defer stderr.Close()
	script := ""
	switch {
	case app.image() != "":
		script = dockerCommand(t, app)
	case app.Cmd != nil:
		script = *app.Cmd
	default:
		return errors.New("app has neither cmd nor an image to run")
	}
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(env, "MESOS_SANDBOX="+dir)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start task: %w", err)
	}
	t.PID = cmd.Process.Pid
	t.PIDStart = procStartTime(t.PID)
	t.Dir = dir
	p := &proc{pid: t.PID, done: make(chan struct{})}
	x.mu.Lock()
	x.procs[t.ID] = p
	x.mu.Unlock()
	id := t.ID
	go func() {
		// The command executor reports TASK_RUNNING once the command is
		// forked, before anything about its end: one goroutine keeps that
		// order even when the command exits at once (launch runs under the
		// emulator's lock, so the update waits for it).
		x.e.taskUpdate(id, TaskRunning, "")
		err := cmd.Wait()
		close(p.done)
		x.mu.Lock()
		delete(x.procs, id)
		killed := p.killed
		x.mu.Unlock()
		state, msg := exitState(cmd.ProcessState, err, killed)
		x.e.taskUpdate(id, state, msg)
	}()
	return nil
}

func dockerCommand(t *Task, app *App) string {
	args := []string{"docker", "run", "--rm", "--name", "mesos-" + t.ID}
	for i, pm := range app.portMappings() {
		if i < len(t.Ports) {
			args = append(args, "-p", fmt.Sprintf("%d:%d", t.Ports[i], pm.ContainerPort))
		}
	}
	args = append(args, app.image())
	if app.Args != nil {
		args = append(args, *app.Args...)
	} else if app.Cmd != nil {
		args = append(args, "sh", "-c", *app.Cmd)
	}
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return "exec " + strings.Join(q, " ")
}

// exitState maps a process end to the Mesos task state and message the
// command executor would send.
func exitState(ps *os.ProcessState, err error, killed bool) (string, string) {
	if ps == nil {
		return TaskFailed, fmt.Sprintf("Command failed: %v", err)
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		if killed {
			return TaskKilled, "Command terminated with signal " + ws.Signal().String()
		}
		return TaskFailed, "Command terminated with signal " + ws.Signal().String()
	}
	if killed {
		return TaskKilled, fmt.Sprintf("Command exited with status %d", ps.ExitCode())
	}
	if ps.ExitCode() == 0 {
		return TaskFinished, "Command exited with status 0"
	}
	return TaskFailed, fmt.Sprintf("Command exited with status %d", ps.ExitCode())
}

func (x *processExecutor) kill(t *Task, grace time.Duration) {
	x.mu.Lock()
	p := x.procs[t.ID]
	if p != nil {
		p.killed = true
	}
	x.mu.Unlock()
	pid := t.PID
	if pid <= 0 {
		go x.e.taskUpdate(t.ID, TaskKilled, "task had no process")
		return
	}
	if p == nil {
		// The process has ended and was reaped (its end is on its way to
		// taskUpdate): its pid may already belong to another process
		// group, another sandbox's task. Signal only a leader that is
		// still the task's own process.
		signalGroup(pid, t.PIDStart, syscall.SIGTERM)
		signalGroup(pid, t.PIDStart, syscall.SIGCONT)
		return
	}
	// p is registered: cmd.Wait has not reaped the leader, so the pid is
	// still the task's.
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	_ = syscall.Kill(-pid, syscall.SIGCONT) // a wedged (stopped) task must see the TERM
	go func() {
		select {
		case <-p.done:
			return
		case <-time.After(grace):
		}
		select {
		case <-p.done:
			// Reaped as the grace ran out: the pid is no longer the task's.
		default:
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		}
	}()
}

// signalGroup signals the process group a task's leader pid started,
// unless the pid now belongs to another process: with pid_max at 32768 a
// busy machine reuses a pid within seconds, and the group of another
// task (of any emulator on the machine) must never be hit. The group is
// signalled while the leader is still the process that started at start
// (procStartTime), and when no process has the pid: Linux does not hand
// out a pid that still names a group, so what is left then is the task's
// own children. start 0 (not known) signals nothing.
func signalGroup(pid int, start uint64, sig syscall.Signal) {
	if now := procStartTime(pid); start == 0 || (now != start && now != 0) {
		return
	}
	_ = syscall.Kill(-pid, sig)
}

// adopt re-attaches to a process started by an earlier emulator, checking
// the pid's start time so that a recycled pid is not mistaken for the task.
func (x *processExecutor) adopt(t *Task) bool {
	if t.PID <= 0 || procStartTime(t.PID) != t.PIDStart || t.PIDStart == 0 {
		return false
	}
	id, pid, start := t.ID, t.PID, t.PIDStart
	p := &proc{pid: pid, done: make(chan struct{})}
	x.mu.Lock()
	x.procs[id] = p
	x.mu.Unlock()
	go func() {
		for procStartTime(pid) == start {
			select {
			case <-x.e.done:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
		close(p.done)
		x.mu.Lock()
		delete(x.procs, id)
		killed := p.killed
		x.mu.Unlock()
		// Not our child: the exit status is gone with it.
		if killed {
			x.e.taskUpdate(id, TaskKilled, "Command terminated")
		} else {
			x.e.taskUpdate(id, TaskFailed, "Command exited (adopted task; exit status unknown)")
		}
	}()
	return true
}

func (x *processExecutor) crash(t *Task) error {
	if t.PID <= 0 {
		return errors.New("task has no process")
	}
	return syscall.Kill(-t.PID, syscall.SIGKILL)
}

func (x *processExecutor) wedge(t *Task, on bool) error {
	if t.PID <= 0 {
		return errors.New("task has no process")
	}
	if on {
		return syscall.Kill(-t.PID, syscall.SIGSTOP)
	}
	return syscall.Kill(-t.PID, syscall.SIGCONT)
}

func (x *processExecutor) close() {}

// procStartTime is the process start time in clock ticks since boot
// (/proc/pid/stat field 22), 0 if the process does not exist or is a
// zombie.
func procStartTime(pid int) uint64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); field 22 is f[19].
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return 0
	}
	v, _ := strconv.ParseUint(f[19], 10, 64)
	return v
}

// KillTasks kills the process groups of every task recorded in stateDir
// whose process still runs, for tearing a sandbox down when no emulator is
// left to ask. It verifies each pid's start time first.
func KillTasks(stateDir string, grace time.Duration) error {
	st, err := readState(stateDir)
	if err != nil {
		return err
	}
	starts := map[int]uint64{}
	for _, a := range st.Apps {
		for _, t := range a.Tasks {
			if t.PID > 0 && t.PIDStart != 0 && procStartTime(t.PID) == t.PIDStart {
				_ = syscall.Kill(-t.PID, syscall.SIGTERM)
				_ = syscall.Kill(-t.PID, syscall.SIGCONT)
				starts[t.PID] = t.PIDStart
			}
		}
	}
	deadline := time.Now().Add(grace)
	for pid, start := range starts {
		for procStartTime(pid) == start && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		signalGroup(pid, start, syscall.SIGKILL)
	}
	return nil
}
