package ui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/ui/live"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// ViewOptions describe what a live view is about.
type ViewOptions struct {
	Service, Realm string
	Action         string // deploy, scale, rollback, destroy
	OldRelease     string // "" on a first deploy
	NewRelease     string
	// Now is the clock (tests fix it). Default time.Now.
	Now func() time.Time
	// Throttle: on a terminal, redraw at most this often (default 200ms);
	// the last state is always drawn by Close.
	Throttle time.Duration
	// Tick redraws this often even without news, so the elapsed time moves
	// (0: never; commands use 1s).
	Tick time.Duration
	// LineEvery: off a terminal, count-only changes are printed at most this
	// often (0: every change). Steps, failures and the end always print.
	LineEvery time.Duration
}

// Progress is the live view of one deployment wait. On a terminal it redraws
// a block in place; off one it prints a timestamped line per change. It is
// safe to call from the waiting goroutine and the command at once.
type Progress struct {
	mu    sync.Mutex
	o     ViewOptions
	w     io.Writer
	st    Styles
	tty   bool
	start time.Time

	step      string
	p         marathon.Progress
	havep     bool
	oldMax    int
	screen    *live.Screen // the terminal block (tty)
	lastDraw  time.Time
	lastLine  string
	lastFail  string
	lastCheck string // the last HealthCheckFailure seen
	lastPrint time.Time
	closed    bool
	stop      chan struct{}
}

// NewProgress starts a view writing to w (stderr: progress is not data).
func NewProgress(ios *iostreams.IOStreams, w io.Writer, o ViewOptions) *Progress {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Throttle == 0 {
		o.Throttle = 200 * time.Millisecond
	}
	v := &Progress{o: o, w: w, st: NewStyles(ios, w), tty: ios.Interactive(), stop: make(chan struct{})}
	v.start = o.Now()
	v.screen = live.New(w, live.For(ios, v.tty, false))
	if v.tty {
		live.OnResize(v.stop, func() { _ = v.screen.Redraw() })
		if o.Tick > 0 {
			go v.tick()
		}
	}
	return v
}

func (v *Progress) tick() {
	t := time.NewTicker(v.o.Tick)
	defer t.Stop()
	for {
		select {
		case <-v.stop:
			return
		case <-t.C:
			v.mu.Lock()
			if !v.closed {
				v.draw(true)
			}
			v.mu.Unlock()
		}
	}
}

// Step names what is happening now ("applying", "rolling back to v1").
func (v *Progress) Step(s string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed || s == v.step {
		return
	}
	v.step = s
	if v.tty {
		v.draw(true)
		return
	}
	v.line(s)
}

// Update takes a new progress snapshot.
func (v *Progress) Update(p marathon.Progress) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	v.p, v.havep = p, true
	v.oldMax = max(v.oldMax, p.Old)
	if v.tty {
		v.draw(p.Done)
		return
	}
	if p.LastFailure != "" && p.LastFailure != v.lastFail {
		v.lastFail = p.LastFailure
		v.line("task failure: " + p.LastFailure)
	}
	// Said once per cause: the counts in it change with every check.
	if f := p.HealthCheckFailure; f != "" && marathon.TrimTaskCount(f) != marathon.TrimTaskCount(v.lastCheck) {
		v.line("failing " + f)
	}
	v.lastCheck = p.HealthCheckFailure
	s := v.summary()
	if s == v.lastLine {
		return
	}
	now := v.o.Now()
	if !p.Done && v.o.LineEvery > 0 && now.Sub(v.lastPrint) < v.o.LineEvery {
		return
	}
	v.lastLine, v.lastPrint = s, now
	v.line(s)
}

// Close draws the final state and stops redrawing; the last frame stays on
// the screen.
func (v *Progress) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	if v.tty {
		v.draw(true)
	} else if v.havep {
		if s := v.summary(); s != v.lastLine {
			v.lastLine = s
			v.line(s)
		}
	}
	v.closed = true
	_ = v.screen.Close()
	close(v.stop)
}

// line prints s escaped: it may carry Marathon's messages (Escape).
func (v *Progress) line(s string) {
	fmt.Fprintf(v.w, "%s %s: %s\n", v.o.Now().UTC().Format(time.RFC3339), v.o.Service, Escape(s))
}

// summary is the one-line state, without the elapsed time (so that it only
// changes when something happened).
func (v *Progress) summary() string {
	return DeploySummary(*view.NewDeployTasks(v.p, v.oldMax))
}

// DeploySummary is a change's tasks on one line, for logs.
func DeploySummary(p view.DeployTasks) string {
	var parts []string
	if p.Wanted == 0 && p.Done {
		parts = append(parts, "no tasks left")
	} else {
		parts = append(parts, fmt.Sprintf("%d/%d healthy", p.Healthy, p.Wanted), fmt.Sprintf("%d running", p.Running))
		if p.Staged > 0 {
			parts = append(parts, fmt.Sprintf("%d staging", p.Staged))
		}
	}
	if p.Old > 0 {
		parts = append(parts, fmt.Sprintf("%d old", p.Old))
	}
	switch {
	case p.Expunged > 0:
		parts = append(parts, fmt.Sprintf("%d old unreachable expunged", p.Expunged))
	case p.OldUnreachable > 0:
		parts = append(parts, fmt.Sprintf("%d old unreachable", p.OldUnreachable))
	}
	if p.TotalSteps > 0 {
		parts = append(parts, fmt.Sprintf("step %d/%d", p.DeploymentStep, p.TotalSteps))
	}
	if p.Polling {
		parts = append(parts, "polling (event stream down)")
	}
	if p.Done {
		parts = append(parts, "done")
	}
	return strings.Join(parts, ", ")
}

// draw redraws the block on a terminal; unless forced, at most once per
// Throttle.
func (v *Progress) draw(force bool) {
	now := v.o.Now()
	if !force && !v.lastDraw.IsZero() && now.Sub(v.lastDraw) < v.o.Throttle {
		return
	}
	v.lastDraw = now
	_ = v.screen.Draw(v.frame(now))
}

// Frame is the terminal block for the current state (exported for tests
// and for commands that print a final summary).
func (v *Progress) Frame() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.frame(v.o.Now())
}

func (v *Progress) frame(now time.Time) string {
	return DeployBlock(v.st, v.model(now))
}

// model is the view of the change at now.
func (v *Progress) model(now time.Time) view.Deploy {
	m := view.Deploy{Service: v.o.Service, Realm: v.o.Realm, Action: v.o.Action, OldRelease: v.o.OldRelease, NewRelease: v.o.NewRelease,
		Elapsed: jsondur.Duration(now.Sub(v.start)), Step: v.step}
	if v.havep {
		m.Tasks = view.NewDeployTasks(v.p, v.oldMax)
	}
	return m
}

// DeployBlock is a change in progress as its live view shows it.
func DeployBlock(st Styles, m view.Deploy) string {
	m = Escaped(m) // Marathon's failure messages and health check causes
	var b strings.Builder
	rel := m.NewRelease
	if m.OldRelease != "" && m.OldRelease != m.NewRelease {
		rel = m.OldRelease + " → " + m.NewRelease
	}
	fmt.Fprintf(&b, "%s  %s  %s %s  %s\n", st.Bold.Render(m.Service), st.Dim.Render("realm "+m.Realm),
		m.Action, rel, st.Dim.Render(elapsed(m.Elapsed.D())))
	if m.Step != "" {
		fmt.Fprintf(&b, "  %s\n", m.Step)
	}
	if p := m.Tasks; p != nil {
		label := m.NewRelease
		if label == "" {
			label = "new"
		}
		w := max(len(label), len(m.OldRelease))
		fmt.Fprintf(&b, "  %-*s  %s  %d/%d healthy, %d running", w, label, Bar(st, p.Healthy, p.Wanted, 20), p.Healthy, p.Wanted, p.Running)
		if p.Staged > 0 {
			fmt.Fprintf(&b, ", %d staging", p.Staged)
		}
		b.WriteByte('\n')
		if p.OldMax > 0 {
			old := m.OldRelease
			if old == "" {
				old = "old"
			}
			fmt.Fprintf(&b, "  %-*s  %s  %d old task(s) left\n", w, old, Bar(st, p.Old, p.OldMax, 20), p.Old)
		}
		if p.OldUnreachable > 0 {
			what := "not serving, not waited for"
			if p.Expunged > 0 {
				what = "expunged from Marathon (killed if their agent comes back)"
			}
			fmt.Fprintf(&b, "  %s %d old task(s) on agents Mesos lost: %s\n", st.Warn.Render("unreachable"), p.OldUnreachable, what)
		}
		if p.TotalSteps > 0 {
			fmt.Fprintf(&b, "  %s\n", strings.TrimSpace(fmt.Sprintf("deployment step %d/%d %s", p.DeploymentStep, p.TotalSteps, strings.Join(p.StepActions, ", "))))
		}
		if p.Polling {
			b.WriteString("  " + st.Warn.Render("event stream down: polling") + "\n")
		}
		if p.HealthCheckFailure != "" {
			fmt.Fprintf(&b, "  %s %s\n", st.Fail.Render("failing"), p.HealthCheckFailure)
		}
		if p.LastFailure != "" {
			fmt.Fprintf(&b, "  %s %s\n", st.Fail.Render("last failure:"), p.LastFailure)
		}
		for _, e := range p.Recent {
			fmt.Fprintf(&b, "  %s %s\n", st.Dim.Render(e.Time.UTC().Format("15:04:05")), e.Text)
		}
	}
	return b.String()
}

func elapsed(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}
