package autoscale

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// DefaultInterval is how often the worker measures every autoscaled
// service's rate and decides.
const DefaultInterval = 5 * time.Second

// Worker is the realm server's autoscaler, a leader-only worker
// (pkg/server.Worker): only the leader may change a service.
type Worker struct {
	Realm    *realm.Realm
	Store    state.Store
	Marathon deploy.Marathon
	// Agents is the lb agents' client (with the realm's agent token): their
	// counters, and the session counts of a drain.
	Agents *lb.Client
	// Holder is the autoscaler as the lock holder and the history's who
	// (user "autoscaler", the server's host, pid and command line).
	Holder   state.Holder
	Interval time.Duration
	// ProgressDeadline, Timeout and Settle bound each scale as `yodel
	// scale`'s flags do.
	ProgressDeadline, Timeout, Settle time.Duration
	Log                               *slog.Logger
	Metrics                           *Metrics
	Now                               func() time.Time

	mu       sync.Mutex
	services map[string]*service
	wg       sync.WaitGroup
}

// service is what the worker keeps of one autoscaled service.
type service struct {
	state State
	last  canary.Sample // the previous sample of its counters
	// changed is when the worker last changed it (the app's own
	// versionInfo says it too, and survives a restart of the server).
	changed time.Time
	// scaling is set while a scale of the service runs.
	scaling bool
}

// Run measures and decides every Interval until ctx ends, then waits for
// the scales it started (they end with ctx: deploy.Wait's interrupt
// leaves Marathon's change going, as a Ctrl-C of `yodel scale` does).
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	// A new leadership starts from nothing: the previous one's samples
	// are old.
	w.mu.Lock()
	w.services = map[string]*service{}
	w.mu.Unlock()
	defer w.Wait()
	t := time.NewTicker(w.Interval)
	defer t.Stop()
	for {
		w.Tick(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Wait waits for the scales the worker started.
func (w *Worker) Wait() { w.wg.Wait() }

func (w *Worker) defaults() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.Interval <= 0 {
		w.Interval = DefaultInterval
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	if w.Agents == nil {
		w.Agents = &lb.Client{}
	}
	if w.services == nil {
		w.services = map[string]*service{}
	}
}

// Tick looks at every service once: its rollout, its stable app's
// autoscale label, its rate; it starts a scale where the decision says so
// (in the background: Wait waits for it).
func (w *Worker) Tick(ctx context.Context) {
	w.defaults()
	rts, err := w.Store.ListRouting(ctx)
	if err != nil {
		if ctx.Err() == nil {
			w.Log.Warn("reading the realm's routing state", "err", err)
		}
		return
	}
	seen := map[string]bool{}
	for _, rt := range rts {
		if rt.Stable == "" {
			continue
		}
		if w.consider(ctx, rt) {
			seen[rt.Service] = true
		}
	}
	w.mu.Lock()
	for svc, s := range w.services {
		if !seen[svc] && !s.scaling {
			delete(w.services, svc)
			w.Metrics.forget(svc)
		}
	}
	w.mu.Unlock()
}

// consider decides for one service; false when it is not autoscaled (what
// the worker kept of it is then forgotten). A stable app that cannot be
// read now keeps what was kept: its needs still count when it can.
func (w *Worker) consider(ctx context.Context, rt state.Routing) bool {
	svc := rt.Service
	app, err := w.Marathon.App(ctx, rt.Stable)
	if marathon.IsNotFound(err) {
		return false
	}
	if err != nil {
		if ctx.Err() == nil {
			w.Log.Warn("reading the stable app", "service", svc, "app", rt.Stable, "err", err)
		}
		return true
	}
	policy, ok, err := appdef.AutoscaleOf(labels(app))
	if !ok {
		return false
	}
	if err != nil {
		w.Log.Warn("not autoscaling: the app's autoscale label is not yodel's", "service", svc, "err", err)
		return false
	}
	w.mu.Lock()
	s := w.services[svc]
	if s == nil {
		s = &service{}
		w.services[svc] = s
	}
	scaling, changed := s.scaling, s.changed
	w.mu.Unlock()
	if scaling {
		return true
	}
	in := Input{Policy: policy, Current: app.WantedInstances(), Limits: w.Realm.Limits, Now: w.Now(),
		LastChange: lastChange(app, changed)}
	// s.last and s.state are this goroutine's: a scale's goroutine only
	// touches scaling and changed.
	prev := s.last
	cur, err := canary.AgentStats{Store: w.Store, Client: w.Agents}.Sample(ctx, svc)
	if err != nil {
		w.Log.Warn("reading the lb agents' counters", "service", svc, "err", err)
	} else {
		if len(prev.Agents) > 0 {
			in.Rate, in.HaveRate = Rate(prev, cur)
		}
		s.last = cur
	}
	r, derr := canary.Decode(rt.Rollout)
	switch {
	case derr != nil:
		in.Busy = fmt.Sprintf("its rollout record does not read: %v", derr)
	case r.Active():
		in.Busy = fmt.Sprintf("its canary rollout of %s is in progress (step %s)", r.Canary.Release, r.StepName())
	case len(app.DeploymentIDs()) > 0:
		in.Busy = "a Marathon deployment of " + app.ID + " is in progress"
	}
	d := s.state.Decide(in)
	w.Metrics.observe(svc, in, d)
	if !d.Change() {
		return true
	}
	w.Log.Info("autoscaling", "service", svc, "from", d.From, "to", d.To, "why", d.Reason, "measured over", interval(prev, cur))
	w.mu.Lock()
	s.scaling = true
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		err := w.scale(ctx, svc, d)
		w.mu.Lock()
		s.scaling = false
		if err == nil {
			s.changed = w.Now()
		}
		w.mu.Unlock()
	}()
	return true
}

// scale makes the change with the engine, as `yodel scale` does: the
// guard and the service's lock (a rollout that began meanwhile, or anyone
// holding the lock, and nothing changes), the drained scale, the history
// row with the autoscaler as who and the decision as why.
func (w *Worker) scale(ctx context.Context, svc string, d Decision) error {
	sess := &deploy.Session{Service: svc, Realm: w.Realm, MC: w.Marathon, Store: w.Store, Holder: w.Holder, Now: w.Now,
		Agents: func() (*lb.Client, error) { return w.Agents, nil },
		Report: func(e deploy.Event) {
			if e.Kind == deploy.EventWarning {
				w.Log.Warn(e.Text, "service", svc)
			} else if e.Text != "" {
				w.Log.Info(e.Text, "service", svc, "kind", e.Kind)
			}
		}}
	outcome := "done"
	defer func() { w.Metrics.changed(svc, d, outcome) }()
	if err := sess.GuardAndLock(ctx, deploy.OpScale); err != nil {
		w.release(sess)
		var le *state.LockedError
		var re *deploy.RolloutActiveError
		if errors.As(err, &le) || errors.As(err, &re) {
			outcome = "skipped"
			w.Log.Info("not autoscaling now", "service", svc, "why", err)
		} else {
			outcome = "failed"
			w.Log.Warn("not autoscaling: the guard or lock failed", "service", svc, "err", err)
		}
		return err
	}
	defer w.release(sess)
	// Read again under the lock: someone may have scaled it meanwhile.
	plan, err := sess.PlanScale(ctx, deploy.ScaleRequest{Instances: d.To, Strategy: "autoscale", Reason: d.Reason,
		Timeout: w.Timeout, ProgressDeadline: w.ProgressDeadline, Settle: w.Settle, RealmArg: w.Realm.Arg()})
	if err != nil {
		outcome = "failed"
		return err
	}
	if plan.From != d.From {
		outcome = "skipped"
		w.Log.Info("not autoscaling: the app changed meanwhile", "service", svc, "instances", plan.From, "decided from", d.From)
		return nil
	}
	_, ending, err := sess.Scale(ctx, plan)
	outcome = string(ending)
	if err != nil {
		w.Log.Warn("autoscaling ended", "service", svc, "outcome", ending, "err", err)
		return err
	}
	w.Log.Info("autoscaled", "service", svc, "from", d.From, "to", d.To)
	return nil
}

func (w *Worker) release(sess *deploy.Session) {
	if sess.Lock == nil {
		return
	}
	ctx, cancel := deploy.Background(5 * time.Second)
	defer cancel()
	if err := sess.Lock.Release(ctx); err != nil {
		w.Log.Warn("releasing a service lock", "service", sess.Service, "err", err)
	}
	sess.Lock = nil
}

func labels(a *marathon.App) map[string]string {
	if a.Labels == nil {
		return nil
	}
	return *a.Labels
}

// lastChange is the later of when the worker last changed the app and
// when Marathon last saw its instances or definition change.
func lastChange(a *marathon.App, mine time.Time) time.Time {
	t := mine
	if vi := a.VersionInfo; vi != nil {
		for _, v := range []string{vi.LastScalingAt, vi.LastConfigChangeAt} {
			if at, err := time.Parse(time.RFC3339Nano, v); err == nil && at.After(t) {
				t = at
			}
		}
	}
	return t
}
