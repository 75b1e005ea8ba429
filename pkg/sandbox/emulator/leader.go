package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

const (
	leaderLockFile = "leader.lock"
	leaderAddrFile = "leader.json"
)

// leadership elects one emulator per state dir with an flock: the kernel
// drops the lock when the leader dies, and a follower polling the lock takes
// over within LeaderPollInterval.
type leadership struct {
	e       *Emulator
	mu      sync.Mutex
	f       *os.File
	leading bool
	suspend time.Time
	// yieldTill: after abdicating, the lock is left to another emulator
	// until one has published itself as leader, or until then for a lone
	// one (Marathon's abdicated leader rejoins the election behind the
	// others). A fixed pause alone was too short on a busy machine: the
	// follower's poll came after it, and the old leader won again.
	yieldTill time.Time
	started   bool
	stopOnce  sync.Once
	stopCh    chan struct{}
	wg        sync.WaitGroup
	proxies   map[string]*httputil.ReverseProxy
}

func newLeadership(e *Emulator) *leadership {
	return &leadership{e: e, stopCh: make(chan struct{}), proxies: map[string]*httputil.ReverseProxy{}}
}

func (l *leadership) isLeader() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.leading
}

// start tries the lock at once, so a lone emulator leads before its first
// request, then keeps polling.
func (l *leadership) start() {
	l.mu.Lock()
	if l.started {
		l.mu.Unlock()
		return
	}
	l.started = true
	l.mu.Unlock()
	l.tryAcquire()
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		t := time.NewTicker(l.e.cfg.LeaderPollInterval)
		defer t.Stop()
		for {
			select {
			case <-l.stopCh:
				return
			case <-t.C:
				l.tryAcquire()
			}
		}
	}()
}

func (l *leadership) tryAcquire() {
	l.mu.Lock()
	now := time.Now()
	if l.leading || now.Before(l.suspend) {
		l.mu.Unlock()
		return
	}
	yielding := now.Before(l.yieldTill)
	l.mu.Unlock()
	if yielding {
		if _, err := l.leaderAddr(); err != nil {
			return // no other emulator has led since: leave it the lock
		}
	}
	f, err := os.OpenFile(filepath.Join(l.e.cfg.StateDir, leaderLockFile), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		l.e.log.Error("opening leader lock", "err", err)
		return
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return
	}
	b, _ := json.Marshal(map[string]string{"addr": l.e.Addr()})
	if err := writeAtomic(filepath.Join(l.e.cfg.StateDir, leaderAddrFile), b); err != nil {
		l.e.log.Error("publishing leader address", "err", err)
	}
	l.mu.Lock()
	l.f = f
	l.mu.Unlock()
	// Lead only once the persisted state is loaded: a request answered in
	// between saw no apps at all, and an lb agent took that for every
	// service removed (seen as failed requests after an emulator kill -9
	// and restart). Meanwhile requests get 502 "no leader", as from a
	// Marathon during an election.
	l.e.startEngine()
	l.mu.Lock()
	l.leading = l.f == f // not if abdicated or released meanwhile
	l.mu.Unlock()
	l.e.log.Info("elected leader", "addr", l.e.Addr())
}

// abdicateYield bounds how long an abdicated emulator leaves the lock to
// another one that has not taken it yet.
const abdicateYield = 10 * time.Second

// abdicate gives up leadership for a while so that another emulator on the
// state dir takes over; the tasks keep running.
func (l *leadership) abdicate() {
	// After the requests being answered as leader, before any other.
	l.e.serving.Lock()
	defer l.e.serving.Unlock()
	l.mu.Lock()
	if !l.leading {
		l.mu.Unlock()
		return
	}
	l.leading = false
	l.suspend = time.Now().Add(3 * l.e.cfg.LeaderPollInterval)
	l.yieldTill = time.Now().Add(abdicateYield)
	f := l.f
	l.f = nil
	l.mu.Unlock()
	l.e.stopEngine(false)
	if f != nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
	l.e.log.Info("abdicated leadership")
}

func (l *leadership) stop() {
	l.stopOnce.Do(func() { close(l.stopCh) })
	l.wg.Wait()
}

// release drops the lock at shutdown, after the state was saved.
func (l *leadership) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
	l.leading = false
}

func (l *leadership) leaderAddr() (string, error) {
	b, err := os.ReadFile(filepath.Join(l.e.cfg.StateDir, leaderAddrFile))
	if err != nil {
		return "", err
	}
	var v struct {
		Addr string `json:"addr"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.Addr == "" {
		return "", errors.New("no leader address published")
	}
	if v.Addr == l.e.Addr() {
		return "", errors.New("the published leader is this follower")
	}
	return v.Addr, nil
}

// proxy answers like a Marathon non-leader: API calls go to the leader,
// /v2/events is redirected there, /ping is answered here.
func (l *leadership) proxy(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ping" {
		l.e.route(w, r)
		return
	}
	addr, err := l.leaderAddr()
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"message": "There is no leader: " + err.Error()})
		return
	}
	if r.URL.Path == "/v2/events" {
		u := url.URL{Scheme: l.e.scheme(), Host: addr, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	l.mu.Lock()
	p := l.proxies[addr]
	if p == nil {
		target := &url.URL{Scheme: l.e.scheme(), Host: addr}
		p = httputil.NewSingleHostReverseProxy(target)
		p.Transport = l.e.peerTransport()
		p.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, err error) {
			writeJSON(w, http.StatusBadGateway, map[string]string{"message": "leader " + addr + " unreachable: " + err.Error()})
		}
		l.proxies[addr] = p
	}
	l.mu.Unlock()
	p.ServeHTTP(w, r)
}
