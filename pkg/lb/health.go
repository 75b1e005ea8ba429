package lb

import (
	"sync"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Health remembers the last known health of every task. After a Marathon
// leader change the new leader reports tasks without health results until
// its own checks have run; emptying the backends meanwhile would take every
// health-checked service down (marathon-lb learnt this the hard way, its
// PR #148). A task never seen with a result counts as not alive.
type Health struct {
	mu    sync.Mutex
	alive map[string]bool // task id -> last known result
}

// NewHealth returns an empty memory.
func NewHealth() *Health { return &Health{alive: map[string]bool{}} }

// Set records a result from a health event.
func (h *Health) Set(taskID string, alive bool) {
	h.mu.Lock()
	h.alive[taskID] = alive
	h.mu.Unlock()
}

// Alive says whether the task of app may get traffic as far as health goes:
// apps without health checks always may; a task with results follows them
// (all alive) and updates the memory; a task without results gets its last
// known health.
func (h *Health) Alive(app *marathon.App, t *marathon.Task) bool {
	if !app.HasHealthChecks() {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(t.HealthCheckResults) == 0 {
		return h.alive[t.ID]
	}
	ok := true
	for _, r := range t.HealthCheckResults {
		if r == nil || !r.Alive {
			ok = false
		}
	}
	h.alive[t.ID] = ok
	return ok
}

// Observe updates the memory from a fresh read of app without judging.
func (h *Health) Observe(app *marathon.App) {
	if !app.HasHealthChecks() {
		return
	}
	for _, t := range app.Tasks {
		if t != nil && len(t.HealthCheckResults) > 0 {
			h.Alive(app, t)
		}
	}
}

// Retain forgets every task not in keep, so the memory does not grow with
// every task that ever ran.
func (h *Health) Retain(keep map[string]bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id := range h.alive {
		if !keep[id] {
			delete(h.alive, id)
		}
	}
}

// Len is the number of remembered tasks.
func (h *Health) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.alive)
}
