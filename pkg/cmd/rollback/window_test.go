package rollback

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// A canary of web v2 with a rollback window, straight to full: the deploy
// returns at kept with v1 still running.
func deployKept(t *testing.T, e *svctest.Env) {
	e.Manifest(t, "web", web+"canary: {drainTimeout: 0s, keepPrevious: 1h}\n")
	ios, _, out, _ := svctest.IO(false)
	err := deploy.Run(context.Background(), &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v2",
		Strategy: deploy.StrategyCanary, SkipIsolated: true, SkipPartial: true, Timeout: time.Minute, Settle: 200 * time.Millisecond})
	require.NoError(t, err)
	assert.Contains(t, out.String(), "keeps v1 at weight 0 until")
	_, r, err := canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	require.Equal(t, canary.StepKept, r.Step)
}

// Inside the window the rollback is the flip, then v2's app is removed;
// --to another release is refused there.
func TestRollbackInsideTheWindowFlips(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	e.MustDeploy(t, dep, "web", "v1")
	deployKept(t, e)
	blue, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)

	_, err = run(e, "v0")
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "web is in its rollback window: only v1, the previous release, can come back at once")

	ios, _, out, _ := svctest.IO(false)
	err = Run(context.Background(), &Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Timeout: time.Minute, Output: "json"})
	require.NoError(t, err)
	var res Result
	require.NoError(t, json.Unmarshal(out.Bytes(), &res), out.String())
	assert.True(t, res.Window)
	assert.Equal(t, "v2", res.From)
	assert.Equal(t, "v1", res.To)
	assert.Equal(t, "rolled-back", res.Outcome)

	_, err = e.Client.App(context.Background(), "/web-green")
	assert.True(t, marathon.IsNotFound(err), "v2's app is removed: %v", err)
	after, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, blue.Version, after.Version, "v1 was not redeployed")
	assert.Equal(t, "v1", release(t, e))
}

// After the window the rollback is the normal redeploy: the window is
// ended first (v1's app removed), then v1 comes back from its history
// record in the app that serves now.
func TestRollbackAfterTheWindowRedeploys(t *testing.T) {
	e := svctest.Start(t)
	// The window is on the wall clock: every process compares with its own.
	e.Now = time.Now
	e.Manifest(t, "web", web)
	e.MustDeploy(t, dep, "web", "v1")
	e.Manifest(t, "web", web+"canary: {drainTimeout: 0s, keepPrevious: 1s}\n")
	ios, _, _, _ := svctest.IO(false)
	require.NoError(t, deploy.Run(context.Background(), &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v2",
		Strategy: deploy.StrategyCanary, SkipIsolated: true, SkipPartial: true, Timeout: time.Minute, Settle: 200 * time.Millisecond}))
	_, r, err := canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	require.Equal(t, canary.StepKept, r.Step)
	for time.Now().Before(r.KeptUntil) {
		time.Sleep(20 * time.Millisecond) // polling a condition: the window's end
	}

	out, err := run(e, "")
	require.NoError(t, err)
	assert.Contains(t, out, "Rolled web back from v2 to v1")
	_, r, err = canary.Load(context.Background(), e.Store, "web")
	require.NoError(t, err)
	assert.Equal(t, canary.StepDone, r.Step, "the window was ended, not flipped")
	_, err = e.Client.App(context.Background(), "/web-blue")
	assert.True(t, marathon.IsNotFound(err), "v1's old app was removed at the window's end: %v", err)
	green, err := e.Client.App(context.Background(), "/web-green")
	require.NoError(t, err)
	assert.Equal(t, "v1", green.Label("YODEL_RELEASE"), "v1 redeployed in the app that serves")
}
