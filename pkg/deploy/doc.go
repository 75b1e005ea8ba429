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
//   - session.go: Session, one service opened for changes (Marathon,
//     store, lock, the guard's record, history record), its Events
//     (begin/end, step, progress, warning, note), Settle (how a change
//     that did not reach its goal ends).
//   - marathon.go: Marathon, what the engine reads and writes of
//     Marathon, as an interface (*marathon.Client has it): the rules are
//     tested with fakes (deployment_test.go), Marathon's behaviour with
//     the emulator (pkg/cmd/* end-to-end tests).
//   - deployment.go: the rolling deployer. PlanDeploy (stable app,
//     routing state, the release's definition, the diff with DiffOptions
//     from plan.go), Unchanged and RepairRouting (a release Marathon runs
//     whose routing state was never written), UseCanary (the strategy
//     rule), and Rolling: update or create, wait for a deployment an
//     earlier run started (OwnDeployment), resend an update Marathon lost
//     (UpdateLost), undo a stall or an interrupt the caller wants undone,
//     write the routing state under the lock (WriteLocked, StableRouting),
//     wait for the lb agents (NotRoutedError names the lagging ones), and
//     record history. Its DeployResult is what the CLI's result reports.
//   - surge.go: the drained rolling deploy of a routed service (the
//     surge through the other colour, pkg/drain's Surge).
//   - rolling.go: the rules the rolling deployer applies (Healthy,
//     UpdateLost, OwnDeployment, RoutingBehind, StableRouting,
//     WriteLocked).
//   - change.go: Change and Session.Run, the change that is waited for and
//     undone when it stalls (scale, rollback), with the drained surge
//     (pkg/drain) for a routed app.
//   - scale.go and rollback.go: PlanScale and Scale (the realm's instance
//     limit; a scale-down drains the tasks it kills), PlanRollback and
//     Rollback (FindVersion: the newest stored version of a release that
//     history says deployed well; a deployment still on the app is
//     replaced; a routed app surges), each a Change. The caller prompts
//     between the plan and the change. `yodel scale`, the API's scale and
//     the realm server's autoscaler (pkg/autoscale) all scale this way.
//   - destroy.go: PlanDestroy and Destroy.
//   - canary.go: the canary deploy: Session.DeployCanary (recorded for the
//     realm's server, or driven to its end; a 422 mapped to the
//     manifest's lines), PrepareCanary (routing state made ready, the
//     canary app and the new rollout record), RebuildApp (the canary app
//     of a resumed rollout, from the recorded manifest) and SmokeTarget
//     (where the isolated canary is reached).
//   - control.go: the canary controls and the takeover. Session.Control
//     (promote, abort, pause, resume: the guard, CheckResume for a control
//     that drives on, the record's change, abort's wait for the lb agents
//     to apply share 0); TakeOver, the one rule for driving a rollout one
//     did not start (the lock is free or its holder dead, and the stable
//     app is as recorded), used by `canary resume|promote|abort` and by
//     the realm's server when it adopts an orphaned rollout; Continue
//     (TakeOver, then DriveRollout); FinishInstead (an abort past the
//     point of no return finishes the rollout forwards and still fails);
//     WaitForDriver (an abort waits for the live driver to roll back).
//   - window.go: the rollback window (canary.keepPrevious): who ends
//     it (the realm's server, else the next change of the service:
//     GuardAndLock calls EndWindow), FlipBack (`yodel rollback` inside
//     it: share 0 in one write), WindowRollout, and PlanWindow (the
//     capacity it holds, for the deploy's plan).
//   - drive.go: DriveRollout and TryLock, the canary Driver wired with the
//     store, Marathon, the agents' counters, the drainer, RebuildApp and
//     SmokeTarget, shared by the CLI (its live view is the event sink) and
//     the realm's server (pkg/server), with the one liveness rule for a
//     rollout's driver (its lock); RecordRollout (a detached deploy).
//   - wait.go: Wait, the Marathon wait with a timeout, a lost lock and
//     Ctrl-C told apart (Ending), and LockLostError.
//   - routing.go: the routing rules a change writes (StableAppID,
//     RoutingPorts; the isolated-port rule is state.Port.Isolated, which
//     pkg/lb's build uses too).
//   - errors.go and kind/: the error Kinds (declared in pkg/deploy/kind,
//     a leaf package, so that pkg/canary's errors have them too) and
//     ChangeError, whose Left says what a stopped change left going on.
//     pkg/cmdutil (engine.go) maps each Kind to its exit code, and each
//     engine and canary error to its hint, in one place.
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
//   - pkg/cmd/*: flags, prompts, rendering of the Events (svcutil.Session
//     renders them in the live view; pkg/cmd/canary/shared presents a
//     rollout the engine drives: live view, JUnit report, result), the
//     result JSON (pkg/cmd/deploy's Result is filled from DeployResult),
//     hints and exit codes. The realm's API and dashboard run the CLI's
//     Run functions (pkg/cmd/server), so every change they make goes
//     through the same engine calls.
//     pkg/cmd/svcutil opens the Session from the factory's dependencies
//     (Open, OpenRealm) and holds the read commands' set-up (ReadRunE,
//     Deps.RealmMarathon, Deps.RealmStore).
package deploy
