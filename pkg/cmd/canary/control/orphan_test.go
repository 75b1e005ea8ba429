package control_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/control"
	cmddeploy "github.com/yodeldeploy/yodel/pkg/cmd/deploy"
	"github.com/yodeldeploy/yodel/pkg/cmd/deploy/deploytest"
	"github.com/yodeldeploy/yodel/pkg/cmd/destroy"
	"github.com/yodeldeploy/yodel/pkg/cmd/rollback"
	"github.com/yodeldeploy/yodel/pkg/cmd/scale"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The orphaned-rollout cases of issue 13: a canary at partial whose
// deploying CLI died (its lock went with it; the record and both apps
// stay), and every other command of the service run against it through
// its Run function, with the emulator and a file store.

// orphanWeb: canary steps of 20% for 5 minutes (a resume that drives on
// sits there).
var orphanWeb = svctest.WebManifest(2, `canary:
  instances: 1
  partial:
    steps: [20]
    duration: 5m
`)

// orphaned deploys v0 then v1 (so that a rollback has somewhere to go),
// then leaves what a deploy of v2 killed during partial[0] leaves: the
// canary app, the rollout record at partial[0] with 20% of the traffic, and
// its in-progress history row. gates are the manifest's manual gates.
func orphaned(t *testing.T, gates string) (*svctest.Env, *canary.Rollout) {
	t.Helper()
	body := orphanWeb
	if gates != "" {
		body += "  manualGates: [" + gates + "]\n"
	}
	e, rl := deploytest.Realm(t, body, "", "v0", "v1")
	r := deploytest.Begin(t, e, rl, deploytest.Canary{Release: "v2", Steps: 2, // isolated, then partial[0] or its gate
		Holder: state.Holder{User: "tester", Command: "yodel deploy web --realm test --release v2"}})
	return e, r
}

func deployRun(ctx context.Context, e *svctest.Env, release, strategy string) error {
	_, err := deploytest.Deploy(ctx, e, release, func(o *cmddeploy.Options) { o.Strategy = strategy })
	return err
}

func controlRun(ctx context.Context, e *svctest.Env, verb string, detach bool) (string, string, error) {
	ios, _, out, errOut := svctest.IO(false)
	err := control.Run(ctx, &control.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Verb: verb,
		Detach: detach, Timeout: 30 * time.Second, ApplyTimeout: time.Second, Args: []string{"canary", verb, "web"}})
	return out.String(), errOut.String(), err
}

// snapshot is what a refused command must leave as it was.
type snapshot struct {
	stableRelease   string
	stableInstances int
	weight          float64
	step            string
	history         int
}

func snap(t *testing.T, e *svctest.Env) snapshot {
	t.Helper()
	ctx := context.Background()
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	rt, r, err := canary.Load(ctx, e.Store, "web")
	require.NoError(t, err)
	h, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	return snapshot{app.Label(appdef.LabelRelease), app.WantedInstances(), rt.CanaryWeight, r.StepName(), len(h)}
}

// refused checks a refusal by the guard: exit 5, a message naming the
// rollout and its step, and a hint naming the commands that end it.
func refused(t *testing.T, err error, step string) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitLocked, cmdutil.ExitCode(err), err.Error())
	msg := err.Error() + "\n" + cmdutil.Hint(err)
	for _, want := range []string{"canary rollout of release v2", step, "yodel canary promote web", "yodel canary abort web", "yodel canary status web"} {
		assert.Contains(t, msg, want)
	}
}

func TestOrphanedRolloutRefusesScale(t *testing.T) {
	e, _ := orphaned(t, "")
	before := snap(t, e)
	for _, n := range []int{5, 0} {
		ios, _, _, _ := svctest.IO(false)
		err := scale.Run(context.Background(), &scale.Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
			Instances: n, Timeout: time.Minute, ProgressDeadline: 30 * time.Second})
		refused(t, err, "partial[0]")
		assert.Contains(t, cmdutil.Hint(err), "resume web", "the hint names resume for a stopped deploy")
		assert.Equal(t, before, snap(t, e), "scale %d changed the service or its history", n)
	}
}

func TestOrphanedRolloutRefusesRollingDeploy(t *testing.T) {
	e, _ := orphaned(t, "")
	before := snap(t, e)
	err := deployRun(context.Background(), e, "v3", cmddeploy.StrategyRolling)
	refused(t, err, "partial[0]")
	assert.Equal(t, before, snap(t, e), "the rolling deploy changed the stable app, the routing or history")
}

func TestOrphanedRolloutRefusedDeployAppendsNoHistory(t *testing.T) {
	e, _ := orphaned(t, "")
	before := snap(t, e)
	err := deployRun(context.Background(), e, "v3", "") // the default strategy: canary
	refused(t, err, "partial[0]")
	assert.Equal(t, before, snap(t, e), "a refused deploy appended a history row")
}

func TestOrphanedRolloutRefusesRollback(t *testing.T) {
	e, _ := orphaned(t, "")
	before := snap(t, e)
	ios, _, _, _ := svctest.IO(false)
	err := rollback.Run(context.Background(), &rollback.Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
		Timeout: time.Minute, ProgressDeadline: 30 * time.Second})
	refused(t, err, "partial[0]")
	assert.Equal(t, before, snap(t, e))
}

// With the deploying CLI alive at a manual gate (it holds the lock), the
// others are told the rollout waits for `canary promote`, not only that a
// lock is held.
func TestRolloutAtGateSaysItWaitsForPromote(t *testing.T) {
	e, r := orphaned(t, "partial")
	require.Equal(t, "partial", r.Gate)
	ctx := context.Background()
	lock, err := e.Store.Lock(ctx, "web", state.Holder{User: "deployer", Host: "ci", Pid: os.Getpid(),
		Command: r.Command, StartedAt: time.Now()})
	require.NoError(t, err)
	defer lock.Release(ctx)
	ios, _, _, _ := svctest.IO(false)
	err = scale.Run(ctx, &scale.Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
		Instances: 5, Timeout: time.Minute, ProgressDeadline: 30 * time.Second})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitLocked, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), `manual gate "partial"`)
	assert.Contains(t, cmdutil.Hint(err), "waits for a promote")
	assert.Contains(t, cmdutil.Hint(err), "yodel canary promote web --realm test")
}

// Destroy ends the rollout with the service: its history row is closed
// (not in-progress for ever), and resume and abort then say there is no
// rollout instead of failing on a missing routing state.
func TestDestroyClosesTheRollout(t *testing.T) {
	e, r := orphaned(t, "")
	ctx := context.Background()
	ios, _, _, errOut := svctest.IO(false)
	require.NoError(t, destroy.Run(ctx, &destroy.Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Timeout: time.Minute}))
	assert.Contains(t, errOut.String(), "canary rollout of v2 was closed")
	recs, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	var rec state.Record
	for _, x := range recs {
		if x.ID == r.ID {
			rec = x
		}
	}
	require.Equal(t, r.ID, rec.ID, "the rollout's history row")
	assert.Equal(t, state.OutcomeAborted, rec.Outcome, "the rollout's history row")
	assert.False(t, rec.Finished.IsZero())
	for _, verb := range []string{control.VerbResume, control.VerbAbort} {
		_, _, err := controlRun(ctx, e, verb, false)
		require.Error(t, err, verb)
		var none *canary.NoRolloutError
		assert.True(t, errors.As(err, &none), "%s: %v", verb, err)
		assert.NotContains(t, err.Error(), "not found", verb)
	}
}

// A change of the stable app made after the rollout began (an older yodel,
// or Marathon directly) is not undone by a resume: it refuses, saying what
// changed.
func TestResumeNeverRevertsAStableChange(t *testing.T) {
	e, _ := orphaned(t, "")
	ctx := context.Background()
	_, err := e.Client.ScaleApp(ctx, "/web-blue", 3, false)
	require.NoError(t, err)
	before := snap(t, e)
	// Bounded: a resume that drives on sits at the 5m partial step.
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, _, err = controlRun(ctx, e, control.VerbResume, false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ran release v1 with 2 instances when the rollout began, but it now runs release v1 with 3 instances")
	assert.Contains(t, cmdutil.Hint(err), "yodel canary abort web")
	assert.Equal(t, before, snap(t, e))
}

// Abort says what really serves once the canary is gone: the stable app
// as Marathon has it, not as the record remembers it.
func TestAbortSaysWhatReallyServes(t *testing.T) {
	for _, tc := range []struct {
		instances int
		want      string
	}{
		{0, "web: aborted; nothing serves: /web-blue (release v1) has 0 instances\n"},
		{1, "web: aborted; v1 keeps serving (/web-blue, 1 instance)\n"},
	} {
		e, _ := orphaned(t, "")
		ctx := context.Background()
		_, err := e.Client.ScaleApp(ctx, "/web-blue", tc.instances, false)
		require.NoError(t, err)
		out, errOut, err := controlRun(ctx, e, control.VerbAbort, false)
		require.NoError(t, err, errOut)
		assert.Contains(t, out, tc.want)
	}
}

// A rollout a live process drives (here the realm's server, its lock held)
// is left to it, and the message names that driver, not "the deploying
// process".
func TestPromoteNamesTheLiveDriver(t *testing.T) {
	server := state.Holder{User: "yodel", Host: "srv-1", Pid: os.Getpid(), Command: "yodel server --realm test", StartedAt: time.Now()}
	e, rl := deploytest.Realm(t, orphanWeb, "", "v0", "v1")
	deploytest.Begin(t, e, rl, deploytest.Canary{Release: "v2", Steps: 2, Driver: &server,
		Holder: state.Holder{User: "tester", Command: "yodel deploy web --realm test --release v2 --detach"}})
	ctx := context.Background()
	l, err := e.Store.Lock(ctx, "web", server)
	require.NoError(t, err)
	defer l.Release(ctx)
	_, errOut, err := controlRun(ctx, e, control.VerbPromote, false)
	require.NoError(t, err, errOut)
	assert.Contains(t, errOut, fmt.Sprintf("web: the realm's server (yodel@srv-1, pid %d) carries on (it holds the lock); follow it with: yodel canary status web --realm", os.Getpid()))
}
