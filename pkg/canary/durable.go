package canary

import (
	"context"
	"errors"
	"fmt"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// ErrNoRollout says the service has no rollout record.
var ErrNoRollout = errors.New("no canary rollout")

// NoRolloutError says a service has no rollout in progress; it exits 1 with
// a hint.
type NoRolloutError struct {
	Service string
	Last    *Rollout // the last finished rollout, if the record has one
}

func (e *NoRolloutError) Error() string {
	if e.Last != nil {
		return fmt.Sprintf("service %s has no canary rollout in progress (the last one, of release %s, ended %s)", e.Service, e.Last.Canary.Release, e.Last.Step)
	}
	return fmt.Sprintf("service %s has no canary rollout in progress", e.Service)
}

func (e *NoRolloutError) Unwrap() error { return ErrNoRollout }

// Hint implements the root command's hint.
func (e *NoRolloutError) Hint() string {
	return "start one with `yodel deploy " + e.Service + " --realm <realm>`"
}

// Load reads a service's routing state and its rollout record (nil when
// there is none). A missing routing state is state.ErrNotFound.
func Load(ctx context.Context, st state.Store, svc string) (state.Routing, *Rollout, error) {
	rt, _, err := st.GetRouting(ctx, svc)
	if err != nil {
		return state.Routing{}, nil, fmt.Errorf("routing state of %s in %s: %w", svc, st.URL(), err)
	}
	r, err := Decode(rt.Rollout)
	if err != nil {
		return rt, nil, fmt.Errorf("routing state of %s in %s: %w (repair it, or remove the \"rollout\" field by hand)", svc, st.URL(), err)
	}
	return rt, r, nil
}

// Mutator changes a rollout and the routing state that goes with it. It may
// run more than once (after a write conflict it runs again on fresh
// state), so it must only compute from its arguments. Returning ErrUnchanged
// skips the write.
type Mutator func(rt *state.Routing, r *Rollout) error

// ErrUnchanged, returned by a Mutator, means there is nothing to write.
var ErrUnchanged = errors.New("unchanged")

// maxConflicts bounds retries: each conflict means another writer won, and
// a burst of control commands settles within a few rounds.
const maxConflicts = 20

// Update applies fn to the current routing state and rollout record and
// writes both with compare-and-set, retrying on conflicts. It returns what
// was written (or read, when fn returned ErrUnchanged); the routing state's
// Generation is what the lb agents must acknowledge. The routing fields
// follow the record (Route) unless fn sets the record to nil.
func Update(ctx context.Context, st state.Store, svc string, fn Mutator) (state.Routing, *Rollout, error) {
	for range maxConflicts {
		rt, ver, err := st.GetRouting(ctx, svc)
		if errors.Is(err, state.ErrNotFound) {
			// No routing state (never deployed, or destroyed): no rollout
			// either, which is what a control command must hear.
			return state.Routing{}, nil, &NoRolloutError{Service: svc}
		}
		if err != nil {
			return state.Routing{}, nil, fmt.Errorf("routing state of %s in %s: %w", svc, st.URL(), err)
		}
		r, err := Decode(rt.Rollout)
		if err != nil {
			return rt, nil, fmt.Errorf("routing state of %s in %s: %w", svc, st.URL(), err)
		}
		if r == nil {
			return rt, nil, &NoRolloutError{Service: svc}
		}
		if !r.Active() {
			// A finished record stays as the last rollout; writing it back
			// would re-route the service from old data.
			return rt, r, &NoRolloutError{Service: svc, Last: r}
		}
		if err := fn(&rt, r); err != nil {
			if errors.Is(err, ErrUnchanged) {
				return rt, r, nil
			}
			return rt, r, err
		}
		r.Route(&rt)
		raw, err := r.Encode()
		if err != nil {
			return rt, r, err
		}
		rt.Rollout = raw
		nv, err := st.PutRouting(ctx, rt, ver)
		if errors.Is(err, state.ErrConflict) {
			continue
		}
		if err != nil {
			return rt, r, fmt.Errorf("writing the routing state of %s (step %s): %w", svc, r.StepName(), err)
		}
		rt.Generation = int64(nv)
		return rt, r, nil
	}
	return state.Routing{}, nil, fmt.Errorf("routing state of %s: %d write conflicts in a row; another process keeps changing it: %w", svc, maxConflicts, state.ErrConflict)
}

// Begin stores a new rollout in svc's routing state, which must exist (the
// stable release wrote it) and must have no active rollout. It routes the
// canary as isolated with share 0 before its app exists.
func Begin(ctx context.Context, st state.Store, r *Rollout) (state.Routing, error) {
	for range maxConflicts {
		rt, ver, err := st.GetRouting(ctx, r.Service)
		if err != nil {
			return state.Routing{}, fmt.Errorf("routing state of %s in %s: %w", r.Service, st.URL(), err)
		}
		old, err := Decode(rt.Rollout)
		if err != nil {
			return rt, fmt.Errorf("routing state of %s in %s: %w", r.Service, st.URL(), err)
		}
		if old.Active() {
			return rt, &ActiveError{Service: r.Service, Rollout: old}
		}
		r.Route(&rt)
		raw, err := r.Encode()
		if err != nil {
			return rt, err
		}
		rt.Rollout = raw
		nv, err := st.PutRouting(ctx, rt, ver)
		if errors.Is(err, state.ErrConflict) {
			continue
		}
		if err != nil {
			return rt, fmt.Errorf("writing the routing state of %s: %w", r.Service, err)
		}
		rt.Generation = int64(nv)
		return rt, nil
	}
	return state.Routing{}, fmt.Errorf("routing state of %s: %d write conflicts in a row: %w", r.Service, maxConflicts, state.ErrConflict)
}

// ActiveError says a rollout is already in progress: a new deploy must not
// start another beside it. It exits 5, like a held lock.
type ActiveError struct {
	Service string
	Rollout *Rollout
}

func (e *ActiveError) Error() string {
	r := e.Rollout
	return fmt.Sprintf("service %s already has a canary rollout in progress: release %s at step %s since %s", e.Service, r.Canary.Release, r.StepName(), r.StepStarted.UTC().Format("2006-01-02T15:04:05Z"))
}

// Hint implements the root command's hint.
func (e *ActiveError) Hint() string {
	return fmt.Sprintf("see it with `yodel canary status %[1]s`, then `yodel canary resume %[1]s` to continue it or `yodel canary abort %[1]s` to roll it back", e.Service)
}

// ExitCode implements cmdutil.Coder.
func (e *ActiveError) ExitCode() int { return 5 }
