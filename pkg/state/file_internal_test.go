package state

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/flock"
)

func openFileT(t *testing.T) *fileStore {
	t.Helper()
	s, err := Open(context.Background(), "file://"+t.TempDir(), Options{SessionTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.(*fileStore)
}

// An agent on another host cannot be checked by pid: its heartbeat decides.
func TestFileAgentHeartbeatTTL(t *testing.T) {
	s := openFileT(t)
	ctx := context.Background()
	write := func(id string, beat time.Time) {
		d := fileAgentDoc{AgentStatus: AgentStatus{Agent: Agent{ID: id, Host: "other-host", Pid: 1}, Applied: map[string]int64{"web": 1}}, Heartbeat: beat}
		b, _ := json.Marshal(d)
		if err := os.WriteFile(s.agentPath(id), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("fresh", time.Now())
	write("stale", time.Now().Add(-2*time.Second))
	agents, err := s.ListAgents(ctx)
	if err != nil || len(agents) != 1 || agents[0].ID != "fresh" {
		t.Fatalf("agents = %+v, %v; want only the fresh one", agents, err)
	}
	// A live agent keeps its heartbeat fresh past the TTL.
	sess, err := s.RegisterAgent(ctx, Agent{ID: "me"})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close(ctx)
	deadline := time.Now().Add(1500 * time.Millisecond)
	for time.Now().Before(deadline) {
		agents, err := s.ListAgents(ctx)
		if err != nil || len(agents) == 0 || agents[len(agents)-1].ID != "me" {
			t.Fatalf("registered agent dropped out before its TTL: %+v, %v", agents, err)
		}
		time.Sleep(50 * time.Millisecond) // poll interval while checking it stays alive
	}
}

func TestFileCorruptLockAndAgent(t *testing.T) {
	s := openFileT(t)
	ctx := context.Background()
	if err := os.WriteFile(s.lockPath("web"), []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := s.Lock(ctx, "web", Holder{User: "alice"})
	var ce *CorruptError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), s.lockPath("web")) {
		t.Fatalf("lock over a corrupted lock file = %v, want *CorruptError naming it (never treated as free)", err)
	}
	if err := os.WriteFile(s.agentPath("lb"), []byte("nope"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An agent record is skipped with a warning instead (the contract's
	// JunkAgentRecordsSkipped): one bad file must not stop every deploy.
	var warned []string
	s.opts.Warn = func(m string) { warned = append(warned, m) }
	if agents, err := s.ListAgents(ctx); err != nil || len(agents) != 0 {
		t.Fatalf("list with a corrupted agent file = %+v, %v, want it skipped", agents, err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], s.agentPath("lb")) {
		t.Fatalf("warnings = %q, want one naming %s", warned, s.agentPath("lb"))
	}
}

// A lock file whose holder is gone on this host is taken over; one held by
// a live process or on another host is not.
func TestFileStaleLockTakeover(t *testing.T) {
	s := openFileT(t)
	ctx := context.Background()
	write := func(h Holder) {
		b, _ := json.Marshal(fileLockDoc{Holder: h, Token: "x"})
		if err := os.WriteFile(s.lockPath("web"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(Holder{User: "ghost", Host: "other-host", Pid: deadPid(t)})
	var le *LockedError
	if _, err := s.Lock(ctx, "web", Holder{User: "alice"}); !errors.As(err, &le) {
		t.Fatalf("lock held on another host: err = %v, want *LockedError", err)
	}
	write(Holder{User: "ghost", Host: hostname(), Pid: deadPid(t)})
	l, err := s.Lock(ctx, "web", Holder{User: "alice"})
	if err != nil {
		t.Fatalf("stale lock on this host not taken over: %v", err)
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// An agent killed with SIGKILL on this host (its heartbeat still fresh,
// its parent not yet reaping it) gives its id up at once: the restarted
// agent registers without waiting for the heartbeat to expire, so a deploy
// meanwhile does not find the realm without its load balancer.
func TestFileAgentIDFreedWhenItsProcessDies(t *testing.T) {
	s := openFileT(t)
	ctx := context.Background()
	s.opts.SessionTimeout = time.Hour // only the pid can tell it is gone
	child, err := os.StartProcess("/bin/sleep", []string{"sleep", "60"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = child.Kill(); _, _ = child.Wait() })
	d := fileAgentDoc{AgentStatus: AgentStatus{Agent: Agent{ID: "lb", Host: hostname(), Pid: child.Pid, PidStart: pidStart(child.Pid)}}, Heartbeat: time.Now()}
	b, _ := json.Marshal(d)
	if err := os.WriteFile(s.agentPath("lb"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if sess, err := s.RegisterAgent(ctx, Agent{ID: "lb"}); err == nil {
		sess.Close(ctx)
		t.Fatal("registered over a live agent's id")
	} else if !strings.Contains(err.Error(), "already registered by pid") {
		t.Fatalf("err = %v, want the live agent named", err)
	}
	// Killed, and left a zombie: not waited for.
	if err := child.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !pidGone(child.Pid, d.PidStart) { // the signal's delivery, not a heartbeat
		if time.Now().After(deadline) {
			t.Fatal("the killed process never showed as gone")
		}
		time.Sleep(5 * time.Millisecond) // polling a condition with a deadline
	}
	sess, err := s.RegisterAgent(ctx, Agent{ID: "lb"})
	if err != nil {
		t.Fatalf("the id of a killed agent is not free: %v", err)
	}
	sess.Close(ctx)
}

// deadPid returns the pid of a process that has exited.
func deadPid(t *testing.T) int {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	return p.Pid
}

// The file store's directories are 0700 (they were 0755: any local user
// could list the agents, locks and history), also ones an older yodel made.
func TestFileStoreDirectoriesPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.MkdirAll(filepath.Join(dir, "routing"), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), "file://"+dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AppendHistory(context.Background(), "web", Record{Service: "web", Release: "v1", Outcome: OutcomeSucceeded, Started: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, filepath.Join(dir, "routing"), filepath.Join(dir, "agents"), filepath.Join(dir, "locks"), filepath.Join(dir, "history"), filepath.Join(dir, "history", "web")} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("%s is %v, want 0700", d, fi.Mode().Perm())
		}
	}
}

// A writer killed between renaming a routing file into place and bumping
// the counter (a directory fsync lies between them, so a kill -9 of the CLI
// the moment the new step shows lands there) leaves a change the counter
// never announces. Watchers must still deliver it: an lb agent otherwise
// routes the old generation until the next write, which may never come (the
// canary of a killed CLI stayed isolated, with its record at partial).
func TestFileWatchSeesAChangeWhoseWriterDiedBeforeTheCounter(t *testing.T) {
	for _, notify := range []bool{true, false} {
		t.Run(map[bool]string{true: "inotify", false: "poll only"}[notify], func(t *testing.T) {
			s := openFileT(t)
			s.noNotify = !notify
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := Routing{Service: "web", Stable: "/web-blue", Canary: "/web-green", CanaryIsolated: true,
				Ports: []Port{{ServicePort: 10000, Protocol: "http"}}}
			v, err := s.PutRouting(ctx, r, NoVersion)
			if err != nil {
				t.Fatal(err)
			}
			ch, err := s.WatchRouting(ctx)
			if err != nil {
				t.Fatal(err)
			}
			next := func() RoutingEvent {
				select {
				case ev := <-ch:
					return ev
				case <-time.After(10 * time.Second):
					t.Fatal("no routing event within 10s")
				}
				return RoutingEvent{}
			}
			for ev := next(); ev.Kind != RoutingSynced; ev = next() {
			}
			// What writeRouting does, up to the counter.
			r.CanaryIsolated, r.CanaryWeight = false, 10
			err = s.withMutex(func() error {
				cur, err := s.readRouting("web")
				if err != nil {
					return err
				}
				doc, err := nextDoc(cur, "web", v, &r)
				if err != nil {
					return err
				}
				data, _ := json.Marshal(doc)
				return writeAtomic(s.routingPath("web"), data)
			})
			if err != nil {
				t.Fatal(err)
			}
			ev := next()
			if ev.Kind != RoutingUpdated || ev.Routing.Generation != int64(v)+1 || ev.Routing.CanaryWeight != 10 {
				t.Fatalf("event %+v; want generation %d at weight 10", ev, v+1)
			}
		})
	}
}

// An acknowledgement after Close (an agent's last apply racing its
// shutdown) must not write the record back: the CLI would wait for a
// deregistered agent. Many acks race the Close here; none may survive it.
func TestFileAckAfterCloseWritesNothing(t *testing.T) {
	s := openFileT(t)
	ctx := context.Background()
	for range 20 {
		sess, err := s.RegisterAgent(ctx, Agent{ID: "a1"})
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		acked := make(chan struct{})
		go func() {
			defer close(acked)
			for g := int64(1); ; g++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := sess.Ack(ctx, "web", g); err != nil {
					if !errors.Is(err, ErrSessionClosed) {
						t.Errorf("ack: %v", err)
					}
					return
				}
			}
		}()
		if err := sess.Close(ctx); err != nil {
			t.Fatal(err)
		}
		close(stop)
		<-acked
		if err := sess.Ack(ctx, "web", 1000); !errors.Is(err, ErrSessionClosed) {
			t.Fatalf("ack after close: %v, want ErrSessionClosed", err)
		}
		if _, err := os.Stat(s.agentPath("a1")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the agent's record is back after Close (%v)", err)
		}
	}
}

// A writer that keeps the store's mutex (a yodel command stopped with
// Ctrl-Z mid-write) costs another write an error naming the lock after a
// bounded wait, not a wait without end; once it lets go, writes go on.
func TestFileMutexHeldGivesAnErrorNotAHang(t *testing.T) {
	s := openFileT(t)
	s.mutexWait = 100 * time.Millisecond
	ctx := context.Background()
	holder, err := os.OpenFile(filepath.Join(s.dir, ".mutex"), os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := flock.Lock(holder, true, time.Second); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutRouting(ctx, Routing{Service: "web", Stable: "/web-blue"}, NoVersion)
	var ue *UnreachableError
	if !errors.As(err, &ue) || !errors.Is(err, flock.ErrHeld) || !strings.Contains(err.Error(), ".mutex") || !strings.Contains(err.Error(), "Ctrl-Z") {
		t.Fatalf("write while the mutex is held: %v", err)
	}
	if _, _, err := s.GetRouting(ctx, "web"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the refused write wrote something: %v", err)
	}
	if err := flock.Unlock(holder); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRouting(ctx, Routing{Service: "web", Stable: "/web-blue"}, NoVersion); err != nil {
		t.Fatalf("write once the holder let go: %v", err)
	}
}
