package loadfaults

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultProxy forwards one client's Marathon calls to the emulator and
// breaks them on demand. The emulator has fault endpoints of its own, but
// they hit whichever client calls next; a proxy per client (the CLI, the lb
// agent) makes every fault reach the client it is meant for, and counts
// what it did to it.
type faultProxy struct {
	name string
	srv  *httptest.Server
	rp   *httputil.ReverseProxy

	mu sync.Mutex
	// fail answers the next fail requests with failStatus.
	fail, failStatus int
	// resets resets (TCP RST) the next resets connections.
	resets int
	// delay holds every request this long before forwarding it.
	delay time.Duration
	// hang holds the next hang requests for hangFor (or until the client
	// gives up), then answers 504: a Marathon that accepted the connection
	// and never answered in time.
	hang    int
	hangFor time.Duration
	// streams are the open event streams, to drop them.
	streams map[int]context.CancelFunc
	nextID  int
	// Counters of what the proxy did.
	requests, failed, reset, delayed, hung, dropped, streamsOpened int
}

func startFaultProxy(t *testing.T, name, target string) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{name: name, streams: map[int]context.CancelFunc{}}
	p.rp = httputil.NewSingleHostReverseProxy(u)
	// An aborted stream must reach the client as a broken connection, as
	// a crashed Marathon's would, not as a clean end of the body.
	p.rp.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		if r.Context().Err() != nil {
			panic(http.ErrAbortHandler)
		}
		http.Error(w, fmt.Sprintf("fault proxy %s: %v", name, err), http.StatusBadGateway)
	}
	// Loopback only: the listener httptest opens is 127.0.0.1.
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

// URL is the proxy's address, for a realm's marathon.urls.
func (p *faultProxy) URL() string { return p.srv.URL }

func (p *faultProxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests++
	delay := p.delay
	if delay > 0 {
		p.delayed++
	}
	switch {
	case p.resets > 0:
		p.resets--
		p.reset++
		p.mu.Unlock()
		resetConn(w)
		return
	case p.fail > 0:
		p.fail--
		p.failed++
		status := p.failStatus
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":"injected by the test's fault proxy (%d)"}`, status)
		return
	case p.hang > 0:
		p.hang--
		p.hung++
		hangFor := p.hangFor
		p.mu.Unlock()
		timer := time.NewTimer(hangFor)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
		}
		http.Error(w, "fault proxy: no answer in time", http.StatusGatewayTimeout)
		return
	}
	var id int
	ctx := r.Context()
	stream := strings.HasPrefix(r.URL.Path, "/v2/events")
	if stream {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		id = p.nextID
		p.nextID++
		p.streams[id] = cancel
		p.streamsOpened++
		defer func() {
			p.mu.Lock()
			delete(p.streams, id)
			p.mu.Unlock()
			cancel()
		}()
	}
	p.mu.Unlock()
	if delay > 0 {
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return
		}
	}
	p.rp.ServeHTTP(w, r.WithContext(ctx))
}

// resetConn closes the client's connection with a TCP RST.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	c, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close sends RST, not FIN
	}
	c.Close()
}

// Fail answers the next n requests with status.
func (p *faultProxy) Fail(n, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fail, p.failStatus = n, status
}

// Reset resets the next n connections.
func (p *faultProxy) Reset(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.resets = n
}

// Delay holds every request d before forwarding it (0 clears).
func (p *faultProxy) Delay(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay = d
}

// Hang holds the next n requests for d, then answers 504.
func (p *faultProxy) Hang(n int, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hang, p.hangFor = n, d
}

// DropStreams breaks every open event stream and returns how many.
func (p *faultProxy) DropStreams() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.streams)
	for id, cancel := range p.streams {
		cancel()
		delete(p.streams, id)
	}
	p.dropped += n
	return n
}

// OpenStreams is the number of event streams open now.
func (p *faultProxy) OpenStreams() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.streams)
}

// Clear ends every pending fault.
func (p *faultProxy) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fail, p.resets, p.delay, p.hang = 0, 0, 0, 0
}

// Pending is the number of count faults not yet injected.
func (p *faultProxy) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fail + p.resets + p.hang
}

// proxyStats are a proxy's counters.
type proxyStats struct {
	Requests, Failed, Reset, Delayed, Hung, Dropped, StreamsOpened int
}

func (p *faultProxy) Stats() proxyStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return proxyStats{p.requests, p.failed, p.reset, p.delayed, p.hung, p.dropped, p.streamsOpened}
}

func (s proxyStats) Sub(o proxyStats) proxyStats {
	return proxyStats{s.Requests - o.Requests, s.Failed - o.Failed, s.Reset - o.Reset, s.Delayed - o.Delayed,
		s.Hung - o.Hung, s.Dropped - o.Dropped, s.StreamsOpened - o.StreamsOpened}
}

func (s proxyStats) String() string {
	return fmt.Sprintf("%d requests: %d failed, %d reset, %d delayed, %d hung, %d streams dropped (%d opened)",
		s.Requests, s.Failed, s.Reset, s.Delayed, s.Hung, s.Dropped, s.StreamsOpened)
}
