package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"
)

// DownResult says what Down stopped.
type DownResult struct {
	Dir        string      `json:"dir"`
	WasRunning bool        `json:"wasRunning"`
	Stopped    []Component `json:"stopped"`  // components that were alive
	TaskPIDs   []int       `json:"taskPids"` // other sandbox processes (tasks) stopped
}

// Grace periods between SIGTERM and SIGKILL.
var (
	componentGrace = 10 * time.Second
	taskGrace      = 10 * time.Second
)

// Down stops every process the sandbox in dir started — the lb agent, the
// emulator, the emulator's tasks (which outlive it by design), HAProxy —
// and nothing else. A directory with no sandbox is not an error.
func Down(ctx context.Context, dir string, progress io.Writer) (*DownResult, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if progress == nil {
		progress = io.Discard
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return &DownResult{Dir: dir}, nil
	}
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	rec, err := LoadRecord(dir)
	if errors.Is(err, ErrNotRunning) {
		rec = &Record{Dir: dir}
	} else if err != nil {
		return nil, err
	}
	return down(ctx, dir, rec, progress)
}

func down(ctx context.Context, dir string, rec *Record, progress io.Writer) (*DownResult, error) {
	res := &DownResult{Dir: dir}
	sessions := sessionsOf(rec.Components)
	for _, c := range rec.Components {
		if c.Alive() {
			res.WasRunning = true
		}
	}
	var errs []error
	// The server first (it would drive rollouts on as the rest goes
	// away), the agent (it would react to the rest going away), then the
	// emulator (so it relaunches no task), then HAProxy; then whatever is
	// left: the tasks.
	order := []string{CompServer, CompAgent, CompMarathon}
	for _, c := range rec.Components {
		if c.Name != CompServer && c.Name != CompAgent && c.Name != CompMarathon {
			order = append(order, c.Name)
		}
	}
	for _, name := range order {
		if c, ok := rec.Component(name); ok && c.Alive() {
			errs = append(errs, stopComponent(ctx, c, progress))
			res.Stopped = append(res.Stopped, c)
		}
	}
	pids, err := stopTasks(ctx, dir, sessions, progress)
	res.TaskPIDs = pids
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	l := Layout{Dir: dir}
	if err := os.Remove(l.RecordFile()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return res, err
	}
	// HAProxy leaves its sockets behind; a stale one would only confuse.
	for _, p := range []string{l.AdminSocket(), l.MasterSocket(), l.HAProxyPidFile()} {
		_ = os.Remove(p)
	}
	return res, nil
}

func stopComponent(ctx context.Context, c Component, progress io.Writer) error {
	fmt.Fprintf(progress, "stopping %s (pid %d)\n", c.Name, c.PID)
	if err := terminate(ctx, []int{c.PID}, map[int]uint64{c.PID: c.StartTicks}, componentGrace); err != nil {
		return fmt.Errorf("stop %s: %w", c.Name, err)
	}
	return nil
}

// stopTasks stops every remaining process of the sandbox (see
// sandboxProcesses). It scans again after each round, since a dying shell
// may have spawned a child meanwhile.
func stopTasks(ctx context.Context, dir string, sessions []session, progress io.Writer) ([]int, error) {
	var all []int
	for round := 0; round < 3; round++ {
		pids := sandboxProcesses(dir, sessions, 0)
		if len(pids) == 0 {
			break
		}
		sort.Ints(pids)
		fmt.Fprintf(progress, "stopping %d task process(es): %v\n", len(pids), pids)
		ticks := map[int]uint64{}
		for _, p := range pids {
			ticks[p] = startTicks(p)
		}
		all = append(all, pids...)
		if err := terminate(ctx, pids, ticks, taskGrace); err != nil {
			return all, fmt.Errorf("stop tasks: %w", err)
		}
	}
	return all, nil
}

// terminate sends SIGTERM, waits up to grace, then SIGKILL, and waits until
// every process is gone. A process that leads its own group is signalled as
// a group, so a task's `sh -c` and what it started go together.
func terminate(ctx context.Context, pids []int, ticks map[int]uint64, grace time.Duration) error {
	signal := func(sig syscall.Signal) {
		for _, p := range pids {
			if !alive(p, ticks[p]) {
				continue
			}
			if processGroupOf(p) == p {
				_ = syscall.Kill(-p, sig)
			} else {
				_ = syscall.Kill(p, sig)
			}
		}
	}
	gone := func() bool {
		for _, p := range pids {
			if alive(p, ticks[p]) {
				return false
			}
		}
		return true
	}
	wait := func(d time.Duration) bool {
		deadline := time.Now().Add(d)
		for time.Now().Before(deadline) {
			if gone() {
				return true
			}
			select {
			case <-ctx.Done():
				return gone()
			case <-time.After(20 * time.Millisecond):
			}
		}
		return gone()
	}
	signal(syscall.SIGTERM)
	if wait(grace) {
		return nil
	}
	signal(syscall.SIGKILL)
	if wait(5 * time.Second) {
		return nil
	}
	var left []int
	for _, p := range pids {
		if alive(p, ticks[p]) {
			left = append(left, p)
		}
	}
	return fmt.Errorf("processes %v still alive after SIGKILL", left)
}
