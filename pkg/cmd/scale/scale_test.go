package scale

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/portlease"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

const web = "service: web\ncmd: serve\ninstances: 3\nresources: {cpus: 0.01, mem: 1}\nports:\n  - {name: http, servicePort: 10080}\n"

func deployed(t *testing.T) *svctest.Env {
	t.Helper()
	lease, err := portlease.Take(3100, 2*time.Minute) // 3000 tasks and a rolling margin
	require.NoError(t, err)
	t.Cleanup(lease.Release)
	e := svctest.Start(t, emutest.With(func(c *emulator.Config) { c.Executor = "inproc"; c.PortRange = [2]int{lease.Lo, lease.Hi} }))
	e.Manifest(t, "web", web)
	ios, _, _, _ := svctest.IO(false)
	require.NoError(t, deploy.Run(context.Background(), &deploy.Options{
		Common: svcutil.Common{Service: "web", Realm: "test", Yes: true}, Deps: e.Deps(ios), Release: "v1",
		Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 100 * time.Millisecond,
	}))
	return e
}

func run(e *svctest.Env, n int) (string, error) {
	ios, _, out, _ := svctest.IO(false)
	err := Run(context.Background(), &Options{Common: svcutil.Common{Service: "web", Realm: "test", Yes: true},
		Deps: e.Deps(ios), Instances: n, Timeout: 2 * time.Minute, ProgressDeadline: time.Minute})
	return out.String(), err
}

func TestScaleUpToThousandsAndDown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 3000 inproc tasks")
	}
	sandboxtest.ScaleSlot(t)
	e := deployed(t)
	ctx := context.Background()
	out, err := run(e, 3000)
	require.NoError(t, err)
	assert.Contains(t, out, "Scaled web to 3000 instances (3000 healthy)")
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Len(t, app.Tasks, 3000)

	_, err = run(e, 3)
	require.NoError(t, err)
	app, err = e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Len(t, app.Tasks, 3)
}

func TestScaleOverRealmLimit(t *testing.T) {
	e := deployed(t)
	_, err := run(e, 3001)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "limit of 3000")
}
