// Package emutest starts a Marathon emulator for tests, in process, on a
// free loopback port, and stops it when the test ends.
//
//	emu := emutest.Start(t)                      // inproc executor, fast
//	emu := emutest.Start(t, emutest.Process())   // real sh -c tasks
//	client := emu.Client(t)                      // go-marathon, SSE events
package emutest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	marathon "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
)

// Instance is a running emulator.
type Instance struct {
	// URL is the API base, http://127.0.0.1:PORT, without credentials.
	URL      string
	Addr     string
	Emulator *emulator.Emulator
	Config   emulator.Config
	cancel   context.CancelFunc
	served   chan struct{}
	release  func() // the port lease
	user     string
	pass     string
}

// Option changes the emulator's configuration.
type Option func(*emulator.Config)

// Process runs tasks as real processes (sh -c cmd) instead of in process.
func Process() Option { return func(c *emulator.Config) { c.Executor = emulator.ExecutorProcess } }

// StateDir persists state in dir (and enables leader election on it).
func StateDir(dir string) Option { return func(c *emulator.Config) { c.StateDir = dir } }

// Credentials turns on basic auth.
func Credentials(user, pass string) Option {
	return func(c *emulator.Config) { c.Credentials = user + ":" + pass }
}

// ReadOnlyCredentials adds a basic-auth user that may read but whose
// writes are answered 403.
func ReadOnlyCredentials(user, pass string) Option {
	return func(c *emulator.Config) { c.ReadOnlyCredentials = user + ":" + pass }
}

// TimeScale scales every seconds-valued field of app definitions (0.1 runs
// Marathon's timings ten times faster).
func TimeScale(f float64) Option { return func(c *emulator.Config) { c.TimeScale = f } }

// Marathon chooses the Marathon modelled: version "1.4" (the default) or
// "1.10", and features such as emulator.FeatureTaskKilling. Tests that
// must hold on every Marathon run once per mode (see Modes).
func Marathon(version string, features ...string) Option {
	return func(c *emulator.Config) { c.MarathonVersion, c.Features = version, features }
}

// Mode is one Marathon an emulator can model, for tests run in each.
type Mode struct {
	Name     string // for t.Run: "1.4", "1.10+task_killing"
	Version  string
	Features []string
}

// Option starts an emulator in this mode.
func (m Mode) Option() Option { return Marathon(m.Version, m.Features...) }

// Modes are the Marathons yodel must work on: plain 1.4 (the default) and
// plain 1.10, neither with TASK_KILLING.
var Modes = []Mode{
	{Name: emulator.Version14, Version: emulator.Version14},
	{Name: emulator.Version110, Version: emulator.Version110},
}

// With applies any change to the configuration.
func With(f func(*emulator.Config)) Option { return f }

// Start starts an emulator with the inproc executor unless an option says
// otherwise; t.Cleanup stops it.
func Start(t testing.TB, opts ...Option) *Instance {
	t.Helper()
	cfg := emulator.Config{Executor: emulator.ExecutorInproc, TickInterval: 20 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.StateDir != "" && cfg.Executor == emulator.ExecutorProcess {
		// Such tasks outlive a clean Close, as they outlive a Marathon
		// restart (another emulator on the state dir adopts them): kill
		// what is left once the test is over. Registered first, it runs
		// after Close.
		root := filepath.Join(cfg.StateDir, "tasks") + string(filepath.Separator)
		t.Cleanup(func() { killTasksUnder(root) })
	}
	inst, err := StartConfig(cfg)
	if err != nil {
		t.Fatalf("starting the Marathon emulator: %v", err)
	}
	t.Cleanup(inst.Close)
	return inst
}

// killTasksUnder kills every process whose MESOS_SANDBOX lies under root
// (the task processes and their children, which inherit it).
func killTasksUnder(root string) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return // not Linux: nothing to scan
	}
	marker := []byte("MESOS_SANDBOX=" + root)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(env, marker) {
			continue
		}
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// WindowSize is the number of task host ports of an instance without a
// PortRange of its own, leased from pkg/sandbox/portlease so that no other
// emulator on the machine (other test binaries run at once) hands them out:
// a realm of 200 services of 3 tasks (the status benchmark) with room for
// rolling restarts.
const WindowSize = 1000

// StartConfig starts an emulator outside a test's lifetime; call Close. A
// zero cfg.PortRange becomes a leased window of WindowSize ports.
func StartConfig(cfg emulator.Config) (*Instance, error) {
	var lease *portlease.Lease
	if cfg.PortRange == [2]int{} {
		var err error
		if lease, err = portlease.Take(WindowSize, 2*time.Minute); err != nil {
			return nil, err
		}
		cfg.PortRange = [2]int{lease.Lo, lease.Lo + WindowSize - 1}
	}
	release := func() {
		if lease != nil {
			lease.Release()
		}
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		release()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		emu.Close()
		release()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	inst := &Instance{URL: "http://" + ln.Addr().String(), Addr: ln.Addr().String(), Emulator: emu, Config: cfg,
		cancel: cancel, served: make(chan struct{}), release: release}
	if u, p, ok := strings.Cut(cfg.Credentials, ":"); ok {
		inst.user, inst.pass = u, p
	}
	go func() {
		defer close(inst.served)
		_ = emu.Serve(ctx, ln)
	}()
	return inst, nil
}

// Close stops serving and shuts the emulator down, as a clean exit would.
func (i *Instance) Close() {
	i.cancel()
	<-i.served
	i.Emulator.Close()
	i.release()
}

// Client returns a go-marathon client for this emulator using the SSE event
// transport.
func (i *Instance) Client(t testing.TB) marathon.Marathon {
	t.Helper()
	c, err := NewClient(i.URL, i.user, i.pass)
	if err != nil {
		t.Fatalf("go-marathon client for %s: %v", i.URL, err)
	}
	return c
}

// NewClient builds a go-marathon client for url (a comma-separated member
// list is fine) with SSE events and a short polling interval.
func NewClient(url, user, pass string) (marathon.Marathon, error) {
	cfg := marathon.NewDefaultConfig()
	cfg.URL = url
	cfg.EventsTransport = marathon.EventsTransportSSE
	cfg.HTTPBasicAuthUser, cfg.HTTPBasicPassword = user, pass
	cfg.PollingWaitTime = 50 * time.Millisecond
	// No client timeout: it would also cut the event stream (go-marathon #237).
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 30 * time.Second}}
	return marathon.NewClient(cfg)
}

// Fault calls a fault injection endpoint, e.g. "faults/fail?count=2" or
// "tasks/<id>/kill"; see the emulator package documentation.
func (i *Instance) Fault(t testing.TB, path string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, i.URL+"/_emulator/"+strings.TrimPrefix(path, "/"), nil)
	if err != nil {
		t.Fatalf("fault %s: %v", path, err)
	}
	if i.user != "" {
		req.SetBasicAuth(i.user, i.pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("fault %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		t.Fatalf("fault %s: HTTP %d %v", path, resp.StatusCode, body["message"])
	}
}

// WaitIdle waits until no deployment is running and every app has its
// instances running (and healthy, when it has health checks).
func (i *Instance) WaitIdle(t testing.TB, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		ok, why, err := i.idle()
		if err == nil && ok {
			return
		}
		last = why
		if err != nil {
			last = err.Error()
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("emulator not idle after %s: %s", timeout, last)
}

func (i *Instance) get(path string, v any) error {
	req, _ := http.NewRequest(http.MethodGet, i.URL+path, nil)
	if i.user != "" {
		req.SetBasicAuth(i.user, i.pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func (i *Instance) idle() (bool, string, error) {
	var deps []json.RawMessage
	if err := i.get("/v2/deployments", &deps); err != nil {
		return false, "", err
	}
	if len(deps) > 0 {
		return false, fmt.Sprintf("%d deployments running", len(deps)), nil
	}
	var apps struct {
		Apps []struct {
			ID           string `json:"id"`
			Instances    int    `json:"instances"`
			TasksRunning int    `json:"tasksRunning"`
			TasksHealthy int    `json:"tasksHealthy"`
			HealthChecks []any  `json:"healthChecks"`
		} `json:"apps"`
	}
	if err := i.get("/v2/apps", &apps); err != nil {
		return false, "", err
	}
	for _, a := range apps.Apps {
		if a.TasksRunning != a.Instances || len(a.HealthChecks) > 0 && a.TasksHealthy != a.Instances {
			return false, fmt.Sprintf("app %s: %d/%d running, %d healthy", a.ID, a.TasksRunning, a.Instances, a.TasksHealthy), nil
		}
	}
	return true, "", nil
}
