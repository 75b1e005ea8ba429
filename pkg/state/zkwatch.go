package state

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/third_party/zk"
)

// zkWatcher follows <root>/services with a child watch and every routing
// node with a data (or exists) watch. ZooKeeper watches fire once, so each
// firing marks the service dirty and the loop re-reads it with a new watch:
// the re-read returns the latest data, so nothing is lost even when several
// writes land between a firing and the re-read. When watches are dropped
// (session expiry, store closing), every service is re-read.
type zkWatcher struct {
	s   *zkStore
	ctx context.Context
	out chan RoutingEvent

	mu            sync.Mutex
	dirty         map[string]bool
	childrenDirty bool
	resync        bool
	notify        chan struct{}

	// owned by run
	known       map[string]knownRouting
	armed       map[string]bool
	syncPending bool // a full read is under way; RoutingSynced follows it
}

// knownRouting is what a watcher last delivered for a service.
type knownRouting struct {
	gen     int64
	deleted bool
}

func (s *zkStore) WatchRouting(ctx context.Context) (<-chan RoutingEvent, error) {
	select {
	case <-s.closed:
		return nil, ErrClosed
	default:
	}
	w := &zkWatcher{
		s:             s,
		ctx:           ctx,
		out:           make(chan RoutingEvent, 64),
		dirty:         map[string]bool{},
		childrenDirty: true,
		notify:        make(chan struct{}, 1),
		known:         map[string]knownRouting{},
		armed:         map[string]bool{},
		syncPending:   true,
	}
	go w.run()
	return w.out, nil
}

func (w *zkWatcher) mark(svc string, ev zk.Event) {
	w.mu.Lock()
	switch {
	case ev.Type == zk.EventNotWatching:
		w.resync = true
	case svc == "":
		w.childrenDirty = true
	default:
		w.dirty[svc] = true
	}
	w.mu.Unlock()
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

func (w *zkWatcher) arm(svc string, ch <-chan zk.Event) {
	go func() {
		select {
		case ev := <-ch:
			w.mark(svc, ev)
		case <-w.ctx.Done():
		}
	}()
}

func (w *zkWatcher) run() {
	defer close(w.out)
	failures := 0
	for {
		w.mu.Lock()
		if w.resync {
			w.resync = false
			w.childrenDirty = true
			for svc := range w.known {
				w.dirty[svc] = true
			}
			w.armed = map[string]bool{}
			w.syncPending = true
		}
		childrenDirty, dirty := w.childrenDirty, w.dirty
		w.childrenDirty, w.dirty = false, map[string]bool{}
		w.mu.Unlock()

		failed := false
		if childrenDirty {
			if err := w.readChildren(dirty); err != nil {
				failed = true
				w.mu.Lock()
				w.childrenDirty = true
				w.mu.Unlock()
			}
		}
		for svc := range dirty {
			if err := w.readService(svc); err != nil {
				failed = true
				w.mu.Lock()
				w.dirty[svc] = true
				w.mu.Unlock()
			}
			if w.ctx.Err() != nil {
				return
			}
		}

		if !failed && w.syncPending {
			w.mu.Lock()
			again := w.resync
			w.mu.Unlock()
			if !again {
				w.syncPending = false
				w.send(RoutingEvent{Kind: RoutingSynced})
			}
		}
		var retryC <-chan time.Time
		if failed {
			failures++
			retryC = time.After(zkBackoff.Delay(failures))
		} else {
			failures = 0
		}
		select {
		case <-w.notify:
		case <-retryC:
		case <-w.ctx.Done():
			return
		case <-w.s.closed:
			return
		}
	}
}

func (w *zkWatcher) readChildren(dirty map[string]bool) error {
	s := w.s
	type kids struct {
		ids []string
		ch  <-chan zk.Event
	}
	ctx, cancel := context.WithTimeout(w.ctx, s.requestPatience())
	defer cancel()
	k, err := once(ctx, s, func() (kids, error) {
		ids, _, ch, err := s.conn.ChildrenW(s.servicesPath())
		return kids{ids, ch}, err
	})
	if err != nil {
		if w.ctx.Err() == nil && !errors.Is(err, ErrClosed) {
			s.log.Debug("watch: listing services failed; retrying", "err", err)
		}
		return err
	}
	w.arm("", k.ch)
	present := map[string]bool{}
	for _, svc := range k.ids {
		if checkService(svc) != nil {
			continue
		}
		present[svc] = true
		if !w.armed[svc] {
			dirty[svc] = true
		}
	}
	for svc := range w.known {
		if !present[svc] {
			dirty[svc] = true
		}
	}
	return nil
}

type zkWatched struct {
	exists bool
	data   []byte
	ch     <-chan zk.Event
}

func (w *zkWatcher) readService(svc string) error {
	s := w.s
	p := s.routingPath(svc)
	ctx, cancel := context.WithTimeout(w.ctx, s.requestPatience())
	defer cancel()
	got, err := once(ctx, s, func() (zkWatched, error) {
		for {
			data, _, ch, err := s.conn.GetW(p)
			if err == nil {
				return zkWatched{true, data, ch}, nil
			}
			if !errors.Is(err, zk.ErrNoNode) {
				return zkWatched{}, err
			}
			ok, _, ch, err := s.conn.ExistsW(p)
			if err != nil {
				return zkWatched{}, err
			}
			if !ok {
				return zkWatched{false, nil, ch}, nil
			}
			// Created between the two reads: read it again.
		}
	})
	if err != nil {
		return err
	}
	w.armed[svc] = true
	w.arm(svc, got.ch)

	if !got.exists {
		w.deliverDeleted(svc, w.known[svc].gen)
		return nil
	}
	doc, err := decodeRouting(p, svc, got.data)
	if err != nil {
		w.send(RoutingEvent{Service: svc, Err: err})
		return nil
	}
	w.deliver(svc, doc)
	return nil
}

func (w *zkWatcher) deliver(svc string, doc routingDoc) {
	w.known, _ = deliverDoc(w.ctx, w.out, w.known, svc, doc)
}

func (w *zkWatcher) deliverDeleted(svc string, gen int64) {
	w.known, _ = deliverDoc(w.ctx, w.out, w.known, svc, routingDoc{Routing: Routing{Service: svc, Generation: gen}, Deleted: true})
}

func (w *zkWatcher) send(ev RoutingEvent) {
	select {
	case w.out <- ev:
	case <-w.ctx.Done():
	}
}

// deliverDoc sends what changed for svc compared with what the watcher last
// delivered, never letting a generation go backwards.
func deliverDoc(ctx context.Context, out chan<- RoutingEvent, known map[string]knownRouting, svc string, doc routingDoc) (map[string]knownRouting, bool) {
	k, seen := known[svc]
	var ev RoutingEvent
	switch {
	case doc.Deleted:
		if !seen || k.deleted {
			if doc.Generation > k.gen {
				known[svc] = knownRouting{gen: doc.Generation, deleted: true}
			}
			return known, false
		}
		if doc.Generation < k.gen {
			return known, false
		}
		known[svc] = knownRouting{gen: max(doc.Generation, k.gen), deleted: true}
		ev = RoutingEvent{Kind: RoutingDeleted, Service: svc}
	default:
		if seen && doc.Generation <= k.gen {
			return known, false
		}
		known[svc] = knownRouting{gen: doc.Generation}
		ev = RoutingEvent{Kind: RoutingUpdated, Service: svc, Routing: doc.Routing}
	}
	select {
	case out <- ev:
		return known, true
	case <-ctx.Done():
		return known, false
	}
}
