// Package kind declares the kinds of the domain's errors: what happened,
// for whoever presents it (the CLI maps each kind to an exit code and a
// hint in pkg/cmdutil, a server to a status). It imports nothing of the
// domain, so that pkg/canary, below the engine, gives its errors kinds
// too; pkg/deploy re-exports them (deploy.Kind, deploy.KindLocked, ...).
package kind

import "errors"

// Kind classifies a domain error.
type Kind string

// Kinds.
const (
	// Locked: another change of the service is in progress (a rollout, or
	// the holder of the deployment lock); try again once it ended.
	Locked = Kind("locked")
	// Conflict: the live state disagrees with what the operation needs or
	// recorded; going ahead would undo a change somebody made, or cannot
	// be done any more.
	Conflict = Kind("conflict")
	// LockLost: the deployment lock was lost half-way; the change stopped
	// where it was.
	LockLost = Kind("lock-lost")
	// RolledBack: the change failed (stalled, or failed a check) and was
	// undone.
	RolledBack = Kind("rolled-back")
	// TimedOut: the timeout passed first; the change was left running.
	TimedOut = Kind("timed-out")
	// Interrupted: the caller's context ended (Ctrl-C); the change was
	// left running.
	Interrupted = Kind("interrupted")
	// Failed: anything else that stopped a change.
	Failed = Kind("failed")
	// Invalid: the request cannot be done as asked (a manifest or realm
	// problem, or a change a canary cannot make); fix the input.
	Invalid = Kind("invalid")
)

// Kinded is an error with a Kind.
type Kinded interface {
	error
	Kind() Kind
}

// Of is err's Kind (the first in its chain), "" when it has none.
func Of(err error) Kind {
	var k Kinded
	if errors.As(err, &k) {
		return k.Kind()
	}
	return ""
}
