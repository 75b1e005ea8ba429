package emulator

import (
	"fmt"
	"net"
	"strconv"
	"sync"
)

// hostPorts hands out task host ports from the agent's port range. A port
// is handed out only if nothing on the host listens on it, since process
// tasks bind the ports themselves.
type hostPorts struct {
	mu     sync.Mutex
	ip     string
	lo, hi int
	next   int
	used   map[int]bool
}

func newHostPorts(ip string, r [2]int) *hostPorts {
	return &hostPorts{ip: ip, lo: r[0], hi: r[1], next: r[0], used: map[int]bool{}}
}

func (h *hostPorts) free(p int) bool {
	if h.used[p] {
		return false
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(h.ip, strconv.Itoa(p)))
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// alloc returns one port per entry of want: a free port from the range for
// 0, the port itself otherwise (which must be free when required).
func (h *hostPorts) alloc(want []int, required bool) ([]int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]int, 0, len(want))
	taken := func() {
		for _, p := range out {
			delete(h.used, p)
		}
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

func (h *hostPorts) release(ps []int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range ps {
		delete(h.used, p)
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
