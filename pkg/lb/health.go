package lb

import (
	"slices"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Health remembers the last known health of every task. After a Marathon
// leader change the new leader reports tasks without health results until
// its own checks have run; emptying the backends meanwhile would take every
// health-checked service down (marathon-lb learnt this the hard way, its
// PR #148). A task never seen with a result counts as not alive, unless
// Marathon is long overdue with one (Observe).
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
	// ver counts the changes of alive and passed; log holds the keys of
	// the latest ones, the last for version ver. Builder reads them to
	// judge again only the tasks whose memory changed: judging every
	// task of the realm on every sync was most of a one-task change's
	// CPU at 1000 services.
	ver uint64
	log []string
}

// healthLog bounds the change log; a reader further behind judges every
// task again.
const healthLog = 4096

// NewHealth returns an empty memory.
func NewHealth() *Health {
	return &Health{alive: map[string]bool{}, passed: map[string]bool{}, keys: map[string]string{}}
}

// Set records a result from a health event; id is the event's instance id
// (or a task id).
func (h *Health) Set(id string, alive bool) {
	h.mu.Lock()
	k := h.keyLocked(id)
	h.setLocked(k, alive)
	h.mu.Unlock()
}

// setLocked records a result for key k, logging it if it changes what
// is known.
func (h *Health) setLocked(k string, alive bool) {
	if old, ok := h.alive[k]; !ok || old != alive {
		h.alive[k] = alive
		h.changedLocked(k)
	}
	if alive && !h.passed[k] {
		h.passed[k] = true
		h.changedLocked(k)
	}
}

func (h *Health) changedLocked(k string) {
	h.ver++
	if len(h.log) == healthLog {
		// Drop the older half at once rather than one at a time.
		h.log = append(h.log[:0], h.log[healthLog/2:]...)
	}
	h.log = append(h.log, k)
}

// changesSince returns the keys whose memory changed after version v and
// the current version; ok is false when some are no longer logged (the
// caller then takes every key as changed).
func (h *Health) changesSince(v uint64) (keys []string, now uint64, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if v > h.ver || h.ver-v > uint64(len(h.log)) {
		return nil, h.ver, false
	}
	return slices.Clone(h.log[len(h.log)-int(h.ver-v):]), h.ver, true
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
	alive, passed, _ = h.judgeKey(app, t)
	return alive, passed
}

// judgeKey is judge, and the memory's key for t ("" for an app without
// health checks: nothing of it is remembered).
func (h *Health) judgeKey(app *marathon.App, t *marathon.Task) (alive, passed bool, k string) {
	if !app.HasHealthChecks() {
		return true, true, ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	k = h.keyLocked(t.ID)
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
		h.setLocked(k, alive)
	}
	if !passed {
		passed = h.passed[k]
	}
	return alive, passed, k
}

// Observe updates the memory from a fresh read of app (made at now)
// without judging. A task Marathon should have checked long ago but
// reports no result for (marathon.App.Unchecked), and that the memory
// knows nothing of, is taken as alive: Marathon 1.4 never checks a task
// again after a leader change once its app version has been garbage
// collected, and routing none of them would take every such task out of
// every agent that starts afterwards (in a service scaled 50 times since
// its tasks started, all of them). HAProxy's own checks of its servers
// still take a broken one out. Observe returns the ids of the tasks so
// taken, for the agent's log.
func (h *Health) Observe(app *marathon.App, now time.Time) (assumed []string) {
	if !app.HasHealthChecks() {
		return nil
	}
	for _, t := range app.Tasks {
		switch {
		case t == nil:
		case len(t.HealthCheckResults) > 0:
			h.Alive(app, t)
		case app.Unchecked(t, now):
			h.mu.Lock()
			k := h.keyLocked(t.ID)
			if _, known := h.alive[k]; !known {
				h.setLocked(k, true)
				assumed = append(assumed, t.ID)
			}
			h.mu.Unlock()
		}
	}
	return assumed
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
			h.changedLocked(k)
		}
	}
	for k := range h.passed {
		if !ks[k] {
			delete(h.passed, k)
			h.changedLocked(k)
		}
	}
}

// Len is the number of remembered tasks.
func (h *Health) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.alive)
}
