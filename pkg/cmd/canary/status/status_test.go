package status

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
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func setup(t *testing.T, withRollout bool) (*Options, *iostreams.IOStreams, func() string) {
	ctx := context.Background()
	url := "file://" + t.TempDir()
	st, err := state.Open(ctx, url, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	_, err = st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	if withRollout {
		r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
			canary.Track{App: "/web-green", Release: "v2", Instances: 1}, manifest.ResolveCanary(), t0)
		r.Advance(t0)
		r.Advance(t0)
		_, err = canary.Begin(ctx, st, r)
		require.NoError(t, err)
	}
	ios, _, out, _ := iostreams.Test()
	opts := &Options{Common: svcutil.Common{Service: "web", Realm: "qa"}, Every: 10 * time.Millisecond, Deps: svcutil.Deps{
		IO:    ios,
		Now:   func() time.Time { return t0.Add(time.Minute) },
		Realm: func(string) (*realm.Realm, error) { return &realm.Realm{Realm: "qa", State: url}, nil },
		Store: func(ctx context.Context, r *realm.Realm) (state.Store, error) {
			return state.Open(ctx, r.State, state.Options{})
		},
	}}
	return opts, ios, out.String
}

func TestStatusText(t *testing.T) {
	opts, _, out := setup(t, true)
	require.NoError(t, Run(context.Background(), opts))
	assert.Contains(t, out(), "web  v1 -> v2  step partial[0]  4m0s left")
	assert.Contains(t, out(), "stable 90% | canary 10%")
	assert.NotContains(t, out(), "\x1b")
}

func TestStatusJSONIsTheWholeRecord(t *testing.T) {
	opts, _, out := setup(t, true)
	opts.Output = cmdutil.OutputJSON
	require.NoError(t, Run(context.Background(), opts))
	var r canary.Rollout
	require.NoError(t, json.Unmarshal([]byte(out()), &r))
	assert.Equal(t, "partial[0]", r.StepName())
	assert.Equal(t, []int{10}, r.Settings.Steps)
	assert.Len(t, r.Steps, 3)
}

// Durations in -o json are strings as Go writes them (issue 16), the
// way the text shows them, not numbers of nanoseconds.
func TestStatusJSONWritesDurationsAsGoStrings(t *testing.T) {
	opts, _, out := setup(t, true)
	opts.Output = cmdutil.OutputJSON
	require.NoError(t, Run(context.Background(), opts))
	var v struct {
		Remaining any `json:"remaining"`
		Settings  struct {
			Duration, Interval, DrainTimeout, MaxExtension any
		} `json:"settings"`
	}
	require.NoError(t, json.Unmarshal([]byte(out()), &v), out())
	assert.Equal(t, "4m0s", v.Remaining, "a minute into a 5m step")
	assert.Equal(t, "5m0s", v.Settings.Duration)
	assert.Equal(t, "30s", v.Settings.Interval)
	assert.Equal(t, "1m0s", v.Settings.DrainTimeout)
	assert.Equal(t, "5m0s", v.Settings.MaxExtension)
	assert.NotRegexp(t, `"(remaining|duration|interval)": *[0-9]`, out(), "no duration is a number")
}

func TestStatusWithoutRollout(t *testing.T) {
	opts, _, _ := setup(t, false)
	err := Run(context.Background(), opts)
	var none *canary.NoRolloutError
	require.ErrorAs(t, err, &none)
	assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err))
	assert.Contains(t, cmdutil.Hint(err), "yodel deploy web")
}

func TestStatusWatchOffTTYPrintsChangesUntilTheEnd(t *testing.T) {
	opts, _, out := setup(t, true)
	opts.Watch = true
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), opts) }()
	st, err := state.Open(context.Background(), mustRealm(t, opts).State, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	abortToTheEnd(t, st)
	require.NoError(t, <-done)
	assert.Contains(t, out(), "step aborted share 0%")
	assert.NotContains(t, out(), "\x1b")
}

// abortToTheEnd aborts web's rollout and takes it to its last step, as
// its driver would.
func abortToTheEnd(t *testing.T, st state.Store) {
	_, _, err := canary.Abort(context.Background(), st, "web", "ann", t0)
	require.NoError(t, err)
	_, _, err = canary.Update(context.Background(), st, "web", func(_ *state.Routing, r *canary.Rollout) error {
		r.Advance(t0)
		return nil
	})
	require.NoError(t, err)
}

func mustRealm(t *testing.T, o *Options) *realm.Realm {
	r, err := o.Deps.Realm("qa")
	require.NoError(t, err)
	return r
}
