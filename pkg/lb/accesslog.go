package lb

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
)

// AccessLog turns HAProxy's per-request log lines (haproxy.AccessLogFormat,
// sent by the base config's access-log target to a unix datagram socket
// the agent owns) into exact latencies per service and track.
//
// HAProxy's own timing counters (qtime, rtime in `show stat`) are moving
// averages over the last 1024 requests of a server: they cannot give a
// window's p99, nor tell a canary's 200 slow requests from stable's 2000.
// The log has every request. The figures are cumulative since the
// receiver started (its Epoch), like HAProxy's counters since its worker
// started: a reader takes differences between two reads, and a changed
// epoch means start again.
//
// A datagram socket never blocks HAProxy: when the agent falls behind (or
// is not running) the kernel drops lines, and the counts are a sample of
// the traffic rather than all of it. Dropped lines are not invented.
type AccessLog struct {
	conn  *net.UnixConn
	path  string
	epoch string
	// tracks resolves a log line's backend and server to its service and
	// track, from the last applied configuration. Updated in place, one
	// backend at a time: the agent sets it after every sync, and a copy of
	// every backend per task change was the largest cost of SetTracks at
	// 1000 services.
	tracksMu sync.RWMutex
	tracks   map[string]backendTracks
	tookSeq  uint64 // the Config tracks describe (haproxy.Delta); under tracksMu

	mu    sync.Mutex
	stats map[string]map[string]*LatencyStats // service -> track
	// Unmatched counts lines of backends this agent does not route (a
	// listener of the operator's own, a service removed since).
	unmatched int64
}

// LatencyStats are one track's logged requests, cumulative since the
// receiver's epoch.
type LatencyStats struct {
	Requests int64 `json:"requests"`
	// Status counts responses by class: "2xx".."5xx", and "other" (no
	// status: the client went away first).
	Status map[string]int64 `json:"status"`
	// NoResponse counts requests the server never answered (%Tr -1: a
	// connection error, a timeout, an abort): they have no latency.
	NoResponse int64 `json:"noResponse"`
	// SumMs is the sum of the server response times (%Tr) of the others.
	SumMs int64 `json:"sumMs"`
	// Histogram is [milliseconds, count] pairs in rising order: the
	// server response times, exact below 10 s, rounded down to three
	// significant digits above (1%).
	Histogram [][2]int64 `json:"histogram"`
	hist      map[int64]int64
}

// backendTracks are one backend's entry in AccessLog.tracks; its servers
// map is never modified once stored (Record reads it unlocked).
type backendTracks struct {
	service string
	only    string // a track's own backend (canary, stable): every server is of it
	servers map[string]string
}

// ListenAccessLog binds the datagram socket at path (replacing a stale
// socket file left by an earlier agent; any other file there is an
// error) and returns the receiver; Run reads it.
func ListenAccessLog(path string) (*AccessLog, error) {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			return nil, fmt.Errorf("access log socket %s: a file that is not a socket is in the way: move it, the agent creates the socket", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("access log socket %s: remove the stale socket: %w", path, err)
		}
	}
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return nil, fmt.Errorf("access log socket %s: %w", path, err)
	}
	// Only the agent's user may write: yodel's HAProxy runs as that user
	// (its base template drops no privileges), and any other writer could
	// forge the latency a canary is judged by.
	if err := os.Chmod(path, 0o600); err != nil {
		conn.Close()
		return nil, fmt.Errorf("access log socket %s: %w", path, err)
	}
	conn.SetReadBuffer(4 << 20) // bursts of short lines: best effort
	l := &AccessLog{conn: conn, path: path, stats: map[string]map[string]*LatencyStats{},
		epoch: strconv.Itoa(os.Getpid()) + "@" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	l.tracks = map[string]backendTracks{}
	return l, nil
}

// Path is the socket's path.
func (l *AccessLog) Path() string { return l.path }

// Epoch names this receiver: its figures start from zero with it.
func (l *AccessLog) Epoch() string { return l.epoch }

// Close stops Run and removes the socket.
func (l *AccessLog) Close() error {
	err := l.conn.Close()
	os.Remove(l.path)
	return err
}

// Run reads log lines until Close.
func (l *AccessLog) Run() {
	buf := make([]byte, 2048)
	for {
		n, err := l.conn.Read(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // a truncated or odd datagram: the next one counts
		}
		l.Record(string(buf[:n]))
	}
}

// SetTracks makes the tracks of cfg's servers the ones log lines are
// counted under (the agent calls it after each apply). Only the backends
// whose tracks changed are replaced; with a usable Delta, only the changed
// services are looked at.
func (l *AccessLog) SetTracks(cfg haproxy.Config) {
	l.tracksMu.Lock()
	defer l.tracksMu.Unlock()
	var names []string // of the backends in cfg
	put := func(name string, bt backendTracks) {
		names = append(names, name)
		if prev, ok := l.tracks[name]; ok && sameTracks(prev, bt) {
			return
		}
		if bt.servers != nil {
			bt.servers = maps.Clone(bt.servers)
		}
		l.tracks[name] = bt
	}
	seen := make(map[string]string, 8) // reused: one backend's servers at a time
	set := func(s *haproxy.Service) {
		clear(seen)
		for _, sv := range s.Servers {
			if !sv.Isolated {
				t := sv.Track
				if t == "" {
					t = haproxy.TrackStable
				}
				seen[sv.Name] = t
			}
		}
		put(haproxy.BackendName(s.Name, s.Port), backendTracks{service: s.Name, servers: seen})
		if s.HasCanaryBackend() {
			put(haproxy.CanaryBackendName(s.Name, s.Port), backendTracks{service: s.Name, only: haproxy.TrackCanary})
		}
		if s.HasStableBackend() {
			put(haproxy.StableBackendName(s.Name, s.Port), backendTracks{service: s.Name, only: haproxy.TrackStable})
		}
	}
	last := l.tookSeq
	l.tookSeq = cfg.Seq()
	if idx, ok := haproxy.UsableDelta(&cfg, last); ok {
		for _, i := range idx {
			s := &cfg.Services[i]
			set(s)
			// The same keys, but a changed service may have lost its
			// canary or stable backend.
			if !s.HasCanaryBackend() {
				delete(l.tracks, haproxy.CanaryBackendName(s.Name, s.Port))
			}
			if !s.HasStableBackend() {
				delete(l.tracks, haproxy.StableBackendName(s.Name, s.Port))
			}
		}
		return
	}
	for i := range cfg.Services {
		set(&cfg.Services[i])
	}
	if len(l.tracks) != len(names) { // backends gone from cfg
		live := make(map[string]bool, len(names))
		for _, n := range names {
			live[n] = true
		}
		maps.DeleteFunc(l.tracks, func(name string, _ backendTracks) bool { return !live[name] })
	}
}

func sameTracks(a, b backendTracks) bool {
	return a.service == b.service && a.only == b.only && maps.Equal(a.servers, b.servers) && (a.servers == nil) == (b.servers == nil)
}

// Record counts one log line ("yodel1 backend server status Tr Ta");
// other lines are ignored. A server the index does not know in a public
// backend (added since the last apply) counts as stable, as the
// counters do.
func (l *AccessLog) Record(line string) {
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "yodel1" {
		return
	}
	l.tracksMu.RLock()
	be, ok := l.tracks[f[1]]
	l.tracksMu.RUnlock()
	if !ok {
		l.mu.Lock()
		l.unmatched++
		l.mu.Unlock()
		return
	}
	track := be.only
	if track == "" {
		track = be.servers[f[2]]
		if track == "" {
			track = haproxy.TrackStable
		}
	}
	status, _ := strconv.Atoi(f[3])
	tr, err := strconv.ParseInt(f[4], 10, 64)
	if err != nil {
		tr = -1
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	svc := l.stats[be.service]
	if svc == nil {
		svc = map[string]*LatencyStats{}
		l.stats[be.service] = svc
	}
	s := svc[track]
	if s == nil {
		s = &LatencyStats{Status: map[string]int64{}, hist: map[int64]int64{}}
		svc[track] = s
	}
	s.Requests++
	if status >= 100 && status < 600 {
		s.Status[strconv.Itoa(status/100)+"xx"]++
	} else {
		s.Status["other"]++
	}
	if tr < 0 {
		s.NoResponse++
		return
	}
	s.SumMs += tr
	s.hist[latencyBucket(tr)]++
}

// latencyBucket keeps times below 10 s exact and rounds longer ones down
// to three significant digits, bounding a track's histogram to about
// 10000 + 900 per decade entries whatever the traffic.
func latencyBucket(ms int64) int64 {
	if ms < 10000 {
		return ms
	}
	scale := int64(1)
	for ms/scale >= 1000 {
		scale *= 10
	}
	return ms / scale * scale
}

// Snapshot is a copy of the figures per service and track.
func (l *AccessLog) Snapshot() map[string]map[string]LatencyStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]map[string]LatencyStats, len(l.stats))
	for svc, tracks := range l.stats {
		m := make(map[string]LatencyStats, len(tracks))
		for t, s := range tracks {
			c := *s
			c.hist = nil
			c.Status = make(map[string]int64, len(s.Status))
			for k, v := range s.Status {
				c.Status[k] = v
			}
			c.Histogram = make([][2]int64, 0, len(s.hist))
			for ms, n := range s.hist {
				c.Histogram = append(c.Histogram, [2]int64{ms, n})
			}
			slices.SortFunc(c.Histogram, func(a, b [2]int64) int { return int(a[0] - b[0]) })
			m[t] = c
		}
		out[svc] = m
	}
	return out
}

// Latencies lists the histogram's times (ms), each as often as it was
// logged, in rising order: the sample a rank test judges.
func (s LatencyStats) Latencies() []float64 {
	var n int64
	for _, b := range s.Histogram {
		n += b[1]
	}
	out := make([]float64, 0, n)
	for _, b := range s.Histogram {
		for range b[1] {
			out = append(out, float64(b[0]))
		}
	}
	return out
}
