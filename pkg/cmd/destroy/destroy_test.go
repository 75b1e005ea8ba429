package destroy

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func dep(ctx context.Context, e *svctest.Env, svc, rel string) error {
	ios, _, _, _ := svctest.IO(false)
	return deploy.Run(ctx, &deploy.Options{Common: svctest.Common(svc), Deps: e.Deps(ios), Release: rel,
		Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 200 * time.Millisecond})
}

func TestDestroy(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", "service: web\ncmd: sleep 600\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n")
	e.MustDeploy(t, dep, "web", "v1")
	ctx := context.Background()

	// On a terminal the service name must be typed.
	ios, in, _, _ := svctest.IO(true)
	in.WriteString("wbe\n")
	err := Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), Timeout: time.Minute})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nothing was changed")
	_, err = e.Client.App(ctx, "/web-blue")
	require.NoError(t, err, "a wrong name destroys nothing")

	// Off a terminal without --yes: refused.
	ios, _, _, _ = svctest.IO(false)
	err = Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), Timeout: time.Minute})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))

	ios, in, out, _ := svctest.IO(true)
	in.WriteString("web\n")
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), Timeout: time.Minute}))
	assert.Contains(t, out.String(), "Destroyed web in test (1 app(s))")
	_, err = e.Client.App(ctx, "/web-blue")
	assert.Error(t, err, "app gone")
	_, _, err = e.Store.GetRouting(ctx, "web")
	assert.ErrorIs(t, err, state.ErrNotFound, "routing state removed")
	h, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, "destroy", h[0].Strategy)
	assert.Equal(t, "v1", h[0].Release, "the history row names what was destroyed")
}

// A destroy over a Marathon deployment that no yodel process drives (a
// deploy timed out, or was killed) is refused before anything is drained
// or asked, as a deploy is (exit 5), with yodel's way past it, not
// Marathon's API calls; --force destroys it anyway, cancelling that
// deployment.
func TestDestroyOverAStuckDeployment(t *testing.T) {
	e := svctest.Start(t)
	const web = "service: web\ncmd: sleep 600\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"
	e.Manifest(t, "web", web)
	e.MustDeploy(t, dep, "web", "v1")
	ctx := context.Background()

	// v2's tasks never pass their check: its deploy times out and leaves
	// the deployment running.
	gate := filepath.Join(t.TempDir(), "gate")
	e.Manifest(t, "web", web+"health:\n  command: \"test -e "+gate+"\"\n  intervalSeconds: 1\n  gracePeriodSeconds: 3000\n")
	ios, _, _, _ := svctest.IO(false)
	err := deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: "v2",
		Strategy: deploy.StrategyRolling, Timeout: 1500 * time.Millisecond, Settle: 200 * time.Millisecond})
	require.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), "%v", err)
	deps, err := e.Client.Deployments(ctx)
	require.NoError(t, err)
	require.Len(t, deps, 1, "the deploy's deployment still runs")

	before, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	ios, _, _, _ = svctest.IO(false)
	err = Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test", Yes: true}, Deps: e.Deps(ios), Timeout: time.Minute})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitLocked, cmdutil.ExitCode(err), "%v", err)
	assert.Contains(t, err.Error(), "refusing to destroy web: Marathon still deploys /web-blue (deployment "+deps[0].ID+", release v2)")
	hint := cmdutil.Hint(err)
	assert.NotContains(t, hint, "curl", "yodel's hint, not Marathon's API")
	assert.Contains(t, hint, "yodel destroy web --realm test --force --yes")
	assert.Contains(t, hint, "yodel status web --realm test --watch")
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err, "nothing destroyed")
	assert.Equal(t, before.TasksRunning, app.TasksRunning, "nothing killed")
	rt, _, err := e.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.False(t, rt.Retiring, "nothing drained")

	// --force, as the hint says: the delete cancels the deployment.
	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test", Yes: true}, Deps: e.Deps(ios), Timeout: time.Minute, Force: true}))
	assert.Contains(t, out.String(), "Destroyed web in test (1 app(s))")
	_, err = e.Client.App(ctx, "/web-blue")
	assert.True(t, marathon.IsNotFound(err), "app gone: %v", err)
	_, _, err = e.Store.GetRouting(ctx, "web")
	assert.ErrorIs(t, err, state.ErrNotFound, "routing state removed")
}
