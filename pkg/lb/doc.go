// Package lb is the `yodel lb` agent: it keeps one HAProxy in step with the
// realm's Marathon and routing state.
//
// # What it routes
//
// Every Marathon app with servicePorts, yodel-managed (label YODEL_SERVICE)
// or not: one frontend per servicePort and a server per task host:port. The
// apps of a yodel service share its servicePorts; the routing state
// (pkg/state) says which app is stable and which is the canary, with which
// share, and whether the canary is isolated. A service without routing state
// routes all its apps as stable. Foreign apps are services of their own,
// named after their app id.
//
// What one app can ask of HAProxy is bounded (BuildOptions): no frontends
// for an app without routing state and without tasks, none beyond
// MaxPortsPerApp or outside the realm's servicePort range, at most
// MaxFrontends in all; on a contested servicePort a service with routing
// state wins. A routing state routes only the service's own apps
// (/<svc>-blue, /<svc>-green, labelled as the service): one naming
// another app is refused and the last good one followed. Refusals are in
// ServicePlan.Refused and the agent's status, and are not acknowledged.
//
// Only TASK_RUNNING tasks are routed and, when the app has health checks,
// only tasks Marathon reports alive. A task Marathon reports killing (or any
// terminal state) leaves at once, even if a later read of the app still
// lists it running. When health results are missing (a Marathon leader
// change), the last known health is kept (Health). When no running task of
// a service passes its checks, the tasks that passed before stay routed
// (fail open): an empty backend would fail every request for certain.
//
// # How it runs
//
// Build is the pure part: apps + routing + health -> haproxy.Config and a
// Plan saying which service got which backends and generation; Builder is
// Build with a memory, rebuilding only the services whose inputs changed
// (what the agent uses, so a one-task change among thousands of services
// costs one service's build). Agent runs two loops. Marathon's event stream
// and the routing-state watch mark what changed; the read loop re-reads the
// changed apps (each request cut at Options.ReadTimeout, 3 s by default,
// well under Marathon's 5 s kill grace). The apply loop builds the current
// view and applies it (pkg/haproxy: runtime API for servers and weights,
// validated reload only for structure), a short debounce window coalescing
// bursts, then acknowledges the routing generations read from Marathon
// after they were written. What an event says by itself (a task killing or
// gone, a task running on a host and ports of an app already read, a health
// change) is applied without waiting for any read, and a read that began
// before the event does not undo it. A periodic full resync heals anything
// missed. Marathon or the store unreachable: the last good state keeps
// serving (fail static) while the agent retries with backoff and reports
// the error in /v1/status and /metrics. A failed sync also asks HAProxy
// whether it still runs: a dead one is reported as down (status haproxy,
// yodel_lb_haproxy_up 0, an error log), not as serving.
//
// # Agent API
//
//	GET /healthz     200 "ok" while the process runs
//	GET /v1/status   Status: applied generation per service, last sync, errors
//	GET /v1/stats    StatsResponse: per service and track request counters
//	GET /metrics     Prometheus text exposition
//
// Bound to loopback by default; bound elsewhere, every path except /healthz
// needs "Authorization: Bearer <token>". Client reads the JSON endpoints.
package lb
