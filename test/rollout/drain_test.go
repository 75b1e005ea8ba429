package rollout

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

const drainCanary = `canary:
  instances: 1
  partial:
    steps: [20]
    duration: 3s
    interval: 1s
    minRequests: 20
  drainTimeout: 5s
`

// Every kill yodel makes, on plain Marathon 1.4 and 1.10 (no TASK_KILLING:
// a killed task stays TASK_RUNNING until it is gone) and with a service
// that exits at once on SIGTERM, under 250 req/s: a canary cycle, a rolling
// deploy, a scale 10 -> 3, a rollback, a restart. Each must fail no request: the
// tasks are drained before they are killed (pkg/drain). Half the requests,
// at random, are POSTs taking 20 ms: HAProxy replays a GET that met a dying task but
// never a POST, so only the drain keeps those from failing (Marathon's own
// restart of the same app, without yodel, failed 12 of 1894 POSTs:
// RELIABILITY.md).
func TestKillsDrainedOnPlainMarathon(t *testing.T) {
	for _, m := range emutest.Modes {
		t.Run(m.Name, func(t *testing.T) {
			r := newRig(t, sandboxtest.Options{MarathonVersion: m.Version, DieOnTerm: true})
			r.WriteManifest(sandboxtest.ReplaceOnce(t, r.Base, "HELLO_LATENCY: 0s", "HELLO_LATENCY: 20ms") + drainCanary)
			if code, out, errOut := r.Deploy("v1"); code != 0 {
				t.Fatalf("first deploy: exit %d\n%s\n%s", code, out, errOut)
			}
			load := sandboxtest.StartLoadMix(t, r.URL, sandboxtest.LoadRate, sandboxtest.LoadMix{PostEvery: 2})
			sandboxtest.WaitServed(t, load, "v1")
			defer func() {
				final := load.Stop()
				t.Logf("FIGURE %s whole run: %d requests at %.0f/s, %d failed; %d POSTs, %d failed", m.Name, final.Total, final.Rate(), final.Failed, final.Posts, final.FailedPosts)
				assert.GreaterOrEqual(t, final.Rate(), 200.0)
				stattest.Share(t, final.Posts, final.Total, 0.5, "POSTs")
			}()
			step := func(name, rel string, args ...string) string {
				t.Helper()
				before := load.Snapshot()
				start := time.Now()
				code, out, errOut := r.Run(args...)
				require.Equal(t, 0, code, "%s\n%s\n%s", name, out, sandboxtest.Tail(errOut, 40))
				if rel != "" {
					sandboxtest.WaitServed(t, load, rel)
				}
				d := load.Snapshot().Sub(before)
				t.Logf("FIGURE %s %s: %d requests, %d failed (POSTs: %d, %d failed), %s", m.Name, name, d.Total, d.Failed, d.Posts, d.FailedPosts, time.Since(start).Round(100*time.Millisecond))
				assert.Zero(t, d.Failed, "%s: failed requests %v; its output:\n%s", name, d.FailedByRelease, sandboxtest.Tail(errOut, 40))
				return errOut
			}
			step("canary cycle v1 -> v2", "v2", r.DeployArgs("v2")...)
			step("rolling deploy v2 -> v3", "v3", r.DeployArgs("v3", "--strategy", "rolling")...)
			step("scale 3 -> 10", "", "scale", "hello", "10", "--realm", r.SB.RealmFile)
			errOut := step("scale 10 -> 3", "", "scale", "hello", "3", "--realm", r.SB.RealmFile)
			assert.Contains(t, errOut, "draining 7 task(s)")
			step("rollback v3 -> v2", "v2", "rollback", "hello", "--realm", r.SB.RealmFile)
			errOut = step("restart v2", "", "restart", "hello", "--realm", r.SB.RealmFile)
			assert.Regexp(t, `starting /hello-(blue|green) beside /hello-(blue|green)`, errOut, "a routed service's restart surges")
			assert.Regexp(t, `restarting /hello-(blue|green): a new task for each of its 3`, errOut)
			assert.Equal(t, []string{"v2"}, lastReleases(load), "only v2 answers at the end")
		})
	}
}

// lastReleases are the releases that answered in the last second.
func lastReleases(l *loadgen.Load) []string {
	rep := l.Snapshot()
	var out []string
	for rel, at := range rep.LastSeen {
		if time.Since(at) < time.Second {
			out = append(out, rel)
		}
	}
	if len(out) == 0 {
		return []string{fmt.Sprint(rep.LastSeen)}
	}
	return out
}
