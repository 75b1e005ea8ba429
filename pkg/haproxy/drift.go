package haproxy

import (
	"context"
	"slices"
	"sync"
	"time"
)

// The full check (Options.FullCheckInterval) reads every server from
// HAProxy and puts back what another client of the runtime API changed.
// It used to run inside the first Apply after the interval, so that once
// an interval a one-task change waited for it: 40-90 ms at 1000 services,
// most of the one-task tail at realm scale (issue 21). It now runs in the
// background at a quiet moment (no Apply for checkQuiet). Apply's runtime
// path takes a due check upon itself only once it is overdue by another
// interval (HAProxy never quiet that long).

// checkQuiet is how long no Apply must have run before the background
// check takes h.mu: a burst of changes is not held up by it. checkEvery
// is the shortest period between two (a test's FullCheckInterval of a
// nanosecond makes every Apply a full one, not a busy background).
const (
	checkQuiet = 250 * time.Millisecond
	checkEvery = time.Second
)

type driftCheck struct {
	mu      sync.Mutex
	running bool
	stop    chan struct{}
	done    chan struct{}
}

// ensure starts the background check once Apply has a live state cache;
// the caller holds h.mu.
func (d *driftCheck) ensure(h *HAProxy) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.running || h.state == nil {
		return
	}
	d.running = true
	d.stop, d.done = make(chan struct{}), make(chan struct{})
	go d.run(h, d.stop, d.done)
}

// close stops the background check and waits for it.
func (d *driftCheck) close() {
	d.mu.Lock()
	running, stop, done := d.running, d.stop, d.done
	d.running = false
	d.mu.Unlock()
	if running {
		close(stop)
		<-done
	}
}

func (d *driftCheck) run(h *HAProxy, stop, done chan struct{}) {
	defer close(done)
	t := time.NewTimer(max(h.opts.FullCheckInterval, checkEvery))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		t.Reset(h.checkIfDue())
	}
}

// checkIfDue runs the full check if it is due and HAProxy has been quiet,
// and returns how long to wait before looking again. HAProxy is read
// without h.mu (43 ms at 1000 services × 3, most of the check): a change
// that comes meanwhile is applied at once, not after the read.
func (h *HAProxy) checkIfDue() time.Duration {
	every := max(h.opts.FullCheckInterval, checkEvery)
	h.mu.Lock()
	if h.state == nil {
		h.mu.Unlock()
		return every
	}
	if wait := every - time.Since(h.state.at); wait > 0 {
		h.mu.Unlock()
		return wait
	}
	if wait := checkQuiet - time.Since(h.lastApply); wait > 0 {
		h.mu.Unlock()
		return wait
	}
	cache, structure, hook := h.state, h.file.structure, h.afterCheckRead
	h.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	running, err := h.runningStructure(ctx)
	var read fullRead
	if err == nil && running == structure {
		read, err = h.fetchAll(ctx)
	}
	if hook != nil {
		hook()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state != cache || h.file.structure != structure {
		// A full apply or a reload came meanwhile, and read everything
		// itself.
		return every
	}
	if err == nil {
		err = h.checkDrift(ctx, running, read)
	}
	if err != nil {
		// The next Apply's full path reads it all again (and reports).
		h.log.Debug("haproxy: background full check failed", "err", err)
		h.forceFull = true
	}
	return every
}

// checkDrift is the full check between Applies, on what fetchAll read:
// every server of the services applied last (memo) and the sticky map as
// last written are put back where someone else changed them. A service
// an Apply wrote to since the read began is left out (the read is older
// than what it did). A structure that is not the one written (HAProxy
// restarted from another file) is left to the next Apply's full path.
// The caller holds h.mu.
func (h *HAProxy) checkDrift(ctx context.Context, running string, read fullRead) error {
	if running != h.file.structure {
		h.forceFull = true
		return nil
	}
	h.install(read)
	quiet := h.stats.log.quietSince(read.began)
	valid := make(map[string]*Service, len(h.memo))
	for k, m := range h.memo {
		if quiet || !slices.ContainsFunc(backendsOf(&m), func(be string) bool { return !h.stats.log.clean(be, read.began) }) {
			valid[k] = &m
		}
	}
	res := Result{Errors: map[string]error{}}
	ops, err := h.syncServers(ctx, valid, read.live, &res, false)
	if err != nil {
		return err
	}
	ops += h.syncSticky(ctx, h.sticky.file, nil, true, &res)
	for k, e := range res.Errors {
		h.log.Warn("haproxy: putting back a server changed outside yodel failed; the next apply tries again", "service", k, "err", e)
		delete(h.memo, k) // the next Apply's full path sorts it out
	}
	if ops == 0 {
		return nil
	}
	h.log.Info("haproxy: put back server changes made outside yodel", "runtime_ops", ops)
	return h.saveServerState(ctx, nil)
}
