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
	// passed: tasks seen alive at least once, for failing open (Build).
	passed map[string]bool
}

// NewHealth returns an empty memory.
func NewHealth() *Health { return &Health{alive: map[string]bool{}, passed: map[string]bool{}} }

// Set records a result from a health event.
func (h *Health) Set(taskID string, alive bool) {
	h.mu.Lock()
	h.alive[taskID] = alive
	if alive {
		h.passed[taskID] = true
	}
	h.mu.Unlock()
}

// Passed says whether the task has passed its health checks at least once
// (always true for apps without health checks): a task that served before
// and now fails every check may be the victim of a stalled checker or a
// network blip rather than broken.
func (h *Health) Passed(app *marathon.App, t *marathon.Task) bool {
	if !app.HasHealthChecks() {
		return true
	}
	for _, r := range t.HealthCheckResults {
		if r != nil && (r.Alive || r.FirstSuccess != "") {
			return true
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.passed[t.ID]
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
	if ok {
		h.passed[t.ID] = true
	}
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
	for id := range h.passed {
		if !keep[id] {
			delete(h.passed, id)
		}
	}
}

// Len is the number of remembered tasks.
func (h *Health) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.alive)
}
