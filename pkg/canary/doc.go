// Package canary is yodel's canary rollout: the state machine kept as durable
// data, the settings it runs with, the checks that judge it (smoke checks
// against the isolated canary, error-rate judgements from the lb agents'
// per-track counters, Marathon task health) and the JUnit report.
//
// # Durable state
//
// A rollout is a Rollout record stored as JSON in the service's routing state
// (state.Routing.Rollout) and mirrored to the service's history. Every
// transition is one compare-and-set write of the routing state that changes
// the record and the routing fields it implies (canary app, share, isolated)
// together, so the lb agents and a later `yodel canary status` always see the
// same step. A deploying CLI that is killed leaves the canary exactly where
// the last write put it, serving safely; `resume` re-runs the recorded step,
// which is why every step is idempotent (creating an app that exists, setting
// a weight that is set, deleting an app that is gone are all no-ops).
//
// # Steps
//
//	starting -> isolated -> partial[0..n-1] -> full-scale -> shift -> drain -> cleanup -> done
//	any step before cleanup -> rolling-back -> rolled-back (a check failed) | aborted (`abort`)
//
// starting writes the canary as isolated with share 0 before the canary app
// exists, so its tasks can never receive public traffic by accident.
// Manual gates stop before partial[0] ("partial") and before full-scale
// ("full") until `promote`. Pause stops the clock of a partial step and any
// step change; judgements go on while paused, and a failed one still rolls
// back: pausing must never make a bad canary safer to keep.
//
// Control commands from other processes (promote, pause, resume, abort) write
// flags into the record with the same compare-and-set; the driver re-reads
// the record before each write, so it can never overwrite them. Abort also
// sets the canary's share to 0 itself, at once, whoever drives the rollout.
//
// # Errors
//
// The errors that end or refuse a rollout (RolledBackError, ActiveError,
// LeftError, NoRolloutError, PastRollbackError) carry a kind
// (pkg/deploy/kind) and data, never a command line or an exit code:
// pkg/cmdutil (engine.go) maps them to exit codes and hints, with the
// deployment engine's (pkg/deploy, whose doc says where everything lives).
package canary
