package lb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// MarathonAPI is what the agent needs of a Marathon client
// (*marathon.Client in production).
type MarathonAPI interface {
	Apps(ctx context.Context) ([]marathon.App, error)
	App(ctx context.Context, id string) (*marathon.App, error)
	Events(ctx context.Context, types ...string) (<-chan marathon.Event, error)
}

// Applier is what the agent needs of HAProxy (*haproxy.HAProxy).
type Applier interface {
	Apply(ctx context.Context, desired haproxy.Config) (haproxy.Result, error)
	Stats(ctx context.Context) (map[string]haproxy.ServiceStats, error)
	Reloads() int64
}

// Defaults of Options.
const (
	DefaultResync   = 60 * time.Second
	DefaultDebounce = 20 * time.Millisecond
	DefaultBackoff  = 10 * time.Second
)

// ackTimeout bounds one registration or acknowledgement write.
const ackTimeout = 5 * time.Second

// A burst touching more apps than this is read with one full /v2/apps
// request rather than one request per app.
const fullFetchThreshold = 32

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
	Logger     *slog.Logger
}

// Agent keeps one HAProxy in step with Marathon and the routing state.
type Agent struct {
	opts   Options
	log    *slog.Logger
	health *Health
	kick   chan struct{}
	urgent chan struct{} // skips the debounce window: a task is going away
	met    *metrics

	mu            sync.Mutex // guards everything below until the sync-loop fields
	fullPending   bool
	dirtyApps     map[string]bool
	gone          map[string]bool
	routing       map[string]state.Routing
	routingSynced bool
	store         state.Store
	session       state.AgentSession
	marathonSrc   SourceStatus
	storeSrc      SourceStatus
	status        Status
	plan          *Plan

	// Owned by the sync loop.
	builder     *Builder
	apps        map[string]*marathon.App
	appsFetched bool
	acked       map[string]int64
	// fresh is, per service, the newest routing generation whose apps
	// have been read from Marathon after the agent received it. Only
	// those are acknowledged: the CLI writes a generation once Marathon
	// shows what it relies on (the canary's tasks healthy, the new stable
	// scaled up), and acts on the acks (smoke tests through the header,
	// judging canary traffic, deleting the old app). Acknowledged from a
	// cached view that predates the write, HAProxy could lack those tasks.
	fresh map[string]int64
	// storeDown: the store's connection is lost (state.Connectivity).
	storeDown error
	resetAcks atomic.Bool // a new session: acknowledge everything again
	// refusedServices: the last apply refused some service; retry it.
	refusedServices atomic.Bool
	regMu           sync.Mutex
	lastReg         time.Time
}

// New checks the options.
func New(opts Options) (*Agent, error) {
	if opts.Marathon == nil || opts.HAProxy == nil || opts.OpenStore == nil {
		return nil, errors.New("lb agent: Marathon, HAProxy and OpenStore must be set")
	}
	if opts.Resync <= 0 {
		opts.Resync = DefaultResync
	}
	if opts.Debounce < 0 {
		opts.Debounce = 0
	} else if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultBackoff
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Agent{
		opts: opts, log: log, health: NewHealth(), kick: make(chan struct{}, 1), urgent: make(chan struct{}, 1), met: newMetrics(),
		fullPending: true, dirtyApps: map[string]bool{}, gone: map[string]bool{},
		routing: map[string]state.Routing{}, apps: map[string]*marathon.App{}, acked: map[string]int64{}, fresh: map[string]int64{},
		builder: NewBuilder(opts.Build),
	}
	a.marathonSrc = SourceStatus{Error: "not read yet"}
	a.storeSrc = SourceStatus{Error: "not read yet"}
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
}

// Status returns a snapshot of the agent's status.
func (a *Agent) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.status
	s.Marathon, s.Store = a.marathonSrc, a.storeSrc
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

func (a *Agent) poke() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// Run runs the agent until ctx ends. HAProxy keeps serving what was applied
// last; the agent deregisters and closes the store.
func (a *Agent) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(4)
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
			a.log.Warn("lb sync failed; the last applied configuration keeps serving", "retry_in", wait, "err", err)
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

func backoff(failures int, maxWait time.Duration) time.Duration {
	d := 100 * time.Millisecond
	for i := 1; i < failures && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
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
			a.fullPending = true
			a.mu.Unlock()
			a.poke()
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
	for ctx.Err() == nil {
		ch, err := a.opts.Marathon.Events(ctx, eventTypes...)
		if err != nil {
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
		a.fullPending = true
		a.mu.Unlock()
		a.poke()
		for ev := range ch {
			a.onEvent(ev)
		}
	}
}

// Task states after which a task must not get traffic, ever again.
var goneStates = map[string]bool{
	"TASK_KILLING": true, "TASK_KILLED": true, "TASK_FAILED": true, "TASK_FINISHED": true,
	"TASK_LOST": true, "TASK_ERROR": true, "TASK_DROPPED": true, "TASK_GONE": true,
	"TASK_GONE_BY_OPERATOR": true, "TASK_UNREACHABLE": true, "TASK_UNKNOWN": true,
}

func (a *Agent) onEvent(ev marathon.Event) {
	a.mu.Lock()
	defer a.poke()
	defer a.mu.Unlock()
	dirty := func(id string) {
		if id != "" {
			a.dirtyApps[id] = true
		}
	}
	switch {
	case ev.StatusUpdate != nil:
		if goneStates[ev.StatusUpdate.TaskStatus] {
			a.gone[ev.StatusUpdate.TaskID] = true
			a.hurry()
		}
		dirty(ev.StatusUpdate.AppID)
	case ev.Health != nil:
		a.health.Set(ev.Health.InstanceID, ev.Health.Alive)
		dirty(ev.Health.AppID)
		a.hurry() // a task turned healthy (capacity) or sick (errors)
	case ev.HealthFailure != nil:
		if ev.HealthFailure.Kill {
			a.gone[ev.HealthFailure.TaskID] = true
			a.hurry()
		}
		dirty(ev.HealthFailure.AppID)
	case ev.Deployment != nil:
		for _, id := range ev.Deployment.AffectedApps {
			dirty(id)
		}
	case ev.Type == marathon.EventResync:
		a.fullPending = true
		a.marathonSrc.set(nil)
	case ev.Type == marathon.EventStreamDown:
		reason := "event stream down"
		if ev.Stream != nil {
			reason += ": " + ev.Stream.Reason
		}
		a.marathonSrc.set(errors.New(reason))
		a.fullPending = true
	default:
		dirty(ev.AppID())
	}
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

// storeConnPoll is how often the store's connection is checked.
const storeConnPoll = 250 * time.Millisecond

// watchStoreConn reports a lost store connection (ZooKeeper restarting or
// partitioned away) in /v1/status and yodel_lb_store_up. Nothing else
// would: a routing watch just goes quiet, and while nothing changes the
// agent writes nothing. HAProxy keeps serving and Marathon changes keep
// being applied meanwhile; acknowledgements wait.
func (a *Agent) watchStoreConn(ctx context.Context) {
	t := time.NewTicker(storeConnPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		a.mu.Lock()
		c, ok := a.store.(state.Connectivity)
		a.mu.Unlock()
		if !ok {
			continue
		}
		err := c.ConnError()
		a.mu.Lock()
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
		}
		a.mu.Unlock()
		if err == nil && was != nil {
			a.poke() // acknowledge what waited, and clear the error
		}
	}
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
			if old, ok := a.routing[ev.Service]; !ok || old.Generation != ev.Routing.Generation {
				a.markRoutedLocked(ev.Routing)
			}
			a.routing[ev.Service] = ev.Routing
		case state.RoutingDeleted:
			delete(a.routing, ev.Service)
		case state.RoutingSynced:
			if first {
				// Services deleted while this agent was not watching.
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
		a.poke()
	}
}

// markRoutedLocked queues a fresh Marathon read of the apps a new routing
// generation names, so that it is acknowledged only once HAProxy has what
// Marathon showed the CLI before it wrote the generation (see fresh).
func (a *Agent) markRoutedLocked(r state.Routing) {
	if r.Stable == "" && r.Canary == "" {
		a.fullPending = true // routes every app of the service: which, only a full read tells
		return
	}
	for _, id := range []string{r.Stable, r.Canary} {
		if id != "" {
			a.dirtyApps[id] = true
		}
	}
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

// sync reads what changed, builds and applies. It returns an error when
// the attempt must be retried (Marathon unreadable, HAProxy refused all).
func (a *Agent) sync(ctx context.Context) error {
	start := time.Now()
	a.mu.Lock()
	full := a.fullPending || !a.appsFetched || len(a.dirtyApps) > fullFetchThreshold
	dirty := a.dirtyApps
	a.fullPending, a.dirtyApps = false, map[string]bool{}
	// Taken with the dirty apps, before reading Marathon: every routing
	// generation here was received before the reads below begin, and
	// marked the apps it names dirty when it was.
	synced := a.routingSynced
	routing := maps.Clone(a.routing)
	a.mu.Unlock()

	failed, fetchErr := a.fetch(ctx, full, dirty)
	fetched := time.Now()
	if fetchErr != nil && !a.appsFetched {
		a.fail(fetchErr)
		return fetchErr
	}
	if !full || fetchErr == nil {
		// An app not re-queued has been read since its last mark.
		for svc, r := range routing {
			if !failed[r.Stable] && !failed[r.Canary] && r.Generation > a.fresh[svc] {
				a.fresh[svc] = r.Generation
			}
		}
	}

	a.mu.Lock()
	a.pruneGoneLocked()
	gone := maps.Clone(a.gone)
	a.mu.Unlock()
	if !synced {
		// Without the routing state a canary app would look like a
		// service without routing, i.e. stable: apply nothing yet.
		a.mu.Lock()
		a.status.LastError = "waiting for the routing state (store: " + a.storeSrc.Error + ")"
		a.mu.Unlock()
		return nil
	}

	apps := make([]*marathon.App, 0, len(a.apps))
	for _, app := range a.apps {
		apps = append(apps, app)
	}
	cfg, plan := a.builder.Build(Input{Apps: apps, Routing: routing, Gone: gone, Health: a.health})
	built := time.Now()
	res, err := a.opts.HAProxy.Apply(ctx, cfg)
	took := time.Since(start)
	a.log.Debug("lb sync", "full", full, "apps", len(dirty), "fetch", fetched.Sub(start), "build", built.Sub(fetched),
		"apply", time.Since(built), "runtime_ops", res.RuntimeOps, "reloaded", res.Reloaded)
	if err == nil && (res.RuntimeOps > 0 || res.Reloaded) {
		a.log.Info("applied", "services", len(plan.Services), "runtime_ops", res.RuntimeOps, "reloaded", res.Reloaded,
			"refused", len(res.Errors), "took", took.Round(time.Microsecond))
	}
	a.met.observeSync(took, err == nil, res)
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
	a.refusedServices.Store(len(svcErrs) > 0)
	acked, ackErr := a.ack(ctx, plan, svcErrs)

	a.mu.Lock()
	defer a.mu.Unlock()
	a.plan = plan
	a.status.Ready = true
	a.status.LastSync = time.Now().UTC()
	a.status.LastSyncMillis = float64(took.Microseconds()) / 1000
	a.status.LastError = ""
	if a.storeDown != nil {
		a.status.LastError = a.storeDown.Error()
	}
	if fetchErr != nil {
		a.status.LastError, a.status.LastErrorAt = fetchErr.Error(), a.status.LastSync
	}
	servers := 0
	for _, s := range cfg.Services {
		servers += len(s.Servers)
	}
	a.met.setSizes(len(plan.Services), servers, len(svcErrs))
	services := make(map[string]ServiceStatus, len(plan.Services))
	for name, sp := range plan.Services {
		ss := ServiceStatus{Generation: sp.Generation, Applied: acked[name], Managed: sp.Managed, Ports: sp.Ports,
			Apps: sp.Apps, StableWeight: sp.StableWeight, CanaryWeight: sp.CanaryWeight, Isolated: sp.Isolated,
			Problems: sp.Problems}
		if e := svcErrs[name]; e != nil {
			ss.Error = e.Error()
		}
		services[name] = ss
	}
	a.status.Services = services
	switch {
	case fetchErr != nil:
		return fetchErr // applied what was known; retry the rest
	case ackErr != nil:
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

// fetch refreshes the app cache: everything, or only the dirty apps. A
// failure leaves the cache as it was (fail static) and re-queues the work;
// failed lists the apps re-queued (nil when a full read failed).
func (a *Agent) fetch(ctx context.Context, full bool, dirty map[string]bool) (failed map[string]bool, _ error) {
	requeue := func(ids ...string) {
		a.mu.Lock()
		if full {
			a.fullPending = true
		}
		for _, id := range ids {
			a.dirtyApps[id] = true
		}
		a.mu.Unlock()
	}
	if full {
		list, err := a.opts.Marathon.Apps(ctx)
		if err != nil {
			requeue()
			a.mu.Lock()
			a.marathonSrc.set(err)
			a.mu.Unlock()
			return nil, fmt.Errorf("read Marathon apps: %w", err)
		}
		apps := make(map[string]*marathon.App, len(list))
		for i := range list {
			apps[list[i].ID] = &list[i]
		}
		a.apps, a.appsFetched = apps, true
		keep := map[string]bool{}
		for _, app := range apps {
			a.health.Observe(app)
			for _, t := range app.Tasks {
				if t != nil {
					keep[t.ID] = true
				}
			}
		}
		a.health.Retain(keep)
		a.mu.Lock()
		a.marathonSrc.set(nil)
		a.mu.Unlock()
		return nil, nil
	}
	var errs []error
	failed = map[string]bool{}
	ids := make([]string, 0, len(dirty))
	for id := range dirty {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		app, err := a.opts.Marathon.App(ctx, id)
		switch {
		case marathon.IsNotFound(err):
			delete(a.apps, id)
		case err != nil:
			failed[id] = true
			errs = append(errs, err)
		default:
			a.health.Observe(app)
			a.apps[id] = app
		}
	}
	if len(failed) > 0 {
		ids := slices.Sorted(maps.Keys(failed))
		requeue(ids...)
		err := fmt.Errorf("read Marathon apps %v: %w", ids, errors.Join(errs...))
		a.mu.Lock()
		a.marathonSrc.set(err)
		a.mu.Unlock()
		return failed, err
	}
	return failed, nil
}

// pruneGoneLocked forgets killed tasks Marathon no longer lists.
func (a *Agent) pruneGoneLocked() {
	if len(a.gone) == 0 {
		return
	}
	listed := map[string]bool{}
	for _, app := range a.apps {
		for _, t := range app.Tasks {
			if t != nil && a.gone[t.ID] {
				listed[t.ID] = true
			}
		}
	}
	for id := range a.gone {
		if !listed[id] {
			delete(a.gone, id)
		}
	}
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
// the store has acknowledged per service. An error means some could not be
// acknowledged (not registered, store unreachable): retry later.
func (a *Agent) ack(ctx context.Context, plan *Plan, svcErrs map[string]error) (map[string]int64, error) {
	// Bounded: the store down (ZooKeeper restarting) must not hold up the
	// next Marathon change; the next sync tries again.
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	a.mu.Lock()
	sess, store := a.session, a.store
	a.mu.Unlock()
	if sess == nil && store != nil && a.opts.Agent.ID != "" {
		if err := a.register(ctx, store); err != nil {
			return maps.Clone(a.acked), err
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
		if sp.Generation > 0 && svcErrs[name] == nil && sp.Generation > a.acked[name] && sp.Generation <= a.fresh[name] {
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
	return maps.Clone(a.acked), err
}
