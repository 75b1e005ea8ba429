package svcutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// OpenService resolves the service (SVC, or -f's manifest) and opens the
// realm with the service's deployment lock, the engine's guard passed for
// op before and after taking it (deploy.Guard): the start of every command
// that changes one service's live apps without a manifest (scale, rollback,
// destroy).
func OpenService(ctx context.Context, c *Common, d Deps, args []string, op engine.Op) (*Session, error) {
	svc, err := c.ServiceName()
	if err != nil {
		return nil, err
	}
	s, err := Open(ctx, d, c.Realm, svc, args, false)
	if err != nil {
		return nil, err
	}
	if err := s.guardAndLock(ctx, op); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// guardAndLock runs the guard, takes the lock, and runs the guard again:
// a rollout may have begun while this command waited for the lock.
func (s *Session) guardAndLock(ctx context.Context, op engine.Op) error {
	if _, err := engine.Guard(ctx, s.Store, s.Service, op); err != nil {
		return err
	}
	lock, err := s.Store.Lock(ctx, s.Service, s.Holder)
	if err != nil {
		return err
	}
	s.Lock = lock
	if n := state.TakeoverNotice(lock); n != "" {
		fmt.Fprintf(s.Deps.IO.ErrOut, "warning: %s\n", n)
	}
	s.Rollout, err = engine.Guard(ctx, s.Store, s.Service, op)
	return err
}

// StableApp reads the service's stable app from Marathon. A service that was
// never deployed is an error (exit 1) that says to deploy it first; realmArg
// is the --realm as typed, for that hint.
func (s *Session) StableApp(ctx context.Context, realmArg string) (*marathon.App, error) {
	appID, _, _, err := StableApp(ctx, s.Store, s.Service)
	if err != nil {
		return nil, err
	}
	app, err := s.MC.App(ctx, appID)
	if marathon.IsNotFound(err) {
		return nil, cmdutil.WithExit(cmdutil.ExitFailure, fmt.Errorf("%s has no app %s in realm %s", s.Service, appID, s.Realm.Realm),
			fmt.Sprintf("deploy it first: yodel deploy %s --realm %s", s.Service, realmArg))
	}
	if err != nil {
		return nil, err
	}
	return app, nil
}

// DefaultSettle is how long the new tasks of an app without health checks
// must stay up before a change counts as done (deploy --settle's default).
const DefaultSettle = 3 * time.Second

// Change is one change of a service's app that is waited for like a deploy
// and undone when it stalls: Marathon never gives up on a deployment by
// itself, so a scale whose new tasks keep failing would otherwise hang (and
// burn the cluster) until --timeout.
type Change struct {
	AppID string
	// What names the change in messages ("scaling web to 5").
	What string
	// Action, OldRelease and NewRelease head the live view; Step is its
	// first step line.
	Action, OldRelease, NewRelease, Step string
	// Release and Strategy go into the history record.
	Release, Strategy string
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
	// RealmArg is --realm as typed, for the commands the hints suggest.
	RealmArg string

	// Surge, when set, is the definition Apply gives the app: the change
	// then goes through drain.Surge (the new definition healthy beside the
	// app, the traffic moved and the app drained before Apply, the traffic
	// back after), so that Marathon kills no task with traffic.
	Surge *marathon.App
}

// Run records the change in history, applies it with a live view and waits.
// A stall is undone (c.Undo, waited for) and exits 3 with the reason; a
// timeout exits 4 and Ctrl-C 130, both leaving the change running (see
// Settle). The progress is the last one seen, for -o json.
func (s *Session) Run(ctx context.Context, c Change) (marathon.Progress, Ending, error) {
	s.Begin(ctx, c.Release, c.Strategy)
	view := s.View(c.Action, c.OldRelease, c.NewRelease)
	defer view.Close()
	var surge *drain.Surge
	if c.Surge != nil {
		surge = s.Surge(view, c.AppID)
		if p, ending, err := s.surgeUp(ctx, c, surge, view); ending != Done {
			return p, ending, err
		}
	}
	since := s.Deps.Now()
	view.Step(c.Step)
	ref, err := c.Apply(ctx)
	if err != nil {
		s.End(state.OutcomeFailed, err.Error())
		return marathon.Progress{}, Failed, err
	}
	spec := marathon.WaitSpec{AppID: c.AppID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: c.WantInstances,
		ProgressDeadline: c.ProgressDeadline, Since: since, Settle: c.Settle}
	out, ending, werr := Wait(ctx, s.MC, spec, c.Timeout, view, s.Lost())
	switch {
	case surge == nil:
	case ending == Done:
		if err := surge.Back(ctx); err != nil {
			ending, werr = Failed, err
		}
	case ending != Stalled || c.Undo == nil:
		// Left running (--timeout, Ctrl-C): the traffic goes back to the
		// app all the same, so that no surge app stays on the canary route.
		bctx, cancel := Background(2 * time.Minute)
		if err := surge.Back(bctx); err != nil {
			fmt.Fprintf(s.Deps.IO.ErrOut, "warning: moving the traffic back to %s and removing %s: %v\n", c.AppID, surge.TempID, err)
		}
		cancel()
	}
	if ending != Stalled || c.Undo == nil {
		view.Close()
		return out.Progress, ending, s.Settle(c.What, out.Progress, ending, werr, c.RealmArg)
	}
	reason := StallReason(werr)
	view.Step("rolling back to " + c.UndoWhat + ": " + reason)
	ref, err = c.Undo(ctx)
	if err != nil {
		msg := fmt.Sprintf("%s stalled (%s); rolling back to %s failed too: %v", c.What, reason, c.UndoWhat, err)
		s.End(state.OutcomeFailed, msg)
		return out.Progress, Failed, cmdutil.WithExit(cmdutil.ExitFailure, errors.New(msg), s.follow(c.RealmArg))
	}
	spec = marathon.WaitSpec{AppID: c.AppID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: c.UndoWant,
		ProgressDeadline: c.ProgressDeadline, Since: s.Deps.Now(), Settle: c.Settle}
	back, bending, berr := Wait(ctx, s.MC, spec, c.Timeout, view, nil)
	if bending == Done && surge != nil {
		if err := surge.Back(ctx); err != nil {
			bending, berr = Failed, err
		}
	}
	view.Close()
	if bending != Done {
		msg := fmt.Sprintf("%s stalled (%s); the rollback to %s did not finish (%s: %v): %s", c.What, reason, c.UndoWhat, bending, berr, Describe(back.Progress))
		s.End(state.OutcomeFailed, msg)
		return back.Progress, Failed, cmdutil.WithExit(cmdutil.ExitFailure, errors.New(msg), s.follow(c.RealmArg))
	}
	s.End(state.OutcomeRolledBack, reason)
	return back.Progress, RolledBack, cmdutil.WithExit(cmdutil.ExitRolledBack,
		fmt.Errorf("%s stalled and was rolled back to %s: %s", c.What, c.UndoWhat, reason),
		fmt.Sprintf("see what happened: yodel status %s --realm %s (task logs are in Marathon/Mesos)", s.Service, c.RealmArg))
}

// surgeUp starts the surge app of c and routes to it (Done), or ends the
// change: a surge app that does not become healthy is removed, and the
// change ends as its wait did (a stall exits 3: nothing else was touched).
func (s *Session) surgeUp(ctx context.Context, c Change, surge *drain.Surge, view *ui.Progress) (marathon.Progress, Ending, error) {
	since := s.Deps.Now()
	ref, err := surge.Start(ctx, c.Surge)
	if err != nil {
		s.End(state.OutcomeFailed, err.Error())
		return marathon.Progress{}, Failed, err
	}
	spec := marathon.WaitSpec{AppID: surge.TempID, DeploymentID: ref.ID, Version: ref.Version, WantInstances: -1,
		ProgressDeadline: c.ProgressDeadline, Since: since, Settle: c.Settle}
	out, ending, werr := Wait(ctx, s.MC, spec, c.Timeout, view, s.Lost())
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
	if err := surge.Remove(rctx); err != nil {
		fmt.Fprintf(s.Deps.IO.ErrOut, "warning: %v\n", err)
	}
	view.Close()
	if ending == Stalled {
		reason := StallReason(werr)
		s.End(state.OutcomeRolledBack, reason)
		return out.Progress, RolledBack, cmdutil.WithExit(cmdutil.ExitRolledBack,
			fmt.Errorf("%s stalled and was rolled back (%s removed; %s untouched): %s", c.What, surge.TempID, c.AppID, reason),
			fmt.Sprintf("see what happened: yodel status %s --realm %s (task logs are in Marathon/Mesos)", s.Service, c.RealmArg))
	}
	return out.Progress, ending, s.Settle(c.What+" (starting "+surge.TempID+", now removed)", out.Progress, ending, werr, c.RealmArg)
}

// StallReason is a stall's reason with the failing task's last message.
func StallReason(err error) string {
	var se *marathon.StallError
	if !errors.As(err, &se) {
		return fmt.Sprint(err)
	}
	return se.Why()
}

func (s *Session) follow(realmArg string) string {
	return fmt.Sprintf("follow it: yodel status %s --realm %s --watch", s.Service, realmArg)
}

// Report ends a command that prints a result: with -o json the result is
// printed whatever the outcome (a script reads it either way); otherwise
// text writes the success line, and nothing is printed on error (the error
// says it).
func Report(w io.Writer, output cmdutil.OutputFormat, res any, err error, text func(io.Writer)) error {
	if output.IsJSON() {
		if werr := cmdutil.WriteJSON(w, res); werr != nil && err == nil {
			err = werr
		}
		return err
	}
	if err == nil {
		text(w)
	}
	return err
}

// Bind does what the RunE of every command that changes one service does
// before running: SVC (args) and --realm checked, dependencies taken from f,
// and the command line (after "yodel") kept for the lock and history. verb
// is for messages ("roll back").
func (c *Common) Bind(cmd *cobra.Command, f *cmdutil.Factory, args []string, verb string, deps *Deps, cmdline *[]string) error {
	if err := c.Args(args, verb); err != nil {
		return err
	}
	*deps = DepsFrom(f)
	*cmdline = CommandArgs(cmd, args)
	return nil
}
