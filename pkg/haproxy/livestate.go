package haproxy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// stateCache holds HAProxy's `show servers state` per backend. It serves two
// purposes: the server-state file is rewritten from it after a runtime change
// (re-reading only the backends that changed), and it lets a one-server
// change read one backend instead of thousands.
type stateCache struct {
	head  string            // "1\n# be_id be_name ...\n"
	lines map[string]string // backend -> its lines, in HAProxy's order
	at    time.Time         // last full read
	order []string          // lines' keys, sorted; nil when they changed
	// The write log's sequence number when the last full read began, and
	// when each backend's last read of its own began (writeLog.clean).
	fullAt uint64
	readAt map[string]uint64
}

// readSince is the write log's sequence number when backend's lines were
// last read.
func (c *stateCache) readSince(backend string) uint64 {
	return max(c.fullAt, c.readAt[backend])
}

// splitState splits a dump into its header and per-backend lines. Backends
// listed in names but absent from the dump (no servers) get "".
func splitState(out string) (string, map[string]string, error) {
	if !strings.HasPrefix(out, "1\n") {
		return "", nil, fmt.Errorf("haproxy show servers state: unexpected reply %q", truncate(out, 120))
	}
	rest := out[2:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 || !strings.HasPrefix(rest, "#") {
		return "", nil, fmt.Errorf("haproxy show servers state: no header in %q", truncate(out, 120))
	}
	head := out[:2+i+1]
	lines := map[string]string{}
	for _, line := range strings.SplitAfter(rest[i+1:], "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		if len(f) < 3 {
			continue
		}
		lines[f[1]] += line
	}
	return head, lines, nil
}

// fullRead is every backend's live servers as one read found them. It
// is taken without h.mu (fetchAll) and installed as the live state cache
// under it (install).
type fullRead struct {
	live  map[string]map[string]liveServer
	head  string
	lines map[string]string
	began uint64 // the write log's sequence number when the read began
}

// fetchAll reads the live servers of every backend. It touches no field
// that h.mu guards: the background full check reads HAProxy while Applies
// go on.
func (h *HAProxy) fetchAll(ctx context.Context) (fullRead, error) {
	began := h.stats.log.now()
	out, err := h.stats.exec(ctx, "show servers state")
	if err != nil {
		return fullRead{}, err
	}
	head, lines, err := splitState(out)
	if err != nil {
		return fullRead{}, err
	}
	names, err := h.stats.exec(ctx, "show backend")
	if err != nil {
		return fullRead{}, err
	}
	live := map[string]map[string]liveServer{}
	for _, n := range strings.Split(names, "\n") {
		if n = strings.TrimSpace(n); n != "" && !strings.HasPrefix(n, "#") {
			live[n] = map[string]liveServer{}
		}
	}
	parsed, err := parseServersState(out)
	if err != nil {
		return fullRead{}, err
	}
	maps.Copy(live, parsed)
	return fullRead{live: live, head: head, lines: lines, began: began}, nil
}

// install makes r the live state cache. Backends written since r began
// are re-read when next needed (writeLog.clean). The caller holds h.mu.
func (h *HAProxy) install(r fullRead) {
	h.state = &stateCache{head: r.head, lines: r.lines, at: time.Now(), fullAt: r.began}
}

// readState reads the live servers of every backend (backends == nil) or of
// the given ones. Every existing backend is in the result, empty or not;
// a backend HAProxy does not have is absent. The caller holds h.mu.
func (h *HAProxy) readState(ctx context.Context, backends []string) (map[string]map[string]liveServer, error) {
	if backends == nil {
		r, err := h.fetchAll(ctx)
		if err != nil {
			return nil, err
		}
		h.install(r)
		return r.live, nil
	}
	live := map[string]map[string]liveServer{}
	for _, be := range backends {
		began := h.stats.log.now()
		out, err := h.stats.exec(ctx, "show servers state "+be)
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(out, "1\n") {
			// "Can't find backend.": new, the reload will create it.
			if _, had := h.state.lines[be]; had {
				delete(h.state.lines, be)
				h.state.order = nil
			}
			continue
		}
		_, lines, err := splitState(out)
		if err != nil {
			return nil, err
		}
		parsed, err := parseServersState(out)
		if err != nil {
			return nil, err
		}
		live[be] = parsed[be]
		if live[be] == nil {
			live[be] = map[string]liveServer{}
		}
		h.cacheLines(be, lines[be], began)
	}
	return live, nil
}

// cacheLines puts one backend's lines, read when the write log stood at
// seq, into the live state cache. The caller holds h.mu.
func (h *HAProxy) cacheLines(be, lines string, seq uint64) {
	if _, had := h.state.lines[be]; !had {
		h.state.order = nil
	}
	h.state.lines[be] = lines
	if h.state.readAt == nil {
		h.state.readAt = map[string]uint64{}
	}
	h.state.readAt[be] = seq
}

// cached returns a backend's lines in the live state cache, if it has
// them and nothing wrote to the backend since they were read. The caller
// holds h.mu.
func (h *HAProxy) cached(be string) (string, bool) {
	lines, ok := h.state.lines[be]
	if !ok || !h.stats.log.clean(be, h.state.readSince(be)) {
		return "", false
	}
	return lines, true
}

// liveOf is readState for Apply's runtime path: a backend that nothing
// wrote to since its lines were read comes from the cache, so a one-task
// change asks HAProxy once (its commands), not twice; the others are read.
// What another client of the runtime API changes is healed by the full
// check (Options.FullCheckInterval), as for the backends no apply touches.
func (h *HAProxy) liveOf(ctx context.Context, backends []string) (map[string]map[string]liveServer, error) {
	live := map[string]map[string]liveServer{}
	var read []string
	for _, be := range backends {
		lines, ok := h.cached(be)
		if !ok || lines == "" {
			read = append(read, be)
			continue
		}
		parsed, err := parseServersState(h.state.head + lines)
		if err != nil || parsed[be] == nil {
			read = append(read, be)
			continue
		}
		live[be] = parsed[be]
	}
	if len(read) == 0 {
		return live, nil
	}
	got, err := h.readState(ctx, read)
	if err != nil {
		return nil, err
	}
	maps.Copy(live, got)
	return live, nil
}

// stateParts is the server-state file's content from the cache, in order:
// the cache's own strings (immutable), not a copy of the file, so that the
// background saver holds h.mu (which Apply waits for) only to list them.
// The caller holds h.mu.
func (h *HAProxy) stateParts() []string {
	c := h.state
	if c.order == nil {
		c.order = slices.Sorted(maps.Keys(c.lines))
	}
	parts := make([]string, 0, len(c.order)+1)
	parts = append(parts, c.head)
	for _, k := range c.order {
		parts = append(parts, c.lines[k])
	}
	return parts
}

// saveServerState refreshes the given backends (nil: all) from HAProxy and
// writes the server-state file; the caller holds h.mu.
func (h *HAProxy) saveServerState(ctx context.Context, backends []string) error {
	gen, parts, err := h.snapshotState(ctx, backends)
	if err != nil {
		return err
	}
	return h.stateFile.write(h.opts.ServerStateFile, gen, parts)
}

// snapshotState refreshes the given backends (nil, or no cache yet: all)
// from HAProxy and returns the server-state file's content with its
// generation; the caller holds h.mu.
func (h *HAProxy) snapshotState(ctx context.Context, backends []string) (uint64, []string, error) {
	if h.state == nil {
		backends = nil
	}
	if backends == nil || len(backends) > 0 {
		if _, err := h.readState(ctx, backends); err != nil {
			return 0, nil, err
		}
	}
	h.stateGen++
	return h.stateGen, h.stateParts(), nil
}

// written lists those of backends that were written to since the live
// state cache read them; the caller holds h.mu. The others' cached lines
// are what HAProxy's runtime API left them: a batch reads back what it
// changed (syncServers).
func (h *HAProxy) written(backends []string) []string {
	out := []string{} // not nil: nil means every backend to snapshotState
	for _, be := range backends {
		if _, ok := h.cached(be); !ok {
			out = append(out, be)
		}
	}
	return out
}

// stateFile orders the writes of the server-state file: one made outside
// h.mu (the background saver) must not replace a newer one.
type stateFile struct {
	mu      sync.Mutex
	written uint64 // generation of the content on disk
}

func (f *stateFile) write(path string, gen uint64, parts []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gen <= f.written {
		return nil
	}
	if err := writeAtomic(path, 0o644, parts...); err != nil {
		return err
	}
	f.written = gen
	return nil
}

// stateGap gathers the runtime changes of a burst into one write of the
// server-state file.
const stateGap = 50 * time.Millisecond

// stateSaver keeps the server-state file current after runtime changes
// (applyServers, deletions) in the background: at 1000 services the file
// is 3000 lines written with fsync, 2-3 ms that each one-task change spent
// after HAProxy had it but before Apply returned, holding up the next
// change. Nothing reads the file but HAProxy starting or reloading: Apply
// writes it itself before a reload it makes, Flush waits for it, and a
// reload from elsewhere within stateGap of a change may miss that change's
// weights and drains (as it may miss its servers in the configuration
// file, which follows within persistGap).
type stateSaver struct {
	coalescer[string, struct{}] // backends to refresh from HAProxy first
}

func newStateSaver(h *HAProxy) stateSaver {
	return stateSaver{coalescer[string, struct{}]{gap: stateGap, gather: true, steady: true, write: func(batch map[string]struct{}) error {
		err := h.saveStateBackground(slices.Sorted(maps.Keys(batch)))
		if err != nil {
			h.log.Warn("haproxy: writing the server-state file failed; the next apply writes it", "err", err)
		}
		return err
	}}}
}

// schedule queues backends to refresh and write; the caller holds h.mu.
func (s *stateSaver) schedule(backends []string) {
	s.coalescer.schedule(func(pending map[string]struct{}) {
		for _, be := range backends {
			pending[be] = struct{}{}
		}
	})
}

// saveStateBackground takes the file's content under h.mu and writes it
// after releasing it.
func (h *HAProxy) saveStateBackground(backends []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h.mu.Lock()
	if h.state != nil {
		// Usually none: a read here, under h.mu, would hold up the next
		// change. The cached lines are as the batch that wrote them left
		// them; what HAProxy's own checks changed since then reaches the
		// file with the next read, as it would a moment after any read.
		backends = h.written(backends)
	}
	gen, parts, err := h.snapshotState(ctx, backends)
	h.mu.Unlock()
	if err != nil {
		return err
	}
	return h.stateFile.write(h.opts.ServerStateFile, gen, parts)
}
