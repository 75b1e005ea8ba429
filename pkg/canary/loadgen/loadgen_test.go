package loadgen

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// TestSentBetweenCountsBySendTime: a window counts the requests sent in
// it, however late they are answered.
func TestSentBetweenCountsBySendTime(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 5 {
			time.Sleep(300 * time.Millisecond) // answered after the later ones
		}
		_, _ = w.Write([]byte(`{"version":"v1"}`))
	}))
	defer srv.Close()
	start := time.Now()
	l := Start(srv.URL, 100, nil)
	for l.Snapshot().Total < 30 {
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	mid := time.Now()
	final := l.Stop()
	end := time.Now()

	all := l.SentBetween(start, end)
	if all.Total != final.Total || all.ByRelease["v1"] != final.ByRelease["v1"] {
		t.Fatalf("SentBetween over the whole run = %+v, want the final report %+v", all, final)
	}
	before, after := l.SentBetween(start, mid), l.SentBetween(mid, end)
	if before.Total+after.Total != all.Total || before.Total < 5 {
		t.Fatalf("windows before %d + after %d != %d (or the 5 slow requests, sent first, are not in the first)", before.Total, after.Total, all.Total)
	}
	if got := l.SentBetween(end, end.Add(time.Hour)); got.Total != 0 {
		t.Fatalf("requests sent after the end: %d", got.Total)
	}
}

// Each release's last failure is dated, so the demo shows a rolled-back
// release failed nothing after its rollback.
func TestLastFailedPerRelease(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			http.Error(w, "injected error from v3 (HELLO_ERROR_RATE)", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte(`{"version":"v2"}`))
	}))
	defer srv.Close()
	start := time.Now()
	l := Start(srv.URL, 100, nil)
	for l.Snapshot().Failed < 3 {
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	r := l.Stop()
	if r.FailedByRelease["v3"] == 0 || r.LastFailed["v3"].Before(start) || r.LastFailed["v3"].After(time.Now()) {
		t.Fatalf("v3's failures %d, last at %v (started %v)", r.FailedByRelease["v3"], r.LastFailed["v3"], start)
	}
	if _, ok := r.LastFailed["v2"]; ok {
		t.Fatalf("v2 failed nothing, yet has a last failure: %v", r.LastFailed)
	}
}

// TestSubSamplesItsWindowsFailures: a window's report names some of its
// own failures (with when they were sent), not the run's first ones.
func TestSubSamplesItsWindowsFailures(t *testing.T) {
	var failing atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte(`{"version":"v1"}`))
	}))
	defer srv.Close()
	l := Start(srv.URL, 100, nil)
	defer l.Stop()
	waitFailed := func(n int) {
		for l.Snapshot().Failed < n {
			time.Sleep(10 * time.Millisecond) // polling a condition
		}
	}
	failing.Store(true)
	waitFailed(3)
	failing.Store(false)
	a := l.Snapshot()
	if s := a.Sub(a).FailureSamples; len(s) != 0 {
		t.Fatalf("an empty window has samples %v", s)
	}
	failing.Store(true)
	waitFailed(a.Failed + 2)
	w := l.Snapshot().Sub(a)
	if len(w.FailureSamples) == 0 || len(w.FailureSamples) > w.Failed {
		t.Fatalf("window with %d failures has samples %v", w.Failed, w.FailureSamples)
	}
	for _, s := range w.FailureSamples {
		if !strings.Contains(s, "sent ") || !strings.Contains(s, "release ?: 500 ") {
			t.Fatalf("sample %q does not say when and what", s)
		}
	}
}

// A client-side timeout while the load generator itself was stalled says
// so in its sample; one without a stall, or an answer with a status, does
// not blame the load generator.
func TestTimeoutSampleNamesTheLoadGeneratorsStall(t *testing.T) {
	sent := time.Date(2026, 12, 4, 15, 48, 6, 0, time.UTC)
	l := &Load{rep: Report{ByRelease: map[string]int{}, FailedByRelease: map[string]int{}, LastSeen: map[string]time.Time{}},
		stalls: []stall{{end: sent.Add(3 * time.Second), gap: 2500 * time.Millisecond}}}
	timeout := "Get \"http://127.0.0.1:1/\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
	l.record(&vegeta.Result{Timestamp: sent, Latency: Timeout, Error: timeout})
	l.record(&vegeta.Result{Timestamp: sent.Add(10 * time.Second), Latency: Timeout, Error: timeout})
	l.record(&vegeta.Result{Timestamp: sent, Latency: time.Millisecond, Code: 502, Body: []byte("bad gateway")})
	got := l.Snapshot().FailureSamples
	if len(got) != 3 {
		t.Fatalf("samples %q", got)
	}
	if want := "the load generator itself got no CPU for 2.5s until 15:48:09.000"; !strings.Contains(got[0], want) {
		t.Errorf("timeout during the stall: %q, want it to contain %q", got[0], want)
	}
	for _, s := range got[1:] {
		if strings.Contains(s, "load generator") {
			t.Errorf("blamed on the load generator: %q", s)
		}
	}
}

// A real pause of the process shows as a stall: the ticker goroutine is
// held off the CPU like every other one (here by stopping the world).
func TestWatchStallsRecordsAPause(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"version":"v1"}`))
	}))
	defer srv.Close()
	l := Start(srv.URL, 10, nil)
	defer l.Stop()
	stopTheWorld(800 * time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for {
		l.mu.Lock()
		n := len(l.stalls)
		l.mu.Unlock()
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no stall recorded for an 800 ms pause of the process")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
}

// stopTheWorld stops this process (SIGSTOP) for about d: a shell started
// first continues it.
func stopTheWorld(d time.Duration) {
	cmd := exec.Command("sh", "-c", fmt.Sprintf("sleep %.3f; kill -CONT %d", d.Seconds(), os.Getpid()))
	if cmd.Start() != nil {
		return
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP)
	_ = cmd.Wait()
}

// TestAttachSeesWhatTheStreamingProcessSaw: a load read from another
// process's Stream reports what that process recorded: every request by
// release and by send time, failures with their samples, and its stalls.
func TestAttachSeesWhatTheStreamingProcessSaw(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%4 == 0 {
			http.Error(w, "injected error from v2 (HELLO_ERROR_RATE)", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte(`{"version":"v1 beta"}`)) // a space: the line format must keep it
	}))
	defer srv.Close()
	pr, pw := io.Pipe()
	start := time.Now()
	src := Stream(pw, srv.URL, 100, nil)
	got := Attach(pr, func() {
		src.Stop()
		pw.Close()
	})
	src.addStall(stall{end: time.Now(), gap: 700 * time.Millisecond})
	for got.Snapshot().Total < 40 {
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	final := got.Stop()
	want := src.Snapshot()
	if final.Total != want.Total || final.Failed != want.Failed || final.ByRelease["v1 beta"] != want.ByRelease["v1 beta"] ||
		final.FailedByRelease["v2"] != want.FailedByRelease["v2"] || final.FailedByRelease["v2"] == 0 {
		t.Fatalf("attached: %+v\nstreaming process: %+v", final, want)
	}
	if !slices.Equal(final.FailureSamples, want.FailureSamples) {
		t.Fatalf("failure samples %q, want %q", final.FailureSamples, want.FailureSamples)
	}
	if a, b := got.SentBetween(start, time.Now()), src.SentBetween(start, time.Now()); a.Total != b.Total || a.Total != want.Total {
		t.Fatalf("by send time: attached %d, streaming %d, all %d", a.Total, b.Total, want.Total)
	}
	if len(got.stalls) != 1 || got.stalls[0].gap != 700*time.Millisecond {
		t.Fatalf("stalls %+v, want the streaming process's one of 700ms", got.stalls)
	}
}

// TestPostsAreSentAndCountedThroughTheStream: with Posts(2) half the
// requests are POSTs with a body, and the POSTs that failed are told
// apart, also by the process that reads a Stream.
func TestPostsAreSentAndCountedThroughTheStream(t *testing.T) {
	var gets, posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			if string(body) != "order=1" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("POST %q, Content-Type %q", body, r.Header.Get("Content-Type"))
			}
			if posts.Add(1)%2 == 0 {
				http.Error(w, "injected error from v1 (HELLO_ERROR_RATE)", http.StatusInternalServerError)
				return
			}
		} else {
			gets.Add(1)
		}
		_, _ = w.Write([]byte(`{"version":"v1"}`))
	}))
	defer srv.Close()
	pr, pw := io.Pipe()
	src := Stream(pw, srv.URL, 100, nil, Posts(2))
	got := Attach(pr, func() {
		src.Stop()
		pw.Close()
	})
	for got.Snapshot().Total < 40 {
		time.Sleep(10 * time.Millisecond) // polling a condition
	}
	final := got.Stop()
	want := src.Snapshot()
	if final.Posts != want.Posts || final.FailedPosts != want.FailedPosts || final.Failed != final.FailedPosts {
		t.Fatalf("attached: %d POSTs, %d failed (%d failed in all); streaming process: %d POSTs, %d failed",
			final.Posts, final.FailedPosts, final.Failed, want.Posts, want.FailedPosts)
	}
	if n := int64(final.Posts); n != posts.Load() || n == 0 || int64(final.Total)-n != gets.Load() {
		t.Fatalf("counted %d POSTs of %d requests; the server saw %d POSTs and %d GETs", final.Posts, final.Total, posts.Load(), gets.Load())
	}
	if err := stattest.Check(final.Posts, final.Total, 0.5, "POSTs"); err != nil {
		t.Fatal(err)
	}
	if w := final.Sub(Report{}); w.FailedPosts != final.FailedPosts || !strings.HasPrefix(w.FailureSamples[0], "sent ") || !strings.Contains(w.FailureSamples[0], ": POST 500") {
		t.Fatalf("window: %d failed POSTs, samples %q", w.FailedPosts, w.FailureSamples)
	}
}
