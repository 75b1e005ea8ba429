package notify

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Event kinds (realm.NotificationEvents lists the same, for validation).
const (
	KindStarted         = "started"
	KindStepReached     = "step-reached"
	KindWaitingForGate  = "waiting-for-gate"
	KindPromoted        = "promoted"
	KindJudgementFailed = "judgement-failed"
	KindRolledBack      = "rolled-back"
	KindFinished        = "finished"
)

// EventVersion is the schema version of Event as receivers get it.
const EventVersion = 1

// Event is one thing that happened to a rollout, as a webhook receiver
// gets it (docs/notifications.md). It never holds secrets.
type Event struct {
	Version int `json:"version"`
	// ID is stable: the same event derived again (after a restart, from
	// the rollout record or from history) has the same id. Receivers get
	// it as the idempotency key.
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Time     time.Time `json:"time"`
	Realm    string    `json:"realm,omitempty"`
	Service  string    `json:"service"`
	Rollout  string    `json:"rollout"`
	Strategy string    `json:"strategy"`
	Release  string    `json:"release,omitempty"`
	// PreviousRelease is the release the rollout replaces (canary only).
	PreviousRelease string `json:"previousRelease,omitempty"`
	Step            string `json:"step,omitempty"`
	Gate            string `json:"gate,omitempty"`
	Outcome         string `json:"outcome,omitempty"`
	Reason          string `json:"reason,omitempty"`
	User            string `json:"user,omitempty"`
	Host            string `json:"host,omitempty"`
	Command         string `json:"command,omitempty"`
	Commit          string `json:"commit,omitempty"`
	// FailedTask is where the last failed task of a rollout that did not
	// succeed ran (judgement-failed, rolled-back, finished): its output is
	// there (`yodel logs SVC --task ID`). From the records, so an event
	// derived again is the same.
	FailedTask *state.TaskRef `json:"failedTask,omitempty"`
	// Text is one line for people.
	Text string `json:"text"`
}

// gitCommitLabel is the deploy label holding the manifest's git commit
// (svcutil.LabelGitCommit; the test keeps them equal).
const gitCommitLabel = "YODEL_GIT_COMMIT"

// rollout is what events are derived from: a canary rollout record (the
// live source, with check times and the rollback's cause) or a history
// record (every strategy, and a canary whose record a newer rollout has
// replaced).
type rollout struct {
	realm, service, id, strategy string
	release, previous            string
	user, host, command, commit  string
	started, finished            time.Time
	outcome, reason              string
	steps                        []state.Step
	gates                        []gate
	failedTask                   *state.TaskRef
}

type gate struct {
	name, step  string
	waiting     time.Time
	passed      time.Time // zero while waiting
	passMessage string
}

// fromRollout reads a canary rollout record.
func fromRollout(realm string, r *canary.Rollout) rollout {
	ro := rollout{realm: realm, service: r.Service, id: r.ID, strategy: "canary", release: r.Canary.Release,
		previous: r.Stable.Release, user: r.User, host: r.Host, command: r.Command,
		started: r.Started, finished: r.Finished, outcome: r.Outcome, reason: r.Reason, failedTask: r.FailedTaskRef()}
	if r.Source != nil {
		ro.commit = r.Source.Labels[gitCommitLabel]
	}
	for _, s := range r.Steps {
		ro.steps = append(ro.steps, state.Step{Name: s.Name, Started: s.Started, Finished: s.Finished, Outcome: s.Outcome, Message: s.Message})
	}
	for _, c := range r.Checks {
		name, ok := strings.CutPrefix(c.Name, "gate ")
		if !ok {
			continue
		}
		g := gate{name: name, step: c.Step, waiting: c.Time}
		if c.Verdict == canary.VerdictPass {
			g.passed, g.passMessage = c.Time.Add(c.Duration.D()), c.Message
		}
		ro.gates = append(ro.gates, g)
	}
	return ro
}

// fromRecord reads a history record. Its checks carry no times: a gate
// is dated by the step it was found at, its passing by the next step.
func fromRecord(realm string, rec state.Record) rollout {
	ro := rollout{realm: realm, service: rec.Service, id: rec.ID, strategy: rec.Strategy, release: rec.Release,
		user: rec.User, host: rec.Host, command: rec.Command, started: rec.Started, finished: rec.Finished,
		outcome: rec.Outcome, steps: rec.Steps, commit: recordedCommit(rec.App), failedTask: rec.FailedTask}
	if rec.Strategy != "canary" {
		return ro
	}
	for _, c := range rec.Checks {
		step, name, ok := strings.Cut(c.Name, ": gate ")
		if !ok {
			continue
		}
		g := gate{name: name, step: step}
		for i, s := range rec.Steps {
			if s.Name == step {
				g.waiting = s.Started
				if c.Verdict == canary.VerdictPass && i+1 < len(rec.Steps) {
					g.passed, g.passMessage = rec.Steps[i+1].Started, c.Message
				}
			}
		}
		if g.waiting.IsZero() {
			g.waiting = rec.Started
		}
		ro.gates = append(ro.gates, g)
	}
	return ro
}

// recordedCommit is the commit label of a history record's app
// definition (absent from older records and from changes that deploy no
// definition): a rollout whose record nobody saw (a worker started after
// it, a watch that coalesced it away) is still told with its commit.
func recordedCommit(app json.RawMessage) string {
	var def struct {
		Labels map[string]string `json:"labels"`
	}
	if len(app) == 0 || json.Unmarshal(app, &def) != nil {
		return ""
	}
	return def.Labels[gitCommitLabel]
}

// rolloutID is the history record id, or the start time for a rollout
// whose history was not recorded.
func (ro rollout) rolloutID() string {
	if ro.id != "" {
		return ro.id
	}
	return ro.started.UTC().Format("20060102T150405.000000000Z")
}

// EventID is the stable id of an event: service, rollout, kind and (for
// per-step kinds) the step or gate, in characters safe as a store key.
func EventID(service, rollout, kind, step string) string {
	id := service + "." + rollout + "." + kind
	if step != "" {
		id += "." + strings.NewReplacer("[", "-", "]", "").Replace(step)
	}
	return id
}

// skipSteps are not step-reached events: starting is the start, and
// the ends are rolled-back and finished.
var skipSteps = map[string]bool{canary.StepStarting: true, canary.StepDone: true, canary.StepRolledBack: true, canary.StepAborted: true}

// events derives every event the rollout has reached so far, oldest
// first. A record that has grown derives a superset of what it derived
// before, with the same ids.
func (ro rollout) events() []Event {
	rid := ro.rolloutID()
	var out []Event
	add := func(kind, step string, at time.Time, fill func(*Event)) {
		e := Event{Version: EventVersion, ID: EventID(ro.service, rid, kind, step), Kind: kind, Time: at.UTC(),
			Realm: ro.realm, Service: ro.service, Rollout: rid, Strategy: ro.strategy, Release: ro.release,
			PreviousRelease: ro.previous, Step: step, Outcome: ro.outcome, User: ro.user, Host: ro.host,
			Command: ro.command, Commit: ro.commit}
		if kind != KindFinished && kind != KindRolledBack {
			e.Outcome = ""
		}
		if kind == KindJudgementFailed || kind == KindRolledBack || kind == KindFinished && ro.outcome != state.OutcomeSucceeded {
			e.FailedTask = ro.failedTask
		}
		if fill != nil {
			fill(&e)
		}
		e.Text = e.text()
		out = append(out, e)
	}
	add(KindStarted, "", ro.started, nil)
	canaryRollout := ro.strategy == "canary"
	for _, s := range ro.steps {
		if !canaryRollout {
			break
		}
		if !skipSteps[s.Name] {
			add(KindStepReached, s.Name, s.Started, nil)
		}
		if s.Outcome == state.OutcomeFailed {
			add(KindJudgementFailed, s.Name, s.Finished, func(e *Event) { e.Reason = s.Message })
		}
		if s.Name == canary.StepRolledBack || s.Name == canary.StepAborted {
			add(KindRolledBack, s.Name, s.Started, func(e *Event) { e.Reason = ro.reason })
		}
	}
	for _, g := range ro.gates {
		add(KindWaitingForGate, g.name, g.waiting, func(e *Event) { e.Step, e.Gate = g.step, g.name })
		if !g.passed.IsZero() {
			add(KindPromoted, g.name, g.passed, func(e *Event) { e.Step, e.Gate, e.Reason = g.step, g.name, g.passMessage })
		}
	}
	if !ro.finished.IsZero() && ro.outcome != state.OutcomeInProgress {
		add(KindFinished, "", ro.finished, func(e *Event) { e.Reason = ro.reason })
	}
	return out
}

func (e Event) text() string {
	what := e.Service
	if e.Release != "" {
		what += " " + e.Release
	}
	in := ""
	if e.Realm != "" {
		in = " in " + e.Realm
	}
	switch e.Kind {
	case KindStarted:
		by := ""
		if e.User != "" {
			by = " by " + e.User
		}
		return fmt.Sprintf("%s rollout of %s%s started%s", e.Strategy, what, in, by)
	case KindStepReached:
		return fmt.Sprintf("%s%s reached step %s", what, in, e.Step)
	case KindWaitingForGate:
		return fmt.Sprintf("%s%s waits at manual gate %s: run `yodel canary promote %s`", what, in, e.Gate, e.Service)
	case KindPromoted:
		return fmt.Sprintf("%s%s passed manual gate %s (%s)", what, in, e.Gate, orDash(e.Reason))
	case KindJudgementFailed:
		return fmt.Sprintf("%s%s failed its judgement at step %s: %s", what, in, e.Step, orDash(e.Reason))
	case KindRolledBack:
		return fmt.Sprintf("%s%s %s: %s", what, in, e.Step, orDash(e.Reason))
	case KindFinished:
		return fmt.Sprintf("%s rollout of %s%s finished: %s", e.Strategy, what, in, e.Outcome)
	}
	return e.Kind
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
