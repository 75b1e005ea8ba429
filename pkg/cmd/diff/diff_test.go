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

// diff names the release as a deploy would (a derived name the stable app
// runs with another definition becomes the next -rN), so --exit-code says
// no change exactly when a deploy would have nothing to do.
func TestDiffNamesTheReleaseAsADeployWould(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	deployWith := func(pw string) {
		t.Helper()
		ios, _, _, _ := svctest.IO(false)
		require.NoError(t, deploy.Run(ctx, &deploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), LookupEnv: lookup(pw),
			Strategy: deploy.StrategyRolling, Timeout: time.Minute, Settle: 100 * time.Millisecond}))
	}
	diffWith := func(pw string) (string, error) {
		ios, _, out, _ := svctest.IO(false)
		err := Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), LookupEnv: lookup(pw), ExitCode: true})
		return out.String(), err
	}
	deployWith("pw-one")
	deployWith("pw-two") // the same derived name, another secret: -r2
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	running := app.Label("YODEL_RELEASE")
	require.Regexp(t, `^m-[0-9a-f]{12}-r2$`, running)

	out, err := diffWith("pw-two")
	require.NoError(t, err, "what runs, under its running name: no change\n%s", out)
	assert.Contains(t, out, "no changes")

	out, err = diffWith("pw-three")
	require.Error(t, err)
	assert.Contains(t, out, `labels.YODEL_RELEASE: "`+running+`" => "`+running[:len(running)-1]+`3"`)
}

// A misspelt realm under realms: is warned about; the diff goes on.
func TestDiffWarnsAboutAMisspeltRealmOverride(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web+"realms:\n  tets:\n    instances: 3\n")
	ios, _, out, errOut := svctest.IO(false)
	err := Run(context.Background(), &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), LookupEnv: lookup("pw"), Release: "v1"})
	require.NoError(t, err)
	assert.Contains(t, out.String(), "/web-blue")
	assert.Contains(t, errOut.String(), "services/web.yaml:10:3: realms.tets: warning: did you mean test? These overrides are for a realm named tets; realm test, checked here, gets none of them\n")
}
