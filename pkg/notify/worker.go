package notify

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/retry"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Worker delivers a realm's rollout events to its receivers. The realm's
// `yodel server` runs one while it leads; see the package doc for the
// delivery guarantees.
type Worker struct {
	Store     state.Store
	Realm     string
	Receivers []Receiver
	Now       func() time.Time
	Log       *slog.Logger
	// Backoff spaces the attempts of a failing delivery (pkg/retry:
	// exponential, capped, jittered). Default DefaultBackoff.
	Backoff retry.Backoff
	// ScanEvery is how often every service's history is read for
	// events no routing change announces (rolling deploys, rollbacks,
	// and a canary record replaced while nobody watched). Default 5s.
	ScanEvery time.Duration
	// HistoryDepth is how many of each service's newest history records
	// a scan reads. Default 3.
	HistoryDepth int
	// GiveUpAfter: a delivery still failing this long after its event is
	// marked failed, and the receiver's queue moves on. Default 24h.
	GiveUpAfter time.Duration
	// Retain: deliveries of events older than this are pruned (and the
	// receiver's outbox Since moves past them). Default 7 days.
	Retain time.Duration

	// seen: see remember. Only Run's goroutine uses it.
	seen map[string]rollout
	// settled: per service, the rollout record whose predecessors' events
	// were offered with it (see serviceEvents). Only Run's goroutine uses
	// it.
	settled map[string]string
}

// DefaultBackoff: 1s, 2s, 4s ... at most 5 minutes between attempts, so
// a receiver down for an hour is tried about a dozen times an hour and
// hears of what it missed within 5 minutes of coming back.
var DefaultBackoff = retry.Backoff{Min: time.Second, Max: 5 * time.Minute}

// Defaults of Worker's fields.
const (
	DefaultScanEvery    = 5 * time.Second
	DefaultHistoryDepth = 3
	DefaultGiveUpAfter  = 24 * time.Hour
	DefaultRetain       = 7 * 24 * time.Hour
)

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Run delivers until ctx ends. A delivery under way when ctx ends is
// finished (within its receiver's timeout) and recorded before Run
// returns, so a worker started after it neither repeats nor loses it.
// When the store cannot be read (ZooKeeper lost) it starts again from
// the store's records, with backoff, until the store is back; it returns
// an error only when the store was closed.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	for attempt := 1; ; attempt++ {
		err := w.runOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, state.ErrClosed) {
			return err
		}
		d := w.Backoff.Delay(attempt)
		w.log().Warn("notifications: starting again", "err", err, "in", d)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func (w *Worker) defaults() {
	if w.ScanEvery <= 0 {
		w.ScanEvery = DefaultScanEvery
	}
	if w.HistoryDepth <= 0 {
		w.HistoryDepth = DefaultHistoryDepth
	}
	if w.GiveUpAfter <= 0 {
		w.GiveUpAfter = DefaultGiveUpAfter
	}
	if w.Retain <= 0 {
		w.Retain = DefaultRetain
	}
	if w.Backoff.Max <= 0 {
		w.Backoff = DefaultBackoff
	}
}

// runOnce opens every receiver's lane from the store and delivers until
// ctx ends or the store fails.
func (w *Worker) runOnce(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var lanes []*lane
	for _, rcv := range w.Receivers {
		l, err := w.openLane(ctx, rcv)
		if err != nil {
			return err
		}
		lanes = append(lanes, l)
	}
	var wg sync.WaitGroup
	for _, l := range lanes {
		wg.Go(func() { l.run(ctx) })
	}
	defer func() { cancel(); wg.Wait() }()
	if len(lanes) == 0 {
		<-ctx.Done()
		return nil
	}
	events, err := w.Store.WatchRouting(ctx)
	if err != nil {
		return err
	}
	w.scan(ctx, lanes)
	w.prune(ctx, lanes)
	tick := time.NewTicker(w.ScanEvery)
	defer tick.Stop()
	lastPrune := w.now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("the routing watch of %s ended: %w", w.Store.URL(), w.closedErr())
			}
			if ev.Kind == state.RoutingUpdated {
				w.offer(ctx, lanes, w.serviceEvents(ctx, ev.Routing))
			}
		case <-tick.C:
			w.scan(ctx, lanes)
			if w.now().Sub(lastPrune) > time.Hour {
				w.prune(ctx, lanes)
				lastPrune = w.now()
			}
		}
	}
}

// closedErr is state.ErrClosed when the store was closed (a watch ends
// then), else nil.
func (w *Worker) closedErr() error {
	if _, err := w.Store.ListRouting(context.Background()); errors.Is(err, state.ErrClosed) {
		return err
	}
	return errors.New("watch closed")
}

func (w *Worker) fromRouting(rt state.Routing) []Event {
	r, err := canary.Decode(rt.Rollout)
	if err != nil {
		w.log().Warn("notifications: rollout record not read", "service", rt.Service, "err", err)
		return nil
	}
	if r == nil {
		return nil
	}
	ro := fromRollout(w.Realm, r)
	w.remember(ro)
	return ro.events()
}

// remember keeps what a canary's history record lacks (the commit, the
// release it replaces) for the rollouts seen through their record: when
// the watch coalesces a finished record with the next rollout's start,
// the finish is derived from history, and should say the same.
func (w *Worker) remember(ro rollout) {
	if w.seen == nil {
		w.seen = map[string]rollout{}
	}
	if len(w.seen) > maxRemembered {
		clear(w.seen)
	}
	w.seen[ro.service+"."+ro.rolloutID()] = rollout{commit: ro.commit, previous: ro.previous}
}

// maxRemembered bounds Worker.seen; forgetting costs only the commit of
// a rare event.
const maxRemembered = 10000

func (w *Worker) fromHistory(rec state.Record) []Event {
	ro := fromRecord(w.Realm, rec)
	if x, ok := w.seen[ro.service+"."+ro.rolloutID()]; ok {
		ro.previous = x.previous
		if x.commit != "" {
			ro.commit = x.commit
		}
	}
	return ro.events()
}

// scan derives the events of every service's rollout record and newest
// history records.
func (w *Worker) scan(ctx context.Context, lanes []*lane) {
	rts, err := w.Store.ListRouting(ctx)
	if err != nil {
		if ctx.Err() == nil {
			w.log().Warn("notifications: scan", "err", err)
		}
		return
	}
	var evs []Event
	for _, rt := range rts {
		evs = append(evs, w.serviceEvents(ctx, rt)...)
	}
	w.offer(ctx, lanes, evs)
}

// serviceEvents derives the events of one service: its rollout record's
// (rt, as read) and its newest history records' (read after rt).
//
// Both the scan and every routing change read the history. A routing
// change can show a new rollout whose predecessor's last steps nobody
// saw: the watch coalesces changes, and a rollout that ends and is
// followed at once by another leaves only the newer record to see. The
// predecessor's remaining events are then in its history record only
// (written before the next rollout starts), and must be offered with the
// newer rollout's events, not a scan later: a lane sends as soon as an
// event is offered, and an older event offered after a newer one was
// sent reaches the receiver out of order.
func (w *Worker) serviceEvents(ctx context.Context, rt state.Routing) []Event {
	evs := w.fromRouting(rt)
	live, liveActive := "", false
	if r, _ := canary.Decode(rt.Rollout); r != nil {
		live, liveActive = r.ID, r.Active()
	}
	recs, err := w.Store.History(ctx, rt.Service, w.HistoryDepth)
	if err != nil {
		if ctx.Err() == nil {
			w.log().Warn("notifications: history not read", "service", rt.Service, "err", err)
		}
		if live != "" && w.settled[rt.Service] == live {
			// The history was read since this rollout replaced the one
			// before it: nothing older is left to offer.
			return evs
		}
		// The rollout before this one may have events not offered yet;
		// a later read offers both, in order.
		return nil
	}
	if live != "" {
		if w.settled == nil {
			w.settled = map[string]string{}
		}
		w.settled[rt.Service] = live
	}
	for _, rec := range recs {
		// A canary's events come from its rollout record, which has
		// what history lacks (check times, the commit). History stands
		// in only for a finished canary whose record a newer rollout
		// replaced; an unfinished one is about to write its record
		// (history is written first).
		if rec.Strategy == "canary" && (rec.ID == live || rec.Outcome == state.OutcomeInProgress) {
			continue
		}
		// A record newer than the rollout record began after rt was
		// read (a watch change is delivered late, a scan reads history
		// after routing): while rt's rollout is unfinished, its next
		// events are unknown and must go first; a canary's record is in
		// the routing state a fresher read sees. Both wait for that read.
		if live != "" && rec.ID > live && (liveActive || rec.Strategy == "canary") {
			continue
		}
		evs = append(evs, w.fromHistory(rec)...)
	}
	return evs
}

func (w *Worker) offer(ctx context.Context, lanes []*lane, evs []Event) {
	slices.SortStableFunc(evs, func(a, b Event) int { return eventOrder(a.Time, a.Kind, a.ID, b.Time, b.Kind, b.ID) })
	for _, l := range lanes {
		for _, e := range evs {
			l.offer(ctx, e)
		}
	}
}

// sameInstant ranks kinds that can share one instant in the order a
// rollout reaches them: a step is left (its judgement failed, its gate
// passed) before the next is reached, a gate is waited at once its step
// is reached, and the end comes last.
var sameInstant = map[string]int{KindStarted: 0, KindJudgementFailed: 1, KindPromoted: 2, KindStepReached: 3,
	KindWaitingForGate: 4, KindRolledBack: 5, KindFinished: 6}

// eventOrder orders events by time, then by sameInstant, then by id.
func eventOrder(at time.Time, kind, id string, bt time.Time, bkind, bid string) int {
	if c := at.Compare(bt); c != 0 {
		return c
	}
	if c := cmp.Compare(sameInstant[kind], sameInstant[bkind]); c != 0 {
		return c
	}
	return strings.Compare(id, bid)
}

func deliveryOrder(a, b state.Delivery) int {
	return eventOrder(a.EventTime, a.Kind, a.ID, b.EventTime, b.Kind, b.ID)
}

// lane is one receiver's queue: its pending deliveries in event order,
// sent one at a time, so that a receiver gets a rollout's events in order
// and a slow or failing receiver holds up nobody else.
type lane struct {
	w     *Worker
	rcv   Receiver
	since time.Time

	mu      sync.Mutex
	outbox  state.Outbox
	known   map[string]bool
	pending []state.Delivery
	wake    chan struct{}
}

// openLane reads (or creates) the receiver's outbox and its pending
// deliveries: a restarted worker resumes them.
func (w *Worker) openLane(ctx context.Context, rcv Receiver) (*lane, error) {
	l := &lane{w: w, rcv: rcv, known: map[string]bool{}, wake: make(chan struct{}, 1)}
	o, err := w.Store.GetOutbox(ctx, rcv.Name())
	if errors.Is(err, state.ErrNotFound) {
		// A new receiver hears of what happens from now on, not of
		// every rollout in history.
		o = state.Outbox{Receiver: rcv.Name(), Since: w.now().UTC()}
		o.Rev, err = w.Store.PutOutbox(ctx, o)
		if errors.Is(err, state.ErrConflict) {
			o, err = w.Store.GetOutbox(ctx, rcv.Name())
		}
	}
	if err != nil {
		return nil, fmt.Errorf("notification outbox of %s: %w", rcv.Name(), err)
	}
	l.outbox, l.since = o, o.Since
	if err := l.reload(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// reload merges the stored deliveries into the lane.
func (l *lane) reload(ctx context.Context) error {
	ds, err := l.w.Store.ListDeliveries(ctx, l.rcv.Name())
	if err != nil {
		return fmt.Errorf("notification deliveries of %s: %w", l.rcv.Name(), err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		if l.known[d.ID] {
			continue
		}
		l.known[d.ID] = true
		if d.Status == state.DeliveryPending {
			l.pending = append(l.pending, d)
		}
	}
	slices.SortFunc(l.pending, deliveryOrder)
	l.signal()
	return nil
}

func (l *lane) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// offer records a pending delivery of e, once: the store's create is
// the one place that decides whether an event is new.
func (l *lane) offer(ctx context.Context, e Event) {
	if !l.rcv.Wants(e.Kind) {
		return
	}
	l.mu.Lock()
	known := l.known[e.ID] || e.Time.Before(l.since)
	l.mu.Unlock()
	if known {
		return
	}
	raw, err := json.Marshal(e)
	if err != nil {
		return
	}
	d := state.Delivery{Receiver: l.rcv.Name(), ID: e.ID, Service: e.Service, Kind: e.Kind, EventTime: e.Time,
		Event: raw, Status: state.DeliveryPending, Created: l.w.now().UTC()}
	d.Rev, err = l.w.Store.PutDelivery(ctx, d)
	switch {
	case errors.Is(err, state.ErrConflict):
		// Recorded by an earlier worker: take it over as it is.
		if err := l.reload(ctx); err != nil {
			l.w.log().Warn("notifications: reload", "receiver", l.rcv.Name(), "err", err)
		}
		return
	case err != nil:
		if ctx.Err() == nil {
			l.w.log().Warn("notifications: delivery not recorded; the next scan tries again", "receiver", l.rcv.Name(), "event", e.ID, "err", err)
		}
		return
	}
	l.mu.Lock()
	l.known[e.ID] = true
	l.pending = append(l.pending, d)
	slices.SortFunc(l.pending, deliveryOrder)
	l.mu.Unlock()
	l.signal()
}

func (l *lane) head() (state.Delivery, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.pending) == 0 {
		return state.Delivery{}, false
	}
	return l.pending[0], true
}

func (l *lane) run(ctx context.Context) {
	for {
		d, ok := l.head()
		var delay time.Duration
		if ok {
			delay = d.NextAttempt.Sub(l.w.now())
		}
		if !ok || delay > 0 {
			if !l.sleep(ctx, ok, delay) {
				return
			}
			continue
		}
		if ctx.Err() != nil {
			return
		}
		d = l.attempt(ctx, d)
		l.mu.Lock()
		if i := slices.IndexFunc(l.pending, func(p state.Delivery) bool { return p.ID == d.ID }); i >= 0 {
			if d.Status == state.DeliveryPending {
				l.pending[i] = d
			} else {
				l.pending = slices.Delete(l.pending, i, i+1)
			}
		}
		l.mu.Unlock()
	}
}

// sleep waits for a new delivery, or for delay when timed, or for ctx
// to end (false).
func (l *lane) sleep(ctx context.Context, timed bool, delay time.Duration) bool {
	var wait <-chan time.Time
	if timed {
		t := time.NewTimer(delay)
		defer t.Stop()
		wait = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-l.wake:
	case <-wait:
	}
	return true
}

// maxErrorLen bounds the last error kept in a delivery record.
const maxErrorLen = 300

// attempt sends d once and records the outcome. The send and the record
// run to completion even when ctx ends (bounded by the receiver's
// timeout): stopping half-way would leave a delivery the receiver may
// have taken recorded as pending, to be sent again.
func (l *lane) attempt(ctx context.Context, d state.Delivery) state.Delivery {
	var e Event
	if err := json.Unmarshal(d.Event, &e); err != nil {
		d.Status, d.LastError = state.DeliveryFailed, "undecodable event: "+err.Error()
		return l.record(ctx, d)
	}
	err := l.rcv.Send(context.WithoutCancel(ctx), e)
	now := l.w.now().UTC()
	d.Attempts++
	d.LastAttempt = now
	if err == nil {
		d.Status, d.DeliveredAt, d.LastError, d.NextAttempt = state.DeliveryDelivered, now, "", time.Time{}
		l.w.log().Info("notification delivered", "receiver", d.Receiver, "event", d.ID, "attempts", d.Attempts)
		return l.record(ctx, d)
	}
	msg := err.Error()
	if len(msg) > maxErrorLen {
		msg = msg[:maxErrorLen] + "..."
	}
	d.LastError = msg
	d.NextAttempt = now.Add(l.w.Backoff.Delay(d.Attempts))
	if now.Sub(d.EventTime) > l.w.GiveUpAfter {
		d.Status, d.NextAttempt = state.DeliveryFailed, time.Time{}
		l.w.log().Warn("notification given up", "receiver", d.Receiver, "event", d.ID, "attempts", d.Attempts, "err", msg)
	} else {
		l.w.log().Warn("notification failed; retrying", "receiver", d.Receiver, "event", d.ID, "attempts", d.Attempts, "next", d.NextAttempt, "err", msg)
	}
	return l.record(ctx, d)
}

// record writes d's new state, retrying while the store does not answer
// (a delivered mark that is lost means a repeat after a restart). After
// ctx ends it tries for a bounded time only.
func (l *lane) record(ctx context.Context, d state.Delivery) state.Delivery {
	bg := context.WithoutCancel(ctx)
	for try := 1; ; try++ {
		wctx, cancel := context.WithTimeout(bg, 10*time.Second)
		rev, err := l.w.Store.PutDelivery(wctx, d)
		cancel()
		if err == nil {
			d.Rev = rev
			return d
		}
		if errors.Is(err, state.ErrConflict) {
			// Another worker changed it (a leader that had not yet
			// stopped): the stored state wins.
			if cur, ok := l.stored(bg, d.ID); ok {
				return cur
			}
			return d
		}
		l.w.log().Warn("notifications: delivery state not recorded", "receiver", d.Receiver, "event", d.ID, "err", err)
		if ctx.Err() != nil && try >= 3 {
			return d
		}
		t := time.NewTimer(l.w.Backoff.Delay(try))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
}

func (l *lane) stored(ctx context.Context, id string) (state.Delivery, bool) {
	ds, err := l.w.Store.ListDeliveries(ctx, l.rcv.Name())
	if err != nil {
		return state.Delivery{}, false
	}
	i := slices.IndexFunc(ds, func(d state.Delivery) bool { return d.ID == id })
	if i < 0 {
		return state.Delivery{}, false
	}
	return ds[i], true
}

// prune removes deliveries of events older than Retain. The outbox's
// Since moves past them first, so that no event whose record is gone can
// be derived again and resent.
func (w *Worker) prune(ctx context.Context, lanes []*lane) {
	cutoff := w.now().Add(-w.Retain).UTC()
	for _, l := range lanes {
		l.mu.Lock()
		o := l.outbox
		l.mu.Unlock()
		if o.Since.Before(cutoff) {
			o.Since = cutoff
			rev, err := w.Store.PutOutbox(ctx, o)
			if err != nil {
				w.log().Warn("notifications: outbox not advanced", "receiver", o.Receiver, "err", err)
				continue
			}
			o.Rev = rev
			l.mu.Lock()
			l.outbox, l.since = o, cutoff
			l.mu.Unlock()
		}
		ds, err := w.Store.ListDeliveries(ctx, o.Receiver)
		if err != nil {
			continue
		}
		for _, d := range ds {
			if d.Status != state.DeliveryPending && d.EventTime.Before(o.Since) {
				if err := w.Store.DeleteDelivery(ctx, d.Receiver, d.ID, d.Rev); err == nil {
					l.mu.Lock()
					delete(l.known, d.ID)
					l.mu.Unlock()
				}
			}
		}
	}
}
