// Package shared is what the canary commands and `yodel deploy`'s canary
// path share: the live view of a rollout, the status rendering, and running
// a rollout's driver with the realm's Marathon, store and lb agents.
package shared

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// View shows a running rollout. On a terminal it redraws a block in place
// (steps, the traffic split as a bar, per-track figures, the latest checks);
// off one it prints one timestamped line per event, no colour, no control
// characters (Bamboo logs).
type View struct {
	mu     sync.Mutex
	w      io.Writer
	tty    bool
	st     ui.Styles
	now    func() time.Time
	lines  int // lines of the last frame, to redraw over
	last   *canary.Rollout
	totals map[string]canary.Counters
	recent []string
	closed bool
}

// NewView starts a view on ios's stderr.
func NewView(ios *iostreams.IOStreams, now func() time.Time) *View {
	if now == nil {
		now = time.Now
	}
	return &View{w: ios.ErrOut, tty: ios.Interactive(), st: ui.NewStyles(ios, ios.ErrOut), now: now}
}

// Event takes one event of the driver.
func (v *View) Event(e canary.Event) {
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
	if !v.tty {
		fmt.Fprintf(v.w, "%s  %s\n", e.Time.UTC().Format(time.RFC3339), e.Text)
		return
	}
	v.recent = append(v.recent, e.Time.Local().Format("15:04:05")+" "+e.Text)
	if len(v.recent) > 6 {
		v.recent = v.recent[len(v.recent)-6:]
	}
	v.draw()
}

// Close draws the final frame and stops.
func (v *View) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	if v.tty {
		v.draw()
	}
	v.closed = true
}

func (v *View) draw() {
	if v.last == nil {
		return
	}
	frame := Frame(v.st, v.last, v.totals, v.recent, v.now())
	if v.lines > 0 {
		fmt.Fprintf(v.w, "\x1b[%dA\x1b[J", v.lines)
	}
	fmt.Fprint(v.w, frame)
	v.lines = strings.Count(frame, "\n")
}

// Frame renders a rollout as the live view and `status` show it.
func Frame(st ui.Styles, r *canary.Rollout, totals map[string]canary.Counters, recent []string, now time.Time) string {
	var b strings.Builder
	head := fmt.Sprintf("%s  %s -> %s  step %s", st.Bold.Render(r.Service), orDash(r.Stable.Release), orDash(r.Canary.Release), st.Bold.Render(r.StepName()))
	if rem := r.Remaining(now); r.Step == canary.StepPartial {
		head += fmt.Sprintf("  %s left", rem.Round(time.Second))
	}
	if r.Paused {
		head += "  " + st.Warn.Render("PAUSED")
	}
	if r.Gate != "" {
		head += "  " + st.Warn.Render("waiting at gate "+r.Gate+" (yodel canary promote)")
	}
	b.WriteString(head + "\n")
	b.WriteString("  " + StepLine(st, r) + "\n")
	share := int(r.Weight + 0.5)
	b.WriteString(fmt.Sprintf("  split   %s  stable %d%% | canary %d%%\n", ui.Bar(st, share, 100, 30), 100-share, share))
	if len(totals) > 0 {
		for _, t := range []string{canary.TrackStable, canary.TrackCanary} {
			c := totals[t]
			b.WriteString(fmt.Sprintf("  %-7s %8d req %6d err  %6.2f%%  %d sessions\n", t, c.Requests, c.Errors(), c.ErrorRate()*100, c.Sessions))
		}
	}
	if n := len(r.Checks); n > 0 {
		for _, c := range r.Checks[max(0, n-4):] {
			b.WriteString("  " + verdictMark(st, c.Verdict) + " " + c.Step + " " + c.Name + ": " + c.Message + "\n")
		}
	}
	for _, l := range recent {
		b.WriteString("  " + st.Dim.Render(l) + "\n")
	}
	return b.String()
}

// StepLine lists the rollout's path with each step's state.
func StepLine(st ui.Styles, r *canary.Rollout) string {
	done := map[string]string{}
	for _, s := range r.Steps {
		done[s.Name] = s.Outcome
	}
	path := r.Path()
	parts := make([]string, 0, len(path))
	for _, p := range path {
		switch o := done[p]; {
		case p == r.StepName() && r.Active():
			parts = append(parts, st.Bold.Render("> "+p))
		case o == "succeeded":
			parts = append(parts, st.OK.Render("ok "+p))
		case o == "":
			parts = append(parts, st.Dim.Render(". "+p))
		default:
			parts = append(parts, st.Fail.Render("x "+p))
		}
	}
	return strings.Join(parts, "  ")
}

func verdictMark(st ui.Styles, v string) string {
	switch v {
	case canary.VerdictPass:
		return st.OK.Render("pass")
	case canary.VerdictFail:
		return st.Fail.Render("FAIL")
	}
	return st.Warn.Render(v)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Status renders `yodel canary status` in text.
func Status(w io.Writer, st ui.Styles, r *canary.Rollout, now time.Time) {
	fmt.Fprint(w, Frame(st, r, latestTotals(r), nil, now))
	if r.Driver != nil {
		fmt.Fprintf(w, "  driven by %s@%s (pid %d, %q)\n", r.Driver.User, r.Driver.Host, r.Driver.Pid, r.Driver.Command)
	}
	if r.Reason != "" {
		fmt.Fprintf(w, "  reason: %s\n", r.Reason)
	}
	fmt.Fprintf(w, "  started %s by %s; outcome %s\n", r.Started.UTC().Format(time.RFC3339), orDash(r.User), r.Outcome)
}

func latestTotals(r *canary.Rollout) map[string]canary.Counters {
	if r.Window == nil {
		return nil
	}
	keys := make([]string, 0, len(r.Window.Totals))
	for k := range r.Window.Totals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]canary.Counters{}
	for _, k := range keys {
		out[k] = r.Window.Totals[k]
	}
	return out
}
