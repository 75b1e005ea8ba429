package haproxy

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ServerStats are one server's counters from `show stat`.
type ServerStats struct {
	Backend     string
	Server      string
	Track       string
	Requests    int64 // req_tot, or stot (sessions) where HAProxy leaves req_tot empty
	Responses5x int64 // hrsp_5xx (HTTP mode only)
	ConnErrors  int64 // econ
	RespErrors  int64 // eresp
	Sessions    int64 // scur
	Status      string
	CheckStatus string
	Weight      int
}

// TrackStats add up one track's servers.
type TrackStats struct {
	Requests    int64
	Responses5x int64
	ConnErrors  int64
	RespErrors  int64
	Sessions    int64
	Servers     int
	Up          int
}

// ServiceStats are one service port's counters, per track and per server.
// Keyed in Stats by the public backend name (BackendName).
type ServiceStats struct {
	Backend string
	Tracks  map[string]TrackStats
	Servers []ServerStats
}

// statRow is one CSV row addressed by header name. The rows of one reply
// share its column index: a map per row cost 8.6 MB of garbage for the
// 1000 frontends of a realm's reload.
type statRow struct {
	Proxy, Name string
	Type        int // 0 frontend, 1 backend, 2 server, 3 listener
	rec         []string
	idx         map[string]int
}

func (r statRow) str(name string) string {
	if i, ok := r.idx[name]; ok && i < len(r.rec) {
		return r.rec[i]
	}
	return ""
}

func (r statRow) int(name string) int64 {
	v, err := strconv.ParseInt(r.str(name), 10, 64)
	if err != nil {
		return 0
	}
	return v
}

// parseStats parses `show stat` CSV by its header names: only the columns
// before the first "-" have fixed positions across versions.
func parseStats(text string) ([]statRow, error) {
	text = strings.TrimLeft(text, " \n")
	if !strings.HasPrefix(text, "# ") {
		return nil, fmt.Errorf("show stat: no header line (got %q)", truncate(text, 80))
	}
	r := csv.NewReader(strings.NewReader(text[2:]))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("show stat header: %w", err)
	}
	idx := map[string]int{}
	for i, h := range header {
		if h != "" {
			idx[h] = i
		}
	}
	for _, need := range []string{"pxname", "svname", "type"} {
		if _, ok := idx[need]; !ok {
			return nil, fmt.Errorf("show stat header: no %q column", need)
		}
	}
	var rows []statRow
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("show stat line %d: %w", line, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row := statRow{rec: rec, idx: idx}
		typ, err := strconv.Atoi(row.str("type"))
		if err != nil {
			return nil, fmt.Errorf("show stat line %d: type %q is not a number", line, row.str("type"))
		}
		row.Proxy, row.Name, row.Type = row.str("pxname"), row.str("svname"), typ
		rows = append(rows, row)
	}
	return rows, nil
}

// aggregate folds server rows of yodel backends into per-service stats.
// track names the track of a server (by backend and server name); servers of
// a canary backend are canary whatever it says.
func aggregate(rows []statRow, track func(backend, server string) string) map[string]ServiceStats {
	out := map[string]ServiceStats{}
	// A server is in the public backend and in its track's backend: it
	// counts once among the servers (and those up), by name.
	counted := map[string]bool{}
	for _, r := range rows {
		if r.Type != 2 {
			continue
		}
		key, only, ok := serviceOfBackend(r.Proxy)
		if !ok {
			continue
		}
		t := only
		if t == "" {
			t = track(r.Proxy, r.Name)
		}
		if t == "" {
			t = TrackStable
		}
		s := serverOf(r, t)
		ss := out[key]
		if ss.Tracks == nil {
			ss = ServiceStats{Backend: key, Tracks: map[string]TrackStats{}}
		}
		ts := ss.Tracks[t]
		ts.Requests += s.Requests
		ts.Responses5x += s.Responses5x
		ts.ConnErrors += s.ConnErrors
		ts.RespErrors += s.RespErrors
		ts.Sessions += s.Sessions
		if id := key + "/" + r.Name; !counted[id] {
			counted[id] = true
			ts.Servers++
			if strings.HasPrefix(s.Status, "UP") {
				ts.Up++
			}
		}
		ss.Tracks[t] = ts
		ss.Servers = append(ss.Servers, s)
		out[key] = ss
	}
	return out
}

// serverOf is a server row's counters and state, in track t.
func serverOf(r statRow, t string) ServerStats {
	req := r.int("req_tot")
	if r.str("req_tot") == "" {
		req = r.int("stot")
	}
	return ServerStats{
		Backend: r.Proxy, Server: r.Name, Track: t,
		Requests: req, Responses5x: r.int("hrsp_5xx"), ConnErrors: r.int("econ"),
		RespErrors: r.int("eresp"), Sessions: r.int("scur"),
		Status: r.str("status"), CheckStatus: r.str("check_status"), Weight: int(r.int("weight")),
	}
}

// BackendServers reads the servers of the given backends, one `show stat
// <backend> 4 -1` each: a service's few ports, not every server of the
// realm as Stats does. A backend HAProxy does not have has none.
func (h *HAProxy) BackendServers(ctx context.Context, backends []string) ([]ServerStats, error) {
	var out []ServerStats
	for _, be := range backends {
		if !serverNameRe.MatchString(be) {
			return nil, fmt.Errorf("haproxy: invalid backend name %q (allowed: A-Z a-z 0-9 _ . -)", be)
		}
		text, err := h.stats.exec(ctx, "show stat "+be+" 4 -1")
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(strings.TrimLeft(text, " \n"), "# ") {
			continue // "No such backend.": gone since the caller's plan
		}
		rows, err := parseStats(text)
		if err != nil {
			return nil, err
		}
		h.trackMu.RLock()
		for _, r := range rows {
			if r.Type != 2 || r.Proxy != be {
				continue
			}
			t := h.tracks[be][r.Name]
			if t == "" {
				t = TrackStable
			}
			out = append(out, serverOf(r, t))
		}
		h.trackMu.RUnlock()
	}
	return out, nil
}

// Stats reads `show stat` and aggregates it per service and track. Tracks
// come from the last applied configuration; before the first Apply of this
// process, servers of public backends count as stable.
func (h *HAProxy) Stats(ctx context.Context) (map[string]ServiceStats, error) {
	out, err := h.stats.exec(ctx, "show stat")
	if err != nil {
		return nil, err
	}
	rows, err := parseStats(out)
	if err != nil {
		return nil, err
	}
	h.trackMu.RLock()
	defer h.trackMu.RUnlock()
	return aggregate(rows, func(b, s string) string { return h.tracks[b][s] }), nil
}

// Sessions is a server's current session count (scur), for waiting until a
// draining server is empty before it is removed.
func (h *HAProxy) Sessions(ctx context.Context, backend, server string) (int64, error) {
	if err := checkNames(backend, server); err != nil {
		return 0, err
	}
	out, err := h.stats.exec(ctx, "show stat "+backend+" 4 -1")
	if err != nil {
		return 0, err
	}
	rows, err := parseStats(out)
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		if r.Type == 2 && r.Proxy == backend && r.Name == server {
			return r.int("scur"), nil
		}
	}
	return 0, fmt.Errorf("haproxy: no server %s/%s", backend, server)
}

// Drain stops new sessions to a server at once (runtime only). The next
// Apply sets the state the desired configuration asks for, so callers that
// want the drain to last mark the server Draining in the desired config too.
func (h *HAProxy) Drain(ctx context.Context, backend, server string) error {
	if err := checkNames(backend, server); err != nil {
		return err
	}
	errs, err := h.stats.batch(ctx, []string{"set server " + backend + "/" + server + " state drain"})
	if err != nil {
		return err
	}
	return errs[0]
}

// checkNames keeps caller-given names from smuggling commands into the CLI.
func checkNames(backend, server string) error {
	if !serverNameRe.MatchString(backend) || !serverNameRe.MatchString(server) {
		return fmt.Errorf("haproxy: invalid backend or server name %q/%q (allowed: A-Z a-z 0-9 _ . -)", backend, server)
	}
	return nil
}

// serviceOfBackend maps a yodel backend name (svc_<name>_<port>, optionally
// with _canary or _stable) to the service's key and the track the backend
// holds alone ("" for the public backend); other proxies are not ours.
func serviceOfBackend(proxy string) (key, track string, ok bool) {
	key = proxy
	if k, found := strings.CutSuffix(proxy, "_canary"); found {
		key, track = k, TrackCanary
	} else if k, found := strings.CutSuffix(proxy, "_stable"); found {
		key, track = k, TrackStable
	}
	rest, found := strings.CutPrefix(key, "svc_")
	if !found {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '_')
	if i < 0 {
		return "", "", false
	}
	port, err := strconv.Atoi(rest[i+1:])
	if err != nil || port < 1 || port > 65535 || !serviceNameRe.MatchString(rest[:i]) || BackendName(rest[:i], port) != key {
		return "", "", false
	}
	return key, track, true
}
