// Package deploytest sets up what the tests of the canary controls and of
// the realm's server share: a test realm (svctest) with web deployed
// through `yodel deploy`'s own Run, and a canary rollout begun beside it
// as a deploy that created its canary app leaves it (its driver gone, or
// never there: a detached deploy).
package deploytest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	cmddeploy "github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Deploy runs `yodel deploy web --release release` with the tests'
// timings; with, when set, changes the options first (a strategy,
// --detach). It returns what the command printed, stdout then stderr.
func Deploy(ctx context.Context, e *svctest.Env, release string, with func(*cmddeploy.Options)) (string, error) {
	ios, _, out, errOut := svctest.IO(false)
	o := &cmddeploy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
		LookupEnv: func(string) (string, bool) { return "", false }, Release: release,
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second, Settle: 300 * time.Millisecond, Args: []string{"deploy", "web"}}
	if with != nil {
		with(o)
	}
	err := cmddeploy.Run(ctx, o)
	return out.String() + errOut.String(), err
}

// Realm starts a test realm (svctest.Start) with web's manifest and
// realmYAML appended to the realm file, deploys releases of web one after
// the other (rolling: its stable app is /web-blue), and returns the realm
// as loaded.
func Realm(t *testing.T, manifest, realmYAML string, releases ...string) (*svctest.Env, *realm.Realm) {
	t.Helper()
	e := svctest.Start(t)
	e.Manifest(t, "web", manifest)
	if realmYAML != "" {
		raw, err := os.ReadFile(e.RealmFile)
		must(t, err)
		must(t, os.WriteFile(e.RealmFile, append(raw, realmYAML...), 0o644))
	}
	for _, rel := range releases {
		out, err := Deploy(context.Background(), e, rel, func(o *cmddeploy.Options) { o.Strategy = cmddeploy.StrategyRolling })
		if err != nil {
			t.Fatalf("deploy web %s: %v\n%s", rel, err, out)
		}
	}
	rl, err := realm.Load(e.RealmFile, "")
	must(t, err)
	return e, rl
}

// Canary is a rollout Begin records.
type Canary struct {
	Release string
	// Holder is who deployed it (the record's user and command).
	Holder state.Holder
	// Driver is its recorded driver; nil: a detached deploy's.
	Driver *state.Holder
	// Steps it advanced: 1 is isolated, 2 partial[0] (or the manual gate
	// in front of it).
	Steps int
}

// Begin records c as web's canary rollout beside its stable app
// /web-blue, as a deploy that created its canary app leaves it: the
// engine's PrepareCanary (routing state, canary app definition, record),
// the canary app created in Marathon, the rollout's in-progress history
// row, and the record at its step, with no process driving it.
func Begin(t *testing.T, e *svctest.Env, rl *realm.Realm, c Canary) *canary.Rollout {
	t.Helper()
	ctx := context.Background()
	m, err := manifest.LoadService("web", "")
	must(t, err)
	stable, err := e.Client.App(ctx, "/web-blue")
	must(t, err)
	now := time.Now()
	r, app, err := deploy.PrepareCanary(ctx, e.Store, deploy.CanaryRequest{Manifest: m, Realm: rl, Release: c.Release,
		Stable: stable, Holder: c.Holder, Now: now})
	must(t, err)
	_, err = e.Client.CreateApp(ctx, app)
	must(t, err)
	if c.Steps > 0 {
		// A deploy leaves isolated only once Marathon's deployment of the
		// canary app is done; until then destroy and the others see a
		// deployment nobody drives (a busy machine made that race real).
		e.Emu.WaitIdle(t, time.Minute)
	}
	r.Realm, r.Driver = rl.Realm, c.Driver
	r.ID, err = e.Store.AppendHistory(ctx, "web", r.Record())
	must(t, err)
	for range c.Steps {
		r.Advance(now)
	}
	_, err = canary.Begin(ctx, e.Store, r)
	must(t, err)
	return r
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
