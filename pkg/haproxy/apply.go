package haproxy

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yodeldeploy/yodel/pkg/atomicfile"
)

// Options configure an HAProxy applier.
type Options struct {
	ConfigPath       string // the file HAProxy runs with (-f); the applier owns it
	HAProxyBin       string // default /usr/sbin/haproxy, used for `haproxy -c`
	SocketPath       string // admin stats socket (runtime API)
	MasterSocketPath string // master CLI (-S), for reloads
	ServerStateFile  string // the base template's server-state-file
	// BaseTemplate is the global and defaults text (and any listener of the
	// operator's own) placed before the services; see RenderBase. It must
	// set server-state-file and load-server-state-from-file, or reloads
	// would lose runtime weights and drains.
	BaseTemplate  string
	Logger        *slog.Logger
	ReloadTimeout time.Duration // how long a reload may take to show a new worker; default 30s
	// FullCheckInterval is how often every live server is read again and
	// what someone else changed put back: in the background at a quiet
	// moment (drift.go), or by Apply once overdue by another interval;
	// default 30s.
	FullCheckInterval time.Duration
	// DeleteGrace is how long a removed server's sessions may run on before
	// they are cut so that HAProxy can delete it (delete.go); default 250ms.
	DeleteGrace time.Duration
}

// Result says what one Apply did.
type Result struct {
	Reloaded   bool
	RuntimeOps int // servers added, removed, re-weighted or changed state at runtime
	// Errors are per service (key: the public backend name, see BackendName):
	// invalid input, `haproxy -c` refusals, refused runtime commands. Such a
	// service keeps what it had; the others are applied.
	Errors map[string]error
}

// HAProxy applies desired configurations to one running HAProxy.
type HAProxy struct {
	opts    Options
	log     *slog.Logger
	stats   socket
	master  socket
	mu      sync.Mutex // one Apply at a time
	reloads atomic.Int64

	file    *cfgFile
	persist persister

	// Caches that keep a one-server change cheap with thousands of
	// services: services seen valid and applied, and the live servers.
	memo    map[string]Service
	state   *stateCache
	refused map[string]refusedEntry
	// took is the Seq of the desired Config the last Apply took in whole
	// (memo and refused describe it); 0 after a failed one.
	took uint64
	// noPortCheck skips portsInUse (tests of a failing reload).
	noPortCheck bool
	// afterCheckRead, when set, runs between the background full check's
	// read of HAProxy and its comparison (tests of what comes between).
	afterCheckRead func()
	noReusePort    bool // the base template says noreuseport

	trackMu sync.RWMutex
	tracks  map[string]map[string]string // backend -> server -> track

	sticky sticky // the sticky map (sticky.go)

	deletes deleter // removals HAProxy refused for open connections (delete.go)

	// The server-state file (livestate.go): written in the background after
	// runtime changes, and by Apply itself before its reloads.
	states    stateSaver
	stateFile stateFile
	stateGen  uint64 // of the last content taken from the cache; under mu

	// The full check between Applies (drift.go): when the last Apply
	// ended, and whether the next one must take the full path.
	drift     driftCheck
	lastApply time.Time
	forceFull bool
}

// New checks the options; it does not contact HAProxy.
func New(opts Options) (*HAProxy, error) {
	if opts.HAProxyBin == "" {
		opts.HAProxyBin = "/usr/sbin/haproxy"
	}
	if opts.FullCheckInterval == 0 {
		opts.FullCheckInterval = 30 * time.Second
	}
	if opts.ReloadTimeout == 0 {
		opts.ReloadTimeout = 30 * time.Second
	}
	if opts.DeleteGrace == 0 {
		opts.DeleteGrace = defaultDeleteGrace
	}
	var missing []string
	for name, v := range map[string]string{"ConfigPath": opts.ConfigPath, "SocketPath": opts.SocketPath,
		"MasterSocketPath": opts.MasterSocketPath, "ServerStateFile": opts.ServerStateFile, "BaseTemplate": opts.BaseTemplate} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("haproxy: options %s must be set", strings.Join(missing, ", "))
	}
	for _, kw := range []string{"server-state-file", "load-server-state-from-file"} {
		if !strings.Contains(opts.BaseTemplate, kw) {
			return nil, fmt.Errorf("haproxy base template: no %q: without it a reload resets runtime weights and drains (see haproxy.DefaultBaseTemplate)", kw)
		}
	}
	for i, line := range strings.Split(opts.BaseTemplate, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && ((f[0] == "frontend" && strings.HasPrefix(f[1], "fe_")) || (f[0] == "backend" && strings.HasPrefix(f[1], "svc_"))) {
			return nil, fmt.Errorf("haproxy base template, line %d: section %s %s: names starting with fe_ (frontends) and svc_ (backends) are reserved for the services yodel generates; rename it", i+1, f[0], f[1])
		}
	}
	if _, err := exec.LookPath(opts.HAProxyBin); err != nil {
		return nil, fmt.Errorf("haproxy binary %s: %w (install haproxy or set the path)", opts.HAProxyBin, err)
	}
	st := sticky{path: stickyMapPath(opts.ConfigPath)}
	if !safeMapPathRe.MatchString(st.path) {
		return nil, fmt.Errorf("haproxy config path %s: use letters, digits and _ . / + @ = ~ - only: the sticky map beside it (%s) is named in HAProxy rules and runtime commands", opts.ConfigPath, st.path)
	}
	// HAProxy refuses a configuration naming a missing map file, and one
	// left by an earlier run may be loaded before the first Apply.
	if err := ensureStickyMap(st.path); err != nil {
		return nil, fmt.Errorf("haproxy sticky map: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &HAProxy{opts: opts, log: log, stats: socket{path: opts.SocketPath, log: &writeLog{}}, master: socket{path: opts.MasterSocketPath},
		file: newCfgFile(opts, log), tracks: map[string]map[string]string{}, memo: map[string]Service{},
		noReusePort: hasDirective(opts.BaseTemplate, "noreuseport"), sticky: st}
	h.persist, h.states = newPersister(h), newStateSaver(h)
	return h, nil
}

// Reloads counts the reloads this applier triggered.
func (h *HAProxy) Reloads() int64 { return h.reloads.Load() }

// MasterReloads is the master's own reload count (`show proc`): it also
// counts reloads made by anything else.
func (h *HAProxy) MasterReloads(ctx context.Context) (int, error) {
	p, err := h.showProc(ctx)
	return p.Reloads, err
}

// Flush waits until the configuration file and the server-state file hold
// every server change applied so far (they reach the files in the
// background, see Apply) and returns the last errors writing them.
func (h *HAProxy) Flush(ctx context.Context) error {
	return errors.Join(h.persist.wait(ctx, false), h.states.wait(ctx, false))
}

// Close waits for pending deletions of removed servers (at most
// DeleteGrace and a second) and flushes the configuration file (Flush).
// HAProxy keeps running.
func (h *HAProxy) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h.drift.close()
	h.deletes.wait(ctx)
	return h.Flush(ctx)
}

// Apply converges the running HAProxy and its files to desired.
//
// Structure (frontends, backends, modes, ports, health checks, canary
// routes, the base template) changes through one write of the whole file
// (validated with `haproxy -c`) and one seamless reload. Servers and their
// weights and drains change through the runtime API with no reload; Apply
// returns once HAProxy has them, and the configuration file follows in a
// background write (coalesced, one at a time; Flush waits for it), so
// a later reload or restart loses nothing. The server-state file follows
// in the background too (within stateGap), and is written before any reload
// Apply makes. The live state is read from HAProxy each time, so a
// restarted agent (or one that missed something) converges without a
// reload when the structure is unchanged. An error is returned only when
// nothing could be applied (HAProxy unreachable, the whole configuration
// refused, reload failed); per-service problems are in Result.Errors.
func (h *HAProxy) Apply(ctx context.Context, desired Config) (Result, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	res, err := h.apply(ctx, desired)
	h.took = 0
	if err == nil {
		h.took = desired.Seq()
	}
	h.lastApply = time.Now()
	h.drift.ensure(h)
	return res, err
}

func (h *HAProxy) apply(ctx context.Context, desired Config) (Result, error) {
	if res, done, err := h.applyServers(ctx, desired); done {
		return res, err
	}
	if h.persist.busy() {
		// A background commit takes up to a second at 1000 services: wait
		// for it only if this Apply has to write the file itself.
		if res, needFile, err := h.applyFull(ctx, desired, false); !needFile {
			return res, err
		}
	}
	res, _, err := h.applyFull(ctx, desired, true)
	return res, err
}

// applyFull is Apply's full path. With withFile it owns the configuration
// file (the background writer stopped, its pending servers dropped: they
// are part of what follows) and re-reads it if someone else changed it.
// Without, it works from the record of the file while the background writer
// runs, and stops before doing anything (needFile) when the structure
// changes.
func (h *HAProxy) applyFull(ctx context.Context, desired Config, withFile bool) (res Result, needFile bool, err error) {
	res = Result{Errors: map[string]error{}}
	var committed map[string]*Service
	var foreign bool
	var baseSHA string
	if withFile {
		if err := h.persist.wait(ctx, true); err != nil && ctx.Err() != nil {
			return res, false, err
		}
		h.file.mu.Lock()
		defer h.file.mu.Unlock()
		if err := h.file.sync(ctx); err != nil {
			return res, false, err
		}
	}
	committed, foreign, baseSHA = h.file.snapshot()
	valid, verrs := validateConfig(desired, func(s *Service) bool {
		m, ok := h.memo[s.Key()]
		return ok && equalService(&m, s)
	}, portsOf(committed))
	maps.Copy(verrs, h.portsInUse(valid, committed))
	for k := range verrs {
		delete(valid, k)
	}
	maps.Copy(res.Errors, verrs)

	// target is the file after this Apply: the valid services, and the
	// refused ones as they were (a bad update never takes down what runs).
	target := make(map[string]*Service, len(valid))
	for k, s := range valid {
		target[k] = fileModel(s)
	}
	for k := range verrs {
		if c, ok := committed[k]; ok {
			target[k] = c
		}
	}
	fileStructural := foreign || baseSHA != sha(h.opts.BaseTemplate) || !sameStructures(committed, target)
	if fileStructural && !withFile {
		return res, true, nil
	}
	hash := structureHash(h.opts.BaseTemplate, h.sticky.path, target)
	running, err := h.runningStructure(ctx)
	if err != nil {
		return res, false, err
	}

	// A full read of the live servers on structural changes, on the first
	// Apply and every FullCheckInterval (which heals drift, such as a
	// weight changed by hand); otherwise only the backends of services that
	// changed since the last Apply.
	var changed []string
	full := fileStructural || hash != running || h.state == nil || h.forceFull || time.Since(h.state.at) > h.opts.FullCheckInterval
	if !full {
		for k, s := range valid {
			if m, ok := h.memo[k]; !ok || !equalService(&m, s) {
				changed = append(changed, backendsOf(s)...)
			}
		}
		sort.Strings(changed)
	}
	var live map[string]map[string]liveServer
	if full {
		live, err = h.readState(ctx, nil)
	} else {
		live, err = h.readState(ctx, changed)
	}
	if err != nil {
		return res, false, err
	}
	// The structure is committed (validated) before anything changes at
	// runtime: a service HAProxy refuses gets no runtime change either.
	oldText, err := readIfExists(h.opts.ConfigPath)
	if err != nil {
		return res, false, err
	}
	prevCommitted, prevBase, prevStructure := h.file.committed, h.file.baseSHA, h.file.structure
	// The sticky map file first: a reload below loads it.
	stickyNext := h.sticky.next(stickyEntries(valid), nil, func(k string) bool { return verrs[k] != nil && target[k] != nil })
	if err := h.sticky.writeFile(stickyNext); err != nil {
		return res, false, err
	}
	if fileStructural {
		if hash, err = h.writeStructure(ctx, target, committed, valid, &res); err != nil {
			return res, false, err
		}
	}
	// The full path has just read HAProxy: a failed batch stays in
	// res.Errors, per service, as the reload below may still serve the rest.
	n, _ := h.syncServers(ctx, valid, live, &res, false)
	res.RuntimeOps += n
	if hash != running {
		if err := h.saveServerState(ctx, nil); err != nil {
			return res, false, err
		}
		if err := h.reload(ctx, hash, frontendsOf(target)); err != nil {
			if fileStructural {
				if rerr := h.file.restore(oldText, prevCommitted, prevBase, prevStructure); rerr != nil {
					err = errors.Join(err, fmt.Errorf("restoring the previous config: %w", rerr))
				}
			}
			return res, false, err
		}
		res.Reloaded = true
		if live, err = h.readState(ctx, nil); err != nil {
			return res, false, err
		}
		// Servers of new backends came from the file; drains and anything
		// the state file did not carry are set now.
		n, _ := h.syncServers(ctx, valid, live, &res, false)
		res.RuntimeOps += n
	}
	h.syncSticky(ctx, stickyNext, nil, full || res.Reloaded, &res)
	if !fileStructural {
		// Only servers differ from the file: HAProxy has them already, the
		// file follows in the background.
		pending := map[string]*Service{}
		for k, s := range target {
			if !slices.Equal(committed[k].Servers, s.Servers) {
				pending[k] = s
			}
		}
		h.persist.schedule(pending)
	}
	if res.RuntimeOps > 0 || res.Reloaded {
		var refresh []string // nil: all
		if !full && !res.Reloaded {
			refresh = changed
		}
		if err := h.saveServerState(ctx, refresh); err != nil {
			return res, false, err
		}
	}
	h.rememberTracks(valid)
	h.memo = make(map[string]Service, len(valid))
	for k, s := range valid {
		if res.Errors[k] == nil {
			m := *s
			m.Servers = slices.Clone(s.Servers)
			h.memo[k] = m
		}
	}
	h.rememberRefused(desired, res.Errors)
	if full {
		h.forceFull = false
	}
	if len(res.Errors) > 0 {
		h.log.Warn("haproxy apply: some services kept their previous state", "errors", len(res.Errors))
	}
	return res, false, nil
}

// writeStructure writes target as the whole file. When HAProxy refuses it,
// each changed service is checked alone with the base template; the
// failing ones keep what the file had (or stay out if new) and the rest is
// committed. It returns the structure hash of what was committed.
func (h *HAProxy) writeStructure(ctx context.Context, target, committed, valid map[string]*Service, res *Result) (string, error) {
	base := h.opts.BaseTemplate
	whole := h.file.writeStructure(base, target, structureHash(base, h.sticky.path, target))
	if whole == nil {
		return h.file.structure, nil
	}
	if !errors.Is(whole, errRefused) {
		return "", whole
	}
	var changedKeys []string
	for k, s := range target {
		if c := committed[k]; c == nil || !equalService(c, s) || h.file.foreign {
			changedKeys = append(changedKeys, k)
		}
	}
	sort.Strings(changedKeys)
	found := false
	for _, k := range changedKeys {
		err := h.check(ctx, renderFile(base, h.sticky.path, map[string]*Service{k: target[k]}))
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		found = true
		res.Errors[k] = fmt.Errorf("service %s: %w", k, err)
		delete(valid, k)
		if c, ok := committed[k]; ok {
			target[k] = c
		} else {
			delete(target, k)
		}
	}
	if !found {
		return "", fmt.Errorf("haproxy configuration refused, nothing applied: %w", whole)
	}
	if err := h.file.writeStructure(base, target, structureHash(base, h.sticky.path, target)); err != nil {
		return "", fmt.Errorf("haproxy configuration refused even without the failing services, nothing applied: %w", err)
	}
	return h.file.structure, nil
}

// sameStructures reports whether two sets of services have the same keys
// and structures (they differ at most in servers).
func sameStructures(a, b map[string]*Service) bool {
	if len(a) != len(b) {
		return false
	}
	for k, s := range a {
		if t, ok := b[k]; !ok || !sameStructure(s, t) {
			return false
		}
	}
	return true
}

// portsOf is what the services in the file bind, by key.
func portsOf(services map[string]*Service) map[string][]int {
	out := make(map[string][]int, len(services))
	for k, s := range services {
		out[k] = bindPorts(s)
	}
	return out
}

// refusedRetry is how long an unchanged refused service is reported
// without being tried again by the servers-only path: a port another
// process holds may be freed, a runtime refusal may pass next time.
const refusedRetry = time.Second

type refusedEntry struct {
	svc     Service
	err     error
	retryAt time.Time
}

func (h *HAProxy) rememberRefused(desired Config, errs map[string]error) {
	h.refused = map[string]refusedEntry{}
	if len(errs) == 0 {
		return
	}
	retryAt := time.Now().Add(refusedRetry)
	for i := range desired.Services {
		s := &desired.Services[i]
		err, ok := errs[s.Key()]
		if !ok {
			err, ok = errs[s.Name]
		}
		if ok {
			e := refusedEntry{svc: *s, err: err, retryAt: retryAt}
			e.svc.Servers = slices.Clone(s.Servers)
			h.refused[s.Key()] = e
		}
	}
}

// applyServers is the fast path of Apply with thousands of services: when
// only servers changed since the last Apply (same services, same
// structure, the file as this applier left it, no full check due), it
// validates and reads the state of the changed services only, changes
// HAProxy at runtime and leaves the configuration file to the background
// writer. done is false when the full path must run.
func (h *HAProxy) applyServers(ctx context.Context, desired Config) (res Result, done bool, err error) {
	// A due full check is the background's (drift.go), unless overdue.
	if h.state == nil || h.forceFull || time.Since(h.state.at) > 2*h.opts.FullCheckInterval ||
		len(desired.Services) != len(h.memo)+len(h.refused) {
		return res, false, nil
	}
	if stat, writing := h.persist.fileStat(h.file); !writing {
		// Changed by someone else: the full path reads it. (While the
		// background writer commits, the stamp is in flux; the next check
		// catches a foreign edit.)
		if st, err := stamp(h.opts.ConfigPath); err != nil || st != stat {
			return res, false, nil
		}
	}
	res.Errors = map[string]error{}
	now := time.Now()
	var changed []*Service
	// consider sorts one desired service: unchanged, refused again, changed
	// servers, or a change the full path must make (full).
	consider := func(s *Service, key string) (full bool) {
		m, ok := h.memo[key]
		if !ok {
			r, ok := h.refused[key]
			if !ok || now.After(r.retryAt) || !equalService(&r.svc, s) {
				return true
			}
			res.Errors[key] = r.err
			return false
		}
		if equalService(&m, s) {
			return false
		}
		if !sameStructure(&m, s) {
			return true
		}
		changed = append(changed, s)
		return false
	}
	// With a usable Delta, only the services the producer says changed
	// since the Config this applier took last: the others are in memo or
	// refused as they are (the same keys, the same count).
	idx, delta := UsableDelta(&desired, h.took)
	n := len(desired.Services)
	if delta {
		for key, r := range h.refused {
			if now.After(r.retryAt) {
				return res, false, nil // tried again by the full path
			}
			res.Errors[key] = r.err
		}
		n = len(idx)
	}
	seen := make(map[string]bool, n)
	for j := range n {
		i := j
		if delta {
			i = idx[j]
		}
		s := &desired.Services[i]
		key := s.Key()
		if seen[key] {
			return res, false, nil
		}
		seen[key] = true
		delete(res.Errors, key) // refused before, looked at again below
		if consider(s, key) {
			return res, false, nil
		}
	}
	if len(changed) == 0 {
		return res, true, nil
	}
	valid := map[string]*Service{}
	var backends []string
	for _, s := range changed {
		if err := s.Validate(); err != nil {
			// The last good servers keep running; the memo keeps them,
			// so the same input is validated (and refused) again next time.
			res.Errors[s.Key()] = err
			continue
		}
		valid[s.Key()] = s
		backends = append(backends, backendsOf(s)...)
	}
	sort.Strings(backends)
	live, err := h.liveOf(ctx, backends)
	if err != nil {
		return res, true, err
	}
	ops, err := h.syncServers(ctx, valid, live, &res, true)
	res.RuntimeOps = ops
	if err != nil {
		// HAProxy did not answer (the reads above may have come from the
		// cache): the caller learns it as it did from a failed read.
		return res, true, err
	}
	scope := slices.Sorted(maps.Keys(valid))
	stickyNext := h.sticky.next(stickyEntries(valid), scope, nil)
	if err := h.sticky.writeFile(stickyNext); err != nil {
		return res, true, err
	}
	h.syncSticky(ctx, stickyNext, scope, false, &res)
	pending := map[string]*Service{}
	for k, s := range valid {
		if res.Errors[k] != nil {
			delete(h.memo, k) // the full path sorts it out next time
			continue
		}
		m := *s
		m.Servers = slices.Clone(s.Servers)
		h.memo[k] = m
		pending[k] = fileModel(s)
	}
	h.persist.schedule(pending)
	if res.RuntimeOps > 0 {
		h.states.schedule(backends)
	}
	h.updateTracks(valid)
	return res, true, nil
}

// backendsOf lists a service's backends: public, then canary, then stable.
func backendsOf(s *Service) []string {
	out := []string{BackendName(s.Name, s.Port)}
	if s.HasCanaryBackend() {
		out = append(out, CanaryBackendName(s.Name, s.Port))
	}
	if s.HasStableBackend() {
		out = append(out, StableBackendName(s.Name, s.Port))
	}
	return out
}

// portsInUse refuses services that would bind a port this HAProxy does not
// hold yet and that another process holds (another sandbox's HAProxy,
// anything else): with noreuseport the whole reload would fail, taking
// every other change with it. The check binds the way HAProxy will, so a
// base without noreuseport may still share a port with another process
// that allows it. The service is retried on later applies.
func (h *HAProxy) portsInUse(valid map[string]*Service, committed map[string]*Service) map[string]error {
	held := map[int]bool{}
	for _, s := range committed {
		for _, p := range bindPorts(s) {
			held[p] = true
		}
	}
	errs := map[string]error{}
	if h.noPortCheck {
		return errs
	}
	for k, s := range valid {
		for _, p := range bindPorts(s) {
			if held[p] {
				continue
			}
			addr := net.JoinHostPort(s.BindAddress, strconv.Itoa(p))
			ln, err := listenLike(addr, !h.noReusePort)
			if err != nil {
				errs[k] = fmt.Errorf("service %s: cannot bind %s: %w: another process holds it (another HAProxy or sandbox on this machine?); free the port or give the service another servicePort, it is retried", k, addr, err)
				break
			}
			ln.Close()
		}
	}
	return errs
}

// check runs `haproxy -c` on text (one service alone with the base
// template, to find which service HAProxy refuses).
func (h *HAProxy) check(ctx context.Context, text string) error {
	return checkText(ctx, h.opts.HAProxyBin, h.file.txDir, text)
}

// checkText runs `haproxy -W -c` (as the running master reads its file) on
// text, written to a temporary file in dir (0700: it holds the whole
// configuration). HAProxy's refusal wraps errRefused and names its alerts.
func checkText(ctx context.Context, bin, dir, text string) error {
	f, err := os.CreateTemp(dir, "check-*.cfg")
	if err != nil {
		return fmt.Errorf("haproxy validation: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("haproxy validation: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("haproxy validation: %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "-W", "-c", "-f", f.Name())
	cmd.Env = checkEnv(os.Environ())
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	var alerts []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "[ALERT]") {
			alerts = append(alerts, strings.TrimSpace(line))
		}
	}
	if len(alerts) == 0 {
		alerts = []string{strings.TrimSpace(string(out))}
	}
	return fmt.Errorf("%w: %v: %s", errRefused, err, strings.Join(alerts, " | "))
}

// checkEnv is the environment of `haproxy -c`: the agent's, with glibc's
// malloc asked to back its heap with transparent huge pages unless the
// operator set GLIBC_TUNABLES. Half of a check's time at 1000 services is
// page faults on fresh heap (BENCHMARKS.md, issue 21): with huge pages it
// takes 0.07-0.15 s instead of 0.20-0.26 s, for 1-2 MB more of a process
// that exits at once. Only this throwaway process gets it: in HAProxy
// itself, direct compaction on a fragmented host could stall a worker.
// Other libcs, and kernels with THP off, ignore it.
func checkEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "GLIBC_TUNABLES=") {
			return env
		}
	}
	return append(env, "GLIBC_TUNABLES=glibc.malloc.hugetlb=1")
}

// serverOp is one logical runtime change: a few CLI commands.
type serverOp struct {
	key  string
	cmds []string
}

// syncServers brings the servers of every existing backend of the valid
// services to the desired state through the runtime API. Backends that do
// not exist yet are left to the reload. With readBack, the batch then
// reads the backends it changed into the live state cache, in the same
// round trip: the next change to them (another task of a scale-up, a
// health check passing soon after the task started) need not read them
// first, and the background state saver need not read them at all.
func (h *HAProxy) syncServers(ctx context.Context, valid map[string]*Service, live map[string]map[string]liveServer, res *Result, readBack bool) (int, error) {
	var ops []serverOp
	keys := slices.Sorted(maps.Keys(valid))
	for _, key := range keys {
		s := valid[key]
		for _, set := range s.backendSets() {
			have, ok := live[set.Name]
			if !ok {
				continue
			}
			want := map[string]*Server{}
			for j := range set.Servers {
				want[set.Servers[j].Name] = &set.Servers[j]
			}
			for _, cmds := range backendOps(set.Name, want, have) {
				ops = append(ops, serverOp{key, cmds})
			}
		}
	}
	if len(ops) == 0 {
		return 0, nil
	}
	var cmds []string
	for _, op := range ops {
		cmds = append(cmds, op.cmds...)
	}
	// A server this batch adds or changes is no longer to be deleted (a
	// task moved, its server re-added under the same name).
	for _, c := range cmds {
		if ref, ok := serverRef(c); ok && !strings.HasPrefix(c, "del server ") && !strings.HasSuffix(c, " state maint") {
			h.deletes.cancel(ref)
		}
	}
	var reread []string
	if readBack && h.state != nil {
		reread = changedBackends(cmds)
	}
	errs, reads, err := h.stats.batchRead(ctx, cmds, reread)
	if err != nil {
		for _, op := range ops {
			res.Errors[op.key] = errors.Join(res.Errors[op.key], fmt.Errorf("service %s: %w", op.key, err))
		}
		return 0, err
	}
	i := 0
	for _, op := range ops {
		for range op.cmds {
			if isBusyDelete(cmds[i], errs[i]) {
				h.deletes.add(h, strings.TrimPrefix(cmds[i], "del server "))
			} else if errs[i] != nil {
				h.log.Warn("haproxy runtime command refused", "service", op.key, "err", errs[i])
				res.Errors[op.key] = errors.Join(res.Errors[op.key], fmt.Errorf("service %s: %w", op.key, errs[i]))
			}
			i++
		}
	}
	for be, r := range reads {
		if r.seq != 0 {
			h.cacheLines(be, r.lines, r.seq)
		}
	}
	return len(ops), nil
}

// changedBackends lists, sorted, the backends whose servers cmds change.
func changedBackends(cmds []string) []string {
	var out []string
	for _, c := range cmds {
		if be, ok := serverBackend(c); ok {
			out = append(out, be)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// backendOps lists the runtime commands (one slice per server) that bring
// one backend's servers from have to want. A batch runs one command at a
// time while other threads serve requests, so every command that gives a
// server traffic (add, ready, a higher weight) comes before every one that
// takes traffic away (a lower weight, drain, removal): at no point between
// two commands is the backend left without a usable server when both its
// old and its new state have one. Otherwise moving all traffic from one
// app's tasks to another's (drain.Surge: the stable app's weights to 0, the
// surge app's servers added) answered 503 for the moment between them, the
// names of the first sorting first.
func backendOps(be string, want map[string]*Server, have map[string]liveServer) [][]string {
	// A server whose address changed keeps its name, so it must go before
	// it is re-added.
	var moved, gain, loss, gone [][]string
	for _, name := range slices.Sorted(maps.Keys(have)) {
		l := have[name]
		if d, ok := want[name]; !ok {
			gone = append(gone, removeCmds(be, name))
		} else if d.Addr != l.Addr || d.Port != l.Port {
			moved = append(moved, removeCmds(be, name))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		d := want[name]
		l, ok := have[name]
		if !ok || d.Addr != l.Addr || d.Port != l.Port {
			gain = append(gain, addCmds(be, d))
			continue
		}
		switch {
		case l.UWeight < d.Weight:
			gain = append(gain, []string{fmt.Sprintf("set server %s/%s weight %d", be, name, d.Weight)})
		case l.UWeight > d.Weight:
			loss = append(loss, []string{fmt.Sprintf("set server %s/%s weight %d", be, name, d.Weight)})
		}
		switch {
		case d.Draining && (!l.draining() || l.maint()):
			loss = append(loss, []string{"set server " + be + "/" + name + " state drain"})
		case !d.Draining && (l.draining() || l.maint()):
			gain = append(gain, []string{"set server " + be + "/" + name + " state ready"})
		}
	}
	return slices.Concat(moved, gain, loss, gone)
}

// addCmds adds a server at runtime. No `enabled` keyword: on 2.6.12 such a
// server shows UP but never gets traffic (haproxy #2497); add, enable health,
// then enable (or drain) it.
func addCmds(be string, d *Server) []string {
	ref := be + "/" + d.Name
	last := "enable server " + ref
	if d.Draining {
		last = "set server " + ref + " state drain"
	}
	return []string{"add server " + ref + " " + serverParams(d), "enable health " + ref, last}
}

// removeCmds deletes a server: HAProxy deletes only servers in maintenance
// without sessions. Callers that care drain first (Server.Draining) and wait
// for Sessions to reach 0; a server that vanishes from the desired config
// has its remaining sessions cut after Options.DeleteGrace (delete.go).
func removeCmds(be, name string) []string {
	ref := be + "/" + name
	return []string{"set server " + ref + " state maint", "del server " + ref}
}

// updateTracks replaces the tracks of the given services' backends.
func (h *HAProxy) updateTracks(svcs map[string]*Service) {
	h.trackMu.Lock()
	defer h.trackMu.Unlock()
	for _, s := range svcs {
		for _, be := range backendsOf(s) {
			delete(h.tracks, be)
		}
		addTracks(h.tracks, s)
	}
}

// addTracks records the track of each server of s in every backend it is in.
func addTracks(t map[string]map[string]string, s *Service) {
	for _, set := range s.backendSets() {
		for _, sv := range set.Servers {
			if t[set.Name] == nil {
				t[set.Name] = map[string]string{}
			}
			track := sv.Track
			if track == "" {
				track = TrackStable
			}
			t[set.Name][sv.Name] = track
		}
	}
}

func (h *HAProxy) rememberTracks(valid map[string]*Service) {
	t := map[string]map[string]string{}
	for _, s := range valid {
		addTracks(t, s)
	}
	h.trackMu.Lock()
	// Refused services keep their previous tracks.
	for be, m := range h.tracks {
		if _, ok := t[be]; !ok {
			t[be] = m
		}
	}
	h.tracks = t
	h.trackMu.Unlock()
}

func (h *HAProxy) runningStructure(ctx context.Context) (string, error) {
	out, err := h.stats.exec(ctx, "show env "+structureEnv)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), structureEnv+"="); ok {
			return v, nil
		}
	}
	return "", nil // not started from a yodel-rendered file
}

func (h *HAProxy) showProc(ctx context.Context) (procInfo, error) {
	out, err := h.master.exec(ctx, "show proc;quit")
	if err != nil {
		return procInfo{}, err
	}
	return parseShowProc(out)
}

// Alive checks that HAProxy runs and serves: its master answers `show
// proc` and lists a current worker, and that worker answers on the admin
// socket. An error means this load balancer serves nothing at all (a
// reload that killed the master takes every worker with it).
func (h *HAProxy) Alive(ctx context.Context) error {
	p, err := h.showProc(ctx)
	if err != nil {
		return fmt.Errorf("HAProxy is not running: its master CLI does not answer: %w", err)
	}
	if len(p.Workers) == 0 {
		return errors.New("HAProxy is not serving: its master runs no current worker")
	}
	if _, err := h.stats.exec(ctx, "show info"); err != nil {
		return fmt.Errorf("HAProxy is not serving: its worker does not answer on the admin socket: %w", err)
	}
	return nil
}

// frontendsOf lists the frontends the services render.
func frontendsOf(services map[string]*Service) []string {
	var out []string
	for _, s := range services {
		out = append(out, frontendName(s.Name, s.Port))
		if s.IsolatedPort != 0 {
			out = append(out, isolatedFrontendName(s.Name, s.Port))
		}
	}
	sort.Strings(out)
	return out
}

// serving checks that the worker answering the admin socket has every
// frontend of want open: a new worker is not serving until its listeners
// are (a master binding thousands of frontends pauses the old worker's
// listeners meanwhile).
func (h *HAProxy) serving(ctx context.Context, want []string) error {
	if len(want) == 0 {
		return nil
	}
	out, err := h.stats.exec(ctx, "show stat -1 1 -1")
	if err != nil {
		return err
	}
	rows, err := parseStats(out)
	if err != nil {
		return err
	}
	status := make(map[string]string, len(rows))
	for _, r := range rows {
		if r.Type == 0 {
			status[r.Proxy] = r.str("status")
		}
	}
	var bad []string
	for _, fe := range want {
		if st := status[fe]; st != "OPEN" {
			if st == "" {
				st = "missing"
			}
			bad = append(bad, fe+" "+st)
		}
	}
	if len(bad) > 0 {
		if len(bad) > 5 {
			bad = append(bad[:5], fmt.Sprintf("and %d more", len(bad)-5))
		}
		return fmt.Errorf("frontends not open in the new worker: %s", strings.Join(bad, ", "))
	}
	return nil
}

// reload asks the master for a seamless reload and waits until a new worker
// generation runs the new structure with every frontend in frontends open.
// HAProxy 2.6 sends no status reply to `reload`, so success is read from
// `show proc`, the worker's env and its frontends' status.
func (h *HAProxy) reload(ctx context.Context, hash string, frontends []string) error {
	before, err := h.showProc(ctx)
	if err != nil {
		return fmt.Errorf("haproxy reload: %w", err)
	}
	start := time.Now()
	if _, err := h.master.exec(ctx, "reload;quit"); err != nil {
		return fmt.Errorf("haproxy reload: %w", err)
	}
	h.reloads.Add(1)
	ctx, cancel := context.WithTimeout(ctx, h.opts.ReloadTimeout)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		p, err := h.showProc(ctx)
		switch {
		case err != nil:
			last = err // the master re-executes itself: brief refusals are normal
		case p.Failed > before.Failed:
			return fmt.Errorf("haproxy reload: the new worker failed to start (see HAProxy's log); the previous workers keep serving")
		case p.Reloads > before.Reloads && slices.ContainsFunc(p.Workers, func(pid int) bool { return !slices.Contains(before.Workers, pid) }):
			running, err := h.runningStructure(ctx)
			if err == nil && running == hash {
				if err = h.serving(ctx, frontends); err == nil {
					h.log.Info("haproxy reloaded", "took", time.Since(start).Round(time.Millisecond), "structure", hash)
					return nil
				}
				last = fmt.Errorf("new worker up: %w", err)
				break
			}
			last = fmt.Errorf("new worker up, stats socket still answers with structure %q (want %q): %v", running, hash, err)
		}
		select {
		case <-ctx.Done():
			actx, acancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			aerr := h.Alive(actx)
			acancel()
			if aerr != nil {
				return fmt.Errorf("haproxy reload: no new worker serving within %s (%v), and %w", h.opts.ReloadTimeout, last, aerr)
			}
			return fmt.Errorf("haproxy reload: no new worker serving within %s: %v", h.opts.ReloadTimeout, last)
		case <-tick.C:
		}
	}
}

// fileStamp tells whether a file changed since this applier wrote it.
// fileStamp tells whether a file changed since yodel read or wrote it.
// Size and mtime alone miss a rewrite of the same size within the file
// system's timestamp tick (a few ms on ext4): another applier's or an
// editor's. The inode (every atomic replace, yodel's own and most
// editors', makes a new one) and the ctime close most of that.
type fileStamp struct {
	size int64
	mod  time.Time
	id   fileID
}

func stamp(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, fmt.Errorf("haproxy config: %w", err)
	}
	return fileStamp{fi.Size(), fi.ModTime(), idOf(fi)}, nil
}

// hasDirective reports whether a line of text starts with the keyword.
func hasDirective(text, kw string) bool {
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == kw {
			return true
		}
	}
	return false
}

func readIfExists(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("haproxy config: %w", err)
	}
	return string(b), nil
}

// writeAtomic replaces path so readers (HAProxy at reload) never see half a
// file, nor an empty one after a power loss (atomicfile fsyncs first). A
// file already there keeps its mode: HAProxy's files are the operator's.
func writeAtomic(path string, mode os.FileMode, parts ...string) error {
	// Written as strings: []byte(text) would copy them, and the
	// server-state file is written from the cache's own strings.
	return atomicfile.WriteKeepMode(path, mode, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 16<<10) // about 20 writes for 3000 servers
		for _, p := range parts {
			if _, err := bw.WriteString(p); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}
