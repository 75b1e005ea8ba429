package rollback

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

const web = "service: web\ncmd: sleep 600\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\n"

func dep(ctx context.Context, e *svctest.Env, svc, rel string) error {
	ios, _, _, _ := svctest.IO(false)
	return deploy.Run(ctx, &deploy.Options{Common: svctest.Common(svc), Deps: e.Deps(ios), Release: rel,
		Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 200 * time.Millisecond})
}

func run(e *svctest.Env, to string) (string, error) {
	ios, _, out, _ := svctest.IO(false)
	err := Run(context.Background(), &Options{Common: svctest.Common("web"), Deps: e.Deps(ios), To: to,
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second})
	return out.String(), err
}

func release(t *testing.T, e *svctest.Env) string {
	a, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	return a.Label("YODEL_RELEASE")
}

func TestRollback(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	e.MustDeploy(t, dep, "web", "v1")
	e.MustDeploy(t, dep, "web", "v2")
	e.MustDeploy(t, dep, "web", "v3")

	out, err := run(e, "")
	require.NoError(t, err)
	assert.Contains(t, out, "Rolled web back from v3 to v2: 2/2 healthy")
	assert.Equal(t, "v2", release(t, e))

	_, err = run(e, "v1")
	require.NoError(t, err)
	assert.Equal(t, "v1", release(t, e))

	_, err = run(e, "v9")
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "v9 is not among")

	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, "v1", h[0].Release)
	assert.Equal(t, "rollback", h[0].Strategy)
	assert.Equal(t, state.OutcomeSucceeded, h[0].Outcome)
}

// rollback --to the release the app runs changes nothing: an older stored
// version of the same release (here, before a scale) is not what the
// name asks for, and no new version, deployment or history record comes.
func TestRollbackToTheCurrentReleaseChangesNothing(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	e.MustDeploy(t, dep, "web", "v1")
	e.MustDeploy(t, dep, "web", "v2")
	ctx := context.Background()
	_, err := e.Client.ScaleApp(ctx, "/web-blue", 3, false)
	require.NoError(t, err)
	e.Emu.WaitIdle(t, time.Minute)
	before, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	hBefore, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)

	out, err := run(e, "v2")
	require.NoError(t, err)
	assert.Contains(t, out, "web already runs v2 (/web-blue): nothing to roll back; to replace its tasks: yodel restart web --realm")
	after, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, before.Version, after.Version, "no new version of the app")
	assert.Equal(t, 3, after.WantedInstances())
	hAfter, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	assert.Len(t, hAfter, len(hBefore), "no history record")

	ios, _, jout, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svctest.Common("web"), Deps: e.Deps(ios), To: "v2", Timeout: time.Minute,
		ProgressDeadline: 30 * time.Second, Output: cmdutil.OutputJSON}))
	var res Result
	require.NoError(t, json.Unmarshal(jout.Bytes(), &res))
	assert.Equal(t, "unchanged", res.Outcome)
	assert.Equal(t, before.Version, res.ToVersion)
	assert.Equal(t, marathon.Progress{AppID: "/web-blue", Wanted: 3, Running: 3, Healthy: 3, DeploymentDone: true, Done: true}, res.Progress,
		"the app as it runs")
}
