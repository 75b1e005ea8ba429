package hello

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		listen  string
		want    func(*testing.T, Config)
		wantErr []string
	}{
		{name: "defaults", env: nil, want: func(t *testing.T, c Config) {
			assert.Equal(t, "127.0.0.1:8080", c.Listen)
			assert.Equal(t, "dev", c.Version)
			assert.Zero(t, c.ErrorRate)
		}},
		{name: "marathon env", env: map[string]string{
			"PORT0": "31001", "PORT": "31002", "HOST": "127.0.0.1", "MESOS_TASK_ID": "hello.abc",
			"MARATHON_APP_ID": "/hello-blue", "MARATHON_APP_LABEL_YODEL_RELEASE": "v7",
		}, want: func(t *testing.T, c Config) {
			assert.Equal(t, "127.0.0.1:31001", c.Listen, "PORT0 wins over PORT")
			assert.Equal(t, "v7", c.Version, "release label is the fallback version")
			assert.Equal(t, "hello.abc", c.TaskID)
			assert.Equal(t, "/hello-blue", c.AppID)
		}},
		{name: "PORT only", env: map[string]string{"PORT": "9000", "HOST": "127.0.0.1"}, want: func(t *testing.T, c Config) {
			assert.Equal(t, "127.0.0.1:9000", c.Listen)
		}},
		{name: "listen flag wins, HELLO_VERSION wins", listen: "127.0.0.1:0",
			env: map[string]string{"PORT0": "31001", "HELLO_VERSION": "v2", "MARATHON_APP_LABEL_YODEL_RELEASE": "v7"},
			want: func(t *testing.T, c Config) {
				assert.Equal(t, "127.0.0.1:0", c.Listen)
				assert.Equal(t, "v2", c.Version)
			}},
		{name: "faults", env: map[string]string{"HELLO_ERROR_RATE": "0.25", "HELLO_LATENCY": "20ms",
			"HELLO_START_DELAY": "1s", "HELLO_FAIL_START": "1", "HELLO_HEALTH_FAIL": "true"},
			want: func(t *testing.T, c Config) {
				assert.Equal(t, 0.25, c.ErrorRate)
				assert.Equal(t, 20*time.Millisecond, c.Latency)
				assert.Equal(t, time.Second, c.StartDelay)
				assert.True(t, c.FailStart)
				assert.True(t, c.HealthFail)
			}},
		{name: "every bad value reported at once",
			env: map[string]string{"HELLO_ERROR_RATE": "1.5", "HELLO_LATENCY": "fast", "HELLO_START_DELAY": "-1s",
				"HELLO_FAIL_START": "maybe", "HELLO_HEALTH_FAIL": "yes please"},
			wantErr: []string{`HELLO_ERROR_RATE="1.5"`, `HELLO_LATENCY="fast"`, `HELLO_START_DELAY="-1s"`,
				`HELLO_FAIL_START="maybe"`, `HELLO_HEALTH_FAIL="yes please"`}},
		{name: "error rate not a number", env: map[string]string{"HELLO_ERROR_RATE": "NaN"},
			wantErr: []string{"between 0 and 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConfigFromEnv(env(tt.env), tt.listen)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			tt.want(t, c)
		})
	}
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestHandlerRootAndHealth(t *testing.T) {
	h := NewHandler(Config{Version: "v3", TaskID: "hello.t1", AppID: "/hello-green", Host: "127.0.0.1"})

	rec := get(t, h, "/health")
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, "ok", rec.Body.String())

	rec = get(t, h, "/")
	require.Equal(t, 200, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, "v3", rec.Header().Get("X-Hello-Version"))
	var body map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	assert.Equal(t, map[string]string{"service": "hello", "version": "v3", "taskId": "hello.t1",
		"appId": "/hello-green", "host": "127.0.0.1"}, body)

	assert.Equal(t, 404, get(t, h, "/nope").Code)
}

func TestHealthFail(t *testing.T) {
	h := NewHandler(Config{HealthFail: true})
	rec := get(t, h, "/health")
	assert.Equal(t, 503, rec.Code)
	assert.Equal(t, 200, get(t, h, "/").Code, "only the health check fails")
}

func TestErrorRateIsExactOverAnyPrefix(t *testing.T) {
	for _, rate := range []float64{0, 0.01, 0.1, 0.25, 0.5, 1} {
		h := NewHandler(Config{ErrorRate: rate})
		failed := 0
		for n := 1; n <= 200; n++ {
			if get(t, h, "/").Code == 500 {
				failed++
			}
			// Never more than one request away from the asked rate.
			assert.InDelta(t, float64(n)*rate, float64(failed), 1, "rate %g after %d requests", rate, n)
		}
		assert.Equal(t, int(200*rate), failed, "rate %g", rate)
	}
}

func TestHealthNotCountedAsRequest(t *testing.T) {
	h := NewHandler(Config{ErrorRate: 0.5})
	for i := 0; i < 10; i++ {
		assert.Equal(t, 200, get(t, h, "/health").Code)
	}
	assert.Equal(t, 200, get(t, h, "/").Code)
	assert.Equal(t, 500, get(t, h, "/").Code)
}

func TestLatency(t *testing.T) {
	h := NewHandler(Config{Latency: 30 * time.Millisecond})
	start := time.Now()
	assert.Equal(t, 200, get(t, h, "/").Code)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	start = time.Now()
	get(t, h, "/health")
	assert.Less(t, time.Since(start), 30*time.Millisecond, "health is not slowed down")
}

func TestFailStart(t *testing.T) {
	var stderr strings.Builder
	err := Run(context.Background(), Config{FailStart: true, Listen: "127.0.0.1:0"}, &stderr)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HELLO_FAIL_START")
}

func TestStartDelayIsCancellable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Listen(ctx, Config{StartDelay: time.Hour, Listen: "127.0.0.1:0"})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestStartDelayDelaysListening(t *testing.T) {
	start := time.Now()
	s, err := Listen(context.Background(), Config{StartDelay: 50 * time.Millisecond, Listen: "127.0.0.1:0"})
	require.NoError(t, err)
	defer s.ln.Close()
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

// A request in flight when shutdown starts still gets its answer, and the
// server stops listening.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	cfg := Config{Listen: "127.0.0.1:0", Latency: 300 * time.Millisecond, Version: "v1"}
	s, err := Listen(context.Background(), cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, 5*time.Second) }()

	var wg sync.WaitGroup
	wg.Add(1)
	var code int
	var body string
	var reqErr error
	go func() {
		defer wg.Done()
		resp, err := http.Get("http://" + s.Addr + "/")
		if err != nil {
			reqErr = err
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		code, body = resp.StatusCode, string(b)
	}()
	// Shut down only once the request is being handled (it is sleeping in
	// the latency), so the test really covers an in-flight request.
	h := s.srv.Handler.(*Handler)
	require.Eventually(t, func() bool { return h.requests.Load() == 1 }, 5*time.Second, 5*time.Millisecond)
	cancel()
	wg.Wait()
	require.NoError(t, reqErr)
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `"version":"v1"`)
	require.NoError(t, <-served)
	_, err = http.Get("http://" + s.Addr + "/health")
	assert.Error(t, err, "no longer listening")
}

// After the stop signal the server keeps answering for DrainDelay, with
// /health failing, and only then stops listening.
func TestDrainDelayKeepsServingThenCloses(t *testing.T) {
	cfg := Config{Listen: "127.0.0.1:0", Version: "v1", DrainDelay: 400 * time.Millisecond}
	s, err := Listen(context.Background(), cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, 5*time.Second) }()
	get := func(path string) (int, error) {
		// A fresh connection each time: the drain must accept new ones.
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := c.Get("http://" + s.Addr + path)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	code, err := get("/health")
	require.NoError(t, err)
	require.Equal(t, 200, code)

	cancel()
	require.Eventually(t, func() bool { c, err := get("/health"); return err == nil && c == 503 }, 5*time.Second, 5*time.Millisecond,
		"/health fails while draining")
	code, err = get("/")
	require.NoError(t, err, "a new connection during the drain is served")
	assert.Equal(t, 200, code)
	select {
	case err := <-served:
		t.Fatalf("Serve returned during the drain delay: %v", err)
	default:
	}
	require.NoError(t, <-served)
	_, err = get("/")
	assert.Error(t, err, "no longer listening after the drain")
}

func TestDrainDelayFromEnv(t *testing.T) {
	c, err := ConfigFromEnv(env(nil), "")
	require.NoError(t, err)
	assert.Equal(t, DefaultDrainDelay, c.DrainDelay)
	c, err = ConfigFromEnv(env(map[string]string{"HELLO_DRAIN_DELAY": "0s"}), "")
	require.NoError(t, err)
	assert.Zero(t, c.DrainDelay)
	_, err = ConfigFromEnv(env(map[string]string{"HELLO_DRAIN_DELAY": "soon"}), "")
	assert.ErrorContains(t, err, "HELLO_DRAIN_DELAY")
}

// HELLO_DIE_ON_TERM: the stop signal cuts an in-flight request and the
// listener at once, with no drain delay, like a service that exits on
// SIGTERM.
func TestDieOnTermCutsInFlight(t *testing.T) {
	c, err := ConfigFromEnv(env(map[string]string{"HELLO_DIE_ON_TERM": "true"}), "127.0.0.1:0")
	require.NoError(t, err)
	require.True(t, c.DieOnTerm)
	c.Latency = time.Minute
	s, err := Listen(context.Background(), c)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, 5*time.Second) }()
	reqErr := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + s.Addr + "/")
		if err == nil {
			resp.Body.Close()
		}
		reqErr <- err
	}()
	h := s.srv.Handler.(*Handler)
	require.Eventually(t, func() bool { return h.requests.Load() == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	cancel()
	require.NoError(t, <-served)
	assert.Error(t, <-reqErr, "the in-flight request is cut, not answered")
	assert.Less(t, time.Since(start), 30*time.Second, "no drain delay, no wait for the 1-minute request")
	_, err = http.Get("http://" + s.Addr + "/health")
	assert.Error(t, err, "no longer listening")
}

// TestCheckoutMetrics: with HELLO_CHECKOUT_FAIL_RATE every answer is still
// 200, and /metrics counts the checkouts and exactly floor(n*rate) failed
// ones, labelled with the release.
func TestCheckoutMetrics(t *testing.T) {
	c, err := ConfigFromEnv(env(map[string]string{"HELLO_CHECKOUT_FAIL_RATE": "0.5", "HELLO_VERSION": "v3"}), "")
	require.NoError(t, err)
	h := NewHandler(c)
	for range 9 {
		assert.Equal(t, 200, get(t, h, "/").Code)
	}
	body := get(t, h, "/metrics").Body.String()
	assert.Contains(t, body, "# TYPE hello_checkouts_total counter\nhello_checkouts_total{release=\"v3\"} 9\n")
	assert.Contains(t, body, "hello_checkouts_failed_total{release=\"v3\"} 4\n")

	_, err = ConfigFromEnv(env(map[string]string{"HELLO_CHECKOUT_FAIL_RATE": "2"}), "")
	assert.ErrorContains(t, err, `HELLO_CHECKOUT_FAIL_RATE="2"`)
}
