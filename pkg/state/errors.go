package state

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

var (
	// ErrNotFound: the service has no routing state, or no such record.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a compare-and-set write lost to a concurrent writer.
	ErrConflict = errors.New("version conflict: the state changed since it was read; re-read and retry")
	// ErrNoAgents: WaitApplied found no live lb agent, so nothing can apply
	// the change. The caller decides whether that is fine (a realm without
	// load balancers) or a failure.
	ErrNoAgents = errors.New("no live lb agent is registered in the realm")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("state store is closed")
	// ErrSessionClosed: an acknowledgement on an lb agent session after
	// its Close (which deregistered the agent: a late write would bring
	// it back).
	ErrSessionClosed = errors.New("lb agent session is closed")
)

// URLError is a malformed store URL. It exits 2 (invalid input).
type URLError struct {
	URL    string
	Reason string
}

func (e *URLError) Error() string {
	return fmt.Sprintf("invalid state store URL %q: %s (expected zk://host:port[,host:port...]/path or file:///absolute/path)", e.URL, e.Reason)
}

// ExitCode implements cmdutil.Coder.
func (e *URLError) ExitCode() int { return 2 }

// InvalidError is a value the store refuses to write (bad service name,
// weight out of range, ...). It exits 2.
type InvalidError struct {
	Field  string
	Value  string
	Reason string
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// ExitCode implements cmdutil.Coder.
func (e *InvalidError) ExitCode() int { return 2 }

// CorruptError is stored content that does not decode. The store never treats
// it as empty: the operator has to repair or remove it.
type CorruptError struct {
	Path string // ZooKeeper node path or file path
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("corrupted state at %s: %v (repair or remove it by hand)", e.Path, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// LockedError says another deployer holds a service's lock. It exits 5.
type LockedError struct {
	Service string
	Holder  Holder
	// Since is when the holder took the lock; zero when the store cannot
	// tell (a lock written before it recorded that). A long-lived holder
	// (yodel server) started long before it took this lock.
	Since time.Time
	Path  string // where the lock lives, for the hint
	// Store says how to inspect it, e.g. "zk://h:2181/yodel/prod".
	Store string
}

func (e *LockedError) Error() string {
	h := e.Holder
	at := e.Since
	if at.IsZero() {
		at = h.StartedAt
	}
	since := "unknown time"
	if !at.IsZero() {
		since = fmt.Sprintf("%s (%s ago)", at.UTC().Format(time.RFC3339), time.Since(at).Round(time.Second))
	}
	return fmt.Sprintf("service %s is locked by %s@%s (pid %d, %q) since %s", e.Service, orUnknown(h.User), orUnknown(h.Host), h.Pid, h.Command, since)
}

// Hint is printed after the message by the root command.
func (e *LockedError) Hint() string {
	if e.Holder.IsAutoscaler() {
		// Not a deployment, nor a process that may have died: the server
		// lets go once the one scale it decided ends.
		return fmt.Sprintf("the realm's yodel server (pid %d on %s) holds it to autoscale %s: it is released once that scale step ends (a deployment of the new instance count, bounded like yodel scale's); run the command again then. The lock is %s in %s",
			e.Holder.Pid, orUnknown(e.Holder.Host), e.Service, e.Path, e.Store)
	}
	return fmt.Sprintf("wait for that deployment to finish, or check that pid %d is still running on %s; the lock is %s in %s and is released when its holder dies", e.Holder.Pid, orUnknown(e.Holder.Host), e.Path, e.Store)
}

// ExitCode implements cmdutil.Coder.
func (e *LockedError) ExitCode() int { return 5 }

// NotAppliedError says some live agents had not applied a generation by the
// deadline. It exits 4 (timeout).
type NotAppliedError struct {
	Service    string
	Generation int64
	Lagging    []AgentStatus // live agents still below Generation
}

func (e *NotAppliedError) Error() string {
	parts := make([]string, 0, len(e.Lagging))
	for _, a := range e.Lagging {
		parts = append(parts, fmt.Sprintf("%s at %s has generation %d", a.ID, orUnknown(a.Host), a.Applied[e.Service]))
	}
	return fmt.Sprintf("timed out waiting for lb agents to apply generation %d of %s: %s", e.Generation, e.Service, strings.Join(parts, "; "))
}

// ExitCode implements cmdutil.Coder.
func (e *NotAppliedError) ExitCode() int { return 4 }

// UnreachableError says the store could not be reached. It exits 1.
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach state store %s: %v", e.URL, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// ExitCode implements cmdutil.Coder.
func (e *UnreachableError) ExitCode() int { return 1 }

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// AuthError: the ZooKeeper digest identity yodel authenticates as cannot
// write the realm's state, found when the store is opened rather than at
// the first write in the middle of a deploy. It exits 1 and never carries
// the password.
type AuthError struct {
	URL  string
	User string
	// Owners are the digest users the state's root node grants writes to.
	Owners []string
}

func (e *AuthError) Error() string {
	if slices.Contains(e.Owners, e.User) {
		return fmt.Sprintf("state store %s: ZooKeeper digest user %q authenticated with a password that does not match the state's ACL (wrong password?)", e.URL, e.User)
	}
	return fmt.Sprintf("state store %s: the state belongs to ZooKeeper digest user(s) %s, not %q", e.URL, strings.Join(e.Owners, ", "), e.User)
}

// ExitCode implements cmdutil.Coder.
func (e *AuthError) ExitCode() int { return 1 }

// Hint says how to fix it.
func (e *AuthError) Hint() string {
	return "check the realm's stateAuth.digest user and the password its passwordEnv or passwordFile provides"
}
