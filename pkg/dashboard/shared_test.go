package dashboard

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Twenty pages asking while a read runs get its answer: one read, not
// twenty; a page closed mid-read fails no other.
func TestSharedReadsOneAtATime(t *testing.T) {
	// An hour: an asker the scheduler holds back until the read is done
	// gets the same answer.
	s := newShared[int](time.Hour)
	var reads atomic.Int32
	release := make(chan struct{})
	read := func(ctx context.Context) (int, error) {
		n := reads.Add(1)
		select {
		case <-release:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		return int(n), nil
	}
	// The first asker goes away mid-read.
	first, cancel := context.WithCancel(context.Background())
	firstDone := make(chan error, 1)
	go func() { _, err := s.get(first, "", read); firstDone <- err }()
	require.Eventually(t, func() bool { return reads.Load() == 1 }, 10*time.Second, time.Millisecond)
	var wg sync.WaitGroup
	got := make([]int, 20)
	errs := make([]error, 20)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = s.get(context.Background(), "", read) })
	}
	cancel()
	assert.ErrorIs(t, <-firstDone, context.Canceled, "the one that went away stops waiting")
	close(release)
	wg.Wait()
	for i := range got {
		require.NoError(t, errs[i])
		assert.Equal(t, 1, got[i])
	}
	assert.Equal(t, int32(1), reads.Load())

	// maxAge 0: a finished read answers no later asker.
	s = newShared[int](0)
	for want := 2; want <= 3; want++ {
		v, err := s.get(context.Background(), "", read)
		require.NoError(t, err)
		assert.Equal(t, want, v)
	}
}

// Within maxAge a finished answer (an error too) is shared; another key
// is another read; forget drops them.
func TestSharedReadsWithinMaxAge(t *testing.T) {
	s := newShared[string](time.Hour)
	var reads atomic.Int32
	read := func(key string) func(context.Context) (string, error) {
		return func(context.Context) (string, error) {
			reads.Add(1)
			if key == "bad" {
				return "", errors.New("marathon down")
			}
			return key, nil
		}
	}
	for range 3 {
		v, err := s.get(context.Background(), "web", read("web"))
		require.NoError(t, err)
		assert.Equal(t, "web", v)
		_, err = s.get(context.Background(), "bad", read("bad"))
		assert.EqualError(t, err, "marathon down")
	}
	assert.Equal(t, int32(2), reads.Load(), "one read per key")
	s.forget()
	_, err := s.get(context.Background(), "web", read("web"))
	require.NoError(t, err)
	assert.Equal(t, int32(3), reads.Load(), "read again after forget")
}

// An answer is not held past its age when nobody asks again (the
// overview's is every app of the realm).
func TestSharedReadsAreDroppedWhenOld(t *testing.T) {
	s := newShared[[]byte](time.Millisecond)
	_, err := s.get(context.Background(), "", func(context.Context) ([]byte, error) { return make([]byte, 1<<20), nil })
	require.NoError(t, err)
	assert.Eventually(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.reads) == 0
	}, 10*time.Second, time.Millisecond)
}
