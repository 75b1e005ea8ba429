package deploy

import (
	"errors"

	"github.com/yodeldeploy/yodel/pkg/deploy/kind"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Kind classifies an engine error for whoever presents it: the CLI maps it
// to an exit code and a hint (pkg/cmdutil), a server to a status. The
// kinds are declared in pkg/deploy/kind, so that pkg/canary's errors have
// them too.
type Kind = kind.Kind

// Kinds of engine errors (see pkg/deploy/kind).
const (
	KindLocked      = kind.Locked
	KindConflict    = kind.Conflict
	KindLockLost    = kind.LockLost
	KindRolledBack  = kind.RolledBack
	KindTimedOut    = kind.TimedOut
	KindInterrupted = kind.Interrupted
	KindFailed      = kind.Failed
	KindInvalid     = kind.Invalid
)

// KindOf is err's Kind, "" when it has none.
func KindOf(err error) Kind { return kind.Of(err) }

// ChangeError ends a change of a service that did not reach its goal: its
// Kind says how, Msg says what was left where. Service and Realm (as the
// caller named it) let the presenter say how to follow it.
type ChangeError struct {
	K       Kind
	Service string
	Realm   string
	Msg     string
	Err     error // the cause, when there is one
	// Left is what the change left going on, for the presenter's advice.
	Left Left
	// FailedTask is the last task whose failure stalled the change: its
	// output, on its Mesos agent, says why it died.
	FailedTask *marathon.TaskRef
	// HealthAt is where the manifest sets the health check Marathon killed
	// FailedTask for failing ("services/web.yaml:12"), when known.
	HealthAt string
	// NoApp: the change left no app of the service (a first deploy
	// removed), so there is nothing for `status` to show.
	NoApp bool
}

// withFailedTask notes on a *ChangeError the failed task of the wait that
// ended the change (p); other errors pass as they are.
func withFailedTask(err error, p marathon.Progress) error {
	var ce *ChangeError
	if p.FailedTask != nil && errors.As(err, &ce) && ce.FailedTask == nil {
		ce.FailedTask = p.FailedTask
	}
	return err
}

// Left is what a change that stopped short left going on in Marathon.
type Left string

const (
	// LeftRunning (the default): the change goes on; it can be followed.
	LeftRunning Left = ""
	// LeftUndoable: a deploy goes on; it can be followed or rolled back.
	LeftUndoable Left = "undoable"
	// LeftNothing: nothing goes on that the change started.
	LeftNothing Left = "nothing"
)

func (e *ChangeError) Error() string { return e.Msg }
func (e *ChangeError) Unwrap() error { return e.Err }

// Kind implements the engine's error kinds.
func (e *ChangeError) Kind() Kind { return e.K }
