package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the server's Prometheus metrics (/metrics). A nil *Metrics
// counts nothing.
type Metrics struct {
	reg      *prometheus.Registry
	leader   prometheus.Gauge
	active   prometheus.Gauge
	adoption prometheus.Counter
	ended    *prometheus.CounterVec
	requests *prometheus.CounterVec
}

// NewMetrics registers the server's metrics, with the Go and process
// collectors, in a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(),
		leader: prometheus.NewGauge(prometheus.GaugeOpts{Name: "yodel_server_leader",
			Help: "1 while this server leads the realm (drives orphaned rollouts, runs the workers)."}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{Name: "yodel_server_active_rollouts",
			Help: "Active canary rollouts in the realm, as the leader last saw them."}),
		adoption: prometheus.NewCounter(prometheus.CounterOpts{Name: "yodel_server_adoptions_total",
			Help: "Rollouts this server adopted (detached, or whose driver died)."}),
		ended: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yodel_server_rollouts_driven_total",
			Help: "Rollouts this server stopped driving, by how they ended (done, rolled-back, aborted, left)."}, []string{"outcome"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yodel_server_api_requests_total",
			Help: "API requests by route and status code."}, []string{"route", "code"}),
	}
	m.reg.MustRegister(m.leader, m.active, m.adoption, m.ended, m.requests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registerer is where other parts of the server (the leader-only
// workers) register their metrics, served on the same /metrics.
func (m *Metrics) Registerer() prometheus.Registerer { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *Metrics) setLeader(on bool) {
	if m == nil {
		return
	}
	v := 0.0
	if on {
		v = 1
	}
	m.leader.Set(v)
}

func (m *Metrics) setActive(n int) {
	if m != nil {
		m.active.Set(float64(n))
	}
}

func (m *Metrics) adopted() {
	if m != nil {
		m.adoption.Inc()
	}
}

func (m *Metrics) drove(outcome string) {
	if m != nil {
		m.ended.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) request(route, code string) {
	if m != nil {
		m.requests.WithLabelValues(route, code).Inc()
	}
}
