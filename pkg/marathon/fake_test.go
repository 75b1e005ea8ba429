package marathon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
)

// cluster is the shared state of fake Marathon members: several members
// (leader and non-leaders) serve the same apps, as a real cluster does.
type cluster struct {
	mu   sync.Mutex
	apps map[string]*App
	deps []Deployment
	subs map[chan []byte]struct{}
}

func newCluster() *cluster {
	return &cluster{apps: map[string]*App{}, subs: map[chan []byte]struct{}{}}
}

// update changes the state under the lock.
func (c *cluster) update(fn func(apps map[string]*App, deps *[]Deployment)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fn(c.apps, &c.deps)
}

// emit sends an event, framed as Marathon 1.4 frames it, to every stream.
func (c *cluster) emit(typ string, payload map[string]any) {
	if payload == nil {
		payload = map[string]any{}
	}
	payload["eventType"] = typ
	payload["timestamp"] = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	b, _ := json.Marshal(payload)
	c.emitRaw([]byte("event: " + typ + "\r\ndata: " + string(b) + "\r\n\r\n"))
}

func (c *cluster) emitRaw(frame []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		select {
		case ch <- frame:
		default: // a stuck test stream must not block the test
		}
	}
}

func (c *cluster) streams() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.subs)
}

// fake is one member of a fake Marathon 1.4 cluster.
type fake struct {
	*cluster
	srv       *httptest.Server
	status    atomic.Int32 // when non-zero, every request gets it
	user      string       // basic auth required when set
	pass      string
	redirect  atomic.Value // string: /v2/events answers 302 to it
	mu        sync.Mutex
	requests  []string
	heartbeat time.Duration
	beats     atomic.Int64
	noEvents  atomic.Bool // /v2/events answers 503 (stream down, REST fine)
}

// newFake starts a member; opts configure it before it serves.
func newFake(t testing.TB, c *cluster, opts ...func(*fake)) *fake {
	if c == nil {
		c = newCluster()
	}
	f := &fake{cluster: c}
	f.redirect.Store("")
	for _, o := range opts {
		o(f)
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.close)
	return f
}

func withAuth(user, pass string) func(*fake) {
	return func(f *fake) { f.user, f.pass = user, pass }
}

func withHeartbeat(d time.Duration) func(*fake) { return func(f *fake) { f.heartbeat = d } }

func (f *fake) URL() string { return f.srv.URL }

func (f *fake) close() {
	f.srv.CloseClientConnections()
	f.srv.Close()
}

func (f *fake) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
	f.mu.Unlock()
	if s := f.status.Load(); s != 0 {
		writeJSON(w, int(s), map[string]string{"message": "fake failure"})
		return
	}
	if f.user != "" {
		u, p, ok := r.BasicAuth()
		if !ok || u != f.user || p != f.pass {
			w.Header().Set("WWW-Authenticate", `basic realm="Mesosphere"`)
			writeJSON(w, 401, map[string]string{"message": "Invalid username or password."})
			return
		}
	}
	p := r.URL.Path
	switch {
	case p == "/ping":
		w.Write([]byte("pong"))
	case p == "/v2/events":
		f.events(w, r)
	case p == "/v2/deployments" && r.Method == http.MethodGet:
		f.cluster.mu.Lock()
		deps := append([]Deployment{}, f.deps...)
		f.cluster.mu.Unlock()
		writeJSON(w, 200, deps)
	case p == "/v2/apps" && r.Method == http.MethodGet:
		f.cluster.mu.Lock()
		var apps []App
		for _, a := range f.apps {
			apps = append(apps, *a)
		}
		b, _ := json.Marshal(map[string]any{"apps": apps})
		f.cluster.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	case strings.HasPrefix(p, "/v2/apps/") && r.Method == http.MethodGet:
		id := strings.TrimPrefix(p, "/v2/apps")
		f.cluster.mu.Lock()
		a, ok := f.apps[id]
		var b []byte
		if ok {
			b, _ = json.Marshal(map[string]any{"app": a})
		}
		f.cluster.mu.Unlock()
		if !ok {
			writeJSON(w, 404, map[string]string{"message": fmt.Sprintf("App '%s' does not exist", id)})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	case p == "/v2/tasks/delete" && r.Method == http.MethodPost:
		var req struct {
			IDs []string `json:"ids"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		f.cluster.mu.Lock()
		for _, a := range f.apps {
			a.Tasks = slices.DeleteFunc(a.Tasks, func(t *Task) bool { return slices.Contains(req.IDs, t.ID) })
		}
		f.cluster.mu.Unlock()
		writeJSON(w, 200, map[string]any{"tasks": []any{}})
	default:
		writeJSON(w, 404, map[string]string{"message": "no such fake route " + p})
	}
}

func (f *fake) events(w http.ResponseWriter, r *http.Request) {
	if f.noEvents.Load() {
		writeJSON(w, 503, map[string]string{"message": "events unavailable"})
		return
	}
	if loc := f.redirect.Load().(string); loc != "" {
		http.Redirect(w, r, loc, http.StatusFound)
		return
	}
	if r.Header.Get("Accept") != "text/event-stream" {
		writeJSON(w, 405, map[string]string{"message": "not an event stream request"})
		return
	}
	ch := make(chan []byte, 1024)
	f.cluster.mu.Lock()
	f.subs[ch] = struct{}{}
	f.cluster.mu.Unlock()
	defer func() {
		f.cluster.mu.Lock()
		delete(f.subs, ch)
		f.cluster.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(200)
	fl := w.(http.Flusher)
	b, _ := json.Marshal(map[string]any{"eventType": EventStreamAttached, "timestamp": time.Now().UTC().Format(time.RFC3339Nano), "remoteAddress": r.RemoteAddr})
	fmt.Fprintf(w, "event: %s\r\ndata: %s\r\n\r\n", EventStreamAttached, b)
	fl.Flush()
	var hb <-chan time.Time
	if f.heartbeat > 0 {
		t := time.NewTicker(f.heartbeat)
		defer t.Stop()
		hb = t.C
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-hb:
			w.Write([]byte("\r\n"))
			fl.Flush()
			f.beats.Add(1)
		case frame := <-ch:
			if _, err := w.Write(frame); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// Helpers to build Marathon state.

func ptr[T any](v T) *T { return &v }

const (
	v1 = "2024-01-01T10:00:00.000Z"
	v2 = "2024-01-01T11:00:00.000Z"
)

func testApp(id string, instances int, version string, healthChecks bool) *App {
	a := &App{}
	a.ID = id
	a.Instances = ptr(instances)
	a.Version = version
	a.VersionInfo = &gm.VersionInfo{LastConfigChangeAt: version, LastScalingAt: version}
	a.Cmd = ptr("sleep 1000")
	if healthChecks {
		a.HealthChecks = &[]gm.HealthCheck{*gm.NewDefaultHealthCheck()}
	}
	return a
}

func testTask(app, n, version, state string, alive *bool) *Task {
	t := &Task{ID: strings.TrimPrefix(app, "/") + "." + n, AppID: app, Version: version, State: state, Host: "127.0.0.1"}
	if alive != nil {
		t.HealthCheckResults = []*gm.HealthCheckResult{{Alive: *alive}}
	}
	return t
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newTestClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
