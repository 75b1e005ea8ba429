package diffcmd

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
)

const web = `service: web
cmd: sleep 600
instances: 2
resources: {cpus: 0.1, mem: 32}
env:
  GREETING: hello
secrets:
  DB_PASSWORD: env:WEB_DB_PASSWORD
`

func lookup(v string) func(string) (string, bool) {
	return func(string) (string, bool) { return v, true }
}

func TestDiff(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	e.MustDeploy(t, func(ctx context.Context, e *svctest.Env, svc, rel string) error {
		ios, _, _, _ := svctest.IO(false)
		return deploy.Run(ctx, &deploy.Options{Common: svctest.Common(svc), Deps: e.Deps(ios), Release: rel, LookupEnv: lookup("pw-one"),
			Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 100 * time.Millisecond})
	}, "web", "v1")

	run := func(tty bool, pw string) (string, error) {
		ios, _, out, _ := svctest.IO(tty)
		err := Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios),
			LookupEnv: lookup(pw), Release: "v1", ExitCode: true})
		return out.String(), err
	}
	out, err := run(false, "pw-one")
	require.NoError(t, err, "no change: exit 0")
	assert.Contains(t, out, "no changes")

	e.Manifest(t, "web", web[:len(web)-len("secrets:\n  DB_PASSWORD: env:WEB_DB_PASSWORD\n")]+
		"secrets:\n  DB_PASSWORD: env:WEB_DB_PASSWORD\n  NEW_TOKEN: env:T\n")
	for _, tty := range []bool{false, true} {
		out, err = run(tty, "pw-two")
		require.Error(t, err)
		assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err), "changes: exit 1")
		assert.ErrorIs(t, err, cmdutil.ErrSilent)
		assert.NotContains(t, out, "pw-", "secret values never shown")
		name := "diff-notty"
		if tty {
			name = "diff-tty"
		}
		svctest.Golden(t, wd, name, out)
	}
}
