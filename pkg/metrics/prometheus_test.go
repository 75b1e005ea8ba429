package metrics_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/metrics/promtest"
)

// checkoutExporter is a test service's /metrics: per track, checkouts and
// successful checkouts, advanced at every scrape. The canary succeeds on
// one checkout in two, stable on every one.
type checkoutExporter struct {
	mu     sync.Mutex
	scrape int
}

func (e *checkoutExporter) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	e.scrape++
	n := e.scrape * 10
	e.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	fmt.Fprintf(w, "# TYPE checkout_total counter\ncheckout_total{track=\"canary\"} %d\ncheckout_total{track=\"stable\"} %d\n", n, n)
	fmt.Fprintf(w, "# TYPE checkout_ok_total counter\ncheckout_ok_total{track=\"canary\"} %d\ncheckout_ok_total{track=\"stable\"} %d\n", n/2, n)
}

// TestPrometheusAgainstARealServer runs the queries of a metric check on
// Debian's Prometheus scraping a test service: the ratio per track is the
// exporter's, exactly, once two scrapes are in; answers that are not one
// number, and a Prometheus that is down, are errors naming why.
func TestPrometheusAgainstARealServer(t *testing.T) {
	exp := httptest.NewServer(&checkoutExporter{})
	defer exp.Close()
	prom := promtest.Start(t, strings.TrimPrefix(exp.URL, "http://"))
	c := &metrics.PrometheusClient{Address: prom.URL, Timeout: 5 * time.Second}
	ctx := context.Background()

	tmpl := `sum(rate(checkout_ok_total{track="{{track}}"}[{{interval}}])) / sum(rate(checkout_total{track="{{track}}"}[{{interval}}]))`
	measure := func(track string) (float64, error) {
		return c.Measure(ctx, metrics.Render(tmpl, metrics.TrackVars{Track: track, Interval: 5 * time.Second}))
	}
	// Until two scrapes are in, rate() has nothing: "no data", an error.
	var v float64
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for v, err = measure("canary"); err != nil; v, err = measure("canary") {
		require.Contains(t, err.Error(), "no data", "before the scrapes, only no data is expected")
		require.True(t, time.Now().Before(deadline), "no measurement within 30s: %v\n%s", err, prom.Log())
		time.Sleep(100 * time.Millisecond) // polling a condition
	}
	assert.InDelta(t, 0.5, v, 1e-9, "canary: one checkout in two succeeds")
	v, err = measure("stable")
	require.NoError(t, err)
	assert.InDelta(t, 1.0, v, 1e-9, "stable: every checkout succeeds")

	for _, tc := range []struct{ query, want string }{
		{`checkout_total`, "returned 2 series"},
		{`checkout_total{track="nope"}`, "no data"},
		{`sum(rate(checkout_total{track="canary"}[5s])) /`, "bad_data"},
		{`checkout_total[5s]`, "returned a matrix"},
		{`scalar(sum(checkout_total)) * 0 + 7`, ""},
	} {
		v, err := c.Measure(ctx, tc.query)
		if tc.want == "" {
			require.NoError(t, err, tc.query)
			assert.Equal(t, 7.0, v, "a scalar is one number")
			continue
		}
		require.Error(t, err, tc.query)
		assert.Contains(t, err.Error(), tc.want, tc.query)
	}

	// Down: connection refused, an error naming the address.
	prom.Stop()
	_, err = measure("canary")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "prometheus at "+prom.URL)
	// Hanging: the timeout ends the wait.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	hang := &metrics.PrometheusClient{Address: "http://" + l.Addr().String(), Timeout: 300 * time.Millisecond}
	_, err = hang.Measure(ctx, "up")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "deadline exceeded")
}
