// Package state holds a realm's shared state: the routing state of every
// service, the registry of `yodel lb` agents and the generations they have
// applied, per-service deployment locks, and per-service rollout history.
//
// The CLI and the agents never talk to each other; they meet here. Real realms
// keep the state in ZooKeeper (zk://h1:2181,h2:2181/yodel/prod), the sandbox in
// a directory (file:///abs/path). Both stores obey one contract, checked by
// the suite in pkg/state/statetest.
//
// # Contract
//
//   - Routing writes are compare-and-set on a Version. The Version of a
//     service's routing state is its Generation: the store sets Generation to
//     the previous value plus one on every write, also across a delete and
//     re-create (deletes leave a tombstone), so a generation never repeats.
//     Version 0 means "does not exist".
//   - WatchRouting first delivers the current state of every service and a
//     RoutingSynced event, then every change. Coalescing is allowed: a watcher may skip intermediate
//     generations but always ends up with the latest one, and never sees a
//     service's generation go backwards. A reconnect within the session
//     keeps ZooKeeper's watches (they fire for what changed meanwhile); after
//     a session expiry the store re-reads everything and delivers what
//     changed, then RoutingSynced again.
//   - Agents are ephemeral: an agent that dies (or whose session expires)
//     drops out of ListAgents and WaitApplied. An AgentSession re-registers by
//     itself after a session expiry, with the acks it had made.
//   - A Lock is never re-taken silently: when it is lost (ZooKeeper session
//     expired, or disconnected for longer than the session timeout, or the
//     lock node/file was removed), Lost() is closed and the holder must stop.
//
// # ZooKeeper layout (all data JSON)
//
//	<root>/services/<svc>/routing        Routing (tombstone {"deleted":true} after delete)
//	<root>/services/<svc>                no data; its version grows with every lock taken
//	<root>/services/<svc>/lock           Holder, ephemeral; a dead holder on this host is taken over
//	<root>/services/<svc>/history/<id>   Record, id sorts by time; newest 100 kept
//	<root>/agents/<id>                   AgentStatus, ephemeral (acks included)
//	<root>/notifications/...             notification outboxes (outbox.go)
//
// With digest auth configured (Options.DigestUser/DigestPassword) every node
// yodel creates gets the ACL digest:<user>:<hash> ALL + world READ, so only
// that identity can write. Agents need the same credentials.
//
// # File store layout
//
//	<dir>/.mutex                 flock(2) guarding every read-modify-write
//	<dir>/seq                    change counter for routing, polled by watchers
//	<dir>/routing/<svc>.json     Routing (or tombstone)
//	<dir>/locks/<svc>.json       Holder + token; stale when the pid is gone on this host
//	<dir>/agents/<id>.json       AgentStatus + heartbeat; dead when the pid is gone
//	                             on this host or the heartbeat is older than the TTL
//	<dir>/history/<svc>/<id>.json
//	<dir>/notifications/...      notification outboxes (outbox.go)
//
// Files are written to a temporary name and renamed, so readers never see a
// partial write. Corrupted content is reported with its path, never treated
// as empty.
package state

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"
)

// Version is the compare-and-set token of a service's routing state. It equals
// the state's Generation; 0 means the service has no routing state.
type Version int64

// NoVersion is the expected Version when creating a service's routing state.
const NoVersion Version = 0

// Port is one service port of a service, shared by its stable and canary apps.
type Port struct {
	Name        string `json:"name,omitempty"`
	ServicePort int    `json:"servicePort"`
	Protocol    string `json:"protocol"` // http or tcp
	// IsolatedPort reaches an isolated canary of a TCP service; 0 if none.
	IsolatedPort int `json:"isolatedPort,omitempty"`
}

// Isolated is the port the isolated canary of a TCP service port is
// reached on: the one recorded, else the service port plus the realm's
// haproxy.isolatedPortOffset. 0 when none: an HTTP service's canary is
// reached with the canary header instead, and a port past 65535 cannot be
// bound. The one statement of the rule, for the routing writes, the smoke
// checks and the lb agents.
func (p Port) Isolated(offset int) int {
	if p.Protocol != "tcp" {
		return 0
	}
	iso := p.IsolatedPort
	if iso == 0 && offset > 0 {
		iso = p.ServicePort + offset
	}
	if iso > 65535 {
		return 0
	}
	return iso
}

// Routing is what the lb agents route for one service.
type Routing struct {
	Service        string  `json:"service"`
	Stable         string  `json:"stable,omitempty"` // Marathon app id
	Canary         string  `json:"canary,omitempty"` // Marathon app id, empty when no rollout
	CanaryWeight   float64 `json:"canaryWeight"`     // share of traffic, 0-100
	CanaryIsolated bool    `json:"canaryIsolated,omitempty"`
	// CanarySticky: during a partial step, each client of an HTTP port
	// stays on the track it drew (a cookie) as CanaryWeight grows; off in
	// every other step, which releases every client. Agents older than
	// the field route by weight alone.
	CanarySticky bool   `json:"canarySticky,omitempty"`
	Ports        []Port `json:"ports,omitempty"`
	// Generation is set by the store on every write; see Version.
	Generation int64     `json:"generation"`
	Step       string    `json:"step,omitempty"`
	UpdatedAt  time.Time `json:"updatedAt"`
	UpdatedBy  string    `json:"updatedBy,omitempty"`
	// Rollout is the canary's durable rollout record, opaque to the store.
	Rollout json.RawMessage `json:"rollout,omitempty"`
	// Draining are Marathon task ids of this service that yodel is about to
	// kill: the agents keep them in HAProxy in drain state (no new
	// requests, running ones finish) until Marathon reports them gone, and
	// the CLI kills them once their sessions have ended (pkg/drain). Agents
	// older than the field ignore it. Optional; absent when empty.
	Draining []string `json:"draining,omitempty"`
	// Retiring: the service is being destroyed, so its draining tasks are
	// drained even when no other task serves (otherwise an agent keeps the
	// last ones serving). Agents older than the field keep them serving.
	Retiring bool `json:"retiring,omitempty"`
}

// EventKind says what happened to a service's routing state.
type EventKind int

const (
	// RoutingUpdated carries the service's current routing state.
	RoutingUpdated EventKind = iota + 1
	// RoutingDeleted says the service no longer has routing state.
	RoutingDeleted
	// RoutingSynced says everything up to now has been delivered: after
	// the initial state, and after each re-read following a reconnect.
	// An agent can wait for it before removing what it has not heard of.
	RoutingSynced
)

func (k EventKind) String() string {
	switch k {
	case RoutingUpdated:
		return "updated"
	case RoutingDeleted:
		return "deleted"
	case RoutingSynced:
		return "synced"
	}
	return "unknown"
}

// RoutingEvent is one change seen by WatchRouting.
type RoutingEvent struct {
	Kind    EventKind
	Service string
	Routing Routing // zero for RoutingDeleted
	// Err reports a problem the watcher cannot fix by itself, such as a
	// corrupted routing node; the watch goes on.
	Err error
}

// Agent identifies a `yodel lb` agent.
type Agent struct {
	ID      string `json:"id"`
	Address string `json:"address"` // agent API, e.g. 127.0.0.1:9090
	Host    string `json:"host"`
	Pid     int    `json:"pid"`
	// PidStart is Pid's start time in clock ticks since boot (Linux; 0 when
	// unknown), filled in by the store: a reused pid is not the agent.
	PidStart  uint64    `json:"pidStart,omitempty"`
	StartedAt time.Time `json:"startedAt"`
}

// AgentStatus is a live agent and the routing generation it has applied per
// service.
type AgentStatus struct {
	Agent
	Applied map[string]int64 `json:"applied"`
}

// AgentSession is a registered agent. Closing it deregisters the agent.
type AgentSession interface {
	Agent() Agent
	// Ack records that the agent has applied generation gen of svc.
	Ack(ctx context.Context, svc string, gen int64) error
	// AckMany records several services at once (one write).
	AckMany(ctx context.Context, applied map[string]int64) error
	Close(ctx context.Context) error
}

// Holder says who holds a deployment lock.
type Holder struct {
	User string `json:"user"`
	Host string `json:"host"`
	Pid  int    `json:"pid"`
	// PidStart: see Agent.PidStart.
	PidStart uint64 `json:"pidStart,omitempty"`
	// PidSpace names the boot and pid namespace Pid lives in, filled in by
	// the ZooKeeper store: only a holder in this process's own pid space
	// can be proven dead from here.
	PidSpace  string    `json:"pidSpace,omitempty"`
	Command   string    `json:"command"`
	StartedAt time.Time `json:"startedAt"`
}

// AutoscalerUser is the user of the realm server's autoscaler as a lock
// holder, and the history's user of its changes.
const AutoscalerUser = "autoscaler"

// Autoscaler is h, the realm's server as lock holder, as its autoscaler
// holds a service's lock (user AutoscalerUser, the server's command
// marked).
func (h Holder) Autoscaler() Holder {
	h.User = AutoscalerUser
	h.Command += " (autoscaler)"
	return h
}

// IsAutoscaler: h is the realm server's autoscaler (Autoscaler).
func (h Holder) IsAutoscaler() bool {
	return h.User == AutoscalerUser && strings.HasSuffix(h.Command, " (autoscaler)")
}

// Gone reports whether the holder's process is provably gone: it ran on
// this host, in this process's pid space (when recorded), and has exited
// or its pid was reused. A holder elsewhere is never reported gone.
func (h Holder) Gone() bool {
	return samePidSpace(h.PidSpace) && deadOnThisHost(h.Host, h.Pid, h.PidStart)
}

// Lock is a held deployment lock.
type Lock interface {
	Holder() Holder
	// Lost is closed when the lock can no longer be trusted; the step that
	// needed it must abort. It is not closed by Release.
	Lost() <-chan struct{}
	Release(ctx context.Context) error
}

// TakenOver is implemented by the stores' locks. A lock whose holder was
// provably dead on this host (its process gone, or its pid reused) is
// taken over at once instead of blocking a re-run until the holder's
// session or heartbeat times out; TookOver returns that holder.
type TakenOver interface {
	TookOver() (Holder, bool)
}

// TakeoverNotice says whose lock l took over, or "" when it took a free
// lock. Commands print it so that nobody wonders where a lock went.
func TakeoverNotice(l Lock) string {
	t, ok := l.(TakenOver)
	if !ok {
		return ""
	}
	h, ok := t.TookOver()
	if !ok {
		return ""
	}
	return fmt.Sprintf("took over the lock of dead pid %d (%s@%s, %q, started %s): that process no longer runs on this host",
		h.Pid, orUnknown(h.User), orUnknown(h.Host), h.Command, h.StartedAt.UTC().Format(time.RFC3339))
}

// Outcomes of a rollout or of one of its steps.
const (
	OutcomeSucceeded  = "succeeded"
	OutcomeRolledBack = "rolled-back"
	OutcomeAborted    = "aborted"
	OutcomeFailed     = "failed"
	OutcomeInProgress = "in-progress"
)

// StepInterrupted is the step a later change appends to a record whose
// process died before it recorded an end: the record's Finished is then
// the last time that process recorded, not when it stopped.
const StepInterrupted = "interrupted"

// Interrupted says whether r was closed for a process that died.
func (r Record) Interrupted() bool {
	n := len(r.Steps)
	return n > 0 && r.Steps[n-1].Name == StepInterrupted
}

// Step is one step of a rollout in its history record.
type Step struct {
	Name     string    `json:"name"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	Outcome  string    `json:"outcome"`
	Message  string    `json:"message,omitempty"`
}

// Check is one canary check and its figures.
type Check struct {
	Name    string             `json:"name"`
	Verdict string             `json:"verdict"`
	Figures map[string]float64 `json:"figures,omitempty"`
	Message string             `json:"message,omitempty"`
}

// Record is one rollout in a service's history. It must never hold secrets.
type Record struct {
	ID       string    `json:"id"` // assigned by AppendHistory; sorts by time
	Service  string    `json:"service"`
	Release  string    `json:"release"`
	User     string    `json:"user"`
	Host     string    `json:"host"`
	Command  string    `json:"command"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	Outcome  string    `json:"outcome"`
	Steps    []Step    `json:"steps,omitempty"`
	Checks   []Check   `json:"checks,omitempty"`
	Strategy string    `json:"strategy,omitempty"`
	Flags    []string  `json:"flags,omitempty"`
	// App is the Marathon app definition the rollout put in place, its
	// secrets masked (<secret:env:VAR>, as render prints them): rollback
	// puts a release back from it once Marathon no longer stores the
	// release (a canary's promote deletes the other colour's app, and its
	// versions with it). Absent from older records and from changes that
	// deploy no definition (scale, destroy).
	App json.RawMessage `json:"app,omitempty"`
	// FailedTask is the last task whose failure ended a change that did not
	// succeed: where its output is (`yodel logs --task`) once Marathon no
	// longer lists it (a rolled-back canary's app, a removed first deploy).
	FailedTask *TaskRef `json:"failedTask,omitempty"`
}

// TaskRef names a Mesos task and where it ran.
type TaskRef struct {
	ID      string `json:"id"`
	Host    string `json:"host,omitempty"`
	AgentID string `json:"agentId,omitempty"`
}

// Message is the record's one line: its last step's message, or for a
// rollout that did not succeed the last message any step has (a canary's
// reason is on the step that failed, partial[0], not on the rolled-back
// step after it).
func (r Record) Message() string {
	if n := len(r.Steps); n > 0 && (r.Steps[n-1].Message != "" || r.Outcome == OutcomeSucceeded) {
		return r.Steps[n-1].Message
	}
	for i := len(r.Steps) - 1; i >= 0; i-- {
		if m := r.Steps[i].Message; m != "" {
			return m
		}
	}
	return ""
}

// HistoryLimit is how many records a service keeps; older ones are pruned.
const HistoryLimit = 100

// Store is a realm's state. All methods are safe for concurrent use.
type Store interface {
	// URL is the store's URL as given to Open (it never holds secrets).
	URL() string

	// GetRouting returns ErrNotFound when svc has no routing state.
	GetRouting(ctx context.Context, svc string) (Routing, Version, error)
	// PutRouting writes r if the current version is expected (NoVersion to
	// create) and returns the new version; otherwise ErrConflict.
	PutRouting(ctx context.Context, r Routing, expected Version) (Version, error)
	// DeleteRouting removes svc's routing state if its version is expected.
	DeleteRouting(ctx context.Context, svc string, expected Version) error
	// ListRouting returns every service's routing state, sorted by service.
	ListRouting(ctx context.Context) ([]Routing, error)
	// WatchRouting delivers the current state, then changes, until ctx ends
	// or the store is closed; then the channel is closed.
	WatchRouting(ctx context.Context) (<-chan RoutingEvent, error)

	RegisterAgent(ctx context.Context, a Agent) (AgentSession, error)
	// ListAgents returns the live agents, sorted by ID.
	ListAgents(ctx context.Context) ([]AgentStatus, error)
	// WaitApplied returns nil once every live agent has applied generation
	// gen (or later) of svc. Agents that die meanwhile drop out. It returns
	// ErrNoAgents when no agent is alive, and a *NotAppliedError when the
	// deadline passes first.
	WaitApplied(ctx context.Context, svc string, gen int64, deadline time.Time) error

	// Lock takes svc's deployment lock or returns a *LockedError.
	Lock(ctx context.Context, svc string, h Holder) (Lock, error)

	// AppendHistory stores a new record and returns its ID.
	AppendHistory(ctx context.Context, svc string, r Record) (string, error)
	// UpdateHistory replaces the record with r.ID (an in-progress rollout
	// finishing); ErrNotFound if it was pruned or never existed.
	UpdateHistory(ctx context.Context, svc string, r Record) error
	// History returns up to limit records, newest first (limit <= 0: all).
	History(ctx context.Context, svc string, limit int) ([]Record, error)
	// HistoryServices returns the services that have history records,
	// sorted: those routed, and those destroyed (history is kept).
	HistoryServices(ctx context.Context) ([]string, error)

	// Outboxes: notification delivery state (outbox.go).
	Outboxes

	Close() error
}

// Connectivity is implemented by stores that hold a connection
// (ZooKeeper). ConnError says why the store cannot be reached right now,
// nil while it can: a long-running process (the lb agent) reports it even
// when it has nothing to read or write.
type Connectivity interface {
	ConnError() error
}

// Options configure Open. Secrets come from the caller (environment or a
// file), never from the realm file or the URL.
type Options struct {
	DigestUser     string
	DigestPassword string
	Logger         *slog.Logger
	// Warn receives, once per node or file, what the store skipped over
	// instead of failing: an agent record it cannot decode (one junk node
	// must not stop every deploy of the realm), ACLs it had to tighten.
	// Commands print it as a warning; nil logs it on Logger.
	Warn func(msg string)
	// SessionTimeout is the ZooKeeper session timeout, and the file store's
	// agent heartbeat TTL. Default 10s.
	SessionTimeout time.Duration
	// ConnectTimeout bounds Open's wait for a first ZooKeeper session
	// while no member accepts a connection (refused, unreachable): such a
	// realm fails fast. Default 5s.
	ConnectTimeout time.Duration
	// SessionGrantTimeout bounds Open's wait for a first ZooKeeper session
	// from a member that accepts connections: a busy or just restarted
	// ZooKeeper grants sessions slowly. Default 30s (at least
	// ConnectTimeout).
	SessionGrantTimeout time.Duration

	// ZKDialer dials ZooKeeper servers (default net.DialTimeout). Tests
	// pass zktest.Cutter's Dial to cut the connection for longer than the
	// session timeout, so that the server expires the session for real.
	ZKDialer func(network, address string, timeout time.Duration) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	if o.SessionTimeout <= 0 {
		o.SessionTimeout = 10 * time.Second
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.SessionGrantTimeout <= 0 {
		o.SessionGrantTimeout = 30 * time.Second
	}
	o.SessionGrantTimeout = max(o.SessionGrantTimeout, o.ConnectTimeout)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
