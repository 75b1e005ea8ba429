package marathon

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
)

// WaitSpec says what deployment to wait for and what counts as done.
type WaitSpec struct {
	AppID string
	// DeploymentID and Version come from the DeploymentRef of the change.
	// Either may be empty: without an id, "no deployment on the app" is
	// required; without a version the app's current config is the target.
	DeploymentID string
	Version      string
	// WantInstances is the number of healthy current tasks that means done;
	// 0 means no task must remain (destroy, scale to 0); negative means the
	// app's instances setting.
	WantInstances int
	// ProgressDeadline: no change in task counts or deployment step for this
	// long is a stall (0: never).
	ProgressDeadline time.Duration
	// MaxTaskFailures current-version task failures are a stall (default 3).
	MaxTaskFailures int
	// Since is when the change was made; older task failures are ignored
	// (default: when WaitDeployment is called).
	Since time.Time
	// Settle: the done condition must hold this long, with no task of the
	// new version failing meanwhile, before success. Without health checks
	// Marathon counts a task as up once it runs, so a task that crashes a
	// moment after starting would otherwise pass; give a few seconds there.
	Settle time.Duration
	// PollInterval is the polling period while the event stream is down
	// (default 1s). While it is up, polls follow events, plus one every 10s.
	PollInterval time.Duration
	// OnProgress is called, from the waiting goroutine, whenever the
	// progress changes. It must return quickly.
	OnProgress func(Progress)
}

// Progress is a snapshot of a deployment for live views.
type Progress struct {
	AppID        string         `json:"appId"`
	DeploymentID string         `json:"deploymentId,omitempty"`
	Wanted       int            `json:"wanted"`
	Versions     []VersionCount `json:"versions"`
	// Current-config task counts, and tasks of older configurations left.
	Staged  int `json:"staged"`
	Running int `json:"running"`
	Healthy int `json:"healthy"`
	Old     int `json:"old"`
	// OldUnreachable are older tasks whose agent Mesos lost: a wait does
	// not wait for them. Marathon's own deployment neither kills nor waits
	// for them (1.4 TaskReplaceActor replaces active instances only) and
	// lists them until it expunges them, minutes later; the wait expunges
	// them when it ends.
	OldUnreachable int `json:"oldUnreachable,omitempty"`
	// Expunged: the unreachable old tasks the ended wait removed from
	// Marathon's state (waiter.expungeUnreachable).
	Expunged []string `json:"expunged,omitempty"`

	Step           int      `json:"step,omitempty"`
	TotalSteps     int      `json:"totalSteps,omitempty"`
	StepActions    []string `json:"stepActions,omitempty"`
	DeploymentDone bool     `json:"deploymentDone"`
	TaskFailures   int      `json:"taskFailures"`
	LastFailure    string   `json:"lastTaskFailure,omitempty"`
	// FailedTask is the task of LastFailure: where its output is read
	// (the Mesos agent keeps a finished task's sandbox for a while).
	FailedTask *TaskRef `json:"failedTask,omitempty"`
	// HealthCheckFailure: why current tasks fail their health check
	// (App.FailingHealthCheck), before Marathon kills any for it.
	HealthCheckFailure string           `json:"healthCheckFailure,omitempty"`
	Recent             []RecentEvent    `json:"recent,omitempty"`
	Elapsed            jsondur.Duration `json:"elapsed"`
	// Polling: the event stream is down and progress comes from polling.
	Polling bool `json:"polling"`
	// Err is the last transient error (Marathon unreachable during a leader
	// change, say); waiting goes on.
	Err  string `json:"error,omitempty"`
	Done bool   `json:"done"`
}

// TaskRef names a task and where it ran.
type TaskRef struct {
	ID      string `json:"id"`
	Host    string `json:"host,omitempty"`
	SlaveID string `json:"slaveId,omitempty"`
	// HealthCheck is set when Marathon killed the task for failing its
	// health check: the check and its last answer ("HTTP /healthz: 404
	// Not Found"). The fix is then in the manifest's health check or in
	// what the service answers there, not in why the process exited.
	HealthCheck string `json:"healthCheck,omitempty"`
}

// RecentEvent is a line of the event log a live view shows.
type RecentEvent struct {
	Time time.Time `json:"time"`
	Text string    `json:"text"`
}

// Outcome is how a wait ended.
type Outcome struct {
	Progress Progress
	Elapsed  time.Duration
}

// StallError: the deployment cannot finish by itself (Marathon never fails
// a deployment): new tasks keep failing, or nothing moved within the
// progress deadline. The caller rolls back.
type StallError struct {
	AppID           string
	Reason          string
	LastTaskFailure string
	Progress        Progress
}

func (e *StallError) Error() string {
	return fmt.Sprintf("deployment of %s stalled: %s", e.AppID, e.Why())
}

// Why is the stall's reason with the failing task's last message: what
// every rollback says.
func (e *StallError) Why() string {
	why := e.Reason
	// Unless a health kill, the last failure, says it already.
	if f := e.Progress.HealthCheckFailure; f != "" && !strings.Contains(e.LastTaskFailure, TrimTaskCount(f)) {
		why += "; failing " + f
	}
	if e.LastTaskFailure != "" {
		why += "; last task failure: " + e.LastTaskFailure
	}
	return why
}

// TrimTaskCount is a FailingHealthCheck without its task count: the check
// and the cause.
func TrimTaskCount(f string) string {
	if i := strings.LastIndex(f, " ("); i >= 0 {
		return f[:i]
	}
	return f
}

// DeploymentFailedError: Marathon reported the deployment failed (it was
// cancelled, or superseded by another change of the app).
type DeploymentFailedError struct {
	AppID, DeploymentID string
	Reason              string
}

func (e *DeploymentFailedError) Error() string {
	return fmt.Sprintf("deployment %s of %s failed: %s", e.DeploymentID, e.AppID, e.Reason)
}

var waitEventTypes = []string{
	EventStatusUpdate, EventHealthStatusChanged, EventInstanceHealthChanged,
	EventUnhealthyInstanceKill, EventFailedHealthCheck, EventAppTerminated,
	EventDeploymentInfo, EventDeploymentSuccess, EventDeploymentFailed,
	EventDeploymentStepSuccess, EventDeploymentStepFailure,
}

const (
	safetyPollInterval = 10 * time.Second
	recentEvents       = 8
)

// WaitDeployment waits until the deployment is done: every task of the
// current configuration running (and healthy, with health checks), at
// least WantInstances of them, no task of an older configuration left, and
// the deployment gone. Events drive it (each relevant one triggers a
// re-read of the app, coalesced under load); while the stream is down it
// polls. It returns a *StallError on a stall, a *DeploymentFailedError when
// Marathon fails the deployment, and ctx's error, wrapped, when ctx ends.
func (c *Client) WaitDeployment(ctx context.Context, spec WaitSpec) (Outcome, error) {
	id, err := normAppID(spec.AppID)
	if err != nil {
		return Outcome{}, err
	}
	spec.AppID = id
	if spec.MaxTaskFailures <= 0 {
		spec.MaxTaskFailures = 3
	}
	if spec.PollInterval <= 0 {
		spec.PollInterval = time.Second
	}
	if spec.Since.IsZero() {
		spec.Since = time.Now()
	}
	w := &waiter{c: c, spec: spec, start: time.Now(), failures: map[string]bool{}, cutoff: spec.Version}
	w.lastMove = w.start

	ectx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := c.watchEvents(ectx, waitEventTypes...)

	timer := time.NewTimer(0) // first poll now
	defer timer.Stop()
	next := time.Now()
	schedule := func(d time.Duration) {
		at := time.Now().Add(d)
		if at.Before(next) || !next.After(time.Now()) {
			next = at
			timer.Reset(d)
		}
	}
	tick := time.NewTicker(tickFor(spec.ProgressDeadline))
	defer tick.Stop()

	for {
		select {
		case <-ctx.Done():
			return w.outcome(), fmt.Errorf("waiting for the deployment of %s: %w", id, ctx.Err())
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			urgent, relevant := w.observe(ev)
			if err := w.failed(); err != nil {
				return w.outcome(), err
			}
			switch {
			case urgent:
				schedule(0)
			case relevant:
				schedule(w.gap())
			}
			if ev.Type == EventStreamDown {
				schedule(spec.PollInterval)
			}
			w.report()
		case <-timer.C:
			next = time.Time{}
			done, err := w.poll(ctx)
			if err != nil || done {
				return w.outcome(), err
			}
			if err := w.failed(); err != nil {
				return w.outcome(), err
			}
			w.report()
			if w.polling || !w.attached {
				schedule(spec.PollInterval)
			} else {
				schedule(safetyPollInterval)
			}
			if w.recheck > 0 {
				schedule(w.recheck)
			}
		case <-tick.C:
			if err := w.failed(); err != nil {
				return w.outcome(), err
			}
		}
	}
}

func tickFor(deadline time.Duration) time.Duration {
	if deadline <= 0 {
		return time.Hour
	}
	return min(max(deadline/10, 10*time.Millisecond), time.Second)
}

type waiter struct {
	c     *Client
	spec  WaitSpec
	start time.Time

	p      Progress
	cutoff string // config version of the current tasks
	// attached: the event stream is connected. Until it first is, the
	// waiter polls at PollInterval but does not call the stream down: the
	// first poll runs while the stream is still connecting, and a view
	// saying "event stream down" on every deploy would be a false alarm.
	attached bool
	// polling: the stream broke (or could not connect): progress comes
	// from polling, and views say so.
	polling  bool
	sig      string
	lastMove time.Time
	lastPoll time.Duration
	lastKey  string

	doneSince time.Time     // when the done condition started to hold (Settle)
	recheck   time.Duration // poll again this soon (end of the Settle window)

	failures      map[string]bool // failed current-version task ids
	fatal         error
	depDone       bool
	unhealthyKill map[string]string // task id -> the failing check, for fail
	// check names the app's (first) health check as the user wrote it
	// ("HTTP /health"), from the last poll: a kill's cause names it.
	check string
}

// gap is how long to coalesce event-triggered polls: a few times what the
// last poll took, so thousands of task events do not mean thousands of
// reads of a large app.
func (w *waiter) gap() time.Duration {
	return min(max(3*w.lastPoll, 20*time.Millisecond), time.Second)
}

func (w *waiter) ours(appID string) bool { return appID == w.spec.AppID }

func (w *waiter) ourDeployment(d *DeploymentEvent) bool {
	if w.spec.DeploymentID != "" {
		return d.ID == w.spec.DeploymentID
	}
	return d.Affects(w.spec.AppID)
}

// current reports whether an event's task version is of the target config.
// Unknown versions do not count: better a late stall than a false one.
func (w *waiter) current(v string) bool {
	return v != "" && w.cutoff != "" && !versionBefore(v, w.cutoff)
}

func (w *waiter) remember(ev Event) {
	t := ev.Timestamp
	if t.IsZero() {
		t = time.Now()
	}
	w.p.Recent = append(w.p.Recent, RecentEvent{Time: t, Text: ev.Summary()})
	if n := len(w.p.Recent); n > recentEvents {
		w.p.Recent = append([]RecentEvent(nil), w.p.Recent[n-recentEvents:]...)
	}
}

func (w *waiter) fail(task TaskRef, msg string) {
	if task.ID == "" || w.failures[task.ID] {
		return
	}
	w.failures[task.ID] = true
	w.p.TaskFailures = len(w.failures)
	w.doneSince = time.Time{}
	if msg != "" {
		w.p.LastFailure = msg
		w.p.FailedTask = &task
	}
}

// observe folds an event in; urgent asks for a poll now, relevant for a
// coalesced one.
func (w *waiter) observe(ev Event) (urgent, relevant bool) {
	switch ev.Type {
	case EventStreamDown:
		w.polling, w.attached = true, false
		w.remember(ev)
		return false, false
	case EventResync:
		w.polling, w.attached = false, true
		w.remember(ev)
		return true, false
	}
	if d := ev.Deployment; d != nil {
		if !w.ourDeployment(d) {
			return false, false
		}
		w.remember(ev)
		switch ev.Type {
		case EventDeploymentSuccess:
			w.depDone = true
			return true, true
		case EventDeploymentFailed:
			reason := d.Reason
			if reason == "" {
				reason = "cancelled or overridden by another deployment"
			}
			w.fatal = &DeploymentFailedError{AppID: w.spec.AppID, DeploymentID: d.ID, Reason: reason}
			return false, false
		case EventDeploymentInfo:
			w.p.StepActions = actionStrings(d.CurrentStep)
			if w.p.TotalSteps == 0 {
				w.p.TotalSteps = len(d.Steps)
			}
		}
		return false, true
	}
	if !w.ours(ev.AppID()) {
		return false, false
	}
	w.remember(ev)
	switch {
	case ev.StatusUpdate != nil:
		s := ev.StatusUpdate
		if w.current(s.Version) {
			switch s.TaskStatus {
			case "TASK_FAILED", "TASK_ERROR", "TASK_DROPPED":
				w.fail(TaskRef{ID: s.TaskID, Host: s.Host, SlaveID: s.SlaveID}, fmt.Sprintf("%s %s: %s", s.TaskID, s.TaskStatus, s.Message))
			case "TASK_KILLED":
				if check, ok := w.unhealthyKill[s.TaskID]; ok {
					w.fail(TaskRef{s.TaskID, s.Host, s.SlaveID, check}, fmt.Sprintf("%s killed for failing health checks", s.TaskID))
				}
			}
		}
	case ev.HealthFailure != nil && ev.HealthFailure.Kill:
		h := ev.HealthFailure
		if w.current(h.Version) {
			check, what := "health checks", "health check"
			if w.check != "" {
				check, what = "health check "+w.check+":", w.check
			}
			if h.Reason != "" {
				what += ": " + h.Reason
			}
			if w.unhealthyKill == nil {
				w.unhealthyKill = map[string]string{}
			}
			w.unhealthyKill[h.TaskID] = what
			w.fail(TaskRef{ID: h.TaskID, Host: h.Host, HealthCheck: what}, fmt.Sprintf("%s killed for failing %s %s", h.TaskID, check, h.Reason))
		}
	case ev.AppTerminated != nil:
		return true, true
	}
	return false, true
}

// CountTasks sets the task counts of p from app's tasks read at now: per
// version, the current configuration's staged, running and healthy ones
// (App.TaskServing), and the older ones left. It returns the current
// tasks in no counted state (killing, unreachable…).
func (p *Progress) CountTasks(app *App, now time.Time) (other int) {
	p.Versions = app.TasksByVersion(now)
	p.Staged, p.Running, p.Healthy, p.Old, p.OldUnreachable = 0, 0, 0, 0, 0
	for _, vc := range p.Versions {
		if !vc.Current {
			p.Old += vc.Staged + vc.Running + vc.Other
			p.OldUnreachable += vc.Unreachable
			continue
		}
		p.Staged += vc.Staged
		p.Running += vc.Running
		p.Healthy += vc.Healthy
		other += vc.Other + vc.Unreachable
	}
	return other
}

// poll reads the app (and the deployment's step) and decides.
func (w *waiter) poll(ctx context.Context) (bool, error) {
	t0 := time.Now()
	app, err := w.c.App(ctx, w.spec.AppID)
	w.lastPoll = time.Since(t0)
	if ctx.Err() != nil {
		return false, fmt.Errorf("waiting for the deployment of %s: %w", w.spec.AppID, ctx.Err())
	}
	var ae *AuthError
	switch {
	case errors.As(err, &ae):
		return false, err
	case IsNotFound(err):
		if w.spec.WantInstances != 0 {
			return false, fmt.Errorf("app %s no longer exists (destroyed while waiting?): %w", w.spec.AppID, err)
		}
		return w.appGone(ctx)
	case err != nil:
		w.p.Err = err.Error()
		return false, nil
	}
	w.p.Err = ""
	w.cutoff = app.ConfigVersion()
	if w.check = ""; app.HasHealthChecks() {
		w.check = HealthCheckName((*app.HealthChecks)[0])
	}
	if w.spec.Version != "" && versionBefore(w.spec.Version, w.cutoff) {
		w.fatal = &DeploymentFailedError{AppID: w.spec.AppID, DeploymentID: w.spec.DeploymentID,
			Reason: fmt.Sprintf("superseded: the app's configuration changed again at %s (another deploy?)", w.cutoff)}
		return false, w.fatal
	}
	want := w.spec.WantInstances
	if want < 0 {
		want = app.WantedInstances()
	}
	p := &w.p
	p.AppID, p.DeploymentID, p.Wanted = w.spec.AppID, w.spec.DeploymentID, want
	other := p.CountTasks(app, time.Now())
	p.HealthCheckFailure = app.FailingHealthCheck(true)

	if f := app.LastTaskFailure; f != nil && f.TaskID != "" {
		if ts, err := parseTime(f.Timestamp); err == nil && !ts.Before(w.spec.Since) && app.IsCurrent(f.Version) {
			if health := strings.Contains(strings.ToLower(f.Message), "health"); f.State != "TASK_KILLED" || health {
				ref := TaskRef{ID: f.TaskID, Host: f.Host}
				if health && f.State == "TASK_KILLED" {
					// Polled, the task's last answer is gone with it.
					ref.HealthCheck = cmp.Or(w.check, "health check")
				}
				w.fail(ref, fmt.Sprintf("%s %s: %s", f.TaskID, f.State, f.Message))
			}
		}
	}

	gone := w.depDone
	if !gone {
		ids := app.DeploymentIDs()
		if w.spec.DeploymentID != "" {
			gone = !contains(ids, w.spec.DeploymentID)
		} else {
			gone = len(ids) == 0
		}
	}
	if !gone && w.spec.DeploymentID != "" {
		w.readStep(ctx)
	}
	p.DeploymentDone = gone
	if gone {
		p.StepActions = nil
	}
	w.moved(fmt.Sprintf("%d/%d/%d/%d/%d/%d/%d/%v", p.Staged, p.Running, p.Healthy, p.Old, p.OldUnreachable, other, p.Step, p.StepActions))

	total := p.Staged + p.Running + other + p.Old
	done := gone && p.Old == 0 && (want == 0 && total == 0 || want > 0 && p.Healthy >= want)
	w.recheck = 0
	switch {
	case !done:
		w.doneSince = time.Time{}
	case w.spec.Settle > 0 && want > 0:
		if w.doneSince.IsZero() {
			w.doneSince = time.Now()
		}
		if left := w.spec.Settle - time.Since(w.doneSince); left > 0 {
			w.recheck = left
			done = false
		}
	}
	if done {
		if p.OldUnreachable > 0 {
			w.expungeUnreachable(ctx, app)
		}
		p.Done = true
		w.report()
	}
	return done, nil
}

// expungeUnreachable removes the app's older tasks whose agent Mesos lost
// from Marathon's state (a kill with wipe: ForceExpunge, nothing sent to
// Mesos), as its own job would minutes later. Left listed, a task whose
// agent comes back first runs its old release beside the new one, and
// Marathon's next scale check kills a surplus task: by default the
// youngest, a task of the new release. Expunged, it is an unknown task
// when it reports again, and Marathon kills it. A failure is only
// reported: Marathon's job still expunges it.
func (w *waiter) expungeUnreachable(ctx context.Context, app *App) {
	var ids []string
	for _, t := range app.Tasks {
		if TaskUnreachable(t) && !app.IsCurrent(t.Version) {
			ids = append(ids, t.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	if _, err := w.c.KillTasks(ctx, ids, KillOptions{Wipe: true}); err != nil {
		w.p.Err = fmt.Sprintf("expunging %d unreachable old task(s): %v", len(ids), err)
		return
	}
	w.p.Expunged = ids
}

// appGone: a destroyed app is done once its deployment is no longer listed.
func (w *waiter) appGone(ctx context.Context) (bool, error) {
	if w.spec.DeploymentID != "" && !w.depDone {
		deps, err := w.c.Deployments(ctx)
		if err != nil {
			w.p.Err = err.Error()
			return false, nil
		}
		for _, d := range deps {
			if d.ID == w.spec.DeploymentID {
				return false, nil
			}
		}
	}
	w.p.AppID, w.p.Versions, w.p.Staged, w.p.Running, w.p.Healthy, w.p.Old, w.p.OldUnreachable = w.spec.AppID, nil, 0, 0, 0, 0, 0
	w.p.DeploymentDone, w.p.Done = true, true
	w.report()
	return true, nil
}

func (w *waiter) readStep(ctx context.Context) {
	deps, err := w.c.Deployments(ctx)
	if err != nil {
		return
	}
	for _, d := range deps {
		if d.ID != w.spec.DeploymentID {
			continue
		}
		w.p.Step, w.p.TotalSteps = d.CurrentStep, d.TotalSteps
		w.p.StepActions = actionStrings(d.CurrentActions)
	}
}

// moved resets the progress deadline when the signature changed.
func (w *waiter) moved(sig string) {
	if sig != w.sig {
		w.sig = sig
		w.lastMove = time.Now()
	}
}

// failed returns the error that ends the wait, if any.
func (w *waiter) failed() error {
	if w.fatal != nil {
		return w.fatal
	}
	if n := len(w.failures); n >= w.spec.MaxTaskFailures {
		return &StallError{AppID: w.spec.AppID, LastTaskFailure: w.p.LastFailure, Progress: w.snapshot(),
			Reason: fmt.Sprintf("%d tasks of the new version failed", n)}
	}
	if d := w.spec.ProgressDeadline; d > 0 && time.Since(w.lastMove) > d {
		p := w.snapshot()
		return &StallError{AppID: w.spec.AppID, LastTaskFailure: p.LastFailure, Progress: p,
			Reason: fmt.Sprintf("no progress for %s: %d/%d new tasks healthy, %d running, %d staged, %d old tasks left",
				d, p.Healthy, p.Wanted, p.Running, p.Staged, p.Old)}
	}
	return nil
}

func (w *waiter) snapshot() Progress {
	p := w.p
	p.Polling = w.polling
	p.Elapsed = jsondur.Duration(time.Since(w.start))
	p.Recent = append([]RecentEvent(nil), w.p.Recent...)
	return p
}

func (w *waiter) outcome() Outcome {
	return Outcome{Progress: w.snapshot(), Elapsed: time.Since(w.start)}
}

// report calls OnProgress when something a view shows changed.
func (w *waiter) report() {
	if w.spec.OnProgress == nil {
		return
	}
	p := w.snapshot()
	key := fmt.Sprintf("%s|%d|%v|%s|%v|%d|%s|%s", w.sig, p.TaskFailures, p.Polling, p.Err, p.Done, len(p.Recent), lastText(p.Recent), p.HealthCheckFailure)
	if key == w.lastKey {
		return
	}
	w.lastKey = key
	w.spec.OnProgress(p)
}

func lastText(r []RecentEvent) string {
	if len(r) == 0 {
		return ""
	}
	return r[len(r)-1].Text
}

func actionStrings(as []Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
