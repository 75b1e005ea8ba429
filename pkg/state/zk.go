package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	backoffpolicy "github.com/yodeldeploy/yodel/pkg/retry"
	"github.com/yodeldeploy/yodel/third_party/zk"
)

type zkStore struct {
	url  string
	root string
	conn *zk.Conn
	acl  []zk.ACL
	opts Options
	log  *slog.Logger
	warner

	mu             sync.Mutex
	expired        chan struct{} // closed and replaced on every session expiry
	connected      chan struct{} // closed and replaced whenever a session is (re)established
	disconnectedAt time.Time     // zero while a session is established
	sessionAt      time.Time     // when the session was last (re)established
	// handshakeAt is when the current connection was made, while it waits
	// for its session (zero otherwise): see watchdog.
	handshakeAt time.Time

	progress zkProgress

	closed    chan struct{}
	closeOnce sync.Once
}

type zkLogger struct{ log *slog.Logger }

func (l zkLogger) Printf(format string, args ...any) {
	l.log.Debug("zookeeper: " + fmt.Sprintf(format, args...))
}

func openZK(ctx context.Context, u storeURL, opts Options) (*zkStore, error) {
	s := &zkStore{
		url:            u.raw,
		root:           u.root,
		opts:           opts,
		log:            opts.Logger,
		expired:        make(chan struct{}),
		connected:      make(chan struct{}),
		disconnectedAt: time.Now(),
		closed:         make(chan struct{}),
	}
	s.warner.opts = &s.opts
	dialer := zk.Dialer(net.DialTimeout)
	if opts.ZKDialer != nil {
		dialer = opts.ZKDialer
	}
	dials := &dialWatch{dial: dialer}
	// Taken before Connect: the session can be granted before Connect
	// returns, closing this channel and replacing it.
	ready := s.connected
	conn, _, err := zk.Connect(u.servers, opts.SessionTimeout,
		zk.WithLogger(zkLogger{opts.Logger}),
		zk.WithLogInfo(false),
		zk.WithEventCallback(s.onEvent),
		zk.WithDialer(dials.Dial))
	if err != nil {
		return nil, &UnreachableError{URL: u.raw, Err: err}
	}
	s.conn = conn
	if err := s.awaitSession(ctx, u, dials, ready); err != nil {
		conn.Close()
		return nil, err
	}

	if opts.DigestUser != "" {
		auth := []byte(opts.DigestUser + ":" + opts.DigestPassword)
		if _, err := retry(ctx, s, func() (struct{}, error) { return struct{}{}, conn.AddAuth("digest", auth) }); err != nil {
			conn.Close()
			return nil, s.wrap("authenticate as", opts.DigestUser, err)
		}
		s.acl = append(zk.DigestACL(zk.PermAll, opts.DigestUser, opts.DigestPassword), zk.WorldACL(zk.PermRead)...)
	} else {
		s.acl = zk.WorldACL(zk.PermAll)
	}
	for _, p := range []string{s.root, s.servicesPath(), s.agentsPath()} {
		if err := s.ensurePath(ctx, p); err != nil {
			conn.Close()
			return nil, err
		}
		if p == s.root && opts.DigestUser != "" {
			open, err := s.checkDigest(ctx)
			if err == nil && open {
				err = s.secureTree(ctx)
			}
			if err != nil {
				conn.Close()
				return nil, err
			}
		}
	}
	go s.watchdog()
	return s, nil
}

// dialWatch remembers what dialing ZooKeeper's members gave: Open waits
// longer for a session from a member that accepts connections than from
// none, and says why when it gives up.
type dialWatch struct {
	dial zk.Dialer

	mu      sync.Mutex
	lastOK  time.Time // last accepted connection
	lastErr error     // last refused or failed dial
}

func (d *dialWatch) Dial(network, addr string, timeout time.Duration) (net.Conn, error) {
	c, err := d.dial(network, addr, timeout)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		d.lastErr = err
	} else {
		d.lastOK = time.Now()
	}
	return c, err
}

func (d *dialWatch) last() (ok time.Time, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lastOK, d.lastErr
}

// awaitSession waits for Open's first session. zk.Connect returns at once
// and dials in the background. With no member accepting a connection
// (refused, unreachable) Open fails after ConnectTimeout, clearly. A member
// that accepts is given until SessionGrantTimeout: a JVM ZooKeeper on a
// busy host, or one still loading its data after a restart, takes seconds
// to grant a session, and failing a deploy for that is wrong.
func (s *zkStore) awaitSession(ctx context.Context, u storeURL, dials *dialWatch, ready <-chan struct{}) error {
	start := time.Now()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ready:
			return nil
		case <-ctx.Done():
			return &UnreachableError{URL: u.raw, Err: ctx.Err()}
		case <-tick.C:
		}
		waited := time.Since(start)
		if waited < s.opts.ConnectTimeout {
			continue
		}
		select {
		case <-ready:
			// Granted since the tick: with both ready, select picked the
			// tick, and the state is past Connected (a busy CI run failed
			// Open here the moment its session arrived).
			return nil
		default:
		}
		lastOK, lastErr := dials.last()
		// Accepting now: connected (waiting for the session's answer), or
		// accepted lately (a starting server closes connections until it
		// has loaded its data; the client dials again a second later).
		st := s.conn.State()
		accepting := st == zk.StateConnected || st == zk.StateHasSession || time.Since(lastOK) < s.opts.ConnectTimeout
		if accepting && waited < s.opts.SessionGrantTimeout {
			continue
		}
		from := strings.Join(u.servers, ", ")
		var why error
		switch {
		case !lastOK.IsZero():
			why = fmt.Errorf("no ZooKeeper session within %s from %s: it accepted connections but granted no session (overloaded, or not serving)", waited.Round(time.Second), from)
		case lastErr != nil:
			why = fmt.Errorf("no ZooKeeper session within %s from %s: %w", s.opts.ConnectTimeout, from, lastErr)
		default:
			why = fmt.Errorf("no ZooKeeper session within %s from %s", s.opts.ConnectTimeout, from)
		}
		return &UnreachableError{URL: u.raw, Err: why}
	}
}

// checkDigest fails Open when the state's root grants writes to digest
// identities other than ours. ZooKeeper accepts any digest credential
// (AddAuth only adds an identity); a wrong password shows up as NoAuth on
// the first write, mid-deploy. Compare the ACL instead, now. open reports
// a root anyone may write: state made before the realm had stateAuth.
func (s *zkStore) checkDigest(ctx context.Context) (open bool, err error) {
	acl, err := retry(ctx, s, func() ([]zk.ACL, error) {
		a, _, err := s.conn.GetACL(s.root)
		return a, err
	})
	if err != nil {
		return false, s.wrap("read the ACL of", s.root, err)
	}
	mine := zk.DigestACL(zk.PermAll, s.opts.DigestUser, s.opts.DigestPassword)[0].ID
	var owners []string
	for _, a := range acl {
		switch {
		case a.Perms&zk.PermWrite == 0:
		case a.Scheme == "world":
			return true, nil
		case a.Scheme == "digest" && a.ID == mine:
			return false, nil
		case a.Scheme == "digest":
			user, _, _ := strings.Cut(a.ID, ":")
			owners = append(owners, user)
		}
	}
	if len(owners) == 0 {
		return false, nil // other schemes (ip, sasl): nothing to compare with
	}
	return false, &AuthError{URL: s.url, User: s.opts.DigestUser, Owners: owners}
}

// secureTree gives every node under the root our ACL, children before
// their parents and the root last: state written while the realm had no
// stateAuth (or by an anonymous client first) stays writable by anyone
// otherwise, whatever the realm says now. Should this stop half way, the
// root is still open and the next authenticated Open finishes the job.
func (s *zkStore) secureTree(ctx context.Context) error {
	n := 0
	var walk func(p string) error
	walk = func(p string) error {
		kids, err := s.children(ctx, p)
		switch {
		case errors.Is(err, zk.ErrNoNode):
			return nil // an ephemeral node gone meanwhile
		case errors.Is(err, zk.ErrNoAuth):
			kids = nil // not even readable: reported below
		case err != nil:
			return s.wrap("list", p, err)
		}
		for _, k := range kids {
			if err := walk(path.Join(p, k)); err != nil {
				return err
			}
		}
		_, err = retry(ctx, s, func() (*zk.Stat, error) { return s.conn.SetACL(p, s.acl, -1) })
		switch {
		case errors.Is(err, zk.ErrNoAuth):
			// A node someone else locked to themselves: failing here
			// would lock the realm out for good.
			s.warn(p, fmt.Sprintf("the state node %s is not yodel's (its ACL does not let %q change it): check it and remove it by hand", p, s.opts.DigestUser))
		case err != nil && !errors.Is(err, zk.ErrNoNode):
			return s.wrap("restrict the ACL of", p, err)
		default:
			n++
		}
		return nil
	}
	if err := walk(s.root); err != nil {
		return err
	}
	s.warn(s.root, fmt.Sprintf("the state at %s was writable by anyone (made before the realm had stateAuth, or by a client without it): %d nodes now belong to ZooKeeper digest user %q", s.url, n, s.opts.DigestUser))
	return nil
}

func (s *zkStore) onEvent(ev zk.Event) {
	if ev.Type != zk.EventSession {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.State != zk.StateConnected {
		s.handshakeAt = time.Time{}
	}
	switch ev.State {
	case zk.StateHasSession:
		s.disconnectedAt = time.Time{}
		s.sessionAt = time.Now()
		close(s.connected)
		s.connected = make(chan struct{})
	case zk.StateConnected:
		s.handshakeAt = time.Now()
	case zk.StateDisconnected, zk.StateConnecting:
		if s.disconnectedAt.IsZero() {
			s.disconnectedAt = time.Now()
		}
	case zk.StateExpired:
		s.log.Warn("zookeeper session expired; re-registering agents and re-reading watched state", "store", s.url)
		close(s.expired)
		s.expired = make(chan struct{})
	}
}

func (s *zkStore) expiredChan() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.expired
}

// disconnectedFor is how long the store has been without a session.
func (s *zkStore) disconnectedFor() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.disconnectedAt.IsZero() {
		return 0
	}
	return time.Since(s.disconnectedAt)
}

func (s *zkStore) URL() string { return s.url }

// ConnError implements Connectivity.
func (s *zkStore) ConnError() error {
	if d := s.disconnectedFor(); d > 0 {
		return &UnreachableError{URL: s.url, Err: fmt.Errorf("no ZooKeeper session for %s; reconnecting", d.Round(100*time.Millisecond))}
	}
	return nil
}

func (s *zkStore) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.conn.Close()
	})
	return nil
}

func (s *zkStore) servicesPath() string             { return s.root + "/services" }
func (s *zkStore) agentsPath() string               { return s.root + "/agents" }
func (s *zkStore) servicePath(svc string) string    { return s.servicesPath() + "/" + svc }
func (s *zkStore) routingPath(svc string) string    { return s.servicePath(svc) + "/routing" }
func (s *zkStore) lockPath(svc string) string       { return s.servicePath(svc) + "/lock" }
func (s *zkStore) historyPath(svc string) string    { return s.servicePath(svc) + "/history" }
func (s *zkStore) agentPath(id string) string       { return s.agentsPath() + "/" + id }
func (s *zkStore) recordPath(svc, id string) string { return s.historyPath(svc) + "/" + id }

// retryable errors leave the outcome of a request unknown or say the
// connection is down; idempotent requests are simply sent again.
func retryable(err error) bool {
	return errors.Is(err, zk.ErrConnectionClosed) || errors.Is(err, zk.ErrNoServer) ||
		errors.Is(err, zk.ErrSessionExpired) || errors.Is(err, zk.ErrSessionMoved)
}

// once sends one request, giving up when ctx ends (the request may still
// complete on the server; callers treat that as an unknown outcome).
func once[T any](ctx context.Context, s *zkStore, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	var zero T
	id := s.progress.begin()
	go func() {
		v, err := f()
		s.progress.end(id, err)
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		if errors.Is(r.err, zk.ErrClosing) {
			return zero, ErrClosed
		}
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	case <-s.closed:
		return zero, ErrClosed
	}
}

// requestPatience is how long a read whose caller has no deadline of its
// own (a watch's re-read, a re-registration) waits before it is given up
// and sent again. The client drops a connection whose pings go unanswered
// for 2/3 of the session timeout; a request unanswered for twice the
// session timeout on a connection that answers pings is lost.
func (s *zkStore) requestPatience() time.Duration {
	return max(2*s.opts.SessionTimeout, 5*time.Second)
}

// zkProgress follows the requests sent through once: when the oldest
// still waiting for its answer was sent, and when the server last answered
// one (an error the server returns, such as NoNode, is an answer; a
// connection error is not).
type zkProgress struct {
	mu       sync.Mutex
	next     uint64
	inflight map[uint64]time.Time
	answered time.Time
}

func (p *zkProgress) begin() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inflight == nil {
		p.inflight = map[uint64]time.Time{}
	}
	p.next++
	p.inflight[p.next] = time.Now()
	return p.next
}

func (p *zkProgress) end(id uint64, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.inflight, id)
	if err == nil || !(retryable(err) || errors.Is(err, zk.ErrClosing)) {
		p.answered = time.Now()
	}
}

// stuckFor is how long requests have waited with none answered: the age of
// the oldest one waiting, counted from the last answer at most.
func (p *zkProgress) stuckFor(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	var oldest time.Time
	for _, t := range p.inflight {
		if oldest.IsZero() || t.Before(oldest) {
			oldest = t
		}
	}
	if oldest.IsZero() {
		return 0
	}
	return now.Sub(later(oldest, p.answered))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// handshakePatience is how long a new connection may wait for the server
// to grant (or resume) its session before it is dropped and dialled again.
// Half the session timeout leaves the next connection time to resume the
// session before the server expires it; a busy server may take a second or
// two to answer (TestZKOpenWaitsForASlowSession).
func (s *zkStore) handshakePatience() time.Duration {
	return max(s.opts.SessionTimeout/2, 3*time.Second)
}

// watchdog reconnects a session that answers pings but no request: seen
// after ZooKeeper restarts, where a long-lived client waited for answers
// for a minute while new sessions were served (test/loadfaults). The
// client keeps a connection as long as pings come back; dropping it
// resumes the same session on a new connection, its ephemeral nodes,
// locks and watches intact.
//
// It also drops a connection whose session request goes unanswered: the
// client waits for that answer ten times its receive timeout (67 s at a
// 10 s session), long after the server expired the session. Seen when
// ZooKeeper restarts: a connection made while the server was starting
// got no answer, the lb agent's session expired and its node with it, and
// the agent, still waiting, neither knew nor registered again
// (test/loadfaults, TestZooKeeperFaultsUnderLoadCanary/restart, busy CI).
func (s *zkStore) watchdog() {
	patience, handshake := s.requestPatience(), s.handshakePatience()
	tick := time.NewTicker(min(patience/10, handshake/5))
	defer tick.Stop()
	for {
		select {
		case <-s.closed:
			return
		case now := <-tick.C:
			s.mu.Lock()
			since, hs := s.sessionAt, s.handshakeAt
			if !hs.IsZero() && now.Sub(hs) >= handshake {
				s.handshakeAt = time.Time{} // once per connection
			}
			s.mu.Unlock()
			if !hs.IsZero() && now.Sub(hs) >= handshake && s.conn.State() == zk.StateConnected {
				s.log.Warn("zookeeper: connected but no session granted; reconnecting",
					"store", s.url, "for", now.Sub(hs).Round(100*time.Millisecond), "server", s.conn.Server())
				s.conn.DropConnection()
				continue
			}
			stuck := s.progress.stuckFor(now)
			if s.conn.State() != zk.StateHasSession || stuck < patience || now.Sub(since) < patience {
				continue
			}
			s.log.Warn("zookeeper: no request answered on an established session; reconnecting",
				"store", s.url, "for", stuck.Round(time.Second), "server", s.conn.Server())
			s.conn.DropConnection()
		}
	}
}

// zkBackoff paces retries of ZooKeeper requests and watch re-reads.
var zkBackoff = backoffpolicy.Backoff{Min: 10 * time.Millisecond, Max: time.Second}

// retry sends an idempotent request until it gets an answer, ctx ends or the
// store is closed.
func retry[T any](ctx context.Context, s *zkStore, f func() (T, error)) (T, error) {
	for attempt := 1; ; attempt++ {
		v, err := once(ctx, s, f)
		if err == nil || !retryable(err) {
			return v, err
		}
		wait := zkBackoff.Delay(attempt)
		s.log.Debug("zookeeper request failed; retrying", "err", err, "in", wait)
		if werr := sleepCtx(ctx, wait); werr != nil {
			return v, fmt.Errorf("%w (%v)", err, werr)
		}
	}
}

// wrap adds the operation and path, and turns connection errors into an
// UnreachableError naming the store.
func (s *zkStore) wrap(op, p string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrClosed):
		return err
	case retryable(err):
		return &UnreachableError{URL: s.url, Err: fmt.Errorf("%s %s: %w", op, p, err)}
	case errors.Is(err, zk.ErrNoAuth):
		return fmt.Errorf("%s %s: not allowed by the node's ACL; check the realm's ZooKeeper digest user and password: %w", op, p, err)
	}
	return fmt.Errorf("%s %s: %w", op, p, err)
}

// multi runs ops as one transaction and returns the failing op's error.
func (s *zkStore) multi(ops ...any) error {
	res, err := s.conn.Multi(ops...)
	for _, r := range res {
		if r.Error != nil {
			return r.Error
		}
	}
	return err
}

// provablyDead: a lock holder on this host, in this process's pid space,
// whose process is gone (exited, a zombie, or its pid reused). A holder
// that recorded no pid space (an older yodel) is never taken over; its
// session still ends with it.
func provablyDead(h Holder) bool {
	return h.PidSpace != "" && samePidSpace(h.PidSpace) && deadOnThisHost(h.Host, h.Pid, h.PidStart)
}

type zkData struct {
	data []byte
	stat *zk.Stat
}

func (s *zkStore) get(ctx context.Context, p string) (zkData, error) {
	return retry(ctx, s, func() (zkData, error) {
		d, st, err := s.conn.Get(p)
		return zkData{d, st}, err
	})
}

func (s *zkStore) children(ctx context.Context, p string) ([]string, error) {
	return retry(ctx, s, func() ([]string, error) {
		c, _, err := s.conn.Children(p)
		return c, err
	})
}

// ensurePath creates p and its missing ancestors as persistent nodes.
// Ancestors above the realm's root (/yodel of /yodel/prod) are shared with
// other realms, which may have other digest users: anyone may create under
// them. Nobody else can delete a realm's root: it is never empty.
func (s *zkStore) ensurePath(ctx context.Context, p string) error {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	cur := ""
	for _, part := range parts {
		cur += "/" + part
		acl := s.acl
		if strings.HasPrefix(s.root, cur+"/") && s.opts.DigestUser != "" {
			acl = append(slices.Clone(s.acl), zk.ACL{Perms: zk.PermCreate, Scheme: "world", ID: "anyone"})
		}
		// Exists first: a reader without write access gets NoAuth, not
		// NodeExists, from a create on an existing node.
		ok, err := retry(ctx, s, func() (bool, error) { ok, _, err := s.conn.Exists(cur); return ok, err })
		if err != nil {
			return s.wrap("read", cur, err)
		}
		if ok {
			continue
		}
		_, err = retry(ctx, s, func() (string, error) { return s.conn.Create(cur, nil, 0, acl) })
		if err != nil && !errors.Is(err, zk.ErrNodeExists) {
			return s.wrap("create", cur, err)
		}
	}
	return nil
}

// readRouting returns the routing document at svc's node, nil if absent.
func (s *zkStore) readRouting(ctx context.Context, svc string) (*routingDoc, zkData, error) {
	p := s.routingPath(svc)
	d, err := s.get(ctx, p)
	if errors.Is(err, zk.ErrNoNode) {
		return nil, zkData{}, nil
	}
	if err != nil {
		return nil, zkData{}, s.wrap("read", p, err)
	}
	doc, err := decodeRouting(p, svc, d.data)
	if err != nil {
		return nil, d, err
	}
	return &doc, d, nil
}

func (s *zkStore) GetRouting(ctx context.Context, svc string) (Routing, Version, error) {
	if err := checkService(svc); err != nil {
		return Routing{}, 0, err
	}
	doc, _, err := s.readRouting(ctx, svc)
	if err != nil {
		return Routing{}, 0, err
	}
	if doc == nil || doc.Deleted {
		return Routing{}, 0, fmt.Errorf("routing state of %s: %w", svc, ErrNotFound)
	}
	return doc.Routing, Version(doc.Generation), nil
}

func (s *zkStore) PutRouting(ctx context.Context, r Routing, expected Version) (Version, error) {
	if err := checkRouting(r); err != nil {
		return 0, err
	}
	return s.writeRouting(ctx, r.Service, expected, &r)
}

func (s *zkStore) DeleteRouting(ctx context.Context, svc string, expected Version) error {
	if err := checkService(svc); err != nil {
		return err
	}
	_, err := s.writeRouting(ctx, svc, expected, nil)
	return err
}

// writeRouting writes r (or a tombstone when r is nil) with compare-and-set
// on the node's version. When the connection drops mid-write the outcome is
// unknown: it re-reads, and counts the write as done if the node holds
// exactly what was sent.
func (s *zkStore) writeRouting(ctx context.Context, svc string, expected Version, r *Routing) (Version, error) {
	p := s.routingPath(svc)
	for {
		cur, curData, err := s.readRouting(ctx, svc)
		if err != nil {
			return 0, err
		}
		doc, err := nextDoc(cur, svc, expected, r)
		if err != nil {
			return 0, err
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return 0, err
		}
		if cur == nil {
			if err := s.ensurePath(ctx, s.servicePath(svc)); err != nil {
				return 0, err
			}
			_, err = once(ctx, s, func() (string, error) { return s.conn.Create(p, data, 0, s.acl) })
		} else {
			_, err = once(ctx, s, func() (*zk.Stat, error) { return s.conn.Set(p, data, curData.stat.Version) })
		}
		switch {
		case err == nil:
			return Version(doc.Generation), nil
		case errors.Is(err, zk.ErrNodeExists), errors.Is(err, zk.ErrBadVersion):
			return 0, fmt.Errorf("routing state of %s changed concurrently: %w", svc, ErrConflict)
		case !retryable(err):
			return 0, s.wrap("write", p, err)
		}
		after, err := s.get(ctx, p)
		switch {
		case errors.Is(err, zk.ErrNoNode) && cur == nil:
			continue // the create did not land
		case err != nil && !errors.Is(err, zk.ErrNoNode):
			return 0, s.wrap("read", p, err)
		case err == nil && bytes.Equal(after.data, data):
			return Version(doc.Generation), nil
		case err == nil && cur != nil && after.stat.Version == curData.stat.Version:
			continue // the set did not land
		}
		return 0, fmt.Errorf("routing state of %s changed concurrently: %w", svc, ErrConflict)
	}
}

func (s *zkStore) ListRouting(ctx context.Context) ([]Routing, error) {
	svcs, err := s.children(ctx, s.servicesPath())
	if err != nil {
		return nil, s.wrap("list", s.servicesPath(), err)
	}
	slices.Sort(svcs)
	var out []Routing
	for _, svc := range svcs {
		if checkService(svc) != nil {
			continue // not ours; yodel never creates such a node
		}
		doc, _, err := s.readRouting(ctx, svc)
		if err != nil {
			return nil, err
		}
		if doc != nil && !doc.Deleted {
			out = append(out, doc.Routing)
		}
	}
	return out, nil
}

// ---- agents ----

type zkAgentSession struct {
	s    *zkStore
	path string

	// sem (one slot) guards status and the node's writes. A channel, not
	// a mutex: an ack waits for a re-registration only as long as its
	// context allows (the lb agent bounds it, so that a store away does
	// not hold up applying Marathon's changes).
	sem    chan struct{}
	status AgentStatus

	done chan struct{}
	wg   sync.WaitGroup
}

func (s *zkStore) RegisterAgent(ctx context.Context, a Agent) (AgentSession, error) {
	if err := CheckAgentID(a.ID); err != nil {
		return nil, err
	}
	defaultProcess(&a.Host, &a.Pid, &a.PidStart)
	as := &zkAgentSession{s: s, path: s.agentPath(a.ID), sem: make(chan struct{}, 1),
		status: AgentStatus{Agent: a, Applied: map[string]int64{}}, done: make(chan struct{})}
	expired := s.expiredChan()
	as.sem <- struct{}{}
	err := as.writeLocked(ctx, true)
	<-as.sem
	if err != nil {
		return nil, err
	}
	as.wg.Add(1)
	go as.keepRegistered(expired)
	return as, nil
}

// writeLocked writes the agent's node, creating it (ephemeral, in the current
// session) when it is missing. as.sem must be held.
func (as *zkAgentSession) writeLocked(ctx context.Context, register bool) error {
	s := as.s
	data, err := json.Marshal(as.status)
	if err != nil {
		return err
	}
	for {
		if !register {
			_, err := retry(ctx, s, func() (*zk.Stat, error) { return s.conn.Set(as.path, data, -1) })
			if err == nil {
				return nil
			}
			if !errors.Is(err, zk.ErrNoNode) {
				return s.wrap("write", as.path, err)
			}
		}
		register = false
		_, err := retry(ctx, s, func() (string, error) { return s.conn.Create(as.path, data, zk.FlagEphemeral, s.acl) })
		if err == nil {
			return nil
		}
		if !errors.Is(err, zk.ErrNodeExists) {
			return s.wrap("register agent at", as.path, err)
		}
		cur, err := s.get(ctx, as.path)
		if errors.Is(err, zk.ErrNoNode) {
			continue
		}
		if err != nil {
			return s.wrap("read", as.path, err)
		}
		if cur.stat.EphemeralOwner == s.conn.SessionID() {
			continue // ours, from a retried create: overwrite it
		}
		var other AgentStatus
		if err := decodeJSON(as.path, cur.data, &other); err != nil {
			return err
		}
		if !deadOnThisHost(other.Host, other.Pid, other.PidStart) {
			return fmt.Errorf("agent id %s is already registered by pid %d on %s (node %s); give each agent its own id", as.status.ID, other.Pid, orUnknown(other.Host), as.path)
		}
		// A crashed agent on this host whose session has not expired yet.
		if err := s.conn.Delete(as.path, cur.stat.Version); err != nil && !errors.Is(err, zk.ErrNoNode) && !errors.Is(err, zk.ErrBadVersion) {
			return s.wrap("remove stale agent", as.path, err)
		}
	}
}

// keepRegistered re-creates the agent's node after every session expiry.
func (as *zkAgentSession) keepRegistered(expired <-chan struct{}) {
	defer as.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-as.done:
		case <-as.s.closed:
		}
		cancel()
	}()
	for {
		select {
		case <-expired:
		case <-ctx.Done():
			return
		}
		expired = as.s.expiredChan()
		for {
			err := as.reregister(ctx)
			if err == nil || ctx.Err() != nil {
				break
			}
			as.s.log.Warn("re-registering lb agent failed; retrying", "agent", as.status.ID, "err", err)
			if sleepCtx(ctx, time.Second) != nil {
				return
			}
		}
	}
}

// reregister writes the agent's node in the current session, one attempt
// bounded in time: a request that never gets an answer must not hold the
// session's acks for ever.
func (as *zkAgentSession) reregister(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, as.s.requestPatience())
	defer cancel()
	select {
	case as.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-as.sem }()
	return as.writeLocked(ctx, true)
}

func (as *zkAgentSession) Agent() Agent { return as.status.Agent }

func (as *zkAgentSession) Ack(ctx context.Context, svc string, gen int64) error {
	return as.AckMany(ctx, map[string]int64{svc: gen})
}

func (as *zkAgentSession) AckMany(ctx context.Context, applied map[string]int64) error {
	select {
	case as.sem <- struct{}{}:
	case <-ctx.Done():
		return &UnreachableError{URL: as.s.url, Err: fmt.Errorf("write %s: waiting for the agent's re-registration: %w", as.path, ctx.Err())}
	}
	defer func() { <-as.sem }()
	select {
	case <-as.done:
		// A late acknowledgement would create the node Close deleted (a
		// Set on no node registers again).
		return ErrSessionClosed
	default:
	}
	for svc, g := range applied {
		as.status.Applied[svc] = g
	}
	return as.writeLocked(ctx, false)
}

func (as *zkAgentSession) Close(ctx context.Context) error {
	select {
	case <-as.done:
		return nil
	default:
	}
	close(as.done)
	as.wg.Wait()
	// An acknowledgement being written finishes first; later ones see done.
	select {
	case as.sem <- struct{}{}:
		<-as.sem
	case <-ctx.Done():
		return ctx.Err()
	}
	s := as.s
	d, err := s.get(ctx, as.path)
	if errors.Is(err, zk.ErrNoNode) {
		return nil
	}
	if err != nil {
		return s.wrap("read", as.path, err)
	}
	if d.stat.EphemeralOwner != s.conn.SessionID() {
		return nil
	}
	_, err = retry(ctx, s, func() (struct{}, error) { return struct{}{}, s.conn.Delete(as.path, d.stat.Version) })
	if err != nil && !errors.Is(err, zk.ErrNoNode) {
		return s.wrap("deregister agent", as.path, err)
	}
	return nil
}

func (s *zkStore) ListAgents(ctx context.Context) ([]AgentStatus, error) {
	ids, err := s.children(ctx, s.agentsPath())
	if err != nil {
		return nil, s.wrap("list", s.agentsPath(), err)
	}
	slices.Sort(ids)
	out := make([]AgentStatus, 0, len(ids))
	for _, id := range ids {
		p := s.agentPath(id)
		d, err := s.get(ctx, p)
		if errors.Is(err, zk.ErrNoNode) {
			continue // died while listing
		}
		if err != nil {
			return nil, s.wrap("read", p, err)
		}
		a, ok := s.decodeAgent(p, d.data)
		if !ok {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// decodeAgent decodes the agent record at p. A node that is not one (any
// client that may write the agents node can leave junk there) is skipped
// with a warning: failing would stop every deploy of the realm.
func (s *zkStore) decodeAgent(p string, data []byte) (AgentStatus, bool) {
	var a AgentStatus
	err := decodeJSON(p, data, &a)
	if err == nil && a.ID != path.Base(p) {
		err = &CorruptError{Path: p, Err: fmt.Errorf("holds agent id %q", a.ID)}
	}
	if err != nil {
		s.warn(p, skippedAgent(p, err))
		return AgentStatus{}, false
	}
	return a, true
}

func (s *zkStore) WaitApplied(ctx context.Context, svc string, gen int64, deadline time.Time) error {
	if err := checkService(svc); err != nil {
		return err
	}
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	var lagging []AgentStatus
	for {
		ictx, icancel := context.WithCancel(dctx)
		wake := make(chan struct{}, 1)
		arm := func(ch <-chan zk.Event) {
			go func() {
				select {
				case <-ch:
					select {
					case wake <- struct{}{}:
					default:
					}
				case <-ictx.Done():
				}
			}()
		}
		now, live, err := s.appliedOnce(dctx, svc, gen, arm)
		if err != nil {
			icancel()
			if dctx.Err() != nil && ctx.Err() == nil && lagging != nil {
				return &NotAppliedError{Service: svc, Generation: gen, Lagging: lagging}
			}
			return err
		}
		lagging = now
		if live == 0 {
			icancel()
			return ErrNoAgents
		}
		if len(lagging) == 0 {
			icancel()
			return nil
		}
		select {
		case <-wake:
			icancel()
		case <-dctx.Done():
			icancel()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &NotAppliedError{Service: svc, Generation: gen, Lagging: lagging}
		}
	}
}

// appliedOnce reads every live agent with watches set, so that any change
// (an agent coming, going or acking) fires one of them.
func (s *zkStore) appliedOnce(ctx context.Context, svc string, gen int64, arm func(<-chan zk.Event)) ([]AgentStatus, int, error) {
	type kids struct {
		ids []string
		ch  <-chan zk.Event
	}
	k, err := retry(ctx, s, func() (kids, error) {
		ids, _, ch, err := s.conn.ChildrenW(s.agentsPath())
		return kids{ids, ch}, err
	})
	if err != nil {
		return nil, 0, s.wrap("list", s.agentsPath(), err)
	}
	arm(k.ch)
	lagging := []AgentStatus{}
	live := 0
	for _, id := range k.ids {
		p := s.agentPath(id)
		type got struct {
			data []byte
			ch   <-chan zk.Event
		}
		g, err := retry(ctx, s, func() (got, error) {
			d, _, ch, err := s.conn.GetW(p)
			return got{d, ch}, err
		})
		if errors.Is(err, zk.ErrNoNode) {
			continue
		}
		if err != nil {
			return nil, 0, s.wrap("read", p, err)
		}
		arm(g.ch)
		a, ok := s.decodeAgent(p, g.data)
		if !ok {
			continue
		}
		live++
		if a.Applied[svc] < gen {
			lagging = append(lagging, a)
		}
	}
	return lagging, live, nil
}

// ---- locks ----

type zkLock struct {
	s        *zkStore
	svc      string
	path     string
	holder   Holder
	took     *Holder // the dead holder taken over from
	lost     chan struct{}
	lostOnce sync.Once
	released chan struct{}
	relOnce  sync.Once
}

func (s *zkStore) Lock(ctx context.Context, svc string, h Holder) (Lock, error) {
	if err := checkService(svc); err != nil {
		return nil, err
	}
	if err := s.ensurePath(ctx, s.servicePath(svc)); err != nil {
		return nil, err
	}
	defaultProcess(&h.Host, &h.Pid, &h.PidStart)
	if h.PidSpace == "" && h.Host == hostname() {
		h.PidSpace = pidSpace(h.Pid)
	}
	p, svcPath := s.lockPath(svc), s.servicePath(svc)
	data, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	// Taken before the create: an expiry after this point closes it, so a
	// lock created in a session that then expired is reported lost.
	expired := s.expiredChan()
	var took *Holder
	for {
		// Every acquisition also bumps the service node's version, in one
		// transaction: a takeover below deletes the dead holder's node only
		// if nobody has taken the lock since it looked. The lock node's own
		// version cannot tell: a new holder's node is at version 0 too.
		_, err := retry(ctx, s, func() (struct{}, error) {
			return struct{}{}, s.multi(&zk.CreateRequest{Path: p, Data: data, Acl: s.acl, Flags: zk.FlagEphemeral},
				&zk.SetDataRequest{Path: svcPath, Version: -1})
		})
		if err == nil {
			break
		}
		if !errors.Is(err, zk.ErrNodeExists) {
			return nil, s.wrap("create lock", p, err)
		}
		svcStat, err := retry(ctx, s, func() (*zk.Stat, error) {
			_, st, err := s.conn.Exists(svcPath)
			return st, err
		})
		if err != nil {
			return nil, s.wrap("read", svcPath, err)
		}
		cur, err := s.get(ctx, p)
		if errors.Is(err, zk.ErrNoNode) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, s.wrap("read", p, err)
		}
		if cur.stat.EphemeralOwner == s.conn.SessionID() && bytes.Equal(cur.data, data) {
			break // our own create, retried after a lost answer
		}
		var other Holder
		if err := decodeJSON(p, cur.data, &other); err != nil {
			return nil, err
		}
		if !provablyDead(other) {
			// The lock node is created when the lock is taken.
			return nil, &LockedError{Service: svc, Holder: other, Since: time.UnixMilli(cur.stat.Ctime), Path: p, Store: s.url}
		}
		// Killed (kill -9, OOM, a crashed CI job) on this host; its session
		// lives on until it times out. Without this a re-run right after
		// the kill exits 5 for up to the session timeout.
		_, err = once(ctx, s, func() (struct{}, error) {
			return struct{}{}, s.multi(&zk.CheckVersionRequest{Path: svcPath, Version: svcStat.Version},
				&zk.DeleteRequest{Path: p, Version: cur.stat.Version})
		})
		switch {
		case err == nil:
			took = &other
			s.log.Warn("took over the deployment lock of a dead process", "service", svc, "pid", other.Pid,
				"user", other.User, "host", other.Host, "since", other.StartedAt)
		case errors.Is(err, zk.ErrBadVersion), errors.Is(err, zk.ErrNoNode), retryable(err):
			// Someone took or released it meanwhile, or the answer was
			// lost: look again.
		default:
			return nil, s.wrap("remove the dead holder's lock", p, err)
		}
	}
	l := &zkLock{s: s, svc: svc, path: p, holder: h, took: took, lost: make(chan struct{}), released: make(chan struct{})}
	go l.watch(expired)
	return l, nil
}

// watch closes Lost when the session expires, when the connection has been
// down longer than the session timeout (the server has expired the session
// even if the client cannot know yet), or when the node goes away.
func (l *zkLock) watch(expired <-chan struct{}) {
	s := l.s
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-l.released:
		case <-s.closed:
		case <-l.lost:
		}
		cancel()
	}()
	period := max(s.opts.SessionTimeout/10, 10*time.Millisecond)
	tick := time.NewTicker(period)
	defer tick.Stop()
	var ch <-chan zk.Event // nil until a watch is set
	for {
		if ch == nil {
			// Bounded, so that the checks below keep running while
			// disconnected.
			actx, acancel := context.WithTimeout(ctx, period)
			c, err := once(actx, s, func() (<-chan zk.Event, error) {
				ok, _, c, err := s.conn.ExistsW(l.path)
				if err == nil && !ok {
					return nil, zk.ErrNoNode
				}
				return c, err
			})
			acancel()
			switch {
			case ctx.Err() != nil:
				return
			case errors.Is(err, zk.ErrNoNode):
				l.markLost("lock node " + l.path + " is gone")
				return
			case err == nil:
				ch = c
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-expired:
			l.markLost("ZooKeeper session expired")
			return
		case ev := <-ch:
			if ev.Type != zk.EventNodeDataChanged {
				l.markLost("lock node " + l.path + ": " + ev.Type.String())
				return
			}
			ch = nil // re-arm
		case <-tick.C:
			if d := s.disconnectedFor(); d > s.opts.SessionTimeout {
				l.markLost(fmt.Sprintf("disconnected from ZooKeeper for %s", d.Round(time.Millisecond)))
				return
			}
		}
	}
}

func (l *zkLock) markLost(why string) {
	select {
	case <-l.released:
		return
	case <-l.s.closed:
		return // closing the store ends the lock's watch, it does not lose it
	default:
	}
	l.lostOnce.Do(func() {
		l.s.log.Warn("deployment lock lost", "service", l.svc, "reason", why)
		close(l.lost)
	})
}

func (l *zkLock) Holder() Holder { return l.holder }

func (l *zkLock) TookOver() (Holder, bool) {
	if l.took == nil {
		return Holder{}, false
	}
	return *l.took, true
}

func (l *zkLock) Lost() <-chan struct{} { return l.lost }

func (l *zkLock) Release(ctx context.Context) error {
	l.relOnce.Do(func() { close(l.released) })
	s := l.s
	d, err := s.get(ctx, l.path)
	if errors.Is(err, zk.ErrNoNode) {
		return nil
	}
	if err != nil {
		return s.wrap("read", l.path, err)
	}
	if d.stat.EphemeralOwner != s.conn.SessionID() {
		return nil // lost earlier; the node belongs to someone else now
	}
	_, err = retry(ctx, s, func() (struct{}, error) { return struct{}{}, s.conn.Delete(l.path, d.stat.Version) })
	if err != nil && !errors.Is(err, zk.ErrNoNode) {
		return s.wrap("release lock", l.path, err)
	}
	return nil
}

// ---- history ----

func (s *zkStore) AppendHistory(ctx context.Context, svc string, r Record) (string, error) {
	if err := checkService(svc); err != nil {
		return "", err
	}
	if err := s.ensurePath(ctx, s.historyPath(svc)); err != nil {
		return "", err
	}
	r.ID = newRecordID(time.Now())
	r.Service = svc
	data, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	p := s.recordPath(svc, r.ID)
	_, err = retry(ctx, s, func() (string, error) { return s.conn.Create(p, data, 0, s.acl) })
	if err != nil && !errors.Is(err, zk.ErrNodeExists) { // exists: our retried create
		return "", s.wrap("create", p, err)
	}
	ids, err := s.children(ctx, s.historyPath(svc))
	if err != nil {
		return "", s.wrap("list", s.historyPath(svc), err)
	}
	slices.Sort(ids)
	for len(ids) > HistoryLimit {
		old := path.Join(s.historyPath(svc), ids[0])
		ids = ids[1:]
		_, err := retry(ctx, s, func() (struct{}, error) { return struct{}{}, s.conn.Delete(old, -1) })
		if err != nil && !errors.Is(err, zk.ErrNoNode) {
			return "", s.wrap("prune", old, err)
		}
	}
	return r.ID, nil
}

func (s *zkStore) UpdateHistory(ctx context.Context, svc string, r Record) error {
	if err := checkService(svc); err != nil {
		return err
	}
	if err := checkRecordID(r.ID); err != nil {
		return err
	}
	r.Service = svc
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	p := s.recordPath(svc, r.ID)
	_, err = retry(ctx, s, func() (*zk.Stat, error) { return s.conn.Set(p, data, -1) })
	if errors.Is(err, zk.ErrNoNode) {
		return fmt.Errorf("history record %s of %s: %w", r.ID, svc, ErrNotFound)
	}
	return s.wrap("write", p, err)
}

func (s *zkStore) HistoryServices(ctx context.Context) ([]string, error) {
	svcs, err := s.children(ctx, s.servicesPath())
	if errors.Is(err, zk.ErrNoNode) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap("list", s.servicesPath(), err)
	}
	var out []string
	for _, svc := range svcs {
		if checkService(svc) != nil {
			continue // not ours; yodel never creates such a node
		}
		ids, err := s.children(ctx, s.historyPath(svc))
		if errors.Is(err, zk.ErrNoNode) {
			continue
		}
		if err != nil {
			return nil, s.wrap("list", s.historyPath(svc), err)
		}
		if len(ids) > 0 {
			out = append(out, svc)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s *zkStore) History(ctx context.Context, svc string, limit int) ([]Record, error) {
	if err := checkService(svc); err != nil {
		return nil, err
	}
	ids, err := s.children(ctx, s.historyPath(svc))
	if errors.Is(err, zk.ErrNoNode) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap("list", s.historyPath(svc), err)
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	var out []Record
	for _, id := range ids {
		if limit > 0 && len(out) >= limit {
			break
		}
		p := s.recordPath(svc, id)
		d, err := s.get(ctx, p)
		if errors.Is(err, zk.ErrNoNode) {
			continue // pruned while reading
		}
		if err != nil {
			return nil, s.wrap("read", p, err)
		}
		var r Record
		if err := decodeJSON(p, d.data, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
