package rollback

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/scale"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

const webSecret = web + "secrets:\n  TOKEN: env:WEB_TOKEN\n"

// deployAs deploys rel with strategy; a canary skips its isolated and
// partial steps (no lb agent here to judge traffic): start, full, done.
func deployAs(strategy string) svctest.Deployer {
	return func(ctx context.Context, e *svctest.Env, svc, rel string) error {
		ios, _, _, _ := svctest.IO(false)
		return deploy.Run(ctx, &deploy.Options{Common: svctest.Common(svc), Deps: e.Deps(ios), Release: rel,
			LookupEnv: func(k string) (string, bool) { return "s3cret-" + rel, k == "WEB_TOKEN" },
			Strategy:  strategy, SkipIsolated: true, SkipPartial: true,
			Timeout: time.Minute, ProgressDeadline: 30 * time.Second, Settle: 200 * time.Millisecond})
	}
}

func app(t *testing.T, e *svctest.Env, id string) *marathon.App {
	a, err := e.Client.App(context.Background(), id)
	require.NoError(t, err)
	return a
}

// v1ThenV2 deploys web v1 (sleep 600) rolling, then v2 (sleep 601) with
// strategy.
func v1ThenV2(t *testing.T, strategy string) *svctest.Env {
	e := svctest.Start(t)
	e.Manifest(t, "web", webSecret)
	e.MustDeploy(t, deployAs(deploy.StrategyRolling), "web", "v1")
	e.Manifest(t, "web", "service: web\ncmd: sleep 601\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\nsecrets:\n  TOKEN: env:WEB_TOKEN\n")
	e.MustDeploy(t, deployAs(strategy), "web", "v2")
	return e
}

// After a canary's promote deleted /web-blue (and Marathon its versions),
// v1 comes back from the definition its history record kept: the previous
// release and --to both reach it; history holds no secret value, and the
// app keeps its current secret, instances and id.
func TestRollbackAcrossColoursFromHistory(t *testing.T) {
	ctx := context.Background()
	e := v1ThenV2(t, deploy.StrategyCanary)
	_, err := e.Client.App(ctx, "/web-blue")
	require.True(t, marathon.IsNotFound(err), "the promote deleted the v1 app: %v", err)
	assert.Equal(t, "v2", app(t, e, "/web-green").Label("YODEL_RELEASE"))

	recs, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	for _, r := range recs {
		assert.Contains(t, string(r.App), `"TOKEN":"\u003csecret:env:WEB_TOKEN\u003e"`, "%s's record masks its secret", r.Release)
		assert.NotContains(t, string(r.App), "s3cret", "%s's record holds no secret value", r.Release)
	}

	ios, _, out, errOut := svctest.IO(false)
	err = Run(ctx, &Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Timeout: time.Minute, ProgressDeadline: 30 * time.Second,
		Output: cmdutil.OutputJSON})
	require.NoError(t, err, errOut.String())
	var res Result
	require.NoError(t, json.Unmarshal(out.Bytes(), &res), out.String())
	assert.Equal(t, "/web-green", res.AppID)
	assert.Equal(t, "v2", res.From)
	assert.Equal(t, "v1", res.To)
	assert.Equal(t, "done", res.Outcome)
	a := app(t, e, "/web-green")
	assert.Equal(t, "v1", a.Label("YODEL_RELEASE"))
	assert.Equal(t, "sleep 600", *a.Cmd, "v1's definition")
	assert.Equal(t, 2, a.WantedInstances(), "the app's instances, not the canary's")
	assert.Equal(t, "s3cret-v2", (*a.Env)["TOKEN"], "the secret the live app carried")
	assert.Contains(t, errOut.String(), "v1 comes back from its history record with the values v2 runs now of TOKEN: history keeps no secret values, so if v1 ran others, deploy its manifest with them instead (yodel deploy web --realm test --release v1 --strategy rolling)",
		"the rollback says whose secret values it puts back")
	h, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, "rollback", h[0].Strategy)
	assert.Equal(t, state.OutcomeSucceeded, h[0].Outcome)
	assert.NotContains(t, string(h[0].App), "s3cret")

	// v2 is among /web-green's versions again; --to reaches it there.
	out2, err := run(e, "v2")
	require.NoError(t, err)
	assert.Contains(t, out2, "Rolled web back from v1 to v2")
	assert.Equal(t, "sleep 601", *app(t, e, "/web-green").Cmd)

	// A release that is nowhere says where to look.
	_, err = run(e, "v9")
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Equal(t, "see the releases deployed: yodel history web --realm test", cmdutil.Hint(err))
}

// A rollback through Marathon's stored versions keeps the definition it
// put in place in its record too: after a canary's promote deleted that
// app, the next rollback goes back to what ran before the canary (v1),
// not to the release before that one (v2).
func TestRollbackAfterARollbackAndAPromote(t *testing.T) {
	ctx := context.Background()
	e := v1ThenV2(t, deploy.StrategyRolling)
	out, err := run(e, "")
	require.NoError(t, err)
	require.Contains(t, out, "Rolled web back from v2 to v1")
	h, err := e.Store.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Contains(t, string(h[0].App), `"cmd":"sleep 600"`, "the rollback's record keeps v1's definition")

	e.Manifest(t, "web", "service: web\ncmd: sleep 602\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\nsecrets:\n  TOKEN: env:WEB_TOKEN\n")
	e.MustDeploy(t, deployAs(deploy.StrategyCanary), "web", "v3")
	_, err = e.Client.App(ctx, "/web-blue")
	require.True(t, marathon.IsNotFound(err), "the promote deleted the v1 app: %v", err)

	out, err = run(e, "")
	require.NoError(t, err)
	assert.Contains(t, out, "Rolled web back from v3 to v1")
	assert.Equal(t, "sleep 600", *app(t, e, "/web-green").Cmd)
}

// The previous release is the one that served before the current one, as
// history tells it, at the app's instances. Marathon's stored versions of
// the app id hold more: v3's canary went to /web-blue, whose versions
// still list the v1 app deleted by v2's promote (Marathon serves them
// until its collector runs), and v1 was what the walk of the versions
// found; each version also carries the instances it had.
func TestRollbackGoesToThePreviousReleaseAtTheAppsInstances(t *testing.T) {
	ctx := context.Background()
	e := v1ThenV2(t, deploy.StrategyCanary) // v1 on /web-blue, then v2 on /web-green
	e.Manifest(t, "web", "service: web\ncmd: sleep 602\ninstances: 2\nresources: {cpus: 0.1, mem: 32}\nsecrets:\n  TOKEN: env:WEB_TOKEN\n")
	e.MustDeploy(t, deployAs(deploy.StrategyCanary), "web", "v3") // /web-blue again
	require.Equal(t, "v3", app(t, e, "/web-blue").Label("YODEL_RELEASE"))

	out, err := run(e, "")
	require.NoError(t, err)
	assert.Contains(t, out, "Rolled web back from v3 to v2")
	a := app(t, e, "/web-blue")
	assert.Equal(t, "sleep 601", *a.Cmd, "v2's definition")
	assert.Equal(t, 2, a.WantedInstances())

	// Scaled since: a rollback through a stored version keeps the scale.
	ios, _, _, errOut := svctest.IO(false)
	require.NoError(t, scale.Run(ctx, &scale.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Args: []string{"web", "3"}, Instances: 3,
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second, Settle: 200 * time.Millisecond}), errOut.String())
	out, err = run(e, "v3")
	require.NoError(t, err)
	assert.Contains(t, out, "Rolled web back from v2 to v3")
	a = app(t, e, "/web-blue")
	assert.Equal(t, "sleep 602", *a.Cmd)
	assert.Equal(t, 3, a.WantedInstances(), "the app's instances, not those v3's version had")
}
