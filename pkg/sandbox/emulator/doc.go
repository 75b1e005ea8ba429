// Package emulator is a single-node Marathon 1.4 that speaks the Marathon
// v2 REST API in 1.4's wire format and really runs tasks. yodel's sandbox
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
// in-flight requests until the grace period ends. Either way the kill is
// reported (TASK_KILLING) at once and TASK_KILLED when the task has ended.
//
// # Differences from Marathon 1.4
//
// Deployment plans in events carry only the affected apps in their
// original and target groups (Marathon sends the whole root group).
// healthCheckResults and health events carry both instanceId (1.4) and
// taskId (≤1.3), since go-marathon 0.7.1 reads taskId. Groups exist only
// implicitly, through the apps below them. Dependencies do not order steps.
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
//	POST   /_emulator/faults/fail?count=N&status=503
//	                                              answer the next N API requests with a 5xx
//	POST   /_emulator/faults/reset?count=N        reset (TCP RST) the next N API connections
//	POST   /_emulator/tasks/{taskId}/kill         the task dies on its own (TASK_FAILED, relaunched with backoff)
//	POST   /_emulator/tasks/{taskId}/wedge        the task stops answering (SIGSTOP; inproc: requests hang)
//	POST   /_emulator/tasks/{taskId}/unwedge      undo wedge
//	POST   /_emulator/tasks/{taskId}/fail-health  every health check of the task fails from now on
//	POST   /_emulator/tasks/{taskId}/pass-health  undo fail-health
//	POST   /_emulator/events/drop                 close every /v2/events stream
//	POST   /_emulator/leadership/lose             abdicate: another emulator on the state dir takes over
package emulator
