package canary

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Steps of a rollout. Partial steps are StepPartial with Rollout.PartialIndex.
const (
	StepStarting    = "starting"
	StepIsolated    = "isolated"
	StepPartial     = "partial"
	StepFullScale   = "full-scale"
	StepShift       = "shift"
	StepDrain       = "drain"
	StepKept        = "kept"
	StepCleanup     = "cleanup"
	StepDone        = "done"
	StepRollingBack = "rolling-back"
	StepRolledBack  = "rolled-back"
	StepAborted     = "aborted"
)

// Verdicts of a check or judgement.
const (
	VerdictPass         = "pass"
	VerdictFail         = "fail"
	VerdictPending      = "pending"      // not enough data yet; the step goes on
	VerdictInconclusive = "inconclusive" // not enough data by the end of the step
)

// Causes of a rollback.
const (
	CauseCheckFailed = "check-failed"
	CauseAborted     = "aborted"
	CauseStalled     = "stalled"
	// CauseRollback: `yodel rollback` inside the rollback window (kept).
	CauseRollback = "rollback"
)

// RecordVersion is the schema version of Rollout; a CLI that reads a newer
// one refuses to drive it rather than misread it.
const RecordVersion = 1

// Track is one of the two apps of a rollout.
type Track struct {
	App       string `json:"app"`
	Release   string `json:"release,omitempty"`
	Instances int    `json:"instances"`
}

// StepRecord is one step as it ran.
type StepRecord struct {
	Name     string    `json:"name"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	Outcome  string    `json:"outcome"` // state.Outcome*
	Message  string    `json:"message,omitempty"`
}

// Check is one check and its result: a smoke check, a judgement's part, a
// gate, a drain.
type Check struct {
	Step     string             `json:"step"`
	Name     string             `json:"name"`
	Verdict  string             `json:"verdict"`
	Time     time.Time          `json:"time"`
	Duration jsondur.Duration   `json:"duration,omitempty"`
	Figures  map[string]float64 `json:"figures,omitempty"`
	Message  string             `json:"message,omitempty"`
}

// Window accumulates per-track counters over one partial step. Totals grow
// by the increments between successive samples, so an agent whose counters
// restart (HAProxy reload) loses at most what it counted since the previous
// sample, never the whole step.
type Window struct {
	Last   Sample              `json:"last"`
	Totals map[string]Counters `json:"totals"`
	// UnhealthyFor counts the latest judgements in a row that saw an
	// unhealthy canary task.
	UnhealthyFor int `json:"unhealthyFor,omitempty"`
	// Extended is how much an inconclusive end has extended the step so
	// far (bounded by partial.maxExtension).
	Extended jsondur.Duration `json:"extended,omitempty"`
	// Started is when the base sample was taken: every lb agent routed
	// the step's share by then. The step's clock starts here.
	Started time.Time `json:"started,omitzero"`
	// Metrics are the step's measurements of partial.metrics, by check
	// name (metrics.go).
	Metrics map[string]MetricSeries `json:"metrics,omitempty"`
}

// Rollout is the durable record of one canary rollout.
type Rollout struct {
	Version int    `json:"version"`
	ID      string `json:"id,omitempty"` // history record id
	Service string `json:"service"`
	Realm   string `json:"realm,omitempty"`
	Stable  Track  `json:"stable"`
	Canary  Track  `json:"canary"`
	// FullInstances is the canary's count from the full step on: what
	// the release's manifest asks for, as a rolling deploy would give it
	// (an autoscaled app keeps its live count). 0 in records written
	// before it: then the stable's count (Stable.Instances).
	FullInstances int                 `json:"fullInstances,omitempty"`
	Settings      manifest.CanaryPlan `json:"settings"`
	// FailedTask is the task whose failure stalled the canary and rolled
	// it back: its output, on its Mesos agent, says why it died.
	FailedTask *marathon.TaskRef `json:"failedTask,omitempty"`
	// SkipIsolated and SkipPartial are the emergency flags, kept in history.
	SkipIsolated bool `json:"skipIsolated,omitempty"`
	SkipPartial  bool `json:"skipPartial,omitempty"`

	Step         string    `json:"step"`
	PartialIndex int       `json:"partialIndex,omitempty"`
	StepStarted  time.Time `json:"stepStarted"`
	// Weight is the canary's wanted share of traffic (0-100) now.
	Weight float64 `json:"weight"`

	Paused   bool      `json:"paused,omitempty"`
	PausedAt time.Time `json:"pausedAt,omitzero"`
	// PausedFor is how long the current step has been paused, not counting
	// the pause in progress; paused time does not count toward a partial
	// step's duration.
	PausedFor jsondur.Duration `json:"pausedFor,omitempty"`
	// Gate is the manual gate the rollout waits at ("partial" or "full").
	Gate        string   `json:"gate,omitempty"`
	GatesPassed []string `json:"gatesPassed,omitempty"`
	// PromoteStep ends the current partial step early (the remaining
	// judgement still has to pass); PromoteFull skips the remaining partial
	// steps too.
	PromoteStep bool `json:"promoteStep,omitempty"`
	PromoteFull bool `json:"promoteFull,omitempty"`
	// Abort asks the driver to roll back; AbortedBy says who asked.
	Abort     bool   `json:"abort,omitempty"`
	AbortedBy string `json:"abortedBy,omitempty"`
	// KeptUntil is when the rollback window ends (set on entering kept,
	// Settings.KeepPrevious after it): until then the previous release
	// runs at weight 0 and a rollback is a weight flip.
	KeptUntil time.Time `json:"keptUntil,omitzero"`

	// Window holds the current partial step's counters.
	Window *Window `json:"window,omitempty"`
	// Judgements counts the judgements of the current partial step;
	// LastJudged is the wall-clock time of the latest (judgements go on
	// while paused, so they cannot follow the step's paused clock).
	Judgements int       `json:"judgements,omitempty"`
	LastJudged time.Time `json:"lastJudged,omitzero"`

	Steps  []StepRecord `json:"steps"`
	Checks []Check      `json:"checks,omitempty"`

	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	Outcome  string    `json:"outcome"`
	// Cause and Reason say why a rollback happened: the failed check with
	// its figures, the stall, or who aborted.
	Cause  string `json:"cause,omitempty"`
	Reason string `json:"reason,omitempty"`

	// Agents are the lb agents seen registered while this rollout ran,
	// sorted. An agent frozen or cut off from the store for longer than its
	// session leaves the registry, yet its HAProxy goes on sending the
	// rollout's apps their shares; before deleting an app that carried
	// traffic the driver waits (bounded) for each of them to come back.
	// Kept in the record so that a resumed or aborting driver knows them.
	Agents []string `json:"agents,omitempty"`

	// Driver is the process driving the rollout (it holds the lock).
	Driver *state.Holder `json:"driver,omitempty"`
	// User, Host and Command started the rollout (history).
	User    string `json:"user,omitempty"`
	Host    string `json:"host,omitempty"`
	Command string `json:"command,omitempty"`
	// Source is where the canary app definition came from, so a resume
	// can rebuild it when the deploying process died before creating it.
	Source *Source `json:"source,omitempty"`
	// App is the canary app's definition with its secrets masked, for the
	// history record (state.Record.App): rollback puts this release back
	// from it once its app is gone.
	App json.RawMessage `json:"app,omitempty"`
}

// Source is what the canary app was built from. It never holds secrets: a
// resume resolves them again on the resuming machine.
type Source struct {
	// Manifest is the manifest's absolute path on Host; SHA its sha256.
	Manifest string `json:"manifest"`
	SHA      string `json:"sha"`
	// Labels are the deploy labels (who deployed, from where).
	Labels map[string]string `json:"labels,omitempty"`
}

// maxChecks bounds the record: a long paused partial step judges every
// interval, and a ZooKeeper node holds at most 1 MB. Failed checks are kept
// first when trimming.
const maxChecks = 200

// NewRollout starts the record of a rollout of canary beside stable.
func NewRollout(svc string, stable, canary Track, plan manifest.CanaryPlan, now time.Time) *Rollout {
	r := &Rollout{Version: RecordVersion, Service: svc, Stable: stable, Canary: canary, Settings: plan,
		Started: now, Outcome: state.OutcomeInProgress}
	r.enter(StepStarting, 0, now)
	return r
}

// FullCount is the instance count the full step scales the canary to.
func (r *Rollout) FullCount() int {
	if r.FullInstances > 0 {
		return r.FullInstances
	}
	return r.Stable.Instances
}

// Decode reads a rollout record. An empty record is (nil, nil).
func Decode(raw json.RawMessage) (*Rollout, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var r Rollout
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("rollout record: %w", err)
	}
	if r.Version > RecordVersion {
		return nil, fmt.Errorf("rollout record has schema version %d; this yodel knows up to %d: use a newer yodel", r.Version, RecordVersion)
	}
	return &r, nil
}

// Encode writes the record as the state store keeps it: JSON with its
// durations in nanoseconds (jsondur.MarshalNumeric), which every yodel
// version sharing the store reads; command output and the API write them
// as strings.
func (r *Rollout) Encode() (json.RawMessage, error) {
	return jsondur.MarshalNumeric(r)
}

// Active reports whether the rollout still needs a driver (not finished).
func (r *Rollout) Active() bool {
	return r != nil && !Terminal(r.Step)
}

// Terminal reports whether step ends a rollout (the step table's Outcome).
func Terminal(step string) bool {
	s, ok := Step(step)
	return ok && s.Outcome != ""
}

// StepName is the step as shown and recorded: "partial[1]" for the second
// partial step.
func (r *Rollout) StepName() string {
	if r.Step == StepPartial {
		return fmt.Sprintf("%s[%d]", StepPartial, r.PartialIndex)
	}
	return r.Step
}

// enter closes the current step record as succeeded (unless an outcome was
// already set) and opens the next one.
func (r *Rollout) enter(step string, partialIndex int, now time.Time) {
	r.closeStep(state.OutcomeSucceeded, "", now)
	r.Step, r.PartialIndex, r.StepStarted = step, partialIndex, now
	r.PausedFor, r.Window, r.Judgements, r.LastJudged, r.PromoteStep = 0, nil, 0, time.Time{}, false
	if r.Paused {
		r.PausedAt = now
	}
	outcome := state.OutcomeInProgress
	if Terminal(step) {
		outcome = r.def().Outcome
	}
	if step == StepKept {
		r.KeptUntil = now.Add(r.Settings.KeepPrevious.D())
	}
	rec := StepRecord{Name: r.StepName(), Started: now, Outcome: outcome}
	if Terminal(step) {
		rec.Finished = now
		r.Finished, r.Outcome = now, outcome
	}
	r.Steps = append(r.Steps, rec)
}

func (r *Rollout) closeStep(outcome, msg string, now time.Time) {
	if n := len(r.Steps); n > 0 && r.Steps[n-1].Outcome == state.OutcomeInProgress {
		r.Steps[n-1].Outcome, r.Steps[n-1].Finished = outcome, now
		if msg != "" {
			r.Steps[n-1].Message = msg
		}
	}
}

// Next is the step after the current one on the forward path, and the
// manual gate in front of it ("" when none is pending).
func (r *Rollout) Next() (step string, partialIndex int, gate string) {
	toPartial := func() (string, int, string) {
		if r.SkipPartial {
			return r.toFull()
		}
		if r.Settings.ManualGates[manifest.GatePartial] && !slices.Contains(r.GatesPassed, manifest.GatePartial) {
			return StepPartial, 0, manifest.GatePartial
		}
		return StepPartial, 0, ""
	}
	if next := r.def().Next; next != "" {
		return next, 0, ""
	}
	switch r.Step {
	case StepStarting:
		if r.SkipIsolated {
			return toPartial()
		}
		return StepIsolated, 0, ""
	case StepIsolated:
		return toPartial()
	case StepPartial:
		if !r.PromoteFull && r.PartialIndex+1 < len(r.Settings.Steps) {
			return StepPartial, r.PartialIndex + 1, ""
		}
		return r.toFull()
	case StepDrain:
		return r.afterDrain(), 0, ""
	case StepRollingBack:
		if r.Cause == CauseAborted {
			return StepAborted, 0, ""
		}
		return StepRolledBack, 0, ""
	}
	return r.Step, r.PartialIndex, ""
}

// afterDrain: the rollback window (kept) when the settings ask for one,
// else cleanup at once.
func (r *Rollout) afterDrain() string {
	if r.Settings.KeepPrevious > 0 {
		return StepKept
	}
	return StepCleanup
}

// WindowOpen reports whether the rollout is in its rollback window at now:
// the previous release runs at weight 0 and a rollback is a weight flip.
func (r *Rollout) WindowOpen(now time.Time) bool {
	return r.Active() && r.Step == StepKept && now.Before(r.KeptUntil)
}

func (r *Rollout) toFull() (string, int, string) {
	// --skip-partial is an emergency: a full gate would defeat it.
	if !r.SkipPartial && r.Settings.ManualGates[manifest.GateFull] && !slices.Contains(r.GatesPassed, manifest.GateFull) {
		return StepFullScale, 0, manifest.GateFull
	}
	return StepFullScale, 0, ""
}

// Advance moves to the next step. When a manual gate stands in front of it,
// the rollout stays where it is and waits at the gate instead; Advance
// reports whether it moved.
func (r *Rollout) Advance(now time.Time) bool {
	if !r.Active() || r.Paused {
		return false
	}
	step, idx, gate := r.Next()
	if gate != "" {
		if r.Gate != gate {
			r.Gate = gate
			r.addCheck(Check{Step: r.StepName(), Name: "gate " + gate, Verdict: VerdictPending, Time: now,
				Message: "waiting for `yodel canary promote`"})
		}
		return false
	}
	r.enter(step, idx, now)
	return true
}

// Promote passes the gate the rollout waits at, or ends the current partial
// step early (full: every remaining partial step too). It says what it did.
func (r *Rollout) Promote(full bool, by string, now time.Time) (string, error) {
	if !r.Active() || r.Step == StepRollingBack || r.Abort {
		return "", fmt.Errorf("rollout of %s is %s: nothing to promote", r.Service, r.StepName())
	}
	var did string
	switch {
	case r.Gate != "":
		g := r.Gate
		r.GatesPassed = append(r.GatesPassed, g)
		r.Gate = ""
		r.markGate(g, by, now)
		did = "passed manual gate " + g
		if full {
			// --full also passes the full gate in advance and skips partial.
			if g == manifest.GatePartial && r.Settings.ManualGates[manifest.GateFull] {
				r.GatesPassed = append(r.GatesPassed, manifest.GateFull)
			}
			r.PromoteFull = true
			did += "; the remaining partial steps are skipped"
		}
	case r.Step == StepPartial:
		r.PromoteStep = true
		did = "ending partial step " + r.StepName() + " early"
		if full {
			r.PromoteFull = true
			if r.Settings.ManualGates[manifest.GateFull] {
				r.GatesPassed = append(r.GatesPassed, manifest.GateFull)
			}
			did = "skipping the remaining partial time and steps"
		}
		did += r.fewRequestsNote()
	case r.Step == StepKept:
		// The new release is taken for good: the window ends now.
		r.PromoteStep = true
		did = "ending the rollback window now: " + r.Stable.App + " (" + orDash(r.Stable.Release) + ") is drained and removed"
	case full && (r.Step == StepStarting || r.Step == StepIsolated):
		r.PromoteFull = true
		for _, g := range []string{manifest.GatePartial, manifest.GateFull} {
			if r.Settings.ManualGates[g] && !slices.Contains(r.GatesPassed, g) {
				r.GatesPassed = append(r.GatesPassed, g)
			}
		}
		did = "the partial steps will be skipped after the isolated step"
	default:
		return "", fmt.Errorf("rollout of %s is at step %s: there is no gate or partial step to promote (it moves on by itself)", r.Service, r.StepName())
	}
	return did, nil
}

func (r *Rollout) markGate(g, by string, now time.Time) {
	for i := len(r.Checks) - 1; i >= 0; i-- {
		if r.Checks[i].Name == "gate "+g && r.Checks[i].Verdict == VerdictPending {
			r.Checks[i].Verdict, r.Checks[i].Message = VerdictPass, "promoted by "+by
			r.Checks[i].Duration = jsondur.Duration(now.Sub(r.Checks[i].Time))
			return
		}
	}
}

// SetPaused pauses or resumes. It reports whether anything changed.
func (r *Rollout) SetPaused(p bool, now time.Time) bool {
	if r.Paused == p || !r.Active() {
		return false
	}
	if p {
		r.Paused, r.PausedAt = true, now
	} else {
		if !r.PausedAt.IsZero() && !r.PausedAt.Before(r.StepStarted) {
			r.PausedFor += jsondur.Duration(now.Sub(r.PausedAt))
		} else if !r.PausedAt.IsZero() {
			r.PausedFor += jsondur.Duration(now.Sub(r.StepStarted))
		}
		r.Paused, r.PausedAt = false, time.Time{}
	}
	return true
}

// Elapsed is the running (unpaused) time of the current step.
func (r *Rollout) Elapsed(now time.Time) time.Duration {
	d := now.Sub(r.StepStarted) - r.PausedFor.D()
	if r.Paused && !r.PausedAt.IsZero() {
		from := r.PausedAt
		if from.Before(r.StepStarted) {
			from = r.StepStarted
		}
		d -= now.Sub(from)
	}
	return max(d, 0)
}

// fewRequestsNote is what a promote of a partial step whose canary has
// not had minRequests yet (at the last judgement) must know: the final
// judgement cannot pass on rates it has not seen, so it waits for them as
// a step whose time ran out does, then onInconclusive decides.
func (r *Rollout) fewRequestsNote() string {
	var n int64
	if r.Window != nil {
		n = r.Window.Totals[TrackCanary].Requests
	}
	p := r.Settings
	if n >= int64(p.MinRequests) {
		return ""
	}
	then := "then it rolls back (onInconclusive: fail)"
	if p.OnInconclusive == "pass" {
		then = "then it passes (onInconclusive: pass)"
	}
	wait := fmt.Sprintf("its final judgement waits for them, %s at a time up to maxExtension %s, %s", p.Interval, p.MaxExtension, then)
	if p.MaxExtension <= 0 {
		wait = "with maxExtension 0 its final judgement cannot wait for them: " + strings.TrimPrefix(then, "then ")
	}
	// The count is the last judgement's, up to an interval old: "so far"
	// read as wrong under steady traffic.
	if r.Window == nil {
		return fmt.Sprintf("; the canary has not been judged yet and needs minRequests %d requests: %s", p.MinRequests, wait)
	}
	return fmt.Sprintf("; the canary had %d of minRequests %d requests at its last judgement: %s", n, p.MinRequests, wait)
}

// lastLook is when the partial step was last judged, or when it started
// being watched (its window), whichever is later.
func (r *Rollout) lastLook() time.Time {
	last := r.LastJudged
	if last.Before(r.StepStarted) {
		last = r.StepStarted
	}
	if r.Window != nil && last.Before(r.Window.Started) {
		last = r.Window.Started
	}
	return last
}

// Remaining is the time left in a partial step (0 elsewhere).
func (r *Rollout) Remaining(now time.Time) time.Duration {
	if r.Step != StepPartial {
		return 0
	}
	return max(r.Settings.Duration.D()-r.Elapsed(now), 0)
}

// NextJudgement is the time until the step is judged again (0: at the
// next poll).
func (r *Rollout) NextJudgement(now time.Time) time.Duration {
	return max(r.lastLook().Add(r.Settings.Interval.D()).Sub(now), 0)
}

// StartRollback turns the rollout around: the canary's share goes to 0 with
// the next write. Calling it again keeps the first cause.
func (r *Rollout) StartRollback(cause, reason string, now time.Time) {
	if !r.Active() || r.Step == StepRollingBack {
		return
	}
	r.Cause, r.Reason = cause, reason
	r.Gate = ""
	outcome := state.OutcomeFailed
	if cause == CauseAborted {
		outcome = state.OutcomeAborted
	}
	r.closeStep(outcome, reason, now)
	r.enter(StepRollingBack, 0, now)
	r.Paused, r.PausedAt = false, time.Time{}
}

// RollbackAllowed reports whether the rollout can still go back to the old
// release: from cleanup on the old app is being or has been deleted, so the
// new release is the only one left and the rollout must finish forwards.
func (r *Rollout) RollbackAllowed() bool {
	s, ok := Step(r.Step)
	return !ok || s.Back
}

// hadPublicTraffic reports whether the canary was ever given a share of
// the public traffic (a partial step or later was entered); before that
// only requests with the canary header or on the isolated port reached it.
func (r *Rollout) hadPublicTraffic() bool {
	for _, s := range r.Steps {
		if def, ok := Step(s.Name); ok && def.Public {
			return true
		}
	}
	return false
}

// WantedWeight is the canary's share the current step asks for.
func (r *Rollout) WantedWeight() float64 {
	switch r.Step {
	case StepPartial:
		if r.PartialIndex < len(r.Settings.Steps) {
			return float64(r.Settings.Steps[r.PartialIndex])
		}
		return float64(r.Settings.Weight)
	case StepFullScale:
		// Scaling up keeps the last partial share: the weights are per
		// task, so the share stays as wanted while tasks are added.
		if r.SkipPartial || len(r.Settings.Steps) == 0 {
			return 0
		}
		return float64(r.Settings.Steps[len(r.Settings.Steps)-1])
	case StepShift, StepDrain, StepKept:
		return 100
	}
	return 0
}

// Route writes into rt what the lb agents must route for the current step
// (the step table's Route).
func (r *Rollout) Route(rt *state.Routing) {
	rt.Step = r.StepName()
	if def := r.def(); def.Route != nil {
		def.Route(r, rt)
	}
	r.Weight = rt.CanaryWeight
}

// AddCheck records a check result.
func (r *Rollout) AddCheck(c Check) { r.addCheck(c) }

func (r *Rollout) addCheck(c Check) {
	r.Checks = append(r.Checks, c)
	if len(r.Checks) <= maxChecks {
		return
	}
	// Drop the oldest passing or pending check; failures are what a
	// reader comes for.
	for i, old := range r.Checks {
		if old.Verdict != VerdictFail {
			r.Checks = slices.Delete(r.Checks, i, i+1)
			return
		}
	}
	r.Checks = r.Checks[1:]
}

// Record is the history record mirroring the rollout.
func (r *Rollout) Record() state.Record {
	rec := state.Record{ID: r.ID, Service: r.Service, Release: r.Canary.Release, User: r.User, Host: r.Host,
		Command: r.Command, Started: r.Started, Finished: r.Finished, Outcome: r.Outcome, Strategy: "canary", App: r.App}
	if r.SkipIsolated {
		rec.Flags = append(rec.Flags, "--skip-isolated")
	}
	if r.SkipPartial {
		rec.Flags = append(rec.Flags, "--skip-partial")
	}
	for _, s := range r.Steps {
		rec.Steps = append(rec.Steps, state.Step{Name: s.Name, Started: s.Started, Finished: s.Finished, Outcome: s.Outcome, Message: s.Message})
	}
	for _, c := range r.Checks {
		rec.Checks = append(rec.Checks, state.Check{Name: c.Step + ": " + c.Name, Verdict: c.Verdict, Figures: c.Figures, Message: c.Message})
	}
	rec.FailedTask = r.FailedTaskRef()
	return rec
}

// FailedTaskRef is FailedTask as the history keeps it (nil without one).
func (r *Rollout) FailedTaskRef() *state.TaskRef {
	if f := r.FailedTask; f != nil {
		return &state.TaskRef{ID: f.ID, Host: f.Host, AgentID: f.SlaveID}
	}
	return nil
}
