// Package statetest is the contract every state.Store obeys, as a test
// suite run against each store with a Harness.
//
// Tests that need a second process (lock contention, agent death) re-exec
// the test binary; the binary's TestMain must call HelperMain first.
package statetest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// Harness adapts a store to the suite.
type Harness struct {
	// NewURL returns the URL of a fresh, empty realm.
	NewURL func(t *testing.T) string
	// Options for every Open, e.g. a short SessionTimeout.
	Options state.Options
	// Corrupt writes undecodable content where svc's routing state lives.
	Corrupt func(t *testing.T, url, svc string)
	// Restart restarts the server behind the store; nil if there is none.
	Restart func(t *testing.T)
	// PlantAgent writes data as the agent record of id, the way a foreign
	// client (or a crash leaving an empty file) would; it returns where.
	PlantAgent func(t *testing.T, url, id string, data []byte) string
}

// wait is the deadline for anything event-driven to happen.
const wait = 10 * time.Second

// Open opens url with h's options and closes the store at the end of t.
func (h Harness) Open(t *testing.T, url string) state.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	s, err := state.Open(ctx, url, h.Options)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Run runs the whole contract against h.
func Run(t *testing.T, h Harness) {
	t.Run("RoutingCAS", func(t *testing.T) { testRoutingCAS(t, h) })
	t.Run("ConcurrentWritersLoseNothing", func(t *testing.T) { testConcurrentCAS(t, h) })
	t.Run("InvalidInput", func(t *testing.T) { testInvalid(t, h) })
	t.Run("WatchDeliveryAndOrdering", func(t *testing.T) { testWatch(t, h) })
	t.Run("AgentsAndAcks", func(t *testing.T) { testAgents(t, h) })
	t.Run("WaitApplied", func(t *testing.T) { testWaitApplied(t, h) })
	t.Run("AgentProcessDeath", func(t *testing.T) { testAgentDeath(t, h) })
	t.Run("RestartedAgentTakesOverAtOnce", func(t *testing.T) { testAgentRestart(t, h) })
	t.Run("LockInProcess", func(t *testing.T) { testLock(t, h) })
	t.Run("LockTwoProcesses", func(t *testing.T) { testLockProcesses(t, h) })
	t.Run("LockOfDeadHolderTakenOver", func(t *testing.T) { testLockTakeover(t, h) })
	t.Run("HistoryBounds", func(t *testing.T) { testHistory(t, h) })
	t.Run("NotificationOutboxes", func(t *testing.T) { testOutboxes(t, h) })
	t.Run("CorruptedContent", func(t *testing.T) { testCorrupt(t, h) })
	if h.PlantAgent != nil {
		t.Run("JunkAgentRecordsSkipped", func(t *testing.T) { testJunkAgents(t, h) })
	}
	if h.Restart != nil {
		t.Run("ServerRestartMidWatch", func(t *testing.T) { testRestart(t, h) })
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func sample(svc string) state.Routing {
	return state.Routing{
		Service: svc, Stable: "/" + svc + "-blue", Canary: "/" + svc + "-green",
		CanaryWeight: 12.5, CanaryIsolated: true,
		Ports:     []state.Port{{Name: "web", ServicePort: 10001, Protocol: "http"}, {ServicePort: 10002, Protocol: "tcp", IsolatedPort: 20002}},
		Step:      "partial",
		UpdatedBy: "alice@laptop",
		Rollout:   json.RawMessage(`{"step":"partial","weights":[5,25]}`),
	}
}

func testRoutingCAS(t *testing.T, h Harness) {
	ctx := ctxT(t)
	s := h.Open(t, h.NewURL(t))

	if _, _, err := s.GetRouting(ctx, "web"); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("get missing: err = %v, want ErrNotFound", err)
	}
	r := sample("web")
	v1, err := s.PutRouting(ctx, r, state.NoVersion)
	if err != nil || v1 != 1 {
		t.Fatalf("create: v=%d err=%v, want 1", v1, err)
	}
	if _, err := s.PutRouting(ctx, r, state.NoVersion); !errors.Is(err, state.ErrConflict) {
		t.Fatalf("second create: err = %v, want ErrConflict", err)
	}
	r.CanaryWeight = 50
	v2, err := s.PutRouting(ctx, r, v1)
	if err != nil || v2 != 2 {
		t.Fatalf("update: v=%d err=%v, want 2", v2, err)
	}
	r.CanaryWeight = 99
	if _, err := s.PutRouting(ctx, r, v1); !errors.Is(err, state.ErrConflict) {
		t.Fatalf("stale update: err = %v, want ErrConflict", err)
	}
	got, v, err := s.GetRouting(ctx, "web")
	if err != nil || v != v2 {
		t.Fatalf("get: v=%d err=%v", v, err)
	}
	want := sample("web")
	want.CanaryWeight = 50
	if got.CanaryWeight != 50 || got.Generation != 2 || got.Stable != want.Stable || got.Canary != want.Canary ||
		!got.CanaryIsolated || len(got.Ports) != 2 || got.Ports[1] != want.Ports[1] || got.Step != "partial" ||
		got.UpdatedBy != want.UpdatedBy || got.UpdatedAt.IsZero() || !jsonEqual(got.Rollout, want.Rollout) {
		t.Fatalf("round trip: got %+v", got)
	}

	if _, err := s.PutRouting(ctx, sample("api"), state.NoVersion); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListRouting(ctx)
	if err != nil || len(list) != 2 || list[0].Service != "api" || list[1].Service != "web" {
		t.Fatalf("list = %+v, %v; want api, web", list, err)
	}

	if err := s.DeleteRouting(ctx, "web", v1); !errors.Is(err, state.ErrConflict) {
		t.Fatalf("stale delete: err = %v, want ErrConflict", err)
	}
	if err := s.DeleteRouting(ctx, "web", v2); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, _, err := s.GetRouting(ctx, "web"); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("get deleted: err = %v, want ErrNotFound", err)
	}
	if err := s.DeleteRouting(ctx, "web", state.NoVersion); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("delete deleted: err = %v, want ErrNotFound", err)
	}
	// Generations never repeat, even across a delete: agents that applied
	// generation 2 must not mistake the re-created service for it.
	v4, err := s.PutRouting(ctx, sample("web"), state.NoVersion)
	if err != nil || v4 != 4 {
		t.Fatalf("re-create: v=%d err=%v, want 4", v4, err)
	}
	list, err = s.ListRouting(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list after re-create = %+v, %v", list, err)
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

// Two stores on one realm (two deployers), several goroutines each: every
// increment must survive.
func testConcurrentCAS(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	stores := []state.Store{h.Open(t, url), h.Open(t, url)}
	r := sample("counter")
	r.CanaryWeight = 0
	if _, err := stores[0].PutRouting(ctx, r, state.NoVersion); err != nil {
		t.Fatal(err)
	}
	const workers, each = 6, 8
	var wg sync.WaitGroup
	var conflicts sync.Map
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%2]
			for range each {
				for {
					cur, v, err := s.GetRouting(ctx, "counter")
					if err != nil {
						errs <- err
						return
					}
					cur.CanaryWeight++
					_, err = s.PutRouting(ctx, cur, v)
					if err == nil {
						break
					}
					if !errors.Is(err, state.ErrConflict) {
						errs <- err
						return
					}
					conflicts.Store(w, true)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, v, err := stores[1].GetRouting(ctx, "counter")
	if err != nil {
		t.Fatal(err)
	}
	if got.CanaryWeight != workers*each || v != workers*each+1 {
		t.Fatalf("after %d increments: weight %v, version %d; want %d, %d", workers*each, got.CanaryWeight, v, workers*each, workers*each+1)
	}
}

func testInvalid(t *testing.T, h Harness) {
	ctx := ctxT(t)
	s := h.Open(t, h.NewURL(t))
	cases := map[string]state.Routing{
		"path in name":   {Service: "../etc"},
		"upper case":     {Service: "Web"},
		"weight too big": {Service: "web", CanaryWeight: 100.5},
		"bad protocol":   {Service: "web", Ports: []state.Port{{ServicePort: 80, Protocol: "udp"}}},
		"bad rollout":    {Service: "web", Rollout: json.RawMessage(`{"x":`)},
	}
	for name, r := range cases {
		_, err := s.PutRouting(ctx, r, state.NoVersion)
		var ie *state.InvalidError
		if !errors.As(err, &ie) || ie.ExitCode() != 2 {
			t.Errorf("%s: err = %v, want *InvalidError (exit 2)", name, err)
		}
	}
	if _, err := s.Lock(ctx, "a/b", state.Holder{}); err == nil {
		t.Error("lock with a slash in the service name succeeded")
	}
}

// collector reads a watch channel in the background and lets tests wait
// for a condition on everything received so far.
type collector struct {
	mu     sync.Mutex
	events []state.RoutingEvent
	closed bool
	cond   chan struct{}
}

func collect(ch <-chan state.RoutingEvent) *collector {
	c := &collector{cond: make(chan struct{}, 1)}
	go func() {
		for ev := range ch {
			c.mu.Lock()
			c.events = append(c.events, ev)
			c.mu.Unlock()
			c.poke()
		}
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		c.poke()
	}()
	return c
}

func (c *collector) poke() {
	select {
	case c.cond <- struct{}{}:
	default:
	}
}

func (c *collector) waitFor(t *testing.T, what string, ok func([]state.RoutingEvent) bool) []state.RoutingEvent {
	t.Helper()
	deadline := time.After(wait)
	for {
		c.mu.Lock()
		evs := append([]state.RoutingEvent(nil), c.events...)
		c.mu.Unlock()
		if ok(evs) {
			return evs
		}
		select {
		case <-c.cond:
		case <-deadline:
			t.Fatalf("watch: no %s within %s; got %s", what, wait, describe(evs))
		}
	}
}

func describe(evs []state.RoutingEvent) string {
	var b strings.Builder
	for _, e := range evs {
		if e.Err != nil {
			fmt.Fprintf(&b, "[%s err %v] ", e.Service, e.Err)
			continue
		}
		fmt.Fprintf(&b, "[%s %s g%d] ", e.Kind, e.Service, e.Routing.Generation)
	}
	return b.String()
}

func latest(evs []state.RoutingEvent, svc string) (state.RoutingEvent, bool) {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Service == svc && evs[i].Err == nil {
			return evs[i], true
		}
	}
	return state.RoutingEvent{}, false
}

func hasGen(svc string, gen int64) func([]state.RoutingEvent) bool {
	return func(evs []state.RoutingEvent) bool {
		e, ok := latest(evs, svc)
		return ok && e.Kind == state.RoutingUpdated && e.Routing.Generation >= gen
	}
}

func checkOrdered(t *testing.T, evs []state.RoutingEvent) {
	t.Helper()
	last := map[string]int64{}
	for _, e := range evs {
		if e.Err != nil {
			t.Errorf("unexpected watch error: %v", e.Err)
			continue
		}
		if e.Kind == state.RoutingUpdated {
			if e.Routing.Generation <= last[e.Service] {
				t.Fatalf("watch: %s went from generation %d to %d: %s", e.Service, last[e.Service], e.Routing.Generation, describe(evs))
			}
			last[e.Service] = e.Routing.Generation
		}
	}
}

func testWatch(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	writer := h.Open(t, url)
	if _, err := writer.PutRouting(ctx, sample("before"), state.NoVersion); err != nil {
		t.Fatal(err)
	}
	watcherStore := h.Open(t, url)
	wctx, cancel := context.WithCancel(ctx)
	ch1, err := watcherStore.WatchRouting(wctx)
	if err != nil {
		t.Fatal(err)
	}
	ch2, err := writer.WatchRouting(wctx)
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := collect(ch1), collect(ch2)
	// The current state comes first, then RoutingSynced.
	evs := c1.waitFor(t, "initial state and synced", func(evs []state.RoutingEvent) bool {
		return len(evs) > 0 && evs[len(evs)-1].Kind == state.RoutingSynced
	})
	if len(evs) != 2 || evs[0].Kind != state.RoutingUpdated || evs[0].Service != "before" || evs[0].Routing.Generation != 1 {
		t.Fatalf("initial events = %s, want [updated before g1] [synced]", describe(evs))
	}

	const writes = 30
	r := sample("burst")
	var v state.Version
	for i := range writes {
		r.CanaryWeight = float64(i)
		if v, err = writer.PutRouting(ctx, r, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []*collector{c1, c2} {
		evs := c.waitFor(t, "last burst write", hasGen("burst", writes))
		e, _ := latest(evs, "burst")
		if e.Routing.CanaryWeight != writes-1 {
			t.Fatalf("latest burst event carries weight %v, want %d", e.Routing.CanaryWeight, writes-1)
		}
		checkOrdered(t, evs)
	}

	if err := writer.DeleteRouting(ctx, "burst", v); err != nil {
		t.Fatal(err)
	}
	c1.waitFor(t, "delete of burst", func(evs []state.RoutingEvent) bool {
		e, ok := latest(evs, "burst")
		return ok && e.Kind == state.RoutingDeleted
	})
	v, err = writer.PutRouting(ctx, sample("burst"), state.NoVersion)
	if err != nil {
		t.Fatal(err)
	}
	evs = c1.waitFor(t, "re-created burst", hasGen("burst", int64(v)))
	checkOrdered(t, evs)

	cancel()
	c1.waitFor(t, "channel close after cancel", func([]state.RoutingEvent) bool {
		c1.mu.Lock()
		defer c1.mu.Unlock()
		return c1.closed
	})
}

func testAgents(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s, other := h.Open(t, url), h.Open(t, url)
	a := state.Agent{ID: "lb-1", Address: "127.0.0.1:9090", Host: hostname(), Pid: os.Getpid(), StartedAt: time.Now().UTC()}
	sess, err := s.RegisterAgent(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Ack(ctx, "web", 3); err != nil {
		t.Fatal(err)
	}
	if err := sess.AckMany(ctx, map[string]int64{"api": 7, "web": 4}); err != nil {
		t.Fatal(err)
	}
	agents, err := other.ListAgents(ctx)
	if err != nil || len(agents) != 1 {
		t.Fatalf("list agents = %+v, %v; want lb-1", agents, err)
	}
	got := agents[0]
	if got.ID != "lb-1" || got.Address != a.Address || got.Applied["web"] != 4 || got.Applied["api"] != 7 {
		t.Fatalf("agent = %+v", got)
	}
	if _, err := other.RegisterAgent(ctx, a); err == nil {
		t.Fatal("registering a live agent's id twice succeeded")
	}
	if err := sess.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if agents, err := other.ListAgents(ctx); err != nil || len(agents) != 0 {
		t.Fatalf("after deregister: %+v, %v", agents, err)
	}
	// A late acknowledgement (an apply racing the agent's shutdown) does
	// not register the agent again.
	if err := sess.Ack(ctx, "web", 5); !errors.Is(err, state.ErrSessionClosed) {
		t.Fatalf("ack after close: %v, want ErrSessionClosed", err)
	}
	if agents, err := other.ListAgents(ctx); err != nil || len(agents) != 0 {
		t.Fatalf("after a late ack: %+v, %v", agents, err)
	}
}

func testWaitApplied(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	cli := h.Open(t, url)
	if err := cli.WaitApplied(ctx, "web", 1, time.Now().Add(wait)); !errors.Is(err, state.ErrNoAgents) {
		t.Fatalf("no agents: err = %v, want ErrNoAgents", err)
	}
	agentStore := h.Open(t, url)
	reg := func(id string) state.AgentSession {
		sess, err := agentStore.RegisterAgent(ctx, state.Agent{ID: id, Address: "127.0.0.1:1", Host: hostname(), Pid: os.Getpid()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sess.Close(context.Background()) })
		return sess
	}
	a1, a2, a3 := reg("a1"), reg("a2"), reg("a3")
	if err := a1.Ack(ctx, "web", 3); err != nil {
		t.Fatal(err)
	}
	if err := a2.Ack(ctx, "web", 2); err != nil {
		t.Fatal(err)
	}
	err := cli.WaitApplied(ctx, "web", 3, time.Now().Add(300*time.Millisecond))
	var na *state.NotAppliedError
	if !errors.As(err, &na) || len(na.Lagging) != 2 || na.ExitCode() != 4 {
		t.Fatalf("lagging agents: err = %v, want NotAppliedError naming a2, a3", err)
	}
	if !strings.Contains(err.Error(), "a2") || !strings.Contains(err.Error(), "generation 2") {
		t.Errorf("message does not name a2 and its generation: %v", err)
	}

	done := make(chan error, 1)
	go func() { done <- cli.WaitApplied(ctx, "web", 3, time.Now().Add(wait)) }()
	if err := a2.Ack(ctx, "web", 5); err != nil { // later generations count too
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("WaitApplied returned %v while a3 had not applied", err)
	case <-time.After(100 * time.Millisecond):
		// Not a sleep-and-hope: this only checks it did not return early.
	}
	// a3 dies while the CLI waits: it drops out, and the wait is over.
	if err := a3.Close(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("WaitApplied = %v, want nil once a3 died", err)
		}
	case <-time.After(wait):
		t.Fatal("WaitApplied did not return after the last lagging agent died")
	}
}

// ---- helper processes ----

const helperEnv = "YODEL_STATETEST_HELPER"

// HelperMain runs the helper process when the test binary was re-executed
// by the suite; otherwise it returns at once. Call it first in TestMain.
func HelperMain(opts state.Options) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		return
	}
	if v := os.Getenv(helperSessionEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", helperSessionEnv, err)
			os.Exit(1)
		}
		opts.SessionTimeout = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	s, err := state.Open(ctx, os.Getenv("YODEL_STATETEST_URL"), opts)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	ctx = context.Background()
	switch mode {
	case "lock":
		_, err = s.Lock(ctx, os.Getenv("YODEL_STATETEST_SVC"), state.Holder{User: "helper", Host: hostname(), Pid: os.Getpid(), Command: "yodel deploy", StartedAt: time.Now()})
	case "agent":
		var sess state.AgentSession
		sess, err = s.RegisterAgent(ctx, state.Agent{ID: os.Getenv("YODEL_STATETEST_SVC"), Address: "127.0.0.1:1", Host: hostname(), Pid: os.Getpid()})
		if err == nil {
			err = sess.Ack(ctx, "web", 1)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin) // hold until killed or stdin closes
	os.Exit(0)
}

type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// helperSessionEnv overrides the helper's SessionTimeout (a Go duration).
const helperSessionEnv = "YODEL_STATETEST_SESSION"

func startHelper(t *testing.T, mode, url, arg string, env ...string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "YODEL_STATETEST_URL="+url, "YODEL_STATETEST_SVC="+arg)
	cmd.Env = append(cmd.Env, env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, stdin: stdin}
	t.Cleanup(h.kill)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		h.kill()
		t.Fatalf("helper %s did not get ready: %q %v\n%s", mode, line, err, stderr.String())
	}
	return h
}

func (h *helper) kill() {
	if h.cmd.ProcessState != nil {
		return
	}
	_ = h.cmd.Process.Kill()
	_ = h.cmd.Wait()
}

func hostname() string {
	n, _ := os.Hostname()
	return n
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ok, detail := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within %s: %s", what, wait, detail)
		}
		time.Sleep(20 * time.Millisecond) // polling interval of a condition with a deadline
	}
}

func testAgentDeath(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s := h.Open(t, url)
	child := startHelper(t, "agent", url, "lb-child")
	agents, err := s.ListAgents(ctx)
	if err != nil || len(agents) != 1 || agents[0].Pid != child.cmd.Process.Pid || agents[0].Applied["web"] != 1 {
		t.Fatalf("agents = %+v, %v; want the child", agents, err)
	}
	child.kill() // SIGKILL: no deregistration
	eventually(t, "dead agent dropping out", func() (bool, string) {
		agents, err := s.ListAgents(ctx)
		return err == nil && len(agents) == 0, fmt.Sprintf("%+v %v", agents, err)
	})
	if err := s.WaitApplied(ctx, "web", 1, time.Now().Add(time.Second)); !errors.Is(err, state.ErrNoAgents) {
		t.Fatalf("WaitApplied after the only agent died = %v, want ErrNoAgents", err)
	}
}

// testAgentRestart: an agent killed -9 and started again on the same host
// with the same id takes its registration over at once, although its
// parent has not reaped it yet (a zombie answers kill(pid, 0)) and its
// heartbeat or session, long here, has not run out. Refused, the restarted
// agent would ack nothing and a deploy meanwhile would route nowhere.
func testAgentRestart(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	long := h
	long.Options.SessionTimeout = 30 * time.Second
	s := long.Open(t, url)
	child := startHelper(t, "agent", url, "lb-restart", helperSessionEnv+"=30s")
	pid := child.cmd.Process.Pid
	if err := child.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Not reaped until the cleanup: the pid stays a zombie meanwhile.
	var sess state.AgentSession
	var err error
	deadline := time.Now().Add(2 * time.Second) // well under the 30s session
	for {
		sess, err = s.RegisterAgent(ctx, state.Agent{ID: "lb-restart", Address: "127.0.0.1:2"})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("restarted agent refused 2s after its predecessor (pid %d) was killed: %v", pid, err)
		}
		time.Sleep(20 * time.Millisecond) // the SIGKILL landing: polling a condition
	}
	defer sess.Close(ctx)
	agents, err := s.ListAgents(ctx)
	if err != nil || len(agents) != 1 || agents[0].Pid != os.Getpid() || agents[0].Address != "127.0.0.1:2" || len(agents[0].Applied) != 0 {
		t.Fatalf("agents = %+v, %v; want only the restarted one, with no acks yet", agents, err)
	}
	if err := sess.Ack(ctx, "web", 3); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitApplied(ctx, "web", 3, time.Now().Add(wait)); err != nil {
		t.Fatalf("WaitApplied after the restarted agent acked: %v", err)
	}

	// A live process with the recorded pid but another start time is not
	// the agent: the pid was reused. (Another store, so that in ZooKeeper
	// the node is not this session's own.)
	old, err := long.Open(t, url).RegisterAgent(ctx, state.Agent{ID: "lb-reused", Address: "127.0.0.1:3", Pid: os.Getpid(), PidStart: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close(ctx)
	sess2, err := s.RegisterAgent(ctx, state.Agent{ID: "lb-reused", Address: "127.0.0.1:4"})
	if runtime.GOOS == "linux" && err != nil {
		t.Fatalf("registration of a reused pid (start time differs) not taken over: %v", err)
	}
	if err == nil {
		sess2.Close(ctx)
	}
}

func testLock(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s1, s2 := h.Open(t, url), h.Open(t, url)
	h1 := state.Holder{User: "alice", Host: hostname(), Pid: os.Getpid(), Command: "yodel deploy web --realm qa", StartedAt: time.Now().Add(-time.Minute)}
	l, err := s1.Lock(ctx, "web", h1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s2.Lock(ctx, "web", state.Holder{User: "bob", Host: "ci", Pid: 1, Command: "yodel deploy web"})
	var le *state.LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second lock: err = %v, want *LockedError", err)
	}
	if le.ExitCode() != 5 || le.Holder.User != "alice" || le.Holder.Pid != os.Getpid() || le.Holder.Command != h1.Command {
		t.Fatalf("locked error = %+v", le)
	}
	// Since when the lock is held, not since the holder started (a
	// server holds locks for hours after its start).
	if d := time.Since(le.Since); d < 0 || d > 30*time.Second {
		t.Errorf("locked error says the lock was taken at %s, %s ago; it was taken just now", le.Since, d)
	}
	if strings.Contains(le.Error(), h1.StartedAt.UTC().Format(time.RFC3339)) {
		t.Errorf("message %q gives the holder's start as the lock's", le.Error())
	}
	for _, want := range []string{"alice", hostname(), strconv.Itoa(os.Getpid()), "yodel deploy web --realm qa", "ago"} {
		if !strings.Contains(le.Error(), want) {
			t.Errorf("message %q lacks %q", le.Error(), want)
		}
	}
	if !strings.Contains(le.Hint(), url) {
		t.Errorf("hint %q does not say where the lock is", le.Hint())
	}
	// Another service's lock is independent.
	l2, err := s2.Lock(ctx, "api", h1)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Lost():
		t.Fatal("Lost closed by Release")
	default:
	}
	l3, err := s2.Lock(ctx, "web", h1)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	l3.Release(ctx)
	l2.Release(ctx)
}

func testLockProcesses(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s := h.Open(t, url)
	child := startHelper(t, "lock", url, "web")
	_, err := s.Lock(ctx, "web", state.Holder{User: "parent", Pid: os.Getpid()})
	var le *state.LockedError
	if !errors.As(err, &le) || le.Holder.Pid != child.cmd.Process.Pid || le.Holder.User != "helper" {
		t.Fatalf("lock held by child pid %d: err = %v", child.cmd.Process.Pid, err)
	}
	child.kill() // kill -9 the deployer: its lock must go with it
	var l state.Lock
	eventually(t, "lock of a killed holder being released", func() (bool, string) {
		l, err = s.Lock(ctx, "web", state.Holder{User: "parent", Pid: os.Getpid()})
		return err == nil, fmt.Sprint(err)
	})
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// testLockTakeover: a deployer killed -9 on this host leaves a lock the
// next run takes over at once, saying whose, although the holder's session
// (30s here) lives on; a holder on another host, or in another pid
// namespace of this host, still blocks (exit 5).
func testLockTakeover(t *testing.T, h Harness) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc to prove a holder dead")
	}
	ctx := ctxT(t)
	url := h.NewURL(t)
	long := h
	long.Options.SessionTimeout = 30 * time.Second
	s, other := long.Open(t, url), long.Open(t, url)
	me := state.Holder{User: "rerun", Command: "yodel deploy web"}
	var le *state.LockedError

	child := startHelper(t, "lock", url, "web", helperSessionEnv+"=30s")
	pid := child.cmd.Process.Pid
	if _, err := s.Lock(ctx, "web", me); !errors.As(err, &le) || le.Holder.Pid != pid {
		t.Fatalf("lock held by live pid %d: err = %v, want *LockedError naming it", pid, err)
	}
	if err := child.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Not reaped until the cleanup: a zombie is dead too.
	var l state.Lock
	var err error
	deadline := time.Now().Add(2 * time.Second) // well under the 30s session
	for {
		if l, err = s.Lock(ctx, "web", me); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lock of pid %d not taken over 2s after its kill -9: %v", pid, err)
		}
		time.Sleep(20 * time.Millisecond) // the SIGKILL landing: polling a condition
	}
	if n := state.TakeoverNotice(l); !strings.Contains(n, fmt.Sprintf("took over the lock of dead pid %d ", pid)) || !strings.Contains(n, "helper@") {
		t.Errorf("takeover notice %q does not name the dead holder", n)
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	l, err = s.Lock(ctx, "web", me)
	if err != nil {
		t.Fatal(err)
	}
	if n := state.TakeoverNotice(l); n != "" {
		t.Errorf("free lock taken with notice %q", n)
	}
	l.Release(ctx)

	gone := exitedPid(t)
	for _, c := range []struct {
		svc    string
		holder state.Holder
	}{
		{"api", state.Holder{User: "ghost", Host: "other-host.example", Pid: gone}},
		{"db", state.Holder{User: "ghost", Host: hostname(), Pid: gone, PidSpace: "another-boot/pid:[1]"}},
	} {
		held, err := other.Lock(ctx, c.svc, c.holder)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Lock(ctx, c.svc, me)
		if !errors.As(err, &le) || le.Holder.User != "ghost" || le.Holder.Pid != gone || le.ExitCode() != 5 {
			t.Errorf("%s: lock of pid %d (%+v) whose death cannot be proven here: err = %v, want *LockedError naming it", c.svc, gone, c.holder, err)
		}
		held.Release(ctx)
	}

	// A live pid with another start time: the pid was reused, the holder
	// is gone. Its lock, were the holder alive after all, reports the loss.
	held, err := other.Lock(ctx, "cache", state.Holder{User: "ghost", Host: hostname(), Pid: os.Getpid(), PidStart: 1})
	if err != nil {
		t.Fatal(err)
	}
	l, err = s.Lock(ctx, "cache", me)
	if err != nil {
		t.Fatalf("lock of a reused pid (start time differs) not taken over: %v", err)
	}
	defer l.Release(ctx)
	if n := state.TakeoverNotice(l); !strings.Contains(n, fmt.Sprintf("dead pid %d ", os.Getpid())) {
		t.Errorf("takeover notice %q", n)
	}
	select {
	case <-held.Lost():
	case <-time.After(wait):
		t.Error("the lock taken over was not reported lost to its holder")
	}
}

// exitedPid returns the pid of a process that has exited and been reaped.
func exitedPid(t *testing.T) int {
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

func testHistory(t *testing.T, h Harness) {
	ctx := ctxT(t)
	s := h.Open(t, h.NewURL(t))
	if recs, err := s.History(ctx, "web", 10); err != nil || len(recs) != 0 {
		t.Fatalf("empty history = %+v, %v", recs, err)
	}
	const n = state.HistoryLimit + 5
	var ids []string
	for i := range n {
		id, err := s.AppendHistory(ctx, "web", state.Record{Release: fmt.Sprintf("r%d", i), User: "alice", Outcome: state.OutcomeInProgress,
			Steps:  []state.Step{{Name: "isolated", Outcome: state.OutcomeSucceeded}},
			Checks: []state.Check{{Name: "error-rate", Verdict: "pass", Figures: map[string]float64{"rate": 0.001}}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	all, err := s.History(ctx, "web", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != state.HistoryLimit {
		t.Fatalf("kept %d records, want %d", len(all), state.HistoryLimit)
	}
	if all[0].Release != fmt.Sprintf("r%d", n-1) || all[len(all)-1].Release != "r5" || all[0].ID != ids[n-1] || all[0].Service != "web" {
		t.Fatalf("newest %s (%s), oldest %s; want r%d newest and r5 oldest", all[0].Release, all[0].ID, all[len(all)-1].Release, n-1)
	}
	if all[0].Checks[0].Figures["rate"] != 0.001 {
		t.Fatalf("figures not kept: %+v", all[0].Checks)
	}
	top, err := s.History(ctx, "web", 3)
	if err != nil || len(top) != 3 || top[2].Release != fmt.Sprintf("r%d", n-3) {
		t.Fatalf("limit 3 = %+v, %v", top, err)
	}
	done := all[0]
	done.Outcome = state.OutcomeSucceeded
	if err := s.UpdateHistory(ctx, "web", done); err != nil {
		t.Fatal(err)
	}
	top, err = s.History(ctx, "web", 1)
	if err != nil || top[0].Outcome != state.OutcomeSucceeded {
		t.Fatalf("after update: %+v, %v", top, err)
	}
	pruned := all[0]
	pruned.ID = ids[0]
	if err := s.UpdateHistory(ctx, "web", pruned); !errors.Is(err, state.ErrNotFound) {
		t.Fatalf("update of a pruned record: err = %v, want ErrNotFound", err)
	}
	if other, err := s.History(ctx, "api", 0); err != nil || len(other) != 0 {
		t.Fatalf("history of another service = %d records, %v", len(other), err)
	}
	// A service with routing state but no record is not listed; one
	// whose routing state is gone (destroyed) still is.
	if _, err := s.PutRouting(ctx, sample("api"), state.NoVersion); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendHistory(ctx, "gone", state.Record{Release: "v1", Outcome: state.OutcomeSucceeded}); err != nil {
		t.Fatal(err)
	}
	if svcs, err := s.HistoryServices(ctx); err != nil || !slices.Equal(svcs, []string{"gone", "web"}) {
		t.Fatalf("HistoryServices = %v, %v; want [gone web]", svcs, err)
	}
}

func testCorrupt(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s := h.Open(t, url)
	if _, err := s.PutRouting(ctx, sample("good"), state.NoVersion); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := s.WatchRouting(wctx)
	if err != nil {
		t.Fatal(err)
	}
	c := collect(ch)
	c.waitFor(t, "initial state", hasGen("good", 1))

	h.Corrupt(t, url, "bad")
	var ce *state.CorruptError
	if _, _, err := s.GetRouting(ctx, "bad"); !errors.As(err, &ce) || !strings.Contains(err.Error(), "bad") {
		t.Fatalf("get corrupted: err = %v, want *CorruptError naming the path", err)
	}
	if _, err := s.ListRouting(ctx); !errors.As(err, &ce) {
		t.Fatalf("list with a corrupted service: err = %v, want *CorruptError", err)
	}
	if _, err := s.PutRouting(ctx, sample("bad"), state.NoVersion); !errors.As(err, &ce) {
		t.Fatalf("write over corrupted content: err = %v, want *CorruptError (never treated as empty)", err)
	}
	c.waitFor(t, "error event for the corrupted service", func(evs []state.RoutingEvent) bool {
		for _, e := range evs {
			if e.Service == "bad" && errors.As(e.Err, &ce) {
				return true
			}
		}
		return false
	})
	// The watch goes on for the others.
	v, err := s.PutRouting(ctx, sample("after"), state.NoVersion)
	if err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "a change after the corrupted one", hasGen("after", int64(v)))
}

// testJunkAgents: records under agents that are not agents (empty, not
// JSON, another agent's) are skipped with one warning naming each, never an
// error: one of them used to fail every deploy of the realm.
func testJunkAgents(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	var mu sync.Mutex
	var warnings []string
	opts := h.Options
	opts.Warn = func(msg string) { mu.Lock(); warnings = append(warnings, msg); mu.Unlock() }
	octx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	s, err := state.Open(octx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sess, err := h.Open(t, url).RegisterAgent(ctx, state.Agent{ID: "lb-1", Address: "127.0.0.1:9090", Host: hostname(), Pid: os.Getpid(), StartedAt: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Ack(ctx, "web", 2); err != nil {
		t.Fatal(err)
	}
	planted := []string{
		h.PlantAgent(t, url, "empty", nil),
		h.PlantAgent(t, url, "junk", []byte("not json")),
		h.PlantAgent(t, url, "lb-0", []byte(`{"id":"lb-1","applied":{"web":1}}`)),
	}
	for range 2 { // the second time warns no more
		agents, err := s.ListAgents(ctx)
		if err != nil || len(agents) != 1 || agents[0].ID != "lb-1" {
			t.Fatalf("list agents beside junk = %+v, %v; want lb-1 alone", agents, err)
		}
	}
	if err := s.WaitApplied(ctx, "web", 2, time.Now().Add(wait)); err != nil {
		t.Fatalf("WaitApplied beside junk: %v, want nil (lb-1 acked)", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(warnings) != len(planted) {
		t.Fatalf("warnings = %q, want one per planted record %q", warnings, planted)
	}
	for _, p := range planted {
		found := false
		for _, w := range warnings {
			found = found || strings.Contains(w, p)
		}
		if !found {
			t.Errorf("no warning names %s: %q", p, warnings)
		}
	}
}

func testRestart(t *testing.T, h Harness) {
	ctx := ctxT(t)
	url := h.NewURL(t)
	s := h.Open(t, url)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := s.WatchRouting(wctx)
	if err != nil {
		t.Fatal(err)
	}
	c := collect(ch)
	v, err := s.PutRouting(ctx, sample("web"), state.NoVersion)
	if err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "write before restart", hasGen("web", int64(v)))

	h.Restart(t)

	// A second client writes right after the restart; the watcher must
	// see it whether its session survived or expired meanwhile.
	w := h.Open(t, url)
	r := sample("web")
	r.CanaryWeight = 77
	v2, err := w.PutRouting(ctx, r, v)
	if err != nil {
		t.Fatal(err)
	}
	evs := c.waitFor(t, "write after restart", hasGen("web", int64(v2)))
	checkOrdered(t, evs)
	if e, _ := latest(evs, "web"); e.Routing.CanaryWeight != 77 {
		t.Fatalf("after restart: weight %v, want 77", e.Routing.CanaryWeight)
	}
	// The original store works again too.
	if _, err := s.PutRouting(ctx, sample("api"), state.NoVersion); err != nil {
		t.Fatal(err)
	}
}
