package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// DefaultSettle is how long the new tasks of an app without health checks
// must stay up before a change counts as done (deploy --settle's default).
const DefaultSettle = 3 * time.Second

// Change is one change of a service's app that is waited for like a deploy
// and undone when it stalls: Marathon never gives up on a deployment by
// itself, so a scale whose new tasks keep failing would otherwise hang (and
// burn the cluster) until the timeout. Scale and rollback are Changes.
type Change struct {
	AppID string
	// What names the change in messages ("scaling web to 5").
	What string
	// Action, OldRelease and NewRelease head the live account (EventBegin);
	// Step is its first step line.
	Action, OldRelease, NewRelease, Step string
	// Release and Strategy go into the history record, and RecordApp
	// (state.Record.App: secrets masked) when the change puts a definition
	// in place that Marathon may not keep. Reason, when set, is its
	// message (with the failure's, when it fails): why the change was
	// made, for a change nobody typed (the autoscaler's).
	Release, Strategy, Reason string
	RecordApp                 json.RawMessage
	// Apply makes the change; WantInstances is what the wait counts as done
	// (negative: the app's instances setting).
	Apply         func(context.Context) (marathon.DeploymentRef, error)
	WantInstances int
	// Undo puts the app back as it was before Apply; UndoWant is its
	// WantInstances and UndoWhat names the state it returns to ("3
	// instances", "release v2").
	Undo     func(context.Context) (marathon.DeploymentRef, error)
	UndoWant int
	UndoWhat string

	Timeout, ProgressDeadline time.Duration
	// Settle is how long the new tasks must stay up before a wait counts
	// as done; set it for an app without health checks (see
	// marathon.WaitSpec.Settle), or a task that crashes a moment after
	// starting (a slow machine: later still) passes.
	Settle time.Duration
	// RealmArg is the realm as the caller named it, for the errors' data.
	RealmArg string

	// Surge, when set, is the definition Apply gives the app: the change
	// then goes through drain.Surge (the new definition healthy beside the
	// app, the traffic moved and the app drained before Apply, the traffic
	// back after), so that Marathon kills no task with traffic.
	Surge *marathon.App
}

// Run records the change in history, applies it and waits, reporting
// events. A stall is undone (c.Undo, waited for) and ends in a
// KindRolledBack error with the reason; a timeout or Ctrl-C leave the
// change running (see Settle). The progress is the last one seen.
func (s *Session) Run(ctx context.Context, c Change) (marathon.Progress, Ending, error) {
	s.BeginApp(ctx, c.Release, c.Strategy, c.RecordApp)
	s.reason = c.Reason
	s.emit(Event{Kind: EventBegin, Action: c.Action, OldRelease: c.OldRelease, NewRelease: c.NewRelease})
	defer s.emit(Event{Kind: EventEnd})
	var surge *drain.Surge
	if c.Surge != nil {
		surge = drain.NewSurge(s.Drainer(), s.MC, s.Service, c.AppID)
		if p, ending, err := s.surgeUp(ctx, c, surge); ending != Done {
			return p, ending, err
		}
	}
	since := s.Now()
	s.step(c.Step)
	ref, err := c.Apply(ctx)
	if err != nil {
		s.End(state.OutcomeFailed, err.Error())
		return marathon.Progress{}, Failed, err
	}
	spec := marathon.WaitSpec{AppID: c.AppID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: c.WantInstances,
		ProgressDeadline: c.ProgressDeadline, Since: since, Settle: c.Settle}
	out, ending, werr := s.Wait(ctx, spec, c.Timeout, true)
	switch {
	case surge == nil:
	case ending == Done:
		if err := surge.Back(ctx); err != nil {
			ending, werr = Failed, err
		}
	case ending != Stalled || c.Undo == nil:
		// Left running (timeout, Ctrl-C): the traffic goes back to the
		// app all the same, so that no surge app stays on the canary route.
		bctx, cancel := Background(2 * time.Minute)
		if err := surge.Back(bctx); err != nil {
			s.warn("moving the traffic back to %s and removing %s: %v", c.AppID, surge.TempID, err)
		}
		cancel()
	}
	if ending != Stalled || c.Undo == nil {
		s.emit(Event{Kind: EventEnd})
		return out.Progress, ending, withFailedTask(s.Settle(c.What, out.Progress, ending, werr, c.RealmArg), out.Progress)
	}
	reason := StallReason(werr)
	s.step("rolling back to " + c.UndoWhat + ": " + reason)
	ref, err = c.Undo(ctx)
	if err != nil {
		msg := fmt.Sprintf("%s stalled (%s); rolling back to %s failed too: %v", c.What, reason, c.UndoWhat, err)
		s.End(state.OutcomeFailed, msg)
		return out.Progress, Failed, withFailedTask(s.changeErr(KindFailed, c, msg), out.Progress)
	}
	spec = marathon.WaitSpec{AppID: c.AppID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: c.UndoWant,
		ProgressDeadline: c.ProgressDeadline, Since: s.Now(), Settle: c.Settle}
	back, bending, berr := s.Wait(ctx, spec, c.Timeout, false)
	if bending == Done && surge != nil {
		if err := surge.Back(ctx); err != nil {
			bending, berr = Failed, err
		}
	}
	s.emit(Event{Kind: EventEnd})
	if bending != Done {
		msg := fmt.Sprintf("%s stalled (%s); the rollback to %s did not finish (%s: %v): %s", c.What, reason, c.UndoWhat, bending, berr, Describe(back.Progress))
		s.End(state.OutcomeFailed, msg)
		return back.Progress, Failed, withFailedTask(s.changeErr(KindFailed, c, msg), out.Progress)
	}
	s.End(state.OutcomeRolledBack, reason)
	return back.Progress, RolledBack, withFailedTask(s.changeErr(KindRolledBack, c,
		fmt.Sprintf("%s stalled and was rolled back to %s: %s", c.What, c.UndoWhat, reason)), out.Progress)
}

func (s *Session) changeErr(k Kind, c Change, msg string) error {
	return &ChangeError{K: k, Service: s.Service, Realm: c.RealmArg, Msg: msg}
}

// surgeUp starts the surge app of c and routes to it (Done), or ends the
// change: a surge app that does not become healthy is removed, and the
// change ends as its wait did (a stall is KindRolledBack: nothing else was
// touched).
func (s *Session) surgeUp(ctx context.Context, c Change, surge *drain.Surge) (marathon.Progress, Ending, error) {
	since := s.Now()
	ref, err := surge.Start(ctx, c.Surge)
	if err != nil {
		s.End(state.OutcomeFailed, err.Error())
		return marathon.Progress{}, Failed, err
	}
	spec := marathon.WaitSpec{AppID: surge.TempID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: c.ProgressDeadline, Since: since, Settle: c.Settle}
	out, ending, werr := s.Wait(ctx, spec, c.Timeout, true)
	if ending == Done {
		if err := surge.Route(ctx); err != nil {
			rctx, cancel := Background(2 * time.Minute)
			defer cancel()
			if berr := surge.Back(rctx); berr != nil {
				err = fmt.Errorf("%w; putting the routing back failed too: %v", err, berr)
			}
			s.End(state.OutcomeFailed, err.Error())
			return out.Progress, Failed, err
		}
		return out.Progress, Done, nil
	}
	rctx, cancel := Background(30 * time.Second)
	defer cancel()
	removed := true
	if err := surge.Remove(rctx); err != nil {
		s.warn("%v", err)
		removed = false
	}
	s.emit(Event{Kind: EventEnd})
	if removed && (ending == Interrupted || ending == TimedOut) {
		// Nothing of the change is left: Settle's "left running" would
		// send the user to follow what is gone.
		how, k, outcome := "interrupted", KindInterrupted, state.OutcomeAborted
		if ending == TimedOut {
			how, k, outcome = "timed out", KindTimedOut, state.OutcomeFailed
		}
		msg := fmt.Sprintf("%s: %s stopped before it changed %s: %s, started beside it, is removed, and %s runs as before",
			how, c.What, c.AppID, surge.TempID, c.AppID)
		s.End(outcome, msg)
		return out.Progress, ending, withFailedTask(&ChangeError{K: k, Service: s.Service, Realm: c.RealmArg, Msg: msg, Left: LeftNothing}, out.Progress)
	}
	if ending == Stalled {
		reason := StallReason(werr)
		s.End(state.OutcomeRolledBack, reason)
		return out.Progress, RolledBack, withFailedTask(s.changeErr(KindRolledBack, c,
			fmt.Sprintf("%s stalled and was rolled back (%s removed; %s untouched): %s", c.What, surge.TempID, c.AppID, reason)), out.Progress)
	}
	return out.Progress, ending, withFailedTask(s.Settle(c.What+" (starting "+surge.TempID+", now removed)", out.Progress, ending, werr, c.RealmArg), out.Progress)
}

// StallReason is a stall's reason with the failing task's last message.
func StallReason(err error) string {
	var se *marathon.StallError
	if !errors.As(err, &se) {
		return fmt.Sprint(err)
	}
	return se.Why()
}

// StableApp reads the service's stable app from Marathon. A service that
// was never deployed is a *NotDeployedError.
func (s *Session) StableApp(ctx context.Context) (*marathon.App, error) {
	appID, _, _, err := StableAppID(ctx, s.Store, s.Service)
	if err != nil {
		return nil, err
	}
	app, err := s.MC.App(ctx, appID)
	if marathon.IsNotFound(err) {
		return nil, &NotDeployedError{Service: s.Service, App: appID, Realm: s.Realm.Realm}
	}
	if err != nil {
		return nil, err
	}
	return app, nil
}

// NotDeployedError: the service has no stable app to change.
type NotDeployedError struct {
	Service, App, Realm string
}

func (e *NotDeployedError) Error() string {
	return fmt.Sprintf("%s has no app %s in realm %s", e.Service, e.App, e.Realm)
}

// Kind implements the engine's error kinds.
func (e *NotDeployedError) Kind() Kind { return KindFailed }
