package haproxy_test

import (
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// Two services claiming one port: the one bound to it keeps it, whatever
// the names; the newcomer is refused and never written to the file.
func TestPortConflictIncumbentKeepsPort(t *testing.T) {
	e := start(t)
	old, usurper := haproxytest.NewHTTPBackend(t, "old"), haproxytest.NewHTTPBackend(t, "usurper")
	port := haproxytest.FreePort(t)
	zz := httpService("zz", port, server(old, 1))
	e.apply(haproxy.Config{Services: []haproxy.Service{zz}})
	e.exactly(port, nil, "old")

	aa := httpService("aa", port, server(usurper, 1)) // sorts first
	res := e.apply(haproxy.Config{Services: []haproxy.Service{aa, zz}})
	err := res.Errors[aa.Key()]
	if err == nil || !strings.Contains(err.Error(), "already used by "+zz.Key()) || len(res.Errors) != 1 {
		t.Fatalf("errors = %v, want only aa refused, naming zz", res.Errors)
	}
	cfg, _ := os.ReadFile(e.in.ConfigPath)
	if strings.Contains(string(cfg), "fe_aa_") {
		t.Fatalf("the refused newcomer was written:\n%s", cfg)
	}
	if got := e.hits(port, 40, nil, false); got["usurper"] != 0 {
		t.Fatalf("the newcomer got traffic: %s", formatHits(got))
	}
	// Still refused on the next applies (servers-only path included).
	res = e.apply(haproxy.Config{Services: []haproxy.Service{aa, zz}})
	if res.Errors[aa.Key()] == nil {
		t.Fatalf("second apply: errors = %v", res.Errors)
	}
	// Once zz is gone, aa gets the port.
	res = e.apply(haproxy.Config{Services: []haproxy.Service{aa}})
	if len(res.Errors) != 0 || !res.Reloaded {
		t.Fatalf("after zz left: %+v", res)
	}
	e.exactly(port, nil, "usurper")
}

// A request with the canary header reaches the public backend while the
// canary backend has no usable server, and the canary once it has one,
// without a reload.
func TestCanaryHeaderFallsBackToPublic(t *testing.T) {
	e := start(t)
	stable, canary := haproxytest.NewHTTPBackend(t, "stable"), haproxytest.NewHTTPBackend(t, "canary")
	port := haproxytest.FreePort(t)
	web := httpService("web", port, server(stable, 1))
	web.CanaryHeader = haproxy.Header{Name: "X-Yodel-Track", Value: "canary"}
	e.apply(haproxy.Config{Services: []haproxy.Service{web}})
	hdr := http.Header{"X-Yodel-Track": {"canary"}}
	e.exactly(port, hdr, "stable") // hits fails the test on any 503
	reloads := e.reloads()

	ic := server(canary, 1)
	ic.Isolated, ic.Track = true, haproxy.TrackCanary
	web.Servers = append(web.Servers, ic)
	if res := e.apply(haproxy.Config{Services: []haproxy.Service{web}}); res.Reloaded {
		t.Fatalf("adding the canary reloaded: %+v", res)
	}
	e.exactly(port, hdr, "canary")
	e.exactly(port, nil, "stable")

	// The canary fails its health checks: once HAProxy has marked it down,
	// header requests fall back. A request routed by the header in the
	// instant the last canary server goes down can still meet an empty
	// backend (nbsrv is read before a server is picked), as one meeting the
	// failing canary just before would have failed: only requests after the
	// check's verdict are asserted.
	canary.Healthy.Store(false)
	e.serverStatus(haproxy.CanaryBackendName("web", port), "task.canary", "DOWN")
	e.exactly(port, hdr, "stable")
	canary.Healthy.Store(true)
	e.serverStatus(haproxy.CanaryBackendName("web", port), "task.canary", "UP")
	e.exactly(port, hdr, "canary")

	web.Servers = web.Servers[:1]
	if res := e.apply(haproxy.Config{Services: []haproxy.Service{web}}); res.Reloaded {
		t.Fatalf("removing the canary reloaded: %+v", res)
	}
	e.exactly(port, hdr, "stable")
	if got := e.reloads(); got != reloads {
		t.Fatalf("master reloads %d -> %d", reloads, got)
	}
}

// load sends requests on new connections to port until stop is closed and
// counts the failed ones.
func load(t *testing.T, e *env, port int, stop <-chan struct{}) (wait func() (ok, failed int64, last string)) {
	var okN, failN atomic.Int64
	var lastErr atomic.Value
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, status, err := haproxytest.Get(e.ctx, client, port, nil)
				if err != nil || status != http.StatusOK {
					failN.Add(1)
					lastErr.Store(errString(err) + " status " + http.StatusText(status))
					continue
				}
				okN.Add(1)
			}
		}()
	}
	return func() (int64, int64, string) {
		wg.Wait()
		s, _ := lastErr.Load().(string)
		return okN.Load(), failN.Load(), s
	}
}

// With noreuseport in the base template, reloads stay seamless: in
// master-worker mode the new worker takes the listening sockets over.
func TestReloadsUnderLoadWithNoReusePort(t *testing.T) {
	e := start(t)
	if !strings.Contains(e.in.Base, "noreuseport") {
		t.Fatal("the base template lacks noreuseport")
	}
	b := haproxytest.NewHTTPBackend(t, "busy")
	port := haproxytest.FreePort(t)
	busy := httpService("busy", port, server(b, 1))
	e.apply(haproxy.Config{Services: []haproxy.Service{busy}})
	e.exactly(port, nil, "busy")

	stop := make(chan struct{})
	wait := load(t, e, port, stop)
	other := httpService("other", haproxytest.FreePort(t), server(b, 1))
	for i := range 10 {
		cfg := haproxy.Config{Services: []haproxy.Service{busy}}
		if i%2 == 0 {
			cfg.Services = append(cfg.Services, other)
		}
		if res := e.apply(cfg); !res.Reloaded || len(res.Errors) != 0 {
			close(stop)
			t.Fatalf("reload %d: %+v", i, res)
		}
	}
	close(stop)
	ok, failed, last := wait()
	if failed != 0 || ok < 50 {
		t.Fatalf("%d requests ok, %d failed across 10 reloads (last: %s)", ok, failed, last)
	}
	t.Logf("%d requests across 10 reloads, 0 failed", ok)
}

// A second HAProxy (another sandbox) cannot take a port this one serves,
// and a service whose port another process holds is refused alone, then
// applied once the port is free.
func TestPortHeldByAnotherHAProxy(t *testing.T) {
	e := start(t)
	mine, theirs := haproxytest.NewHTTPBackend(t, "mine"), haproxytest.NewHTTPBackend(t, "theirs")
	p1, p2 := haproxytest.FreePort(t), haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("one", p1, server(mine, 1))}})

	in2 := haproxytest.Start(t, haproxytest.Options{})
	h2, err := haproxy.New(in2.Options())
	if err != nil {
		t.Fatal(err)
	}
	// The other HAProxy tries to take p1: refused before any reload.
	res, err := h2.Apply(e.ctx, haproxy.Config{Services: []haproxy.Service{httpService("one", p1, server(theirs, 1))}})
	if err != nil || res.Errors[haproxy.BackendName("one", p1)] == nil {
		t.Fatalf("second HAProxy on a held port: %+v %v, want the service refused", res, err)
	}
	if got := e.hits(p1, 40, nil, false); got["theirs"] != 0 {
		t.Fatalf("the other HAProxy answered on our port: %s", formatHits(got))
	}
	// It serves p2; we want p2 too, next to a service of ours.
	if res, err := h2.Apply(e.ctx, haproxy.Config{Services: []haproxy.Service{httpService("two", p2, server(theirs, 1))}}); err != nil || len(res.Errors) != 0 {
		t.Fatalf("other HAProxy: %+v %v", res, err)
	}
	two := httpService("two", p2, server(mine, 1))
	p3 := haproxytest.FreePort(t)
	three := httpService("three", p3, server(mine, 1))
	cfg := haproxy.Config{Services: []haproxy.Service{httpService("one", p1, server(mine, 1)), two, three}}
	res = e.apply(cfg)
	err = res.Errors[two.Key()]
	if err == nil || !strings.Contains(err.Error(), "another process holds it") || len(res.Errors) != 1 {
		t.Fatalf("errors = %v, want only %s refused as held elsewhere", res.Errors, two.Key())
	}
	e.exactly(p3, nil, "mine")
	e.exactly(p2, nil, "theirs")
	// The other HAProxy lets p2 go: the service is retried and applied.
	if _, err := h2.Apply(e.ctx, haproxy.Config{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "service two applied once p2 is free", func() (bool, string) {
		res := e.apply(cfg)
		return len(res.Errors) == 0, formatErrs(res.Errors)
	})
	e.exactly(p2, nil, "mine")
}

// A reload that fails (a port taken between the check and the reload)
// leaves the previous workers serving the previous file.
func TestFailedReloadKeepsOldConfigServing(t *testing.T) {
	e := start(t)
	haproxy.SkipPortCheck(e.h)
	b := haproxytest.NewHTTPBackend(t, "b")
	p1 := haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("one", p1, server(b, 1))}})
	before, _ := os.ReadFile(e.in.ConfigPath)

	in2 := haproxytest.Start(t, haproxytest.Options{})
	h2, err := haproxy.New(in2.Options())
	if err != nil {
		t.Fatal(err)
	}
	p2 := haproxytest.FreePort(t)
	if res, err := h2.Apply(e.ctx, haproxy.Config{Services: []haproxy.Service{httpService("two", p2, server(b, 1))}}); err != nil || len(res.Errors) != 0 {
		t.Fatalf("other HAProxy: %+v %v", res, err)
	}
	_, err = e.h.Apply(e.ctx, haproxy.Config{Services: []haproxy.Service{httpService("one", p1, server(b, 1)), httpService("two", p2, server(b, 1))}})
	if err == nil || !strings.Contains(err.Error(), "failed to start") {
		t.Fatalf("Apply: %v, want the failed reload reported", err)
	}
	after, _ := os.ReadFile(e.in.ConfigPath)
	if string(after) != string(before) {
		t.Fatalf("config file not restored after the failed reload:\n%s", after)
	}
	e.exactly(p1, nil, "b")
}

func formatErrs(m map[string]error) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+": "+v.Error())
	}
	return strings.Join(parts, "; ")
}

// One base configuration for everything (templates/haproxy): the retries
// and redispatch that spare clients a 503 when a task's port closes just
// before Marathon reports the kill, and noreuseport.
func TestRenderBaseIsTheSharedTemplate(t *testing.T) {
	base, err := haproxy.RenderBase(haproxy.BaseParams{StatsSocket: "/tmp/a.sock", ServerStateFile: "/tmp/state", MonitorBind: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n    retries 8\n", "\n    option redispatch 1\n", "\n    noreuseport\n",
		"\n    load-server-state-from-file global\n", "stats socket /tmp/a.sock ", "server-state-file /tmp/state\n", "bind 127.0.0.1:1\n"} {
		if !strings.Contains(base, want) {
			t.Errorf("base lacks %q:\n%s", strings.TrimSpace(want), base)
		}
	}
	if _, err := haproxy.RenderBase(haproxy.BaseParams{StatsSocket: "/tmp/a b", ServerStateFile: "/s", MonitorBind: "127.0.0.1:1"}); err == nil {
		t.Error("a socket path with a space was accepted")
	}
}

// serverStatus waits until HAProxy's stats show server sv of backend be
// with the status want (UP, DOWN, MAINT...).
func (e *env) serverStatus(be, sv, want string) {
	e.t.Helper()
	eventually(e.t, 20*time.Second, be+"/"+sv+" "+want, func() (bool, string) {
		out, err := e.in.Exec("show stat")
		if err != nil {
			return false, err.Error()
		}
		for _, line := range strings.Split(out, "\n") {
			f := strings.Split(line, ",")
			if len(f) > 17 && f[0] == be && f[1] == sv {
				return strings.HasPrefix(f[17], want), "status " + f[17]
			}
		}
		return false, "no such server in show stat"
	})
}
