// Package haproxy drives a real HAProxy 2.6 (master-worker mode) from a
// desired model: one frontend and backend per servicePort, servers per task.
// Structural changes rewrite the configuration file (validated with
// `haproxy -c`), followed by a seamless reload through the master CLI; task churn, weights and drains go through the runtime API only
// (zero reloads), with the server-state file written at once and the
// configuration file following in the background. See render.go for how
// the file is written and why.
package haproxy

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// Modes and tracks.
const (
	ModeHTTP = "http"
	ModeTCP  = "tcp"

	TrackStable = "stable"
	TrackCanary = "canary"

	// MaxWeight is HAProxy's highest server weight.
	MaxWeight = 256
)

// Config is the desired routing of one HAProxy.
type Config struct {
	Services []Service
	// Delta, when set, says how Services differ from an earlier Config of
	// the same producer; nil: unknown.
	Delta *Delta
}

// Clone is a copy of c whose Services slice is its own: what an Applier
// keeps past Apply (the lb agent's Builder reuses the slice it hands out).
// The services' Servers are shared: nobody changes them in place.
func (c Config) Clone() Config {
	c.Services = slices.Clone(c.Services)
	return c
}

// Delta lets a consumer of successive Configs (Apply, the lb agent's
// access log) look only at what changed: with thousands of services, a
// one-task change otherwise costs a comparison of every service. A
// consumer uses Changed only when Base is the Seq of the Config it last
// took in whole; otherwise it compares everything, as without a Delta.
type Delta struct {
	Seq  uint64 // this Config's number (NextSeq)
	Base uint64 // the Config Changed is relative to; 0: none
	// Changed are the indexes in Services of the services that may differ
	// from the service of the same key in Base. Both Configs have the same
	// keys (Service.Key), and every service not listed equals its Base one.
	Changed []int
}

var seqs atomic.Uint64

// NextSeq numbers a Config for its Delta, uniquely in the process (two
// producers never give the same number).
func NextSeq() uint64 { return seqs.Add(1) }

// UsableDelta returns cfg's changed indexes relative to the Config
// numbered last, and whether the consumer can rely on them.
func UsableDelta(cfg *Config, last uint64) ([]int, bool) {
	d := cfg.Delta
	if d == nil || d.Base == 0 || d.Base != last {
		return nil, false
	}
	return d.Changed, true
}

// Seq is cfg's number, 0 when it has none: what a consumer that took cfg
// in whole records as its last.
func (cfg *Config) Seq() uint64 {
	if cfg.Delta == nil {
		return 0
	}
	return cfg.Delta.Seq
}

// Service is one servicePort of a service: one frontend, one public backend
// and, when an isolated canary route is configured, a canary backend.
type Service struct {
	Name        string // ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$, at most 63 characters
	Port        int    // servicePort: the frontend's bind port
	Mode        string // ModeHTTP or ModeTCP
	BindAddress string // IP literal; "" binds every address
	// IsolatedPort, when not 0, adds a frontend on that port that reaches the
	// canary backend only (isolated canary for TCP services).
	IsolatedPort int
	// CanaryHeader, when Name is set (HTTP only), routes requests carrying
	// that header and value to the canary backend, and requests carrying
	// it with the value TrackStable to the stable backend, in every phase.
	CanaryHeader Header
	// HealthPath, for HTTP services, makes HAProxy check servers with
	// `GET <path>`; otherwise checks are TCP connects.
	HealthPath string
	// Sticky, for a service with a stable backend (HTTP with a canary
	// header), pins each client of the public frontend to a track while a
	// canary takes a share of the traffic: the client's draw (0 to
	// StickyScale-1, kept in its StickyCookie) below StickyShare reaches
	// the canary backend, at or above it the stable backend. A draw does
	// not change as the share grows, so a client on the canary stays there
	// and the canary's share of clients follows StickyShare. Both fields
	// change at runtime (the sticky map, sticky.go): no reload. While off,
	// the cookie pins nobody and responses expire it.
	Sticky bool
	// StickyShare is the canary's share of clients while Sticky, in
	// basis points (0 to StickyScale).
	StickyShare int
	Servers     []Server
}

// Header is an HTTP request header name and exact value.
type Header struct {
	Name  string
	Value string
}

// Server is one task.
type Server struct {
	Name     string // [A-Za-z0-9_.-], stable per task: see ServerName
	Addr     string // IP literal (HAProxy does not resolve names of dynamic servers)
	Port     int
	Track    string // TrackStable (also when empty) or TrackCanary
	Weight   int    // 0..256
	Isolated bool   // in the canary backend only, never in the public one (isolated canary)
	Draining bool   // no new sessions; existing ones finish
}

// HasCanaryBackend reports whether the service gets a canary backend: the
// canary's servers alone, for isolated servers and for requests forced to
// the canary (header, cookie, isolated port) in every phase.
func (s *Service) HasCanaryBackend() bool {
	return s.IsolatedPort != 0 || s.CanaryHeader.Name != ""
}

// HasStableBackend reports whether the service gets a stable backend: the
// stable servers alone, for requests forced to stable (the canary header's
// name with the value TrackStable, or the TrackCookie cookie) while a
// canary runs.
func (s *Service) HasStableBackend() bool { return s.CanaryHeader.Name != "" }

// backendSet is one of a service's backends and the servers it holds.
type backendSet struct {
	Name    string
	Servers []Server
}

// backendSets lists a service's backends (public, canary, stable) with
// their servers. The public backend holds every server not isolated, at
// its weight. A track's backend holds that track's servers (an isolated
// server is the canary's) at DefaultWeight, isolated ones at their own:
// a request forced to a track is balanced over all of it, whatever share
// the public backend gives the track. The stable backend
// is filled only while the service has a canary server: without one the
// public backend is stable alone, and a forced request falls through to
// it (canaryCond), so the steady state costs no second health check per
// server.
func (s *Service) backendSets() []backendSet {
	pub := backendSet{Name: BackendName(s.Name, s.Port), Servers: make([]Server, 0, len(s.Servers))}
	var canary, stable []Server
	// Only the backends the service has (most have the public one alone:
	// this runs per service on every full apply and render).
	withCanary, withStable := s.HasCanaryBackend(), s.HasStableBackend()
	for _, sv := range s.Servers {
		if sv.Isolated { // the canary's, reached only through its backend
			canary = append(canary, sv)
			continue
		}
		pub.Servers = append(pub.Servers, sv)
		t := sv
		t.Weight = DefaultWeight
		if sv.Track == TrackCanary {
			if withCanary { // (a stable backend implies a canary one)
				canary = append(canary, t)
			}
		} else if withStable {
			stable = append(stable, t)
		}
	}
	out := make([]backendSet, 1, 3)
	out[0] = pub
	if withCanary {
		out = append(out, backendSet{Name: CanaryBackendName(s.Name, s.Port), Servers: canary})
	}
	if withStable {
		if len(canary) == 0 {
			stable = nil
		}
		out = append(out, backendSet{Name: StableBackendName(s.Name, s.Port), Servers: stable})
	}
	return out
}

// Key identifies a service inside HAProxy; it is also the public backend's name.
func (s *Service) Key() string { return BackendName(s.Name, s.Port) }

// BackendName is the public backend of a service port: svc_<name>_<port>.
func BackendName(name string, port int) string {
	return "svc_" + name + "_" + strconv.Itoa(port)
}

// CanaryBackendName is the backend of the canary's servers alone.
func CanaryBackendName(name string, port int) string {
	return BackendName(name, port) + "_canary"
}

// StableBackendName is the backend of the stable servers alone.
func StableBackendName(name string, port int) string {
	return BackendName(name, port) + "_stable"
}

func frontendName(name string, port int) string {
	return "fe_" + name + "_" + strconv.Itoa(port)
}

func isolatedFrontendName(name string, port int) string {
	return frontendName(name, port) + "_isolated"
}

var (
	serviceNameRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	serverNameRe  = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	// Header names and values end up unquoted in an ACL: keep to characters
	// that HAProxy's tokenizer never treats specially (no quotes, spaces,
	// '#', '$', '\').
	headerNameRe  = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	headerValueRe = regexp.MustCompile(`^[A-Za-z0-9._~+-]+$`)
	healthPathRe  = regexp.MustCompile(`^/[A-Za-z0-9._~/?=&%+-]*$`)
)

const maxServerName = 100

// ServerName turns a task id into a server name HAProxy accepts, the same
// for the same id every time. Ids that need changing get a short hash suffix
// so two different ids never collide.
func ServerName(taskID string) string {
	if taskID != "" && len(taskID) <= maxServerName && serverNameRe.MatchString(taskID) {
		return taskID
	}
	var b strings.Builder
	for _, r := range taskID {
		switch {
		case r < 128 && serverNameRe.MatchString(string(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if len(name) > maxServerName-9 {
		name = name[:maxServerName-9]
	}
	sum := sha256.Sum256([]byte(taskID))
	return name + "-" + hex.EncodeToString(sum[:4])
}

// ValidationError lists every problem of one service.
type ValidationError struct {
	Service  string // the service's key (backend name) or name when the key is unusable
	Problems []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("service %s: %s", e.Service, strings.Join(e.Problems, "; "))
}

// Validate checks one service on its own. Every value that becomes HAProxy
// configuration text is checked here, so nothing from user input can inject
// configuration.
func (s *Service) Validate() error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if len(s.Name) > 63 || !serviceNameRe.MatchString(s.Name) {
		add("name %q: use lowercase letters, digits and '-' (at most 63, not starting or ending with '-')", s.Name)
	}
	if s.Port < 1 || s.Port > 65535 {
		add("port %d: must be 1-65535", s.Port)
	}
	if s.Mode != ModeHTTP && s.Mode != ModeTCP {
		add("mode %q: must be %q or %q", s.Mode, ModeHTTP, ModeTCP)
	}
	if s.BindAddress != "" && net.ParseIP(s.BindAddress) == nil {
		add("bind address %q: must be an IP address or empty", s.BindAddress)
	}
	if s.IsolatedPort != 0 && (s.IsolatedPort < 1 || s.IsolatedPort > 65535 || s.IsolatedPort == s.Port) {
		add("isolated port %d: must be 1-65535 and differ from the service port", s.IsolatedPort)
	}
	if s.CanaryHeader.Name != "" || s.CanaryHeader.Value != "" {
		if s.Mode != ModeHTTP {
			add("canary header: only HTTP services can route on a header; use an isolated port for TCP")
		}
		if !headerNameRe.MatchString(s.CanaryHeader.Name) {
			add("canary header name %q: use letters, digits and '-'", s.CanaryHeader.Name)
		}
		if !headerValueRe.MatchString(s.CanaryHeader.Value) {
			add("canary header value %q: use letters, digits and . _ ~ + -", s.CanaryHeader.Value)
		} else if s.CanaryHeader.Value == TrackStable {
			add("canary header value %q: that value forces stable; use another, such as %q", TrackStable, TrackCanary)
		}
	}
	if s.Sticky && !s.HasStableBackend() {
		add("sticky: only HTTP services with a canary header have the canary and stable backends a client is pinned to")
	}
	if s.StickyShare < 0 || s.StickyShare > StickyScale {
		add("sticky share %d: must be 0-%d (basis points)", s.StickyShare, StickyScale)
	}
	if s.HealthPath != "" {
		if s.Mode != ModeHTTP {
			add("health path: only HTTP services have HTTP health checks")
		}
		if !healthPathRe.MatchString(s.HealthPath) {
			add("health path %q: must start with '/' and use letters, digits and . _ ~ / ? = & %% + -", s.HealthPath)
		}
	}
	seen := map[string]bool{}
	for i, sv := range s.Servers {
		where := fmt.Sprintf("servers[%d]", i)
		if sv.Name != "" {
			where = fmt.Sprintf("server %q", sv.Name)
		}
		if len(sv.Name) > maxServerName || !serverNameRe.MatchString(sv.Name) {
			add("%s: name must be 1-%d characters of A-Z a-z 0-9 _ . - (use haproxy.ServerName)", where, maxServerName)
		}
		if seen[sv.Name] {
			add("%s: duplicate server name", where)
		}
		seen[sv.Name] = true
		if net.ParseIP(sv.Addr) == nil {
			add("%s: address %q must be an IP address (resolve host names first)", where, sv.Addr)
		}
		if sv.Port < 1 || sv.Port > 65535 {
			add("%s: port %d must be 1-65535", where, sv.Port)
		}
		if sv.Weight < 0 || sv.Weight > MaxWeight {
			add("%s: weight %d must be 0-%d", where, sv.Weight, MaxWeight)
		}
		if sv.Track != "" && sv.Track != TrackStable && sv.Track != TrackCanary {
			add("%s: track %q must be %q or %q", where, sv.Track, TrackStable, TrackCanary)
		}
		if sv.Isolated && !s.HasCanaryBackend() {
			add("%s: isolated, but the service has neither a canary header nor an isolated port", where)
		}
	}
	if len(p) > 0 {
		key := s.Name
		if serviceNameRe.MatchString(s.Name) {
			key = s.Key()
		}
		return &ValidationError{Service: key, Problems: p}
	}
	return nil
}

// validateConfig checks every service and the conflicts between them
// (a port bound twice, a duplicate key). HAProxy itself would not catch a
// port bound twice: with SO_REUSEPORT both binds succeed and traffic is
// split. applied is what the running file binds (key -> ports): a contested
// port stays with the service that binds it now, whatever the names, and
// the ports of a refused service that keeps its last good block stay
// reserved for it. It returns the services that passed, keyed, and the
// errors of the others.
func validateConfig(c Config, known func(*Service) bool, applied map[string][]int) (map[string]*Service, map[string]error) {
	valid := map[string]*Service{}
	errs := map[string]error{}
	owner := map[int]string{} // port -> key of the service binding it now
	for k, ps := range applied {
		for _, p := range ps {
			owner[p] = k
		}
	}
	type candidate struct {
		key       string
		s         *Service
		incumbent bool
	}
	var cands []candidate
	seen := map[string]int{}
	for i := range c.Services {
		s := &c.Services[i]
		if known == nil || !known(s) {
			if err := s.Validate(); err != nil {
				var ve *ValidationError
				errors.As(err, &ve)
				errs[ve.Service] = err
				continue
			}
		}
		key := s.Key()
		seen[key]++
		inc := false
		for _, p := range bindPorts(s) {
			inc = inc || owner[p] == key
		}
		cands = append(cands, candidate{key, s, inc})
	}
	ports := map[int]string{}
	why := map[string]string{} // key -> why it holds its ports, for the loser's message
	// A refused service keeps its last good block, and with it its ports.
	for key := range errs {
		for _, p := range applied[key] {
			ports[p] = key
			why[key] = "which keeps its last applied configuration while its update is refused"
		}
	}
	// Deterministic conflict attribution: the services already bound to
	// their ports first, then the newcomers in key order, whatever order
	// the caller listed them in.
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].incumbent != cands[b].incumbent {
			return cands[a].incumbent
		}
		return cands[a].key < cands[b].key
	})
	for _, cd := range cands {
		key, s := cd.key, cd.s
		if seen[key] > 1 {
			errs[key] = &ValidationError{Service: key, Problems: []string{"listed twice"}}
			continue
		}
		var conflict []string
		for _, p := range bindPorts(s) {
			if other, ok := ports[p]; ok {
				conflict = append(conflict, fmt.Sprintf("port %d is already used by %s, %s; give this service another servicePort", p, other, why[other]))
			}
		}
		if len(conflict) > 0 {
			errs[key] = &ValidationError{Service: key, Problems: conflict}
			continue
		}
		for _, p := range bindPorts(s) {
			ports[p] = key
		}
		if cd.incumbent {
			why[key] = "which binds its ports now"
		} else {
			why[key] = "which sorts first by name (both are new here)"
		}
		sc := *s
		valid[key] = &sc
	}
	return valid, errs
}

// bindPorts are the ports a service's frontends bind.
func bindPorts(s *Service) []int {
	if s.IsolatedPort != 0 {
		return []int{s.Port, s.IsolatedPort}
	}
	return []int{s.Port}
}

// sameStructure reports whether two services render the same frontends and
// backends, i.e. differ at most in their servers.
func sameStructure(a, b *Service) bool {
	return a.Name == b.Name && a.Port == b.Port && a.Mode == b.Mode && a.BindAddress == b.BindAddress &&
		a.IsolatedPort == b.IsolatedPort && a.CanaryHeader == b.CanaryHeader && a.HealthPath == b.HealthPath
}

// equalService compares two services field by field, servers in order.
func equalService(a, b *Service) bool {
	return sameStructure(a, b) && a.Sticky == b.Sticky && a.StickyShare == b.StickyShare && slices.Equal(a.Servers, b.Servers)
}
