package haproxy

import (
	"context"
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
// and returns how long to wait before looking again.
func (h *HAProxy) checkIfDue() time.Duration {
	every := max(h.opts.FullCheckInterval, checkEvery)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state == nil {
		return every
	}
	if wait := every - time.Since(h.state.at); wait > 0 {
		return wait
	}
	if wait := checkQuiet - time.Since(h.lastApply); wait > 0 {
		return wait
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.checkDrift(ctx); err != nil {
		// The next Apply's full path reads it all again (and reports).
		h.log.Debug("haproxy: background full check failed", "err", err)
		h.forceFull = true
	}
	return every
}

// checkDrift is the full check between Applies: every server of the
// services applied last (memo) and the sticky map as last written are put
// back where someone else changed them. A structure that is not the one
// written (HAProxy restarted from another file) is left to the next
// Apply's full path. The caller holds h.mu.
func (h *HAProxy) checkDrift(ctx context.Context) error {
	running, err := h.runningStructure(ctx)
	if err != nil {
		return err
	}
	if running != h.file.structure {
		h.forceFull = true
		return nil
	}
	live, err := h.readState(ctx, nil)
	if err != nil {
		return err
	}
	valid := make(map[string]*Service, len(h.memo))
	for k, m := range h.memo {
		valid[k] = &m
	}
	res := Result{Errors: map[string]error{}}
	ops, err := h.syncServers(ctx, valid, live, &res)
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
