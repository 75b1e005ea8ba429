package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// maxLookups bounds how many stored versions are read looking for a
// release: every scale also makes a version.
const maxLookups = 100

// RollbackRequest puts an earlier release of the service's stable app
// back: To, or the previous one.
type RollbackRequest struct {
	To                        string
	Timeout, ProgressDeadline time.Duration
	// Settle is for an app without health checks (Change.Settle).
	Settle time.Duration
	// RealmArg is the realm as the caller named it, for the errors' data.
	RealmArg string
}

// RollbackPlan is a rollback PlanRollback found: the stable app and the
// stored version it goes back to.
type RollbackPlan struct {
	App, Target *marathon.App
	// From and To are the releases.
	From, To string
	// Stuck are the Marathon deployments still on the app (a deploy
	// interrupted and left running, or stuck): the rollback replaces
	// them.
	Stuck []string
	// Recorded is the history record Target comes from when Marathon no
	// longer stores the release (a canary's promote deleted the other
	// colour's app, and its versions with it); then Target is that
	// record's definition made the app's next version, and Target.Version
	// is empty.
	Recorded *state.Record
	// LiveSecrets are the secrets a release from its history record gets
	// with the values the live app runs: records hold none, so if the
	// release ran other values, they do not come back.
	LiveSecrets []string
	// Current: the release asked for (--to) is the one the app runs;
	// Target is the app itself and Rollback changes nothing.
	Current bool
	// toApp is the definition history kept of To when Marathon still
	// stores it: the rollback's own record keeps it too, so a later
	// rollback from history (once a canary's promote deleted the app and
	// its versions) can go back to what this one put in place.
	toApp json.RawMessage
	req   RollbackRequest
}

// Replacing says which deployments the rollback cancels ("" for none),
// for the prompt and the step line.
func (p *RollbackPlan) Replacing() string {
	if len(p.Stuck) == 0 {
		return ""
	}
	return fmt.Sprintf(", cancelling Marathon deployment %s still in progress", strings.Join(p.Stuck, ", "))
}

// PlanRollback reads the stable app and finds the version to go back to
// (FindVersion, with the releases history says deployed well). A release
// Marathon does not store comes back from the definition its history
// record kept (fromHistory, recordedTarget).
func (s *Session) PlanRollback(ctx context.Context, req RollbackRequest) (*RollbackPlan, error) {
	app, err := s.StableApp(ctx)
	if err != nil {
		return nil, err
	}
	cur := app.Label(appdef.LabelRelease)
	if req.To != "" && req.To == cur {
		// Nothing to go back to: the release asked for is the one running
		// (an older stored version of it, before a scale or a redeploy
		// of the same name, is not what the user named). As kubectl's
		// rollout undo to the current revision, the rollback changes
		// nothing.
		return &RollbackPlan{App: app, Target: app, From: cur, To: cur, Stuck: app.DeploymentIDs(), Current: true, req: req}, nil
	}
	recs, _ := s.Store.History(ctx, s.Service, 0)
	to := req.To
	if to == "" {
		// The release that served before the current one, as history
		// tells it. Marathon's stored versions of the app id also hold
		// canaries aborted under it and an earlier app of the same id.
		to = previousRelease(recs, cur)
	}
	target, err := FindVersion(ctx, s.MC, app.ID, cur, to, goodReleases(recs))
	var rec *state.Record
	var liveSecrets []string
	var nv *NoVersionError
	if errors.As(err, &nv) {
		nv.Service, nv.Realm, nv.To = s.Service, req.RealmArg, req.To
		if rec = fromHistory(recs, cur, to); rec == nil {
			return nil, nv
		}
		if target, liveSecrets, err = recordedTarget(rec, app, s.Service, req.RealmArg); err != nil {
			return nil, err
		}
	} else if err == nil {
		// A rollback changes the release, not the scale: a stored
		// version carries the instances it had then (a canary's one).
		n := app.WantedInstances()
		t := *target
		t.Instances = &n
		target = &t
	}
	if err != nil {
		return nil, err
	}
	p := &RollbackPlan{App: app, Target: target, From: cur, To: target.Label(appdef.LabelRelease), Stuck: app.DeploymentIDs(), Recorded: rec, LiveSecrets: liveSecrets, req: req}
	if rec == nil {
		p.toApp = recordedApp(recs, p.To)
	}
	return p, nil
}

// previousRelease is the release that served before current, from history
// (recs, newest first): the newest succeeded change to another release
// before the newest succeeded one to current. "" when history does not
// say (no record put current in place).
func previousRelease(recs []state.Record, current string) string {
	seen := false
	for _, r := range recs {
		if r.Outcome != state.OutcomeSucceeded || r.Release == "" {
			continue
		}
		switch {
		case r.Release == current:
			seen = true
		case seen:
			return r.Release
		}
	}
	return ""
}

// recordedApp is the newest definition history kept of release (nil when
// none did).
func recordedApp(recs []state.Record, release string) json.RawMessage {
	for _, r := range recs {
		if r.Release == release && len(r.App) > 0 && r.Outcome == state.OutcomeSucceeded {
			return r.App
		}
	}
	return nil
}

// Rollback runs a planned rollback as a Change. A Marathon deployment
// still on the app is what the user rolls back from: yodel holds the
// service's lock, so no yodel command drives it, and the rollback replaces
// it (force) instead of meeting Marathon's lock. A routed app surges: the
// old release starts beside the current one and takes the traffic before
// Marathon replaces the drained tasks (drain.Surge). A stall goes back to
// the version the rollback started from.
func (s *Session) Rollback(ctx context.Context, p *RollbackPlan) (marathon.Progress, Ending, error) {
	if p.Current {
		a := p.App
		pr := marathon.Progress{AppID: a.ID, Wanted: a.WantedInstances(), DeploymentDone: len(p.Stuck) == 0, Done: true}
		for _, t := range a.Tasks {
			if marathon.TaskRunning(t) {
				pr.Running++
			}
			if a.TaskHealthy(t) {
				pr.Healthy++
			}
		}
		return pr, Done, nil
	}
	svc, appID := s.Service, p.App.ID
	var surge *marathon.App
	if drain.Routed(ctx, s.Store, svc, appID) {
		surge = p.Target
	}
	// Both waits (to the target, and back to the app if it stalls) settle
	// when either definition lacks health checks.
	settle := p.req.Settle
	if p.Target.HasHealthChecks() && p.App.HasHealthChecks() {
		settle = 0
	}
	stuck := len(p.Stuck) > 0
	apply := func(ctx context.Context) (marathon.DeploymentRef, error) {
		// The stored version's definition with the app's instances
		// (PlanRollback), not Marathon's rollback to the version, which
		// restores the instances it had too.
		return s.MC.UpdateApp(ctx, drain.Definition(p.Target), stuck)
	}
	recordApp := p.toApp
	if len(p.LiveSecrets) > 0 {
		s.emit(Event{Kind: EventNote, Text: fmt.Sprintf("%s comes back from its history record with the values %s runs now of %s: history keeps no secret values, so if %s ran others, deploy its manifest with them instead (yodel deploy %s --realm %s --release %s --strategy rolling)",
			p.To, orDash(p.From), strings.Join(p.LiveSecrets, ", "), p.To, s.Service, p.req.RealmArg, p.To)})
	}
	if p.Recorded != nil {
		apply = func(ctx context.Context) (marathon.DeploymentRef, error) {
			return s.MC.UpdateApp(ctx, p.Target, stuck)
		}
		recordApp = p.Recorded.App
	}
	return s.Run(ctx, Change{
		AppID: appID, What: fmt.Sprintf("the rollback of %s to %s", svc, p.To),
		Action: "rollback", OldRelease: p.From, NewRelease: p.To, Step: fmt.Sprintf("rolling %s back to %s%s", appID, p.To, p.Replacing()),
		Release: p.To, Strategy: "rollback", RecordApp: recordApp,
		Apply:         apply,
		WantInstances: -1,
		// Back to the version this rollback started from; force: the
		// stalled rollback still holds the app.
		Undo: func(ctx context.Context) (marathon.DeploymentRef, error) {
			return s.MC.RollbackApp(ctx, appID, p.App.Version, true)
		},
		UndoWant: -1, UndoWhat: "release " + orDash(p.From) + " (version " + p.App.Version + ")",
		Timeout: p.req.Timeout, ProgressDeadline: p.req.ProgressDeadline, Settle: settle, RealmArg: p.req.RealmArg,
		Surge: surge,
	})
}

// goodReleases are the releases history (recs) says were deployed
// successfully; nil when history has nothing to say (then any release
// will do).
func goodReleases(recs []state.Record) map[string]bool {
	if len(recs) == 0 {
		return nil
	}
	good := map[string]bool{}
	for _, r := range recs {
		if r.Outcome == state.OutcomeSucceeded && r.Release != "" {
			good[r.Release] = true
		}
	}
	return good
}

// FindVersion returns the stored app version to roll back to: the newest
// whose release is to, or, when to is empty, the newest whose release
// differs from current and, when good is not nil, is one of them (Marathon
// also stores the versions of deploys that failed and were rolled back).
// None is a *NoVersionError.
func FindVersion(ctx context.Context, mc VersionReader, appID, current, to string, good map[string]bool) (*marathon.App, error) {
	versions, err := mc.AppVersions(ctx, appID)
	if err != nil {
		return nil, err
	}
	seen := []string{}
	for i, v := range versions {
		if i == 0 || i > maxLookups {
			continue // the current version; then the lookup cap
		}
		a, err := mc.AppVersion(ctx, appID, v)
		if err != nil {
			return nil, err
		}
		rel := a.Label(appdef.LabelRelease)
		if (to == "" && rel != current && rel != "" && (good == nil || good[rel])) || (to != "" && rel == to) {
			return a, nil
		}
		if rel != "" && (len(seen) == 0 || seen[len(seen)-1] != rel) {
			seen = append(seen, rel)
		}
	}
	return nil, &NoVersionError{AppID: appID, Current: current, To: to, Seen: seen}
}

// NoVersionError: no stored version of the app, nor a history record
// with a definition, has the release asked for (To; KindInvalid), or none
// earlier than Current (KindFailed).
type NoVersionError struct {
	AppID, Current, To string
	// Service and Realm (as the caller named it) are set by PlanRollback.
	Service, Realm string
	// Seen are the releases found, newest first.
	Seen []string
}

func (e *NoVersionError) Error() string {
	if e.To != "" {
		return fmt.Sprintf("release %s is not among %s's stored versions (releases found: %v) nor in its history with a definition", e.To, e.AppID, e.Seen)
	}
	return fmt.Sprintf("no earlier release of %s than %s is stored in Marathon, nor in history with a definition", e.AppID, e.Current)
}

// Kind implements the engine's error kinds.
func (e *NoVersionError) Kind() Kind {
	if e.To != "" {
		return KindInvalid
	}
	return KindFailed
}
