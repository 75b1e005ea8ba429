package emulator

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// faults holds the injected misbehaviour of the API itself.
type faults struct {
	mu         sync.Mutex
	delay      time.Duration
	failCount  int
	failStatus int
	// failMethod limits the failures to requests of one method ("" any);
	// failAfter applies each failing request first, then answers the 5xx
	// (a proxy or a leader that timed out after Marathon acted).
	failMethod string
	failAfter  bool
	resetCount int
}

func newFaults() *faults { return &faults{} }

// before applies API faults to a request and reports whether it should be
// served; after, when not 0, is the status to answer once it was served.
func (f *faults) before(w http.ResponseWriter, r *http.Request) (serve bool, after int) {
	f.mu.Lock()
	delay := f.delay
	reset := f.resetCount > 0
	if reset {
		f.resetCount--
	}
	fail := 0
	if !reset && f.failCount > 0 && (f.failMethod == "" || f.failMethod == r.Method) {
		f.failCount--
		fail = f.failStatus
		if f.failAfter {
			fail, after = 0, f.failStatus
		}
	}
	f.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return false, 0
		}
	}
	if reset {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				if tc, ok := c.(*net.TCPConn); ok {
					_ = tc.SetLinger(0) // close with RST, like a crashed server
				}
				c.Close()
				return false, 0
			}
		}
	}
	if fail != 0 {
		writeJSON(w, fail, map[string]string{"message": "injected failure"})
		return false, 0
	}
	return true, after
}

// discard is the response writer of a request whose answer an injected
// failure replaces: it is served, and what it writes goes nowhere.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// serveFaults is the /_emulator/ API; see the package documentation.
func (e *Emulator) serveFaults(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_emulator"), "/")
	q := r.URL.Query()
	bad := func(msg string) { writeJSON(w, 400, map[string]string{"message": msg}) }
	ok := func() { writeJSON(w, 200, map[string]string{"message": "ok"}) }
	if r.Method != http.MethodPost && !(r.Method == http.MethodDelete && p == "/faults") && !(r.Method == http.MethodGet && p == "/status") {
		methodNotAllowed(w)
		return
	}
	switch {
	case p == "/status":
		lead := e.leader == nil || e.leader.isLeader()
		writeJSON(w, 200, map[string]any{"leader": lead, "addr": e.Addr(), "eventStreams": e.bus.count()})
	case p == "/faults" && r.Method == http.MethodDelete:
		e.faults.mu.Lock()
		e.faults.delay, e.faults.failCount, e.faults.failStatus, e.faults.resetCount = 0, 0, 0, 0
		e.faults.failMethod, e.faults.failAfter = "", false
		e.faults.mu.Unlock()
		ok()
	case p == "/faults/delay":
		d, err := time.ParseDuration(q.Get("duration"))
		if err != nil {
			bad("duration must be a Go duration such as 500ms")
			return
		}
		e.faults.mu.Lock()
		e.faults.delay = d
		e.faults.mu.Unlock()
		ok()
	case p == "/faults/fail":
		n, err := strconv.Atoi(q.Get("count"))
		if err != nil || n < 0 {
			bad("count must be a number of requests")
			return
		}
		status := 503
		if s := q.Get("status"); s != "" {
			if status, err = strconv.Atoi(s); err != nil || status < 500 || status > 599 {
				bad("status must be a 5xx code")
				return
			}
		}
		method := strings.ToUpper(q.Get("method"))
		e.faults.mu.Lock()
		e.faults.failCount, e.faults.failStatus = n, status
		e.faults.failMethod, e.faults.failAfter = method, q.Get("after") == "true"
		e.faults.mu.Unlock()
		ok()
	case p == "/faults/reset":
		n, err := strconv.Atoi(q.Get("count"))
		if err != nil || n < 0 {
			bad("count must be a number of requests")
			return
		}
		e.faults.mu.Lock()
		e.faults.resetCount = n
		e.faults.mu.Unlock()
		ok()
	case p == "/events/drop":
		e.bus.closeAll()
		ok()
	case p == "/leadership/lose":
		if e.leader == nil {
			bad("leadership needs a --state-dir")
			return
		}
		ok()
		go e.leader.abdicate()
	case strings.HasPrefix(p, "/jobs/"):
		e.mu.Lock()
		now := time.Now()
		switch strings.TrimPrefix(p, "/jobs/") {
		case "scale-check":
			e.nextScaleCheck = now
		case "reconcile":
			e.nextReconcile = now
		case "expunge":
			e.nextExpunge = now
		default:
			e.mu.Unlock()
			bad("use /_emulator/jobs/{scale-check|reconcile|expunge}")
			return
		}
		e.mu.Unlock()
		e.wake()
		ok()
	case strings.HasPrefix(p, "/tasks/"):
		parts := strings.Split(strings.TrimPrefix(p, "/tasks/"), "/")
		if len(parts) != 2 {
			bad("use /_emulator/tasks/{taskId}/{kill|wedge|unwedge|fail-health|pass-health|unreachable|reachable}")
			return
		}
		e.mu.Lock()
		as, t := e.findTask(parts[0])
		if t == nil && parts[1] == "reachable" && e.reachable(parts[0], time.Now()) {
			// An expunged task back: Marathon kills it as unknown.
			e.mu.Unlock()
			ok()
			return
		}
		if t == nil {
			e.mu.Unlock()
			writeJSON(w, 404, map[string]string{"message": "Task '" + parts[0] + "' does not exist"})
			return
		}
		var err error
		switch parts[1] {
		case "kill":
			err = e.exec.crash(t)
		case "wedge", "unwedge":
			err = e.exec.wedge(t, parts[1] == "wedge")
		case "fail-health", "pass-health":
			for _, h := range t.Health {
				h.ForceFail = parts[1] == "fail-health"
			}
			if len(t.Health) == 0 {
				bad("the task's app has no health checks")
				e.mu.Unlock()
				return
			}
		case "unreachable":
			// Its agent lost by Mesos: the process runs on.
			if t.State != TaskRunning || t.KillRequested {
				err = fmt.Errorf("task %s is %s, not %s", t.ID, t.State, TaskRunning)
				break
			}
			e.markUnreachable(as, t, time.Now())
		case "reachable":
			if !e.reachable(t.ID, time.Now()) {
				err = fmt.Errorf("task %s is %s, not %s", t.ID, t.State, TaskUnreachable)
			}
		default:
			e.mu.Unlock()
			bad("unknown task fault " + parts[1])
			return
		}
		_ = as
		e.mu.Unlock()
		if err != nil {
			writeJSON(w, 409, map[string]string{"message": err.Error()})
			return
		}
		ok()
	default:
		writeJSON(w, 404, map[string]string{"message": "unknown emulator endpoint " + r.URL.Path})
	}
}
