package ui

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// RolloutView is the live view of a running canary rollout, fed by its
// driver's events: on a terminal the rollout's block (CanaryBlock of a
// view.Canary, with the judged counters and the latest events) redrawn
// through live.Screen; off one, or with TERM=dumb, one timestamped line
// per event, no colour, no control characters (CI logs). It writes to
// stderr: progress is not data.
type RolloutView struct {
	// RealmArg addresses the realm in the command the block prints at a
	// manual gate (realm.Arg); empty: the record's realm name.
	RealmArg string

	mu     sync.Mutex
	w      io.Writer
	st     Styles
	screen *live.Screen
	now    func() time.Time
	last   *canary.Rollout
	totals map[string]canary.Counters
	recent []string
	stop   chan struct{}
	closed bool
	// Off a terminal, a judgement is printed when its text changes; the
	// same one again only counts, and a summary of them is printed at
	// most once per SummaryEvery (a CI log of an 8-minute canary showed
	// over 100 identical PASS lines burying the one that mattered).
	judged     string
	same       int
	summarised time.Time
}

// SummaryEvery is how often, at most, an unchanged judgement is summarised
// off a terminal.
const SummaryEvery = time.Minute

// NewRolloutView starts a view on ios's stderr.
func NewRolloutView(ios *iostreams.IOStreams, now func() time.Time) *RolloutView {
	if now == nil {
		now = time.Now
	}
	v := &RolloutView{w: ios.ErrOut, st: NewStyles(ios, ios.ErrOut), now: now, stop: make(chan struct{}),
		screen: live.New(ios.ErrOut, live.For(ios, ios.Interactive(), false))}
	if v.screen.Mode() == live.Inline {
		live.OnResize(v.stop, func() { _ = v.screen.Redraw() })
	}
	return v
}

// Event takes one event of the driver.
func (v *RolloutView) Event(e canary.Event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	if e.Rollout != nil {
		v.last = e.Rollout
	}
	if e.Totals != nil {
		v.totals = e.Totals
	}
	if v.screen.Mode() == live.Plain {
		v.plain(e)
		return
	}
	v.recent = append(v.recent, e.Time.Local().Format("15:04:05")+" "+e.Text)
	if len(v.recent) > 6 {
		v.recent = v.recent[len(v.recent)-6:]
	}
	v.draw()
}

// Close draws the final frame and stops; it stays on the screen.
func (v *RolloutView) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	if v.screen.Mode() != live.Plain {
		v.draw()
	}
	v.closed = true
	close(v.stop)
	_ = v.screen.Close()
}

// draw shows the last record with the counters of the latest judgement
// (the record's window is only written at step ends).
func (v *RolloutView) draw() {
	if v.last == nil {
		return
	}
	m := view.NewCanary(v.last, v.now())
	if v.RealmArg != "" {
		m.Realm = v.RealmArg
	}
	m.Traffic = nil
	if len(v.totals) > 0 {
		m.Traffic = view.Traffic(v.totals)
	}
	_ = v.screen.Draw(CanaryBlock(v.st, m, v.recent))
}

// plain prints one event as a line off a terminal: every event but a
// judgement that says what the previous one said, which is counted and
// summarised at most once per SummaryEvery.
func (v *RolloutView) plain(e canary.Event) {
	stamp := e.Time.UTC().Format(time.RFC3339)
	if e.Kind != canary.EventJudgement || e.Text != v.judged {
		if e.Kind == canary.EventJudgement {
			v.judged, v.same, v.summarised = e.Text, 0, e.Time
		}
		fmt.Fprintf(v.w, "%s  %s\n", stamp, Escape(e.Text)) // may quote Marathon
		return
	}
	v.same++
	if e.Time.Sub(v.summarised) < SummaryEvery {
		return
	}
	traffic := ""
	for _, t := range view.Traffic(v.totals) {
		traffic += fmt.Sprintf("; %s %d req %d err", t.Track, t.Requests, t.Errors)
	}
	fmt.Fprintf(v.w, "%s  %s again %d times since %s%s\n", stamp, Escape(v.judged), v.same, v.summarised.UTC().Format(time.RFC3339), traffic)
	v.same, v.summarised = 0, e.Time
}
