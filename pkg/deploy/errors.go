package deploy

import "errors"

// Kind classifies an engine error for whoever presents it: the CLI maps it
// to an exit code and a hint (pkg/cmdutil), a server to a status.
type Kind string

// Kinds of engine errors.
const (
	// KindLocked: another change of the service is in progress (a rollout,
	// or the holder of the deployment lock); try again once it ended.
	KindLocked Kind = "locked"
	// KindConflict: the live state disagrees with what the operation
	// recorded; going ahead would undo a change somebody made.
	KindConflict Kind = "conflict"
)

// KindOf is err's Kind, "" when it has none.
func KindOf(err error) Kind {
	var k interface{ Kind() Kind }
	if errors.As(err, &k) {
		return k.Kind()
	}
	return ""
}

// More kinds, of a change that ended without reaching its goal.
const (
	// KindLockLost: the deployment lock was lost half-way; the change
	// stopped where it was (LockLostError says where).
	KindLockLost Kind = "lock-lost"
	// KindRolledBack: the change stalled and was undone.
	KindRolledBack Kind = "rolled-back"
	// KindTimedOut: the timeout passed first; the change was left running.
	KindTimedOut Kind = "timed-out"
	// KindInterrupted: the caller's context ended (Ctrl-C); the change was
	// left running.
	KindInterrupted Kind = "interrupted"
	// KindFailed: anything else that stopped a change.
	KindFailed Kind = "failed"
)

// ChangeError ends a change of a service that did not reach its goal: its
// Kind says how, Msg says what was left where. Service and Realm (as the
// caller named it) let the presenter say how to follow it.
type ChangeError struct {
	K       Kind
	Service string
	Realm   string
	Msg     string
	Err     error // the cause, when there is one
}

func (e *ChangeError) Error() string { return e.Msg }
func (e *ChangeError) Unwrap() error { return e.Err }

// Kind implements the engine's error kinds.
func (e *ChangeError) Kind() Kind { return e.K }
