package view

import (
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Canary is `yodel canary status`: the rollout as of Now. It carries every
// field of the rollout record under the record's own JSON names (scripts
// read them: -o json wrote the record before this model existed), and adds
// what the text shows, computed once.
type Canary struct {
	canary.Rollout
	// Now is when the view was built; Remaining counts from it.
	Now time.Time `json:"now"`
	// Current is the step's name as shown ("partial[1]").
	Current    string `json:"current"`
	InProgress bool   `json:"inProgress"`
	// DriverGone: the recorded driver's process is provably gone (it ran
	// on this host and exited); nobody moves the rollout on.
	DriverGone bool `json:"driverGone,omitempty"`
	// Adopter is the realm's server, which adopts a rollout whose driver
	// is gone and drives it on; nil when the realm names none (or the
	// caller did not say: the view is built from the record alone).
	Adopter *Adopter `json:"adopter,omitempty"`
	// Remaining is the time left in a partial step, 0 in the others and
	// in a promoted one.
	Remaining jsondur.Duration `json:"remaining,omitempty"`
	// Promoted: a partial step ended early by a promote, which moves on at
	// its final judgement, FinalJudgementIn from now (0: at the next
	// poll); an interval at a time while the canary lacks minRequests.
	Promoted         bool             `json:"promoted,omitempty"`
	FinalJudgementIn jsondur.Duration `json:"finalJudgementIn,omitempty"`
	// WindowOpen: the rollout is in its rollback window (the previous
	// release at weight 0 until keptUntil): a rollback is a weight flip.
	WindowOpen bool  `json:"windowOpen,omitempty"`
	Split      Split `json:"split"`
	// Path is the way through the steps, with where the rollout is on it.
	Path []PathStep `json:"path"`
	// Traffic is each track's counters in the current judgement window,
	// stable first; empty before the first window.
	Traffic []TrackTraffic `json:"traffic,omitempty"`
}

// Adopter is the realm's server as it adopts orphaned rollouts: at URL,
// AdoptAfter after it first sees a rollout's driver gone (server.adoptAfter).
type Adopter struct {
	URL        string           `json:"url"`
	AdoptAfter jsondur.Duration `json:"adoptAfter"`
}

// NoDriver is what `yodel canary status` and the dashboard say of an
// active rollout whose driver is gone (DriverGone): who it was, and what
// moves the rollout on now (the realm's server, when the view has one);
// "" when its driver is not known to be gone.
func (v Canary) NoDriver() string {
	d := v.Driver
	if d == nil || !v.DriverGone {
		return ""
	}
	next := "nothing moves the rollout on"
	if a := v.Adopter; a != nil {
		// The server polls every half second: it sees the exit at once
		// if it runs, and waits adoptAfter for a person to act first.
		at := ""
		if a.URL != "" {
			at = " (" + a.URL + ")"
		}
		next = fmt.Sprintf("the realm's server%s adopts the rollout and drives it on %s after that, if it runs (server.adoptAfter)", at, a.AdoptAfter.D())
	}
	return fmt.Sprintf("its driver %s@%s (pid %d, %q) has exited; %s", d.User, d.Host, d.Pid, d.Command, next)
}

// Split is the public traffic in whole percent.
type Split struct {
	Stable int `json:"stable"`
	Canary int `json:"canary"`
}

// PathStep is one step on a rollout's path.
type PathStep struct {
	Name string `json:"name"`
	// Outcome is the step's record outcome ("succeeded", "failed"…), ""
	// while it has not been entered.
	Outcome string `json:"outcome,omitempty"`
	Current bool   `json:"current,omitempty"` // the active rollout is here
}

// TrackTraffic is one track's counters and what they mean.
type TrackTraffic struct {
	Track     string  `json:"track"`
	Requests  int64   `json:"requests"`
	Errors    int64   `json:"errors"`
	ErrorRate float64 `json:"errorRate"`
	Sessions  int64   `json:"sessions"`
}

// NewCanary builds the view of r at now.
func NewCanary(r *canary.Rollout, now time.Time) Canary {
	v := Canary{Rollout: *r, Now: now, Current: r.StepName(), InProgress: r.Active(), Remaining: jsondur.Duration(r.Remaining(now))}
	if r.Step == canary.StepPartial && r.PromoteStep && r.Active() {
		// Each extension for too few requests set the step's clock back:
		// its time left means nothing once promoted.
		v.Promoted, v.Remaining = true, 0
		v.FinalJudgementIn = jsondur.Duration(r.NextJudgement(now))
	}
	v.DriverGone = r.Driver != nil && r.Active() && r.Driver.Gone()
	v.WindowOpen = r.WindowOpen(now)
	share := int(r.Weight + 0.5)
	v.Split = Split{Stable: 100 - share, Canary: share}
	v.Path = path(r)
	if r.Window != nil && len(r.Window.Totals) > 0 {
		v.Traffic = Traffic(r.Window.Totals)
	}
	return v
}

// Traffic is the stable and canary tracks' figures from counters by track.
func Traffic(totals map[string]canary.Counters) []TrackTraffic {
	out := make([]TrackTraffic, 0, 2)
	for _, t := range []string{appdef.TrackStable, appdef.TrackCanary} {
		c := totals[t]
		out = append(out, TrackTraffic{Track: t, Requests: c.Requests, Errors: c.Errors(), ErrorRate: c.ErrorRate(), Sessions: c.Sessions})
	}
	return out
}

// path lists the steps r goes through: forward as its settings say, or,
// once it turned back, the steps it went through and then the way back.
func path(r *canary.Rollout) []PathStep {
	outcome := map[string]string{}
	for _, s := range r.Steps {
		outcome[s.Name] = s.Outcome
	}
	names := r.Path()
	cur := r.StepName()
	out := make([]PathStep, len(names))
	for i, n := range names {
		out[i] = PathStep{Name: n, Outcome: outcome[n], Current: n == cur && r.Active()}
	}
	return out
}

// Succeeded reports whether the step ended well.
func (p PathStep) Succeeded() bool { return p.Outcome == state.OutcomeSucceeded }
