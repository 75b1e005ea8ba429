package emulator

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Executor names accepted by Config.Executor.
const (
	ExecutorProcess = "process"
	ExecutorInproc  = "inproc"
)

// Config configures an Emulator. Zero values get Marathon's defaults.
type Config struct {
	// StateDir holds the persisted state, the leader lock and the process
	// executor's task directories. Empty: state lives in memory only and
	// process tasks run under a temporary directory.
	StateDir string
	// Executor is "process" (default) or "inproc".
	Executor string
	// Credentials "user:pass" turns on basic auth for every path.
	Credentials string
	// Token, when set, is accepted as a DC/OS ACS token
	// ("Authorization: token=<Token>") on every API path; with Credentials
	// too, either one is enough.
	Token string
	// ReadOnlyCredentials "user:pass" and ReadOnlyToken are accepted like
	// Credentials and Token, but only to read: any other method (a deploy,
	// scale, restart, delete) is answered 403 with Marathon's body
	// {"message":"Not Authorized to perform this action!"}, as a real
	// Marathon with an authorizer plugin (or DC/OS IAM) answers a viewer.
	ReadOnlyCredentials string
	ReadOnlyToken       string
	// TLSCertFile and TLSKeyFile (PEM) make Serve speak https only. The
	// certificate must name the address clients dial (127.0.0.1). Followers
	// proxy to the leader over https, trusting this same certificate.
	TLSCertFile, TLSKeyFile string
	// HostIP is the address tasks bind and health checks dial; 127.0.0.1.
	HostIP string
	// PortRange is the inclusive range of task host ports; 31000-32000.
	// Ports are handed out from a random starting point, skipping any that
	// cannot be bound.
	PortRange [2]int
	// ServicePortRange is the inclusive range for servicePort
	// auto-assignment; 10000-20000.
	ServicePortRange [2]int
	Logger           *slog.Logger
	// TimeScale multiplies every duration an app definition gives in
	// seconds (health check grace/interval/timeout, backoff, kill grace), so
	// tests can run Marathon timings ten times faster with 0.1. Default 1.
	TimeScale float64
	// TickInterval is how often the scheduler re-examines every app even
	// when nothing happened; default 100ms.
	TickInterval time.Duration
	// HeartbeatInterval is the SSE heartbeat period; default 10s.
	HeartbeatInterval time.Duration
	// EventWritten, when set, is told of every event written to an event
	// stream: the stream's request, the event, and when the flush of its
	// burst began (the event's bytes were in the client's socket
	// microseconds later, never before). A test times what a client does
	// from there, apart from the emulator's own delays before it: the lb
	// agent's scale benchmark, whose emulator shares two cores with the
	// agent and HAProxy.
	EventWritten func(r *http.Request, typ string, data []byte, flushing time.Time)
	// PathDirs are prepended to the PATH of process tasks, after the
	// directory of the running executable.
	PathDirs []string
	// LeaderPollInterval is how often a follower tries to take the leader
	// lock; default 200ms (takeover well within 2s).
	LeaderPollInterval time.Duration
	// MarathonVersion is the Marathon modelled: "1.4" (1.4.13, the
	// default) or "1.10" (1.10.26). See Mode.
	MarathonVersion string
	// Features are Marathon's --enable_features, e.g. "task_killing".
	Features []string
	// EventStreamMaxOutstanding is Marathon's
	// --event_stream_max_outstanding_messages: how many events an event
	// stream may hold unwritten (eventBus). Default 50.
	EventStreamMaxOutstanding int
	// MaxVersions is Marathon's --zk_max_versions: how many versions of
	// the root group, and of each app, its garbage collector keeps (gc.go).
	// Default 50.
	MaxVersions int
	// Marathon's periodic jobs, in wall time (TimeScale does not apply):
	// --scale_apps_interval and --scale_apps_initial_delay (300 s, 15 s):
	// the check that kills an app's surplus instances outside deployments;
	// --task_lost_expunge_interval and --task_lost_expunge_initial_delay
	// (30 s, 300 s): the expunge of overdue unreachable instances;
	// --reconciliation_interval and --reconciliation_initial_delay (600 s,
	// 15 s): Mesos reports every unreachable task again (unreachable.go).
	ScaleAppsInterval, ScaleAppsInitialDelay             time.Duration
	TaskLostExpungeInterval, TaskLostExpungeInitialDelay time.Duration
	ReconciliationInterval, ReconciliationInitialDelay   time.Duration
	// ManualJobs runs those jobs only when POST /_emulator/jobs/{job}
	// asks: a test that stages a surplus or an unreachable task must not
	// race Marathon's timers (the first scale check and reconciliation
	// come 15 s after the start, which a busy machine's test can outlast).
	ManualJobs bool
}

// Emulator is a single-node Marathon of the version Config.MarathonVersion.
type Emulator struct {
	cfg   Config
	mode  Mode
	log   *slog.Logger
	clock clock
	exec  executor
	bus   *eventBus
	ports *hostPorts
	// groupApps caches the apps' JSON for deployment events; under mu.
	groupApps map[*App]groupApp

	// serving is held (read) by every API request a leader answers, and
	// (write) while it abdicates: a request that passed the leader check
	// must not meet the engine stopping under it (its apps emptied: a
	// deploy's poll got "App '/web-blue' does not exist"). Event streams
	// do not hold it; stopping the engine ends them.
	serving sync.RWMutex

	mu          sync.Mutex
	apps        map[string]*appState
	deployments []*deployment // in creation order
	frameworkID string
	// roots are the root group's stored versions, oldest first; dropped
	// the stored versions of deleted apps no longer in apps (gc.go).
	roots   []string
	dropped map[string]map[string]*App
	// partitioned are expunged unreachable tasks whose processes run on
	// (unreachable.go); scaleChecks the apps with a scale check due; the
	// next* times when Marathon's periodic jobs next run.
	partitioned                                map[string]*Task
	scaleChecks                                map[string]bool
	nextReconcile, nextExpunge, nextScaleCheck time.Time
	// engineStart is when this emulator last became the leader.
	engineStart time.Time

	kick       chan struct{}
	dirty      chan struct{}
	done       chan struct{}
	engineWG   sync.WaitGroup
	engineStop chan struct{}
	closeMu    sync.Once
	tmpDir     string
	faults     *faults
	leader     *leadership
	engineOn   bool
	// saveMu orders state writes: each takes its snapshot and writes it
	// while holding saveMu, so an older snapshot never overwrites a newer.
	saveMu sync.Mutex
	// changeSeq counts accepted API changes (under mu); savedSeq is the
	// highest changeSeq a written snapshot includes (under saveMu). A
	// request whose change is already in a written snapshot skips the
	// write: concurrent requests share one fsync (group commit).
	changeSeq uint64
	savedSeq  uint64
	addr      string
	cb        *callbacks
	cbInit    sync.Once
	tlsConfig *tls.Config // server side, nil without TLS
	tlsPeers  *tls.Config // client side, for proxying to the leader
}

// appState is one app: its current definition and what runs for it.
type appState struct {
	app      *App
	versions map[string]*App
	tasks    map[string]*Task
	lastFail *LastTaskFailure
	deleted  bool // removed from the API; tasks still being killed
	// The launch delay, as Marathon's RateLimiter keeps it: delay is the
	// current backoff, delayRef when it was last set or advanced; launches
	// wait until delayRef+delay, and the delay is forgotten once
	// delayRef+maxLaunchDelaySeconds has passed.
	delayTill time.Time
	delay     time.Duration
	delayRef  time.Time
	// rescheduled (1.10) are task ids whose instance ended with its goal
	// still Running: the next launches relaunch those instances under
	// their next incarnation instead of creating new ones.
	rescheduled []string
	since       time.Time // first moment the launch queue had this app
	hc          map[string]context.CancelFunc
	// hcPhase is when the health check actor of each app version started
	// (health.go).
	hcPhase map[string]time.Time
}

// New builds an emulator. It takes the leader lock when StateDir is set; a
// second emulator on the same StateDir becomes a follower.
func New(cfg Config) (*Emulator, error) {
	if cfg.Executor == "" {
		cfg.Executor = ExecutorProcess
	}
	if cfg.HostIP == "" {
		cfg.HostIP = "127.0.0.1"
	}
	if cfg.PortRange == [2]int{} {
		cfg.PortRange = [2]int{31000, 32000}
	}
	if cfg.ServicePortRange == [2]int{} {
		cfg.ServicePortRange = [2]int{10000, 20000}
	}
	if cfg.TimeScale <= 0 {
		cfg.TimeScale = 1
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{
		{&cfg.ScaleAppsInterval, 300 * time.Second}, {&cfg.ScaleAppsInitialDelay, 15 * time.Second},
		{&cfg.TaskLostExpungeInterval, 30 * time.Second}, {&cfg.TaskLostExpungeInitialDelay, 300 * time.Second},
		{&cfg.ReconciliationInterval, 600 * time.Second}, {&cfg.ReconciliationInitialDelay, 15 * time.Second},
	} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if cfg.TickInterval <= 0 {
		cfg.TickInterval = 100 * time.Millisecond
	}
	if cfg.HeartbeatInterval <= 0 {
		cfg.HeartbeatInterval = 10 * time.Second
	}
	if cfg.EventStreamMaxOutstanding <= 0 {
		cfg.EventStreamMaxOutstanding = DefaultEventStreamMaxOutstanding
	}
	if cfg.LeaderPollInterval <= 0 {
		cfg.LeaderPollInterval = 200 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Credentials != "" && !strings.Contains(cfg.Credentials, ":") {
		return nil, fmt.Errorf("credentials must have the form user:password")
	}
	if cfg.ReadOnlyCredentials != "" && !strings.Contains(cfg.ReadOnlyCredentials, ":") {
		return nil, fmt.Errorf("read-only credentials must have the form user:password")
	}
	if (cfg.TLSCertFile == "") != (cfg.TLSKeyFile == "") {
		return nil, fmt.Errorf("TLS needs both a certificate and a key file")
	}
	mode, err := NewMode(cfg.MarathonVersion, cfg.Features)
	if err != nil {
		return nil, err
	}
	if cfg.PortRange[0] < 1 || cfg.PortRange[1] > 65535 || cfg.PortRange[0] > cfg.PortRange[1] {
		return nil, fmt.Errorf("host port range %d-%d is not a valid port range", cfg.PortRange[0], cfg.PortRange[1])
	}
	e := &Emulator{
		cfg:         cfg,
		mode:        mode,
		log:         cfg.Logger,
		bus:         newEventBus(!mode.eventOverflowClosesStream),
		apps:        map[string]*appState{},
		kick:        make(chan struct{}, 1),
		dirty:       make(chan struct{}, 1),
		done:        make(chan struct{}),
		frameworkID: randomUUID() + "-0000",
		faults:      newFaults(),
	}
	e.ports = newHostPorts(cfg.HostIP, cfg.PortRange, cfg.Executor == ExecutorInproc)
	if cfg.TLSCertFile != "" {
		if err := e.loadTLS(); err != nil {
			return nil, err
		}
	}
	if cfg.StateDir != "" {
		if err := checkWritableDir(cfg.StateDir); err != nil {
			return nil, err
		}
	} else {
		d, err := os.MkdirTemp("", "yodel-marathon-")
		if err != nil {
			return nil, fmt.Errorf("create a temporary task directory: %w", err)
		}
		e.tmpDir = d
	}
	switch cfg.Executor {
	case ExecutorProcess:
		e.exec = newProcessExecutor(e)
	case ExecutorInproc:
		e.exec = newInprocExecutor(e)
	default:
		return nil, fmt.Errorf("unknown executor %q: use process or inproc", cfg.Executor)
	}
	if cfg.StateDir != "" {
		e.leader = newLeadership(e)
	} else {
		e.startEngine()
	}
	return e, nil
}

// checkWritableDir fails at start-up, with the path in the message, when the
// state cannot be saved: finding out at the first write would lose state.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("state dir %s: %w (choose a writable --state-dir)", dir, err)
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return fmt.Errorf("state dir %s is not writable: %w (choose a writable --state-dir)", dir, err)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

func (e *Emulator) taskRoot() string {
	if e.cfg.StateDir != "" {
		return filepath.Join(e.cfg.StateDir, "tasks")
	}
	return filepath.Join(e.tmpDir, "tasks")
}

// startEngine loads persisted state, adopts surviving tasks and starts the
// scheduler: what an emulator does when it becomes the leader.
func (e *Emulator) startEngine() {
	e.mu.Lock()
	if e.engineOn {
		e.mu.Unlock()
		return
	}
	select {
	case <-e.done:
		e.mu.Unlock()
		return
	default:
	}
	e.engineOn = true
	e.engineStop = make(chan struct{})
	now := time.Now()
	e.engineStart = now
	if !e.cfg.ManualJobs {
		e.nextScaleCheck = now.Add(e.cfg.ScaleAppsInitialDelay)
		e.nextExpunge = now.Add(e.cfg.TaskLostExpungeInitialDelay)
		e.nextReconcile = now.Add(e.cfg.ReconciliationInitialDelay)
	}
	stop := e.engineStop
	if e.cfg.StateDir != "" {
		if err := e.loadState(); err != nil {
			e.log.Error("loading state", "err", err)
		}
	}
	e.mu.Unlock()
	e.engineWG.Add(1)
	go e.loop(stop)
	if e.cfg.StateDir != "" {
		e.engineWG.Add(1)
		go e.persistLoop(stop)
	}
}

// stopEngine is the reverse of startEngine: save the state, stop checking
// and scheduling, and forget the in-memory state (a new leader owns it).
// Process tasks keep running; killTasks also stops them.
func (e *Emulator) stopEngine(killTasks bool) {
	e.mu.Lock()
	if !e.engineOn {
		e.mu.Unlock()
		return
	}
	e.engineOn = false
	close(e.engineStop)
	e.mu.Unlock()
	e.engineWG.Wait()
	e.bus.closeAll()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cfg.StateDir != "" {
		if err := e.saveState(); err != nil {
			e.log.Error("saving state", "err", err)
		}
	}
	for _, as := range e.apps {
		for _, cancel := range as.hc {
			cancel()
		}
		as.hc = nil
		if killTasks {
			for _, t := range as.tasks {
				e.exec.kill(t, 0)
			}
		}
	}
	if killTasks {
		for _, p := range e.partitioned {
			e.exec.kill(p, 0)
		}
	}
	if e.cfg.Executor == ExecutorInproc {
		e.exec.close() // inproc tasks cannot outlive their leader
	}
	e.apps = map[string]*appState{}
	e.partitioned = nil
	e.deployments = nil
}

// Serve answers the Marathon API on ln until ctx ends or Close is called.
func (e *Emulator) Serve(ctx context.Context, ln net.Listener) error {
	e.mu.Lock()
	e.addr = ln.Addr().String()
	e.mu.Unlock()
	if e.leader != nil {
		e.leader.start()
	}
	if e.tlsConfig != nil {
		ln = tls.NewListener(ln, e.tlsConfig)
	}
	srv := &http.Server{Handler: e.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case <-e.done:
	case err := <-errc:
		return err
	}
	e.bus.closeAll()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return nil
}

// Addr is the address Serve listens on.
func (e *Emulator) Addr() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addr
}

// Close stops the emulator and saves the state. Process tasks keep running
// when a StateDir is set (the next emulator adopts them); otherwise every
// task is stopped.
func (e *Emulator) Close() error {
	e.closeMu.Do(func() {
		close(e.done)
		e.bus.closeAll()
		if e.leader != nil {
			e.leader.stop()
		}
		durable := e.cfg.StateDir != "" && e.cfg.Executor == ExecutorProcess
		e.stopEngine(!durable)
		e.exec.close()
		e.ports.closeAll()
		if e.leader != nil {
			e.leader.release()
		}
		if e.tmpDir != "" {
			os.RemoveAll(e.tmpDir)
		}
	})
	return nil
}

// StopAllTasks kills every task and waits for them to end, for a sandbox
// that is being torn down.
func (e *Emulator) StopAllTasks(ctx context.Context) error {
	e.mu.Lock()
	for _, as := range e.apps {
		as.app.Instances = 0
		for _, t := range as.tasks {
			if t.State == TaskUnreachable {
				// Marathon cannot kill it; the sandbox's teardown must.
				e.expunge(as, t)
				continue
			}
			e.killTask(as, t, "stopping the emulator")
		}
	}
	for _, p := range e.partitioned {
		if !p.KilledUnknown {
			p.KilledUnknown = true
			e.exec.kill(p, 0)
		}
	}
	e.mu.Unlock()
	for {
		e.mu.Lock()
		n := len(e.partitioned)
		for _, as := range e.apps {
			n += len(as.tasks)
		}
		e.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d tasks still running: %w", n, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (e *Emulator) wake() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

func (e *Emulator) markDirty() {
	select {
	case e.dirty <- struct{}{}:
	default:
	}
}

func (e *Emulator) loop(stop chan struct{}) {
	defer e.engineWG.Done()
	t := time.NewTicker(e.cfg.TickInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-e.kick:
		case <-t.C:
		}
		e.mu.Lock()
		e.schedule(time.Now())
		e.mu.Unlock()
	}
}

// scaled turns a Marathon duration in seconds into wall time under
// Config.TimeScale.
func (e *Emulator) scaled(seconds float64) time.Duration {
	return time.Duration(seconds * e.cfg.TimeScale * float64(time.Second))
}

// schedule is the level-triggered heart of the emulator: it advances every
// deployment and keeps unlocked apps at their instance count. Called with
// e.mu held.
func (e *Emulator) schedule(now time.Time) {
	e.periodic(now)
	locked := map[string]bool{}
	for _, d := range append([]*deployment(nil), e.deployments...) {
		e.advance(d, now)
		if !d.finished {
			for _, id := range d.Affected {
				locked[id] = true
			}
		}
	}
	for id, as := range e.apps {
		if as.deleted || locked[id] {
			continue
		}
		e.keepInstances(as, as.app.Instances, now, e.scaleChecks[id])
	}
	// A scale check of an app a deployment holds is dropped, as
	// Marathon's withLockFor drops it.
	clear(e.scaleChecks)
}

// active lists the tasks whose instance's goal is Running: those not
// being killed, and those killed without ending their instance (through
// the API without scale, for failing health checks), which count until
// they have ended, as Marathon replaces them only then. An
// UnreachableInactive instance does not count.
func active(as *appState) []*Task {
	out := make([]*Task, 0, len(as.tasks))
	for _, t := range as.tasks {
		if (!t.KillRequested || !t.Decommissioned) && !terminalState(t.State) && !t.Inactive {
			out = append(out, t)
		}
	}
	return out
}

// keepInstances launches tasks until n run, honouring the launch delay
// after failures, and with killSurplus (a deployment's scale step, a scale
// check) kills the ones beyond n by killSelection. Outside deployments
// Marathon kills a surplus only at a scale check (SchedulerActions.scale).
func (e *Emulator) keepInstances(as *appState, n int, now time.Time, killSurplus bool) {
	act := active(as)
	switch {
	case len(act) < n:
		e.launch(as, n-len(act), now)
	case len(act) > n && killSurplus:
		as.rescheduled = nil
		sortForKill(act, as.app.KillSelection)
		for _, t := range act[:len(act)-n] {
			t.Decommissioned = true // killOnly's tasks too: scaled away
			e.killTask(as, t, "scaling down")
		}
	default:
		as.since = time.Time{}
	}
}

// sortForKill orders tasks so the first ones are the ones Marathon kills
// first when it scales an app down: by condition (staging, then starting,
// then running, then the rest), then per killSelection, staging tasks by
// their staging time and the others by when they became active.
// Health plays no part: ScalingProposition.sortByConditionAndDate is the
// same in 1.4.13 and 1.10.26 and carries "TODO: this should evaluate a
// task's health as well", so an unhealthy task is no likelier to go.
func sortForKill(ts []*Task, sel string) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		wa, wb := killWeight(a.State), killWeight(b.State)
		if wa != wb {
			return wa < wb
		}
		ta, tb := a.StartedAt, b.StartedAt
		if a.State == TaskStaging {
			ta, tb = a.StagedAt, b.StagedAt
		}
		if sel == "OLDEST_FIRST" {
			return ta.Before(tb)
		}
		return ta.After(tb)
	})
}

// killWeight is ScalingProposition's weight: lower is killed first.
func killWeight(state string) int {
	switch state {
	case TaskUnreachable, TaskLost:
		return 1 // Condition.Unreachable
	case TaskStaging:
		return 2
	case TaskStarting:
		return 3
	case TaskRunning:
		return 4
	}
	return 5
}

// sortForReplace orders a restart's old tasks as TaskReplaceActor queues
// them. 1.4 takes the instance tracker's order (a hash map of instance ids:
// no preference, healthy tasks as likely as unhealthy ones), modelled as
// the order of the instance ids; 1.10 sorts unhealthy instances first
// ("we always prefer to kill unhealthy tasks first").
func (e *Emulator) sortForReplace(ts []*Task) {
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].InstanceID < ts[j].InstanceID })
	if !e.mode.replaceKillsUnhealthyFirst {
		return
	}
	sort.SliceStable(ts, func(i, j int) bool { return !taskHealthy(ts[i]) && taskHealthy(ts[j]) })
}

// launch starts up to n tasks of the app's current version, unless the app
// is in its backoff delay.
func (e *Emulator) launch(as *appState, n int, now time.Time) {
	if n <= 0 {
		return
	}
	if as.since.IsZero() {
		as.since = now
	}
	e.expireDelay(as, now)
	if now.Before(as.delayTill) {
		return
	}
	for i := 0; i < n; i++ {
		if !e.launchOne(as, now) {
			return
		}
	}
}

func (e *Emulator) launchOne(as *appState, now time.Time) bool {
	app := as.app
	hostPorts, err := e.allocHostPorts(app)
	if err != nil {
		// Marathon would wait for a fitting offer; with the emulator's one
		// agent none will come, so the launch fails visibly instead:
		// TASK_FAILED with the reason, lastTaskFailure and the launch
		// backoff, where a deploy's stall detection sees it.
		id, inst := e.nextIDs(as)
		t := &Task{ID: id, InstanceID: inst, AppID: app.ID, Version: app.Version, State: TaskStaging,
			ServicePorts: app.servicePorts(), StagedAt: now, Executor: e.cfg.Executor}
		e.log.Info("task launch failed", "task", t.ID, "err", err)
		e.taskTerminated(as, t, TaskFailed, err.Error(), now)
		return false
	}
	id, inst := e.nextIDs(as)
	t := &Task{
		ID: id, InstanceID: inst, AppID: app.ID, Version: app.Version, State: TaskStaging,
		Ports: hostPorts, ServicePorts: app.servicePorts(), StagedAt: now, Executor: e.cfg.Executor,
	}
	for range app.HealthChecks {
		t.Health = append(t.Health, &HealthResult{})
	}
	as.tasks[t.ID] = t
	if e.mode.provisionEvents {
		e.publishProvisioned(t)
	} else {
		e.publishStatus(t, "")
	}
	e.markDirty()
	if err := e.exec.launch(t, app, e.taskEnv(t, app)); err != nil {
		e.log.Info("task launch failed", "task", t.ID, "err", err)
		e.taskTerminated(as, t, TaskFailed, err.Error(), now)
		return false
	}
	return true
}

func (e *Emulator) allocHostPorts(app *App) ([]int, error) {
	if m := app.portMappings(); m != nil {
		var want []int
		for _, pm := range m {
			want = append(want, pm.HostPort)
		}
		return e.ports.alloc(want, false)
	}
	want := make([]int, len(app.PortDefinitions))
	if app.RequirePorts {
		for i, pd := range app.PortDefinitions {
			want[i] = pd.Port
		}
	}
	return e.ports.alloc(want, app.RequirePorts)
}

// taskEnv builds the environment Marathon gives a task (reference §5).
func (e *Emulator) taskEnv(t *Task, app *App) []string {
	env := map[string]string{}
	declared := app.servicePorts()
	if m := app.portMappings(); m != nil {
		declared = nil
		for _, pm := range m {
			declared = append(declared, pm.ContainerPort)
		}
	}
	names := app.portNames()
	var ps []string
	for i, p := range t.Ports {
		s := strconv.Itoa(p)
		env["PORT"+strconv.Itoa(i)] = s
		ps = append(ps, s)
		if i < len(declared) && declared[i] != 0 {
			env["PORT_"+strconv.Itoa(declared[i])] = s
		}
		if i < len(names) && names[i] != "" {
			// PORT_${portName.toUpperCase}, nothing escaped
			// (EnvironmentHelper.portsEnv in 1.4.13 and 1.10.26):
			// "my-port" is PORT_MY-PORT.
			env["PORT_"+strings.ToUpper(names[i])] = s
		}
	}
	if len(t.Ports) > 0 {
		env["PORT"] = strconv.Itoa(t.Ports[0])
		env["PORTS"] = strings.Join(ps, ",")
	}
	env["HOST"] = e.cfg.HostIP
	env["MESOS_TASK_ID"] = t.ID
	env["MARATHON_APP_ID"] = app.ID
	env["MARATHON_APP_VERSION"] = app.Version
	if img := app.image(); img != "" {
		env["MARATHON_APP_DOCKER_IMAGE"] = img
	}
	env["MARATHON_APP_RESOURCE_CPUS"] = strconv.FormatFloat(app.Cpus, 'f', -1, 64)
	env["MARATHON_APP_RESOURCE_MEM"] = strconv.FormatFloat(app.Mem, 'f', -1, 64)
	env["MARATHON_APP_RESOURCE_DISK"] = strconv.FormatFloat(app.Disk, 'f', -1, 64)
	env["MARATHON_APP_RESOURCE_GPUS"] = strconv.Itoa(app.Gpus)
	var labelNames []string
	for _, k := range sortedKeys(app.Labels) {
		// Marathon passes only the labels that fit an environment
		// variable (1.4.13 TaskBuilder.labelsToEnvVars, 1.10.26
		// EnvironmentHelper): key under 493, value under 512 UTF-16
		// units; a larger one is left out, not a task that cannot start.
		v := app.Labels[k]
		if utf16Len(k) >= maxLabelEnvKey || utf16Len(v) >= maxLabelEnvValue {
			continue
		}
		n := labelEnvName(k)
		if _, dup := env["MARATHON_APP_LABEL_"+n]; !dup {
			labelNames = append(labelNames, n)
		}
		env["MARATHON_APP_LABEL_"+n] = v
	}
	env["MARATHON_APP_LABELS"] = strings.Join(labelNames, " ")
	for k, raw := range app.Env {
		var s string
		if jsonUnmarshalString(raw, &s) {
			env[k] = s
		}
	}
	out := make([]string, 0, len(env)+8)
	path := os.Getenv("PATH")
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	dirs = append(dirs, e.cfg.PathDirs...)
	if _, userPath := env["PATH"]; !userPath {
		env["PATH"] = strings.Join(append(dirs, path), string(os.PathListSeparator))
	}
	// YODEL_SANDBOX_OWNER marks every process of a sandbox, so that
	// `sandbox down` finds tasks whose emulator is gone (killed, or
	// restarted in another session by a test) and stops them too.
	for _, k := range []string{"HOME", "USER", "LANG", "TMPDIR", "YODEL_SANDBOX_OWNER"} {
		if v, ok := os.LookupEnv(k); ok {
			if _, set := env[k]; !set {
				env[k] = v
			}
		}
	}
	for _, k := range sortedKeys(env) {
		out = append(out, k+"="+env[k])
	}
	return out
}

// Marathon's bounds on a label passed to tasks (maxEnvironmentVarLength,
// maxVariableLength: 512 less the length of MARATHON_APP_LABEL_).
const (
	maxLabelEnvValue = 512
	maxLabelEnvKey   = maxLabelEnvValue - len("MARATHON_APP_LABEL_")
)

// utf16Len is the length of s as Java counts it (String.length).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// nonEnvRun is what Marathon's labelsToEnvVars replaces with one '_'.
var nonEnvRun = regexp.MustCompile(`[^a-zA-Z0-9_]+`)

// labelEnvName is a label's name in MARATHON_APP_LABEL_<name>, as
// Marathon's escape makes it: each run of other characters one '_', then
// upper case.
func labelEnvName(k string) string {
	return strings.ToUpper(nonEnvRun.ReplaceAllString(k, "_"))
}

// nextIDs names the task launchLone starts: a rescheduled 1.10 instance's
// next incarnation, else a new instance.
func (e *Emulator) nextIDs(as *appState) (taskID, instanceID string) {
	if n := len(as.rescheduled); n > 0 {
		old := as.rescheduled[0]
		as.rescheduled = as.rescheduled[1:]
		_, inst, _ := parseTaskID(old)
		return nextIncarnation(old), inst
	}
	return e.mode.newIDs(as.app.ID)
}

// killTask asks the executor to stop a task, SIGTERM then SIGKILL after the
// app's taskKillGracePeriodSeconds, and ends its instance (scale down,
// replacement, deletion).
func (e *Emulator) killTask(as *appState, t *Task, why string) {
	if !t.KillRequested && !terminalState(t.State) {
		t.Decommissioned = true
	}
	e.killOnly(as, t, why)
}

// killOnly kills a task but leaves its instance's goal alone: Marathon's
// kill through the API without scale or wipe, and for failing health
// checks. 1.10 then relaunches the same instance.
func (e *Emulator) killOnly(as *appState, t *Task, why string) {
	if t.KillRequested || terminalState(t.State) {
		return
	}
	if t.State == TaskUnreachable {
		e.killUnreachable(as, t)
		return
	}
	t.KillRequested = true
	// Every kill says why in the emulator's log: a test whose requests
	// failed reads there which deployment or check took the task.
	e.log.Info("killing a task", "task", t.ID, "why", why)
	e.stopHealth(as, t)
	if e.mode.TaskKilling {
		t.State = TaskKilling
		e.publishStatus(t, why)
	}
	grace := 3.0
	if as.app.TaskKillGracePeriodSeconds != nil {
		grace = *as.app.TaskKillGracePeriodSeconds
	}
	t.KillDeadline = time.Now().Add(e.scaled(grace))
	e.markDirty()
	e.exec.kill(t, e.scaled(grace))
}

// taskUpdate is how executors report state changes. It must not be called
// with e.mu held.
func (e *Emulator) taskUpdate(taskID, state, msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	as, t := e.findTask(taskID)
	if t == nil && terminalState(state) && e.partitionedEnded(taskID, state) {
		return
	}
	if t == nil || terminalState(t.State) {
		return
	}
	now := time.Now()
	switch {
	case state == TaskRunning:
		if t.KillRequested || t.State == TaskRunning {
			return
		}
		t.State = TaskRunning
		t.StartedAt = now
		e.publishStatus(t, msg)
		e.startHealth(as, t)
		// RateLimiter.advanceDelay: a launch restarts the delay's clock.
		if as.delay > 0 {
			as.delayRef = now
			as.delayTill = now.Add(as.delay)
		}
	case terminalState(state):
		if t.KillRequested && state != TaskFinished {
			state = TaskKilled
		}
		e.taskTerminated(as, t, state, msg, now)
	}
	e.markDirty()
	e.wake()
}

// taskTerminated records a task's end: the event, lastTaskFailure and the
// launch backoff for the states Marathon counts, and frees its ports.
func (e *Emulator) taskTerminated(as *appState, t *Task, state, msg string, now time.Time) {
	if !t.KillRequested {
		// Kills are logged where they are asked for (killOnly); a task
		// that ends on its own (exits, crashes, or is signalled by
		// something other than the emulator) is logged here, so that a
		// test whose requests failed can tell the two apart.
		e.log.Info("task ended on its own", "task", t.ID, "state", state, "message", msg)
	}
	t.State = state
	e.stopHealth(as, t)
	e.publishStatus(t, msg)
	// TaskFailure.isFailureState: killed and finished tasks are no
	// failures.
	if state == TaskFailed || state == TaskLost {
		as.lastFail = &LastTaskFailure{AppID: t.AppID, Host: e.cfg.HostIP, Message: msg, State: state,
			TaskID: t.ID, Timestamp: ts(now), Version: t.Version, SlaveID: e.slaveID()}
	}
	// NotifyRateLimiterStep.limitWorthy: Failed and Finished (and Error,
	// Dropped, Gone, which the emulator never reports) delay the next
	// launch; a kill, for whatever reason, does not.
	if state == TaskFailed || state == TaskFinished {
		app := as.app
		e.expireDelay(as, now)
		if as.delay == 0 {
			as.delay = e.scaled(app.BackoffSeconds)
		} else {
			as.delay = time.Duration(float64(as.delay) * app.BackoffFactor)
		}
		if max := e.scaled(app.MaxLaunchDelaySeconds); as.delay > max {
			as.delay = max
		}
		as.delayRef = now
		as.delayTill = now.Add(as.delay)
	}
	if e.mode.ids == ids110 && !t.Decommissioned && !as.deleted {
		as.rescheduled = append(as.rescheduled, t.ID)
	}
	e.ports.release(t.Ports)
	delete(as.tasks, t.ID)
	e.markDirty()
	e.wake()
}

// expireDelay is RateLimiter.cleanUpOverdueDelays: a delay is forgotten
// once maxLaunchDelaySeconds have passed since it was last set or
// advanced, so the next failure starts again from backoffSeconds.
func (e *Emulator) expireDelay(as *appState, now time.Time) {
	if as.delay > 0 && now.After(as.delayRef.Add(e.scaled(as.app.MaxLaunchDelaySeconds))) {
		resetBackoff(as)
	}
}

func (e *Emulator) findTask(id string) (*appState, *Task) {
	if appID, _, ok := parseTaskID(id); ok {
		if as := e.apps[appID]; as != nil {
			if t := as.tasks[id]; t != nil {
				return as, t
			}
		}
	}
	// Ids of apps whose path has an underscore-free form map directly;
	// anything else falls back to a scan.
	for _, as := range e.apps {
		if t := as.tasks[id]; t != nil {
			return as, t
		}
	}
	return nil, nil
}

func (e *Emulator) slaveID() string { return e.frameworkID[:36] + "-S0" }

// taskHealthy is Marathon's "healthy" for deployments: every health check
// passing, or running when the app has none.
func taskHealthy(t *Task) bool {
	if t.State != TaskRunning || t.KillRequested {
		return false
	}
	for _, h := range t.Health {
		if !h.Checked || !h.Alive {
			return false
		}
	}
	return true
}

func resetBackoff(as *appState) {
	as.delay = 0
	as.delayTill = time.Time{}
	as.delayRef = time.Time{}
}

// backoffLeft is /v2/queue's delay.timeLeftSeconds: whole seconds, as
// QueueResource writes (deadline - now).toSeconds, truncated.
func backoffLeft(as *appState, now time.Time) int64 {
	if !now.Before(as.delayTill) {
		return 0
	}
	return int64(as.delayTill.Sub(now) / time.Second)
}
