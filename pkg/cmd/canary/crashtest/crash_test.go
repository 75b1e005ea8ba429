package crashtest_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

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

// defaultPartial is the partial step of the scenarios that do not stop in
// it: two judgements (interval 1s) of about 25 canary requests each.
const defaultPartial = "2s"

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

// env is the rig with the lagging agent the matrix holds steps with.
type env struct {
	*sandboxtest.Rig
	agent *slowAgent
}

// TestKillDeployAtEveryStep kills `yodel deploy` with SIGKILL at each step
// of a canary rollout, then runs `yodel canary resume` (or, in the next
// scenario, `yodel canary abort`) and checks that the rollout converges,
// that the stable release never failed a request, and which release serves
// at the end. The matrix runs in two halves, each in a sandbox of its own
// under its own load, in parallel: a scenario is mostly waiting (tasks
// starting, the partial step), so two sandboxes take half the time of one.
func TestKillDeployAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: real processes under load, about 1.5 minutes")
	}
	halves := [][]scenario{matrix[:4], matrix[4:]}
	for i, part := range halves {
		t.Run(fmt.Sprintf("sandbox %d", i+1), func(t *testing.T) {
			t.Parallel()
			killMatrix(t, part, i == len(halves)-1)
		})
	}
}

// killMatrix runs scenarios in order in one sandbox under one load, each
// starting from the release the previous one left serving; withNeverCreated
// adds the two scenarios where the canary app was never created.
func killMatrix(t *testing.T, scenarios []scenario, withNeverCreated bool) {
	e := setup(t, true)
	load := e.DeployUnderLoad("k0", canarySection("", defaultPartial))

	stable, n := "k0", 0
	for _, sc := range scenarios {
		for _, then := range []string{"resume", "abort"} {
			n++
			rel := fmt.Sprintf("k%d", n)
			ok := t.Run(sc.step+" then "+then, func(t *testing.T) {
				e.T = t
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
		if !withNeverCreated {
			break
		}
		n++
		rel := fmt.Sprintf("k%d", n)
		name := "starting, canary app never created, then resume rebuilds it"
		if changed {
			name = "starting, canary app never created, manifest changed, then resume rolls back"
		}
		ok := t.Run(name, func(t *testing.T) {
			e.T = t
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
	e.T = t

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
		partial = defaultPartial
	}
	e.Manifest(sc.env, canarySection(sc.command, partial))
	if sc.agentHold {
		e.agent.holdAt(sc.step)
	}
	defer e.agent.holdAt("")
	before := load.Snapshot()
	dep := e.Start(e.DeployArgs(rel)...)
	if !e.WaitStatus(rel, sc.step, 90*time.Second) {
		t.Fatalf("the rollout of %s never reached %s; deploy said:\n%s", rel, sc.step, dep.Stderr())
	}
	dep.Kill9(t)

	// It stays exactly where it was, serving safely.
	r := e.Rollout()
	require.Equal(t, rel, r.Canary.Release)
	assert.Equal(t, sc.step, r.StepName(), "the record after kill -9")
	assert.True(t, r.Active())
	e.agent.holdAt("")

	code, out, errOut := e.Run("canary", then, "hello", "--realm", e.SB.RealmFile)
	r = e.Rollout()
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
	require.Equal(t, wantCode, code, "yodel canary %s after kill -9 at %s\nstdout:\n%s\nstderr:\n%s\nthe killed deploy said:\n%s", then, sc.step, out, errOut, dep.Stderr())
	assert.Equal(t, want, r.Step, "%s\n%s", out, errOut)
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.FailedByRelease[stable], "failed requests from the stable release %s: %v\nsteps: %s", stable, during.FailureSamples, timeline(r))
	assert.Zero(t, during.Failed, "failed requests by release %v: %v\nsteps: %s", during.FailedByRelease, during.FailureSamples, timeline(r))
	// A window of load after the end: only the converged release answers.
	// Half a second of load, about 125 requests each balanced on its own.
	last := sandboxtest.SentFromNow(t, load, sandboxtest.LoadRate/2)
	assert.Equal(t, []string{serving}, sandboxtest.Releases(last.ByRelease), last.Split())
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
	e.Manifest("  HELLO_START_DELAY: 2s\n", canarySection("", defaultPartial))
	before := load.Snapshot()
	dep := e.Start(e.DeployArgs(rel)...)
	if !e.WaitStatus(rel, canary.StepStarting, 60*time.Second) {
		t.Fatalf("never at starting")
	}
	dep.Kill9(t)
	r := e.Rollout()
	e.deleteApp(r.Canary.App)
	if changed {
		e.Manifest("  HELLO_START_DELAY: 1s\n", canarySection("", defaultPartial))
	}
	code, out, errOut := e.Run("canary", "resume", "hello", "--realm", e.SB.RealmFile)
	r = e.Rollout()
	during := load.Snapshot().Sub(before)
	assert.Zero(t, during.Failed, "%v", during.FailureSamples)
	if changed {
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		assert.Equal(t, canary.StepRolledBack, r.Step)
		assert.Contains(t, errOut, "hello.yaml changed since the deploy")
		assert.Contains(t, errOut, "run the deploy again: yodel deploy -f hello.yaml --realm "+e.SB.RealmFile+" --release "+rel)
		e.noLeftoverApps(r)
		return stable
	}
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Equal(t, canary.StepDone, r.Step)
	assert.Contains(t, errOut, "was never created: creating it from "+filepath.Join(e.Dir, "hello.yaml"))
	e.noLeftoverApps(r)
	t.Logf("FIGURE never-created canary app rebuilt on resume: %d requests, %d failed", during.Total, during.Failed)
	return rel
}

// timeline is the rollout's steps with their times, to tell from a failed
// request's send time which step it was sent in.
func timeline(r *canary.Rollout) string {
	var b strings.Builder
	for _, st := range r.Steps {
		fmt.Fprintf(&b, "\n  %s %s-%s %s %s", st.Name, st.Started.Format("15:04:05.000"), st.Finished.Format("15:04:05.000"), st.Outcome, st.Message)
	}
	return b.String()
}

func (e *env) deleteApp(id string) {
	req, err := http.NewRequest(http.MethodDelete, e.SB.MarathonURL+"/v2/apps"+id+"?force=true", nil)
	require.NoError(e.T, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.T, err)
	resp.Body.Close()
	deadline := time.Now().Add(30 * time.Second)
	for e.apps()[id] {
		if time.Now().After(deadline) {
			e.T.Fatalf("%s not deleted", id)
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
			e.T.Fatalf("Marathon apps %v: want %s and not %s", apps, keep, gone)
		}
		time.Sleep(100 * time.Millisecond) // polling a condition
	}
}

func (e *env) apps() map[string]bool {
	out := map[string]bool{}
	for _, id := range []string{"/hello-blue", "/hello-green"} {
		resp, err := http.Get(e.SB.MarathonURL + "/v2/apps" + id)
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
	e := &env{Rig: sandboxtest.NewRig(t, sandboxtest.Options{})}
	if withSlowAgent {
		e.agent = startSlowAgent(t, e.Store, "hello")
	}
	return e
}
