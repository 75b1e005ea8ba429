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
//
// Results are kept by instance id (marathon.HealthKey): Marathon's health
// events name the instance, <app>.marathon-<uuid> in 1.4 and
// <app>.instance-<uuid> in 1.10, never the task (<app>.<uuid>,
// <app>.instance-<uuid>._app.1). Apps have one task per instance.
type Health struct {
	mu    sync.Mutex
	alive map[string]bool // instance id -> last known result
	// passed: instances seen alive at least once, for failing open (Build).
	passed map[string]bool
	keys   map[string]string // task id -> instance id, memoised
}

// NewHealth returns an empty memory.
func NewHealth() *Health {
	return &Health{alive: map[string]bool{}, passed: map[string]bool{}, keys: map[string]string{}}
}

// Set records a result from a health event; id is the event's instance id
// (or a task id).
func (h *Health) Set(id string, alive bool) {
	h.mu.Lock()
	k := h.keyLocked(id)
	h.alive[k] = alive
	if alive {
		h.passed[k] = true
	}
	h.mu.Unlock()
}

// Key is the memory's key for a task or instance id.
func (h *Health) Key(id string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.keyLocked(id)
}

func (h *Health) keyLocked(id string) string {
	k, ok := h.keys[id]
	if !ok {
		k = marathon.HealthKey(id)
		h.keys[id] = k
	}
	return k
}

// Passed says whether the task has passed its health checks at least once
// (always true for apps without health checks): see judge.
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
	return h.passed[h.keyLocked(t.ID)]
}

// Alive says whether the task of app may get traffic as far as health goes:
// apps without health checks always may; a task with results follows them
// (all alive) and updates the memory; a task without results gets its last
// known health.
func (h *Health) Alive(app *marathon.App, t *marathon.Task) bool {
	alive, _ := h.judge(app, t)
	return alive
}

// judge is Alive, and whether the task has passed its health checks at
// least once (always true for apps without health checks: a task that
// served before and now fails every check may be the victim of a stalled
// checker or a network blip rather than broken), under one lock: Build
// asks both for every task of the realm on every sync (3000 at 1000
// services).
func (h *Health) judge(app *marathon.App, t *marathon.Task) (alive, passed bool) {
	if !app.HasHealthChecks() {
		return true, true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	k := h.keyLocked(t.ID)
	if len(t.HealthCheckResults) == 0 {
		alive = h.alive[k]
	} else {
		alive = true
		for _, r := range t.HealthCheckResults {
			if r == nil || !r.Alive {
				alive = false
			}
			if r != nil && (r.Alive || r.FirstSuccess != "") {
				passed = true
			}
		}
		if old, ok := h.alive[k]; !ok || old != alive {
			h.alive[k] = alive
		}
		if alive && !h.passed[k] {
			h.passed[k] = true
		}
	}
	if !passed {
		passed = h.passed[k]
	}
	return alive, passed
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

// Retain forgets every task not in keep (task ids), so the memory does not
// grow with every task that ever ran.
func (h *Health) Retain(keep map[string]bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ks := make(map[string]bool, len(keep))
	for id := range keep {
		ks[h.keyLocked(id)] = true
	}
	for id := range h.keys {
		if !keep[id] {
			delete(h.keys, id)
		}
	}
	for k := range h.alive {
		if !ks[k] {
			delete(h.alive, k)
		}
	}
	for k := range h.passed {
		if !ks[k] {
			delete(h.passed, k)
		}
	}
}

// Len is the number of remembered tasks.
func (h *Health) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.alive)
}
