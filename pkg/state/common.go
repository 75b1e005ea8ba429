package state

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

// warner passes each problem to Options.Warn once per key (a node or file
// path): stores read agent records on every poll.
type warner struct {
	opts *Options
	mu   sync.Mutex
	seen map[string]bool
}

func (w *warner) warn(key, msg string) {
	w.mu.Lock()
	if w.seen[key] {
		w.mu.Unlock()
		return
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[key] = true
	w.mu.Unlock()
	if w.opts.Warn != nil {
		w.opts.Warn(msg)
		return
	}
	if w.opts.Logger != nil {
		w.opts.Logger.Warn(msg)
	}
}

// skippedAgent is the warning for an agent record that cannot be decoded.
func skippedAgent(path string, err error) string {
	var ce *CorruptError
	if errors.As(err, &ce) {
		err = ce.Err
	}
	return fmt.Sprintf("skipped the lb agent record %s: not an agent's record (%v); remove it", path, err)
}

// routingDoc is what a routing node or file holds: the state, or a
// tombstone that keeps the generation counting across a delete.
type routingDoc struct {
	Routing
	Deleted bool `json:"deleted,omitempty"`
}

func jsonValid(b []byte) bool { return json.Valid(b) }

// decodeRouting decodes a routing document and checks it belongs to svc, so
// a node or file copied to the wrong place is reported instead of served.
func decodeRouting(path, svc string, data []byte) (routingDoc, error) {
	var d routingDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return routingDoc{}, &CorruptError{Path: path, Err: err}
	}
	if d.Service != svc {
		return routingDoc{}, &CorruptError{Path: path, Err: fmt.Errorf("holds service %q, want %q", d.Service, svc)}
	}
	if d.Generation < 1 {
		return routingDoc{}, &CorruptError{Path: path, Err: fmt.Errorf("generation %d is not positive", d.Generation)}
	}
	return d, nil
}

func decodeJSON(path string, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return &CorruptError{Path: path, Err: err}
	}
	return nil
}

// nextDoc builds the document to write over cur (nil when absent) if the
// caller's expected version matches, or returns ErrConflict / ErrNotFound.
func nextDoc(cur *routingDoc, svc string, expected Version, r *Routing) (routingDoc, error) {
	var curGen int64
	live := false
	if cur != nil {
		curGen = cur.Generation
		live = !cur.Deleted
	}
	switch {
	case r == nil && !live:
		return routingDoc{}, fmt.Errorf("routing state of %s: %w", svc, ErrNotFound)
	case live && expected != Version(curGen), !live && expected != NoVersion:
		have := Version(0)
		if live {
			have = Version(curGen)
		}
		return routingDoc{}, fmt.Errorf("routing state of %s is at version %d, not %d: %w", svc, have, expected, ErrConflict)
	}
	now := time.Now().UTC()
	if r == nil {
		return routingDoc{Routing: Routing{Service: svc, Generation: curGen + 1, UpdatedAt: now}, Deleted: true}, nil
	}
	d := routingDoc{Routing: *r}
	d.Generation = curGen + 1
	// Always now: a Routing read, modified and written back still carries
	// the old time.
	d.UpdatedAt = now
	return d, nil
}

func newRecordID(t time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b[:])
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var hostname = sync.OnceValue(func() string {
	h, err := os.Hostname()
	if err != nil {
		return "localhost"
	}
	return h
})

// pidDead reports whether pid is known to be gone. Only meaningful for a
// process on this host; EPERM means it exists but belongs to someone else.
func pidDead(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return errors.Is(err, syscall.ESRCH)
}

// defaultProcess fills in this process's host and pid when not given, and
// the pid's start time when on this host: stale-holder detection needs them.
func defaultProcess(host *string, pid *int, start *uint64) {
	if *host == "" {
		*host = hostname()
	}
	if *pid == 0 {
		*pid = os.Getpid()
	}
	if *start == 0 && *host == hostname() {
		*start = pidStart(*pid)
	}
}

// deadOnThisHost: a holder on this host whose process is gone (exited, a
// zombie, or its pid reused by another process).
func deadOnThisHost(host string, pid int, start uint64) bool {
	return host == hostname() && pidGone(pid, start)
}

// samePidSpace: a recorded pid space is this process's own, or unknown
// (recorded by an older yodel, or no /proc).
func samePidSpace(space string) bool {
	return space == "" || space == pidSpace(os.Getpid())
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
