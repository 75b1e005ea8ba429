package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The canary controls (promote, abort, pause, resume) and the takeover of
// a rollout whose driver is gone: the rules every caller follows, the
// CLI's `yodel canary` commands, the realm's API and dashboard (through
// them) and the realm's server, which adopts orphaned rollouts with
// TakeOver.

// ControlRequest is one canary control asked of the session's service.
type ControlRequest struct {
	// Op is OpPromote, OpAbort, OpPause or OpResume.
	Op Op
	// Full: a promote skips the remaining partial steps too.
	Full bool
	// By is who asks (user@host), recorded as the promoter or aborter.
	By string
	// DriveOn: the caller drives the rollout on from here when nobody
	// else does (Continue); a promote or a resume then first checks that
	// the stable app is as the rollout recorded it (CheckResume). False
	// only writes the record (--detach, the API): the rollout's driver,
	// or the realm's server, acts on it, and the server's TakeOver checks.
	DriveOn bool
	// ApplyTimeout bounds an abort's wait for the lb agents to apply
	// share 0.
	ApplyTimeout time.Duration
}

// ControlResult is what a control did.
type ControlResult struct {
	// Rollout is the record as written.
	Rollout *canary.Rollout
	// Changed: a pause or a resume changed the record (false: it already
	// was paused, or running).
	Changed bool
	// Promoted says what a promote did ("passed manual gate partial").
	Promoted string
	// Applied is how long the lb agents took to apply an abort's share 0;
	// ApplyErr says why it was not seen applied (state.ErrNoAgents: no
	// agent is registered; else the wait's error, share 0 is written all
	// the same).
	Applied  time.Duration
	ApplyErr error
}

// Control runs a canary control: the guard (which allows the rollout's
// own controls), the stable app's check for a control that drives on, and
// the record's change. An abort sets the canary's share to 0 in its one
// write, so traffic leaves the canary as soon as the lb agents apply it,
// driver or not; Control waits for that (up to ApplyTimeout). An abort
// from cleanup on is a *canary.PastRollbackError: FinishInstead is its
// rule.
func (s *Session) Control(ctx context.Context, req ControlRequest) (ControlResult, error) {
	var res ControlResult
	switch req.Op {
	case OpPromote, OpAbort, OpPause, OpResume:
	default:
		return res, fmt.Errorf("%s is not a canary control", req.Op)
	}
	r, err := Guard(ctx, s.Store, s.Service, req.Op)
	if err != nil {
		return res, err
	}
	if req.DriveOn && (req.Op == OpResume || req.Op == OpPromote) {
		// Both may drive the rollout on from here: never over a stable
		// app changed since it began.
		if err := CheckResume(ctx, s.MC, r); err != nil {
			return res, err
		}
	}
	now := s.Now()
	switch req.Op {
	case OpPause, OpResume:
		res.Changed, res.Rollout, err = canary.SetPaused(ctx, s.Store, s.Service, req.Op == OpPause, now)
	case OpPromote:
		res.Promoted, res.Rollout, err = canary.Promote(ctx, s.Store, s.Service, req.Full, req.By, now)
	case OpAbort:
		var rt state.Routing
		rt, res.Rollout, err = canary.Abort(ctx, s.Store, s.Service, req.By, now)
		if err == nil {
			res.ApplyErr = s.Store.WaitApplied(ctx, s.Service, rt.Generation, s.Now().Add(req.ApplyTimeout))
			res.Applied = s.Now().Sub(now)
		}
	}
	return res, err
}

// TakeOver takes the service's lock to drive its recorded rollout when
// nobody else drives it (TryLock: the lock is free, or its holder is dead),
// and refuses, releasing the lock again, when driving on would undo a
// change of the stable app made since the rollout began (CheckResume: a
// *StableChangedError). It returns false, nil when a live process drives
// the rollout: that process carries on. `canary resume|promote|abort` and
// the realm's server (adopting an orphaned rollout) both take over with
// it, so that neither reverts what the other refuses to.
func (s *Session) TakeOver(ctx context.Context) (bool, error) {
	if ok, err := s.TryLock(ctx); !ok || err != nil {
		return false, err
	}
	_, r, err := canary.Load(ctx, s.Store, s.Service)
	if err == nil {
		err = CheckResume(ctx, s.MC, r)
	}
	if err != nil && !errors.Is(err, state.ErrNotFound) {
		s.Unlock()
		return false, err
	}
	return true, nil
}

// Continue drives the service's recorded rollout to its end from this
// session when nobody else drives it (TakeOver, then DriveRollout with
// req). driven is false when a live process drives it and carries on.
func (s *Session) Continue(ctx context.Context, req DriveRequest) (driven bool, r *canary.Rollout, err error) {
	if ok, err := s.TakeOver(ctx); !ok || err != nil {
		return false, nil, err
	}
	r, err = s.DriveRollout(ctx, req, nil)
	return true, r, err
}

// FinishInstead is an abort's rule past the point of no return (past, a
// rollout from cleanup on): the old release is being removed, so the
// rollout is driven forwards to its end when nobody drives it (its
// deploying process died, and a half-removed rollout serves from one
// release only once it is finished), and the abort still fails: the old
// release was not brought back. It returns the rollout as it ended when
// this session drove it, and an *AbortRefusedError.
func (s *Session) FinishInstead(ctx context.Context, past *canary.PastRollbackError, req DriveRequest) (*canary.Rollout, error) {
	driven, r, err := s.Continue(ctx, req)
	if err != nil {
		return r, err
	}
	if !driven {
		// The deploying process is alive and finishes it.
		return nil, &AbortRefusedError{Past: past}
	}
	return r, &AbortRefusedError{Past: past, Finished: r}
}

// AbortRefusedError: an abort came too late (Past); the rollout was
// Finished forwards instead (nil: its live driver finishes it).
type AbortRefusedError struct {
	Past     *canary.PastRollbackError
	Finished *canary.Rollout
}

func (e *AbortRefusedError) Error() string {
	if e.Finished == nil {
		return e.Past.Error()
	}
	r := e.Finished
	return fmt.Sprintf("abort refused (%v); the rollout was finished instead: %s %s is stable", e.Past, r.Service, r.Canary.Release)
}

func (e *AbortRefusedError) Unwrap() error { return e.Past }

// Kind implements the engine's error kinds.
func (e *AbortRefusedError) Kind() Kind { return KindFailed }

// WaitForDriver waits, up to timeout, for the live driver of the service's
// rollout to end it (an abort it carries out), and returns the ended
// record (nil when there is none any more), or a *RollbackPendingError
// when timeout passed first.
func (s *Session) WaitForDriver(ctx context.Context, timeout, poll time.Duration) (*canary.Rollout, error) {
	if poll <= 0 {
		poll = 200 * time.Millisecond
	}
	// The wall clock: s.Now may be a test's fixed one.
	deadline := time.Now().Add(timeout)
	for {
		_, r, err := canary.Load(ctx, s.Store, s.Service)
		if err != nil {
			return nil, err
		}
		if r == nil || !r.Active() {
			return r, nil
		}
		if time.Now().After(deadline) {
			return r, &RollbackPendingError{Rollout: r, After: timeout}
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return r, ctx.Err()
		case <-t.C:
		}
	}
}

// RollbackPendingError: the canary's share is 0, but its live driver did
// not finish the rollback within After.
type RollbackPendingError struct {
	Rollout *canary.Rollout
	After   time.Duration
}

func (e *RollbackPendingError) Error() string {
	return fmt.Sprintf("%s: the canary's share is 0, but its rollback is still at step %s after %s", e.Rollout.Service, e.Rollout.StepName(), e.After)
}

// Kind implements the engine's error kinds.
func (e *RollbackPendingError) Kind() Kind { return KindTimedOut }

// Unlock releases the service's lock (a warning event when it cannot),
// keeping the session open.
func (s *Session) Unlock() {
	if s.Lock == nil {
		return
	}
	ctx, cancel := Background(10 * time.Second)
	defer cancel()
	if err := s.Lock.Release(ctx); err != nil {
		s.warn("releasing the deployment lock of %s: %v", s.Service, err)
	}
	s.Lock = nil
}
