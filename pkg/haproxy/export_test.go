package haproxy

import "context"

// SkipPortCheck turns off the bind check before reloads, so a test can make
// the reload itself fail on a port another process holds.
func SkipPortCheck(h *HAProxy) { h.noPortCheck = true }

// Serving exposes the post-reload check that every frontend is open.
func Serving(h *HAProxy, ctx context.Context, frontends []string) error {
	return h.serving(ctx, frontends)
}

// PendingDeletes lists the removed servers still waiting for deletion.
func (h *HAProxy) PendingDeletes() []string { return h.deletes.pendingRefs() }

// CheckEnv is the environment `haproxy -c` runs with.
var CheckEnv = checkEnv

// RuntimeCalls counts the runtime API calls h has made (reads and writes).
func RuntimeCalls(h *HAProxy) uint64 { return h.stats.log.now() }

// AfterCheckRead sets a function the background full check runs between
// its read of HAProxy and its comparison.
func AfterCheckRead(h *HAProxy, f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.afterCheckRead = f
}
