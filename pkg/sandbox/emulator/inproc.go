package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// inprocExecutor serves each task from inside the emulator: one HTTP
// listener per host port that answers every path with the task's identity.
// It lets scale tests run thousands of tasks without processes.
type inprocExecutor struct {
	e     *Emulator
	mu    sync.Mutex
	tasks map[string]*inprocTask
}

type inprocTask struct {
	servers []*http.Server
	wedged  chan struct{} // closed while not wedged
	mu      sync.Mutex
	stopped chan struct{}
}

func newInprocExecutor(e *Emulator) *inprocExecutor {
	return &inprocExecutor{e: e, tasks: map[string]*inprocTask{}}
}

// InprocResponse is what an inproc task answers on every path.
type InprocResponse struct {
	AppID   string `json:"appId"`
	Version string `json:"version"`
	TaskID  string `json:"taskId"`
	Port    int    `json:"port"`
}

func (x *inprocExecutor) launch(t *Task, app *App, _ []string) error {
	it := &inprocTask{stopped: make(chan struct{})}
	open := make(chan struct{})
	close(open)
	it.wedged = open
	var lns []net.Listener
	for _, p := range t.Ports {
		// The allocator bound the port already (it hands out only ports it
		// could bind); a port the app fixed is bound here.
		if ln := x.e.ports.take(p); ln != nil {
			lns = append(lns, ln)
			continue
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(x.e.cfg.HostIP, strconv.Itoa(p)))
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return err
		}
		lns = append(lns, ln)
	}
	for i, ln := range lns {
		body, _ := json.Marshal(InprocResponse{AppID: t.AppID, Version: t.Version, TaskID: t.ID, Port: t.Ports[i]})
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			it.mu.Lock()
			gate := it.wedged
			it.mu.Unlock()
			select {
			case <-gate:
			case <-it.stopped:
				return
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		})
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		it.servers = append(it.servers, srv)
		go func() { _ = srv.Serve(ln) }()
	}
	x.mu.Lock()
	x.tasks[t.ID] = it
	x.mu.Unlock()
	go x.e.taskUpdate(t.ID, TaskRunning, "")
	return nil
}

func (x *inprocExecutor) stop(id string) bool {
	x.mu.Lock()
	it := x.tasks[id]
	delete(x.tasks, id)
	x.mu.Unlock()
	if it == nil {
		return false
	}
	close(it.stopped)
	for _, s := range it.servers {
		s.Close()
	}
	return true
}

// kill behaves like a well-behaved server told to stop by SIGTERM, so that
// tests see what a real rollout sees: the task keeps serving, new
// connections too, for the first half of the kill grace period (load
// balancers learn of TASK_KILLING at once and take it out meanwhile), then
// stops accepting and lets in-flight requests finish until the grace period
// ends, when whatever is left is cut (SIGKILL). Closing at once, as it used
// to, failed requests no real task would have failed.
func (x *inprocExecutor) kill(t *Task, grace time.Duration) {
	id := t.ID
	x.mu.Lock()
	it := x.tasks[id]
	x.mu.Unlock()
	go func() {
		if it != nil && grace > 0 {
			it.drain(grace, x.e.done)
		}
		x.stop(id)
		x.e.taskUpdate(id, TaskKilled, "Command terminated with signal Terminated")
	}()
}

// drain serves on for half of grace, then shuts the listeners and waits for
// in-flight requests until grace is over, the task is stopped some other way
// (a crash, the emulator closing) or the emulator ends (done).
func (it *inprocTask) drain(grace time.Duration, done <-chan struct{}) {
	deadline := time.Now().Add(grace)
	t := time.NewTimer(grace / 2)
	defer t.Stop()
	select {
	case <-t.C:
	case <-it.stopped:
		return
	case <-done:
		return
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	go func() {
		select {
		case <-it.stopped:
		case <-done:
		case <-ctx.Done():
		}
		cancel()
	}()
	var wg sync.WaitGroup
	for _, s := range it.servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.Shutdown(ctx)
		}()
	}
	wg.Wait()
}

// adopt fails: inproc tasks die with the emulator that served them.
func (x *inprocExecutor) adopt(*Task) bool { return false }

func (x *inprocExecutor) crash(t *Task) error {
	id := t.ID
	if !x.stop(id) {
		return errors.New("task is not running")
	}
	go x.e.taskUpdate(id, TaskFailed, "Command terminated with signal Killed")
	return nil
}

func (x *inprocExecutor) wedge(t *Task, on bool) error {
	x.mu.Lock()
	it := x.tasks[t.ID]
	x.mu.Unlock()
	if it == nil {
		return errors.New("task is not running")
	}
	it.mu.Lock()
	defer it.mu.Unlock()
	select {
	case <-it.wedged:
		if on {
			it.wedged = make(chan struct{})
		}
	default:
		if !on {
			close(it.wedged)
		}
	}
	return nil
}

func (x *inprocExecutor) close() {
	x.mu.Lock()
	ids := make([]string, 0, len(x.tasks))
	for id := range x.tasks {
		ids = append(ids, id)
	}
	x.mu.Unlock()
	for _, id := range ids {
		x.stop(id)
	}
}
