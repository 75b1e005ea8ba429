package cmdutil

import (
	"errors"
	"fmt"

	"github.com/yodeldeploy/yodel/pkg/deploy/kind"
)

// Exit codes, fixed for the whole tool. Listed in `yodel help exit-codes` and
// README.md; change them only with both.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitInvalid     = 2   // invalid input: flags, manifest, realm
	ExitRolledBack  = 3   // the deployment failed and was rolled back
	ExitTimeout     = 4   // --timeout exceeded; the realm is left as described
	ExitLocked      = 5   // another deployment holds the service's lock
	ExitInterrupted = 130 // Ctrl-C / SIGINT
)

// ExitCodes documents every code, in order, for help and README.
var ExitCodes = []struct {
	Code    int
	Meaning string
}{
	{ExitOK, "success"},
	{ExitFailure, "failure (Marathon, store or HAProxy unreachable, unexpected error)"},
	{ExitInvalid, "invalid input: flags, manifest or realm file"},
	{ExitRolledBack, "the deployment failed its checks and was rolled back"},
	{ExitTimeout, "timed out; the message says what state the service is in"},
	{ExitLocked, "locked: another deployment of the service is in progress"},
	{ExitInterrupted, "interrupted (Ctrl-C)"},
}

// FlagError is a usage mistake: the command's usage is printed after it.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// FlagErrorf builds a FlagError.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// RealmRequired is the usage error of a command run without a realm: how
// to name one (--realm, $YODEL_REALM or the configuration file's realm:,
// applied by the root command), then what the command needs it for and an
// example.
func RealmRequired(format string, args ...any) error {
	return FlagErrorf("--realm is required (or set $YODEL_REALM): "+format, args...)
}

// ExitError carries an exit code and an optional hint printed after the
// message ("what to do next").
type ExitError struct {
	Code int
	Err  error
	Hint string
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// InvalidInput wraps err so the process exits 2.
func InvalidInput(err error) error { return &ExitError{Code: ExitInvalid, Err: err} }

// WithExit wraps err with a code and a hint.
func WithExit(code int, err error, hint string) error {
	return &ExitError{Code: code, Err: err, Hint: hint}
}

// ErrSilent exits 1 without printing anything more: the command has
// already said what went wrong.
var ErrSilent = errors.New("silent error")

// ErrCancel is returned when the user interrupted or declined.
var ErrCancel = errors.New("interrupted")

// Coder lets a package outside cmdutil (manifest, state, …) give its errors
// an exit code without importing cmdutil.
type Coder interface{ ExitCode() int }

// ExitCode maps any error to the process exit code. This is the only place
// where that mapping happens: an *ExitError's code; else the first error in
// the chain that has a code of its own (Coder) or a domain Kind (pkg/deploy
// and pkg/canary: kindExit); else Ctrl-C's; else a failure.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var fe *FlagError
	if errors.As(err, &fe) {
		return ExitInvalid
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	if code, ok := first(err, codeOf); ok {
		return code
	}
	if errors.Is(err, ErrCancel) {
		return ExitInterrupted
	}
	return ExitFailure
}

// codeOf is one error's own exit code: a Coder's, or its Kind's.
func codeOf(err error) (int, bool) {
	if c, ok := err.(Coder); ok {
		return c.ExitCode(), true
	}
	if k, ok := err.(kind.Kinded); ok {
		code, known := kindExit[k.Kind()]
		return code, known
	}
	return 0, false
}

// Hint returns the hint for err, if any: an *ExitError's; else that of the
// first error in the chain with a hint of its own (a Hint method, or a
// domain error's hint in domainHint); else the engine's (engineHint).
func Hint(err error) string {
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Hint
	}
	if h, ok := first(err, ownHint); ok {
		return h
	}
	return engineHint(err)
}

// ownHint is one error's own hint: its Hint method's, or the CLI's hint for
// a domain error that has data only (domainHint).
func ownHint(err error) (string, bool) {
	if h, ok := err.(interface{ Hint() string }); ok {
		return h.Hint(), true
	}
	return domainHint(err)
}

// first walks err's chain (as errors.As does) and returns the first value
// f finds.
func first[T any](err error, f func(error) (T, bool)) (T, bool) {
	for err != nil {
		if v, ok := f(err); ok {
			return v, true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if v, ok := first(e, f); ok {
					return v, true
				}
			}
			var zero T
			return zero, false
		default:
			err = nil
		}
	}
	var zero T
	return zero, false
}

// NoDefaultRealm, set in a command's Annotations, keeps the default realm
// ($YODEL_REALM, the configuration file's realm:) off its --realm: a
// command whose realm only refines what it does (yodel init's port range)
// must work before that realm exists (the sandbox's local before sandbox
// up).
const NoDefaultRealm = "yodel/no-default-realm"
