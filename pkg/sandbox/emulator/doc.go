// Package emulator is a single-node Marathon (1.4.13 by default, or
// 1.10.26) that speaks the Marathon v2 REST API in that version's wire
// format and really runs tasks. yodel's sandbox
// and tests use it; production code talks to it as to a real Marathon.
//
// # Go API
//
//	emu, err := emulator.New(emulator.Config{StateDir: dir, Executor: "process"})
//	defer emu.Close()
//	err = emu.Serve(ctx, ln) // blocks until ctx ends
//
// With a StateDir, leadership (and so the scheduler) starts in Serve, which
// needs the listener to publish the leader's address; without one, Handler
// alone is enough. Tests use package emutest, which starts one in process
// on a free port. For a sandbox teardown, StopAllTasks stops every task of
// a running emulator and KillTasks(stateDir, grace) those recorded in a
// state dir when no emulator runs.
//
// # Executors
//
// "process" runs `sh -c cmd` in DIR/tasks/<taskId> with stdout and stderr in
// files there, in its own process group; kills send SIGTERM, then SIGKILL
// after taskKillGracePeriodSeconds (3s by default). The directory of the
// running executable is prepended to PATH, so a cmd such as `yodel example
// hello` works. Apps with a container image are refused with a 422 unless a
// Docker engine is present. "inproc" serves each task from inside the
// emulator: one HTTP listener per host port, answering every path with
// {"appId","version","taskId","port"}; it runs thousands of tasks cheaply.
// Killed, an inproc task acts as a server that drains on SIGTERM: it keeps
// serving, new connections too, for half the grace period, then finishes
// in-flight requests until the grace period ends. Either way TASK_KILLED is
// reported when the task has ended, and TASK_KILLING at once only with the
// task_killing feature (see Modes).
//
// # Modes
//
// Config.MarathonVersion and Config.Features (`--marathon-version`,
// `--enable-features`) choose the Marathon modelled. Every behaviour in
// which the versions differ is a field of Mode, built in modes.go from one
// table (modeTable) plus the features; code asks e.mode, never the version
// string. The contract, each read from Marathon's source (docs/emulator.md
// has the file references and what still differs):
//
//   - Version: /v2/info "version" is 1.4.13 or 1.10.26; Features are
//     marathon_config.features. Unknown versions and feature names are
//     refused, as Marathon refuses unknown --enable_features.
//
//   - TaskKilling (feature task_killing, either version): a kill is reported
//     as TASK_KILLING (status_update_event, task state) at once. Without it
//     the task stays TASK_RUNNING until TASK_KILLED, as on a plain Marathon:
//     Mesos sends TASK_KILLING only to frameworks with the
//     TASK_KILLING_STATE capability (MarathonSchedulerDriver).
//
//   - ids: 1.4 names a task <app>.<uuid> and its instance
//     <app>.marathon-<uuid>; 1.10 names the instance <app>.instance-<uuid>
//     and the task <instance>._app.<n>, and relaunches an instance whose
//     task ended with its goal still Running (killed through the API
//     without scale or wipe, killed for failing health checks, failed)
//     under its next incarnation. Health results and health events name
//     the instance only (no taskId).
//
//   - Kill replies: 1.4 answers DELETE /v2/apps/{id}/tasks[/{taskId}]
//     without scale with its internal Instance JSON, 1.10 with tasks.
//
//   - Rolling restarts: 1.4 kills active-minHealthy old instances at once,
//     healthy or not; 1.10 counts healthy ones and kills extras.
//
//   - raml (1.10): apps, tasks, app infos and deployment events in 1.10's
//     RAML shapes (raml110.go: networks and role instead of ports and
//     ipAddress, port mappings on the container, Options and empty
//     omitEmpty collections left out, tasks with role and localVolumes,
//     tasksStats, plans without groups); 1.4's play-json shapes otherwise.
//     provisionEvents (1.10): a launch is reported Scheduled then
//     Provisioned (instance_changed_event only), not TASK_STAGING.
//     The emulator stores every app in its 1.4 form and converts on output.
//
//   - /v2/queue overdue without a delay (1.10), HTTP callbacks (1.4 only),
//     failed_health_check_event's instance key, and the status of a
//     fractional seconds value (1.4 400, 1.10 422).
//
//   - An event stream that falls behind (more than
//     Config.EventStreamMaxOutstanding events unwritten) loses the events
//     beyond it in 1.4, without a word, and is closed in 1.10.
//
//   - A new leader health-checks a task whose app version the garbage
//     collector removed (gc.go) with the latest definition in 1.10, and
//     not at all in 1.4.
//
// # Differences from Marathon
//
// docs/emulator.md has the full compatibility table. In short: groups
// exist only implicitly, through the apps below them (a 1.4 deployment
// event's plan carries every app in its original and target root groups,
// flat, as Marathon's would for apps at the root); dependencies do not order steps; one agent, no offers, no
// pods.
//
// # Durability and leader election
//
// With a StateDir the state is saved atomically to DIR/state.json: an
// accepted API change (create, update, scale, delete, restart) before it is
// answered, as Marathon writes to ZooKeeper before its 200/201, so a kill
// -9 right after the answer loses nothing (concurrent requests share one
// write); what the scheduler changes on its own (task states, deployment
// steps) within 50 ms, coalesced; process tasks outlive the emulator and are adopted by the
// next one, which checks each pid's start time. Emulators sharing a
// StateDir elect a leader with flock(DIR/leader.lock); the leader publishes
// its address in DIR/leader.json. A follower proxies API calls to it,
// answers /v2/events with a 302 to it, answers /ping itself, and takes over
// within Config.LeaderPollInterval (200 ms) when the leader dies.
//
// # TLS and authentication
//
// Config.TLSCertFile/TLSKeyFile (`yodel sandbox marathon --tls-cert
// --tls-key`) serve https only; Config.Credentials asks for basic auth and
// Config.Token accepts "Authorization: token=<Token>" (DC/OS), either one
// being enough when both are set. Config.ReadOnlyCredentials and
// ReadOnlyToken (`--read-only-credentials`) are a viewer: GET works,
// anything else is answered 403 {"message":"Not Authorized to perform this
// action!"}, which is how yodel's handling of a credential lacking
// permission is tested. A wrong or missing credential is a 401.
//
// # Fault injection
//
// Under /_emulator/ (never under /v2; with credentials configured they need
// them, read-only ones only for GET). All are POST
// unless stated; they answer {"message":"ok"}.
//
//	GET    /_emulator/status                      {"leader","addr","eventStreams"}
//	DELETE /_emulator/faults                      clear the API faults below
//	POST   /_emulator/faults/delay?duration=500ms delay every API response (0 clears)
//	POST   /_emulator/faults/fail?count=N&status=503[&method=PUT][&after=true]
//	                                              answer the next N API requests (of that method) with a 5xx;
//	                                              after=true applies each first (Marathon acted, the caller never heard)
//	POST   /_emulator/faults/reset?count=N        reset (TCP RST) the next N API connections
//	POST   /_emulator/tasks/{taskId}/kill         the task dies on its own (TASK_FAILED, relaunched with backoff)
//	POST   /_emulator/tasks/{taskId}/wedge        the task stops answering (SIGSTOP; inproc: requests hang)
//	POST   /_emulator/tasks/{taskId}/unwedge      undo wedge
//	POST   /_emulator/tasks/{taskId}/fail-health  every health check of the task fails from now on
//	POST   /_emulator/tasks/{taskId}/pass-health  undo fail-health
//	POST   /_emulator/tasks/{taskId}/unreachable  Mesos lost the task's agent: TASK_UNREACHABLE, not checked, the
//	                                              process runs on; replaced per the app's unreachableStrategy
//	                                              (default 0/0: at once) (409 unless running)
//	POST   /_emulator/tasks/{taskId}/reachable    the agent is back: TASK_RUNNING again, or killed as unknown
//	                                              once expunged (409 unless unreachable)
//	POST   /_emulator/jobs/{job}                  run one of Marathon's periodic jobs now: scale-check (kills a
//	                                              surplus), reconcile (Mesos reports unreachable tasks again),
//	                                              expunge (of overdue unreachable instances)
//	POST   /_emulator/events/drop                 close every /v2/events stream
//	POST   /_emulator/leadership/lose             abdicate: another emulator on the state dir takes over
package emulator
