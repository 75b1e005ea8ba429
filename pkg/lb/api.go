package lb

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
)

// StatsResponse is what /v1/stats answers: HAProxy's counters per service
// and track, summed over the service's ports, and per port.
type StatsResponse struct {
	Agent string    `json:"agent"`
	Time  time.Time `json:"time"`
	// Epoch names the HAProxy worker whose counters these are (pid@start);
	// it changes exactly when the counters restart from zero. Empty when
	// unknown.
	Epoch    string                  `json:"epoch,omitempty"`
	Services map[string]ServiceStats `json:"services"`
	// LatencyEpoch names the access-log receiver whose latencies these
	// are: they restart from zero when it changes (the agent restarted).
	// Empty when the agent has no access log.
	LatencyEpoch string `json:"latencyEpoch,omitempty"`
}

// epochStats is an Applier that reads its counters with their epoch
// (*haproxy.HAProxy does).
type epochStats interface {
	StatsEpoch(ctx context.Context) (string, map[string]haproxy.ServiceStats, error)
}

// ServiceStats are one service's counters.
type ServiceStats struct {
	Tracks map[string]TrackStats            `json:"tracks"` // stable, canary
	Ports  map[string]map[string]TrackStats `json:"ports"`  // servicePort -> track -> counters
	// Sessions are the current sessions of each server that has any
	// (HAProxy server name, haproxy.ServerName of the task id), summed over
	// the service's ports: what a drain waits on before a kill.
	Sessions map[string]int64 `json:"serverSessions,omitempty"`
	// Latency is per track, from HAProxy's per-request logs (AccessLog):
	// exact server response times, summed over the service's HTTP ports.
	Latency map[string]LatencyStats `json:"latency,omitempty"`
}

// TrackStats are the counters of one track's servers. Counters are totals
// since the HAProxy worker started (a reload restarts them): readers take
// differences between two reads.
type TrackStats struct {
	Requests         int64 `json:"requests"`
	Responses5xx     int64 `json:"responses5xx"`
	ConnectionErrors int64 `json:"connectionErrors"`
	ResponseErrors   int64 `json:"responseErrors"`
	Sessions         int64 `json:"sessions"` // current
	Servers          int   `json:"servers"`
	Up               int   `json:"up"`
}

func (t *TrackStats) add(s haproxy.TrackStats) {
	t.Requests += s.Requests
	t.Responses5xx += s.Responses5x
	t.ConnectionErrors += s.ConnErrors
	t.ResponseErrors += s.RespErrors
	t.Sessions += s.Sessions
	t.Servers += s.Servers
	t.Up += s.Up
}

// Stats reads HAProxy's counters and folds them per service and track.
func (a *Agent) Stats(ctx context.Context) (StatsResponse, error) {
	var raw map[string]haproxy.ServiceStats
	var epoch string
	var err error
	if es, ok := a.opts.HAProxy.(epochStats); ok {
		epoch, raw, err = es.StatsEpoch(ctx)
	} else {
		raw, err = a.opts.HAProxy.Stats(ctx)
	}
	if err != nil {
		a.met.statsFailed()
		return StatsResponse{}, err
	}
	a.mu.Lock()
	plan := a.plan
	a.mu.Unlock()
	out := StatsResponse{Agent: a.opts.Agent.ID, Time: time.Now().UTC(), Epoch: epoch, Services: map[string]ServiceStats{}}
	for key, ss := range raw {
		ref, ok := BackendRef{}, false
		if plan != nil {
			ref, ok = plan.Backends[key]
		}
		if !ok {
			continue // a backend from before this agent's first sync
		}
		s := out.Services[ref.Service]
		if s.Tracks == nil {
			s = ServiceStats{Tracks: map[string]TrackStats{}, Ports: map[string]map[string]TrackStats{}}
		}
		port := strconv.Itoa(ref.Port)
		if s.Ports[port] == nil {
			s.Ports[port] = map[string]TrackStats{}
		}
		for track, ts := range ss.Tracks {
			t := s.Tracks[track]
			t.add(ts)
			s.Tracks[track] = t
			p := s.Ports[port][track]
			p.add(ts)
			s.Ports[port][track] = p
		}
		for _, sv := range ss.Servers {
			if sv.Sessions > 0 {
				if s.Sessions == nil {
					s.Sessions = map[string]int64{}
				}
				s.Sessions[sv.Server] += sv.Sessions
			}
		}
		out.Services[ref.Service] = s
	}
	if al := a.opts.AccessLog; al != nil {
		out.LatencyEpoch = al.Epoch()
		for svc, lat := range al.Snapshot() {
			if s, ok := out.Services[svc]; ok {
				s.Latency = lat
				out.Services[svc] = s
			}
		}
	}
	return out, nil
}

// Handler serves the agent API. A non-empty token is required as
// "Authorization: Bearer <token>" on every path but /healthz.
func (a *Agent) Handler(token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /v1/status", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, r, http.StatusOK, a.Status())
	})
	mux.HandleFunc("GET /v1/stats", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		st, err := a.Stats(ctx)
		if err != nil {
			writeJSON(w, r, http.StatusServiceUnavailable, map[string]string{"error": "reading HAProxy stats: " + err.Error()})
			return
		}
		writeJSON(w, r, http.StatusOK, st)
	})
	mux.HandleFunc("GET /v1/services/{service}/servers", func(w http.ResponseWriter, r *http.Request) {
		svc := r.PathValue("service")
		if !validServiceName(svc) {
			writeJSON(w, r, http.StatusBadRequest, map[string]string{"error": "not a service name: " + strconv.Quote(svc)})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		st, err := a.Servers(ctx, svc)
		if err != nil {
			writeJSON(w, r, http.StatusServiceUnavailable, map[string]string{"error": "reading HAProxy's servers: " + err.Error()})
			return
		}
		writeJSON(w, r, http.StatusOK, st)
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		st := a.Status()
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		a.met.write(w, st.Reloads, st.Marathon.OK, st.Store.OK, st.HAProxy.OK, st.Registered)
	})
	if token == "" {
		return mux
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="yodel lb"`)
			writeJSON(w, r, http.StatusUnauthorized, map[string]string{"error": "missing or wrong bearer token"})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// writeJSON writes v compact, or indented for a person who asks with
// ?pretty: yodel, the server, the dashboard and canary judgements poll
// these bodies, one entry per service, and indentation only made them
// larger to build, send and parse.
func writeJSON(w http.ResponseWriter, r *http.Request, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	if r.URL.Query().Has("pretty") {
		enc.SetIndent("", "  ")
	}
	_ = enc.Encode(v)
}

// IsLoopback reports whether a listen address (host:port) binds loopback
// only. An empty host binds every address, so it is not loopback.
func IsLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil || host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SortedServices lists the services of a status, for stable output.
func (s Status) SortedServices() []string {
	names := make([]string, 0, len(s.Services))
	for n := range s.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
