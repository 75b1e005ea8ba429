package lb

import (
	"context"
	"maps"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/judge"
)

func accessLogCfg() haproxy.Config {
	return haproxy.Config{Services: []haproxy.Service{{Name: "web", Port: 10080, Mode: haproxy.ModeHTTP,
		CanaryHeader: haproxy.Header{Name: "X-Track", Value: "canary"},
		Servers: []haproxy.Server{
			{Name: "web-blue_1", Addr: "127.0.0.1", Port: 1, Weight: 9},
			{Name: "web-green_1", Addr: "127.0.0.1", Port: 2, Weight: 1, Track: haproxy.TrackCanary},
			{Name: "web-green_1i", Addr: "127.0.0.1", Port: 2, Weight: 1, Isolated: true, Track: haproxy.TrackCanary},
		}}}}
}

func TestAccessLogRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.sock")
	l, err := ListenAccessLog(path)
	require.NoError(t, err)
	defer l.Close()
	l.Record("yodel1 svc_web_10080 web-blue_1 200 5 6") // before any apply: not ours yet
	l.SetTracks(accessLogCfg())
	for _, line := range []string{
		"yodel1 svc_web_10080 web-blue_1 200 5 6",
		"yodel1 svc_web_10080 web-blue_1 200 5 7",
		"yodel1 svc_web_10080 web-blue_1 503 -1 3", // no response: no latency
		"yodel1 svc_web_10080 web-green_1 200 250 251",
		"yodel1 svc_web_10080 web-green_1 500 12345 12345", // rounded to 12300
		"yodel1 svc_web_10080_canary web-green_1i 200 40 41",
		"yodel1 svc_web_10080 web-new_1 200 1 1", // added since the apply: stable
		"yodel1 svc_web_10080 <NOSRV> -1 -1 0",   // the client left: status other
		"Connect from 127.0.0.1:5 to 127.0.0.1:6 (t1/TCP)",
		"yodel1 svc_other_1 x 200 1 1",
		"yodel1 short",
	} {
		l.Record(line)
	}
	snap := l.Snapshot()["web"]
	assert.Equal(t, LatencyStats{Requests: 5, Status: map[string]int64{"2xx": 3, "5xx": 1, "other": 1}, NoResponse: 2, SumMs: 11,
		Histogram: [][2]int64{{1, 1}, {5, 2}}}, snap["stable"])
	assert.Equal(t, LatencyStats{Requests: 3, Status: map[string]int64{"2xx": 2, "5xx": 1}, SumMs: 250 + 12345 + 40,
		Histogram: [][2]int64{{40, 1}, {250, 1}, {12300, 1}}}, snap["canary"])
	assert.Equal(t, []float64{1, 5, 5}, snap["stable"].Latencies())
	l.mu.Lock()
	assert.Equal(t, int64(2), l.unmatched)
	l.mu.Unlock()
}

func TestLatencyBucket(t *testing.T) {
	for ms, want := range map[int64]int64{0: 0, 9999: 9999, 10000: 10000, 12345: 12300, 123456: 123000, 1234567: 1230000} {
		assert.Equal(t, want, latencyBucket(ms), "%d ms", ms)
	}
}

func TestListenAccessLogReplacesAStaleSocketOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.sock")
	l, err := ListenAccessLog(path)
	require.NoError(t, err)
	l.conn.Close() // a crashed agent: the socket file stays
	l2, err := ListenAccessLog(path)
	require.NoError(t, err, "a stale socket is replaced")
	l2.Close()
	_, err = ListenAccessLog(dir)
	require.ErrorContains(t, err, "not a socket")
}

// A real HAProxy logs every request to the agent's socket: a canary 80 ms
// slower than stable shows as such per track, with every request counted,
// and the judge fails it.
func TestAccessLogLatencyPerTrackWithHAProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real HAProxy")
	}
	in := haproxytest.Start(t, haproxytest.Options{})
	al, err := ListenAccessLog(in.AccessLogSocket)
	require.NoError(t, err)
	go al.Run()
	t.Cleanup(func() { al.Close() })
	h, err := haproxy.New(in.Options())
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	stable, canary := haproxytest.NewHTTPBackend(t, "stable"), haproxytest.NewHTTPBackend(t, "canary")
	canary.Delay.Store(int64(80 * time.Millisecond))
	port := haproxytest.FreePort(t)
	cfg := haproxy.Config{Services: []haproxy.Service{{Name: "web", Port: port, Mode: haproxy.ModeHTTP, Servers: []haproxy.Server{
		{Name: haproxy.ServerName("web-blue.1"), Addr: stable.Addr, Port: stable.Port, Weight: 1},
		{Name: haproxy.ServerName("web-green.1"), Addr: canary.Addr, Port: canary.Port, Weight: 1, Track: haproxy.TrackCanary},
	}}}}
	_, err = h.Apply(ctx, cfg)
	require.NoError(t, err)
	al.SetTracks(cfg)

	const requests = 400
	seen := map[string]int64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < requests/8; i++ {
				body, code, err := haproxytest.Get(ctx, client, port, nil)
				if err != nil || code != 200 {
					t.Errorf("request: %d %v", code, err)
					return
				}
				mu.Lock()
				seen[body]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// The log line of a request leaves HAProxy as its response ends; wait
	// until all have arrived.
	var snap map[string]LatencyStats
	deadline := time.Now().Add(10 * time.Second)
	for {
		snap = al.Snapshot()["web"]
		if snap["stable"].Requests+snap["canary"].Requests >= requests || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond) // polling a condition with a deadline
	}
	assert.Equal(t, seen["stable"], snap["stable"].Requests, "every stable request logged once")
	assert.Equal(t, seen["canary"], snap["canary"].Requests, "every canary request logged once")
	assert.Equal(t, snap["canary"].Requests, snap["canary"].Status["2xx"])

	c, s := snap["canary"].Latencies(), snap["stable"].Latencies()
	require.NotEmpty(t, c)
	require.NotEmpty(t, s)
	assert.GreaterOrEqual(t, c[0], 80.0, "no canary answer is faster than its delay")
	cp50, sp50 := judge.Quantile(c, 0.5), judge.Quantile(s, 0.5)
	t.Logf("canary p50 %.0f p99 %.0f mean %.1f ms (%d); stable p50 %.0f p99 %.0f mean %.1f ms (%d)",
		cp50, judge.Quantile(c, 0.99), judge.Mean(c), len(c), sp50, judge.Quantile(s, 0.99), judge.Mean(s), len(s))
	assert.Less(t, sp50, cp50-40, "stable's median well below the canary's")
	r := judge.CompareLatency(c, s, judge.Latency{MaxIncreaseMs: 40, MinSamples: 50})
	assert.Equal(t, judge.Fail, r.Verdict, r.Message)

	// The agent API serves them beside the counters.
	st, err := (&Agent{opts: Options{HAProxy: h, AccessLog: al}, met: newMetrics(),
		plan: &Plan{Backends: map[string]BackendRef{haproxy.BackendName("web", port): {Service: "web", Port: port}}}}).Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, al.Epoch(), st.LatencyEpoch)
	assert.Equal(t, snap["canary"].Requests, st.Services["web"].Latency["canary"].Requests)
	assert.Equal(t, st.Services["web"].Tracks["canary"].Requests, snap["canary"].Requests, "the log and HAProxy's counters agree")
}

// SetTracks after every sync: an unchanged backend keeps its entry (no
// garbage per task change at 1000 services); a changed track, a new
// service and a removed one are all followed.
func TestAccessLogSetTracksFollowsChanges(t *testing.T) {
	l, err := ListenAccessLog(filepath.Join(t.TempDir(), "a.sock"))
	require.NoError(t, err)
	defer l.Close()
	tracks := func() map[string]backendTracks { return tracksOf(l) }
	cfg := accessLogCfg()
	l.SetTracks(cfg)
	first := tracks()["svc_web_10080"].servers
	l.SetTracks(accessLogCfg())
	assert.Equal(t, reflect.ValueOf(first).Pointer(), reflect.ValueOf(tracks()["svc_web_10080"].servers).Pointer(),
		"an unchanged backend's entry was replaced")

	other := haproxy.Service{Name: "api", Port: 10081, Mode: haproxy.ModeHTTP,
		Servers: []haproxy.Server{{Name: "api-blue_1", Addr: "127.0.0.1", Port: 3, Weight: 1}}}
	cfg.Services = append(cfg.Services, other)
	l.SetTracks(cfg)
	idx := tracks()
	assert.Equal(t, map[string]string{"api-blue_1": haproxy.TrackStable}, idx["svc_api_10081"].servers)
	assert.Equal(t, map[string]string{"web-blue_1": haproxy.TrackStable, "web-green_1": haproxy.TrackCanary}, idx["svc_web_10080"].servers)
	assert.Equal(t, haproxy.TrackCanary, idx["svc_web_10080_canary"].only)

	// web's canary promoted (its server now stable), api gone.
	cfg = accessLogCfg()
	cfg.Services[0].Servers[1].Track = ""
	l.SetTracks(cfg)
	idx = tracks()
	assert.Equal(t, map[string]string{"web-blue_1": haproxy.TrackStable, "web-green_1": haproxy.TrackStable}, idx["svc_web_10080"].servers)
	assert.NotContains(t, idx, "svc_api_10081")
	assert.Len(t, idx, 3) // web's public, canary and stable backends
	l.SetTracks(haproxy.Config{})
	assert.Empty(t, tracks())
}

// With a Delta relative to the Config it took last, SetTracks looks at the
// listed services only (a changed one may lose its canary and stable
// backends); relative to any other, at every service.
func TestAccessLogSetTracksDelta(t *testing.T) {
	l, err := ListenAccessLog(filepath.Join(t.TempDir(), "a.sock"))
	require.NoError(t, err)
	defer l.Close()
	tracks := func() map[string]backendTracks { return tracksOf(l) }
	api := haproxy.Service{Name: "api", Port: 10081, Mode: haproxy.ModeHTTP,
		Servers: []haproxy.Server{{Name: "api-blue_1", Addr: "127.0.0.1", Port: 3, Weight: 1}}}
	cfg := accessLogCfg()
	cfg.Services = append(cfg.Services, api)
	first := haproxy.NextSeq()
	cfg.Delta = &haproxy.Delta{Seq: first}
	l.SetTracks(cfg)
	require.Len(t, tracks(), 4)

	// web loses its canary header (no canary or stable backend any more).
	cfg.Services[0].CanaryHeader = haproxy.Header{}
	cfg.Services[0].Servers = cfg.Services[0].Servers[:1]
	second := haproxy.NextSeq()
	cfg.Delta = &haproxy.Delta{Seq: second, Base: first, Changed: []int{0}}
	l.SetTracks(cfg)
	idx := tracks()
	assert.Equal(t, map[string]string{"web-blue_1": haproxy.TrackStable}, idx["svc_web_10080"].servers)
	assert.NotContains(t, idx, "svc_web_10080_canary")
	assert.NotContains(t, idx, "svc_web_10080_stable")
	assert.Contains(t, idx, "svc_api_10081")

	// Relative to a Config it never took: api's change, not listed, is seen.
	cfg.Services[1].Servers = append(slices.Clone(cfg.Services[1].Servers), haproxy.Server{Name: "api-blue_2", Addr: "127.0.0.1", Port: 4, Weight: 1})
	cfg.Delta = &haproxy.Delta{Seq: haproxy.NextSeq(), Base: second + 1000}
	l.SetTracks(cfg)
	assert.Equal(t, map[string]string{"api-blue_1": haproxy.TrackStable, "api-blue_2": haproxy.TrackStable}, tracks()["svc_api_10081"].servers)
}

// tracksOf is a copy of the access log's track index.
func tracksOf(l *AccessLog) map[string]backendTracks {
	l.tracksMu.RLock()
	defer l.tracksMu.RUnlock()
	return maps.Clone(l.tracks)
}
