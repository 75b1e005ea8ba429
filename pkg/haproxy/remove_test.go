package haproxy_test

import (
	"io"
	"net"
	"net/http"
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

// A server removed from the desired config stops getting requests at once,
// but a request it is serving (a task Marathon is killing, still in its
// grace period) is not cut: HAProxy deletes the server when it is done.
func TestRemovedServerLetsItsRequestFinish(t *testing.T) {
	e := start(t)
	release := make(chan struct{})
	heldPort, arrived := heldBackend(t, release)
	other := haproxytest.NewHTTPBackend(t, "other")
	held := haproxy.Server{Name: "task.held", Addr: "127.0.0.1", Port: heldPort, Weight: 1}
	port := haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("rm", port, held)}})

	got := make(chan reply, 1)
	go func() {
		client := &http.Client{Timeout: 10 * time.Second}
		body, status, err := haproxytest.Get(e.ctx, client, port, nil)
		got <- reply{body, status, err}
	}()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the backend")
	}
	applied := make(chan error, 1)
	go func() {
		_, err := e.h.Apply(e.ctx, haproxy.Config{Services: []haproxy.Service{httpService("rm", port, server(other, 1))}})
		applied <- err
	}()
	be := haproxy.BackendName("rm", port)
	eventually(t, 5*time.Second, "the removed server enters maintenance", func() (bool, string) {
		a := serverAdmin(t, e.in, be, "task.held")
		return a > 0 && a&1 == 1, "admin state " + strconv.Itoa(a)
	})
	close(release)
	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != "held" {
		t.Fatalf("the in-flight request was cut: status %d body %q err %v", r.status, r.body, r.err)
	}
	if err := <-applied; err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if a := serverAdmin(t, e.in, be, "task.held"); a != -1 {
		t.Errorf("the removed server is still listed (admin state %d)", a)
	}
	e.exactly(port, nil, "other")
}

// A session that outlives the grace (a long request, a TCP session) is cut
// so the server can go: Apply does not wait for it for ever.
func TestRemovedServerSessionsCutAfterGrace(t *testing.T) {
	e := start(t)
	release := make(chan struct{})
	defer close(release)
	heldPort, arrived := heldBackend(t, release)
	held := haproxy.Server{Name: "task.held", Addr: "127.0.0.1", Port: heldPort, Weight: 1}
	port := haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("cut", port, held)}})
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
	start := time.Now()
	res := e.apply(haproxy.Config{Services: []haproxy.Service{httpService("cut", port)}})
	if len(res.Errors) > 0 {
		t.Fatalf("Apply refused: %v", formatErrs(res.Errors))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Apply took %s waiting for a session", d)
	}
	if a := serverAdmin(t, e.in, haproxy.BackendName("cut", port), "task.held"); a != -1 {
		t.Errorf("the removed server is still listed (admin state %d)", a)
	}
	if r := <-got; r.err == nil && r.status == http.StatusOK {
		t.Errorf("the session on the removed server was not cut: %d %q", r.status, r.body)
	}
}
