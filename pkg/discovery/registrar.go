package discovery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/third_party/zk"
)

// Options configure a Registrar.
type Options struct {
	// Servers are the ZooKeeper servers (host:port) Curator clients use.
	Servers []string
	// DigestUser and DigestPassword: with a user, every node created gets
	// digest:<user> ALL + world READ (Curator clients read anonymously),
	// as the state store's nodes do.
	DigestUser     string
	DigestPassword string
	// SessionTimeout of the registrations' session (default 10s): how long
	// a killed agent's instances stay visible at most.
	SessionTimeout time.Duration
	// Resync is the period of a full check of every registration against
	// ZooKeeper (default 30s).
	Resync time.Duration
	// Settle is how long a new instance is registered before the last
	// older instance of its service is removed (default DefaultSettle).
	// A Curator client's cache drops a node as soon as it hears of its
	// deletion, but adds one only after reading its data, a round trip
	// later (CuratorCacheImpl: NodeDeleted removes, NodeCreated reads):
	// replacing every instance of a service at once (a surge taking all
	// traffic, or giving it back) would otherwise leave a busy client
	// with no instance at all for that moment.
	Settle time.Duration
	// Dialer dials ZooKeeper (default net.DialTimeout); tests cut it.
	Dialer func(network, address string, timeout time.Duration) (net.Conn, error)
	Logger *slog.Logger
}

// DefaultSettle is Options.Settle's default: a client's read of a new
// node takes a millisecond on a quiet network, tens of milliseconds in a
// JVM starved of CPU (TestSwapNeverEmptiesACuratorCache, two busy loops
// on two cores); the wait costs only a swap of every instance.
const DefaultSettle = 250 * time.Millisecond

// Registrar holds the wanted instances as ephemeral nodes of one
// ZooKeeper session, and re-creates them after the session expires.
type Registrar struct {
	opts Options
	log  *slog.Logger
	acl  []zk.ACL
	kick chan struct{}
	done chan struct{}

	connMu sync.Mutex
	conn   *zk.Conn // nil until something is wanted

	// mu serialises reconciles and guards what follows: a channel, so
	// that Apply gives up with its context rather than wait behind a
	// background pass stuck on ZooKeeper.
	mu      chan struct{}
	want    Want
	session int64             // the session mine was filled in
	authed  bool              // digest sent on this connection
	mine    map[string][]byte // path -> data we hold in this session
	regTime map[string]int64  // path -> first registration, ms
	// created: when this process created the node (Settle); nodes it
	// found in ZooKeeper have none: clients have read them long ago.
	created map[string]time.Time
	parents map[string]bool   // directories known to exist
	drop    map[string]string // path -> service: left the view, to remove
	// fresh: no reconcile has succeeded yet in this process; nodes other
	// sessions hold are taken over rather than waited for (put).
	fresh bool

	armMu   sync.Mutex
	armed   map[string]bool // paths with a watch waiting (watch)
	closeMu sync.Once
}

// NewRegistrar connects lazily: no ZooKeeper session until the first
// Apply that wants something.
func NewRegistrar(opts Options) *Registrar {
	if opts.SessionTimeout <= 0 {
		opts.SessionTimeout = 10 * time.Second
	}
	if opts.Resync <= 0 {
		opts.Resync = 30 * time.Second
	}
	if opts.Settle <= 0 {
		opts.Settle = DefaultSettle
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Registrar{opts: opts, log: opts.Logger, mu: make(chan struct{}, 1), kick: make(chan struct{}, 1), done: make(chan struct{}),
		mine: map[string][]byte{}, regTime: map[string]int64{}, created: map[string]time.Time{}, armed: map[string]bool{}, parents: map[string]bool{}, drop: map[string]string{}, fresh: true}
	if opts.DigestUser != "" {
		r.acl = append(zk.DigestACL(zk.PermAll, opts.DigestUser, opts.DigestPassword), zk.WorldACL(zk.PermRead)...)
	} else {
		r.acl = zk.WorldACL(zk.PermAll)
	}
	return r
}

// Close ends the session: ZooKeeper removes every instance at once.
func (r *Registrar) Close() {
	r.closeMu.Do(func() {
		close(r.done)
		r.connMu.Lock()
		if r.conn != nil {
			r.conn.Close()
		}
		r.connMu.Unlock()
	})
}

// errNoSession: the registrations cannot be changed now.
var errNoSession = errors.New("no ZooKeeper session for Curator discovery; reconnecting")

func (r *Registrar) connect() (*zk.Conn, error) {
	r.connMu.Lock()
	defer r.connMu.Unlock()
	select {
	case <-r.done:
		return nil, errors.New("discovery registrar closed")
	default:
	}
	if r.conn != nil {
		return r.conn, nil
	}
	dialer := zk.Dialer(net.DialTimeout)
	if r.opts.Dialer != nil {
		dialer = r.opts.Dialer
	}
	conn, _, err := zk.Connect(r.opts.Servers, r.opts.SessionTimeout, zk.WithLogInfo(false),
		zk.WithLogger(zkLog{r.log}), zk.WithDialer(dialer), zk.WithEventCallback(r.onEvent))
	if err != nil {
		return nil, err
	}
	r.conn = conn
	go r.loop()
	return conn, nil
}

type zkLog struct{ log *slog.Logger }

func (l zkLog) Printf(format string, args ...any) {
	l.log.Debug("zookeeper: " + fmt.Sprintf(format, args...))
}

func (r *Registrar) onEvent(ev zk.Event) {
	if ev.Type == zk.EventSession && ev.State == zk.StateHasSession {
		r.poke() // a new session (after an expiry) holds none of our nodes
	}
}

func (r *Registrar) poke() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// loop re-checks everything when the session changes, a foreign node we
// wait for goes, a reconcile failed, and every Resync.
func (r *Registrar) loop() {
	tick := time.NewTicker(r.opts.Resync)
	defer tick.Stop()
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	backoff := 100 * time.Millisecond
	for {
		select {
		case <-r.done:
			return
		case <-r.kick:
		case <-tick.C:
		case <-retry.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), r.opts.SessionTimeout)
		r.mu <- struct{}{}
		errs := r.reconcile(ctx, true)
		<-r.mu
		cancel()
		if len(errs) > 0 {
			retry.Reset(backoff)
			backoff = min(2*backoff, 5*time.Second)
		} else {
			backoff = 100 * time.Millisecond
		}
	}
}

// Apply makes ZooKeeper hold w.Nodes and none of the other yodel instances
// under w.Scopes (nor the nodes the previous Apply wanted), and returns
// per-service errors, w.Errors included. It returns once ZooKeeper has
// answered: an instance removed here is gone for every Curator client
// watching (their caches follow within a round trip).
func (r *Registrar) Apply(ctx context.Context, w Want) map[string]error {
	start := time.Now()
	select {
	case r.mu <- struct{}{}:
	case <-ctx.Done():
		errs := map[string]error{}
		for _, n := range w.Nodes {
			errs[n.Service] = fmt.Errorf("curator discovery busy: %w", ctx.Err())
		}
		for svc, err := range w.Errors {
			errs[svc] = errors.Join(errs[svc], err)
		}
		return errs
	}
	defer func() {
		<-r.mu
		if d := time.Since(start); d > time.Second {
			r.log.Warn("curator discovery: registering took long", "took", d.Round(time.Millisecond), "instances", len(w.Nodes))
		}
	}()
	prev := r.want
	r.want = w
	if len(w.Nodes) == 0 && len(w.Scopes) == 0 && len(prev.Nodes) == 0 && len(r.mine) == 0 && len(r.drop) == 0 {
		return w.Errors
	}
	for p, n := range prev.Nodes { // left the view: remove, ours or not
		if _, ok := w.Nodes[p]; !ok {
			r.drop[p] = n.Service
		}
	}
	errs := r.reconcile(ctx, false)
	for svc, err := range w.Errors {
		errs[svc] = errors.Join(errs[svc], err)
	}
	return errs
}

// reconcile brings ZooKeeper to r.want. full lists every scope (after a
// session change, a watch, a resync); otherwise only what changed since
// the last reconcile is written.
func (r *Registrar) reconcile(ctx context.Context, full bool) map[string]error {
	errs := map[string]error{}
	w := r.want
	fail := func(svc string, err error) { errs[svc] = errors.Join(errs[svc], err) }
	failAll := func(err error) {
		for _, n := range w.Nodes {
			fail(n.Service, err)
		}
		for p := range r.mine {
			if _, ok := w.Nodes[p]; !ok {
				fail("", err)
			}
		}
	}
	conn, err := r.connect()
	if err != nil {
		failAll(err)
		return errs
	}
	if conn.State() != zk.StateHasSession {
		failAll(errNoSession)
		return errs
	}
	if sid := conn.SessionID(); sid != r.session {
		if r.session != 0 {
			r.log.Warn("curator discovery: new ZooKeeper session; registering every instance again", "instances", len(w.Nodes))
		}
		r.session, r.mine, r.parents, r.authed = sid, map[string][]byte{}, map[string]bool{}, false
		full = true
	}
	if !r.authed && r.opts.DigestUser != "" {
		if _, err := call(ctx, func() (struct{}, error) {
			return struct{}{}, conn.AddAuth("digest", []byte(r.opts.DigestUser+":"+r.opts.DigestPassword))
		}); err != nil {
			failAll(fmt.Errorf("authenticate to ZooKeeper as %s: %w", r.opts.DigestUser, err))
			return errs
		}
	}
	r.authed = true

	// Register first, as HAProxy adds servers before it takes any out.
	now := time.Now().UnixMilli()
	failed := map[string]bool{}
	for p, n := range w.Nodes {
		t, ok := r.regTime[p]
		if !ok {
			t = now
		}
		in := n.Instance
		in.RegistrationTimeUTC = t
		data := in.Marshal()
		if have, ok := r.mine[p]; ok && bytes.Equal(have, data) && !full {
			continue
		}
		if err := r.put(ctx, conn, p, data); err != nil {
			fail(n.Service, err)
			failed[p] = true
			continue
		}
		r.regTime[p] = t
	}
	// Then remove, as HAProxy adds servers before it takes any out, and
	// once the clients have had time to read what replaces them (settle):
	// an instance leaving while another takes its place (a surge moving
	// all traffic) is never missed by a client in between.
	r.settle(ctx, w, failed)
	owner := map[string]string{} // dir -> a service, for errors
	for _, n := range w.Nodes {
		owner[n.Dir] = n.Service
	}
	for p := range r.mine {
		if _, ok := w.Nodes[p]; !ok {
			if err := r.remove(ctx, conn, p); err != nil {
				fail(owner[path.Dir(p)], err)
			}
		}
	}
	for p, svc := range r.drop {
		if _, ok := w.Nodes[p]; ok {
			delete(r.drop, p)
			continue
		}
		if err := r.remove(ctx, conn, p); err != nil {
			fail(svc, err)
			continue
		}
		delete(r.drop, p)
	}
	if full {
		for dir, prefixes := range w.Scopes {
			kids, err := call(ctx, func() ([]string, error) { k, _, err := conn.Children(dir); return k, err })
			if errors.Is(err, zk.ErrNoNode) {
				continue
			}
			if err != nil {
				fail(owner[dir], fmt.Errorf("list %s: %w", dir, err))
				continue
			}
			for _, k := range kids {
				p := dir + "/" + k
				if _, ok := w.Nodes[p]; ok || !hasAnyPrefix(k, prefixes) {
					continue
				}
				if err := r.remove(ctx, conn, p); err != nil {
					fail(owner[dir], err)
				}
			}
		}
	}
	for p := range r.regTime {
		if _, ok := w.Nodes[p]; !ok {
			delete(r.regTime, p)
		}
	}
	for p := range r.created {
		if _, ok := w.Nodes[p]; !ok {
			delete(r.created, p)
		}
	}
	delete(errs, "")
	if len(errs) == 0 && len(w.Nodes) > 0 {
		r.fresh = false
	}
	return errs
}

// settle waits, before the removals, until every directory losing an
// instance keeps one registered at least Settle ago (or found in
// ZooKeeper): see Options.Settle. It never waits past ctx's deadline: the
// removals must still happen within it.
func (r *Registrar) settle(ctx context.Context, w Want, failed map[string]bool) {
	losing := map[string]bool{}
	for p := range r.mine {
		if _, ok := w.Nodes[p]; !ok {
			losing[path.Dir(p)] = true
		}
	}
	for p := range r.drop {
		if _, ok := w.Nodes[p]; !ok {
			losing[path.Dir(p)] = true
		}
	}
	if len(losing) == 0 {
		return
	}
	// oldest: per losing directory, its earliest-created wanted node.
	oldest := map[string]time.Time{}
	settled := map[string]bool{}
	for p, n := range w.Nodes {
		if !losing[n.Dir] || failed[p] || settled[n.Dir] {
			continue
		}
		c, ok := r.created[p]
		if !ok || time.Since(c) >= r.opts.Settle {
			settled[n.Dir] = true
			continue
		}
		if o, ok := oldest[n.Dir]; !ok || c.Before(o) {
			oldest[n.Dir] = c
		}
	}
	var until time.Time
	for dir, c := range oldest {
		if !settled[dir] && c.Add(r.opts.Settle).After(until) {
			until = c.Add(r.opts.Settle)
		}
	}
	if d, ok := ctx.Deadline(); ok && d.Add(-r.opts.Settle).Before(until) {
		until = d.Add(-r.opts.Settle) // leave the removals their time
	}
	wait := time.Until(until)
	if wait <= 0 {
		return
	}
	r.log.Debug("curator discovery: new instances settling before the old ones go", "wait", wait.Round(time.Millisecond))
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-r.done:
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (r *Registrar) remove(ctx context.Context, conn *zk.Conn, p string) error {
	_, err := call(ctx, func() (struct{}, error) { return struct{}{}, conn.Delete(p, -1) })
	if err != nil && !errors.Is(err, zk.ErrNoNode) {
		return fmt.Errorf("remove Curator instance %s: %w", p, err)
	}
	delete(r.mine, p)
	return nil
}

// put creates p as an ephemeral node of our session, or updates ours. A
// node another session holds (an agent killed a moment ago, whose session
// has not expired yet; another agent) counts as registered, and is taken
// over on the process's first pass (see fresh). Every node put is watched:
// its removal or a change by anyone else triggers a full pass, which puts
// it back (ours) or watches it (someone else's).
func (r *Registrar) put(ctx context.Context, conn *zk.Conn, p string, data []byte) error {
	for attempt := 0; ; attempt++ {
		if err := r.ensureDir(ctx, conn, path.Dir(p)); err != nil {
			return err
		}
		_, err := call(ctx, func() (string, error) { return conn.Create(p, data, zk.FlagEphemeral, r.acl) })
		switch {
		case err == nil:
			r.mine[p] = data
			r.created[p] = time.Now()
			r.watch(ctx, conn, p, nil)
			return nil
		case errors.Is(err, zk.ErrNoNode) && attempt == 0:
			delete(r.parents, path.Dir(p)) // removed meanwhile
			continue
		case !errors.Is(err, zk.ErrNodeExists):
			return fmt.Errorf("register Curator instance %s: %w", p, err)
		}
		type got struct {
			data []byte
			stat *zk.Stat
			ev   <-chan zk.Event
		}
		g, err := call(ctx, func() (got, error) { d, s, ev, err := conn.GetW(p); return got{d, s, ev}, err })
		if errors.Is(err, zk.ErrNoNode) && attempt == 0 {
			continue
		}
		if err != nil {
			return fmt.Errorf("read Curator instance %s: %w", p, err)
		}
		if g.stat.EphemeralOwner == conn.SessionID() {
			if !bytes.Equal(g.data, data) {
				if _, err := call(ctx, func() (*zk.Stat, error) { return conn.Set(p, data, -1) }); err != nil {
					return fmt.Errorf("update Curator instance %s: %w", p, err)
				}
			}
			r.mine[p] = data
			r.watch(ctx, conn, p, g.ev)
			return nil
		}
		if r.fresh {
			// A process's first pass: what another session holds is most
			// likely this agent's own from before a kill -9, and would
			// vanish when that session expires, seconds from now, leaving
			// clients without it until re-created. Take it over in one
			// transaction: clients see the node change, never go.
			_, err := call(ctx, func() ([]zk.MultiResponse, error) {
				return conn.Multi(&zk.DeleteRequest{Path: p, Version: g.stat.Version},
					&zk.CreateRequest{Path: p, Data: data, Acl: r.acl, Flags: zk.FlagEphemeral})
			})
			if err == nil {
				r.mine[p] = data
				r.created[p] = time.Now() // clients saw it go and come back
				r.watch(ctx, conn, p, g.ev)
				return nil
			}
			if attempt == 0 && (errors.Is(err, zk.ErrNoNode) || errors.Is(err, zk.ErrBadVersion) || errors.Is(err, zk.ErrNodeExists)) {
				continue // changed meanwhile: look again
			}
			return fmt.Errorf("take over Curator instance %s: %w", p, err)
		}
		delete(r.mine, p)
		r.watch(ctx, conn, p, g.ev)
		return nil
	}
}

// watch pokes a full pass when p changes or goes. ev is a watch already
// set on p, nil to set one. One waiter per path: ZooKeeper fires every
// watch set on a path at once.
func (r *Registrar) watch(ctx context.Context, conn *zk.Conn, p string, ev <-chan zk.Event) {
	r.armMu.Lock()
	armed := r.armed[p]
	r.armMu.Unlock()
	if armed {
		return
	}
	if ev == nil {
		type got struct{ ev <-chan zk.Event }
		g, err := call(ctx, func() (got, error) { _, _, ev, err := conn.ExistsW(p); return got{ev}, err })
		if err != nil {
			return // the next full pass sets it
		}
		ev = g.ev
	}
	r.armMu.Lock()
	r.armed[p] = true
	r.armMu.Unlock()
	go func() {
		select {
		case <-ev:
			r.armMu.Lock()
			delete(r.armed, p)
			r.armMu.Unlock()
			r.poke()
		case <-r.done:
		}
	}()
}

// ensureDir creates dir and its parents as persistent nodes.
func (r *Registrar) ensureDir(ctx context.Context, conn *zk.Conn, dir string) error {
	if dir == "/" || r.parents[dir] {
		return nil
	}
	if err := r.ensureDir(ctx, conn, path.Dir(dir)); err != nil {
		return err
	}
	_, err := call(ctx, func() (string, error) { return conn.Create(dir, nil, 0, r.acl) })
	if err != nil && !errors.Is(err, zk.ErrNodeExists) {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	r.parents[dir] = true
	return nil
}

// call runs one ZooKeeper request, giving up when ctx ends (go-zookeeper
// requests take no context; the request may still complete).
func call[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type res struct {
		v   T
		err error
	}
	ch := make(chan res, 1)
	go func() { v, err := f(); ch <- res{v, err} }()
	select {
	case x := <-ch:
		return x.v, x.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
