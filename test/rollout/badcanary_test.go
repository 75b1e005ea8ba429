package rollout

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

const smokeCanary = `canary:
  instances: 1
  isolated:
    smoke:
      - path: /
        expectBody: '"service":"hello"'
        retries: 3
  partial:
    steps: [10]
    duration: 10s
    interval: 1s
    minRequests: 20
  drainTimeout: 5s
`

// noSmokeCanary has no smoke check: a release failing every request
// reaches partial, where only the error rate can catch it.
const noSmokeCanary = `canary:
  instances: 1
  partial:
    steps: [10]
    duration: 10s
    interval: 1s
    minRequests: 20
  drainTimeout: 5s
`

// TestBadCanariesRolledBack: canaries whose tasks crash-loop, hang on start
// past the health grace, or pass health but fail every request. Each is
// rolled back (exit 3), the stable release never fails a request, and the
// last one's failures stay within share × detection time. On plain
// Marathon 1.10 with hello exiting at once on SIGTERM: the rolled-back
// canaries are drained before their apps are deleted.
func TestBadCanariesRolledBack(t *testing.T) {
	t.Parallel() // each in a sandbox of its own; the rig slots bound how many run at once
	r := newRig(t, sandboxtest.Options{MarathonVersion: "1.10", DieOnTerm: true})
	load := r.DeployUnderLoad("v1", smokeCanary)

	for _, c := range []struct {
		name, rel, env, canary string
		grace                  string // health grace, seconds
	}{
		{"crash-loop", "v2", "  HELLO_FAIL_START: \"true\"\n", smokeCanary, ""},
		// 30s before listening, against a 3s health grace.
		{"hang on start", "v3", "  HELLO_START_DELAY: 30s\n", smokeCanary, "3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r.T = t
			r.Manifest(c.env, c.canary)
			if c.grace != "" {
				m := strings.Replace(r.Base, "gracePeriodSeconds: 10", "gracePeriodSeconds: "+c.grace, 1)
				require.NotEqual(t, r.Base, m)
				r.WriteManifest(strings.Replace(m, "env:\n", "env:\n"+c.env, 1) + c.canary)
			}
			before := load.Snapshot()
			start := time.Now()
			code, out, errOut := r.Run("deploy", "-f", "hello.yaml", "--realm", r.SB.RealmFile, "--release", c.rel,
				"--timeout", "2m", "--progress-deadline", "15s")
			took := time.Since(start)
			require.Equal(t, 3, code, "%s\n%s", out, errOut)
			during := load.Snapshot().Sub(before)
			ro := r.Rollout()
			t.Logf("FIGURE %s: rolled back after %s (%s); %d requests, %d failed; %s", c.name, took.Round(time.Second),
				ro.Reason, during.Total, during.Failed, sandboxtest.Tail(errOut, 3))
			assert.Zero(t, during.Failed, "failed requests: %v", during.FailureSamples)
			assert.Zero(t, during.ByRelease[c.rel]+during.FailedByRelease[c.rel], "the canary answered public requests")
			assert.Equal(t, []string{"v1"}, sandboxtest.Releases(during.ByRelease))
		})
	}

	t.Run("passes health, fails every request", func(t *testing.T) {
		r.T = t
		r.Manifest("  HELLO_ERROR_RATE: \"1\"\n", noSmokeCanary)
		before := load.Snapshot()
		code, out, errOut := r.Run(r.DeployArgs("v4")...)
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		assert.Contains(t, errOut, "error-rate")
		during := load.Snapshot().Sub(before)
		ro := r.Rollout()
		partialFor := sandboxtest.StepTook(ro, "partial[0]")
		require.NotZero(t, partialFor, "no partial[0] step recorded: %+v", ro.Steps)
		// rate × share × error rate (1) over the canary's exposure: the
		// detection, then the rollback until every agent took the share
		// back (a loaded machine makes that last, not the canary).
		bound := sandboxtest.CanaryFailureBound(ro, loadRate, 0.10, 1)
		t.Logf("FIGURE fails every request: detected after %s in partial[0], share back to 0 after %s more; %d failed of %d requests (bound %d); reason: %s",
			partialFor.Round(time.Millisecond), sandboxtest.StepTook(ro, canary.StepRollingBack).Round(time.Millisecond), during.Failed, during.Total, bound, ro.Reason)
		assert.LessOrEqual(t, during.Failed, bound)
		assert.Zero(t, during.FailedByRelease["v1"], "failures from the stable release: %v", during.FailureSamples)
		assert.Equal(t, during.Failed, during.FailedByRelease["v4"], "every failure is the canary's: %v", during.FailedByRelease)
		assert.Equal(t, []string{"v1"}, sandboxtest.Releases(sandboxtest.SentFromNow(t, load, loadRate).ByRelease))
	})
	r.T = t
	final := load.Stop()
	assert.GreaterOrEqual(t, final.Rate(), 200.0)
	assert.True(t, strings.Contains(final.Split(), "v1"))
}
