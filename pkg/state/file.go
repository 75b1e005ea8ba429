package state

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/yodeldeploy/yodel/pkg/atomicfile"
	"github.com/yodeldeploy/yodel/pkg/flock"
)

// filePoll is how often file-store watchers and waiters look for changes
// when inotify does not wake them first (notify_linux.go): on a filesystem
// without it, a 20 ms poll of one small counter file keeps watch latency
// well under the 100 ms the realm needs.
const filePoll = 20 * time.Millisecond

// fileRescan is how often a routing watcher looks at every routing file
// although the counter did not move. A writer killed between renaming its
// routing file into place and bumping the counter (a directory fsync lies
// between them) announces nothing: inotify on the routing directory sees
// the rename at once, and this rescan is the guard where inotify is
// missing. A scan is a directory read and one lstat per service.
const fileRescan = time.Second

// fileRescanNotified replaces filePoll and fileRescan for a watcher that
// inotify wakes: every change (the counter's rename, a routing file renamed
// or deleted) wakes it, and a queue overflow is a wake-up too, so the
// periodic look is only a last guard. Polling every 20 ms there cost the
// idle lb agent ~0.1 s of CPU every 10 s (BENCHMARKS.md, issue 21).
const fileRescanNotified = 30 * time.Second

type fileStore struct {
	url  string
	dir  string
	opts Options
	log  *slog.Logger
	warner

	closed    chan struct{}
	closeOnce sync.Once

	// noNotify makes watchers poll only, as on a filesystem without
	// inotify (tests of that path).
	noNotify bool
	// mutexWait bounds the wait for the mutex (0: mutexWait; tests).
	mutexWait time.Duration
}

func openFile(u storeURL, opts Options) (*fileStore, error) {
	s := &fileStore{url: u.raw, dir: u.root, opts: opts, log: opts.Logger, closed: make(chan struct{})}
	s.warner.opts = &s.opts
	for _, d := range []string{s.dir, s.routingDir(), s.locksDir(), s.agentsDir(), filepath.Join(s.dir, "history")} {
		// 0700: the routing decides where traffic goes, and agent and lock
		// records are trusted; other local users must not write them.
		// Directories made 0755 by an older yodel are narrowed too.
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, &UnreachableError{URL: u.raw, Err: err}
		}
		if err := narrowDir(d); err != nil {
			return nil, &UnreachableError{URL: u.raw, Err: err}
		}
	}
	// Touch the mutex file now so a read-only directory fails here, clearly.
	if err := s.withMutex(func() error { return nil }); err != nil {
		return nil, &UnreachableError{URL: u.raw, Err: err}
	}
	return s, nil
}

// narrowDir takes group and other permissions off d when this user owns
// it; a directory of someone else's is left as it is.
func narrowDir(d string) error {
	fi, err := os.Stat(d)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if fi.Mode().Perm()&0o077 == 0 || !ok || int(st.Uid) != os.Getuid() {
		return nil
	}
	return os.Chmod(d, fi.Mode().Perm()&0o700)
}

func (s *fileStore) URL() string { return s.url }

func (s *fileStore) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

func (s *fileStore) routingDir() string { return filepath.Join(s.dir, "routing") }
func (s *fileStore) locksDir() string   { return filepath.Join(s.dir, "locks") }
func (s *fileStore) agentsDir() string  { return filepath.Join(s.dir, "agents") }
func (s *fileStore) seqPath() string    { return filepath.Join(s.dir, "seq") }
func (s *fileStore) routingPath(svc string) string {
	return filepath.Join(s.routingDir(), svc+".json")
}
func (s *fileStore) lockPath(svc string) string   { return filepath.Join(s.locksDir(), svc+".json") }
func (s *fileStore) agentPath(id string) string   { return filepath.Join(s.agentsDir(), id+".json") }
func (s *fileStore) historyDir(svc string) string { return filepath.Join(s.dir, "history", svc) }

func (s *fileStore) check() error {
	select {
	case <-s.closed:
		return ErrClosed
	default:
		return nil
	}
}

// withMutex runs f holding an exclusive flock on <dir>/.mutex, which
// serialises read-modify-write cycles across processes. The kernel drops
// the flock when its holder dies, so a crash never wedges the store.
func (s *fileStore) withMutex(f func() error) error {
	p := filepath.Join(s.dir, ".mutex")
	fh, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer fh.Close()
	if err := flock.Lock(fh, true, cmp.Or(s.mutexWait, mutexWait)); err != nil {
		if errors.Is(err, flock.ErrHeld) {
			return &UnreachableError{URL: s.url, Err: fmt.Errorf("lock %s: %w: a yodel command (or agent) stopped mid-write, Ctrl-Z or a debugger, keeps it; resume or end it and run this again", p, err)}
		}
		return fmt.Errorf("lock %s: %w", p, err)
	}
	defer flock.Unlock(fh)
	return f()
}

// mutexWait is how long a write waits for the store's mutex, held by
// other writers for milliseconds.
const mutexWait = 30 * time.Second

// writeAtomic writes data to a temporary file in the same directory and
// renames it over p, so readers see the old or the new content, never part.
func writeAtomic(p string, data []byte) error {
	return atomicfile.WriteFile(p, data, 0o600)
}

func writeTemp(p string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// readFile returns nil, nil for a missing file.
func readFile(p string) ([]byte, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// listJSON returns the base names (without .json) of the entries in dir,
// sorted, skipping temporary files.
func listJSON(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".json") {
			continue
		}
		names = append(names, strings.TrimSuffix(n, ".json"))
	}
	slices.Sort(names)
	return names, nil
}

// ---- routing ----

func (s *fileStore) readRouting(svc string) (*routingDoc, error) {
	p := s.routingPath(svc)
	b, err := readFile(p)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, nil
	}
	doc, err := decodeRouting(p, svc, b)
	if err != nil {
		return nil, err
	}
	return &doc, nil
}

func (s *fileStore) GetRouting(ctx context.Context, svc string) (Routing, Version, error) {
	if err := checkService(svc); err != nil {
		return Routing{}, 0, err
	}
	if err := s.check(); err != nil {
		return Routing{}, 0, err
	}
	doc, err := s.readRouting(svc)
	if err != nil {
		return Routing{}, 0, err
	}
	if doc == nil || doc.Deleted {
		return Routing{}, 0, fmt.Errorf("routing state of %s: %w", svc, ErrNotFound)
	}
	return doc.Routing, Version(doc.Generation), nil
}

func (s *fileStore) PutRouting(ctx context.Context, r Routing, expected Version) (Version, error) {
	if err := checkRouting(r); err != nil {
		return 0, err
	}
	return s.writeRouting(r.Service, expected, &r)
}

func (s *fileStore) DeleteRouting(ctx context.Context, svc string, expected Version) error {
	if err := checkService(svc); err != nil {
		return err
	}
	_, err := s.writeRouting(svc, expected, nil)
	return err
}

func (s *fileStore) writeRouting(svc string, expected Version, r *Routing) (Version, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var v Version
	err := s.withMutex(func() error {
		cur, err := s.readRouting(svc)
		if err != nil {
			return err
		}
		doc, err := nextDoc(cur, svc, expected, r)
		if err != nil {
			return err
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if err := writeAtomic(s.routingPath(svc), data); err != nil {
			return err
		}
		v = Version(doc.Generation)
		return s.bumpSeq()
	})
	return v, err
}

// bumpSeq tells watchers that routing changed. The mutex must be held. It
// runs after the routing file is in place, so a watcher that sees the new
// counter always finds the new file.
func (s *fileStore) bumpSeq() error {
	n, err := s.readSeq()
	if err != nil {
		return err
	}
	return writeAtomic(s.seqPath(), []byte(strconv.FormatUint(n+1, 10)))
}

func (s *fileStore) readSeq() (uint64, error) {
	b, err := readFile(s.seqPath())
	if err != nil || b == nil {
		return 0, err
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, &CorruptError{Path: s.seqPath(), Err: err}
	}
	return n, nil
}

func (s *fileStore) ListRouting(ctx context.Context) ([]Routing, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	names, err := listJSON(s.routingDir())
	if err != nil {
		return nil, err
	}
	var out []Routing
	for _, svc := range names {
		if checkService(svc) != nil {
			continue
		}
		doc, err := s.readRouting(svc)
		if err != nil {
			return nil, err
		}
		if doc != nil && !doc.Deleted {
			out = append(out, doc.Routing)
		}
	}
	return out, nil
}

func (s *fileStore) WatchRouting(ctx context.Context) (<-chan RoutingEvent, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out := make(chan RoutingEvent, 64)
	go s.watch(ctx, out)
	return out, nil
}

type fileStamp struct {
	ino   uint64
	size  int64
	mtime time.Time
}

func stampOf(fi fs.FileInfo) fileStamp {
	st := fileStamp{size: fi.Size(), mtime: fi.ModTime()}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.ino = sys.Ino
	}
	return st
}

func (s *fileStore) watch(ctx context.Context, out chan<- RoutingEvent) {
	defer close(out)
	known := map[string]knownRouting{}
	stamps := map[string]fileStamp{}
	var lastSeq uint64
	var lastScan time.Time
	first, woken := true, false
	// Woken at once by the counter's rename (the poll alone made a drain
	// wait 10 ms on average, 20 at worst, before any agent saw it) and by
	// a routing file's rename, which a writer that died before the counter
	// announces no other way.
	var n *dirNotifier
	if !s.noNotify {
		n = notifyDir(s.dir, s.routingDir())
	}
	defer n.close()
	poll, rescan := filePoll, fileRescan
	if n.complete() {
		poll, rescan = fileRescanNotified, fileRescanNotified
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var lastErr string
	report := func(err error) {
		// Repeat a persistent problem only when it changes.
		if err.Error() == lastErr {
			return
		}
		lastErr = err.Error()
		select {
		case out <- RoutingEvent{Err: err}:
		case <-ctx.Done():
		}
	}
	for {
		seq, err := s.readSeq()
		if err != nil {
			report(err)
		} else if first || seq != lastSeq || woken || time.Since(lastScan) >= rescan {
			lastScan = time.Now()
			if err := s.scan(ctx, out, known, stamps); err != nil {
				report(err)
			} else {
				if first {
					select {
					case out <- RoutingEvent{Kind: RoutingSynced}:
					case <-ctx.Done():
					}
				}
				first, lastSeq, lastErr = false, seq, ""
			}
		}
		woken = false
		select {
		case <-tick.C:
		case <-n.wake():
			woken = true
		case <-ctx.Done():
			return
		case <-s.closed:
			return
		}
	}
}

// scan delivers the routing files that changed since the last scan.
func (s *fileStore) scan(ctx context.Context, out chan<- RoutingEvent, known map[string]knownRouting, stamps map[string]fileStamp) error {
	ents, err := os.ReadDir(s.routingDir())
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, e := range ents {
		n := e.Name()
		svc := strings.TrimSuffix(n, ".json")
		if strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".json") || checkService(svc) != nil {
			continue
		}
		present[svc] = true
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		st := stampOf(fi)
		if old, ok := stamps[svc]; ok && old == st {
			continue
		}
		doc, err := s.readRouting(svc)
		if err != nil {
			var ce *CorruptError
			if errors.As(err, &ce) {
				stamps[svc] = st // report once per version of the file
				select {
				case out <- RoutingEvent{Service: svc, Err: err}:
				case <-ctx.Done():
				}
				continue
			}
			return err
		}
		stamps[svc] = st
		if doc == nil {
			continue // removed since ReadDir; the next scan sees it gone
		}
		deliverDoc(ctx, out, known, svc, *doc)
	}
	for svc := range stamps {
		if !present[svc] {
			delete(stamps, svc)
			deliverDoc(ctx, out, known, svc, routingDoc{Routing: Routing{Service: svc, Generation: known[svc].gen}, Deleted: true})
		}
	}
	return nil
}

// ---- agents ----

type fileAgentDoc struct {
	AgentStatus
	Heartbeat time.Time `json:"heartbeat"`
	Token     string    `json:"token"`
}

func (s *fileStore) alive(d fileAgentDoc) bool {
	return !deadOnThisHost(d.Host, d.Pid, d.PidStart) && time.Since(d.Heartbeat) <= s.opts.SessionTimeout
}

type fileAgentSession struct {
	s    *fileStore
	path string

	mu  sync.Mutex
	doc fileAgentDoc

	done chan struct{}
	wg   sync.WaitGroup
}

func (s *fileStore) RegisterAgent(ctx context.Context, a Agent) (AgentSession, error) {
	if err := CheckAgentID(a.ID); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	defaultProcess(&a.Host, &a.Pid, &a.PidStart)
	as := &fileAgentSession{s: s, path: s.agentPath(a.ID), done: make(chan struct{}),
		doc: fileAgentDoc{AgentStatus: AgentStatus{Agent: a, Applied: map[string]int64{}}, Token: newToken()}}
	err := s.withMutex(func() error {
		b, err := readFile(as.path)
		if err != nil {
			return err
		}
		if b != nil {
			var other fileAgentDoc
			if err := decodeJSON(as.path, b, &other); err != nil {
				// Not a live agent's: ours to overwrite.
				s.warn(as.path, fmt.Sprintf("replacing the undecodable lb agent record %s: %v", as.path, err))
			} else if s.alive(other) {
				return fmt.Errorf("agent id %s is already registered by pid %d on %s (%s); give each agent its own id", a.ID, other.Pid, orUnknown(other.Host), as.path)
			}
		}
		as.mu.Lock()
		defer as.mu.Unlock()
		return as.writeLocked()
	})
	if err != nil {
		return nil, err
	}
	as.wg.Add(1)
	go as.heartbeat()
	return as, nil
}

func (as *fileAgentSession) writeLocked() error {
	as.doc.Heartbeat = time.Now().UTC()
	data, err := json.Marshal(as.doc)
	if err != nil {
		return err
	}
	return writeAtomic(as.path, data)
}

func (as *fileAgentSession) heartbeat() {
	defer as.wg.Done()
	t := time.NewTicker(max(as.s.opts.SessionTimeout/3, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-as.done:
			return
		case <-as.s.closed:
			return
		}
		as.mu.Lock()
		err := as.writeLocked()
		as.mu.Unlock()
		if err != nil {
			as.s.log.Warn("lb agent heartbeat failed", "agent", as.doc.ID, "path", as.path, "err", err)
		}
	}
}

func (as *fileAgentSession) Agent() Agent { return as.doc.Agent }

func (as *fileAgentSession) Ack(ctx context.Context, svc string, gen int64) error {
	return as.AckMany(ctx, map[string]int64{svc: gen})
}

func (as *fileAgentSession) AckMany(ctx context.Context, applied map[string]int64) error {
	if err := as.s.check(); err != nil {
		return err
	}
	as.mu.Lock()
	defer as.mu.Unlock()
	select {
	case <-as.done:
		// A late acknowledgement would write the record Close removed: a
		// deregistered agent back in the store, one the CLI then waits for.
		return ErrSessionClosed
	default:
	}
	for svc, g := range applied {
		as.doc.Applied[svc] = g
	}
	return as.writeLocked()
}

func (as *fileAgentSession) Close(ctx context.Context) error {
	select {
	case <-as.done:
		return nil
	default:
	}
	close(as.done)
	as.wg.Wait()
	// An acknowledgement being written finishes first; later ones see done.
	as.mu.Lock()
	token := as.doc.Token
	as.mu.Unlock()
	return as.s.withMutex(func() error {
		b, err := readFile(as.path)
		if err != nil || b == nil {
			return err
		}
		var cur fileAgentDoc
		if json.Unmarshal(b, &cur) == nil && cur.Token != token {
			return nil // re-registered by someone else
		}
		if err := os.Remove(as.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

func (s *fileStore) ListAgents(ctx context.Context) ([]AgentStatus, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	ids, err := listJSON(s.agentsDir())
	if err != nil {
		return nil, err
	}
	out := []AgentStatus{}
	for _, id := range ids {
		p := s.agentPath(id)
		b, err := readFile(p)
		if err != nil {
			return nil, err
		}
		if b == nil {
			continue
		}
		var d fileAgentDoc
		err = decodeJSON(p, b, &d)
		if err == nil && d.ID != id {
			err = &CorruptError{Path: p, Err: fmt.Errorf("holds agent id %q", d.ID)}
		}
		if err != nil {
			// Skipped, not fatal: an empty or foreign file here must not
			// fail every deploy after Marathon already deployed.
			s.warn(p, skippedAgent(p, err))
			continue
		}
		if !s.alive(d) {
			continue
		}
		out = append(out, d.AgentStatus)
	}
	return out, nil
}

func (s *fileStore) WaitApplied(ctx context.Context, svc string, gen int64, deadline time.Time) error {
	if err := checkService(svc); err != nil {
		return err
	}
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	tick := time.NewTicker(filePoll)
	defer tick.Stop()
	n := notifyDir(s.agentsDir()) // an agent's acknowledgement is a rename there
	defer n.close()
	for {
		agents, err := s.ListAgents(dctx)
		if err != nil {
			return err
		}
		if len(agents) == 0 {
			return ErrNoAgents
		}
		var lagging []AgentStatus
		for _, a := range agents {
			if a.Applied[svc] < gen {
				lagging = append(lagging, a)
			}
		}
		if len(lagging) == 0 {
			return nil
		}
		select {
		case <-tick.C:
		case <-n.wake():
		case <-s.closed:
			return ErrClosed
		case <-dctx.Done():
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &NotAppliedError{Service: svc, Generation: gen, Lagging: lagging}
		}
	}
}

// ---- locks ----

type fileLockDoc struct {
	Holder
	Token string `json:"token"`
	// LockedAt is when the lock was taken (LockedError.Since).
	LockedAt time.Time `json:"lockedAt,omitzero"`
}

type fileLock struct {
	s        *fileStore
	svc      string
	path     string
	doc      fileLockDoc
	took     *Holder // the dead holder taken over from
	lost     chan struct{}
	released chan struct{}
	relOnce  sync.Once
}

func (s *fileStore) Lock(ctx context.Context, svc string, h Holder) (Lock, error) {
	if err := checkService(svc); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	defaultProcess(&h.Host, &h.Pid, &h.PidStart)
	if h.PidSpace == "" && h.Host == hostname() {
		h.PidSpace = pidSpace(h.Pid)
	}
	p := s.lockPath(svc)
	doc := fileLockDoc{Holder: h, Token: newToken(), LockedAt: time.Now().UTC()}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var took *Holder
	err = s.withMutex(func() error {
		tmp, err := writeTemp(p, data)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		// link(2) fails if the lock exists: create-if-absent with the whole
		// content in place at once.
		err = os.Link(tmp, p)
		if err == nil || !errors.Is(err, fs.ErrExist) {
			return err
		}
		b, err := readFile(p)
		if err != nil {
			return err
		}
		var cur fileLockDoc
		if b != nil {
			if err := decodeJSON(p, b, &cur); err != nil {
				return err
			}
			if !deadOnThisHost(cur.Host, cur.Pid, cur.PidStart) || !samePidSpace(cur.PidSpace) {
				return &LockedError{Service: svc, Holder: cur.Holder, Since: cur.LockedAt, Path: p, Store: s.url}
			}
			s.log.Warn("taking over a stale deployment lock: its holder is gone", "service", svc, "pid", cur.Pid, "user", cur.User, "since", cur.StartedAt)
			took = &cur.Holder
		}
		return os.Rename(tmp, p)
	})
	if err != nil {
		return nil, err
	}
	l := &fileLock{s: s, svc: svc, path: p, doc: doc, took: took, lost: make(chan struct{}), released: make(chan struct{})}
	go l.watch()
	return l, nil
}

// watch closes Lost when the lock file no longer carries this lock's token
// (removed or taken over by hand).
func (l *fileLock) watch() {
	t := time.NewTicker(10 * filePoll)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-l.released:
			return
		case <-l.s.closed:
			return
		}
		b, err := readFile(l.path)
		if err != nil {
			continue // transient read error: keep checking
		}
		var cur fileLockDoc
		if b == nil || json.Unmarshal(b, &cur) != nil || cur.Token != l.doc.Token {
			select {
			case <-l.released:
				return
			default:
			}
			l.s.log.Warn("deployment lock lost: the lock file was removed or replaced", "service", l.svc, "path", l.path)
			close(l.lost)
			return
		}
	}
}

func (l *fileLock) Holder() Holder { return l.doc.Holder }

func (l *fileLock) TookOver() (Holder, bool) {
	if l.took == nil {
		return Holder{}, false
	}
	return *l.took, true
}

func (l *fileLock) Lost() <-chan struct{} { return l.lost }

func (l *fileLock) Release(ctx context.Context) error {
	l.relOnce.Do(func() { close(l.released) })
	return l.s.withMutex(func() error {
		b, err := readFile(l.path)
		if err != nil || b == nil {
			return err
		}
		var cur fileLockDoc
		if json.Unmarshal(b, &cur) != nil || cur.Token != l.doc.Token {
			return nil // not ours any more
		}
		if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

// ---- history ----

func (s *fileStore) AppendHistory(ctx context.Context, svc string, r Record) (string, error) {
	if err := checkService(svc); err != nil {
		return "", err
	}
	if err := s.check(); err != nil {
		return "", err
	}
	dir := s.historyDir(svc)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	r.ID = newRecordID(time.Now())
	r.Service = svc
	data, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	if err := writeAtomic(filepath.Join(dir, r.ID+".json"), data); err != nil {
		return "", err
	}
	ids, err := listJSON(dir)
	if err != nil {
		return "", err
	}
	for len(ids) > HistoryLimit {
		if err := os.Remove(filepath.Join(dir, ids[0]+".json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		ids = ids[1:]
	}
	return r.ID, nil
}

func (s *fileStore) UpdateHistory(ctx context.Context, svc string, r Record) error {
	if err := checkService(svc); err != nil {
		return err
	}
	if err := checkRecordID(r.ID); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	p := filepath.Join(s.historyDir(svc), r.ID+".json")
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("history record %s of %s: %w", r.ID, svc, ErrNotFound)
	}
	r.Service = svc
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return writeAtomic(p, data)
}

func (s *fileStore) HistoryServices(ctx context.Context) ([]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(filepath.Join(s.dir, "history"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() || checkService(e.Name()) != nil {
			continue
		}
		ids, err := listJSON(s.historyDir(e.Name()))
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s *fileStore) History(ctx context.Context, svc string, limit int) ([]Record, error) {
	if err := checkService(svc); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	dir := s.historyDir(svc)
	ids, err := listJSON(dir)
	if err != nil {
		return nil, err
	}
	slices.Reverse(ids)
	var out []Record
	for _, id := range ids {
		if limit > 0 && len(out) >= limit {
			break
		}
		p := filepath.Join(dir, id+".json")
		b, err := readFile(p)
		if err != nil {
			return nil, err
		}
		if b == nil {
			continue // pruned while reading
		}
		var r Record
		if err := decodeJSON(p, b, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
