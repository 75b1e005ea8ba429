package loadfaults

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/third_party/yaml"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// loadRate is the continuous load of every test: at least 200 requests/s
// through HAProxy, on loopback.
const loadRate = sandboxtest.LoadRate

// rolloutEnv stretches every rollout: a new task listens only after 2 s,
// so a fault injected once Marathon shows the deployment lands while old
// and new tasks are being swapped, however loaded the machine is.
const rolloutEnv = "  HELLO_START_DELAY: 2s\n"

// canarySection is short enough for a test, with a partial step long
// enough to break ZooKeeper inside it.
const canarySection = `canary:
  instances: 1
  partial:
    steps: [20]
    duration: 6s
    interval: 1s
    minRequests: 20
  drainTimeout: 5s
`

// rig is the shared sandbox rig (a ZooKeeper store) plus this package's
// helpers.
type rig struct {
	*sandboxtest.Rig
	// zk is the ZooKeeper this test restarted last; nil while the
	// sandbox's own still runs.
	zk *sandboxtest.Proc
}

// The suite runs on both Marathons yodel must work on (RELIABILITY.md,
// "which mode runs what"): plain 1.4 with examples/hello as it is (it
// drains on SIGTERM), and plain 1.10 with hello exiting at once on
// SIGTERM, as many real services do. A mode is one sandbox, reused by
// every scenario of a test.
var (
	gracefulOn14 = rigMode{Mode: emutest.Modes[0]}
	dyingOn110   = rigMode{Mode: emutest.Modes[1], dieOnTerm: true}
)

// rigMode is the Marathon a rig's emulator models and how its hello ends.
type rigMode struct {
	emutest.Mode
	dieOnTerm bool
}

func (m rigMode) String() string {
	if m.dieOnTerm {
		return m.Name + ", hello dying on SIGTERM"
	}
	return m.Name + ", hello draining on SIGTERM"
}

func newRig(t *testing.T, m rigMode) *rig {
	t.Helper()
	t.Logf("Marathon %s", m)
	r := &rig{Rig: sandboxtest.NewRig(t, sandboxtest.Options{Store: sandbox.StoreZooKeeper,
		MarathonVersion: m.Version, DieOnTerm: m.dieOnTerm})}
	if !strings.HasPrefix(r.SB.StoreURL, "zk://") {
		t.Fatalf("sandbox up --store zookeeper gave store %s, not zk://", r.SB.StoreURL)
	}
	return r
}

// realmVariant writes a copy of the sandbox realm whose Marathon is url.
func (r *rig) realmVariant(name, marathonURL string) string {
	r.T.Helper()
	b, err := os.ReadFile(r.SB.RealmFile)
	require.NoError(r.T, err)
	var m map[string]any
	require.NoError(r.T, yaml.Unmarshal(b, &m))
	mar, _ := m["marathon"].(map[string]any)
	require.NotNil(r.T, mar, "sandbox realm has no marathon section")
	mar["urls"] = []string{marathonURL}
	out, err := yaml.Marshal(m)
	require.NoError(r.T, err)
	path := filepath.Join(r.Dir, name)
	require.NoError(r.T, os.WriteFile(path, out, 0o600))
	return path
}

// swapAgent replaces the sandbox's lb agent by one reading realm: same
// HAProxy, same API address and so the same agent id. The sandbox's agent
// is stopped with SIGTERM, so it deregisters and no stale registration
// holds the CLI's acknowledgement waits.
func (r *rig) swapAgent(realm string) *sandboxtest.Proc {
	r.T.Helper()
	agent := r.SB.Component(r.T, sandbox.CompAgent)
	require.NoError(r.T, syscall.Kill(agent.PID, syscall.SIGTERM))
	deadline := time.Now().Add(15 * time.Second)
	for agent.Alive() {
		if time.Now().After(deadline) {
			r.T.Fatalf("the sandbox's lb agent (pid %d) still runs 15s after SIGTERM", agent.PID)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
	args := append([]string(nil), agent.Args...)
	swapped := false
	for i := range args {
		if args[i] == r.SB.RealmFile {
			args[i], swapped = realm, true
		}
	}
	require.True(r.T, swapped, "the sandbox agent's arguments %v do not name its realm file", agent.Args)
	p := sandboxtest.StartProc(r.T, filepath.Join(r.Dir, "agent.log"), nil, args...)
	deadline = time.Now().Add(20 * time.Second)
	for {
		st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
		if err == nil && st.Registered && st.Ready {
			return p
		}
		if time.Now().After(deadline) {
			r.T.Fatalf("the swapped lb agent is not registered and ready after 20s: %+v %v", st, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
}

// deployArgs is `yodel deploy` of hello.yaml in realm as release rel.
func (r *rig) deployArgs(realm, rel string, extra ...string) []string {
	return append([]string{"deploy", "-f", "hello.yaml", "--realm", realm, "--release", rel,
		"--timeout", "3m", "--progress-deadline", "60s"}, extra...)
}

// waitIdle waits until the emulator runs no deployment: a deploy that gave
// up leaves Marathon's running, and a re-run before it ends is refused.
func (r *rig) waitIdle() {
	r.T.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var deps []map[string]any
		if err := sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/deployments", &deps); err == nil && len(deps) == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.T.Fatal("Marathon still deploying after 60s")
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

// appRelease is the YODEL_RELEASE label of a Marathon app.
func (r *rig) appRelease(appID string) string {
	r.T.Helper()
	var app struct {
		App struct {
			Labels map[string]string `json:"labels"`
		} `json:"app"`
	}
	require.NoError(r.T, sandboxtest.GetJSON(r.SB.MarathonURL+"/v2/apps/"+strings.TrimPrefix(appID, "/"), &app))
	return app.App.Labels["YODEL_RELEASE"]
}

// converged checks the end of a rollout to rel: the store routes the app
// that runs rel and no canary, every agent acknowledged it, and HAProxy
// sends every request to rel.
func (r *rig) converged(load *loadgen.Load, rel string) {
	t := r.T
	t.Helper()
	rt := r.WaitApplied()
	assert.Empty(t, rt.Canary, "routing state still has a canary: %+v", rt)
	assert.Contains(t, []string{"", "done"}, rt.Step, "routing state is mid-rollout: %+v", rt)
	assert.Equal(t, rel, r.appRelease(rt.Stable), "the stable app %s in the store does not run %s", rt.Stable, rel)
	// Requests sent from now on: a request already in flight may still
	// have reached an old task while it drained.
	got := sandboxtest.SentFromNow(t, load, loadRate)
	assert.Equal(t, []string{rel}, sandboxtest.Releases(got.ByRelease), "releases answering after the rollout (%s)", got.Split())
}

// stopZooKeeper kill -9s the store's ZooKeeper (the sandbox's, or the one
// an earlier restart started).
func (r *rig) stopZooKeeper() {
	r.T.Helper()
	if r.zk != nil {
		r.zk.Kill()
		return
	}
	sandboxtest.KillPID(r.T, r.SB.Component(r.T, sandbox.CompZooKeeper))
}

// startZooKeeper starts ZooKeeper again with the sandbox's arguments: same
// zoo.cfg, so the same port and data directory. It belongs to top, the
// test that owns the sandbox, and is ready once the rig's own store
// session answers again: the same long-lived session as before the
// outage, as the lb agent's (the store drops a connection that answers
// pings but no request, pkg/state zkStore.watchdog; this rig once needed a
// new session here). New sessions, the CLIs', are not waited for: a
// command's store open waits for a ZooKeeper that accepts connections.
func (r *rig) startZooKeeper(top *testing.T, n int) {
	r.T.Helper()
	zk := r.SB.Component(r.T, sandbox.CompZooKeeper)
	r.zk = sandboxtest.StartProc(top, filepath.Join(r.Dir, "zookeeper-restarted.log"),
		[]string{"YODEL_SANDBOX_OWNER=" + r.SB.Dir}, zk.Args...)
	// A JVM start on a loaded 2-core machine takes seconds; at a load
	// average of 10 (two CPU burners and several test binaries) the
	// restarted server served its first session 57 s after the kill. Two
	// minutes is beyond that, and the log (INFO, printed when the test
	// fails) says why.
	start := time.Now()
	deadline := start.Add(2 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, _, err := r.Store.GetRouting(ctx, "hello")
		cancel()
		if err == nil {
			if d := time.Since(start); d > 10*time.Second {
				r.T.Logf("the rig's store session answered %s after ZooKeeper restart %d", d.Round(100*time.Millisecond), n)
			}
			return
		}
		select {
		case <-r.zk.Done:
			r.T.Fatalf("ZooKeeper exited after restart %d (%v); its log follows", n, r.zk.Cmd.ProcessState)
		default:
		}
		if time.Now().After(deadline) {
			r.T.Fatalf("the rig's store session does not answer %s after ZooKeeper restart %d: %v", time.Since(start).Round(time.Second), n, err)
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

// figure logs one RELIABILITY.md row's numbers and checks the stable
// release lost nothing.
func figure(t *testing.T, what, stable string, during loadgen.Report, extra string) {
	t.Helper()
	t.Logf("FIGURE %s: %d requests at %.0f/s, %d failed %v %v (%s)%s", what, during.Total, during.Rate(),
		during.Failed, during.FailedByRelease, during.FailureSamples, during.Split(), extra)
	assert.Zero(t, during.FailedByRelease[stable], "failed requests answered by the stable release %s", stable)
	assert.Zero(t, during.Failed, "failed requests: %v (by release %v)", during.FailureSamples, during.FailedByRelease)
	assert.GreaterOrEqual(t, during.Rate(), float64(loadRate)*0.8, "the load did not keep its rate")
}
