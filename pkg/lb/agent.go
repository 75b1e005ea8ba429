package lb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/retry"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// MarathonAPI is what the agent needs of a Marathon client
// (*marathon.Client in production).
type MarathonAPI interface {
	// EachRoutedApp reads every app (GET /v2/apps), one at a time, with
	// only what routing takes of each, as marathon.RoutingCopy keeps it
	// (marathon.Client.EachRoutedApp): the whole answer never sits in the
	// agent's memory, nor what it does not route by. The agent keeps each
	// App it is handed.
	EachRoutedApp(ctx context.Context, fn func(*marathon.App) error) error
	// RoutedApp reads one app as EachRoutedApp reads each; an app whose
	// routing part is over the client's cap is a
	// marathon.AppTooLargeError (EachRoutedApp leaves it out).
	RoutedApp(ctx context.Context, id string) (*marathon.App, error)
	Events(ctx context.Context, types ...string) (<-chan marathon.Event, error)
}

// Applier is what the agent needs of HAProxy (*haproxy.HAProxy).
type Applier interface {
	// Apply must not keep desired.Services, or pointers into it, past its
	// return: the agent's Builder reuses it (desired.Clone is a copy to
	// keep).
	Apply(ctx context.Context, desired haproxy.Config) (haproxy.Result, error)
	Stats(ctx context.Context) (map[string]haproxy.ServiceStats, error)
	Reloads() int64
}

// aliveChecker is an Applier that can tell a dead HAProxy from one that
// refused a change (*haproxy.HAProxy can).
type aliveChecker interface {
	Alive(ctx context.Context) error
}

// Defaults of Options.
const (
	DefaultResync   = 60 * time.Second
	DefaultDebounce = 20 * time.Millisecond
	DefaultBackoff  = 10 * time.Second
	// DefaultReadTimeout is well under Marathon's default kill grace
	// period (5 s, before SIGKILL): a read that outlives it is retried
	// rather than waited for. Reads never hold up what the event stream
	// already told (kills, health), but a routing acknowledgement and a
	// task the events cannot describe (a new app) wait for one.
	DefaultReadTimeout = 3 * time.Second
)

// maxReadTimeoutDoublings: after reads cut by their deadline in a row the
// deadline doubles (3 s, 6 s, 12 s), so a Marathon that is slow rather
// than hung (a large realm's /v2/apps) is still read in the end.
const maxReadTimeoutDoublings = 2

// ackTimeout bounds one registration or acknowledgement write.
const ackTimeout = 5 * time.Second

// Options configure an Agent.
type Options struct {
	Marathon MarathonAPI
	// OpenStore opens the realm's state store; the agent retries it with
	// backoff until it succeeds and closes the store when Run returns.
	OpenStore func(ctx context.Context) (state.Store, error)
	HAProxy   Applier
	Build     BuildOptions
	// Agent is registered in the store (ID and Address must be set) so the
	// CLI waits for this agent's acknowledgements. Empty ID: not registered.
	Agent state.Agent
	// Resync is the period of full re-reads (default 60s); Debounce the
	// window that coalesces a burst of changes (default 20ms); MaxBackoff
	// caps the wait between retries after a failure (default 10s). A
	// negative Debounce applies every change at once.
	Resync     time.Duration
	Debounce   time.Duration
	MaxBackoff time.Duration
	// ReadTimeout bounds one Marathon request (default
	// DefaultReadTimeout); it doubles after reads cut by it in a row.
	ReadTimeout time.Duration
	// StoreConnPoll is how often a store with a connection (ZooKeeper) is
	// asked whether it has one (default 250ms); every sync asks as well.
	StoreConnPoll time.Duration
	Logger        *slog.Logger
	// Applied, when set, runs after each apply, before the acks (hook.go).
	Applied AppliedHook
	// AccessLog, when set, receives HAProxy's per-request logs: the agent
	// keeps its tracks in step with each apply and serves its latencies
	// beside the counters (/v1/stats). The caller runs and closes it.
	AccessLog *AccessLog
}

// Agent keeps one HAProxy in step with Marathon and the routing state.
type Agent struct {
	opts   Options
	log    *slog.Logger
	health *Health
	kick   chan struct{} // the apply loop: the view changed
	urgent chan struct{} // skips the debounce window: a task is going away
	// readKick wakes the read loop: apps to (re-)read from Marathon. Reads
	// run apart from applies, so a hung read never holds up a kill the
	// event stream already reported.
	readKick chan struct{}
	met      *metrics
	// attempted is closed once the first attach of the event stream
	// returned, attached or not. The first read waits for it (bounded by
	// ReadTimeout): a read begun before the stream attached is followed at
	// once by a second full read for what the stream missed meanwhile
	// (at 1000 apps, 0.1 s and a peak RSS 4-5 MB higher).
	attempted   chan struct{}
	attemptOnce sync.Once

	mu sync.Mutex // guards everything below until the sync-loop fields
	// routing is copied on write once a sync or read took it
	// (routingShared): they take it without a copy of every service's
	// record, and a burst of changes copies it once.
	routing       map[string]state.Routing
	routingShared bool
	routingSynced bool
	store         state.Store
	session       state.AgentSession
	marathonSrc   SourceStatus
	storeSrc      SourceStatus
	haproxySrc    SourceStatus
	status        Status
	plan          *Plan
	// view is the view of Marathon: written by the read loop (reads) and
	// by events (kills, new running tasks), read by the apply loop.
	view      *view
	readErr   error // the last read's, nil once one succeeds
	readErrAt time.Time

	// Owned by the apply loop.
	builder *Builder
	acked   map[string]int64
	// storeDown: the store's connection is lost (state.Connectivity).
	storeDown error
	resetAcks atomic.Bool // a new session: acknowledge everything again
	// refusedServices: the last apply refused some service; retry it.
	refusedServices atomic.Bool
	regMu           sync.Mutex
	lastReg         time.Time

	// burst follows the event rate: after a burst the agent reads every
	// app (noteEventLocked). Under mu.
	burst struct {
		start, armed, last time.Time
		n                  int
		timer              *time.Timer
		why                string // of the read armed
	}
	// lag follows how late events arrive (lagTracker).
	lag lagTracker
}

// Marathon 1.4.13 drops events for an event stream that has more than
// --event_stream_max_outstanding_messages (50) of them unwritten, counting
// every type, also those the stream did not ask for, and tells the client
// nothing (HttpEventStreamHandleActor.dropEvent; 1.10 closes the stream,
// which the agent sees). A deployment's burst of events can cost the
// agent a kill or a health change it would otherwise have waited for the
// resync period (a minute) to learn. So after burstEvents events within
// burstWindow, the agent reads every app once the stream has been quiet
// for burstQuiet (at most burstMaxDelay after the burst was noticed), and
// not more often than every burstReadEvery: at 1000 apps a read of
// 0.1-0.2 s per burst.
//
// A stream that falls behind without a burst of the events the agent asked
// for (the agent starved of CPU, a slow link, a burst of event types it
// filtered out) may lose events too; its events then arrive late. An event
// that arrives lateEvent later than the fastest delivery of the last
// minutes arms the same read.
const (
	burstEvents    = 20
	burstWindow    = time.Second
	burstQuiet     = 250 * time.Millisecond
	burstMaxDelay  = 2 * time.Second
	burstReadEvery = 2 * time.Second
	lateEvent      = time.Second
	lagWindow      = 5 * time.Minute
)

const (
	whyBurst = "after a burst of events (Marathon 1.4 drops some of a busy stream's events without a word)"
	whyLate  = "after events that arrived late (Marathon 1.4 drops events of a stream that falls behind without a word)"
)

// lagTracker measures how late events arrive: an event's delay (receipt
// minus Marathon's timestamp) minus the fastest delay seen in this window
// and the previous one. The fastest delay stands for the link and the
// clocks' offset, so a Marathon clock set apart from the agent's raises no
// alarm; it starts again with each stream (a new leader, another clock).
type lagTracker struct {
	cur, prev       time.Duration
	curSet, prevSet bool
	since           time.Time
}

func (l *lagTracker) reset() { *l = lagTracker{} }

// observe records an event stamped ts received at now and returns how late
// it is.
func (l *lagTracker) observe(now, ts time.Time) time.Duration {
	if ts.IsZero() {
		return 0
	}
	d := now.Sub(ts)
	if now.Sub(l.since) > lagWindow {
		l.prev, l.prevSet, l.curSet, l.since = l.cur, l.curSet, false, now
	}
	if !l.curSet || d < l.cur {
		l.cur, l.curSet = d, true
	}
	base := l.cur
	if l.prevSet && l.prev < base {
		base = l.prev
	}
	return d - base
}

// New checks the options.
func New(opts Options) (*Agent, error) {
	if opts.Marathon == nil || opts.HAProxy == nil || opts.OpenStore == nil {
		return nil, errors.New("lb agent: Marathon, HAProxy and OpenStore must be set")
	}
	if opts.Resync <= 0 {
		opts.Resync = DefaultResync
	}
	if opts.StoreConnPoll <= 0 {
		opts.StoreConnPoll = storeConnPoll
	}
	if opts.Debounce < 0 {
		opts.Debounce = 0
	} else if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultBackoff
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Agent{
		opts: opts, log: log, health: NewHealth(), kick: make(chan struct{}, 1), urgent: make(chan struct{}, 1),
		readKick: make(chan struct{}, 1), met: newMetrics(), attempted: make(chan struct{}),
		routing: map[string]state.Routing{}, acked: map[string]int64{},
		builder: NewBuilder(opts.Build),
	}
	a.view = newView(a.health)
	a.marathonSrc = SourceStatus{Error: "not read yet"}
	a.storeSrc = SourceStatus{Error: "not read yet"}
	a.haproxySrc = SourceStatus{Error: "not applied yet"}
	a.status = Status{Agent: opts.Agent, Services: map[string]ServiceStatus{}}
	return a, nil
}

// SourceStatus is the health of one input (Marathon or the store).
type SourceStatus struct {
	OK    bool      `json:"ok"`
	Error string    `json:"error,omitempty"`
	Since time.Time `json:"since"`
}

func (s *SourceStatus) set(err error) {
	ok := err == nil
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if ok != s.OK || s.Since.IsZero() {
		s.Since = time.Now().UTC()
	}
	s.OK, s.Error = ok, msg
}

// Status is what /v1/status reports.
type Status struct {
	Agent state.Agent `json:"agent"`
	// Ready: a configuration built from both Marathon and the routing state
	// has been applied at least once.
	Ready          bool                     `json:"ready"`
	LastSync       time.Time                `json:"lastSync,omitzero"`
	LastSyncMillis float64                  `json:"lastSyncMillis"`
	LastError      string                   `json:"lastError,omitempty"`
	LastErrorAt    time.Time                `json:"lastErrorAt,omitzero"`
	Marathon       SourceStatus             `json:"marathon"`
	Store          SourceStatus             `json:"store"`
	Registered     bool                     `json:"registered"`
	Reloads        int64                    `json:"reloads"`
	Services       map[string]ServiceStatus `json:"services"`

	// HAProxy is not OK when it does not run or serve at all (not when it
	// refuses a change: the last applied configuration then serves on).
	HAProxy SourceStatus `json:"haproxy"`
}

// ServiceStatus is one service as last applied.
type ServiceStatus struct {
	// Generation is the routing generation the last applied configuration
	// followed; Applied the one acknowledged in the store (they differ
	// while HAProxy refuses the service or the store is unreachable).
	Generation   int64     `json:"generation"`
	Applied      int64     `json:"applied"`
	Managed      bool      `json:"managed"`
	Ports        []int     `json:"ports"`
	Apps         []AppPlan `json:"apps"`
	StableWeight int       `json:"stableWeight"`
	CanaryWeight int       `json:"canaryWeight"`
	Isolated     bool      `json:"isolated,omitempty"`
	Error        string    `json:"error,omitempty"`
	Problems     []string  `json:"problems,omitempty"`

	// Refused: ports not bound or a routing state not followed, and why
	// (a realm limit, a servicePort another service wins, a routing state
	// naming apps that are not the service's own); see ServicePlan.
	Refused string `json:"refused,omitempty"`
}

// Status returns a snapshot of the agent's status.
func (a *Agent) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.status
	s.Marathon, s.Store, s.HAProxy = a.marathonSrc, a.storeSrc, a.haproxySrc
	s.Registered = a.session != nil
	s.Reloads = a.opts.HAProxy.Reloads()
	s.Services = maps.Clone(a.status.Services)
	return s
}

func (a *Agent) hurry() {
	select {
	case a.urgent <- struct{}{}:
	default:
	}
}

// poke wakes the apply loop.
func (a *Agent) poke() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// wantRead wakes the read loop.
func (a *Agent) wantRead() {
	select {
	case a.readKick <- struct{}{}:
	default:
	}
}

// Run runs the agent until ctx ends. HAProxy keeps serving what was applied
// last; the agent deregisters and closes the store.
func (a *Agent) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(5)
	go func() { defer wg.Done(); a.readLoop(ctx) }()
	go func() { defer wg.Done(); a.watchMarathon(ctx) }()
	go func() { defer wg.Done(); a.watchStore(ctx) }()
	go func() { defer wg.Done(); a.watchStoreConn(ctx) }()
	go func() { defer wg.Done(); a.resyncTicker(ctx) }()
	a.loop(ctx)
	wg.Wait()

	a.mu.Lock()
	sess, store := a.session, a.store
	a.session, a.store = nil, nil
	a.mu.Unlock()
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var err error
	if sess != nil {
		if cerr := sess.Close(cctx); cerr != nil {
			err = fmt.Errorf("deregister lb agent: %w", cerr)
		}
	}
	if store != nil {
		_ = store.Close()
	}
	return err
}

// loop runs one sync at a time. A change after a quiet period is applied
// at once; changes arriving while a sync runs, or within Debounce after one,
// are gathered into the next sync, so a burst costs a few applies, not one
// per event, and a lone change waits for nothing.
func (a *Agent) loop(ctx context.Context) {
	var retry <-chan time.Time
	failures, refusedRounds := 0, 0
	var lastEnd time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.kick:
		case <-retry:
		}
		retry = nil
		if wait := time.Until(lastEnd.Add(a.opts.Debounce)); wait > 0 {
			// Health changes and tasks going away skip the wait: a dead
			// task in the backend costs retries (HAProxy redispatches only
			// a few times), a healthy one kept out costs capacity. A storm
			// of them still runs one sync at a time, each covering
			// everything that arrived during the previous one.
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			case <-a.urgent:
				t.Stop()
			}
		}
		select {
		case <-a.urgent: // this sync covers it
		default:
		}
		err := a.sync(ctx)
		lastEnd = time.Now()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			wait := backoff(failures, a.opts.MaxBackoff)
			if dead := a.checkHAProxy(ctx); dead != nil {
				a.log.Error("lb sync failed and HAProxy is down: this load balancer serves nothing; restart HAProxy (its configuration file holds the last good configuration)",
					"retry_in", wait, "haproxy", dead, "err", err)
			} else {
				a.log.Warn("lb sync failed; the last applied configuration keeps serving", "retry_in", wait, "err", err)
			}
			retry = time.After(wait)
		} else {
			failures = 0
			// A refused service (its port held by another process, a
			// runtime command HAProxy turned down) is tried again without
			// waiting for an event: what refused it may go away.
			if a.refusedServices.Load() {
				refusedRounds++
				retry = time.After(backoff(refusedRounds+2, a.opts.MaxBackoff))
			} else {
				refusedRounds = 0
			}
		}
	}
}

// checkHAProxy asks HAProxy whether it still runs and serves, after a
// failed sync, and records the answer in Status.HAProxy. nil: alive (or
// the Applier cannot tell).
func (a *Agent) checkHAProxy(ctx context.Context) error {
	ac, ok := a.opts.HAProxy.(aliveChecker)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := ac.Alive(ctx)
	if ctx.Err() != nil && err != nil && errors.Is(err, context.Canceled) {
		return nil // the agent is stopping
	}
	a.mu.Lock()
	a.haproxySrc.set(err)
	a.mu.Unlock()
	return err
}

// backoff is the pause after failures failures in a row: yodel's retry
// policy (jittered, so agents that lost Marathon together do not return
// to it together).
func backoff(failures int, maxWait time.Duration) time.Duration {
	return retry.Backoff{Min: 100 * time.Millisecond, Max: maxWait}.Delay(failures)
}

func (a *Agent) resyncTicker(ctx context.Context) {
	t := time.NewTicker(a.opts.Resync)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.mu.Lock()
			a.view.fullPending, a.view.fullWhy = true, "resync period"
			a.mu.Unlock()
			a.wantRead()
		}
	}
}

// Event types the agent follows; everything else is noise for routing.
var eventTypes = []string{
	marathon.EventStatusUpdate, marathon.EventHealthStatusChanged, marathon.EventInstanceHealthChanged,
	marathon.EventUnhealthyInstanceKill, marathon.EventAPIPost, marathon.EventAppTerminated,
	marathon.EventDeploymentSuccess, marathon.EventDeploymentFailed,
}

func (a *Agent) watchMarathon(ctx context.Context) {
	failures := 0
	defer a.attemptOnce.Do(func() { close(a.attempted) })
	for ctx.Err() == nil {
		ch, err := a.opts.Marathon.Events(ctx, eventTypes...)
		if err != nil {
			a.attemptOnce.Do(func() { close(a.attempted) })
			if ctx.Err() != nil {
				return
			}
			failures++
			a.mu.Lock()
			a.marathonSrc.set(fmt.Errorf("event stream: %w", err))
			a.mu.Unlock()
			if !sleep(ctx, backoff(failures, a.opts.MaxBackoff)) {
				return
			}
			continue
		}
		failures = 0
		// Whatever happened before the stream was attached is re-read.
		a.mu.Lock()
		a.view.fullPending, a.view.fullWhy = true, "event stream attached"
		a.lag.reset()
		a.mu.Unlock()
		a.attemptOnce.Do(func() { close(a.attempted) })
		a.wantRead()
		for ev := range ch {
			a.onEvent(ev)
		}
	}
}

// onEvent applies an event to the view (see view.event) and wakes the
// loops that follow from it.
func (a *Agent) onEvent(ev marathon.Event) {
	a.mu.Lock()
	now := time.Now()
	a.noteEventLocked(now)
	// An unhealthy kill's timestamp is its last failure's, not its own.
	if ev.Type != marathon.EventUnhealthyInstanceKill {
		if late := a.lag.observe(now, ev.Timestamp); late > lateEvent {
			a.armReadLocked(now, whyLate)
		}
	}
	eff := a.view.event(ev)
	switch {
	case eff.streamErr != nil:
		a.marathonSrc.set(eff.streamErr)
	case eff.streamOK:
		a.marathonSrc.set(nil)
	}
	a.mu.Unlock()
	if eff.urgent {
		a.log.Debug("marathon event applies at once", "type", ev.Type, "app", ev.AppID())
		a.hurry()
	}
	a.wantRead()
	if eff.apply {
		a.poke()
	}
}

// noteEventLocked counts an event received at now and, in a burst, arms
// the read of every app that follows it (see burstEvents).
func (a *Agent) noteEventLocked(now time.Time) {
	b := &a.burst
	if now.Sub(b.start) > burstWindow {
		b.start, b.n = now, 0
	}
	b.n++
	if b.n >= burstEvents {
		a.armReadLocked(now, whyBurst)
	}
}

// armReadLocked arms (or moves) the read of every app that follows events
// that may have lost others: burstQuiet after the last of them, at most
// burstMaxDelay after it was armed, not within burstReadEvery of the
// previous one.
func (a *Agent) armReadLocked(now time.Time, why string) {
	b := &a.burst
	if b.timer != nil && now.Sub(b.armed) >= burstMaxDelay {
		return // armed long enough ago: let it fire
	}
	at := now.Add(burstQuiet)
	if next := b.last.Add(burstReadEvery); at.Before(next) {
		at = next
	}
	b.why = why
	if b.timer == nil {
		b.armed = now
		b.timer = time.AfterFunc(at.Sub(now), a.afterBurst)
		return
	}
	b.timer.Reset(at.Sub(now))
}

// afterBurst queues the read of every app that follows a burst of events,
// or events that arrived late.
func (a *Agent) afterBurst() {
	a.mu.Lock()
	a.burst.timer, a.burst.last = nil, time.Now()
	if !a.view.fullPending {
		a.view.fullPending, a.view.fullWhy = true, a.burst.why
	}
	a.mu.Unlock()
	a.met.burstReads.Add(1)
	a.wantRead()
}

func (a *Agent) watchStore(ctx context.Context) {
	failures := 0
	for ctx.Err() == nil {
		a.mu.Lock()
		store := a.store
		a.mu.Unlock()
		if store == nil {
			s, err := a.opts.OpenStore(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				failures++
				a.setStoreErr(err)
				if !sleep(ctx, backoff(failures, a.opts.MaxBackoff)) {
					return
				}
				continue
			}
			a.mu.Lock()
			a.store, store = s, s
			a.mu.Unlock()
			// Register at once, so a deploy starting now waits for this
			// agent; acks follow once it has applied something.
			a.register(ctx, s)
		}
		ch, err := store.WatchRouting(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			a.setStoreErr(fmt.Errorf("watch routing state: %w", err))
			if errors.Is(err, state.ErrClosed) {
				a.mu.Lock()
				a.store = nil
				a.mu.Unlock()
			}
			if !sleep(ctx, backoff(failures, a.opts.MaxBackoff)) {
				return
			}
			continue
		}
		failures = 0
		a.consumeRouting(ch)
		if ctx.Err() != nil {
			return
		}
		a.setStoreErr(errors.New("routing watch ended; re-watching"))
	}
}

// storeConnPoll is how often the store's connection is checked by default.
const storeConnPoll = 250 * time.Millisecond

// watchStoreConn reports a lost store connection (ZooKeeper restarting or
// partitioned away) in /v1/status and yodel_lb_store_up. Nothing else
// would: a routing watch just goes quiet, and while nothing changes the
// agent writes nothing. HAProxy keeps serving and Marathon changes keep
// being applied meanwhile; acknowledgements wait.
func (a *Agent) watchStoreConn(ctx context.Context) {
	t := time.NewTicker(a.opts.StoreConnPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		a.mu.Lock()
		store := a.store
		c, ok := store.(state.Connectivity)
		a.mu.Unlock()
		if store == nil {
			continue // not open yet
		}
		if !ok {
			// A store without a connection (the file store) never loses
			// it, and a reopened store is of the same kind: no need to
			// wake 4 times a second for nothing while idle.
			return
		}
		a.mu.Lock()
		recovered := a.noteStoreConn(c)
		a.mu.Unlock()
		if recovered {
			a.poke() // acknowledge what waited, and clear the error
		}
	}
}

// noteStoreConn records whether the store has its connection now, and
// says whether it just came back. The poller calls it, and so does every
// sync before it reports: a session that came back between two polls has
// already carried that sync's acknowledgements, and its status must not
// still say the store is lost. The caller holds a.mu.
func (a *Agent) noteStoreConn(c state.Connectivity) (recovered bool) {
	err := c.ConnError()
	was := a.storeDown
	a.storeDown = err
	switch {
	case err != nil:
		a.storeSrc.set(err)
		a.status.LastError = err.Error()
		if was == nil {
			a.status.LastErrorAt = time.Now().UTC()
			a.log.Warn("lost the state store; HAProxy keeps serving, Marathon changes are still applied, acknowledgements wait", "err", err)
		}
	case was != nil:
		a.log.Info("state store reachable again")
		a.storeSrc.set(nil)
		return true
	}
	return false
}

// consumeRouting applies one watch's events until its channel closes.
func (a *Agent) consumeRouting(ch <-chan state.RoutingEvent) {
	seen := map[string]bool{}
	first := true
	for ev := range ch {
		a.mu.Lock()
		if ev.Err != nil {
			a.storeSrc.set(ev.Err)
			a.log.Warn("routing state problem", "service", ev.Service, "err", ev.Err)
		}
		switch ev.Kind {
		case state.RoutingUpdated:
			seen[ev.Service] = true
			old, ok := a.routing[ev.Service]
			switch {
			case ok && old.Generation == ev.Routing.Generation:
			case ok && onlyDrainingChanged(old, ev.Routing) && a.view.coverDrainOnly(ev.Service, old.Generation, ev.Routing.Generation):
				// A drain (or its Forget) names tasks and routes nothing
				// new: the view that made the previous generation fresh
				// covers it (a task not known yet joins in drain state
				// once read). No Marathon read, and no sync after it,
				// competing with the drain for the CPU or holding up the
				// acknowledgement the CLI waits for before the kill.
			default:
				a.view.routed(ev.Routing)
			}
			if newDrains(old.Draining, ev.Routing.Draining) {
				// yodel is about to kill these tasks: no debounce.
				a.hurry()
			}
			a.ownRouting()
			a.routing[ev.Service] = ev.Routing
		case state.RoutingDeleted:
			a.ownRouting()
			delete(a.routing, ev.Service)
		case state.RoutingSynced:
			if first {
				// Services deleted while this agent was not watching.
				a.ownRouting()
				for svc := range a.routing {
					if !seen[svc] {
						delete(a.routing, svc)
					}
				}
				first = false
			}
			a.routingSynced = true
			if ev.Err == nil {
				a.storeSrc.set(nil)
			}
		}
		a.mu.Unlock()
		a.wantRead()
		a.poke()
	}
}

// ownRouting makes a.routing this agent's to change: a copy if a sync or
// read took it. The caller holds a.mu.
func (a *Agent) ownRouting() {
	if a.routingShared {
		a.routing, a.routingShared = maps.Clone(a.routing), false
	}
}

// takeRouting hands out a.routing, which the holder must not change. The
// caller holds a.mu.
func (a *Agent) takeRouting() map[string]state.Routing {
	a.routingShared = true
	return a.routing
}

// onlyDrainingChanged says whether next differs from prev in its draining
// set (and the store's generation and stamp) only.
func onlyDrainingChanged(prev, next state.Routing) bool {
	return prev.Service == next.Service && prev.Stable == next.Stable && prev.Canary == next.Canary &&
		prev.CanaryWeight == next.CanaryWeight && prev.CanaryIsolated == next.CanaryIsolated && prev.CanarySticky == next.CanarySticky &&
		slices.Equal(prev.Ports, next.Ports) && prev.Step == next.Step && bytes.Equal(prev.Rollout, next.Rollout) &&
		prev.Retiring == next.Retiring
}

// newDrains says whether next drains a task that prev did not.
func newDrains(prev, next []string) bool {
	for _, id := range next {
		if !slices.Contains(prev, id) {
			return true
		}
	}
	return false
}

func (a *Agent) setStoreErr(err error) {
	a.mu.Lock()
	a.storeSrc.set(err)
	a.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// readLoop reads Marathon when events, routing changes or the resync
// period ask for it, one read at a time, and pokes the apply loop with
// each result. It runs apart from the apply loop so that a read hanging
// until its deadline holds up nothing the event stream already told. A
// failed read leaves the view as it was (fail static) and is retried with
// backoff; a burst of events meanwhile does not hurry the retry.
func (a *Agent) readLoop(ctx context.Context) {
	failures, cut := 0, 0
	var lastEnd, notBefore time.Time
	t := time.NewTimer(a.opts.ReadTimeout)
	select {
	case <-ctx.Done():
		t.Stop()
		return
	case <-a.attempted:
	case <-t.C: // a stream that hangs while attaching holds up no read
	}
	t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-a.readKick:
		}
		if wait := max(time.Until(lastEnd.Add(a.opts.Debounce)), time.Until(notBefore)); wait > 0 && !sleep(ctx, wait) {
			return
		}
		timeout := a.opts.ReadTimeout << min(cut, maxReadTimeoutDoublings)
		did, err := a.read(ctx, timeout)
		lastEnd = time.Now()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			failures++
			if errors.Is(err, context.DeadlineExceeded) {
				cut++
			} else {
				cut = 0
			}
			wait := backoff(failures, a.opts.MaxBackoff)
			notBefore = lastEnd.Add(wait)
			a.log.Warn("Marathon read failed; HAProxy keeps the last view, and kills and health changes from events are still applied",
				"retry_in", wait, "read_timeout", timeout, "err", err)
			a.wantRead() // the failed work was queued again
		case did:
			failures, cut = 0, 0
			a.poke()
		}
	}
}

// logUncheckedLocked says which tasks the last read made the agent route
// without a health result from Marathon (Health.Observe).
func (a *Agent) logUncheckedLocked() {
	for _, id := range a.view.unchecked {
		a.log.Warn("Marathon reports no health result for a task long after it started: routed on HAProxy's own checks (a new Marathon leader has not checked it yet, or, on Marathon 1.4, never will: its app version was garbage-collected, e.g. after 50 scalings)",
			"task", id)
	}
	a.view.unchecked = a.view.unchecked[:0]
}

// read refreshes the view: every app, or only the dirty ones, each request
// bounded by timeout. A failure keeps the view of what failed (fail
// static) and queues it again. did is false when there was nothing to read.
func (a *Agent) read(ctx context.Context, timeout time.Duration) (did bool, _ error) {
	a.mu.Lock()
	plan, ok := a.view.beginRead()
	if !ok {
		a.mu.Unlock()
		return false, nil
	}
	// Taken with the dirty apps, before reading Marathon: every routing
	// generation here was received before the reads below begin, and
	// marked the apps it names dirty when it was.
	routing := a.takeRouting()
	a.mu.Unlock()

	if plan.full {
		start := time.Now()
		rctx, cancel := context.WithTimeout(ctx, timeout)
		var list []*marathon.App
		err := a.opts.Marathon.EachRoutedApp(rctx, func(app *marathon.App) error {
			// Already a routing copy, and its own. An app the view holds just so is
			// kept instead (the view's apps are never changed in place), so
			// this read's copy is garbage at once: a resync adds to the
			// live heap only what changed, not a second copy of the realm
			// until installAll (the agent's peak memory, issue 21).
			a.mu.Lock()
			old := a.view.apps[app.ID]
			a.mu.Unlock()
			if old != nil && reflect.DeepEqual(old, app) {
				app = old
			}
			list = append(list, app)
			return nil
		})
		cancel()
		a.log.Debug("marathon read", "apps", len(list), "why", plan.why, "took", time.Since(start), "err", err)
		a.mu.Lock()
		defer a.mu.Unlock()
		if err != nil {
			err = fmt.Errorf("read Marathon apps: %w", err)
			a.view.fullReadFailed()
			a.readFailedLocked(err)
			return true, err
		}
		a.view.installAll(list, plan, routing)
		a.logUncheckedLocked()
		a.readErr = nil
		a.marathonSrc.set(nil)
		return true, nil
	}

	got := map[string]*marathon.App{} // nil: Marathon has no such app
	failed := map[string]bool{}
	var errs []error
reads:
	for i, id := range plan.ids {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		app, err := a.opts.Marathon.RoutedApp(rctx, id)
		cancel()
		var tooLarge *marathon.AppTooLargeError
		switch {
		case marathon.IsNotFound(err):
			got[id] = nil
		case errors.As(err, &tooLarge):
			// Not routed, as the full read leaves it out: retrying
			// would read the same.
			a.log.Warn("an app is not routed", "err", err)
			got[id] = nil
		case err != nil:
			failed[id] = true
			errs = append(errs, err)
			if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
				// Marathon is not answering in time: the rest waits for
				// the retry rather than adding a timeout each.
				for _, rest := range plan.ids[i+1:] {
					failed[rest] = true
				}
				break reads
			}
		default:
			got[id] = app
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.view.installApps(got, failed, plan, routing)
	a.logUncheckedLocked()
	if len(failed) > 0 {
		err := fmt.Errorf("read Marathon apps %v: %w", slices.Sorted(maps.Keys(failed)), errors.Join(errs...))
		a.readFailedLocked(err)
		return true, err
	}
	if a.readErr != nil {
		// Only the read's error: an event stream down stays reported.
		a.readErr = nil
		a.marathonSrc.set(nil)
	}
	return true, nil
}

func (a *Agent) readFailedLocked(err error) {
	a.readErr, a.readErrAt = err, time.Now().UTC()
	a.marathonSrc.set(err)
	a.status.LastError, a.status.LastErrorAt = err.Error(), a.readErrAt
}

// sync builds the view into a configuration, applies it and acknowledges
// what it may. It never reads Marathon (the read loop does, and pokes it),
// so what the event stream reported reaches HAProxy however long a read
// takes. It returns an error when the attempt must be retried (HAProxy
// refused all, acknowledgements failed).
func (a *Agent) sync(ctx context.Context) error {
	start := time.Now()
	a.mu.Lock()
	fetched, readErr, readErrAt := a.view.fetched, a.readErr, a.readErrAt
	synced := a.routingSynced
	routing := a.takeRouting()
	// Taken with the apps: a generation counts as fresh only with the
	// read that made it so.
	fresh := maps.Clone(a.view.fresh)
	apps, gone := a.view.snapshot()
	a.mu.Unlock()
	if !fetched {
		// Marathon never read: an empty configuration would take every
		// service down. The read loop reports why and pokes once it reads.
		return nil
	}
	if !synced {
		// Without the routing state a canary app would look like a
		// service without routing, i.e. stable: apply nothing yet.
		a.mu.Lock()
		a.status.LastError = "waiting for the routing state (store: " + a.storeSrc.Error + ")"
		a.mu.Unlock()
		return nil
	}

	cfg, plan := a.builder.Build(Input{Apps: apps, Routing: routing, Gone: gone, Health: a.health})
	built := time.Now()
	res, err := a.opts.HAProxy.Apply(ctx, cfg)
	took := time.Since(start)
	a.log.Debug("lb sync", "apps", len(apps), "build", built.Sub(start), "apply", time.Since(built),
		"runtime_ops", res.RuntimeOps, "reloaded", res.Reloaded)
	if err == nil && (res.RuntimeOps > 0 || res.Reloaded) {
		a.log.Info("applied", "services", len(plan.Services), "runtime_ops", res.RuntimeOps, "reloaded", res.Reloaded,
			"refused", len(res.Errors), "took", took.Round(time.Microsecond))
	}
	a.met.observeSync(took, err == nil, res)
	if err == nil && res.Reloaded {
		// A structural change rendered and checked the whole
		// configuration file, and the reload's read-back of every server
		// followed: MBs of garbage at 1000 services. Given back to the
		// OS now, not by the runtime's
		// background scavenger over the next minutes (RSS high and CPU
		// spent while nothing changes). Apart from the loop: it runs a GC.
		go debug.FreeOSMemory()
	}
	if err != nil {
		err = fmt.Errorf("apply to HAProxy: %w", err)
		a.fail(err)
		// Registered even so (ack, which would retry it, is not reached):
		// unregistered, the CLI would believe the realm has no load
		// balancer and carry on instead of waiting for this agent and
		// failing with its error.
		a.mu.Lock()
		sess, store := a.session, a.store
		a.mu.Unlock()
		if sess == nil && store != nil {
			_ = a.register(ctx, store)
		}
		return err
	}
	svcErrs := serviceErrors(plan, res)
	if a.opts.AccessLog != nil {
		a.opts.AccessLog.SetTracks(cfg)
	}
	runHook(ctx, a.opts.Applied, apps, cfg, svcErrs)
	a.refusedServices.Store(len(svcErrs) > 0)
	acked, ackErr := a.ack(ctx, plan, svcErrs, fresh)

	a.mu.Lock()
	defer a.mu.Unlock()
	a.haproxySrc.set(nil)
	a.plan = plan
	a.status.Ready = true
	a.status.LastSync = time.Now().UTC()
	a.status.LastSyncMillis = float64(took.Microseconds()) / 1000
	a.status.LastError = ""
	if c, ok := a.store.(state.Connectivity); ok && a.noteStoreConn(c) && ackErr != nil {
		a.poke() // the store is back: acknowledge now, not after the backoff
	}
	if readErr != nil {
		a.status.LastError, a.status.LastErrorAt = readErr.Error(), readErrAt
	}
	servers := 0
	for _, s := range cfg.Services {
		servers += len(s.Servers)
	}
	refused := 0
	// Updated in place (Status hands out copies): a new map of every
	// service per sync was a sixth of a one-task change's garbage at 1000
	// services.
	services := a.status.Services
	if services == nil {
		services = make(map[string]ServiceStatus, len(plan.Services))
	}
	for name := range services {
		if plan.Services[name] == nil {
			delete(services, name)
		}
	}
	for name, sp := range plan.Services {
		ss := ServiceStatus{Generation: sp.Generation, Applied: acked[name], Managed: sp.Managed, Ports: sp.Ports,
			Apps: sp.Apps, StableWeight: sp.StableWeight, CanaryWeight: sp.CanaryWeight, Isolated: sp.Isolated,
			Refused: sp.Refused, Problems: sp.Problems}
		if e := svcErrs[name]; e != nil {
			ss.Error = e.Error()
		}
		if sp.Refused != "" {
			refused++
			if prev := services[name]; prev.Refused != sp.Refused {
				a.log.Warn("lb: service refused", "service", name, "managed", sp.Managed, "reason", sp.Refused)
			}
		}
		services[name] = ss
	}
	a.met.setSizes(len(plan.Services), servers, len(svcErrs), refused)
	a.status.Services = services
	if ackErr != nil {
		a.status.LastError, a.status.LastErrorAt = ackErr.Error(), a.status.LastSync
		return ackErr
	}
	return nil
}

func (a *Agent) fail(err error) {
	a.mu.Lock()
	a.status.LastError, a.status.LastErrorAt = err.Error(), time.Now().UTC()
	a.mu.Unlock()
}

// register registers the agent in store, at most once a second.
func (a *Agent) register(ctx context.Context, store state.Store) error {
	if a.opts.Agent.ID == "" {
		return nil
	}
	a.regMu.Lock()
	defer a.regMu.Unlock()
	a.mu.Lock()
	done := a.session != nil
	a.mu.Unlock()
	if done {
		return nil
	}
	if time.Since(a.lastReg) < time.Second {
		return errors.New("not registered in the store yet: generations not acknowledged")
	}
	a.lastReg = time.Now()
	s, err := store.RegisterAgent(ctx, a.opts.Agent)
	if err != nil {
		err = fmt.Errorf("register lb agent %s: %w", a.opts.Agent.ID, err)
		a.log.Warn("lb agent registration failed; will retry", "err", err)
		a.setStoreErr(err)
		return err
	}
	a.mu.Lock()
	a.session = s
	a.mu.Unlock()
	a.resetAcks.Store(true)
	a.log.Info("lb agent registered", "id", a.opts.Agent.ID, "address", a.opts.Agent.Address, "store", store.URL())
	return nil
}

// serviceErrors maps Apply's per-backend errors to services.
func serviceErrors(plan *Plan, res haproxy.Result) map[string]error {
	out := map[string]error{}
	for key, err := range res.Errors {
		svc := key
		if ref, ok := plan.Backends[key]; ok {
			svc = ref.Service
		}
		out[svc] = errors.Join(out[svc], err)
	}
	return out
}

// ack acknowledges the generations applied without error and returns what
// the store has acknowledged per service (the apply loop's own map, read
// before the next ack: not a copy per sync). An error means some could not
// be acknowledged (not registered, store unreachable): retry later.
func (a *Agent) ack(ctx context.Context, plan *Plan, svcErrs map[string]error, fresh map[string]int64) (map[string]int64, error) {
	// Bounded: the store down (ZooKeeper restarting) must not hold up the
	// next Marathon change; the next sync tries again.
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	a.mu.Lock()
	sess, store := a.session, a.store
	a.mu.Unlock()
	if sess == nil && store != nil && a.opts.Agent.ID != "" {
		if err := a.register(ctx, store); err != nil {
			return a.acked, err
		}
		a.mu.Lock()
		sess = a.session
		a.mu.Unlock()
	}
	if a.resetAcks.Swap(false) {
		a.acked = map[string]int64{}
	}
	want := map[string]int64{}
	for name, sp := range plan.Services {
		if sp.Generation > 0 && svcErrs[name] == nil && sp.Refused == "" && sp.Generation > a.acked[name] && sp.Generation <= fresh[name] {
			want[name] = sp.Generation
		}
	}
	var err error
	switch {
	case len(want) == 0:
	case sess == nil && a.opts.Agent.ID != "":
		err = errors.New("not registered in the store yet: generations not acknowledged")
	case sess != nil:
		if err = sess.AckMany(ctx, want); err != nil {
			err = fmt.Errorf("acknowledge applied generations: %w", err)
			a.setStoreErr(err)
		} else {
			maps.Copy(a.acked, want)
		}
	}
	return a.acked, err
}
