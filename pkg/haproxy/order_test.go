package haproxy

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// simServer is what a batch of runtime commands does to a server, as far as
// routing goes.
type simServer struct {
	weight       int
	drain, maint bool
}

// simulate applies cmds to backend be one at a time and fails the test when
// a command leaves no usable server (weight above 0, neither draining nor in
// maintenance): requests meeting that moment get HAProxy's 503.
func simulate(t *testing.T, be string, have map[string]liveServer, cmds [][]string) map[string]*simServer {
	t.Helper()
	sim := map[string]*simServer{}
	for n, l := range have {
		sim[n] = &simServer{weight: l.UWeight, drain: l.draining(), maint: l.maint()}
	}
	for _, op := range cmds {
		for _, c := range op {
			f := strings.Fields(c)
			name := strings.TrimPrefix(f[2], be+"/")
			switch {
			case f[0] == "add":
				w, _ := strconv.Atoi(f[5])
				sim[name] = &simServer{weight: w, maint: true}
			case f[0] == "del":
				delete(sim, name)
			case f[0] == "enable" && f[1] == "server":
				sim[name].maint = false
			case f[0] == "enable" && f[1] == "health":
			case f[3] == "weight":
				sim[name].weight, _ = strconv.Atoi(f[4])
			case f[3] == "state":
				s := sim[name]
				s.drain, s.maint = f[4] == "drain", f[4] == "maint"
			default:
				t.Fatalf("unknown command %q", c)
			}
			usable := false
			for _, s := range sim {
				usable = usable || (s.weight > 0 && !s.drain && !s.maint)
			}
			if !usable {
				t.Fatalf("after %q no server of %s is usable (HAProxy answers 503); commands: %q", c, be, cmds)
			}
		}
	}
	return sim
}

func live(addr string, weight int, drain bool) liveServer {
	l := liveServer{Addr: addr, Port: 80, UWeight: weight, OpState: 2}
	if drain {
		l.AdminState = adminForcedDrain
	}
	return l
}

// A surge moves all traffic from one app's tasks to another's: the servers
// of the app losing it sort first by name (hello-blue before hello-green)
// or last, and neither order may leave the backend without a usable server
// between two commands.
func TestBackendOpsNeverEmptyBetweenCommands(t *testing.T) {
	const be = "b"
	tests := []struct {
		name string
		have map[string]liveServer
		want map[string]*Server
	}{
		{"route to green (added)",
			map[string]liveServer{"hello-blue.1": live("a", 100, false), "hello-blue.2": live("a", 100, false)},
			map[string]*Server{
				"hello-blue.1": {Name: "hello-blue.1", Addr: "a", Port: 80, Weight: 0}, "hello-blue.2": {Name: "hello-blue.2", Addr: "a", Port: 80, Weight: 0},
				"hello-green.1": {Name: "hello-green.1", Addr: "a", Port: 80, Weight: 100}, "hello-green.2": {Name: "hello-green.2", Addr: "a", Port: 80, Weight: 100},
			}},
		{"route back to blue, green drained",
			map[string]liveServer{"hello-blue.3": live("a", 0, false), "hello-green.1": live("a", 100, false)},
			map[string]*Server{
				"hello-blue.3":  {Name: "hello-blue.3", Addr: "a", Port: 80, Weight: 100},
				"hello-green.1": {Name: "hello-green.1", Addr: "a", Port: 80, Weight: 100, Draining: true},
			}},
		{"route back to green, blue drained",
			map[string]liveServer{"hello-blue.1": live("a", 100, false), "hello-green.3": live("a", 0, false)},
			map[string]*Server{
				"hello-blue.1":  {Name: "hello-blue.1", Addr: "a", Port: 80, Weight: 100, Draining: true},
				"hello-green.3": {Name: "hello-green.3", Addr: "a", Port: 80, Weight: 100},
			}},
		{"route to blue (weight up) from green (weight down)",
			map[string]liveServer{"hello-blue.1": live("a", 0, false), "hello-green.1": live("a", 100, false)},
			map[string]*Server{
				"hello-blue.1":  {Name: "hello-blue.1", Addr: "a", Port: 80, Weight: 100},
				"hello-green.1": {Name: "hello-green.1", Addr: "a", Port: 80, Weight: 0},
			}},
		{"replaced tasks",
			map[string]liveServer{"t.1": live("a", 100, false)},
			map[string]*Server{"t.0": {Name: "t.0", Addr: "a", Port: 80, Weight: 100}}},
		{"drained task undrained, the other drained",
			map[string]liveServer{"t.1": live("a", 100, true), "t.0": live("a", 100, false)},
			map[string]*Server{"t.1": {Name: "t.1", Addr: "a", Port: 80, Weight: 100}, "t.0": {Name: "t.0", Addr: "a", Port: 80, Weight: 100, Draining: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := simulate(t, be, tt.have, backendOps(be, tt.want, tt.have))
			checkReached(t, sim, tt.want)
		})
	}
}

// Any change between two states that each have a usable server keeps one
// at every step. (A server whose address changed under the same name must
// go before it is re-added; task ids are never reused, so that does not
// happen with Marathon's tasks, and it is left out here.)
func TestBackendOpsNeverEmptyRandom(t *testing.T) {
	const be = "b"
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 2000 {
		have := map[string]liveServer{}
		want := map[string]*Server{}
		for i := range 5 {
			name := fmt.Sprintf("s%d", i)
			w := []int{0, 1, 100}
			if r.IntN(3) > 0 {
				have[name] = live("a", w[r.IntN(3)], r.IntN(3) == 0)
			}
			if r.IntN(3) > 0 {
				want[name] = &Server{Name: name, Addr: "a", Port: 80, Weight: w[r.IntN(3)], Draining: r.IntN(3) == 0}
			}
		}
		if !anyUsableLive(have) || !anyUsableWant(want) {
			continue
		}
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			sim := simulate(t, be, have, backendOps(be, want, have))
			checkReached(t, sim, want)
		})
	}
}

func anyUsableLive(have map[string]liveServer) bool {
	for _, l := range have {
		if l.UWeight > 0 && !l.draining() {
			return true
		}
	}
	return false
}

func anyUsableWant(want map[string]*Server) bool {
	for _, d := range want {
		if d.Weight > 0 && !d.Draining {
			return true
		}
	}
	return false
}

func checkReached(t *testing.T, sim map[string]*simServer, want map[string]*Server) {
	t.Helper()
	if len(sim) != len(want) {
		t.Fatalf("servers after the commands: %d, want %d", len(sim), len(want))
	}
	for n, d := range want {
		s := sim[n]
		if s == nil || s.weight != d.Weight || s.drain != d.Draining || s.maint {
			t.Fatalf("server %s ends as %+v, want weight %d draining %v", n, s, d.Weight, d.Draining)
		}
	}
}
