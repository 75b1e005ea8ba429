package canary

import (
	"context"
	"fmt"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// StepDef is one step of a rollout, as every part of yodel sees it: what
// the lb agents route, whether the canary has public traffic, whether the
// old release is still there to go back to, what the driver does, and the
// line the live view and the log show. The rollout's record, its routing,
// the driver and the views all read this one table.
type StepDef struct {
	Name string
	// Outcome is the rollout's outcome when it ends at this step; "" for
	// a step that does not end it.
	Outcome string
	// Route writes what the lb agents route at this step.
	Route func(r *Rollout, rt *state.Routing)
	// Public: the canary has a share of the public traffic (before, only
	// requests with the canary header or on the isolated port reach it).
	Public bool
	// Back: the old release is still there, so the rollout can go back.
	Back bool
	// Next is the step after this one on the forward path when it is
	// always the same ("" when the rollout's settings decide: Rollout.Next).
	Next string
	// Text is the step's line in the live view and the log.
	Text func(r *Rollout) string
	// run does the step once for the driver (nil: a step that ends the
	// rollout). It returns nil when the record moved on.
	run func(d *Driver, ctx context.Context, rt state.Routing, r *Rollout) error
}

// Routes of the steps.
func routeIsolated(r *Rollout, rt *state.Routing) {
	rt.Stable, rt.Canary, rt.CanaryIsolated, rt.CanaryWeight = r.Stable.App, r.Canary.App, true, 0
	rt.CanarySticky = false
}

// routePartial: the step's share, clients pinned to their track if the
// settings say sticky.
func routePartial(r *Rollout, rt *state.Routing) {
	routePublic(r, rt)
	rt.CanarySticky = r.Settings.Sticky
}

// routePublic (the full steps): by weight alone, so promoting releases
// every sticky client.
func routePublic(r *Rollout, rt *state.Routing) {
	rt.Stable, rt.Canary, rt.CanaryIsolated, rt.CanaryWeight = r.Stable.App, r.Canary.App, false, r.WantedWeight()
	rt.CanarySticky = false
}

// routeShareZero: share 0 at once; the isolated flag stays as it was, since
// moving servers between backends is not a runtime-only change.
func routeShareZero(r *Rollout, rt *state.Routing) {
	rt.Stable, rt.Canary, rt.CanaryWeight = r.Stable.App, r.Canary.App, 0
	rt.CanarySticky = false
}

func routeOldStable(r *Rollout, rt *state.Routing) {
	rt.Stable, rt.Canary, rt.CanaryIsolated, rt.CanaryWeight = r.Stable.App, "", false, 0
	rt.CanarySticky = false
}

func routeNewStable(r *Rollout, rt *state.Routing) {
	rt.Stable, rt.Canary, rt.CanaryIsolated, rt.CanaryWeight = r.Canary.App, "", false, 0
	rt.CanarySticky = false
}

// steps is the table, in the order of the forward path, then the way back.
// It is filled in init: its run column calls the driver, which reads the
// table (a package-level initializer would be an initialization cycle).
var steps []StepDef

func init() {
	steps = []StepDef{
		// The canary is routed isolated at share 0 before its app exists, then created and waited for.
		{Name: StepStarting, Route: routeIsolated, Back: true, run: runPlain((*Driver).starting),
			Text: func(r *Rollout) string { return "starting " + r.Canary.App + " (" + r.Canary.Release + ")" }},
		// Smoke checks reach the canary through the LB with the canary header or on the isolated port.
		{Name: StepIsolated, Route: routeIsolated, Back: true, run: runApplied((*Driver).isolated),
			Text: func(r *Rollout) string {
				return "isolated: " + r.Canary.App + " gets no public traffic"
			}},
		// A share of the public traffic, judged against the stable release (one per settings step).
		{Name: StepPartial, Route: routePartial, Public: true, Back: true, run: runApplied((*Driver).partial),
			Text: func(r *Rollout) string {
				// Named as the record, checks and status name it
				// (partial[0]), then counted for people.
				sticky := ""
				if r.Settings.Sticky {
					sticky = ", sticky clients" // each HTTP client stays on its release
				}
				return fmt.Sprintf("%s (%d of %d): %g%% of traffic to %s for %s%s", r.StepName(), r.PartialIndex+1, len(r.Settings.Steps), r.WantedWeight(), r.Canary.Release, r.Settings.Duration, sticky)
			}},
		// The canary scaled to the release's instance count (FullCount), keeping the last partial share.
		{Name: StepFullScale, Route: routePublic, Public: true, Back: true, Next: StepShift, run: (*Driver).fullScale,
			Text: func(r *Rollout) string {
				return fmt.Sprintf("full: scaling %s to %d instances", r.Canary.App, r.FullCount())
			}},
		// All the traffic to the canary.
		{Name: StepShift, Route: routePublic, Public: true, Back: true, Next: StepDrain, run: runApplied((*Driver).advance),
			Text: func(r *Rollout) string { return "shift: 100% of traffic to " + r.Canary.Release }},
		// The old release's sessions end (bounded by drainTimeout).
		// Next: kept when the settings keep the previous release, else cleanup.
		{Name: StepDrain, Route: routePublic, Public: true, Back: true, run: (*Driver).drainStep,
			Text: func(r *Rollout) string {
				return fmt.Sprintf("drain: waiting for %s's sessions to end (up to %s)", orDash(r.Stable.Release), r.Settings.DrainTimeout)
			}},
		// The rollback window (canary.keepPrevious): the old release keeps
		// its instances at weight 0, health-checked, so that a rollback
		// is a runtime weight flip; then cleanup.
		{Name: StepKept, Route: routePublic, Public: true, Back: true, Next: StepCleanup, run: (*Driver).kept,
			Text: func(r *Rollout) string {
				return fmt.Sprintf("kept: %s serves all traffic; %s stays at weight 0 until %s (rollback is instant)",
					r.Canary.Release, orDash(r.Stable.Release), r.KeptUntil.Local().Format("15:04:05"))
			}},
		// The canary is the stable app; the old one is deleted: from here the rollout can only finish.
		{Name: StepCleanup, Route: routeNewStable, Next: StepDone, run: (*Driver).cleanup,
			Text: func(r *Rollout) string { return "cleanup: " + r.Canary.App + " is stable; deleting " + r.Stable.App }},
		// The new release is stable.
		{Name: StepDone, Outcome: state.OutcomeSucceeded, Route: routeNewStable,
			Text: func(r *Rollout) string { return fmt.Sprintf("done: %s %s is stable", r.Service, r.Canary.Release) }},
		// Share 0 at once, then the canary's sessions end and its app is deleted.
		{Name: StepRollingBack, Route: routeShareZero, Back: true, run: (*Driver).rollingBack,
			Text: func(r *Rollout) string {
				return "rolling back: share 0, deleting " + r.Canary.App + ": " + r.Reason
			}},
		// A check failed or the canary stalled; the old release serves alone.
		{Name: StepRolledBack, Outcome: state.OutcomeRolledBack, Route: routeOldStable,
			Text: func(r *Rollout) string { return "rolled back: " + orDash(r.Stable.Release) + " keeps serving" }},
		// `canary abort`; the old release serves alone.
		{Name: StepAborted, Outcome: state.OutcomeAborted, Route: routeOldStable,
			Text: func(r *Rollout) string { return "aborted: " + orDash(r.Stable.Release) + " keeps serving" }},
	}
}

// runPlain runs step as it is.
func runPlain(step func(*Driver, context.Context, *Rollout) error) func(*Driver, context.Context, state.Routing, *Rollout) error {
	return func(d *Driver, ctx context.Context, _ state.Routing, r *Rollout) error { return step(d, ctx, r) }
}

// runApplied runs step once every live lb agent routes the step.
func runApplied(step func(*Driver, context.Context, *Rollout) error) func(*Driver, context.Context, state.Routing, *Rollout) error {
	return func(d *Driver, ctx context.Context, rt state.Routing, r *Rollout) error {
		if err := d.applied(ctx, r, rt.Generation); err != nil {
			return err
		}
		return step(d, ctx, r)
	}
}

// Step is the table's row for a step name ("partial[1]" is partial's);
// false for a name the table does not have (a newer yodel's record).
func Step(name string) (StepDef, bool) {
	if i := strings.IndexByte(name, '['); i > 0 {
		name = name[:i]
	}
	for _, s := range steps {
		if s.Name == name {
			return s, true
		}
	}
	return StepDef{}, false
}

// def is the current step's row.
func (r *Rollout) def() StepDef {
	s, _ := Step(r.Step)
	return s
}

// Text is the current step's line for the live view and the log.
func (r *Rollout) Text() string {
	if s := r.def(); s.Text != nil {
		return s.Text(r)
	}
	return r.StepName()
}

// Path is the rollout's steps as planned from its settings (the forward
// path; after it turned, the steps it ran then the way back), named as
// StepName names them.
func (r *Rollout) Path() []string {
	path := []string{StepStarting}
	if !r.SkipIsolated {
		path = append(path, StepIsolated)
	}
	if !r.SkipPartial {
		for i := range r.Settings.Steps {
			path = append(path, fmt.Sprintf("%s[%d]", StepPartial, i))
		}
	}
	for s := StepFullScale; s != ""; {
		path = append(path, s)
		def, _ := Step(s)
		s = def.Next
		if def.Name == StepDrain {
			s = r.afterDrain()
		}
	}
	if r.Step != StepRollingBack && r.def().Outcome != state.OutcomeRolledBack && r.def().Outcome != state.OutcomeAborted {
		return path
	}
	ran := map[string]bool{}
	for _, s := range r.Steps {
		ran[s.Name] = true
	}
	var cut []string
	for _, p := range path {
		if ran[p] {
			cut = append(cut, p)
		}
	}
	end := StepRolledBack
	if r.Cause == CauseAborted {
		end = StepAborted
	}
	return append(cut, StepRollingBack, end)
}
