package canary

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

// checkoutCheck is a threshold check: the canary's success ratio at least
// 0.99, the first failed measurement fails, 3 good ones pass.
func checkoutCheck() manifest.MetricCheck {
	return manifest.MetricCheck{Name: "checkout-success", Provider: "prometheus",
		Query: `ok{track="{{track}}",release="{{release}}"}[{{interval}}]`, Min: f64(0.99), FailureLimit: intp(0), MinMeasurements: intp(3)}
}

func withMetrics(cs ...manifest.MetricCheck) manifest.CanaryPlan {
	return plan(func(p *manifest.CanaryPlan) { p.Metrics = cs })
}

// judgeMetrics judges a clean canary (enough requests, healthy) with the
// given series, so that the metric check decides alone.
func judgeMetrics(p manifest.CanaryPlan, series map[string]MetricSeries, final, extendable bool) Judgement {
	return JudgeMetrics(p, "partial[0]", map[string]Counters{TrackCanary: {Requests: 300}, TrackStable: {Requests: 2700}}, nil, series,
		TaskHealth{Wanted: 1, Running: 1, Healthy: 1}, final, extendable, t0)
}

func checkNamed(t *testing.T, j Judgement, name string) Check {
	t.Helper()
	for _, c := range j.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %s in %v", name, j.Checks)
	return Check{}
}

func TestMetricThresholdCheck(t *testing.T) {
	p := withMetrics(checkoutCheck())
	tests := []struct {
		name    string
		series  MetricSeries
		final   bool
		verdict string // the check's
		msg     string
	}{
		{"three good measurements pass", MetricSeries{Canary: []float64{0.995, 0.999, 0.991}}, false, VerdictPass,
			"canary 0.9910 within min 0.9900; 3 good measurements, 0 outside min 0.9900 (failureLimit 0), 0 provider errors"},
		{"fewer are pending during the step", MetricSeries{Canary: []float64{0.995, 0.999}}, false, VerdictPending, "passes at 3 (minMeasurements)"},
		{"and inconclusive at its end", MetricSeries{Canary: []float64{0.995, 0.999}}, true, VerdictInconclusive, "2 good measurements"},
		{"one measurement below min fails at once", MetricSeries{Canary: []float64{0.995, 0.5}, Failed: 1}, false, VerdictFail,
			"1 of 2 canary measurements outside min 0.9900 (latest 0.5000), more than failureLimit 0"},
		{"a provider error is pending, never a pass", MetricSeries{Canary: []float64{0.995, 0.999, 0.998}, Errors: 1, LastError: "canary: prometheus at http://p: connection refused"},
			false, VerdictPending, "provider error (never a pass): canary: prometheus at http://p: connection refused"},
		{"and inconclusive at the end", MetricSeries{Errors: 5, LastError: "canary: no data"}, true, VerdictInconclusive, "0 good measurements, 0 outside min 0.9900 (failureLimit 0), 5 provider errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := judgeMetrics(p, map[string]MetricSeries{"checkout-success": tt.series}, tt.final, false)
			c := checkNamed(t, j, "checkout-success")
			assert.Equal(t, tt.verdict, c.Verdict, c.Message)
			assert.Contains(t, c.Message, tt.msg)
			assert.Equal(t, float64(len(tt.series.Canary)), c.Figures["measurements"])
			assert.Equal(t, float64(tt.series.Errors), c.Figures["errors"])
			assert.Equal(t, 0.99, c.Figures["min"])
		})
	}

	// failureLimit 1 tolerates one.
	lenient := checkoutCheck()
	lenient.FailureLimit = intp(1)
	j := judgeMetrics(withMetrics(lenient), map[string]MetricSeries{"checkout-success": {Canary: []float64{0.995, 0.5, 0.999}, Failed: 1}}, false, false)
	assert.Equal(t, VerdictPass, checkNamed(t, j, "checkout-success").Verdict)
}

// TestMetricProviderDownEndsInconclusive: a step whose provider never
// answered ends inconclusive: extended while maxExtension allows, then
// onInconclusive (fail by default) decides; it never passes by itself.
func TestMetricProviderDownEndsInconclusive(t *testing.T) {
	down := map[string]MetricSeries{"checkout-success": {Errors: 5, LastError: "canary: connection refused"}}
	p := withMetrics(checkoutCheck())

	j := judgeMetrics(p, down, true, true)
	assert.Equal(t, VerdictPending, j.Verdict)
	assert.True(t, j.Extend, "extended while maxExtension allows")

	j = judgeMetrics(p, down, true, false)
	assert.Equal(t, VerdictFail, j.Verdict, "onInconclusive: fail")
	require.NotNil(t, j.Failed)
	assert.Equal(t, "checkout-success", j.Failed.Name)
	assert.Equal(t, VerdictInconclusive, j.Failed.Verdict)
	assert.Contains(t, j.Summary(), "checkout-success: provider error (never a pass): canary: connection refused")

	p.OnInconclusive = "pass"
	j = judgeMetrics(p, down, true, false)
	assert.Equal(t, VerdictInconclusive, j.Verdict, "onInconclusive: pass lets it through as inconclusive, not as a pass")
}

func TestMetricCompareCheck(t *testing.T) {
	c := manifest.MetricCheck{Name: "conversion", Provider: "newrelic", Query: "SELECT x WHERE track = '{{track}}'",
		MaxDecrease: f64(0.01), FailureLimit: intp(0), MinMeasurements: intp(4)}
	p := withMetrics(c)
	stable := []float64{0.99, 0.985, 0.992, 0.988, 0.991}

	// Five intervals, every one of the canary's lower by 0.09: the
	// exact one-sided p is 1/C(10,5) = 1/252.
	worse := MetricSeries{Canary: []float64{0.90, 0.895, 0.902, 0.898, 0.901}, Stable: stable}
	j := judgeMetrics(p, map[string]MetricSeries{"conversion": worse}, false, false)
	ch := checkNamed(t, j, "conversion")
	assert.Equal(t, VerdictFail, ch.Verdict, ch.Message)
	assert.InDelta(t, 1.0/252, ch.Figures["pValue"], 1e-9)
	assert.InDelta(t, -0.09, ch.Figures["effect"], 0.002, "reported as canary - stable")
	assert.Equal(t, 0.01, ch.Figures["limit"])
	assert.Contains(t, ch.Message, "canary worse than stable: shift canary - stable -0.09")
	assert.Contains(t, ch.Message, "mann-whitney-u, 5 vs 5 measurements")

	// The same, 0.005 lower: within maxDecrease.
	near := MetricSeries{Canary: []float64{0.985, 0.98, 0.987, 0.983, 0.986}, Stable: stable}
	ch = checkNamed(t, judgeMetrics(p, map[string]MetricSeries{"conversion": near}, false, false), "conversion")
	assert.Equal(t, VerdictPass, ch.Verdict, ch.Message)

	// Higher is not worse for a maxDecrease check.
	better := MetricSeries{Canary: []float64{1, 1, 1, 1, 1}, Stable: stable}
	ch = checkNamed(t, judgeMetrics(p, map[string]MetricSeries{"conversion": better}, false, false), "conversion")
	assert.Equal(t, VerdictPass, ch.Verdict, ch.Message)

	// Three per track: pending, then inconclusive at the end.
	few := MetricSeries{Canary: worse.Canary[:3], Stable: stable[:3]}
	ch = checkNamed(t, judgeMetrics(p, map[string]MetricSeries{"conversion": few}, false, false), "conversion")
	assert.Equal(t, VerdictPending, ch.Verdict, ch.Message)
	ch = checkNamed(t, judgeMetrics(p, map[string]MetricSeries{"conversion": few}, true, false), "conversion")
	assert.Equal(t, VerdictInconclusive, ch.Verdict, ch.Message)
}

// fakeMetrics answers queries by track (the rendered query's track label)
// and records them.
type fakeMetrics struct {
	mu      sync.Mutex
	queries []string
	values  map[string]float64 // by track
	err     map[string]error
}

func (f *fakeMetrics) Measure(_ context.Context, provider, q string) (float64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, provider+": "+q)
	for track, err := range f.err {
		if strings.Contains(q, `"`+track+`"`) || strings.Contains(q, `'`+track+`'`) {
			return 0, err
		}
	}
	for track, v := range f.values {
		if strings.Contains(q, `"`+track+`"`) || strings.Contains(q, `'`+track+`'`) {
			return v, nil
		}
	}
	return 0, errors.New("no data")
}

func TestMeasureMetrics(t *testing.T) {
	cmp := manifest.MetricCheck{Name: "conversion", Provider: "newrelic", Query: "SELECT x FROM T WHERE track = '{{track}}' AND release = '{{release}}' SINCE {{intervalSeconds}} seconds ago",
		MaxIncrease: f64(0.1), FailureLimit: intp(0), MinMeasurements: intp(4)}
	r := newTestRollout(func(p *manifest.CanaryPlan) {
		p.Metrics = []manifest.MetricCheck{checkoutCheck(), cmp}
		p.Interval = jsondur.Duration(10 * time.Second)
	})
	fm := &fakeMetrics{values: map[string]float64{"canary": 0.5, "stable": 0.99}}
	d := &Driver{Metrics: fm}
	old := map[string]MetricSeries{"checkout-success": {Canary: []float64{0.995}}}
	got := d.measureMetrics(context.Background(), r, old)

	assert.ElementsMatch(t, []string{
		`prometheus: ok{track="canary",release="v2"}[10s]`,
		"newrelic: SELECT x FROM T WHERE track = 'canary' AND release = 'v2' SINCE 10 seconds ago",
		"newrelic: SELECT x FROM T WHERE track = 'stable' AND release = 'v1' SINCE 10 seconds ago",
	}, fm.queries, "the canary's query for a threshold; both tracks' to compare")
	assert.Equal(t, MetricSeries{Canary: []float64{0.995, 0.5}, Failed: 1}, got["checkout-success"])
	assert.Equal(t, MetricSeries{Canary: []float64{0.5}, Stable: []float64{0.99}}, got["conversion"])
	assert.Equal(t, []float64{0.995}, old["checkout-success"].Canary, "the previous window is not modified")

	// Stable's provider failing makes the whole comparison's measurement
	// an error: no canary value is kept without its stable pair.
	fm.err = map[string]error{"stable": errors.New("timeout")}
	got = d.measureMetrics(context.Background(), r, got)
	assert.Equal(t, MetricSeries{Canary: []float64{0.5}, Stable: []float64{0.99}, Errors: 1, LastError: "stable: timeout"}, got["conversion"])
	assert.Len(t, got["checkout-success"].Canary, 3)

	// No providers at all: every check errs.
	got = (&Driver{}).measureMetrics(context.Background(), r, nil)
	assert.Equal(t, 1, got["checkout-success"].Errors)
	assert.Contains(t, got["checkout-success"].LastError, "none set up")
}
