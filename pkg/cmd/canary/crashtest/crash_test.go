package crashtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// loadRate is the load through HAProxy during the whole matrix.
const loadRate = 250

// canarySection is the rollout every scenario runs, made short; extra
// holds one step (a slow smoke command) and partial sets the partial
// step's duration.
func canarySection(command, partial string) string {
	s := `canary:
  instances: 1
  isolated:
    smoke:
      - path: /
        expectBody: '"service":"hello"'
        retries: 3
`
	if command != "" {
		s += "    command: " + command + "\n"
	}
	return s + `  partial:
    steps: [10]
    duration: ` + partial + `
    interval: 1s
    minRequests: 10
  drainTimeout: 20s
`
}

// scenario kills the deploying CLI at step, held there by env (extra env
// lines of the release), the smoke command, or the slow agent.
type scenario struct {
	step      string
	env       string
	command   string
	partial   string
	agentHold bool
}

var matrix = []scenario{
	// Its tasks take 3s to listen: starting waits for them healthy.
	{step: canary.StepStarting, env: "  HELLO_START_DELAY: 3s\n"},
	// A smoke command that takes 3s.
	{step: canary.StepIsolated, command: "sleep 3"},
	{step: "partial[0]", partial: "4s"},
	// Scaling the canary up waits for 2 more slow-starting tasks.
	{step: canary.StepFullScale, env: "  HELLO_START_DELAY: 3s\n"},
	// The lagging agent holds the wait for the agents (shift, cleanup) or
	// reports a session left on the old release (drain).
	{step: canary.StepShift, agentHold: true},
	{step: canary.StepDrain, agentHold: true},
	{step: canary.StepCleanup, agentHold: true},
}

type env struct {
	t     testing.TB
	sb    *sandboxtest.Sandbox
	dir   string
	base  string
	st    state.Store
	url   string
	agent *slowAgent
}

// TestKillDeployAtEveryStep kills `yodel deploy` with SIGKILL at each step
// of a canary rollout, then runs `yodel canary resume` (or, in the next
// scenario, `yodel canary abort`) and checks that the rollout converges,
// that the stable release never failed a request, and which release serves
// at the end. One sandbox, one load, every scenario in order.
func TestKillDeployAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: real processes under load, about 4 minutes")
	}
	e := setup(t, true)
	e.manifest("", canarySection("", "3s"))
	code, out, errOut := e.deploy("k0")
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	load := loadgen.Start(e.url, loadRate, nil)
	defer load.Stop()
	waitServed(t, load, "k0")

	stable, n := "k0", 0
	for _, sc := range matrix {
		for _, then := range []string{"resume", "abort"} {
			n++
			rel := fmt.Sprintf("k%d", n)
			ok := t.Run(sc.step+" then "+then, func(t *testing.T) {
				e.t = t
				serving := e.killAndConverge(t, load, sc, then, rel, stable)
				if serving != "" {
					stable = serving
				}
			})
			if !ok {
				t.FailNow() // the next scenarios start from this one's state
			}
		}
	}
	for _, changed := range []bool{false, true} {
		n++
		rel := fmt.Sprintf("k%d", n)
		name := "starting, canary app never created, then resume rebuilds it"
		if changed {
			name = "starting, canary app never created, manifest changed, then resume rolls back"
		}
		ok := t.Run(name, func(t *testing.T) {
			e.t = t
			if !changed {
				stable = e.neverCreated(t, load, rel, stable, changed)
			} else {
				e.neverCreated(t, load, rel, stable, changed)
			}
		})
		if !ok {
			t.FailNow()
		}
	}

	final := load.Stop()
	t.Logf("FIGURE kill -9 matrix: %d scenarios, %d requests at %.0f/s, %d failed", n, final.Total, final.Rate(), final.Failed)
	assert.GreaterOrEqual(t, final.Rate(), 200.0)
	assert.Zero(t, final.Failed, "%v", final.FailureSamples)
}

// killAndConverge runs one scenario and returns the release serving at
// its end.
func (e *env) killAndConverge(t *testing.T, load *loadgen.Load, sc scenario, then, rel, stable string) string {
	partial := sc.partial
	if partial == "" {
		partial = "3s"
	}
	e.manifest(sc.env, canarySection(sc.command, partial))
	if sc.agentHold {
		e.agent.holdAt(sc.step)
	}
	defer e.agent.holdAt("")
	before := load.Snapshot()
	dep := e.cmd("deploy", "-f", "hello.yaml", "--realm", e.sb.RealmFile, "--release", rel, "--timeout", "3m", "--progress-deadline", "60s")
	var depErr bytes.Buffer
	dep.Stderr = &depErr
	require.NoError(t, dep.Start())
	killed := false
	defer func() {
		if !killed {
			_ = dep.Process.Kill()
			_ = dep.Wait()
		}
	}()
	if !e.waitStatus(rel, sc.step, 90*time.Second) {
		_ = dep.Process.Kill()
		_ = dep.Wait()
		killed = true
		t.Fatalf("the rollout of %s never reached %s; deploy said:\n%s", rel, sc.step, depErr.String())
	}
	require.NoError(t, dep.Process.Signal(syscall.SIGKILL))
	_ = dep.Wait()
	killed = true

	// It stays exactly where it was, serving safely.
	r := e.rollout()
	require.Equal(t, rel, r.Canary.Release)
	assert.Equal(t, sc.step, r.StepName(), "the record after kill -9")
	assert.True(t, r.Active())
	e.agent.holdAt("")

	code, out, errOut := e.run("canary", then, "hello", "--realm", e.sb.RealmFile)
	r = e.rollout()
	want, serving, wantCode := canary.StepDone, rel, 0
	if then == "abort" {
		want, serving = canary.StepAborted, stable
		if sc.step == canary.StepCleanup {
			// Past the point of no return: abort finishes it and says so.
			want, serving, wantCode = canary.StepDone, rel, 1
			assert.Contains(t, errOut, "abort refused")
			assert.Contains(t, errOut, "hello "+rel+" is stable")
		}
	}
	require.Equal(t, wantCode, code, "yodel canary %s after kill -9 at %s\nstdout:\n%s\nstderr:\n%s", then, sc.step, out, errOut)
	assert.Equal(t, want, r.Step, "%s\n%s", out, errOut)
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.FailedByRelease[stable], "failed requests from the stable release %s: %v", stable, during.FailureSamples)
	assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
	// A window of load after the end: only the converged release answers.
	a := load.Snapshot()
	time.Sleep(time.Second) // a measurement window, not a wait for a condition
	last := load.Snapshot().Sub(a)
	assert.Equal(t, []string{serving}, releases(last.ByRelease), last.Split())
	e.noLeftoverApps(r)
	t.Logf("FIGURE kill -9 at %s then %s: %d requests, %d failed (stable %s: %d); %s serves", sc.step, then,
		during.Total, during.Failed, stable, during.FailedByRelease[stable], serving)
	return serving
}

// neverCreated kills the deploy at starting and deletes the canary app, as
// if the deploy had died between recording the rollout and creating the
// app; resume rebuilds it from the recorded manifest, or rolls back when
// that manifest changed meanwhile.
func (e *env) neverCreated(t *testing.T, load *loadgen.Load, rel, stable string, changed bool) string {
	e.manifest("  HELLO_START_DELAY: 2s\n", canarySection("", "3s"))
	before := load.Snapshot()
	dep := e.cmd("deploy", "-f", "hello.yaml", "--realm", e.sb.RealmFile, "--release", rel, "--timeout", "3m")
	require.NoError(t, dep.Start())
	if !e.waitStatus(rel, canary.StepStarting, 60*time.Second) {
		_ = dep.Process.Kill()
		_ = dep.Wait()
		t.Fatalf("never at starting")
	}
	require.NoError(t, dep.Process.Signal(syscall.SIGKILL))
	_ = dep.Wait()
	r := e.rollout()
	e.deleteApp(r.Canary.App)
	if changed {
		e.manifest("  HELLO_START_DELAY: 1s\n", canarySection("", "3s"))
	}
	code, out, errOut := e.run("canary", "resume", "hello", "--realm", e.sb.RealmFile)
	r = e.rollout()
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "%v", during.FailureSamples)
	if changed {
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		assert.Equal(t, canary.StepRolledBack, r.Step)
		assert.Contains(t, errOut, "hello.yaml changed since the deploy")
		assert.Contains(t, errOut, "run the deploy again: yodel deploy -f hello.yaml --realm "+e.sb.RealmFile+" --release "+rel)
		e.noLeftoverApps(r)
		return stable
	}
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Equal(t, canary.StepDone, r.Step)
	assert.Contains(t, errOut, "was never created: creating it from "+filepath.Join(e.dir, "hello.yaml"))
	e.noLeftoverApps(r)
	t.Logf("FIGURE never-created canary app rebuilt on resume: %d requests, %d failed", during.Total, during.Failed)
	return rel
}

func (e *env) deleteApp(id string) {
	req, err := http.NewRequest(http.MethodDelete, e.sb.MarathonURL+"/v2/apps"+id+"?force=true", nil)
	require.NoError(e.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	resp.Body.Close()
	deadline := time.Now().Add(30 * time.Second)
	for e.apps()[id] {
		if time.Now().After(deadline) {
			e.t.Fatalf("%s not deleted", id)
		}
		time.Sleep(50 * time.Millisecond) // polling a condition
	}
}

// noLeftoverApps checks Marathon holds only the converged release's app.
func (e *env) noLeftoverApps(r *canary.Rollout) {
	keep, gone := r.Canary.App, r.Stable.App
	if r.Step != canary.StepDone {
		keep, gone = gone, keep
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		apps := e.apps()
		if apps[keep] && !apps[gone] {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("Marathon apps %v: want %s and not %s", apps, keep, gone)
		}
		time.Sleep(100 * time.Millisecond) // polling a condition
	}
}

func (e *env) apps() map[string]bool {
	out := map[string]bool{}
	for _, id := range []string{"/hello-blue", "/hello-green"} {
		resp, err := http.Get(e.sb.MarathonURL + "/v2/apps" + id)
		if err != nil {
			continue
		}
		resp.Body.Close()
		out[id] = resp.StatusCode == http.StatusOK
	}
	return out
}

// setup starts the sandbox; withSlowAgent registers the lagging stand-in.
func setup(t testing.TB, withSlowAgent bool) *env {
	sb := sandboxtest.Start(t, sandboxtest.Options{})
	base, err := os.ReadFile("../../../../examples/hello/hello.yaml")
	require.NoError(t, err)
	b := string(base)
	b = b[:strings.Index(b, "canary:")]
	// A service port of our own: other packages' sandboxes may run at the
	// same time, and HAProxy binds with SO_REUSEPORT.
	port := freeServicePort(t)
	b = strings.Replace(b, "servicePort: 10080", fmt.Sprintf("servicePort: %d", port), 1)
	st, err := state.Open(context.Background(), sb.StoreURL, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, sb: sb, dir: t.TempDir(), base: b, st: st, url: fmt.Sprintf("http://127.0.0.1:%d/", port)}
	if withSlowAgent {
		e.agent = startSlowAgent(t, st, "hello")
	}
	return e
}

func (e *env) manifest(envLines, section string) {
	m := strings.Replace(e.base, "env:\n", "env:\n"+envLines, 1) + section
	require.NoError(e.t, os.WriteFile(filepath.Join(e.dir, "hello.yaml"), []byte(m), 0o644))
}

func (e *env) cmd(args ...string) *exec.Cmd {
	cmd := exec.Command(e.sb.Bin, args...)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	return cmd
}

func (e *env) run(args ...string) (int, string, string) {
	e.t.Helper()
	cmd := e.cmd(args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	require.NoError(e.t, err)
	return 0, out.String(), errOut.String()
}

func (e *env) deploy(rel string) (int, string, string) {
	return e.run("deploy", "-f", "hello.yaml", "--realm", e.sb.RealmFile, "--release", rel, "--timeout", "3m", "--progress-deadline", "60s")
}

// waitStatus polls `yodel canary status -o json` until the rollout of rel
// is at step; false when the rollout ended or the time ran out first.
func (e *env) waitStatus(rel, step string, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		code, out, _ := e.run("canary", "status", "hello", "--realm", e.sb.RealmFile, "-o", "json")
		var r canary.Rollout
		if code == 0 && json.Unmarshal([]byte(out), &r) == nil && r.Canary.Release == rel {
			if r.StepName() == step {
				return true
			}
			if !r.Active() {
				return false
			}
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
	return false
}

func (e *env) rollout() *canary.Rollout {
	_, r, err := canary.Load(context.Background(), e.st, "hello")
	require.NoError(e.t, err)
	require.NotNil(e.t, r)
	return r
}

func freeServicePort(t testing.TB) int {
	for range 200 {
		p := 12000 + rand.IntN(6000)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue
		}
		l.Close()
		return p
	}
	t.Fatal("no free service port")
	return 0
}

func waitServed(t *testing.T, l *loadgen.Load, rel string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for l.Snapshot().ByRelease[rel] == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("release %s never answered", rel)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

func releases(m map[string]int) []string {
	var out []string
	for k, v := range m {
		if v > 0 {
			out = append(out, k)
		}
	}
	return out
}
