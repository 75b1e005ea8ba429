// Package shared is the CLI's presentation of a canary rollout the engine
// (pkg/deploy) drives, shared by `yodel deploy` and `yodel canary
// promote|abort|resume`: the live view, the JUnit report and the result.
// The rules are the engine's.
package shared

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// DriveOptions say how to run a rollout from a command.
type DriveOptions struct {
	Output cmdutil.OutputFormat
	// Quiet prints nothing on stdout.
	Quiet bool
	// JUnit, when set, is the file the steps and checks are written to
	// (whatever the outcome).
	JUnit            string
	ProgressDeadline time.Duration
	Settle           time.Duration
	// Poll overrides the control poll (tests).
	Poll time.Duration
	// LookupEnv resolves env: secrets when a resume rebuilds the canary
	// app (default os.LookupEnv).
	LookupEnv func(string) (string, bool)
}

// Run is the engine's call that drives a rollout (Session.DeployCanary,
// Continue, FinishInstead) with the request Drive made.
type Run func(context.Context, engine.DriveRequest) (*canary.Rollout, error)

// Drive runs run with s (the engine's session of the service) and the
// CLI's presentation of the rollout: the live view on stderr takes its
// events, the lb agents are read with the realm's token, the JUnit report
// is written, and the result printed on stdout (the whole record with -o
// json). Hints address the realm as the user named it.
func Drive(ctx context.Context, s *svcutil.Session, o DriveOptions, run Run) (*canary.Rollout, error) {
	ios := s.Deps.IO
	lookupEnv := o.LookupEnv
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	// Agents off loopback require their token for the counters; without
	// it every read was refused and the canary sat at partial, unjudged.
	agents, err := svcutil.AgentClient(s.Realm, lookupEnv)
	if err != nil {
		return nil, err
	}
	view := ui.NewRolloutView(ios, s.Deps.Now)
	view.RealmArg = s.Realm.Arg()
	r, err := run(ctx, engine.DriveRequest{Agents: agents, LookupEnv: o.LookupEnv,
		ProgressDeadline: o.ProgressDeadline, Settle: o.Settle, Poll: o.Poll, Report: view.Event, RealmArg: s.Realm.Arg()})
	view.Close()
	if o.JUnit != "" && r != nil {
		if jerr := canary.WriteJUnitFile(o.JUnit, r, s.Deps.Now()); jerr != nil {
			fmt.Fprintf(ios.ErrOut, "warning: %v\n", jerr)
		}
	}
	if r != nil && !o.Quiet {
		if o.Output.IsJSON() {
			if werr := cmdutil.WriteJSON(ios.Out, r); werr != nil && err == nil {
				err = werr
			}
		} else if err == nil && r.Step == canary.StepKept {
			fmt.Fprintf(ios.Out, "%s %s serves all traffic in %s (%s); %s keeps %s at weight 0 until %s: `yodel rollback %s --realm %s` flips back at once; %s\n",
				r.Service, r.Canary.Release, s.Realm.Realm, r.Canary.App, r.Stable.App, orDash(r.Stable.Release), r.KeptUntil.Local().Format("15:04:05 MST"),
				r.Service, s.Realm.Arg(), windowEnd(s))
		} else if err == nil {
			fmt.Fprintf(ios.Out, "%s %s is stable in %s (%s); %s was removed\n", r.Service, r.Canary.Release, s.Realm.Realm, r.Canary.App, r.Stable.App)
		}
	}
	return r, cmdutil.RealmAsNamed(err, s.Realm.Realm, s.Realm.Arg())
}

// TakeOver drives the recorded rollout from this process when nobody else
// does (the engine's Session.Continue), presented as Drive does. driven is
// false when another live process drives it and carries on.
func TakeOver(ctx context.Context, s *svcutil.Session, o DriveOptions) (driven bool, r *canary.Rollout, err error) {
	r, err = Drive(ctx, s, o, func(ctx context.Context, req engine.DriveRequest) (*canary.Rollout, error) {
		var r *canary.Rollout
		var err error
		driven, r, err = s.Continue(ctx, req)
		return r, err
	})
	return driven, r, err
}

// windowEnd says who removes the previous release when a rollback window
// ends (pkg/deploy, window.go).
func windowEnd(s *svcutil.Session) string {
	if s.Realm.Server.URL != "" {
		return "then the realm's server removes it"
	}
	return "after that the next change of the service, or `yodel canary resume`, removes it (the realm has no server)"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
