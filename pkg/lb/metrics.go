package lb

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
)

// syncBuckets are the upper bounds (seconds) of the sync latency histogram:
// dense below 100 ms, where a healthy agent lives.
var syncBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics are the agent's Prometheus metrics, written in the text
// exposition format by hand (no client library in go.mod).
type metrics struct {
	mu           sync.Mutex
	syncsOK      int64
	syncsFailed  int64
	applyErrors  int64 // Apply failed as a whole
	serviceErrs  int64 // per-service refusals, summed over syncs
	runtimeOps   int64
	buckets      []int64
	sum          float64
	count        int64
	lastSync     time.Time
	services     int
	servers      int
	failingNow   int
	refusedNow   int
	statsFailure int64
	// burstReads counts the reads of every app that followed a burst of
	// Marathon events (agent.go, burstEvents).
	burstReads atomic.Int64
}

func newMetrics() *metrics { return &metrics{buckets: make([]int64, len(syncBuckets))} }

func (m *metrics) observeSync(d time.Duration, ok bool, res haproxy.Result) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := d.Seconds()
	for i, b := range syncBuckets {
		if s <= b {
			m.buckets[i]++
		}
	}
	m.sum += s
	m.count++
	if ok {
		m.syncsOK++
		m.lastSync = time.Now()
	} else {
		m.syncsFailed++
		m.applyErrors++
	}
	m.serviceErrs += int64(len(res.Errors))
	m.runtimeOps += int64(res.RuntimeOps)
}

func (m *metrics) setSizes(services, servers, failing, refused int) {
	m.mu.Lock()
	m.services, m.servers, m.failingNow, m.refusedNow = services, servers, failing, refused
	m.mu.Unlock()
}

func (m *metrics) statsFailed() {
	m.mu.Lock()
	m.statsFailure++
	m.mu.Unlock()
}

func boolGauge(b bool) int {
	if b {
		return 1
	}
	return 0
}

// write prints the exposition text; reloads and source health come from
// the agent at scrape time.
func (m *metrics) write(w io.Writer, reloads int64, marathonUp, storeUp, haproxyUp, registered bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	metric := func(name, typ, help string) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	metric("yodel_lb_reloads_total", "counter", "HAProxy reloads triggered by this agent (structural changes only).")
	fmt.Fprintf(w, "yodel_lb_reloads_total %d\n", reloads)
	metric("yodel_lb_syncs_total", "counter", "Syncs (read, build, apply) by result.")
	fmt.Fprintf(w, "yodel_lb_syncs_total{result=\"ok\"} %d\n", m.syncsOK)
	fmt.Fprintf(w, "yodel_lb_syncs_total{result=\"error\"} %d\n", m.syncsFailed)
	metric("yodel_lb_apply_errors_total", "counter", "Applies HAProxy refused or could not take as a whole.")
	fmt.Fprintf(w, "yodel_lb_apply_errors_total %d\n", m.applyErrors)
	metric("yodel_lb_service_errors_total", "counter", "Per-service refusals (invalid input, haproxy -c, runtime), summed over syncs.")
	fmt.Fprintf(w, "yodel_lb_service_errors_total %d\n", m.serviceErrs)
	metric("yodel_lb_runtime_ops_total", "counter", "Server changes made through the runtime API (no reload).")
	fmt.Fprintf(w, "yodel_lb_runtime_ops_total %d\n", m.runtimeOps)
	metric("yodel_lb_burst_reads_total", "counter", "Reads of every Marathon app after a burst of events, or events that arrived late (Marathon 1.4 drops events of a busy or slow stream without a word).")
	fmt.Fprintf(w, "yodel_lb_burst_reads_total %d\n", m.burstReads.Load())
	metric("yodel_lb_stats_errors_total", "counter", "Failed reads of HAProxy statistics.")
	fmt.Fprintf(w, "yodel_lb_stats_errors_total %d\n", m.statsFailure)
	metric("yodel_lb_sync_duration_seconds", "histogram", "Time from the start of a sync to HAProxy having applied it.")
	for i, b := range syncBuckets {
		fmt.Fprintf(w, "yodel_lb_sync_duration_seconds_bucket{le=\"%s\"} %d\n", strconv.FormatFloat(b, 'g', -1, 64), m.buckets[i])
	}
	fmt.Fprintf(w, "yodel_lb_sync_duration_seconds_bucket{le=\"+Inf\"} %d\n", m.count)
	fmt.Fprintf(w, "yodel_lb_sync_duration_seconds_sum %s\n", strconv.FormatFloat(m.sum, 'g', -1, 64))
	fmt.Fprintf(w, "yodel_lb_sync_duration_seconds_count %d\n", m.count)
	metric("yodel_lb_last_sync_timestamp_seconds", "gauge", "Unix time of the last successful sync (0: none yet).")
	last := 0.0
	if !m.lastSync.IsZero() {
		last = float64(m.lastSync.UnixMilli()) / 1000
	}
	fmt.Fprintf(w, "yodel_lb_last_sync_timestamp_seconds %s\n", strconv.FormatFloat(last, 'f', 3, 64))
	metric("yodel_lb_services", "gauge", "Services routed in the last applied configuration.")
	fmt.Fprintf(w, "yodel_lb_services %d\n", m.services)
	metric("yodel_lb_servers", "gauge", "Servers (task ports) in the last applied configuration.")
	fmt.Fprintf(w, "yodel_lb_servers %d\n", m.servers)
	metric("yodel_lb_services_failing", "gauge", "Services HAProxy refused in the last sync (they keep their previous state).")
	fmt.Fprintf(w, "yodel_lb_services_failing %d\n", m.failingNow)
	metric("yodel_lb_services_refused", "gauge", "Services and apps with ports not bound or a routing state not followed (realm limits, a contested servicePort, apps not the service's own); see /v1/status.")
	fmt.Fprintf(w, "yodel_lb_services_refused %d\n", m.refusedNow)
	metric("yodel_lb_marathon_up", "gauge", "1 when Marathon was readable at the last attempt.")
	fmt.Fprintf(w, "yodel_lb_marathon_up %d\n", boolGauge(marathonUp))
	metric("yodel_lb_store_up", "gauge", "1 when the routing-state store was readable at the last attempt.")
	fmt.Fprintf(w, "yodel_lb_store_up %d\n", boolGauge(storeUp))
	metric("yodel_lb_haproxy_up", "gauge", "1 when HAProxy ran and served at the last sync; 0 when it is down (nothing is served) or not applied to yet.")
	fmt.Fprintf(w, "yodel_lb_haproxy_up %d\n", boolGauge(haproxyUp))
	metric("yodel_lb_registered", "gauge", "1 when this agent is registered in the store (the CLI waits for its acks).")
	fmt.Fprintf(w, "yodel_lb_registered %d\n", boolGauge(registered))
}
