// Package deploy is the deployment engine's domain: the rules every change
// of a service follows, whoever asks for it (the CLI today, a realm
// controller or a dashboard next). It has no cobra and no IOStreams: it
// takes its dependencies (Marathon, the state store, the lb agents, a
// clock) as values or interfaces, reports progress as events, and returns
// errors that carry a Kind and data, never a command line or an exit code.
//
// # DESIGN: where everything lives
//
//   - guard.go: the one guard. Every mutating operation (deploy, scale,
//     rollback, destroy, the canary controls) calls Guard with its Op
//     before it takes the service's lock and again once it holds it: while
//     a canary rollout is active, only the operations the rollout allows
//     (its own controls, and destroy, which closes it) go ahead; the others
//     get a *RolloutActiveError (KindLocked) naming the rollout, its step
//     and the manual gate it waits at. A refused operation writes nothing:
//     no history row, no Marathon change.
//   - rollout.go: what the engine does to a rollout from outside its
//     driver: Close (destroy ends the record and its history row),
//     CheckResume (a resume must never silently revert a change made to
//     the stable app after the rollout began) and Serving (what really
//     serves once a rollout ended, read from Marathon, not from the record).
//   - errors.go: the error kinds. pkg/cmdutil maps each Kind to its exit
//     code and hint, in one place.
//
// The rollout itself (record, step table, judge, driver) is pkg/canary;
// the drain of tasks before a kill is pkg/drain; the Marathon app
// definition is pkg/appdef. pkg/cmd/* keeps flags, prompts, rendering,
// hints and exit codes only.
package deploy
