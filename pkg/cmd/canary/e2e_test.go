package canary_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
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

// The load every scenario runs under: at least 200 requests/s through
// HAProxy, on loopback.
const loadRate = 250

type e2e struct {
	t    *testing.T
	sb   *sandboxtest.Sandbox
	dir  string
	base string
	st   state.Store
	url  string
}

func setup(t *testing.T) *e2e {
	if testing.Short() {
		t.Skip("end-to-end: real processes under load")
	}
	sb := sandboxtest.Start(t, sandboxtest.Options{})
	base, err := os.ReadFile("../../../examples/hello/hello.yaml")
	require.NoError(t, err)
	b := string(base)
	b = b[:strings.Index(b, "canary:")] // the scenarios write their own
	// A service port of our own: other packages' sandboxes run at the same
	// time on this machine, and HAProxy binds with SO_REUSEPORT, so two
	// sandboxes on one port would share each other's traffic.
	port := freeServicePort(t)
	b = strings.Replace(b, "servicePort: 10080", fmt.Sprintf("servicePort: %d", port), 1)
	st, err := state.Open(context.Background(), sb.StoreURL, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return &e2e{t: t, sb: sb, dir: t.TempDir(), base: b, st: st, url: fmt.Sprintf("http://127.0.0.1:%d/", port)}
}

// manifest writes hello.yaml with extra env lines and a canary section.
func (e *e2e) manifest(env, canarySection string) {
	m := strings.Replace(e.base, "env:\n", "env:\n"+env, 1) + canarySection
	require.NoError(e.t, os.WriteFile(filepath.Join(e.dir, "hello.yaml"), []byte(m), 0o644))
}

const fastCanary = `canary:
  instances: 1
  isolated:
    smoke:
      - path: /
        expectBody: '"service":"hello"'
        retries: 3
  partial:
    steps: [10, 50]
    duration: 5s
    interval: 1s
    minRequests: 20
  drainTimeout: 5s
`

func (e *e2e) cmd(args ...string) *exec.Cmd {
	cmd := exec.Command(e.sb.Bin, args...)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(), "CI=true", "NO_COLOR=1")
	return cmd
}

func (e *e2e) run(args ...string) (int, string, string) {
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

func (e *e2e) deploy(rel string, extra ...string) (int, string, string) {
	return e.run(append([]string{"deploy", "-f", "hello.yaml", "--realm", e.sb.RealmFile, "--release", rel,
		"--timeout", "3m", "--progress-deadline", "60s"}, extra...)...)
}

// step polls the routing state until the service is at step.
func (e *e2e) waitStep(step string, within time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(within)
	for {
		rt, _, err := e.st.GetRouting(context.Background(), "hello")
		if err == nil && rt.Step == step {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("not at step %s after %s (at %q)", step, within, rt.Step)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition
	}
}

// waitApplied waits until every lb agent routes the current generation.
func (e *e2e) waitApplied() {
	e.t.Helper()
	rt, _, err := e.st.GetRouting(context.Background(), "hello")
	require.NoError(e.t, err)
	require.NoError(e.t, e.st.WaitApplied(context.Background(), "hello", rt.Generation, time.Now().Add(10*time.Second)))
}

func (e *e2e) rollout() *canary.Rollout {
	_, r, err := canary.Load(context.Background(), e.st, "hello")
	require.NoError(e.t, err)
	return r
}

// TestCanaryUnderLoad runs the scenarios in one sandbox, in order:
// v1 first deploy; v2 good canary; v3 failing half its requests; v4 failing
// its smoke check; v5 aborted; v6 kill -9 then resume; v7 kill -9 then
// abort. Figures are logged for BENCHMARKS.md.
func TestCanaryUnderLoad(t *testing.T) {
	e := setup(t)
	e.manifest("", fastCanary)
	code, out, errOut := e.deploy("v1")
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)

	load := loadgen.Start(e.url, loadRate, nil)
	defer load.Stop()

	t.Run("good release goes isolated, partial, full with zero failed requests", func(t *testing.T) {
		e.t = t
		before := load.Snapshot()
		done := make(chan struct{})
		var split loadgen.Report
		go func() {
			defer close(done)
			e.waitStep("partial[0]", 60*time.Second)
			e.waitApplied()
			a := load.Snapshot()
			time.Sleep(3500 * time.Millisecond) // a fixed window inside the 5s step
			split = load.Snapshot().Sub(a)
		}()
		code, out, errOut := e.deploy("v2", "--junit", filepath.Join(e.dir, "v2.xml"))
		<-done
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		during := load.Snapshot().Sub(before)
		assert.Zero(t, during.Failed, "failed requests during the rollout: %v", during.FailureSamples)
		share := split.Share("v2")
		t.Logf("FIGURE good rollout: %d requests at %.0f/s, %d failed; partial[0] split %s (canary %.2f%%, wanted 10%%)",
			during.Total, during.Rate(), during.Failed, split.Split(), share*100)
		assert.InDelta(t, 0.10, share, 0.01, "the split during partial is the wanted share ±1 point: %s", split.Split())
		assert.Contains(t, errOut, "partial 1/2", "progress lines off a TTY")
		assert.NotContains(t, errOut, "\x1b")
		// Only v2 serves now.
		a := load.Snapshot()
		time.Sleep(time.Second)
		last := load.Snapshot().Sub(a)
		assert.Equal(t, []string{"v2"}, keys(last.ByRelease), last.Split())
		junit, err := os.ReadFile(filepath.Join(e.dir, "v2.xml"))
		require.NoError(t, err)
		assert.Contains(t, string(junit), `name="partial[1]"`)
	})

	t.Run("a release failing half its requests is rolled back during partial", func(t *testing.T) {
		e.t = t
		e.manifest("  HELLO_ERROR_RATE: \"0.5\"\n", fastCanary)
		before := load.Snapshot()
		start := time.Now()
		code, out, errOut := e.deploy("v3")
		took := time.Since(start)
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		assert.Contains(t, errOut, "error-rate")
		during := load.Snapshot().Sub(before)
		r := e.rollout()
		var partialFor time.Duration
		for _, s := range r.Steps {
			if s.Name == "partial[0]" {
				partialFor = s.Finished.Sub(s.Started)
			}
		}
		// At a 10% share and 50% errors, failures are bounded by
		// rate × share × errorRate × detection time (+ in-flight).
		bound := int(float64(loadRate)*0.10*0.5*partialFor.Seconds()) + 10
		t.Logf("FIGURE bad release: detected after %s in partial[0] (deploy %s); %d failed of %d requests (bound %d); reason: %s",
			partialFor.Round(time.Millisecond), took.Round(time.Second), during.Failed, during.Total, bound, r.Reason)
		assert.LessOrEqual(t, during.Failed, bound)
		assert.Zero(t, during.FailedByRelease["v2"], "no failure from the stable release")
		a := load.Snapshot()
		time.Sleep(time.Second)
		assert.Equal(t, []string{"v2"}, keys(load.Snapshot().Sub(a).ByRelease))
	})

	t.Run("a release failing its smoke check never receives public traffic", func(t *testing.T) {
		e.t = t
		e.manifest("", strings.Replace(fastCanary, `'"service":"hello"'`, `'no such text'`, 1))
		before := load.Snapshot()
		code, out, errOut := e.deploy("v4")
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		assert.Contains(t, errOut, "smoke check failed")
		during := load.Snapshot().Sub(before)
		assert.Zero(t, during.ByRelease["v4"]+during.FailedByRelease["v4"], "v4 answered public requests")
		assert.Zero(t, during.Failed)
	})

	slow := strings.Replace(fastCanary, "duration: 5s", "duration: 5m", 1)

	t.Run("abort: from the command to the canary's last request under 1s", func(t *testing.T) {
		e.t = t
		e.manifest("", slow)
		dep := e.cmd("deploy", "-f", "hello.yaml", "--realm", e.sb.RealmFile, "--release", "v5", "--timeout", "3m")
		var depErr bytes.Buffer
		dep.Stderr = &depErr
		require.NoError(t, dep.Start())
		e.waitStep("partial[0]", 60*time.Second)
		waitServed(t, load, "v5")
		before := load.Snapshot()
		start := time.Now()
		code, out, errOut := e.run("canary", "abort", "hello", "--realm", e.sb.RealmFile)
		require.Equal(t, 0, code, "%s\n%s", out, errOut)
		err := dep.Wait()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, depErr.String())
		assert.Equal(t, 3, ee.ExitCode(), depErr.String())
		last := load.Snapshot().LastSeen["v5"]
		after := load.Snapshot().Sub(before)
		gap := last.Sub(start)
		t.Logf("FIGURE abort: canary's last request %s after the abort command started; %d failed during the abort", gap.Round(time.Millisecond), after.Failed)
		assert.Less(t, gap, time.Second)
		assert.Zero(t, after.Failed)
	})

	for _, then := range []string{"resume", "abort"} {
		t.Run("kill -9 of the CLI during partial, then "+then, func(t *testing.T) {
			e.t = t
			rel := map[string]string{"resume": "v6", "abort": "v7"}[then]
			if then == "resume" {
				e.manifest("", fastCanary)
			} else {
				e.manifest("", slow)
			}
			before := load.Snapshot()
			dep := e.cmd("deploy", "-f", "hello.yaml", "--realm", e.sb.RealmFile, "--release", rel, "--timeout", "3m")
			require.NoError(t, dep.Start())
			e.waitStep("partial[0]", 60*time.Second)
			require.NoError(t, dep.Process.Signal(syscall.SIGKILL))
			_ = dep.Wait()
			// It stays where it was, serving safely.
			r := e.rollout()
			assert.Equal(t, "partial[0]", r.StepName())
			waitServed(t, load, rel)

			code, out, errOut := e.run("canary", then, "hello", "--realm", e.sb.RealmFile)
			require.Equal(t, 0, code, "%s\n%s", out, errOut)
			during := load.Snapshot().Sub(before)
			stable := map[string]string{"resume": "v2", "abort": "v6"}[then]
			serving := map[string]string{"resume": rel, "abort": stable}[then]
			assert.Zero(t, during.FailedByRelease[stable], "failures from the stable release")
			assert.Zero(t, during.Failed, "%v", during.FailureSamples)
			r = e.rollout()
			want := map[string]string{"resume": canary.StepDone, "abort": canary.StepAborted}[then]
			assert.Equal(t, want, r.Step)
			a := load.Snapshot()
			time.Sleep(time.Second)
			assert.Equal(t, []string{serving}, keys(load.Snapshot().Sub(a).ByRelease))
			t.Logf("FIGURE kill -9 at partial[0] then %s: %d requests, %d failed", then, during.Total, during.Failed)
		})
	}

	final := load.Stop()
	t.Logf("FIGURE whole run: %d requests at %.0f/s, %d failed", final.Total, final.Rate(), final.Failed)
	assert.GreaterOrEqual(t, final.Rate(), 200.0)
}

// freeServicePort picks a port in the realm's service port range that
// nothing listens on (nor its isolated port).
func freeServicePort(t *testing.T) int {
	for i := 0; i < 200; i++ {
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

// waitServed waits until the load has seen release answer.
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

func keys(m map[string]int) []string {
	var out []string
	for k, v := range m {
		if v > 0 {
			out = append(out, k)
		}
	}
	if len(out) > 1 {
		return append(out, fmt.Sprint("(", len(out), " releases)"))
	}
	return out
}
