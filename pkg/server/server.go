// Package server is `yodel server`, the realm's deploy watcher: the
// servers of a realm elect one leader through the realm's store, and the
// leader drives every canary rollout that has no live driver (a detached
// deploy at once, a rollout whose CLI died after the realm's
// server.adoptAfter) to its end with the engine the CLI uses
// (deploy.Session.DriveRollout), under the same service lock and history.
// It also serves the realm's JSON API (api.go), /healthz and /metrics.
//
// Liveness of a rollout's driver is the service's deployment lock, as for
// `yodel canary resume`: a live driver holds it (ZooKeeper: an ephemeral
// node of its session; file store: a lock file whose process lives), so a
// server can take it only once the driver is gone. Leadership is the same
// lock under LeaderLock, a name no service can have: two servers never
// both lead, and a rollout is only ever driven by the holder of its lock.
// A server takes a rollout over with the engine's Session.TakeOver, as
// `canary resume` does: not while its driver lives, and never when its
// stable app changed since it began (driving on would undo that change).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// LeaderLock is the deployment lock the servers of a realm elect their
// leader with. It is a valid store name (at most 63 characters) that no
// manifest can use (service names stop at 48), so it never meets a
// service's lock, routing or history.
const LeaderLock = "yodel-server-leader-reserved-longer-than-any-service-name"

// Worker runs while this server leads the realm, until ctx ends (when it
// stops leading, or shuts down). Notifications and autoscaling plug in
// here: only the leader may send an event or change a service.
type Worker struct {
	Name string
	Run  func(ctx context.Context) error
}

// Config is what a server needs.
type Config struct {
	Realm    *realm.Realm
	Store    state.Store
	Marathon *marathon.Client
	// Holder is this server as lock holder and rollout driver (its user,
	// host, pid and command line).
	Holder state.Holder
	// LookupEnv resolves the agent token and the env: secrets of a canary
	// app rebuilt from its recorded manifest (default: none).
	LookupEnv func(string) (string, bool)
	Logger    *slog.Logger
	// Poll is how often the leader looks at the realm's rollouts, and a
	// follower at the leader lock (default 500ms).
	Poll time.Duration
	// Workers run while this server leads.
	Workers []Worker
	// Drive tunes the rollouts this server drives (tests shorten Poll).
	Drive deploy.DriveRequest
	// Metrics, when set, counts what the server does.
	Metrics *Metrics
	// Actions are the API's changes; nil: the API only reads.
	Actions Actions
	// Users may call the API (resolved credentials).
	Users []realm.ServerCredential
}

// Server is one `yodel server` process.
type Server struct {
	cfg Config
	log *slog.Logger

	mu      sync.Mutex
	leading bool
	since   time.Time
	// driving are the services whose rollout this server drives now.
	driving map[string]*drive
	// orphaned holds, per service, when its rollout's driver was first
	// seen dead (its lock could be taken): adoption waits adoptAfter
	// from then.
	orphaned map[string]time.Time
	// refused holds, per service, why its rollout is not adopted (the
	// engine's TakeOver refused it), so that it is logged once.
	refused map[string]string
	wg      sync.WaitGroup
}

type drive struct {
	release string
	started time.Time
	cancel  context.CancelFunc
}

// New makes a server from cfg.
func New(cfg Config) *Server {
	if cfg.Poll <= 0 {
		cfg.Poll = 500 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.LookupEnv == nil {
		cfg.LookupEnv = func(string) (string, bool) { return "", false }
	}
	return &Server{cfg: cfg, log: cfg.Logger, driving: map[string]*drive{}, orphaned: map[string]time.Time{}, refused: map[string]string{}}
}

// Leading reports whether this server leads the realm now, and since when.
func (s *Server) Leading() (bool, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leading, s.since
}

// Driving lists the services whose rollout this server drives now.
func (s *Server) Driving() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.driving))
	for svc := range s.driving {
		out = append(out, svc)
	}
	return out
}

// Run contends for leadership until ctx ends; while it leads, it drives
// the realm's orphaned rollouts and runs the workers. Losing the leader
// lock (a store session expired) stops all of that at once; the server
// then contends again. On return every rollout it drove was left where it
// was, its lock released and its driver cleared, so that the next leader
// adopts it without waiting.
func (s *Server) Run(ctx context.Context) error {
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		lock, err := s.cfg.Store.Lock(ctx, LeaderLock, s.cfg.Holder)
		var le *state.LockedError
		switch {
		case err == nil:
			s.lead(ctx, lock)
		case errors.As(err, &le):
			// Another server leads; follow.
		case ctx.Err() != nil:
		default:
			s.log.Warn("contending for leadership", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// lead runs the leader's loop until ctx ends or the leader lock is lost.
func (s *Server) lead(parent context.Context, lock state.Lock) {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.leading, s.since = true, time.Now()
	s.mu.Unlock()
	s.cfg.Metrics.setLeader(true)
	s.log.Info("leading the realm", "realm", s.cfg.Realm.Realm, "took over", state.TakeoverNotice(lock))
	var workers sync.WaitGroup
	for _, w := range s.cfg.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if err := w.Run(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("worker stopped", "worker", w.Name, "err", err)
			}
		}()
	}
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		s.scan(ctx)
		select {
		case <-lock.Lost():
			s.log.Warn("leadership lost: the leader lock can no longer be trusted; stopping every rollout this server drives")
		case <-ctx.Done():
		case <-t.C:
			continue
		}
		break
	}
	cancel()
	s.wg.Wait()
	workers.Wait()
	s.mu.Lock()
	s.leading = false
	clear(s.orphaned)
	clear(s.refused)
	s.mu.Unlock()
	s.cfg.Metrics.setLeader(false)
	rctx, rcancel := deploy.Background(5 * time.Second)
	defer rcancel()
	if err := lock.Release(rctx); err != nil {
		s.log.Warn("releasing the leader lock", "err", err)
	}
}

// scan looks at every service's rollout once and adopts those whose
// driver is gone.
func (s *Server) scan(ctx context.Context) {
	rts, err := s.cfg.Store.ListRouting(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("reading the realm's routing state", "err", err)
		}
		return
	}
	active := map[string]bool{}
	for _, rt := range rts {
		r, err := canary.Decode(rt.Rollout)
		if err != nil || !r.Active() {
			continue
		}
		active[rt.Service] = true
		s.consider(ctx, rt.Service, r)
	}
	s.mu.Lock()
	for svc := range s.orphaned {
		if !active[svc] {
			delete(s.orphaned, svc)
		}
	}
	for svc := range s.refused {
		if !active[svc] {
			delete(s.refused, svc)
		}
	}
	s.mu.Unlock()
	s.cfg.Metrics.setActive(len(active))
}

// consider adopts svc's active rollout r when its driver is gone: at once
// when it never had one (a detached deploy, or a driver that handed it
// over), after adoptAfter from when its driver was first seen gone
// otherwise. The engine's TakeOver decides, as for `canary resume`: the
// lock is the liveness test (while the driver lives, it cannot be taken),
// and a rollout whose stable app changed since it began is not driven on.
func (s *Server) consider(ctx context.Context, svc string, r *canary.Rollout) {
	s.mu.Lock()
	_, busy := s.driving[svc]
	since, seen := s.orphaned[svc]
	s.mu.Unlock()
	if busy {
		return
	}
	wait := s.cfg.Realm.Server.AdoptAfter.D()
	if r.Driver == nil {
		wait = 0
	}
	if seen && time.Since(since) < wait {
		// In the grace: leave the lock alone, so that a person's `canary
		// resume` meets no probe of ours; look again when it ends.
		return
	}
	sess := s.session(svc)
	ok, err := sess.TakeOver(ctx)
	var changed *deploy.StableChangedError
	if errors.As(err, &changed) {
		// Driving on would undo a change of the stable app made since the
		// rollout began: refused, as `canary resume` refuses it. Said
		// once per refusal; a person aborts it (or puts the stable app
		// back, and the server adopts it then).
		s.mu.Lock()
		said := s.refused[svc] == err.Error()
		s.refused[svc] = err.Error()
		s.mu.Unlock()
		if !said {
			s.log.Warn("refusing to adopt a rollout", "service", svc, "err", err)
		}
		return
	}
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("trying the lock of a rollout", "service", svc, "err", err)
		}
		return
	}
	if !ok {
		// Its driver lives (or someone else just took it over).
		s.mu.Lock()
		delete(s.orphaned, svc)
		s.mu.Unlock()
		return
	}
	now := time.Now()
	if !seen {
		since = now
		s.mu.Lock()
		s.orphaned[svc] = since
		s.mu.Unlock()
		if wait > 0 {
			s.log.Info("a rollout's driver is gone; adopting it unless someone resumes it first", "service", svc,
				"release", r.Canary.Release, "step", r.StepName(), "driver", describe(r.Driver), "adoptAfter", wait)
		}
	}
	if now.Sub(since) < wait {
		// Leave it to a person (`canary resume`) until adoptAfter passes.
		sess.Unlock()
		return
	}
	s.adopt(ctx, sess, r, now.Sub(since))
}

func (s *Server) session(svc string) *deploy.Session {
	return &deploy.Session{Service: svc, Realm: s.cfg.Realm, MC: s.cfg.Marathon, Store: s.cfg.Store,
		Holder: s.cfg.Holder, Now: time.Now,
		Report: func(e deploy.Event) { s.log.Info(e.Text, "service", svc, "kind", e.Kind) }}
}

// adopt drives sess's rollout (its lock held) to its end in the
// background.
func (s *Server) adopt(parent context.Context, sess *deploy.Session, r *canary.Rollout, orphanFor time.Duration) {
	svc := sess.Service
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.driving[svc] = &drive{release: r.Canary.Release, started: time.Now(), cancel: cancel}
	delete(s.orphaned, svc)
	s.mu.Unlock()
	s.cfg.Metrics.adopted()
	s.log.Info("adopting a rollout", "service", svc, "release", r.Canary.Release, "step", r.StepName(),
		"previous driver", describe(r.Driver), "orphaned for", orphanFor.Round(time.Millisecond))
	req := s.cfg.Drive
	req.LookupEnv = s.cfg.LookupEnv
	// The server is who ends a rollback window a CLI recorded and left.
	req.WaitWindow = true
	if r.Source != nil {
		req.Dir = filepath.Dir(r.Source.Manifest)
	}
	token, err := s.cfg.Realm.AgentToken(s.cfg.LookupEnv)
	if err != nil {
		s.log.Warn("the lb agents' token cannot be read: their counters will be refused", "err", err)
	}
	req.Agents = &lb.Client{Token: token}
	req.Report = func(e canary.Event) {
		s.log.Info(e.Text, "service", svc, "kind", e.Kind)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		out, err := sess.DriveRollout(ctx, req, nil)
		outcome := "left"
		switch {
		case out != nil && !out.Active():
			outcome = out.Step
		case err != nil && ctx.Err() != nil:
			// Stopped (shutdown, or leadership lost): hand the rollout
			// over, so the next leader adopts it at once.
			hctx, hcancel := deploy.Background(5 * time.Second)
			if herr := canary.SetDriver(hctx, s.cfg.Store, svc, nil); herr != nil {
				s.log.Warn("handing the rollout over", "service", svc, "err", herr)
			}
			hcancel()
		}
		s.cfg.Metrics.drove(outcome)
		if err != nil {
			s.log.Warn("rollout ended", "service", svc, "outcome", outcome, "err", err)
		} else {
			s.log.Info("rollout ended", "service", svc, "outcome", outcome)
		}
		sess.Unlock()
		s.mu.Lock()
		delete(s.driving, svc)
		s.mu.Unlock()
	}()
}

func describe(h *state.Holder) string {
	if h == nil {
		return "none (detached)"
	}
	return fmt.Sprintf("%s@%s pid %d (%s)", h.User, h.Host, h.Pid, h.Command)
}
