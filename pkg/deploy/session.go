package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Event kinds a Session reports.
const (
	// EventBegin opens the live account of a change (Action, Old and New
	// releases); EventEnd closes it.
	EventBegin = "begin"
	EventEnd   = "end"
	// EventStep is a step line; EventProgress a Marathon progress
	// snapshot; EventWarning something that went wrong on the side.
	EventStep     = "step"
	EventProgress = "progress"
	EventWarning  = "warning"
	// EventNote is something worth knowing that is not going wrong (no lb
	// agent in the realm).
	EventNote = "note"
)

// Event is something a change reports while it runs. Presenters (the CLI's
// live view, a server's log) render them; the engine never writes to a
// terminal.
type Event struct {
	Kind string
	Text string
	// Begin only.
	Action, OldRelease, NewRelease string
	// Progress only.
	Progress marathon.Progress
}

// Session is one service opened for changes: the realm's Marathon and
// store, the deployment lock (once taken), the service's rollout record as
// the guard read it, and its history record.
type Session struct {
	Service string
	Realm   *realm.Realm
	MC      Marathon
	Store   state.Store
	Lock    state.Lock // nil unless taken
	Holder  state.Holder
	// Rollout is the service's rollout record as the guard read it once
	// the lock was held (GuardAndLock); nil when there is none.
	Rollout *canary.Rollout
	// Agents makes the client of the lb agents (with the realm's agent
	// token), when a drain needs their session counts; nil: no token. Its
	// error (a token that cannot be resolved) ends a rolling deploy that
	// must drain; a scale or rollback warns and drains without the counts.
	Agents func() (*lb.Client, error)
	Now    func() time.Time
	// Report receives the session's events; nil drops them.
	Report func(Event)

	record state.Record
	// failed is the last failed task a wait of the change saw: End notes
	// it in the record of a change that did not succeed.
	failed *marathon.TaskRef
	// reason is the history message of the change under way (Change.Reason).
	reason string
	// LeftRemoved is the app an interrupted change had started beside the
	// stable app, without traffic, that GuardAndLock removed ("" for
	// none; removeLeft).
	LeftRemoved string
}

func (s *Session) emit(e Event) {
	if s.Report != nil {
		s.Report(e)
	}
}

func (s *Session) warn(format string, args ...any) {
	s.emit(Event{Kind: EventWarning, Text: fmt.Sprintf(format, args...)})
}

func (s *Session) step(text string) { s.emit(Event{Kind: EventStep, Text: text}) }

func (s *Session) progress(p marathon.Progress) { s.emit(Event{Kind: EventProgress, Progress: p}) }

// GuardAndLock runs the guard for op, takes the service's deployment lock,
// and runs the guard again: a rollout may have begun while this waited
// for the lock. The guard comes first because the lock's holder may be a
// rollout's driver, and the user needs to hear about the rollout.
func (s *Session) GuardAndLock(ctx context.Context, op Op) error {
	before, err := s.guardAfterCleanup(ctx, op)
	if err != nil {
		return err
	}
	lock, err := s.lock(ctx, before)
	var le *state.LockedError
	if errors.As(err, &le) && op == OpDestroy && before.Active() && !finishing(before) {
		// A rollout's driver holds the lock to the rollout's end, a
		// rollback window's up to a day: "wait for it to finish" is not
		// the way past it, its own controls are (as for a scale). One
		// that is finishing was waited for (guardAfterCleanup).
		return &RolloutActiveError{Op: op, Rollout: before}
	}
	if err != nil {
		return err
	}
	s.Lock = lock
	if n := state.TakeoverNotice(lock); n != "" {
		s.warn("%s", n)
	}
	s.Rollout, err = Guard(ctx, s.Store, s.Service, op)
	if err == nil && s.Rollout.Active() && s.Rollout.Step == canary.StepKept && !duringRollout[op] {
		// Holding the lock, this session is the only driver: the
		// rollback window it was let through for (over, or a rollback
		// after it) ends here before the change (window.go).
		if _, err := s.EndWindow(ctx); err != nil {
			return err
		}
		s.Rollout, err = Guard(ctx, s.Store, s.Service, op)
	}
	if err == nil {
		s.closeAbandoned(ctx)
		if op != OpDestroy {
			s.unretire(ctx)
			err = s.removeLeft(ctx)
		}
	}
	return err
}

// removeLeft deletes the other colour's app a change killed mid-way left
// beside the stable app without traffic: a rolling deploy's, rollback's
// or restart's surge app started but not yet routed (kill -9, a lost
// host), or a canary's app whose rollout was never recorded. Holding the
// lock with no rollout active, nothing else can own it, and no request
// goes to it (the routing state sends none). Left alone, a deploy of the
// stable release said "nothing to do" beside it, and a rollback rolled the
// stable release back for a change that had never touched it.
func (s *Session) removeLeft(ctx context.Context) error {
	if s.Rollout.Active() || s.MC == nil { // nil: a session of the store alone
		return nil
	}
	rt, _, err := s.Store.GetRouting(ctx, s.Service)
	if err != nil || rt.Stable == "" || rt.Canary != "" {
		return nil // no routing state (nothing surges), or traffic on it (SurgeLeft: the deploy adopts it)
	}
	other := appdef.OtherColour(s.Service, rt.Stable)
	a, err := s.MC.App(ctx, other)
	switch {
	case marathon.IsNotFound(err):
		return nil
	case err != nil:
		// Marathon cannot be read: the change would fail at its own first
		// read; said here, not swallowed.
		return err
	case a.Service() != s.Service:
		return nil
	}
	rel := orDash(a.Label(appdef.LabelRelease))
	s.step(fmt.Sprintf("removing %s (%s), which an interrupted change started beside %s and never routed", other, rel, rt.Stable))
	if err := drain.DeleteAndWait(ctx, s.MC, other); err != nil {
		return fmt.Errorf("removing the app an interrupted change left (it gets no traffic; delete it in Marathon): %w", err)
	}
	s.LeftRemoved = other + " (" + rel + ")"
	return nil
}

// unretire routes again the tasks a destroy that never finished (its
// process killed between its drain and its deletes) left drained: holding
// the lock, this change knows that destroy is over, and the service it
// changes must serve. A destroy leaves nothing to undo when it fails on
// its own (Destroy's undrain).
func (s *Session) unretire(ctx context.Context) {
	rt, _, err := s.Store.GetRouting(ctx, s.Service)
	if err != nil || !rt.Retiring {
		return
	}
	if err := s.Drainer().ForgetWith(ctx, s.Service, rt.Draining, func(rt *state.Routing) { rt.Retiring = false }); err != nil {
		s.warn("%s: a destroy that never finished left its tasks drained, and routing them again failed: %v", s.Service, err)
		return
	}
	s.warn("%s: a destroy that never finished had drained its tasks; they are routed again", s.Service)
}

// Bounds of the wait for a rollout's cleanup (guardAfterCleanup).
var (
	cleanupSettle = 2 * time.Minute
	cleanupRetry  = 250 * time.Millisecond
)

// lockProbeEvery: the cleanup wait asks for the lock at every so many
// reads of the rollout record (every 2 s).
const lockProbeEvery = 8

// guardAfterCleanup is Guard, except that a rollout in its cleanup step
// (the new release serves everything; the old app is being deleted, and
// the rollout can only finish), or promoted in its rollback window, is
// waited for while its driver holds the lock, up to cleanupSettle,
// instead of refused: a change asked for right after a promote, or from a
// second terminal as a deploy ends, would otherwise fail on a step that
// nobody can hurry. When the driver is gone (the lock is free), the
// refusal comes at once: only `canary resume` finishes that cleanup.
// A destroy, which the guard lets through beside a rollout (it closes
// it), waits the same way: the driver holds the lock to its cleanup's end,
// and a destroy that met the lock at once was refused where every other
// change waited. Without a driver it goes ahead, as beside any rollout.
func (s *Session) guardAfterCleanup(ctx context.Context, op Op) (*canary.Rollout, error) {
	guard := func() (*canary.Rollout, error) {
		r, err := Guard(ctx, s.Store, s.Service, op)
		if err == nil && op == OpDestroy && r.Active() && finishing(r) {
			err = &RolloutActiveError{Op: op, Rollout: r}
		}
		return r, err
	}
	r, err := guard()
	deadline := time.Now().Add(cleanupSettle)
	for n := 0; inCleanup(err) && time.Now().Before(deadline); n++ {
		// Whether a driver holds the lock, asked now and then (a lock
		// attempt writes to the store), not at every read of the record.
		if n%lockProbeEvery == 0 {
			lock, lerr := s.Store.Lock(ctx, s.Service, s.Holder)
			if lerr == nil {
				// Nobody drives it: say so now rather than wait.
				_ = lock.Release(ctx)
				return Guard(ctx, s.Store, s.Service, op)
			}
			if !errors.As(lerr, new(*state.LockedError)) {
				return r, err
			}
		}
		if n == 0 {
			var ae *RolloutActiveError
			errors.As(err, &ae)
			s.emit(Event{Kind: EventNote, Text: fmt.Sprintf("waiting for the rollout of %s %s to finish: it is deleting %s, the previous release's app",
				s.Service, ae.Rollout.Canary.Release, ae.Rollout.Stable.App)})
		}
		select {
		case <-ctx.Done():
			return r, err
		case <-time.After(cleanupRetry):
		}
		r, err = guard()
	}
	return r, err
}

// inCleanup: err refuses a change for a rollout at its cleanup, or in its
// rollback window with a promote asked for (its driver moves it on to the
// cleanup next).
func inCleanup(err error) bool {
	var ae *RolloutActiveError
	if !errors.As(err, &ae) {
		return false
	}
	return finishing(ae.Rollout)
}

// finishing: r can only finish, at its cleanup or promoted in its rollback
// window.
func finishing(r *canary.Rollout) bool {
	return r.Step == canary.StepCleanup || (r.Step == canary.StepKept && r.PromoteStep)
}

// abandonedScan is how many of the newest history records a change looks
// at for ones left in progress.
const abandonedScan = 10

// closeAbandoned ends the history records a dead process left in progress
// (killed, its terminal closed, its pipe broken): holding the lock, this
// session knows no other change runs, so a record in progress that is not
// the active rollout's (a detached one waits for its driver) never ends
// otherwise, and `history` would show it running for ever. It ends as an
// interrupted change does (aborted); what the process started in Marathon
// may have gone on, which the message says.
func (s *Session) closeAbandoned(ctx context.Context) {
	recs, err := s.Store.History(ctx, s.Service, abandonedScan)
	if err != nil {
		return // the change itself reads the store next, and says why
	}
	for _, r := range recs {
		if r.Outcome != state.OutcomeInProgress || (s.Rollout != nil && r.ID == s.Rollout.ID) {
			continue
		}
		last := r.Started
		for _, st := range r.Steps {
			last = latest(last, st.Started, st.Finished)
		}
		msg := fmt.Sprintf("interrupted: the process that ran it (%s) ended without recording how it ended; what it started in Marathon may have gone on (found by %s at %s)",
			orDash(r.Command), s.Holder.User+"@"+s.Holder.Host, s.Now().UTC().Format(time.RFC3339))
		r.Outcome, r.Finished = state.OutcomeAborted, last
		r.Steps = append(r.Steps, state.Step{Name: state.StepInterrupted, Started: last, Finished: last, Outcome: state.OutcomeAborted, Message: msg})
		if err := s.Store.UpdateHistory(ctx, s.Service, r); err != nil {
			s.warn("history record %s of %s is left in progress: %v", r.ID, s.Service, err)
			continue
		}
		s.warn("an earlier change of %s (%s %s, started %s by %s@%s) never ended: its process is gone; recorded as interrupted",
			s.Service, orDash(r.Strategy), orDash(r.Release), r.Started.UTC().Format(time.RFC3339), r.User, r.Host)
	}
}

func latest(t time.Time, ts ...time.Time) time.Time {
	for _, u := range ts {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// Bounds of lock's wait for the driver of a rollout that has ended.
var (
	lockSettle = 10 * time.Second
	lockRetry  = 50 * time.Millisecond
)

// lock takes the service's deployment lock. A driver records its
// rollout's end before it releases the lock (its history record and log
// come between), so a user told "done" by `canary status` may ask for the
// next change inside that window: when the lock's holder is the driver of
// ended, the rollout the guard read as over, lock waits up to lockSettle
// for the release instead of refusing a change that may go ahead.
func (s *Session) lock(ctx context.Context, ended *canary.Rollout) (state.Lock, error) {
	deadline := time.Now().Add(lockSettle)
	for told := false; ; told = true {
		lock, err := s.Store.Lock(ctx, s.Service, s.Holder)
		var le *state.LockedError
		if !errors.As(err, &le) || !endingDriver(ended, le.Holder) || !time.Now().Before(deadline) {
			return lock, err
		}
		if !told {
			s.emit(Event{Kind: EventNote, Text: fmt.Sprintf("waiting for %s@%s (pid %d, %q), whose rollout of %s has ended, to release the lock",
				le.Holder.User, le.Holder.Host, le.Holder.Pid, le.Holder.Command, s.Service)})
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(lockRetry):
		}
	}
}

// endingDriver reports whether h, the lock's holder, is the recorded driver
// of r, a rollout that has ended.
func endingDriver(r *canary.Rollout, h state.Holder) bool {
	if r == nil || r.Active() || r.Driver == nil {
		return false
	}
	d := r.Driver
	return d.Host == h.Host && d.Pid == h.Pid && d.StartedAt.Equal(h.StartedAt)
}

// agents is the lb agents' client (Agents; a plain one without).
func (s *Session) agents() (*lb.Client, error) {
	if s.Agents == nil {
		return &lb.Client{}, nil
	}
	return s.Agents()
}

// Drainer drains tasks of the session's service before they are killed,
// reporting each line as a step.
func (s *Session) Drainer() *drain.Drainer {
	agents, err := s.agents()
	if err != nil {
		// Without the token the session counts cannot be read: a drain
		// then waits its bound (the kill grace) before the kill.
		s.warn("%v", err)
		agents = &lb.Client{}
	}
	return &drain.Drainer{Store: s.Store, Client: agents, Progress: s.step}
}

// Close releases the lock and closes the store.
func (s *Session) Close() {
	s.Unlock()
	s.Store.Close()
}

// Lost is the lock's Lost channel, nil without a lock.
func (s *Session) Lost() <-chan struct{} {
	if s.Lock == nil {
		return nil
	}
	return s.Lock.Lost()
}

// Begin records an in-progress history entry (best effort).
func (s *Session) Begin(ctx context.Context, release, strategy string) {
	s.begin(ctx, state.Record{Release: release, Strategy: strategy})
}

func (s *Session) begin(ctx context.Context, r state.Record) {
	r.Service, r.User, r.Host, r.Command = s.Service, s.Holder.User, s.Holder.Host, s.Holder.Command
	r.Started, r.Outcome = s.Now(), state.OutcomeInProgress
	s.record, s.failed = r, nil
	id, err := s.Store.AppendHistory(ctx, s.Service, s.record)
	if err != nil {
		s.warn("history not recorded: %v", err)
		return
	}
	s.record.ID = id
}

// End completes the history entry with an outcome.
func (s *Session) End(outcome, msg string) {
	if s.record.ID == "" {
		return
	}
	switch {
	case s.reason != "" && msg == "":
		msg = s.reason
	case s.reason != "":
		msg += " (" + s.reason + ")"
	}
	now := s.Now()
	s.record.Finished, s.record.Outcome = now, outcome
	if f := s.failed; f != nil && outcome != state.OutcomeSucceeded {
		s.record.FailedTask = &state.TaskRef{ID: f.ID, Host: f.Host, AgentID: f.SlaveID}
	}
	s.record.Steps = append(s.record.Steps, state.Step{Name: s.record.Strategy, Started: s.record.Started, Finished: now, Outcome: outcome, Message: msg})
	ctx, cancel := Background(10 * time.Second)
	defer cancel()
	if err := s.Store.UpdateHistory(ctx, s.Service, s.record); err != nil {
		s.warn("history not updated: %v", err)
	}
	s.record.ID = ""
}

// HistorySteps are the steps of the session's history record so far (what
// a JUnit report of the change lists); none when history was not recorded.
func (s *Session) HistorySteps() []state.Step { return s.record.Steps }

// Wait is Wait with the session's lock and progress events.
func (s *Session) Wait(ctx context.Context, spec marathon.WaitSpec, timeout time.Duration, watchLock bool) (marathon.Outcome, Ending, error) {
	var lost <-chan struct{}
	if watchLock {
		lost = s.Lost()
	}
	out, ending, err := Wait(ctx, s.MC, spec, timeout, s.progress, lost)
	if out.Progress.FailedTask != nil {
		s.failed = out.Progress.FailedTask
	}
	return out, ending, err
}

// Settle turns a wait's ending into the change's error for changes that
// are not undone automatically: a timeout or Ctrl-C leave it running, a
// lost lock stops it where it was, anything else failed. It records the
// outcome in history. realmArg is the realm as the caller named it.
func (s *Session) Settle(what string, p marathon.Progress, ending Ending, err error, realmArg string) error {
	fail := func(k Kind, msg string, cause error) error {
		return &ChangeError{K: k, Service: s.Service, Realm: realmArg, Msg: msg, Err: cause}
	}
	switch ending {
	case Done:
		s.End(state.OutcomeSucceeded, "")
		return nil
	case TimedOut:
		msg := fmt.Sprintf("timed out waiting for %s: %s; it was left running", what, Describe(p))
		s.End(state.OutcomeFailed, msg)
		return fail(KindTimedOut, msg, nil)
	case Interrupted:
		msg := fmt.Sprintf("interrupted: %s was left running (%s)", what, Describe(p))
		s.End(state.OutcomeAborted, msg)
		return fail(KindInterrupted, msg, nil)
	}
	if le := s.lockLost(what, p, err, realmArg); le != nil {
		s.End(state.OutcomeFailed, le.Error())
		return le
	}
	msg := fmt.Sprintf("%s failed: %v", what, err)
	s.End(state.OutcomeFailed, msg)
	return fail(KindFailed, msg, nil)
}

func (s *Session) lockLost(what string, p marathon.Progress, err error, realmArg string) *LockLostError {
	if !errors.Is(err, ErrLockLost) {
		return nil
	}
	le := &LockLostError{Doing: what, Left: fmt.Sprintf("Marathon was left as it is (%s)", Describe(p)),
		Service: s.Service, Realm: realmArg, Again: s.Holder.Command}
	if le.Again == "" {
		le.Again = "run the same command again"
	}
	return le
}
