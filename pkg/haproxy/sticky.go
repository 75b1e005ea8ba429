package haproxy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Sticky sessions during a partial rollout (Service.Sticky).
//
// Every HTTP service with a stable backend carries the rules below in its
// frontend all the time, whether sticky or not, so that turning
// stickiness on or off, and moving the share, are runtime changes only:
// the rules read the service's entry in one map file (key: the public
// backend's name, value: the canary's share in basis points). HAProxy
// loads the file at start and reload; the applier writes it and changes
// the running worker with `add map`/`set map`/`del map`.
//
// While the entry exists, a request whose cookie holds a draw (0 to
// StickyScale-1) keeps it, any other request draws one (rand) and the
// response sets the cookie. A draw below the share reaches the canary
// backend, the rest the stable backend, each only while it has a usable
// server (else the next rule, then the public backend). A draw never
// changes, so as the share grows from 10% to 50% the clients on the canary
// stay there and 40% of the others join them: the canary's share of clients
// is the step's share, and nobody moves back to stable. Header and
// TrackCookie forcing comes first. Without the entry (no rollout, isolated,
// full, aborted) the cookie pins nobody, and every response to a request
// carrying it expires it (Max-Age=0).
//
// HAProxy 2.6 offers no better switch: dynamic cookies, toggled per
// backend, send a clearing Set-Cookie on every response while disabled,
// and named in-memory maps (virt@) came later.

// StickyScale is the range of a client's draw: shares are in basis points.
const StickyScale = 10000

// stickyMaxAge is how long a browser keeps its draw: longer than any one
// step (MaxCanaryDuration is a day), so that a rollout's steps see the same
// client on the same track; the end of the rollout expires it earlier.
const stickyMaxAge = 86400

// StickyCookie is the cookie holding a client's draw for one service port.
// Browsers send a host's cookies to all its ports, so each service port
// has its own: two services behind one LB host never share a draw, and
// one expiring its cookie leaves the other's alone.
func StickyCookie(name string, port int) string {
	return "yodel-sticky-" + name + "-" + strconv.Itoa(port)
}

// stickyMapPath is the map file beside the configuration file.
func stickyMapPath(configPath string) string { return configPath + ".sticky.map" }

// safeMapPathRe: the path is written into converter arguments and runtime
// commands, where blanks, commas and parentheses would split it.
var safeMapPathRe = regexp.MustCompile(`^[A-Za-z0-9_./+@=~-]+$`)

// Variables of the frontend's sticky rules (txn scope).
const (
	varShare = "yodel_share" // the service's share: set only while sticky
	varDraw  = "yodel_draw"  // the client's draw
	varNew   = "yodel_new"   // the draw is new: the response sets the cookie
	varClear = "yodel_clear" // not sticky, but the request has the cookie
)

// setVarRule is one `http-request set-var(txn.<Var>) <Expr> [if <Cond>]`.
type setVarRule struct{ Var, Expr, Cond string }

// cookieRule is one `http-response add-header Set-Cookie "<Value>" if <Cond>`.
type cookieRule struct{ Value, Cond string }

func found(v string) string { return "{ var(txn." + v + ") -m found }" }

// stickyRules are the frontend rules of a service with a stable backend,
// in order (the text form and the model form both write these).
func stickyRules(s *Service, mapPath string) ([]setVarRule, []cookieRule) {
	ck := StickyCookie(s.Name, s.Port)
	valid := fmt.Sprintf("{ req.cook(%s) -m reg ^[0-9]{1,%d}$ }", ck, len(strconv.Itoa(StickyScale-1)))
	req := []setVarRule{
		{varShare, fmt.Sprintf("str(%s),map_str_int(%s)", s.Key(), mapPath), ""},
		{varDraw, fmt.Sprintf("req.cook(%s),add(0)", ck), found(varShare) + " " + valid},
		{varNew, "bool(1)", found(varShare) + " !" + found(varDraw)},
		{varDraw, fmt.Sprintf("rand(%d)", StickyScale), found(varNew)},
		{varClear, "bool(1)", "!" + found(varShare) + fmt.Sprintf(" { req.cook(%s) -m found }", ck)},
	}
	resp := []cookieRule{
		{fmt.Sprintf("%s=%%[var(txn.%s)]; Path=/; Max-Age=%d", ck, varDraw, stickyMaxAge), found(varNew)},
		{ck + "=; Path=/; Max-Age=0", found(varClear)},
	}
	return req, resp
}

// stickyCanaryCond and stickyStableCond route a drawn client to its track
// while that track's backend has a usable server.
func stickyCanaryCond(s *Service) string {
	cb := CanaryBackendName(s.Name, s.Port)
	return fmt.Sprintf("{ var(txn.%s),sub(txn.%s) lt 0 } { nbsrv(%s) gt 0 }", varDraw, varShare, cb)
}

func stickyStableCond(s *Service) string {
	return fmt.Sprintf("%s { nbsrv(%s) gt 0 }", found(varDraw), StableBackendName(s.Name, s.Port))
}

// stickyWant is the map's content for the services: key -> share, for the
// sticky ones.
func stickyEntries(services map[string]*Service) map[string]int {
	out := map[string]int{}
	for k, s := range services {
		if s.Sticky && s.HasStableBackend() {
			out[k] = s.StickyShare
		}
	}
	return out
}

// renderStickyMap is the map file's text, keys in order.
func renderStickyMap(m map[string]int) string {
	var b strings.Builder
	b.WriteString("# Generated by yodel lb: service -> canary share of sticky clients (basis points)\n")
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "%s %d\n", k, m[k])
	}
	return b.String()
}

// sticky is the applier's record of the map: what the file holds and what
// the running worker holds (nil: not known, read it).
type sticky struct {
	path string
	file map[string]int
	live map[string]int
}

// ensureStickyMap creates an empty map file when there is none: HAProxy
// refuses a configuration whose map file is missing.
func ensureStickyMap(path string) error {
	if _, err := os.Stat(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return writeAtomic(path, 0o644, renderStickyMap(nil))
}

// writeFile makes the file hold want, so that a reload or restart loads
// it; before any runtime change, so a reload in between loses nothing.
func (st *sticky) writeFile(want map[string]int) error {
	if st.file != nil && maps.Equal(st.file, want) {
		return nil
	}
	if err := writeAtomic(st.path, 0o644, renderStickyMap(want)); err != nil {
		return fmt.Errorf("haproxy sticky map %s: %w", st.path, err)
	}
	st.file = maps.Clone(want)
	return nil
}

// readLive reads the running worker's entries. A worker whose
// configuration references no sticky map (no HTTP service with a canary
// header) has none.
func (h *HAProxy) readStickyLive(ctx context.Context) (map[string]int, error) {
	out, err := h.stats.exec(ctx, "show map "+h.sticky.path)
	if err != nil {
		return nil, err
	}
	live := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 || !strings.HasPrefix(f[0], "0x") {
			if strings.Contains(line, "Unknown map identifier") {
				return live, nil
			}
			return nil, fmt.Errorf("haproxy: show map %s: unexpected line %q", h.sticky.path, truncate(line, 200))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("haproxy: show map %s: value %q of %s is not a number", h.sticky.path, f[2], f[1])
		}
		live[f[1]] = n
	}
	return live, nil
}

// next is what the map holds after an Apply: want for the keys in
// scope (nil: every key, the full path, where keep says which other keys
// stay as they were: refused services keep their last state).
func (st *sticky) next(want map[string]int, scope []string, keep func(string) bool) map[string]int {
	next := map[string]int{}
	if scope == nil {
		for k, v := range st.file {
			if keep(k) {
				next[k] = v
			}
		}
		maps.Copy(next, want)
		return next
	}
	maps.Copy(next, st.file)
	for _, k := range scope {
		delete(next, k)
		if v, ok := want[k]; ok {
			next[k] = v
		}
	}
	return next
}

// syncSticky makes the running worker's map hold next for the keys in
// scope (nil: every key). The file must hold next already (writeFile).
// reread: the worker may differ from the record (after a reload, on the
// periodic full check). It returns the number of entries changed.
func (h *HAProxy) syncSticky(ctx context.Context, next map[string]int, scope []string, reread bool, res *Result) int {
	if reread || h.sticky.live == nil {
		live, err := h.readStickyLive(ctx)
		if err != nil {
			h.sticky.live = nil
			for _, k := range stickyScope(scope, next, nil) {
				res.Errors[k] = errors.Join(res.Errors[k], fmt.Errorf("service %s: sticky: %w", k, err))
			}
			return 0
		}
		h.sticky.live = live
	}
	var keys, cmds []string
	for _, k := range stickyScope(scope, next, h.sticky.live) {
		v, ok := next[k]
		old, had := h.sticky.live[k]
		switch {
		case ok && !had:
			cmds = append(cmds, fmt.Sprintf("add map %s %s %d", h.sticky.path, k, v))
		case ok && old != v:
			cmds = append(cmds, fmt.Sprintf("set map %s %s %d", h.sticky.path, k, v))
		case !ok && had:
			cmds = append(cmds, fmt.Sprintf("del map %s %s", h.sticky.path, k))
		default:
			continue
		}
		keys = append(keys, k)
	}
	if len(cmds) == 0 {
		return 0
	}
	errs, err := h.stats.batch(ctx, cmds)
	n := 0
	for i, k := range keys {
		e := err
		if e == nil {
			e = errs[i]
		}
		if e != nil {
			res.Errors[k] = errors.Join(res.Errors[k], fmt.Errorf("service %s: sticky: %w", k, e))
			h.sticky.live = nil // read again next time
			continue
		}
		n++
		if h.sticky.live != nil {
			if v, ok := next[k]; ok {
				h.sticky.live[k] = v
			} else {
				delete(h.sticky.live, k)
			}
		}
	}
	return n
}

// stickyScope lists the keys to compare: scope, or every key of next and
// live.
func stickyScope(scope []string, next, live map[string]int) []string {
	if scope != nil {
		return slices.Sorted(slices.Values(scope))
	}
	all := maps.Clone(next)
	for k := range live {
		all[k] = 0
	}
	return slices.Sorted(maps.Keys(all))
}
