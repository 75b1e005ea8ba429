package haproxy

import (
	"context"
	"sync"
	"time"
)

// coalescer writes what schedule queued in the background, one write at a
// time: each write takes everything queued since the last (the newest
// value per key), and what comes while it runs, or within gap after it,
// joins the next. The configuration file's servers (persister) and the
// server-state file (stateSaver) reach disk this way, so a runtime change
// does not wait for their fsync. The zero value needs gap and write set
// before the first schedule.
type coalescer[K comparable, V any] struct {
	// gap is the pause before each write but the first; with gather,
	// before the first too (a window to collect a burst of changes).
	gap    time.Duration
	gather bool
	// steady: wait does not cut the pauses short. The state file's window
	// lets what follows a change (the deletion of a server it drained)
	// join the write that Flush waits for.
	steady bool
	write  func(batch map[K]V) error

	mu      sync.Mutex
	pending map[K]V
	running bool
	idle    chan struct{} // closed when the running writer stops
	hurry   chan struct{} // closed: the writer skips its pauses (wait)
	err     error         // of the last write
}

// schedule queues items, which fill puts in pending (under c.mu), and
// starts a writer when none runs.
func (c *coalescer[K, V]) schedule(fill func(pending map[K]V)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = map[K]V{}
	}
	fill(c.pending)
	if !c.running {
		c.running = true
		c.idle, c.hurry = make(chan struct{}), make(chan struct{})
		go c.run(c.idle, c.hurry)
	}
}

func (c *coalescer[K, V]) run(idle, hurry chan struct{}) {
	for first := true; ; first = false {
		if !first || c.gather {
			t := time.NewTimer(c.gap)
			select {
			case <-t.C:
			case <-hurry:
				t.Stop()
			}
		}
		c.mu.Lock()
		batch := c.pending
		c.pending = nil
		if len(batch) == 0 {
			c.running = false
			close(idle)
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		err := c.write(batch)
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
	}
}

// wait returns when no writer runs, hurrying the one that does (unless
// steady). With
// drop, what is queued is discarded (the caller writes the file itself,
// from the whole desired configuration, and its write supersedes a failed
// one); otherwise it is written first. It returns the last write's error.
func (c *coalescer[K, V]) wait(ctx context.Context, drop bool) error {
	c.mu.Lock()
	if drop {
		c.pending = nil
	}
	running, idle := c.running, c.idle
	if running && !c.steady {
		select {
		case <-c.hurry:
		default:
			close(c.hurry)
		}
	}
	c.mu.Unlock()
	if running {
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.err
	if drop {
		c.err = nil
	}
	return err
}

// busy reports whether a writer runs.
func (c *coalescer[K, V]) busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}
