package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Waiter waits for a Marathon deployment; *marathon.Client has it.
type Waiter interface {
	WaitDeployment(ctx context.Context, spec marathon.WaitSpec) (marathon.Outcome, error)
}

// Ending is how a wait ended, as the engine tells it apart.
type Ending string

const (
	Done        Ending = "done"
	Stalled     Ending = "stalled"     // *marathon.StallError: roll back
	TimedOut    Ending = "timed-out"   // --timeout: leave it, exit 4
	Interrupted Ending = "interrupted" // Ctrl-C: ask, exit 130
	Failed      Ending = "failed"      // anything else
	// RolledBack is a stall that Session.Run undid (exit 3).
	RolledBack Ending = "rolled-back"
)

// Wait waits for a Marathon change with a timeout, reporting each progress
// snapshot to progress (when not nil), and classifies the ending. ctx is
// the caller's context (cancelled by Ctrl-C: Interrupted); lost, when not
// nil, is closed if the deployment lock is lost.
func Wait(ctx context.Context, c Waiter, spec marathon.WaitSpec, timeout time.Duration, progress func(marathon.Progress), lost <-chan struct{}) (marathon.Outcome, Ending, error) {
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if timeout > 0 {
		var c2 context.CancelFunc
		wctx, c2 = context.WithTimeoutCause(wctx, timeout, errTimeout)
		defer c2()
	}
	if lost != nil {
		go func() {
			select {
			case <-lost:
				cancel(errLockLost)
			case <-wctx.Done():
			}
		}()
	}
	if progress != nil {
		prev := spec.OnProgress
		spec.OnProgress = func(p marathon.Progress) {
			progress(p)
			if prev != nil {
				prev(p)
			}
		}
	}
	out, err := c.WaitDeployment(wctx, spec)
	var se *marathon.StallError
	switch {
	case err == nil:
		return out, Done, nil
	case errors.As(err, &se):
		return out, Stalled, err
	case ctx.Err() != nil:
		return out, Interrupted, err
	case errors.Is(context.Cause(wctx), errTimeout):
		return out, TimedOut, err
	case errors.Is(context.Cause(wctx), errLockLost):
		// err is only the wait's "context canceled": the callers say what
		// was left where (LockLostError).
		return out, Failed, ErrLockLost
	}
	return out, Failed, err
}

var (
	errTimeout  = errors.New("--timeout exceeded")
	errLockLost = errors.New("deployment lock lost")
)

// ErrLockLost ends a wait whose deployment lock was lost. The command stops
// changing the service (another deploy may hold the lock now) and returns
// a *LockLostError saying what it left.
var ErrLockLost = errors.New("the deployment lock was lost (the state store session expired: ZooKeeper was unreachable for longer than the session timeout, or the lock was removed)")

// LockLostError is a change stopped because its deployment lock was lost
// (KindLockLost); the CLI's hint says how to see the state and finish it.
type LockLostError struct {
	// Doing is what stopped ("deploying web v2").
	Doing string
	// Left says what state Marathon and the routing are in.
	Left string
	// Service and Realm (--realm as typed) are for the hint; Again is the
	// command that finishes the change.
	Service, Realm, Again string
}

func (e *LockLostError) Error() string {
	return fmt.Sprintf("stopped %s: %v, and another deploy may hold it now; %s", e.Doing, ErrLockLost, e.Left)
}

func (e *LockLostError) Unwrap() error { return ErrLockLost }

// Kind implements the engine's error kinds.
func (e *LockLostError) Kind() Kind { return KindLockLost }

// Describe is a one-line account of a progress snapshot, for messages.
func Describe(p marathon.Progress) string {
	s := fmt.Sprintf("%d/%d healthy, %d running", p.Healthy, p.Wanted, p.Running)
	if p.Old > 0 {
		s += fmt.Sprintf(", %d old task(s) left", p.Old)
	}
	if p.OldUnreachable > 0 {
		s += fmt.Sprintf(", %d old task(s) unreachable", p.OldUnreachable)
	}
	if p.DeploymentID != "" && !p.DeploymentDone {
		s += ", deployment " + p.DeploymentID + " still running"
	}
	if p.HealthCheckFailure != "" && p.Healthy < p.Wanted {
		s += "; failing " + p.HealthCheckFailure
	}
	return s
}

// Background is a context for cleaning up after Ctrl-C or a timeout
// (rolling back, releasing the lock): not cancelled by them, but bounded.
func Background(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
