// Package deploy is the deployment engine's domain: the rules every change
// of a service follows, whoever asks for it (the CLI today; a realm
// controller or a dashboard next). It has no cobra and no IOStreams: it
// takes its dependencies (Marathon, the state store, the lb agents, a
// clock) as values or interfaces, reports progress as Events, and returns
// errors that carry a Kind and data, never a command line or an exit code.
//
// # DESIGN: where everything lives
//
// In this package:
//
//   - guard.go: the one guard. Every mutating operation (deploy, scale,
//     rollback, destroy, the canary controls) calls Guard with its Op
//     before it takes the service's lock and again once it holds it
//     (Session.GuardAndLock): while a canary rollout is active, only the
//     operations the rollout allows (its own controls, and destroy, which
//     closes it) go ahead; the others get a *RolloutActiveError
//     (KindLocked) naming the rollout, its step and the manual gate it
//     waits at. A refused operation writes nothing: no history row, no
//     Marathon change.
//   - rollout.go: what the engine does to a rollout from outside its
//     driver: Close (destroy ends the record and its history row),
//     CheckResume (a resume or promote that drives on refuses when the
//     stable app changed since the rollout began, rather than silently
//     undo that change) and NowServing (what really serves once a rollout
//     ended, read from Marathon, not from the record).
//   - session.go: Session, one service opened for changes (Marathon, store,
//     lock, the guard's record, history record), its Events, Settle (how a
//     change that did not reach its goal ends).
//   - change.go: Change and Session.Run, the change that is waited for and
//     undone when it stalls (scale, rollback), with the drained surge
//     (pkg/drain) for a routed app.
//   - destroy.go: PlanDestroy and Destroy.
//   - canary.go: the canary entry: PrepareCanary (routing state made ready,
//     the canary app and the new rollout record), RebuildApp (the canary
//     app of a resumed rollout, from the recorded manifest) and
//     SmokeTarget (where the isolated canary is reached).
//   - drive.go: DriveRollout and TryLock, the canary Driver wired with the
//     store, Marathon, the agents' counters, the drainer, RebuildApp and
//     SmokeTarget, shared by the CLI (its live view is the event sink) and
//     the realm's server (pkg/server), with the one liveness rule for a
//     rollout's driver (its lock).
//   - wait.go: Wait, the Marathon wait with a timeout, a lost lock and
//     Ctrl-C told apart (Ending), and LockLostError.
//   - routing.go: the routing rules a change writes (StableAppID,
//     RoutingPorts; the isolated-port rule is state.Port.Isolated).
//   - errors.go: the error Kinds. pkg/cmdutil (engine.go) maps each Kind to
//     its exit code and hint, in one place.
//
// Elsewhere:
//
//   - pkg/canary: the rollout record, the step table (steps.go: name,
//     routing, public traffic, way back, run, text), the Judge and the
//     Driver that runs a rollout to its end.
//   - pkg/drain: draining tasks on every lb agent before a kill, and the
//     surge of a routed app.
//   - pkg/appdef: the Marathon app definition (Build) and its inverse for
//     a Marathon 422 (ManifestField, MapInvalid).
//   - pkg/cmd/*: flags, prompts, rendering of the Events, the result JSON,
//     hints and exit codes. pkg/cmd/svcutil.Session is this package's
//     Session with the command's streams.
//
// Not moved yet (issue 13 continues): the rolling deployer
// (pkg/cmd/deploy/deploy.go and surge.go: plan, apply, lost-update resend,
// undo, routing write, ack wait) still lives in the CLI; it already
// uses this package's guard, waits and errors, and moves next behind
// the same Session. pkg/canary's errors still carry their exit codes and
// hints (its tests assert them there).
package deploy
