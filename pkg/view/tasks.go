package view

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Task is one task of an app in `yodel status SERVICE`: where it runs, its
// state and health, and whether it runs the app's current configuration.
// The task ids are what `yodel logs --task` takes.
type Task struct {
	ID    string `json:"id"`
	Host  string `json:"host"`
	Ports []int  `json:"ports,omitempty"`
	// State is Mesos's: TASK_STAGING, TASK_RUNNING, TASK_KILLING, ...
	State   string `json:"state"`
	Version string `json:"version"`
	// Current: the task runs the app's current configuration; Release is
	// then the app's. A rolling deploy's older tasks are not current, and
	// their release is not in Marathon's answer.
	Current bool   `json:"current"`
	Release string `json:"release,omitempty"`
	// Health is one of the Health* values; empty when the task is not
	// running.
	Health string `json:"health,omitempty"`
	// HealthFailure names the failing check and Marathon's
	// lastFailureCause ("HTTP /health: 503 Service Unavailable");
	// ConsecutiveFailures counts them (Marathon kills the task past the
	// check's maxConsecutiveFailures).
	HealthFailure       string    `json:"healthFailure,omitempty"`
	ConsecutiveFailures int       `json:"consecutiveFailures,omitempty"`
	StagedAt            time.Time `json:"stagedAt,omitzero"`
	StartedAt           time.Time `json:"startedAt,omitzero"`
	// Surplus: running beyond the app's instances; Marathon's next scale
	// check kills it (App.Surplus).
	Surplus bool `json:"surplus,omitempty"`
	// Routing is how each lb agent's HAProxy holds the task in the public
	// backend of each servicePort (AddTaskRouting); empty when no agent
	// was read.
	Routing []TaskRoute `json:"routing,omitempty"`
}

// TaskRoute is one task in one agent's public backend of one servicePort.
type TaskRoute struct {
	Agent string `json:"agent"`
	Port  int    `json:"port"`
	// Status is HAProxy's (UP, DOWN, DRAIN, MAINT, NOLB, "no check",
	// "UP 1/3"...), or RouteAbsent, or RouteIsolated.
	Status   string `json:"status"`
	Check    string `json:"check,omitempty"` // HAProxy's check_status
	Weight   int    `json:"weight"`
	Sessions int64  `json:"sessions,omitempty"`
}

// Statuses of a TaskRoute that are not HAProxy's.
const (
	// RouteAbsent: the agent routes the service, but its backend does not
	// hold the task (not running, not healthy yet, or already removed).
	RouteAbsent = "absent"
	// RouteIsolated: an isolated canary's task, in the canary backend only
	// (smoke tests), never in the public one.
	RouteIsolated = "isolated"
)

// RoutePart is one state the lb agents' HAProxys hold a task in, in
// words, and the agents that hold it so.
type RoutePart struct {
	State  string   `json:"state"`
	Agents []string `json:"agents"`
}

// Route states of RoutePart that are not a failed check's.
const (
	RouteServing = "serving"
	RouteNotIn   = "not in HAProxy"
)

// Serving says the part's agents send the task traffic.
func (p RoutePart) Serving() bool { return p.State == RouteServing }

// Bad says the task should get traffic there and does not: its check
// fails, or HAProxy does not hold it.
func (p RoutePart) Bad() bool { return strings.HasPrefix(p.State, "down") || p.State == RouteNotIn }

// CheckMismatch names where HAProxy's own check fails a task Marathon
// counts healthy ("down: connection refused (L4CON) on lb-2"): Marathon
// checks from its host, HAProxy from the lb host, and a firewall or a
// bind address only one of them reaches fails the other. "" otherwise.
func (t Task) CheckMismatch() string {
	if t.Health != HealthHealthy && t.Health != HealthNone {
		return ""
	}
	var out []string
	for _, p := range t.RouteParts() {
		if strings.HasPrefix(p.State, "down") {
			out = append(out, p.State+" on "+p.AgentsText())
		}
	}
	return strings.Join(out, "; ")
}

// RouteParts is RouteSummary of the task's routes.
func (t Task) RouteParts() []RoutePart { return RouteSummary(t.Routing) }

// AgentsText lists the part's agents, comma separated.
func (p RoutePart) AgentsText() string { return strings.Join(p.Agents, ", ") }

// RouteSummary folds a task's routes into its states in words, in the
// order they first appear, each with its agents: one part when every
// agent holds it alike.
func RouteSummary(routes []TaskRoute) []RoutePart {
	var parts []RoutePart
	for _, r := range routes {
		c := routeState(r)
		i := slices.IndexFunc(parts, func(p RoutePart) bool { return p.State == c })
		if i < 0 {
			parts = append(parts, RoutePart{State: c})
			i = len(parts) - 1
		}
		if !slices.Contains(parts[i].Agents, r.Agent) {
			parts[i].Agents = append(parts[i].Agents, r.Agent)
		}
	}
	return parts
}

// routeState is what one agent's HAProxy does with a task, in words.
func routeState(r TaskRoute) string {
	s := r.Status
	switch {
	case s == RouteAbsent:
		return RouteNotIn
	case s == RouteIsolated:
		return "isolated"
	case strings.HasPrefix(s, "DRAIN"):
		return "draining"
	case strings.HasPrefix(s, "MAINT"):
		return "maintenance"
	case strings.HasPrefix(s, "NOLB"):
		return "no new sessions"
	case strings.HasPrefix(s, "DOWN"):
		if why := checkWords(r.Check); why != "" {
			return "down: " + why
		}
		return "down"
	case r.Weight == 0:
		return "no share" // a canary at 0%, a stable app at a full canary
	case strings.HasPrefix(s, "UP") || s == "no check":
		return RouteServing
	}
	return strings.ToLower(s)
}

// checkWords says a failed HAProxy check_status in words, the code after.
func checkWords(code string) string {
	code = strings.TrimPrefix(code, "* ")
	words := map[string]string{
		"L4CON": "connection refused", "L4TOUT": "connect timeout", "L6TOUT": "check timeout", "L7TOUT": "check timeout",
		"L7STS": "bad HTTP status", "L7RSP": "bad response", "L6RSP": "bad response", "SOCKERR": "socket error",
	}[code]
	switch {
	case code == "":
		return ""
	case words == "":
		return code
	}
	return words + " (" + code + ")"
}

// ServersRead is the outcome of reading one agent's
// /v1/services/{service}/servers.
type ServersRead struct {
	Servers lb.ServersResponse
	Err     error
}

// AddTaskRouting puts on each task of apps how every agent read (by id)
// holds it, agents in id order, then ports in order. An agent that could
// not be read is named in the apps' ServersUnread; one that does not
// route the service adds nothing (the app's routing errors say why).
func AddTaskRouting(apps []App, reads map[string]ServersRead) {
	ids := slices.Sorted(maps.Keys(reads))
	for i := range apps {
		a := &apps[i]
		if !a.Yodel || len(a.Tasks) == 0 {
			continue
		}
		for _, id := range ids {
			rd := reads[id]
			if rd.Err != nil {
				a.ServersUnread = append(a.ServersUnread, fmt.Sprintf("agent %s: %v", id, rd.Err))
				continue
			}
			if !rd.Servers.Routed {
				continue
			}
			held := map[string]map[int]lb.ServerState{}
			ports := slices.Clone(a.ServicePorts)
			for _, s := range rd.Servers.Servers {
				if held[s.Server] == nil {
					held[s.Server] = map[int]lb.ServerState{}
				}
				held[s.Server][s.Port] = s
				ports = append(ports, s.Port)
			}
			slices.Sort(ports)
			ports = slices.Compact(ports)
			for k := range a.Tasks {
				t := &a.Tasks[k]
				on := held[haproxy.ServerName(t.ID)]
				for _, p := range ports {
					r := TaskRoute{Agent: id, Port: p, Status: RouteAbsent}
					if s, ok := on[p]; ok {
						r = TaskRoute{Agent: id, Port: p, Status: s.Status, Check: s.Check, Weight: s.Weight, Sessions: s.Sessions}
					} else if a.Isolated {
						r.Status = RouteIsolated
					}
					t.Routing = append(t.Routing, r)
				}
			}
		}
	}
}

// StateText is the task's Mesos state as people say it: "running" for
// TASK_RUNNING.
func (t Task) StateText() string { return strings.ToLower(strings.TrimPrefix(t.State, "TASK_")) }

// A running task's health, as Marathon reports it.
const (
	HealthHealthy = "healthy"
	HealthFailing = "failing"
	// HealthPending: no result yet, within its grace period or before its
	// first check (Marathon records no failure before a first success in
	// the grace period).
	HealthPending = "pending"
	// HealthUnchecked: Marathon stopped checking it (marathon.App.Unchecked:
	// a 1.4 leader that garbage-collected its app version); the lb agents
	// route it on HAProxy's checks.
	HealthUnchecked = "unchecked"
	// HealthNone: the app has no health checks, so Marathon counts the
	// task healthy as soon as it runs.
	HealthNone = "none"
)

// Tasks lists an app's tasks, those of its current configuration first,
// then each by start (oldest first). surplus are the ids App.Surplus
// names.
func Tasks(a *marathon.App, surplus []string, now time.Time) []Task {
	out := make([]Task, 0, len(a.Tasks))
	for _, t := range a.Tasks {
		if t == nil {
			continue
		}
		v := Task{ID: t.ID, Host: t.Host, Ports: slices.Clone(t.Ports), State: t.State, Version: t.Version,
			Current: a.IsCurrent(t.Version), Surplus: slices.Contains(surplus, t.ID)}
		if v.Current {
			v.Release = a.Label(appdef.LabelRelease)
		}
		v.StagedAt, _ = time.Parse(time.RFC3339Nano, t.StagedAt)
		v.StartedAt, _ = time.Parse(time.RFC3339Nano, t.StartedAt)
		if marathon.TaskRunning(t) {
			v.Health, v.HealthFailure, v.ConsecutiveFailures = taskHealth(a, t, now)
		}
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(x, y Task) int {
		if x.Current != y.Current {
			if x.Current {
				return -1
			}
			return 1
		}
		if c := startOf(x).Compare(startOf(y)); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out
}

// startOf is when a task started, or was staged while it has not.
func startOf(t Task) time.Time {
	if !t.StartedAt.IsZero() {
		return t.StartedAt
	}
	return t.StagedAt
}

// taskHealth reads a running task's health results: the first failing
// check names the failure.
func taskHealth(a *marathon.App, t *marathon.Task, now time.Time) (health, failure string, failures int) {
	switch {
	case !a.HasHealthChecks():
		return HealthNone, "", 0
	case a.TaskHealthy(t):
		return HealthHealthy, "", 0
	}
	for i, r := range t.HealthCheckResults {
		if r == nil || r.Alive {
			continue
		}
		failure = a.CheckName(i)
		if r.LastFailureCause != "" {
			failure += ": " + r.LastFailureCause
		}
		return HealthFailing, failure, r.ConsecutiveFailures
	}
	if a.Unchecked(t, now) {
		return HealthUnchecked, "", 0
	}
	return HealthPending, "", 0
}

// TaskToRead is the task whose output a service's status suggests
// reading: the first one failing its health check, else the first
// listed; "" when the apps have none.
func TaskToRead(apps []App) string {
	first := ""
	for _, a := range apps {
		for _, k := range a.Tasks {
			if k.Health == HealthFailing {
				return k.ID
			}
			if first == "" {
				first = k.ID
			}
		}
	}
	return first
}
