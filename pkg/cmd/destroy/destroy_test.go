package destroy

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
