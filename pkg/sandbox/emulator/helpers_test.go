package emulator

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
)

type testEmu struct {
	*Emulator
	url    string
	cancel context.CancelFunc
	served chan struct{}
}

func startEmu(t testing.TB, cfg Config) *testEmu {
	t.Helper()
	if cfg.Executor == "" {
		cfg.Executor = ExecutorInproc
	}
	if cfg.TickInterval == 0 {
		cfg.TickInterval = 20 * time.Millisecond
	}
	if cfg.PortRange == [2]int{} {
		// A leased window, not the default 31000-32000: other test
		// binaries' emulators lease task ports there (TestSandboxScaleTo3000
		// holds thousands), and a launch that finds no free port fails.
		lease, err := portlease.Take(1, 2*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(lease.Release)
		cfg.PortRange = [2]int{lease.Lo, lease.Hi}
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	te := &testEmu{Emulator: e, url: "http://" + ln.Addr().String(), cancel: cancel, served: make(chan struct{})}
	go func() {
		defer close(te.served)
		_ = e.Serve(ctx, ln)
	}()
	t.Cleanup(te.stop)
	return te
}

func (te *testEmu) stop() {
	te.cancel()
	<-te.served
	te.Close()
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

func call(t *testing.T, method, url, body string) resp {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, res.Header, b}
}

func (te *testEmu) call(t *testing.T, method, path, body string) resp {
	t.Helper()
	return call(t, method, te.url+path, body)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (te *testEmu) idle() bool {
	te.mu.Lock()
	defer te.mu.Unlock()
	for _, d := range te.deployments {
		if !d.finished {
			return false
		}
	}
	for _, as := range te.apps {
		if countReady(as) != as.app.Instances || len(as.tasks) != as.app.Instances {
			return false
		}
	}
	return true
}

func (te *testEmu) waitIdle(t *testing.T) {
	t.Helper()
	waitFor(t, 10*time.Second, "no deployments and all instances ready", te.idle)
}

// sse is a raw /v2/events reader.
type sse struct {
	res *http.Response
	rd  *bufio.Reader
	ch  chan sseEvent
}

type sseEvent struct {
	typ  string
	data map[string]any
	raw  string
}

func openSSE(t *testing.T, url string) *sse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	s := &sse{res: res, rd: bufio.NewReader(res.Body), ch: make(chan sseEvent, 1000)}
	go func() {
		defer close(s.ch)
		for {
			typ, err := s.rd.ReadString('\n')
			if err != nil {
				return
			}
			if typ == "\r\n" {
				continue // heartbeat
			}
			data, err := s.rd.ReadString('\n')
			if err != nil {
				return
			}
			blank, err := s.rd.ReadString('\n')
			if err != nil {
				return
			}
			ev := sseEvent{typ: strings.TrimSuffix(strings.TrimPrefix(typ, "event: "), "\r\n"), raw: typ + data + blank}
			_ = json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(data, "data: "), "\r\n")), &ev.data)
			s.ch <- ev
		}
	}()
	t.Cleanup(func() { res.Body.Close() })
	return s
}

// next returns the next event of one of the given types (any if none).
func (s *sse) next(t *testing.T, types ...string) sseEvent {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-s.ch:
			if !ok {
				t.Fatal("event stream closed")
			}
			if len(types) == 0 {
				return ev
			}
			for _, ty := range types {
				if ev.typ == ty {
					return ev
				}
			}
		case <-timeout:
			t.Fatalf("no %v event within 10s", types)
		}
	}
}
