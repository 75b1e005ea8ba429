package status

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/ui/live/livetest"
	"github.com/yodeldeploy/yodel/pkg/ui/uitest"
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
			got := ui.CanaryStatus(st, view.NewCanary(r, now))
			if name == "partial" || !color {
				// The goldens were taken when this text was checked equal
				// to the record-based text it replaced (shared.Status).
				uitest.Golden(t, ".", fmt.Sprintf("canary-%s-colour-%v", name, color), got)
			}
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

// feed sends a driver's events to a live view of a rollout.
func feed(ev func(canary.Event), long string, skipIsolated bool) {
	r := rollouts()["partial"]
	r.SkipIsolated = skipIsolated // a path line narrower than 80 columns
	totals := map[string]canary.Counters{canary.TrackStable: {Requests: 2700, Responses5x: 3}, canary.TrackCanary: {Requests: 300, Responses5x: 1, Sessions: 2}}
	ev(canary.Event{Time: t0, Kind: canary.EventStep, Text: "partial[0] (1 of 1): 10% of traffic to v2 for 5m0s", Rollout: r})
	ev(canary.Event{Time: t0.Add(30 * time.Second), Kind: canary.EventJudgement, Text: "judgement partial[0]: PASS", Rollout: r, Totals: totals})
	ev(canary.Event{Time: t0.Add(40 * time.Second), Kind: canary.EventInfo, Text: long, Rollout: r})
}

// ui.RolloutView, the driver's view through the one live renderer, shows
// what shared.View shows: the same lines off a terminal, the same screen
// on one, where every line fits the terminal.
func TestRolloutViewShowsWhatTheDriverViewShows(t *testing.T) {
	now := func() time.Time { return t0.Add(time.Minute) }
	short := "task web-green.1 healthy"
	for _, tty := range []bool{false, true} {
		ios, _, _, _ := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetStderrTTY(tty)
		newTerm := livetest.New(ios.TerminalWidth())
		var newOut strings.Builder
		ios.ErrOut = io.MultiWriter(newTerm, &newOut)
		cur := ui.NewRolloutView(ios, now)
		feed(cur.Event, short, true)
		cur.Close()
		// The goldens were taken when this view was checked equal to the
		// driver's former view (shared.View), lines and screen.
		if !tty {
			uitest.Golden(t, ".", "rollout-view-lines", newOut.String())
			assert.NotContains(t, newOut.String(), "\x1b")
			continue
		}
		uitest.Golden(t, ".", "rollout-view-screen", strings.Join(newTerm.Screen(), "\n"))
		assert.Contains(t, strings.Join(newTerm.Screen(), "\n"), "canary       300 req      1 err    0.33%  2 sessions")
		assert.Empty(t, newTerm.Unknown)
	}
}

// On a terminal, a line wider than it (the step path, an event) is cut,
// and each frame replaces the last with nothing left behind; the driver's
// view of canary/shared left a stale head per redraw.
func TestRolloutViewCutsLongLines(t *testing.T) {
	now := func() time.Time { return t0.Add(time.Minute) }
	long := "task web-green.1 TASK_FAILED: exit status 1: cannot bind 0.0.0.0:8080, address already in use"
	ios, _, _, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetStderrTTY(true)
	vt := livetest.New(ios.TerminalWidth())
	ios.ErrOut = vt
	v := ui.NewRolloutView(ios, now)
	feed(v.Event, long, false)
	v.Close()
	screen := vt.Screen()
	assert.Equal(t, "web  v1 -> v2  step partial[0]  4m0s left", screen[0], "one block, from its head")
	assert.Equal(t, 1, strings.Count(strings.Join(screen, "\n"), "step partial[0]"), "no stale frame: %q", screen)
	for _, r := range screen {
		assert.LessOrEqual(t, len([]rune(r)), ios.TerminalWidth())
	}
}

// TERM=dumb: a terminal that cannot move the cursor gets the lines a log
// gets, without colour.
func TestStatusWatchOnADumbTerminal(t *testing.T) {
	opts, ios, out := setup(t, true)
	ios.SetStdoutTTY(true)
	ios.SetDumbTerminal(true)
	opts.Watch = true
	st, err := state.Open(context.Background(), mustRealm(t, opts).State, state.Options{})
	require.NoError(t, err)
	defer st.Close()
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), opts) }()
	abortToTheEnd(t, st)
	require.NoError(t, <-done)
	assert.NotContains(t, out(), "\x1b")
	assert.Contains(t, out(), "step aborted share 0%")
}

// A rollout whose driver exited on this host says so, and what to run,
// instead of "driven by ... pid N".
func TestCanaryStatusSaysTheDriverIsGone(t *testing.T) {
	p := exec.Command("true")
	require.NoError(t, p.Run()) // exited and reaped: its pid names no process
	host, err := os.Hostname()
	require.NoError(t, err)
	r := rollouts()["paused"]
	r.Realm = "dev"
	r.Driver = &state.Holder{User: "ann", Host: host, Pid: p.Process.Pid, Command: "yodel deploy web"}
	ios, _, out, _ := iostreams.Test()
	got := ui.CanaryStatus(ui.NewStyles(ios, out), view.NewCanary(r, t0))
	assert.NotContains(t, got, "driven by")
	assert.Contains(t, got, fmt.Sprintf("no driver: its driver ann@%s (pid %d, \"yodel deploy web\") has exited", host, p.Process.Pid))
	assert.Contains(t, got, "continue it:  yodel canary resume web --realm dev\n  or undo it:   yodel canary abort web --realm dev\n")

	// A realm with a server: it adopts the rollout (server.adoptAfter),
	// so something does move it on.
	rl := &realm.Realm{Realm: "dev", Server: realm.Server{URL: "http://127.0.0.1:9180", AdoptAfter: strictyaml.Duration(45 * time.Second)}}
	got = ui.CanaryStatus(ui.NewStyles(ios, out), newView(&Options{}, rl, r, t0))
	assert.NotContains(t, got, "nothing moves the rollout on")
	assert.Contains(t, got, "has exited; the realm's server (http://127.0.0.1:9180) adopts the rollout and drives it on 45s after that, if it runs (server.adoptAfter)")
	assert.Contains(t, got, "continue it:  yodel canary resume web --realm dev\n")
	got = ui.CanaryStatus(ui.NewStyles(ios, out), newView(&Options{}, &realm.Realm{Realm: "dev"}, r, t0))
	assert.Contains(t, got, "has exited; nothing moves the rollout on", "no server")

	r.Driver.Pid = os.Getpid() // alive: driven as before
	got = ui.CanaryStatus(ui.NewStyles(ios, out), view.NewCanary(r, t0))
	assert.Contains(t, got, "driven by ann@")
}
