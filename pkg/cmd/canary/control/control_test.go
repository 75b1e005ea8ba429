package control

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// setup seeds a rollout waiting at the partial gate in a file store; no
// Marathon is contacted by the --detach paths tested here.
func setup(t *testing.T, verb string) (*Options, state.Store, func() string, func() string) {
	ctx := context.Background()
	url := "file://" + t.TempDir()
	st, err := state.Open(ctx, url, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	p := manifest.ResolveCanary(&manifest.Canary{ManualGates: []string{"partial"}})
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 1}, p, t0)
	r.Advance(t0)
	r.Advance(t0) // waits at the partial gate
	_, err = canary.Begin(ctx, st, r)
	require.NoError(t, err)
	ios, _, out, errOut := iostreams.Test()
	opts := &Options{Common: svcutil.Common{Service: "web", Realm: "qa"}, Verb: verb, Detach: true,
		ApplyTimeout: 100 * time.Millisecond, Deps: svcutil.Deps{
			IO: ios, Now: func() time.Time { return t0.Add(time.Minute) }, Getenv: func(string) string { return "" },
			Realm: func(string) (*realm.Realm, error) { return &realm.Realm{Realm: "qa", State: url}, nil },
			Store: func(ctx context.Context, r *realm.Realm) (state.Store, error) {
				return state.Open(ctx, r.State, state.Options{})
			},
			Marathon: func(*realm.Realm) (*marathon.Client, error) {
				return marathon.New(marathon.Config{URLs: []string{"http://127.0.0.1:9"}})
			},
		}}
	return opts, st, out.String, errOut.String
}

func load(t *testing.T, st state.Store) *canary.Rollout {
	_, r, err := canary.Load(context.Background(), st, "web")
	require.NoError(t, err)
	return r
}

func TestPauseThenResume(t *testing.T) {
	opts, st, out, _ := setup(t, VerbPause)
	require.NoError(t, Run(context.Background(), opts))
	assert.Contains(t, out(), "web: paused at isolated")
	assert.True(t, load(t, st).Paused)

	require.NoError(t, Run(context.Background(), opts))
	assert.Contains(t, out(), "already paused")

	opts.Verb = VerbResume
	require.NoError(t, Run(context.Background(), opts))
	assert.False(t, load(t, st).Paused)
}

func TestPromotePassesTheGate(t *testing.T) {
	opts, st, _, errOut := setup(t, VerbPromote)
	require.NoError(t, Run(context.Background(), opts))
	assert.Contains(t, errOut(), "web: passed manual gate partial")
	r := load(t, st)
	assert.Empty(t, r.Gate)
	assert.Equal(t, []string{"partial"}, r.GatesPassed)

	err := Run(context.Background(), opts)
	assert.ErrorContains(t, err, "no gate or partial step to promote")
}

func TestAbortSetsShareZeroAtOnce(t *testing.T) {
	opts, st, _, errOut := setup(t, VerbAbort)
	require.NoError(t, Run(context.Background(), opts))
	assert.Contains(t, errOut(), "canary share set to 0 (no lb agent is registered)")
	rt, _, err := st.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Zero(t, rt.CanaryWeight)
	assert.Equal(t, canary.StepRollingBack, load(t, st).Step)
	r := load(t, st)
	assert.NotEmpty(t, r.AbortedBy)
	assert.Equal(t, "aborted by "+r.AbortedBy, r.Reason)
}

func TestPauseJSON(t *testing.T) {
	opts, _, out, _ := setup(t, VerbPause)
	opts.Output = cmdutil.OutputJSON
	require.NoError(t, Run(context.Background(), opts))
	var r canary.Rollout
	require.NoError(t, json.Unmarshal([]byte(out()), &r), out())
	assert.True(t, r.Paused)
	assert.Equal(t, "web", r.Service)
}
