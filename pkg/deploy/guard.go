package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Op is a change of a service that the guard rules on.
type Op string

// Operations.
const (
	OpDeploy   Op = "deploy"
	OpScale    Op = "scale"
	OpRollback Op = "rollback"
	OpRestart  Op = "restart"
	OpDestroy  Op = "destroy"
	OpPromote  Op = "canary promote"
	OpAbort    Op = "canary abort"
	OpPause    Op = "canary pause"
	OpResume   Op = "canary resume"
)

// duringRollout are the operations an active rollout allows, and why.
// Every other operation is refused until the rollout ended: a scale, a
// rollback or a rolling deploy of the stable app would change what the
// canary is judged against, and the rollout's next steps (full-scale to
// the recorded instance count, cleanup of the recorded stable app) would
// undo it.
var duringRollout = map[Op]bool{
	OpPromote: true, // the rollout's own controls
	OpAbort:   true,
	OpPause:   true,
	OpResume:  true,
	OpDestroy: true, // removes both apps and closes the rollout (Close)
}

// Guard reads svc's rollout record and refuses op while a rollout is
// active, unless the rollout allows op. It returns the record (nil when
// the service has none, or no routing state). Callers run it before they
// take the deployment lock (the lock's holder may be the rollout's driver,
// and the user needs to hear about the rollout, not only the lock) and
// again once they hold it.
func Guard(ctx context.Context, st state.Store, svc string, op Op) (*canary.Rollout, error) {
	rt, _, err := st.GetRouting(ctx, svc)
	if errors.Is(err, state.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("routing state of %s: %w", svc, err)
	}
	r, err := canary.Decode(rt.Rollout)
	if err != nil {
		return nil, fmt.Errorf("routing state of %s: %w", svc, err)
	}
	if !r.Active() || duringRollout[op] {
		return r, nil
	}
	// The rollback window (window.go): a rollback flips back inside it
	// or, like any change once it is over, ends it first
	// (GuardAndLock). The wall clock: KeptUntil was written with it.
	if r.Step == canary.StepKept && (op == OpRollback || !r.WindowOpen(time.Now())) {
		return r, nil
	}
	return r, &RolloutActiveError{Op: op, Rollout: r}
}

// RolloutActiveError refuses an operation while a canary rollout is in
// progress. It says which rollout, where it is and, at a manual gate, that
// it waits for a promote; the CLI adds the commands that end it.
type RolloutActiveError struct {
	Op      Op
	Rollout *canary.Rollout
}

func (e *RolloutActiveError) Error() string {
	r := e.Rollout
	if r.Step == canary.StepKept {
		return fmt.Sprintf("refusing to %s %s: release %s serves all its traffic, and its rollback window keeps release %s (%s) at weight 0 until %s; the window must end first",
			e.Op, r.Service, r.Canary.Release, orDash(r.Stable.Release), r.Stable.App, r.KeptUntil.UTC().Format(time.RFC3339))
	}
	if r.Step == canary.StepCleanup {
		return fmt.Sprintf("refusing to %s %s: its canary rollout of release %s is finishing: %s serves all the traffic, and %s (release %s) is being deleted since %s; it must end first",
			e.Op, r.Service, r.Canary.Release, r.Canary.App, r.Stable.App, orDash(r.Stable.Release), r.StepStarted.UTC().Format(time.RFC3339))
	}
	at := fmt.Sprintf("at step %s with %g%% of the traffic", r.StepName(), r.Weight)
	switch {
	case r.Gate != "":
		at = fmt.Sprintf("waiting at the manual gate %q after step %s for a promote", r.Gate, r.StepName())
	case r.Paused:
		at += ", paused"
	}
	return fmt.Sprintf("refusing to %s %s: its canary rollout of release %s (beside %s) is in progress, %s, since %s; it must end first",
		e.Op, r.Service, r.Canary.Release, orDash(r.Stable.Release), at, r.StepStarted.UTC().Format(time.RFC3339))
}

// Kind implements the engine's error kinds.
func (e *RolloutActiveError) Kind() Kind { return KindLocked }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
