package loadfaults

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// pastSessionTimeout is how long ZooKeeper stays down for a session
// expiry: longer than the 10 s session yodel asks for (the sandbox's
// ZooKeeper, tickTime 500 ms, caps sessions at 10 s too).
const pastSessionTimeout = 12 * time.Second

// zkFault is one ZooKeeper outage: down, and for how long.
type zkFault struct {
	name string
	down time.Duration // 0: kill -9 and start again at once
	// slowStart, for the rolling deploy, makes the new tasks listen only
	// after this long, so that Marathon's deployment outlasts the outage
	// and the CLI loses its lock while it waits on Marathon, not after.
	slowStart string
	// freezeAgent, instead of stopping ZooKeeper, freezes the lb agent
	// (SIGSTOP) for down: ZooKeeper runs on and expires the agent's
	// session, as it would for an agent host cut off or stalled.
	freezeAgent bool
}

var zkFaults = []zkFault{
	{name: "restart"},
	{name: "down past the session timeout", down: pastSessionTimeout, slowStart: "16s"},
}

// outage kill -9s the store's ZooKeeper, keeps it down for f.down (the
// fault itself: there is no condition to wait on), and starts it again on
// the same data directory; or freezes the lb agent that long.
func (r *rig) outage(top *testing.T, f zkFault, n int) (downFor time.Duration) {
	r.T.Helper()
	start := time.Now()
	if f.freezeAgent {
		pid := r.SB.Component(r.T, sandbox.CompAgent).PID
		require.NoError(r.T, syscall.Kill(pid, syscall.SIGSTOP))
		timer := time.NewTimer(f.down)
		<-timer.C
		require.NoError(r.T, syscall.Kill(pid, syscall.SIGCONT))
		return time.Since(start)
	}
	r.stopZooKeeper()
	if f.down > 0 {
		timer := time.NewTimer(f.down)
		<-timer.C
	}
	r.startZooKeeper(top, n)
	return time.Since(start)
}

// TestZooKeeperFaultsUnderLoadRolling: the sandbox's ZooKeeper (the
// routing state, the agents' registrations and the deploy's lock) is
// killed mid-rollout of a rolling deploy, and started again at once or
// only after the sessions' timeout, under 250 requests/s through HAProxy.
// The lb agent keeps HAProxy serving while the store is away; the deploy
// completes, or stops with a clear error after which a re-run converges.
func TestZooKeeperFaultsUnderLoadRolling(t *testing.T) {
	t.Parallel()
	r := newRig(t, gracefulOn14)
	r.Manifest(rolloutEnv, canarySection)
	code, out, errOut := r.Run(r.deployArgs(r.SB.RealmFile, "v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	top, stable := t, "v1"
	for i, f := range zkFaults {
		rel := fmt.Sprintf("v%d", i+2)
		ok := t.Run(f.name, func(t *testing.T) {
			r.T = t
			load := sandboxtest.StartLoad(t, r.URL, loadRate)
			defer load.Stop()
			sandboxtest.WaitServed(t, load, stable)
			before := load.Snapshot()
			if f.slowStart != "" {
				m := strings.Replace(r.Base, "env:\n", "env:\n  HELLO_START_DELAY: "+f.slowStart+"\n", 1)
				r.WriteManifest(sandboxtest.ReplaceOnce(t, m, "gracePeriodSeconds: 10", "gracePeriodSeconds: 30") + canarySection)
				defer r.Manifest(rolloutEnv, canarySection)
			}
			args := r.deployArgs(r.SB.RealmFile, rel, "--strategy", "rolling")
			dep := r.Start(args...)
			r.WaitDeploying()
			downFor := r.outage(top, f, i+1)
			code, out, errOut := dep.Wait(t)
			first := code
			t.Logf("deploy %s across ZooKeeper %s (%s): exit %d\n%s", rel, f.name, downFor.Round(100*time.Millisecond),
				code, sandboxtest.Tail(errOut, 12))
			assert.NotContains(t, errOut, "panic:")
			rerun := code != 0
			if rerun {
				// Said what happened and what to do; Marathon's deployment
				// may still run (the CLI gave up, not Marathon).
				assert.Contains(t, errOut, "lock was lost", "the error does not say the store was the trouble")
				r.waitIdle()
				code, out, errOut = r.Run(args...)
			}
			require.Equal(t, 0, code, "%s\n%s", out, errOut)
			r.agentBackInStore()
			r.converged(load, rel)
			during := load.Snapshot().Sub(before)
			during.FailureSamples = load.Snapshot().FailureSamples
			figure(t, "zookeeper "+f.name+" during a rolling deploy", stable, during,
				fmt.Sprintf("; fault lasted %s; first exit %d, re-run needed %v", downFor.Round(100*time.Millisecond), first, rerun))
			stable = rel
		})
		if !ok {
			return
		}
	}
}

// TestZooKeeperFaultsUnderLoadCanary: the same outages during a canary's
// partial step (20% of the traffic to the canary). While ZooKeeper is away
// nothing can move the rollout on; the CLI either rides it out and
// completes, or stops with the rollout left resumable, and `yodel canary
// resume` completes it. On plain 1.10 with hello dying on SIGTERM (the
// rolling test runs on 1.4 with hello draining): the ZooKeeper faults in
// both modes without running each twice.
func TestZooKeeperFaultsUnderLoadCanary(t *testing.T) {
	t.Parallel()
	r := newRig(t, dyingOn110)
	r.Manifest("", canarySection)
	code, out, errOut := r.Run(r.deployArgs(r.SB.RealmFile, "v1")...)
	require.Equal(t, 0, code, "first deploy\n%s\n%s", out, errOut)
	top, stable := t, "v1"
	faults := append(slices.Clip(zkFaults), zkFault{name: "lb agent session expired (agent frozen)", down: pastSessionTimeout, freezeAgent: true})
	for i, f := range faults {
		rel := fmt.Sprintf("v%d", i+2)
		ok := t.Run(f.name, func(t *testing.T) {
			r.T = t
			load := sandboxtest.StartLoad(t, r.URL, loadRate)
			defer load.Stop()
			sandboxtest.WaitServed(t, load, stable)
			before := load.Snapshot()
			dep := r.Start(r.deployArgs(r.SB.RealmFile, rel)...)
			r.WaitStep("partial[0]", 60*time.Second)
			r.WaitApplied()
			sandboxtest.WaitServed(t, load, rel)
			downFor := r.outage(top, f, i+1)
			code, out, errOut := dep.Wait(t)
			first := code
			t.Logf("canary %s across ZooKeeper %s (%s): exit %d\n%s", rel, f.name, downFor.Round(100*time.Millisecond),
				code, sandboxtest.Tail(errOut, 12))
			assert.NotContains(t, errOut, "panic:")
			if code == 3 && f.freezeAgent {
				// Rolled back for want of counters (onInconclusive: fail):
				// the frozen agent could not be read for the whole step.
				// The stable release kept serving; deploying again goes.
				assert.Equal(t, canary.StepRolledBack, r.Rollout().Step)
				// The canary app is deleted only once the frozen agent is
				// back and routes share 0 (pkg/canary awaitRouters): its
				// HAProxy sent the canary 20% until then.
				assert.NotContains(t, errOut, "nothing routes the canary", "the expired agent was taken for no agent at all")
				assert.NotContains(t, errOut, "did not come back", "the canary was deleted while the frozen agent's HAProxy routed it")
				if strings.Contains(errOut, "no longer registered") {
					assert.Contains(t, errOut, "are back and route generation")
				}
				code, out, errOut = r.Run(r.deployArgs(r.SB.RealmFile, rel)...)
				t.Logf("deploy %s again: exit %d\n%s", rel, code, sandboxtest.Tail(errOut, 4))
			}
			resumed := code != 0
			if resumed {
				// Left resumable, and says how to go on.
				assert.Contains(t, errOut, "yodel canary resume hello", "no resume hint")
				ro := r.Rollout()
				assert.True(t, ro.Active(), "the rollout is not resumable: %+v", ro)
				code, out, errOut = r.Run("canary", "resume", "hello", "--realm", r.SB.RealmFile)
				t.Logf("yodel canary resume: exit %d\n%s", code, sandboxtest.Tail(errOut, 8))
			}
			require.Equal(t, 0, code, "%s\n%s", out, errOut)
			assert.Equal(t, canary.StepDone, r.Rollout().Step)
			r.agentBackInStore()
			r.converged(load, rel)
			during := load.Snapshot().Sub(before)
			during.FailureSamples = load.Snapshot().FailureSamples
			figure(t, "zookeeper "+f.name+" during a canary's partial step", stable, during,
				fmt.Sprintf("; fault lasted %s; first exit %d, resume needed %v", downFor.Round(100*time.Millisecond), first, resumed))
			stable = rel
		})
		if !ok {
			return
		}
	}
}

// agentBackInStore waits until the sandbox's lb agent is registered in the
// store again (its session may have expired with ZooKeeper away), and logs
// what the agent said about the store.
func (r *rig) agentBackInStore() {
	r.T.Helper()
	defer func() {
		b, _ := os.ReadFile(r.SB.Component(r.T, sandbox.CompAgent).Log)
		var said []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "WARN") || strings.Contains(l, "registered") || strings.Contains(l, "expired") {
				said = append(said, l)
			}
		}
		r.T.Logf("lb agent on the store:\n%s", sandboxtest.Tail(strings.Join(said, "\n"), 12))
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := sandboxtest.AgentStatus(r.SB.AgentURL)
		if err == nil && st.Registered {
			return
		}
		if time.Now().After(deadline) {
			r.T.Fatalf("the lb agent is not registered in the store 30s after ZooKeeper came back: %+v %v", st, err)
		}
		time.Sleep(25 * time.Millisecond) // polling a condition
	}
}
