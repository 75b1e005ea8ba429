package emulator

import (
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
)

// hostPorts hands out task host ports from the agent's port range. A port
// is handed out only if it can be bound on the host right now, since tasks
// bind the ports themselves; a port that cannot be bound is skipped rather
// than given to a task that would then fail to listen. The search starts at
// a random point of the range: emulators of concurrent test processes would
// otherwise all walk the same ports in step and race for each one.
type hostPorts struct {
	mu     sync.Mutex
	ip     string
	lo, hi int
	next   int
	used   map[int]bool
	// hold keeps the probing listener of each handed-out port for the
	// inproc executor to serve on (take), so nothing else on the host can
	// bind the port between the check and the launch. Process tasks bind
	// their ports themselves, so for them the check is all there is.
	hold bool
	held map[int]net.Listener
}

func newHostPorts(ip string, r [2]int, hold bool) *hostPorts {
	return &hostPorts{ip: ip, lo: r[0], hi: r[1], next: r[0] + rand.IntN(r[1]-r[0]+1),
		used: map[int]bool{}, hold: hold, held: map[int]net.Listener{}}
}

// free reports whether p can be handed out, keeping its listener in hold
// mode.
func (h *hostPorts) free(p int) bool {
	if h.used[p] {
		return false
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(h.ip, strconv.Itoa(p)))
	if err != nil {
		return false
	}
	if h.hold {
		h.held[p] = ln
	} else {
		ln.Close()
	}
	return true
}

// alloc returns one port per entry of want: a free port from the range for
// 0, the port itself otherwise (which must be free when required).
func (h *hostPorts) alloc(want []int, required bool) ([]int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]int, 0, len(want))
	taken := func() {
		h.unuse(out)
	}
	for _, w := range want {
		if w != 0 {
			if required && !h.free(w) {
				taken()
				return nil, fmt.Errorf("required host port %d is in use", w)
			}
			h.used[w] = true
			out = append(out, w)
			continue
		}
		found := false
		for i := 0; i <= h.hi-h.lo; i++ {
			p := h.next
			h.next++
			if h.next > h.hi {
				h.next = h.lo
			}
			if h.free(p) {
				h.used[p] = true
				out = append(out, p)
				found = true
				break
			}
		}
		if !found {
			taken()
			return nil, fmt.Errorf("no free host port in %d-%d", h.lo, h.hi)
		}
	}
	return out, nil
}

// take hands the listener alloc kept for p to the task that serves on it;
// nil when none is held (process executor, or a port the app fixed).
func (h *hostPorts) take(p int) net.Listener {
	h.mu.Lock()
	defer h.mu.Unlock()
	ln := h.held[p]
	delete(h.held, p)
	return ln
}

func (h *hostPorts) release(ps []int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unuse(ps)
}

// unuse frees ps, closing listeners nobody took. Called with h.mu held.
func (h *hostPorts) unuse(ps []int) {
	for _, p := range ps {
		delete(h.used, p)
		if ln := h.held[p]; ln != nil {
			ln.Close()
			delete(h.held, p)
		}
	}
}

// closeAll closes every listener still held.
func (h *hostPorts) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for p, ln := range h.held {
		ln.Close()
		delete(h.held, p)
	}
}

func (h *hostPorts) claim(ps []int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range ps {
		h.used[p] = true
	}
}

// assignServicePorts fills every 0 service port of app with a free port of
// the service range, reusing prev's ports first (AssignDynamicServiceLogic).
// Non-zero ports are kept as given: two apps of one service share them.
func (e *Emulator) assignServicePorts(app, prev *App) error {
	used := map[int]bool{}
	for id, as := range e.apps {
		if id == app.ID || as.deleted {
			continue
		}
		for _, p := range as.app.servicePorts() {
			used[p] = true
		}
	}
	for _, p := range app.servicePorts() {
		used[p] = true
	}
	var reuse []int
	if prev != nil {
		for _, p := range prev.servicePorts() {
			if p != 0 && !used[p] {
				reuse = append(reuse, p)
			}
		}
	}
	lo, hi := e.cfg.ServicePortRange[0], e.cfg.ServicePortRange[1]
	next := func() (int, error) {
		for len(reuse) > 0 {
			p := reuse[0]
			reuse = reuse[1:]
			if !used[p] {
				used[p] = true
				return p, nil
			}
		}
		for p := lo; p <= hi; p++ {
			if !used[p] {
				used[p] = true
				return p, nil
			}
		}
		var v violations
		v.add("/", "All ports in the range [%d-%d) are already in use", lo, hi)
		return 0, v.err()
	}
	if m := app.portMappings(); m != nil {
		for i := range m {
			if m[i].ServicePort == 0 {
				p, err := next()
				if err != nil {
					return err
				}
				m[i].ServicePort = p
			}
		}
	} else {
		for i := range app.PortDefinitions {
			if app.PortDefinitions[i].Port == 0 {
				p, err := next()
				if err != nil {
					return err
				}
				app.PortDefinitions[i].Port = p
			}
		}
	}
	app.Ports = app.servicePorts()
	return nil
}
