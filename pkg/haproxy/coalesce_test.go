package haproxy

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a coalescer's write that keeps each batch and, while gate is
// set, blocks until it is closed.
type recorder struct {
	mu      sync.Mutex
	batches []map[string]int
	gate    chan struct{}
	started chan struct{} // gets a value as each write begins
	err     error
}

func (r *recorder) write(batch map[string]int) error {
	r.mu.Lock()
	r.batches = append(r.batches, batch)
	gate, err := r.gate, r.err
	r.mu.Unlock()
	if r.started != nil {
		r.started <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	return err
}

func put(c *coalescer[string, int], kv map[string]int) {
	c.schedule(func(p map[string]int) {
		for k, v := range kv {
			p[k] = v
		}
	})
}

// Hours: a writer that paused for its gap would hang the test; wait must
// cut every pause short.
const never = 1 << 62

func TestCoalescerBatchesWhatComesWhileAWriteRuns(t *testing.T) {
	r := &recorder{gate: make(chan struct{}), started: make(chan struct{}, 4)}
	c := &coalescer[string, int]{gap: never, write: r.write}
	put(c, map[string]int{"a": 1})
	<-r.started // the first write is not held for the gap
	put(c, map[string]int{"b": 1, "c": 1})
	put(c, map[string]int{"b": 2})
	assert.True(t, c.busy())
	close(r.gate)
	require.NoError(t, c.wait(context.Background(), false))
	assert.False(t, c.busy())
	assert.Equal(t, []map[string]int{{"a": 1}, {"b": 2, "c": 1}}, r.batches, "the newest value per key, in one write")
}

func TestCoalescerGathersTheFirstWrite(t *testing.T) {
	r := &recorder{}
	c := &coalescer[string, int]{gap: never, gather: true, write: r.write}
	put(c, map[string]int{"a": 1})
	put(c, map[string]int{"b": 1})
	require.NoError(t, c.wait(context.Background(), false))
	assert.Equal(t, []map[string]int{{"a": 1, "b": 1}}, r.batches)
}

func TestCoalescerWaitReportsAndDrops(t *testing.T) {
	failed := errors.New("disk full")
	r := &recorder{gate: make(chan struct{}), started: make(chan struct{}, 4), err: failed}
	c := &coalescer[string, int]{gap: never, write: r.write}
	put(c, map[string]int{"a": 1})
	<-r.started
	put(c, map[string]int{"b": 1})
	close(r.gate)
	// Kept: b is written too, and the last write's error is reported.
	assert.ErrorIs(t, c.wait(context.Background(), false), failed)
	assert.Len(t, r.batches, 2)
	<-r.started // b's
	assert.ErrorIs(t, c.wait(context.Background(), false), failed, "reported until a dropping wait")

	// Dropped: what is queued is not written, and the error is forgotten
	// (the caller's own write supersedes it).
	r.mu.Lock()
	r.gate = make(chan struct{})
	r.mu.Unlock()
	put(c, map[string]int{"c": 1})
	<-r.started
	put(c, map[string]int{"d": 1})
	close(r.gate)
	assert.ErrorIs(t, c.wait(context.Background(), true), failed)
	assert.NoError(t, c.wait(context.Background(), false))
	assert.Equal(t, []map[string]int{{"a": 1}, {"b": 1}, {"c": 1}}, r.batches, "d dropped")
}

func TestCoalescerWaitEndsWithItsContext(t *testing.T) {
	r := &recorder{gate: make(chan struct{}), started: make(chan struct{}, 1)}
	c := &coalescer[string, int]{gap: never, write: r.write}
	put(c, map[string]int{"a": 1})
	<-r.started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, c.wait(ctx, false), context.Canceled)
	close(r.gate)
	require.NoError(t, c.wait(context.Background(), false))
}
