package canary

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/deploy/kind"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Marathon is what a rollout needs of Marathon; *marathon.Client has it.
type Marathon interface {
	App(ctx context.Context, id string) (*marathon.App, error)
	UpdateApp(ctx context.Context, app *marathon.App, force bool) (marathon.DeploymentRef, error)
	ScaleApp(ctx context.Context, id string, instances int, force bool) (marathon.DeploymentRef, error)
	DeleteApp(ctx context.Context, id string, force bool) (marathon.DeploymentRef, error)
	WaitDeployment(ctx context.Context, spec marathon.WaitSpec) (marathon.Outcome, error)
}

// StatsReader samples every live lb agent's counters for a service.
type StatsReader interface {
	Sample(ctx context.Context, svc string) (Sample, error)
}

// Event kinds reported while a rollout runs.
const (
	EventStep      = "step"
	EventCheck     = "check"
	EventJudgement = "judgement"
	EventInfo      = "info"
	EventWarning   = "warning"
)

// Event is something the live view or the log shows.
type Event struct {
	Time    time.Time
	Kind    string
	Text    string
	Rollout *Rollout            // the record after the change
	Totals  map[string]Counters // judgements: counters since the step began
}

// Driver runs a rollout from its durable record to its end. The caller
// holds the service's deployment lock.
type Driver struct {
	Store    state.Store
	Marathon Marathon
	Stats    StatsReader
	// Lock is the held deployment lock; losing it stops the driver.
	Lock state.Lock
	// App is the canary app definition (deploy only). A resumed rollout has
	// none: its canary app already exists, or BuildApp rebuilds it.
	App *marathon.App
	// BuildApp rebuilds the canary app definition of a rollout whose
	// deploying process died before creating the app (resume). An error
	// wrapping ErrCannotRebuild rolls the rollout back (its source is gone
	// or changed); any other error leaves it at starting, serving safely.
	BuildApp func(ctx context.Context, r *Rollout) (*marathon.App, error)
	// Target is where smoke checks reach the isolated canary.
	Target Target
	// Dir is where isolated.command runs (the manifest's directory).
	Dir string
	// RealmArg is the realm as the user named it (a name or a file), for
	// the commands the driver's messages suggest; empty: the rollout's.
	RealmArg string
	Report   func(Event)
	Now      func() time.Time

	// Poll is how often the driver re-reads the record for control
	// commands while it waits (default 200ms).
	Poll time.Duration
	// ApplyTimeout bounds each wait for the lb agents (default 30s).
	ApplyTimeout time.Duration
	// AgentGrace bounds how long the driver holds the deletion of an app
	// that carried traffic (the canary when rolling back, the old stable
	// at cleanup) for an lb agent that routed the rollout and has left the
	// registry since (default 30s: a ZooKeeper session timeout of 10s
	// plus a Marathon kill grace, with room to reconnect). See awaitRouters.
	AgentGrace time.Duration
	// ProgressDeadline and Settle are passed to Marathon waits.
	ProgressDeadline time.Duration
	Settle           time.Duration
	// Drain, when set, drains the tasks of a canary that carried traffic
	// on every lb agent before its app is deleted at rollback (share 0
	// stops new requests; the drain lets the running ones finish, up to
	// the app's kill grace period). See pkg/drain.
	Drain *drain.Drainer
	// Metrics measures the partial.metrics checks (the realm's metric
	// providers); nil with checks set makes them inconclusive.
	Metrics MetricSource
	// WaitWindow: the driver waits out the rollback window (kept) and
	// removes the previous release at its end (the realm's server). A
	// CLI leaves it: at kept it hands the rollout over (no driver
	// recorded) and returns the record, so that the realm's server
	// adopts it at once, or the next change of the service, `canary
	// resume` or `canary promote` ends it (see pkg/deploy, window.go).
	WaitWindow bool

	// startErr is why starting rolled back when the caller needs the
	// error itself (Marathon refused the app: exit 2 with manifest lines).
	startErr error
	// seen holds the ids of the lb agents seen registered during the
	// rollout, by this driver or (Rollout.Agents) an earlier one.
	seen map[string]bool
	// entered is the step this driver moved the rollout into (its name
	// and start): it has watched that step from its start.
	entered stepKey
	// lat is the base of the current partial step's latencies.
	lat latencyWindow
	// thinWarned is the step whose thin traffic this driver warned of.
	thinWarned stepKey
}

// stepKey names one run of a step.
type stepKey struct {
	name    string
	started time.Time
}

func keyOf(r *Rollout) stepKey { return stepKey{r.StepName(), r.StepStarted} }

func (k stepKey) is(r *Rollout) bool { return k.name == r.StepName() && k.started.Equal(r.StepStarted) }

// ErrCannotRebuild says a canary app definition cannot be rebuilt on
// resume (its manifest is gone or changed since the deploy).
var ErrCannotRebuild = errors.New("the canary app cannot be rebuilt")

// RolledBackError ends a rollout that rolled back (a failed check, a
// stall, or an abort): kind.RolledBack, with the record.
type RolledBackError struct {
	Rollout *Rollout
	// Err is what made the rollout roll back when it was an error rather
	// than a check (Marathon refused the canary app); nil otherwise.
	Err error
}

func (e *RolledBackError) Unwrap() error { return e.Err }

func (e *RolledBackError) Error() string {
	r := e.Rollout
	what := "rolled back"
	if r.Step == StepAborted {
		what = "aborted"
	}
	return fmt.Sprintf("canary of %s %s was %s; %s keeps serving: %s", r.Service, r.Canary.Release, what, orDash(r.Stable.Release), r.Reason)
}

// Kind implements the domain's error kinds.
func (e *RolledBackError) Kind() kind.Kind { return kind.RolledBack }

// LeftError says the driver stopped (interrupted, lock lost, an error it
// cannot decide about) and left the rollout where it was, serving safely.
type LeftError struct {
	Rollout *Rollout
	Err     error
}

func (e *LeftError) Error() string {
	return fmt.Sprintf("%v; the canary of %s was left at step %s (share %g%%), serving safely", e.Err, e.Rollout.Service, e.Rollout.StepName(), e.Rollout.Weight)
}

func (e *LeftError) Unwrap() error { return e.Err }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var errLockLost = errors.New("the deployment lock was lost (store session expired)")

func (d *Driver) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Driver) emit(kind, text string, r *Rollout, totals map[string]Counters) {
	if d.Report != nil {
		d.Report(Event{Time: d.now(), Kind: kind, Text: text, Rollout: r, Totals: totals})
	}
}

// Start records a new rollout (history, then routing state with the canary
// isolated at share 0) and drives it.
func (d *Driver) Start(ctx context.Context, r *Rollout) (*Rollout, error) {
	if err := d.Record(ctx, r); err != nil {
		return r, err
	}
	return d.Drive(ctx, r.Service)
}

// Record records a new rollout (history, then routing state with the
// canary isolated at share 0) without driving it: a detached deploy leaves
// it to the realm's server.
func (d *Driver) Record(ctx context.Context, r *Rollout) error {
	// The agents routing the service when the rollout starts are those
	// that will route its canary, whatever happens to their sessions.
	d.rememberLive(ctx)
	r.Agents = d.knownAgents()
	// A rollout already active refuses this one before anything is
	// written: a refused deploy leaves no history row (Begin checks again,
	// with compare-and-set).
	if _, old, err := Load(ctx, d.Store, r.Service); err == nil && old.Active() {
		return &ActiveError{Service: r.Service, Rollout: old}
	}
	if id, err := d.Store.AppendHistory(ctx, r.Service, r.Record()); err != nil {
		d.emit(EventWarning, "history not recorded: "+err.Error(), r, nil)
	} else {
		r.ID = id
	}
	if _, err := Begin(ctx, d.Store, r); err != nil {
		return err
	}
	d.emit(EventStep, r.Text(), r, nil)
	return nil
}

// Drive runs the service's rollout from its recorded step until it ends.
// It returns the final record, a *RolledBackError when it rolled back, and a
// *LeftError when it stopped half-way (the record says where).
func (d *Driver) Drive(ctx context.Context, svc string) (*Rollout, error) {
	if d.Lock != nil {
		var cancel context.CancelCauseFunc
		ctx, cancel = context.WithCancelCause(ctx)
		defer cancel(nil)
		go func() {
			select {
			case <-d.Lock.Lost():
				cancel(errLockLost)
			case <-ctx.Done():
			}
		}()
	}
	var last *Rollout
	for {
		rt, r, err := Load(ctx, d.Store, svc)
		if err != nil {
			return d.left(ctx, last, err)
		}
		if r == nil {
			return nil, &NoRolloutError{Service: svc}
		}
		last = r
		d.remember(r.Agents...)
		if !r.Active() {
			d.history(r)
			if r.Step == StepDone {
				return r, nil
			}
			return r, &RolledBackError{Rollout: r, Err: d.startErr}
		}
		if err := d.step(ctx, rt, r); errors.Is(err, errHandedOver) {
			_, cur, lerr := Load(ctx, d.Store, svc)
			if lerr != nil || cur == nil {
				cur = r
			}
			d.history(cur)
			return cur, nil
		} else if err != nil {
			return d.left(ctx, last, err)
		}
	}
}

func (d *Driver) left(ctx context.Context, r *Rollout, err error) (*Rollout, error) {
	if c := context.Cause(ctx); c != nil && ctx.Err() != nil {
		err = c
	}
	if r == nil {
		return nil, err
	}
	// Re-read for the latest step, for the message.
	bg, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, cur, lerr := Load(bg, d.Store, r.Service); lerr == nil && cur != nil {
		r = cur
	}
	d.history(r)
	return r, &LeftError{Rollout: r, Err: err}
}

// history mirrors the record to history, best effort.
func (d *Driver) history(r *Rollout) {
	if r.ID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Store.UpdateHistory(ctx, r.Service, r.Record()); err != nil {
		d.emit(EventWarning, "history not updated: "+err.Error(), r, nil)
	}
}

// update writes a change and reports step changes.
func (d *Driver) update(ctx context.Context, svc string, fn Mutator) (state.Routing, *Rollout, error) {
	var before string
	rt, r, err := Update(ctx, d.Store, svc, func(rt *state.Routing, r *Rollout) error {
		before = r.StepName()
		if err := fn(rt, r); err != nil {
			return err
		}
		// Every write carries the agents seen so far, so that a driver
		// that takes over (resume, abort) waits for the same ones.
		d.remember(r.Agents...)
		r.Agents = d.knownAgents()
		return nil
	})
	if err == nil && r != nil && r.StepName() != before {
		d.entered = keyOf(r)
		d.emit(EventStep, r.Text(), r, nil)
		d.history(r)
	}
	return rt, r, err
}

// step runs the current step once. It returns nil when the record moved on
// (the loop re-reads it) and an error when the driver must stop.
func (d *Driver) step(ctx context.Context, rt state.Routing, r *Rollout) error {
	def, ok := Step(r.Step)
	if !ok || def.run == nil {
		return fmt.Errorf("rollout of %s is at an unknown step %q", r.Service, r.Step)
	}
	return def.run(d, ctx, rt, r)
}

// The steps the table's run column names beyond a plain method.

func (d *Driver) fullScale(ctx context.Context, _ state.Routing, r *Rollout) error {
	n := r.FullCount()
	ref, err := d.Marathon.ScaleApp(ctx, r.Canary.App, n, false)
	if err != nil && !isLocked(err) {
		return fmt.Errorf("scaling %s to %d: %w", r.Canary.App, n, err)
	}
	if err := d.waitHealthy(ctx, r, r.Canary.App, ref, n); err != nil {
		return err
	}
	return d.advance(ctx, r)
}

func (d *Driver) drainStep(ctx context.Context, _ state.Routing, r *Rollout) error {
	d.drain(ctx, r)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return d.advance(ctx, r)
}

func (d *Driver) cleanup(ctx context.Context, rt state.Routing, r *Rollout) error {
	if err := d.applied(ctx, r, rt.Generation); err != nil {
		return err
	}
	if err := d.awaitRouters(ctx, r, rt.Generation, r.Stable.App); err != nil {
		return err
	}
	if err := d.deleteApp(ctx, r, r.Stable.App); err != nil {
		return err
	}
	return d.advance(ctx, r)
}

// errHandedOver: the driver handed the rollout over at kept (WaitWindow
// false); Drive returns the record with no error.
var errHandedOver = errors.New("handed over in the rollback window")

// kept holds the rollback window: the previous release runs at weight 0
// until r.KeptUntil, then cleanup removes it. A promote ends the window
// early; a rollback (FlipBack) or an abort turns the rollout around, which
// the loop sees as a change of step.
func (d *Driver) kept(ctx context.Context, rt state.Routing, r *Rollout) error {
	if err := d.applied(ctx, r, rt.Generation); err != nil {
		return err
	}
	announced := false
	for {
		_, cur, err := Load(ctx, d.Store, r.Service)
		if err != nil {
			return err
		}
		if cur == nil || !cur.Active() || !keyOf(r).is(cur) {
			return nil
		}
		now := d.now()
		if cur.PromoteStep || !now.Before(cur.KeptUntil) {
			return d.advance(ctx, cur)
		}
		if !d.WaitWindow {
			_, _, err := Update(ctx, d.Store, r.Service, func(_ *state.Routing, x *Rollout) error {
				if !keyOf(r).is(x) {
					return ErrUnchanged
				}
				x.Driver = nil
				return nil
			})
			if err != nil {
				return err
			}
			return errHandedOver
		}
		if !announced {
			d.emit(EventInfo, fmt.Sprintf("rollback window: %s stays at weight 0 until %s; `yodel rollback %s%s` flips back to it at once",
				orDash(cur.Stable.Release), cur.KeptUntil.UTC().Format(time.RFC3339), cur.Service, d.realmFlag(cur)), cur, nil)
			announced = true
		}
		if err := d.sleep(ctx, min(d.poll(), max(cur.KeptUntil.Sub(now), time.Millisecond))); err != nil {
			return err
		}
	}
}

func (d *Driver) rollingBack(ctx context.Context, rt state.Routing, r *Rollout) error {
	svc := r.Service
	if err := d.applied(ctx, r, rt.Generation); err != nil {
		// The canary's share is 0 in the routing state whatever an
		// agent lags on; deleting its app takes its servers away too.
		d.emit(EventWarning, err.Error(), r, nil)
	}
	if r.hadPublicTraffic() {
		if err := d.awaitRouters(ctx, r, rt.Generation, r.Canary.App); err != nil {
			return err
		}
		if err := d.drainApp(ctx, r, r.Canary.App); err != nil {
			return err
		}
	}
	if err := d.deleteApp(ctx, r, r.Canary.App); err != nil {
		return err
	}
	if d.Drain != nil && r.hadPublicTraffic() {
		if app, err := d.Marathon.App(ctx, r.Stable.App); err == nil {
			_ = d.Drain.Prune(ctx, svc, func(id string) bool { return slices.Contains(drain.TaskIDs(app), id) })
		}
	}
	return d.advance(ctx, r)
}

func isLocked(err error) bool {
	var le *marathon.LockedError
	return errors.As(err, &le)
}

// advance moves the rollout on from the step `from` was read at. When it is
// paused or a manual gate stands in the way, it waits (re-reading the record)
// until a control command lets it move, or someone else moved it (abort).
func (d *Driver) advance(ctx context.Context, from *Rollout) error {
	announced := ""
	for {
		moved, changed := false, false
		_, cur, err := d.update(ctx, from.Service, func(_ *state.Routing, r *Rollout) error {
			if r.StepName() != from.StepName() || !r.StepStarted.Equal(from.StepStarted) {
				changed = true
				return ErrUnchanged
			}
			gate := r.Gate
			if r.Advance(d.now()) {
				moved = true
				return nil
			}
			if r.Gate != gate {
				return nil // now waiting at a gate: record it
			}
			return ErrUnchanged
		})
		if err != nil || moved || changed {
			return err
		}
		hold := ""
		switch {
		case cur.Paused:
			hold = "paused at " + cur.StepName() + ": run `yodel canary resume " + cur.Service + d.realmFlag(cur) + "` to continue"
		case cur.Gate != "":
			hold = "waiting at manual gate " + cur.Gate + ": run `yodel canary promote " + cur.Service + d.realmFlag(cur) + "`"
		}
		if hold != announced && hold != "" {
			d.emit(EventInfo, hold, cur, nil)
			announced = hold
		}
		if err := d.sleep(ctx, d.poll()); err != nil {
			return err
		}
	}
}

func (d *Driver) poll() time.Duration {
	if d.Poll > 0 {
		return d.Poll
	}
	return 200 * time.Millisecond
}

func (d *Driver) sleep(ctx context.Context, t time.Duration) error {
	tm := time.NewTimer(t)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// applied waits until every live lb agent routes generation gen.
func (d *Driver) applied(ctx context.Context, r *Rollout, gen int64) error {
	timeout := d.ApplyTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	err := d.Store.WaitApplied(ctx, r.Service, gen, d.now().Add(timeout))
	d.rememberLive(ctx)
	if errors.Is(err, state.ErrNoAgents) {
		if known := d.knownAgents(); len(known) > 0 {
			d.emit(EventWarning, fmt.Sprintf("no lb agent is registered in the realm now; %s routed this rollout earlier (frozen, cut off from the store, or stopped?)", strings.Join(known, ", ")), r, nil)
			return nil
		}
		d.emit(EventWarning, "no lb agent is registered in the realm: nothing routes the canary", r, nil)
		return nil
	}
	return err
}

// remember adds lb agents to those known to have routed the rollout.
func (d *Driver) remember(ids ...string) {
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	for _, id := range ids {
		if id != "" {
			d.seen[id] = true
		}
	}
}

// rememberLive adds the agents registered now. Best effort: a failed read
// is made again at the next step, and the registry is only a hint here.
func (d *Driver) rememberLive(ctx context.Context) {
	agents, err := d.Store.ListAgents(ctx)
	if err != nil {
		return
	}
	for _, a := range agents {
		d.remember(a.ID)
	}
}

func (d *Driver) knownAgents() []string {
	if len(d.seen) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(d.seen))
}

func (d *Driver) agentGrace() time.Duration {
	if d.AgentGrace > 0 {
		return d.AgentGrace
	}
	return 30 * time.Second
}

// awaitRouters holds the deletion of app, which carried traffic, while an
// lb agent that routed the rollout is missing from the registry. The
// registry forgets an agent whose session expired (frozen by SIGSTOP or a
// VM pause, cut off from ZooKeeper), so WaitApplied stops waiting for it,
// but its HAProxy keeps sending app the share it last applied: deleting
// app then fails that share of its requests. Such an agent re-registers
// when it wakes and applies the latest generation at once, so the driver
// waits until each missing one is back and routes gen.
//
// The wait is bounded by AgentGrace, since an agent that never comes back
// cannot be told from a dead one: a dead agent's HAProxy, if it still runs,
// health-checks app's servers (marked down within seconds of the tasks
// going) and retries the failed connections on other servers.
func (d *Driver) awaitRouters(ctx context.Context, r *Rollout, gen int64, app string) error {
	known := d.knownAgents()
	if len(known) == 0 || app == "" {
		return nil
	}
	grace := d.agentGrace()
	deadline := time.Now().Add(grace) // real time: d.Now may be a fixed clock
	var missing []string
	for first := true; ; first = false {
		agents, err := d.Store.ListAgents(ctx)
		if err != nil {
			return fmt.Errorf("listing the lb agents before deleting %s: %w", app, err)
		}
		live := make(map[string]state.AgentStatus, len(agents))
		for _, a := range agents {
			live[a.ID] = a
		}
		if first {
			for _, id := range known {
				if _, ok := live[id]; !ok {
					missing = append(missing, id)
				}
			}
			if len(missing) == 0 {
				return nil
			}
			d.emit(EventWarning, fmt.Sprintf("lb agent(s) %s routed this rollout but are no longer registered (frozen, cut off from the store, or dead): their HAProxy may still send traffic to %s; waiting up to %s for them to come back and apply generation %d before deleting it",
				strings.Join(missing, ", "), app, grace, gen), r, nil)
		}
		var behind []string
		for _, id := range missing {
			if a, ok := live[id]; !ok || a.Applied[r.Service] < gen {
				behind = append(behind, id)
			}
		}
		if len(behind) == 0 {
			d.emit(EventInfo, fmt.Sprintf("lb agent(s) %s are back and route generation %d: deleting %s", strings.Join(missing, ", "), gen, app), r, nil)
			return nil
		}
		if !time.Now().Before(deadline) {
			d.emit(EventWarning, fmt.Sprintf("lb agent(s) %s did not come back within %s: deleting %s anyway (a dead agent's HAProxy, if it still runs, marks the servers down by health checks and retries elsewhere)",
				strings.Join(behind, ", "), grace, app), r, nil)
			return nil
		}
		if err := d.sleep(ctx, d.poll()); err != nil {
			return err
		}
	}
}

// rollback turns the rollout around in one write: the checks that failed
// and the share 0 land together.
func (d *Driver) rollback(ctx context.Context, svc, cause, reason string, checks ...Check) error {
	return d.rollbackFailed(ctx, svc, cause, reason, nil, checks...)
}

// rollbackFailed is rollback for a stall, recording the failed task (nil
// for none) whose output says why the canary's tasks died.
func (d *Driver) rollbackFailed(ctx context.Context, svc, cause, reason string, failed *marathon.TaskRef, checks ...Check) error {
	_, _, err := d.update(ctx, svc, func(_ *state.Routing, r *Rollout) error {
		for _, c := range checks {
			r.AddCheck(c)
		}
		if !r.RollbackAllowed() {
			return fmt.Errorf("cannot roll back from step %s: %s", r.StepName(), reason)
		}
		if failed != nil {
			r.FailedTask = failed
		}
		r.StartRollback(cause, reason, d.now())
		return nil
	})
	return err
}

func (d *Driver) starting(ctx context.Context, r *Rollout) error {
	svc := r.Service
	since := d.now()
	var ref marathon.DeploymentRef
	app := d.App
	if app == nil {
		_, err := d.Marathon.App(ctx, r.Canary.App)
		switch {
		case marathon.IsNotFound(err):
			// The deploying process stopped between recording the rollout
			// and creating the app: rebuild it from the recorded manifest.
			app, err = d.rebuild(ctx, r)
			if errors.Is(err, ErrCannotRebuild) {
				return d.rollback(ctx, svc, CauseStalled, err.Error())
			}
			if err != nil {
				return err
			}
			d.emit(EventInfo, "the canary app "+r.Canary.App+" was never created: creating it from "+r.Source.Manifest, r, nil)
		case err != nil:
			return err
		}
	}
	if app != nil {
		// PUT creates the app or replaces a leftover: both idempotent.
		var err error
		ref, err = d.Marathon.UpdateApp(ctx, app, true)
		var ie *marathon.InvalidError
		if errors.As(err, &ie) {
			// Nothing was created; the caller maps the 422 to the
			// manifest's lines (exit 2) once the record is rolled back.
			d.startErr = err
			return d.rollback(ctx, svc, CauseStalled, "Marathon rejected the canary app: "+ie.Message)
		}
		var ae *marathon.AuthError
		if errors.As(err, &ae) {
			// Refused before anything was created (401/403): nothing to
			// resume with this credential, and nothing may be left
			// active to block the next command (the one guard). The
			// caller returns the refusal itself (exit 1, its hint).
			d.startErr = fmt.Errorf("creating the canary app %s: %w", app.ID, err)
			return d.rollback(ctx, svc, CauseStalled, "Marathon refused to create the canary app: "+ae.Error())
		}
		if err != nil {
			return fmt.Errorf("creating the canary app %s: %w", app.ID, err)
		}
	}
	d.emit(EventInfo, "waiting for "+r.Canary.App+" to be healthy", r, nil)
	spec := marathon.WaitSpec{AppID: r.Canary.App, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: d.ProgressDeadline, Since: since, Settle: d.Settle, OnProgress: d.waitReport(r, r.Canary.App)}
	if _, err := d.Marathon.WaitDeployment(ctx, spec); err != nil {
		var se *marathon.StallError
		if errors.As(err, &se) {
			reason := "the canary did not become healthy: " + se.Why()
			return d.rollbackFailed(ctx, svc, CauseStalled, reason, se.Progress.FailedTask,
				Check{Step: StepStarting, Name: "healthy", Verdict: VerdictFail, Time: d.now(), Message: reason})
		}
		return err
	}
	return d.advance(ctx, r)
}

// rebuild builds the canary app definition again for a resumed rollout.
func (d *Driver) rebuild(ctx context.Context, r *Rollout) (*marathon.App, error) {
	again := "deploy again"
	if r.Command != "" {
		again = "run the deploy again: " + r.Command
	}
	never := "the canary app " + r.Canary.App + " was never created (the deploying process stopped first)"
	if d.BuildApp == nil || r.Source == nil {
		return nil, fmt.Errorf("%w: %s and the rollout record does not say how to build it; %s", ErrCannotRebuild, never, again)
	}
	app, err := d.BuildApp(ctx, r)
	if errors.Is(err, ErrCannotRebuild) {
		return nil, fmt.Errorf("%s and %w; %s", never, err, again)
	}
	return app, err
}

func (d *Driver) isolated(ctx context.Context, r *Rollout) error {
	svc := r.Service
	// Where a person can try the canary now (a manual gate waits for
	// them): through the LB with the canary header, or a TCP port's
	// isolated port.
	if t := d.Target; t.URL != "" {
		where := "on " + strings.TrimPrefix(t.URL, "http://") + " (the isolated port)"
		if t.HeaderName != "" {
			where = "at " + t.URL + " with the header " + t.HeaderName + ": " + t.HeaderValue
		}
		d.emit(EventInfo, "isolated: "+r.Canary.App+" answers "+where, r, nil)
	}
	var checks []Check
	failed := ""
	for _, c := range r.Settings.Smoke {
		res := RunSmoke(ctx, c, d.Target, StepIsolated)
		checks = append(checks, res)
		d.emit(EventCheck, res.Name+": "+res.Verdict+" ("+res.Message+")", r, nil)
		if res.Verdict != VerdictPass && failed == "" {
			failed = res.Name + ": " + res.Message
		}
	}
	if r.Settings.Command != "" && failed == "" {
		if runningAsRoot() {
			d.emit(EventWarning, "isolated.command runs as root: root reads any process's environment, so it can read yodel's (the realm's credentials among it) whatever yodel hides; run deploys as an unprivileged user", r, nil)
		}
		res := RunCommand(ctx, r.Settings.Command, d.Target, d.Dir, nil, StepIsolated, r.Settings.PassEnv...)
		checks = append(checks, res)
		d.emit(EventCheck, res.Name+": "+res.Verdict+" ("+res.Message+")", r, nil)
		if res.Verdict != VerdictPass {
			failed = res.Name + ": " + res.Message
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed != "" {
		return d.rollback(ctx, svc, CauseCheckFailed, "smoke check failed: "+failed, checks...)
	}
	_, nr, err := d.update(ctx, svc, func(_ *state.Routing, cur *Rollout) error {
		if cur.StepName() != r.StepName() {
			return ErrUnchanged
		}
		for _, c := range checks {
			cur.AddCheck(c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return d.advance(ctx, nr)
}

// partial watches one partial step: a judgement every interval (and at the
// end), control commands in between.
func (d *Driver) partial(ctx context.Context, r *Rollout) error {
	svc := r.Service
	var lastWarn string
	// An lb agent restarting (or briefly unreachable) must not end the
	// rollout: the step keeps its share, the read is tried again at the
	// next poll, and --timeout bounds the wait.
	sampleFailed := func(err error) {
		if msg := "reading the lb agents' counters: " + err.Error(); msg != lastWarn {
			d.emit(EventWarning, msg+" (trying again)", r, nil)
			lastWarn = msg
		}
	}
	// watching: this driver has read the counters without a failure since
	// the step's last judgement (or since it started the step itself).
	// However slowly it polls then, the canary is watched: the counters
	// are cumulative and the next judgement covers the time between. Only
	// the time before this driver took over, or since a failed read,
	// extends the step (extendUnwatched).
	watching := d.entered.is(r)
	if r.Window == nil {
		base, err := d.Stats.Sample(ctx, svc)
		for err != nil {
			sampleFailed(err)
			watching = false
			if err := d.sleep(ctx, d.poll()); err != nil {
				return err
			}
			base, err = d.Stats.Sample(ctx, svc)
		}
		_, nr, err := d.update(ctx, svc, func(_ *state.Routing, r *Rollout) error {
			if r.Step != StepPartial || r.Window != nil {
				return ErrUnchanged
			}
			// The step is watched from here, once every lb agent routes
			// its share: the time before (an HAProxy reload, a wait for a
			// lagging agent, both slow on a busy host) sent the canary
			// little or nothing and does not count toward its duration.
			now := d.now()
			r.Window = NewWindow(base)
			r.Window.Started = now
			r.PausedFor += jsondur.Duration(r.Elapsed(now))
			return nil
		})
		if err != nil {
			return err
		}
		r = nr
		d.startLatency(r, base)
	}
	for {
		if !r.Active() || r.Step != StepPartial {
			return nil
		}
		now := d.now()
		if !watching {
			if nr := d.extendUnwatched(ctx, r, now); nr != nil {
				r = nr
			}
		}
		// The step's time is up (or promoted): one final judgement moves
		// it on. Paused or waiting at the full gate, it keeps being judged
		// every interval: a canary with traffic is never left unwatched.
		due := now.Sub(r.lastLook()) >= r.Settings.Interval.D()
		// A promoted step whose end was extended (too few requests to
		// judge) is judged again an interval later, as one whose time
		// ran out: judged at every poll, it would spend maxExtension in
		// a moment and roll back a canary nobody had watched longer.
		promoted := r.PromoteStep && (r.Window == nil || r.Window.Extended == 0 || due)
		final := !r.Paused && r.Gate == "" && (promoted || r.Remaining(now) == 0)
		if final || due {
			moved, err := d.judge(ctx, r, final)
			var se *sampleError
			if errors.As(err, &se) {
				sampleFailed(se.err) // judged again after the poll below
				watching = false
			} else if err != nil || moved {
				return err
			} else {
				watching = true
			}
		}
		if err := d.sleep(ctx, d.poll()); err != nil {
			return err
		}
		_, cur, err := Load(ctx, d.Store, svc)
		if err != nil {
			return err
		}
		if cur == nil || cur.StepName() != r.StepName() || !cur.StepStarted.Equal(r.StepStarted) {
			return nil // moved on (abort, or another driver)
		}
		r = cur
	}
}

// extendUnwatched extends the partial step by the time nobody judged it:
// the counters could not be read (store or agents unreachable) or no driver
// ran (the deploying CLI was killed, resume came later). A step's duration
// is the time the canary was watched, so a step that ran out while nobody
// looked ends with a real sample, not an inconclusive one. partial calls it
// only when this driver has not been watching (resumed, or a failed read):
// a driver that polls slowly (a busy machine) still watches. Two intervals
// of slack separate an outage from ordinary polling; the extension is
// written durably, and skipped (tried again next poll) if the store
// refuses it.
func (d *Driver) extendUnwatched(ctx context.Context, r *Rollout, now time.Time) *Rollout {
	if r.Paused || r.Gate != "" || r.PromoteStep {
		return nil
	}
	gap := now.Sub(r.lastLook()) - 2*r.Settings.Interval.D()
	if gap <= 0 {
		return nil
	}
	_, nr, err := d.update(ctx, r.Service, func(_ *state.Routing, cur *Rollout) error {
		if cur.StepName() != r.StepName() || !cur.StepStarted.Equal(r.StepStarted) || !cur.LastJudged.Equal(r.LastJudged) {
			return ErrUnchanged
		}
		cur.PausedFor += jsondur.Duration(gap)
		cur.LastJudged = now.Add(-r.Settings.Interval.D()) // judged again at once
		return nil
	})
	if err != nil || nr == nil {
		return nil
	}
	d.emit(EventWarning, fmt.Sprintf("nobody watched the canary for %s (no counters, or no deploying CLI): step %s is extended by as much", gap.Round(100*time.Millisecond), r.StepName()), nr, nil)
	return nr
}

// sampleError is a failed read of the agents' counters: partial retries it.
type sampleError struct{ err error }

func (e *sampleError) Error() string { return "reading the lb agents' counters: " + e.err.Error() }
func (e *sampleError) Unwrap() error { return e.err }

// judge takes a sample, judges it and writes the result; on failure the
// same write rolls back. It reports whether the step ended.
func (d *Driver) judge(ctx context.Context, r *Rollout, final bool) (bool, error) {
	svc := r.Service
	sample, err := d.Stats.Sample(ctx, svc)
	if err != nil {
		return false, &sampleError{err}
	}
	if known := d.knownAgents(); len(sample.Agents) == 0 && len(known) > 0 {
		// No agent registered, but these routed the rollout: their
		// sessions expired (ZooKeeper restarted, an agent frozen) and
		// they re-register when they can. Their counters are unknown, not
		// zero: judged as none, the step would end with "0 canary
		// requests" and roll back a canary that served its share all along.
		return false, &sampleError{fmt.Errorf("no lb agent is registered now, and %s routed this rollout: its counters are unknown until it is back", strings.Join(known, ", "))}
	}
	// An agent may register and vanish again within one partial step.
	d.rememberLive(ctx)
	tasks, err := d.taskHealth(ctx, r)
	if err != nil {
		return false, err
	}
	w := *r.Window
	w.Totals = cloneTotals(r.Window.Totals)
	totals := w.Add(sample)
	if tasks.Healthy < tasks.Wanted {
		w.UnhealthyFor++
	} else {
		w.UnhealthyFor = 0
	}
	tasks.UnhealthyFor = w.UnhealthyFor
	extendable := r.Settings.MaxExtension > 0 && w.Extended+r.Settings.Interval <= r.Settings.MaxExtension
	w.Metrics = d.measureMetrics(ctx, r, r.Window.Metrics)
	j := JudgeMetrics(r.Settings, r.StepName(), totals, d.latencyFor(r, sample), w.Metrics, tasks, final, extendable, d.now())
	d.emit(EventJudgement, j.Summary(), r, cloneTotals(totals))
	if j.Verdict == VerdictPending { // an extended end too; not a judged one
		d.warnThinTraffic(r, totals[TrackCanary], d.now())
	}
	moved := false
	_, nr, err := d.update(ctx, svc, func(_ *state.Routing, cur *Rollout) error {
		if cur.StepName() != r.StepName() || !cur.StepStarted.Equal(r.StepStarted) {
			return ErrUnchanged
		}
		ww := w
		ww.Totals = cloneTotals(w.Totals)
		cur.Window = &ww
		cur.Judgements++
		cur.LastJudged = j.Time
		for _, c := range j.Checks {
			cur.AddCheck(c)
		}
		switch {
		case j.Verdict == VerdictFail:
			reason := j.Failed.Name + ": " + j.Failed.Message
			cur.StartRollback(CauseCheckFailed, reason, d.now())
			moved = true
		case j.Extend:
			// Watched one interval more: the step's clock is set back.
			cur.Window.Extended += cur.Settings.Interval
			cur.PausedFor += cur.Settings.Interval
		case final:
			moved = cur.Advance(d.now()) // false at a gate: judged on until promoted
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if nr != nil && nr.Gate != "" && nr.Gate != r.Gate {
		d.emit(EventInfo, "waiting at manual gate "+nr.Gate+": run `yodel canary promote "+svc+d.realmFlag(nr)+"`", nr, nil)
	}
	return moved, nil
}

// warnThinTraffic says once a step, as soon as two intervals give a pace,
// that the canary's share of the traffic will not reach minRequests by the
// step's latest end (its duration and what maxExtension has left): the
// step then ends inconclusive, and with onInconclusive fail it is rolled
// back after waiting all that time. A QA realm with little traffic meets
// this first; the user can act now instead of in ten minutes.
func (d *Driver) warnThinTraffic(r *Rollout, can Counters, now time.Time) {
	plan := r.Settings
	elapsed := r.Elapsed(now)
	key := stepKey{r.StepName(), r.StepStarted}
	if r.Step != StepPartial || can.Requests >= int64(plan.MinRequests) || elapsed < 2*plan.Interval.D() || d.thinWarned == key {
		return
	}
	left := r.Remaining(now)
	if r.Window != nil {
		left += max(plan.MaxExtension.D()-r.Window.Extended.D(), 0)
	}
	pace := float64(can.Requests) / elapsed.Seconds()
	projected := int64(float64(can.Requests) + pace*left.Seconds())
	if projected >= int64(plan.MinRequests) {
		return
	}
	d.thinWarned = key
	then := "it is rolled back then (onInconclusive: fail)"
	if plan.OnInconclusive == "pass" {
		then = "it goes on unjudged then (onInconclusive: pass)"
	}
	d.emit(EventWarning, fmt.Sprintf("%s: %s in %s (%.2f/s at %g%% of the traffic): at this pace about %d by the step's latest end in %s, fewer than minRequests %d, and the step ends inconclusive: %s. Send the service traffic, or stop waiting: yodel canary abort %s%s, then deploy again with a lower canary.partial.minRequests or onInconclusive: pass (or --skip-partial, recorded in history; a promote still waits for the requests)",
		r.StepName(), counted(can.Requests, "canary request"), elapsed.Round(time.Second), pace, r.Weight, projected, left.Round(time.Second), plan.MinRequests, then, r.Service, d.realmFlag(r)), r, nil)
}

func cloneTotals(m map[string]Counters) map[string]Counters {
	out := make(map[string]Counters, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// taskHealth reads the canary's tasks; failures count from the step start.
func (d *Driver) taskHealth(ctx context.Context, r *Rollout) (TaskHealth, error) {
	app, err := d.Marathon.App(ctx, r.Canary.App)
	if marathon.IsNotFound(err) {
		return TaskHealth{Wanted: r.Canary.Instances, LastFailure: "the canary app " + r.Canary.App + " is gone from Marathon", Failures: 1}, nil
	}
	if err != nil {
		return TaskHealth{}, fmt.Errorf("reading the canary app: %w", err)
	}
	h := TaskHealth{Wanted: app.WantedInstances()}
	for _, t := range app.Tasks {
		if marathon.TaskRunning(t) {
			h.Running++
		}
		if app.TaskHealthy(t) {
			h.Healthy++
		}
	}
	if f := app.LastTaskFailure; f != nil {
		if ts, err := time.Parse(time.RFC3339Nano, f.Timestamp); err == nil && ts.After(r.StepStarted) {
			h.Failures = 1
			h.LastFailure = strings.TrimSpace(f.State + " " + f.Message)
		}
	}
	return h, nil
}

func (d *Driver) waitHealthy(ctx context.Context, r *Rollout, app string, ref marathon.DeploymentRef, n int) error {
	spec := marathon.WaitSpec{AppID: app, DeploymentID: ref.ID, Version: ref.Version, WantInstances: n,
		ProgressDeadline: d.ProgressDeadline, Since: d.now(), Settle: d.Settle, OnProgress: d.waitReport(r, app)}
	_, err := d.Marathon.WaitDeployment(ctx, spec)
	var se *marathon.StallError
	if errors.As(err, &se) && r.RollbackAllowed() {
		reason := "scaling the canary stalled: " + se.Why()
		return d.rollbackFailed(ctx, r.Service, CauseStalled, reason, se.Progress.FailedTask)
	}
	return err
}

// waitReport says, while app's tasks start or scale, why they are not
// healthy yet: a failing health check once per cause (the counts in it
// change with every check), and each task failure once. The stall that
// rolls back says it again; without these the minutes of a health
// check's grace period and kills passed in silence.
func (d *Driver) waitReport(r *Rollout, app string) func(marathon.Progress) {
	var cause, failure string
	return func(p marathon.Progress) {
		if c := marathon.TrimTaskCount(p.HealthCheckFailure); c != "" && c != cause {
			d.emit(EventWarning, app+": failing "+p.HealthCheckFailure, r, nil)
		}
		cause = marathon.TrimTaskCount(p.HealthCheckFailure)
		if p.LastFailure != "" && p.LastFailure != failure {
			failure = p.LastFailure
			d.emit(EventWarning, app+": task failure: "+p.LastFailure, r, nil)
		}
	}
}

// drain waits until the old servers have no sessions left, up to the
// drain timeout counted from the step's start (so a resumed drain does not
// start over).
func (d *Driver) drain(ctx context.Context, r *Rollout) {
	deadline := r.StepStarted.Add(r.Settings.DrainTimeout.D())
	start := d.now()
	var sessions int64 = -1
	for {
		s, err := d.Stats.Sample(ctx, r.Service)
		if err == nil {
			sessions = s.Sum()[TrackStable].Sessions
			if sessions == 0 {
				break
			}
		}
		if !d.now().Before(deadline) || d.sleep(ctx, d.poll()) != nil {
			break
		}
	}
	c := Check{Step: StepDrain, Name: "drain", Time: start, Duration: jsondur.Duration(d.now().Sub(start)), Verdict: VerdictPass,
		Figures: map[string]float64{"sessionsLeft": float64(max(sessions, 0))}}
	switch {
	case sessions == 0:
		c.Message = "no sessions left on " + r.Stable.App
	case sessions < 0:
		c.Message = "could not read the agents' session counts; waited " + r.Settings.DrainTimeout.String()
	default:
		c.Message = fmt.Sprintf("drain timeout %s: %d sessions left on %s are cut", r.Settings.DrainTimeout, sessions, r.Stable.App)
	}
	d.emit(EventCheck, c.Name+": "+c.Message, r, nil)
	if ctx.Err() == nil {
		_, _, _ = d.update(ctx, r.Service, func(_ *state.Routing, cur *Rollout) error {
			if cur.Step != StepDrain {
				return ErrUnchanged
			}
			cur.AddCheck(c)
			return nil
		})
	}
}

// drainApp drains every task of app id (d.Drain) before it is deleted.
func (d *Driver) drainApp(ctx context.Context, r *Rollout, id string) error {
	if d.Drain == nil || id == "" {
		return nil
	}
	app, err := d.Marathon.App(ctx, id)
	if marathon.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s before draining it: %w", id, err)
	}
	ids := drain.TaskIDs(app)
	if len(ids) == 0 {
		return nil
	}
	res, err := d.Drain.Drain(ctx, r.Service, ids, drain.Grace(app), nil)
	if err != nil {
		return err
	}
	if !res.NoAgents {
		d.emit(EventInfo, fmt.Sprintf("drained %d task(s) of %s on every lb agent in %s", len(ids), id, res.Waited.Round(time.Millisecond)), r, nil)
	}
	return nil
}

func (d *Driver) deleteApp(ctx context.Context, r *Rollout, id string) error {
	if id == "" {
		return nil
	}
	// An app never created (Marathon refused it) is not deleted: a
	// credential that may read but not write would be refused the
	// DELETE (authorisation comes before existence) and leave the
	// rollout stuck rolling back.
	if _, err := d.Marathon.App(ctx, id); marathon.IsNotFound(err) {
		return nil
	}
	ref, err := d.Marathon.DeleteApp(ctx, id, true)
	if marathon.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("deleting %s: %w", id, err)
	}
	d.emit(EventInfo, "deleting "+id, r, nil)
	_, err = d.Marathon.WaitDeployment(ctx, marathon.WaitSpec{AppID: id, DeploymentID: ref.ID, WantInstances: 0, Since: d.now()})
	if err != nil && !marathon.IsNotFound(err) {
		return fmt.Errorf("waiting for %s to be deleted: %w", id, err)
	}
	return nil
}

// realmFlag is the --realm of the commands the driver's messages suggest:
// the realm as the user named it, else the rollout's realm.
func (d *Driver) realmFlag(r *Rollout) string {
	switch {
	case d.RealmArg != "":
		return " --realm " + d.RealmArg
	case r != nil && r.Realm != "":
		return " --realm " + r.Realm
	}
	return ""
}
