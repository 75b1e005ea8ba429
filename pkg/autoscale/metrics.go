package autoscale

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the autoscaler's Prometheus metrics, on the server's
// /metrics. A nil *Metrics counts nothing.
type Metrics struct {
	rate, instances, need *prometheus.GaugeVec
	changes               *prometheus.CounterVec
}

// NewMetrics registers the autoscaler's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		rate: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "yodel_autoscale_request_rate",
			Help: "Requests per second of an autoscaled service on the lb agents, as the autoscaler last measured it."}, []string{"service"}),
		instances: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "yodel_autoscale_instances",
			Help: "Wanted instances of an autoscaled service's stable app, as the autoscaler last read them."}, []string{"service"}),
		need: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "yodel_autoscale_desired_instances",
			Help: "Instances the autoscaler decided an autoscaled service should have at its last look."}, []string{"service"}),
		changes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "yodel_autoscale_changes_total",
			Help: "Scales the autoscaler started, by service, direction (up, down) and outcome (done, rolled-back, skipped, failed, ...)."},
			[]string{"service", "direction", "outcome"}),
	}
	reg.MustRegister(m.rate, m.instances, m.need, m.changes)
	return m
}

func (m *Metrics) observe(svc string, in Input, d Decision) {
	if m == nil {
		return
	}
	if in.HaveRate {
		m.rate.WithLabelValues(svc).Set(in.Rate)
	}
	m.instances.WithLabelValues(svc).Set(float64(in.Current))
	m.need.WithLabelValues(svc).Set(float64(d.To))
}

func (m *Metrics) changed(svc string, d Decision, outcome string) {
	if m == nil {
		return
	}
	dir := "up"
	if d.To < d.From {
		dir = "down"
	}
	m.changes.WithLabelValues(svc, dir, outcome).Inc()
}

// forget drops the gauges of a service that is no longer autoscaled.
func (m *Metrics) forget(svc string) {
	if m == nil {
		return
	}
	for _, g := range []*prometheus.GaugeVec{m.rate, m.instances, m.need} {
		g.DeleteLabelValues(svc)
	}
}
