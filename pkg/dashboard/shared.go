package dashboard

import (
	"context"
	"sync"
	"time"
)

// shared hands every page and live stream that asks within maxAge of a
// read's start that read's answer, and those that ask while it runs wait
// for it: each open dashboard reads the realm every LiveEvery, and without
// this ten open tabs were ten reads of every Marathon app a second (for
// Marathon 1.4, ten times building the whole /v2/apps answer). The read
// runs without the first asker's cancellation, so a tab closed mid-read
// fails no other; an asker that goes away stops waiting. Answers are
// shared: callers only read them.
type shared[T any] struct {
	maxAge time.Duration
	mu     sync.Mutex
	reads  map[string]*sharedRead[T]
}

type sharedRead[T any] struct {
	start time.Time
	done  chan struct{}
	v     T
	err   error
}

func newShared[T any](maxAge time.Duration) *shared[T] {
	return &shared[T]{maxAge: maxAge, reads: map[string]*sharedRead[T]{}}
}

// get answers key with a read begun less than maxAge ago, or one still
// running, or else a new read.
func (s *shared[T]) get(ctx context.Context, key string, read func(context.Context) (T, error)) (T, error) {
	now := time.Now() // the wall clock, not the dashboard's (tests fix that)
	s.mu.Lock()
	r := s.reads[key]
	if r != nil && r.finished() && now.Sub(r.start) >= s.maxAge {
		r = nil
	}
	if r == nil {
		r = &sharedRead[T]{start: now, done: make(chan struct{})}
		s.reads[key] = r
		go func() {
			r.v, r.err = read(context.WithoutCancel(ctx))
			close(r.done)
			// Not held past its age (a whole realm's apps) when nobody
			// asks again.
			time.AfterFunc(max(0, s.maxAge-time.Since(r.start)), func() { s.drop(key, r) })
		}()
	}
	s.mu.Unlock()
	select {
	case <-r.done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// forget drops every answer: the next asker reads anew (after a change
// made from the dashboard, which its next page should show).
func (s *shared[T]) forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, r := range s.reads {
		if r.finished() {
			delete(s.reads, k)
		}
	}
}

func (s *shared[T]) drop(key string, r *sharedRead[T]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reads[key] == r {
		delete(s.reads, key)
	}
}

func (r *sharedRead[T]) finished() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}
