package haproxy_test

import (
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// heldBackend answers every request but health checks only once release is closed (or the
// request is abandoned), after signalling that it arrived.
func heldBackend(t *testing.T, release <-chan struct{}) (port int, arrived <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	in := make(chan struct{}, 16)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			return // HAProxy's own check
		}
		in <- struct{}{}
		select {
		case <-release:
			_, _ = io.WriteString(w, "held")
		case <-r.Context().Done():
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port, in
}

type reply struct {
	body   string
	status int
	err    error
}

// serverAdmin is the srv_admin_state of backend/server in `show servers
// state`, or -1 when the server is not listed.
func serverAdmin(t *testing.T, in *haproxytest.Instance, backend, server string) int {
	t.Helper()
	out, err := in.Exec("show servers state " + backend)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 6 && f[1] == backend && f[3] == server {
			n, _ := strconv.Atoi(f[6])
			return n
		}
	}
	return -1
}

// startWithGrace is start with Options.DeleteGrace set.
func startWithGrace(t *testing.T, grace time.Duration) *env {
	t.Helper()
	e := start(t)
	opts := e.in.Options()
	opts.DeleteGrace = grace
	h, err := haproxy.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.h = h
	return e
}

// holdRequest sends a request to port and returns once the held backend
// has it; its reply comes on the channel.
func holdRequest(t *testing.T, e *env, port int, arrived <-chan struct{}) <-chan reply {
	t.Helper()
	got := make(chan reply, 1)
	go func() {
		client := &http.Client{Timeout: 30 * time.Second}
		body, status, err := haproxytest.Get(e.ctx, client, port, nil)
		got <- reply{body, status, err}
	}()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the backend")
	}
	return got
}

// gone waits until backend/server is no longer listed and nothing is left
// to delete.
func gone(t *testing.T, e *env, backend, server string) {
	t.Helper()
	eventually(t, 10*time.Second, backend+"/"+server+" deleted", func() (bool, string) {
		a := serverAdmin(t, e.in, backend, server)
		return a == -1 && len(e.h.PendingDeletes()) == 0, "admin state " + strconv.Itoa(a) + ", pending " + strings.Join(e.h.PendingDeletes(), " ")
	})
}

// A server removed from the desired config stops getting requests at once,
// but a request it is serving (a task Marathon is killing, still in its
// grace period) is not cut: HAProxy deletes the server when it is done.
// Meanwhile the removal holds up no other change: Apply returns with the
// server in maintenance, and a new server of another service is routed.
func TestRemovedServerLetsItsRequestFinish(t *testing.T) {
	e := startWithGrace(t, time.Minute) // nothing is cut while the test holds the request
	release := make(chan struct{})
	heldPort, arrived := heldBackend(t, release)
	other := haproxytest.NewHTTPBackend(t, "other")
	newcomer := haproxytest.NewHTTPBackend(t, "newcomer")
	held := haproxy.Server{Name: "task.held", Addr: "127.0.0.1", Port: heldPort, Weight: 1}
	port, port2 := haproxytest.FreePort(t), haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("rm", port, held), httpService("two", port2)}})

	got := holdRequest(t, e, port, arrived)
	res := e.apply(haproxy.Config{Services: []haproxy.Service{httpService("rm", port, server(other, 1)), httpService("two", port2)}})
	if len(res.Errors) > 0 {
		t.Fatalf("Apply refused: %v", formatErrs(res.Errors))
	}
	be := haproxy.BackendName("rm", port)
	if a := serverAdmin(t, e.in, be, "task.held"); a <= 0 || a&1 != 1 {
		t.Fatalf("the removed server is not in maintenance while its request runs: admin state %d", a)
	}
	if p := e.h.PendingDeletes(); len(p) != 1 || p[0] != be+"/task.held" {
		t.Fatalf("pending deletions %v, want the held server", p)
	}
	e.exactly(port, nil, "other")
	// Another service's new task is routed while the deletion waits.
	res = e.apply(haproxy.Config{Services: []haproxy.Service{httpService("rm", port, server(other, 1)), httpService("two", port2, server(newcomer, 1))}})
	if len(res.Errors) > 0 {
		t.Fatalf("Apply refused: %v", formatErrs(res.Errors))
	}
	e.exactly(port2, nil, "newcomer")
	select {
	case r := <-got:
		t.Fatalf("the held request ended before its release: %+v", r)
	default:
	}

	close(release)
	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != "held" {
		t.Fatalf("the in-flight request was cut: status %d body %q err %v", r.status, r.body, r.err)
	}
	gone(t, e, be, "task.held")
	if err := e.h.Close(); err != nil {
		t.Fatal(err)
	}
}

// A session that outlives the grace (a long request, a TCP session) is cut
// so the server can go: its deletion does not wait for it for ever.
func TestRemovedServerSessionsCutAfterGrace(t *testing.T) {
	e := start(t)
	release := make(chan struct{})
	defer close(release)
	heldPort, arrived := heldBackend(t, release)
	held := haproxy.Server{Name: "task.held", Addr: "127.0.0.1", Port: heldPort, Weight: 1}
	port := haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("cut", port, held)}})
	got := holdRequest(t, e, port, arrived)
	res := e.apply(haproxy.Config{Services: []haproxy.Service{httpService("cut", port)}})
	if len(res.Errors) > 0 {
		t.Fatalf("Apply refused: %v", formatErrs(res.Errors))
	}
	gone(t, e, haproxy.BackendName("cut", port), "task.held")
	if r := <-got; r.err == nil && r.status == http.StatusOK {
		t.Errorf("the session on the removed server was not cut: %d %q", r.status, r.body)
	}
	if err := e.h.Flush(e.ctx); err != nil {
		t.Fatal(err)
	}
	state, err := os.ReadFile(e.in.ServerStateFile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(state), "task.held") {
		t.Errorf("the server-state file still lists the deleted server:\n%s", state)
	}
}

// A removed server whose deletion waits for its sessions and that the
// desired config brings back (a task's health flapping) is routed again,
// not deleted later.
func TestRemovedServerBroughtBackIsKept(t *testing.T) {
	e := startWithGrace(t, time.Minute)
	release := make(chan struct{})
	heldPort, arrived := heldBackend(t, release)
	held := haproxy.Server{Name: "task.held", Addr: "127.0.0.1", Port: heldPort, Weight: 1}
	port := haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("back", port, held)}})
	got := holdRequest(t, e, port, arrived)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("back", port)}})
	be := haproxy.BackendName("back", port)
	if p := e.h.PendingDeletes(); len(p) != 1 {
		t.Fatalf("pending deletions %v, want the held server", p)
	}
	res := e.apply(haproxy.Config{Services: []haproxy.Service{httpService("back", port, held)}})
	if len(res.Errors) > 0 {
		t.Fatalf("Apply refused: %v", formatErrs(res.Errors))
	}
	if p := e.h.PendingDeletes(); len(p) != 0 {
		t.Fatalf("pending deletions %v after the server came back", p)
	}
	if a := serverAdmin(t, e.in, be, "task.held"); a != 0 {
		t.Fatalf("the server brought back has admin state %d, want 0 (ready)", a)
	}
	close(release)
	if r := <-got; r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the held request failed: %+v", r)
	}
	e.exactly(port, nil, "held")
}
