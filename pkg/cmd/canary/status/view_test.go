package status

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/canary/shared"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/ui/live/livetest"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// rollouts are records in the states `canary status` shows.
func rollouts() map[string]*canary.Rollout {
	mk := func() *canary.Rollout {
		r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
			canary.Track{App: "/web-green", Release: "v2", Instances: 1}, manifest.ResolveCanary(), t0)
		r.Advance(t0)
		r.Advance(t0)
		return r
	}
	partial := mk()
	partial.Window = &canary.Window{Totals: map[string]canary.Counters{
		canary.TrackStable: {Requests: 900, Responses5x: 3, Sessions: 4},
		canary.TrackCanary: {Requests: 100, Responses5x: 1, ConnErrors: 1, Sessions: 1}}}
	for i := 0; i < 6; i++ {
		partial.AddCheck(canary.Check{Step: "partial[0]", Name: "error-rate", Verdict: canary.VerdictPass, Time: t0, Message: "0.2% <= 1%"})
	}
	paused := mk()
	paused.SetPaused(true, t0)
	paused.Driver = &state.Holder{User: "ann", Host: "ci", Pid: 42, Command: "yodel deploy web"}
	aborted := mk()
	aborted.StartRollback(canary.CauseAborted, "aborted by ann", t0)
	aborted.AddCheck(canary.Check{Step: "partial[0]", Name: "latency", Verdict: canary.VerdictFail, Time: t0, Message: "p99 900ms > 500ms"})
	aborted.Advance(t0)
	return map[string]*canary.Rollout{"partial": partial, "paused": paused, "aborted": aborted, "starting": canary.NewRollout("web",
		canary.Track{App: "/web-blue"}, canary.Track{App: "/web-green", Release: "v2"}, manifest.ResolveCanary(), t0)}
}

// The text from the view model is the text `canary status` printed from
// the record, in every state, with and without colour.
func TestCanaryTextFromTheViewIsUnchanged(t *testing.T) {
	for name, r := range rollouts() {
		for _, color := range []bool{false, true} {
			ios, _, out, _ := iostreams.Test()
			ios.SetStdoutTTY(color)
			st := ui.NewStyles(ios, out)
			now := t0.Add(time.Minute)
			var want strings.Builder
			shared.Status(&want, st, r, now)
			assert.Equal(t, want.String(), ui.CanaryStatus(st, view.NewCanary(r, now)), "%s, colour %v", name, color)
		}
	}
}

// -o json keeps every field of the record, under its name, with its value;
// the view only adds.
func TestCanaryJSONKeepsTheRecord(t *testing.T) {
	for name, r := range rollouts() {
		rec, err := json.Marshal(r)
		require.NoError(t, err)
		vj, err := json.Marshal(view.NewCanary(r, t0.Add(time.Minute)))
		require.NoError(t, err)
		var a, b map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(rec, &a))
		require.NoError(t, json.Unmarshal(vj, &b))
		for k, v := range a {
			assert.JSONEq(t, string(v), string(b[k]), "%s: field %s", name, k)
		}
		for _, k := range []string{"now", "current", "inProgress", "split", "path"} {
			assert.Contains(t, b, k, name)
		}
		_, clash := a["current"]
		assert.False(t, clash)
	}
}

// --watch on a terminal: a check message wider than the terminal is cut,
// and the block is redrawn over itself to the end.
func TestStatusWatchOnATerminal(t *testing.T) {
	opts, ios, _ := setup(t, true)
	ios.SetStdoutTTY(true)
	vt := livetest.New(ios.TerminalWidth())
	ios.Out = vt
	opts.Watch = true
	st, err := state.Open(context.Background(), mustRealm(t, opts).State, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	long := "p99 latency 912ms over the 500ms limit on 3 of 4 agents: lb-1 912ms, lb-2 880ms, lb-3 640ms"
	_, _, err = canary.Update(context.Background(), st, "web", func(_ *state.Routing, r *canary.Rollout) error {
		r.AddCheck(canary.Check{Step: "partial[0]", Name: "latency", Verdict: canary.VerdictFail, Time: t0, Message: long})
		return nil
	})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), opts) }()
	abortToTheEnd(t, st)
	require.NoError(t, <-done)

	_, r, err := canary.Load(context.Background(), st, "web")
	require.NoError(t, err)
	var want []string
	for _, l := range strings.Split(strings.TrimSuffix(ui.CanaryStatus(ui.NewStyles(ios, vt), view.NewCanary(r, t0.Add(time.Minute))), "\n"), "\n") {
		want = append(want, strings.TrimRight(ansi.Strip(live.Cut(l, 80)), " "))
	}
	assert.Equal(t, want, vt.Screen(), "the last block, once, each line within the width")
	assert.Contains(t, strings.Join(vt.Screen(), "\n"), "FAIL partial[0] latency: p99 latency 912ms")
	assert.Empty(t, vt.Unknown)
}
