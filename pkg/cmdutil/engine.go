package cmdutil

import "github.com/yodeldeploy/yodel/pkg/deploy/kind"

// kindExit maps the deployment engine's error kinds (pkg/deploy/kind) to
// exit codes: the engine says what happened, the CLI how it exits.
var kindExit = map[kind.Kind]int{
	kind.Locked:      ExitLocked,
	kind.Conflict:    ExitFailure,
	kind.LockLost:    ExitFailure,
	kind.RolledBack:  ExitRolledBack,
	kind.TimedOut:    ExitTimeout,
	kind.Interrupted: ExitInterrupted,
	kind.Failed:      ExitFailure,
	kind.Invalid:     ExitInvalid,
}

// The hints of errors from packages cmdutil does not import: the
// deployment engine's (pkg/deploy, pkg/canary) carry data only, and
// pkg/cmd/enginehint says what to do about them. It registers itself when
// imported, so that yodel-lb, which never meets those errors, links none
// of the engine's code.
// Without a registration no error has a domain hint.
var (
	domainHint = func(error) (string, bool) { return "", false }
	engineHint = func(error) string { return "" }
)

// SetDomainHints registers own (the hint of one domain error, ok false
// for any other) and fallback (the hint of a chain none of whose errors
// has its own). Called once, from an init.
func SetDomainHints(own func(error) (string, bool), fallback func(error) string) {
	domainHint, engineHint = own, fallback
}

// FirstOwnHint is the hint of the first error in err's chain that has one
// of its own (a Hint method, or a registered domain hint).
func FirstOwnHint(err error) (string, bool) { return first(err, ownHint) }

// RealmAsNamed makes err's hint address the realm as the user named it
// (asNamed: a realm file, say) instead of by the name a record keeps
// (recorded), which may resolve elsewhere (`local` is the default
// sandbox's, not a sandbox started with --dir). err is returned as is when
// there is nothing to change.
func RealmAsNamed(err error, recorded, asNamed string) error {
	if err == nil || asNamed == "" || recorded == "" || asNamed == recorded {
		return err
	}
	h := Hint(err)
	fixed := ReplaceRealm(h, recorded, asNamed)
	if fixed == h {
		return err
	}
	return WithExit(ExitCode(err), err, fixed)
}
