package haproxy

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Removal timing. A removed server first goes to maintenance: no new
// requests, and a request still connecting to it (a task that died a few ms
// before Marathon said so) fails over to another server through `retries` +
// `option redispatch`. Cutting its sessions at once would kill that request
// instead (the client sees an empty reply), so the sessions get DeleteGrace
// to end on their own; only then are the remaining ones (long TCP sessions,
// a slow request on a task being killed) cut.
//
// HAProxy refuses `del server` while the server has connections. Those
// deletions are finished in the background, one attempt at a time under
// the applier's mutex, so that a task killed mid-request does not hold up
// every other routing change (a new healthy task of another service
// included) for the grace period, as it did when Apply retried them itself.
const (
	defaultDeleteGrace = 250 * time.Millisecond
	// deleteGiveUpAfter is added to DeleteGrace: how long cut sessions and
	// idle connections may take to go before the deleter leaves the server
	// (in maintenance, without traffic) to the next full Apply.
	deleteGiveUpAfter = 750 * time.Millisecond
	deleteRetryIn     = 10 * time.Millisecond
)

// deleter holds the servers whose `del server` HAProxy refused for open
// connections, and runs the goroutine that retries them.
type deleter struct {
	mu      sync.Mutex
	pending map[string]*pendingDelete // by "backend/server"
	running bool
	done    chan struct{} // closed when the running goroutine exits
}

type pendingDelete struct {
	since time.Time
	cut   bool
}

// isBusyDelete tells a `del server` refused because the server still has
// connections (sessions, or idle connections other threads close shortly).
func isBusyDelete(cmd string, err error) bool {
	var ce *CommandError
	return strings.HasPrefix(cmd, "del server ") && errors.As(err, &ce) && strings.Contains(ce.Reply, "connections")
}

// serverRef is the backend/server a runtime command of syncServers names.
func serverRef(cmd string) (string, bool) {
	f := strings.Fields(cmd)
	if len(f) < 3 || !strings.Contains(f[2], "/") {
		return "", false
	}
	return f[2], true
}

// serverBackend is the backend of the server a runtime command names.
func serverBackend(cmd string) (string, bool) {
	ref, ok := serverRef(cmd)
	be, _, cut := strings.Cut(ref, "/")
	return be, ok && cut && be != ""
}

// add queues ref for deletion; the caller holds h.mu.
func (d *deleter) add(h *HAProxy, ref string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pending == nil {
		d.pending = map[string]*pendingDelete{}
	}
	if _, ok := d.pending[ref]; !ok {
		d.pending[ref] = &pendingDelete{since: time.Now()}
	}
	if !d.running {
		d.running = true
		d.done = make(chan struct{})
		go d.run(h, d.done)
	}
}

// cancel forgets ref: an Apply gives the server traffic again.
func (d *deleter) cancel(ref string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.pending, ref)
}

// pendingRefs lists the servers still to delete (tests, status).
func (d *deleter) pendingRefs() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.pending))
	for ref := range d.pending {
		out = append(out, ref)
	}
	sort.Strings(out)
	return out
}

// wait returns when nothing is left to delete or ctx ends.
func (d *deleter) wait(ctx context.Context) {
	d.mu.Lock()
	done, running := d.done, d.running
	d.mu.Unlock()
	if !running {
		return
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func (d *deleter) run(h *HAProxy, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(deleteRetryIn)
	defer t.Stop()
	for range t.C {
		if !d.attempt(h) {
			return
		}
	}
}

// attempt retries every pending deletion once, under h.mu so that no Apply
// runs between its commands (pending changes only under h.mu; d.mu is for
// readers that do not hold it). It reports whether any is left; when none is,
// the goroutine ends (running is cleared under d.mu, so a later add starts
// a new one).
func (d *deleter) attempt(h *HAProxy) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	d.mu.Lock()
	now := time.Now()
	var refs []string
	var batch []string
	var del []int // positions of the del commands in batch
	for ref, p := range d.pending {
		if now.Sub(p.since) > h.opts.DeleteGrace+deleteGiveUpAfter {
			h.log.Warn("haproxy: a removed server still has connections; it stays in maintenance, without traffic, until a later apply deletes it", "server", ref)
			delete(d.pending, ref)
			continue
		}
		if now.Sub(p.since) >= h.opts.DeleteGrace && !p.cut {
			p.cut = true
			h.log.Info("haproxy: cutting the sessions left on a removed server", "server", ref)
			batch = append(batch, "shutdown sessions server "+ref)
		}
		// A request that finished after the server entered maintenance
		// leaves its connection in the idle pool, which only entering
		// maintenance purges: leave it (drain takes no new requests
		// either) and enter it again.
		batch = append(batch, "set server "+ref+" state drain", "set server "+ref+" state maint")
		del = append(del, len(batch))
		batch = append(batch, "del server "+ref)
		refs = append(refs, ref)
	}
	if len(refs) == 0 {
		d.running = false
		d.mu.Unlock()
		return false
	}
	d.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	errs, err := h.stats.batch(ctx, batch)
	if err != nil {
		h.log.Warn("haproxy: deleting removed servers", "err", err)
		return true // HAProxy unreachable for now: retried until the give-up
	}
	// The server-state file follows (the cache it is written from must not
	// bring a deleted server back on the next reload); Flush waits for it.
	var deleted, backends []string
	for j, ref := range refs {
		if isBusyDelete(batch[del[j]], errs[del[j]]) {
			continue
		}
		if errs[del[j]] != nil {
			h.log.Warn("haproxy: deleting a removed server", "server", ref, "err", errs[del[j]])
		}
		deleted = append(deleted, ref)
		backends = append(backends, ref[:strings.IndexByte(ref, '/')])
	}
	if len(deleted) > 0 {
		sort.Strings(backends)
		h.states.schedule(slices.Compact(backends))
	}
	d.mu.Lock()
	for _, ref := range deleted {
		delete(d.pending, ref)
	}
	d.mu.Unlock()
	return true
}
