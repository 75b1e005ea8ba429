// Package marathon is yodel's Marathon 1.4 client: apps, tasks, deployments,
// the /v2/events stream and deployment waits, with errors typed for the CLI.
//
// # What comes from go-marathon and what does not
//
// The wire types (Application, Task, HealthCheck, Container, …) are
// github.com/gambol99/go-marathon v0.7.1's, embedded in App so yodel speaks
// exactly the 1.4 JSON that library speaks; App adds the fields 0.7.1 lacks
// (readinessChecks, killSelection, unreachableStrategy).
//
// The HTTP layer is implemented here on net/http, with go-marathon's failover
// semantics (members in configured order, the first one up is used; a
// transport error or any 5xx marks it down and the call moves to the next),
// because go-marathon 0.7.1 gets in the way of what yodel must report:
//   - its calls take no context, so Ctrl-C and --timeout cannot cancel them;
//   - it flattens error bodies into strings, losing the deployment ids of a 409
//     and the field paths of a 422 that LockedError and InvalidError carry;
//   - ErrMarathonDown drops the per-URL errors that UnreachableError lists;
//   - a down member is re-probed by an unauthenticated GET /ping in a goroutine
//     that never stops, so behind basic auth it never comes back up. Here a
//     down member is simply tried after the members that are up, and every
//     call tries each URL at most once;
//   - KillTask derives the app from the task id (wrong for 1.7+ ids); KillTasks
//     here uses POST /v2/tasks/delete instead;
//   - UpdateApplication merges into the live app (partialUpdate defaults to
//     true), so a field removed from the manifest would survive; UpdateApp sends
//     partialUpdate=false because yodel always sends the whole definition.
//
// As in go-marathon, a 5xx answer to a POST or PUT is retried on the next
// member; Marathon's 503 means the leader timed out, and a repeated create
// then answers 409 "already exists" rather than creating twice.
//
// Also implemented here: the SSE event stream (go-marathon's reuses the
// request client, whose Timeout kills the stream, and reconnects to one URL
// only) and WaitDeployment (WaitOnDeployment returns at once when the id is
// not listed and knows nothing about task health or stalls).
//
// Unlike go-marathon, a DC/OS token does not add a /marathon prefix: give the
// full base URL (https://dcos.example.com/service/marathon).
package marathon
