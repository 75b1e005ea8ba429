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
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/ui"
)

// DriveOptions say how to run a rollout from a command.
type DriveOptions struct {
	Output cmdutil.OutputFormat
	// Quiet prints nothing on stdout.
	Quiet bool
	// JUnit, when set, is the file the steps and checks are written to
	// (whatever the outcome).
	JUnit string
	// App is the canary app definition (deploy); nil when resuming.
	App *marathon.App
	// Dir is where isolated.command runs.
	Dir              string
	ProgressDeadline time.Duration
	Settle           time.Duration
	// Poll overrides the control poll (tests).
	Poll time.Duration
	// LookupEnv resolves env: secrets when a resume rebuilds the canary
	// app (default os.LookupEnv).
	LookupEnv func(string) (string, bool)
	// RealmArg is the realm as the user named it (--realm), for the
	// commands the messages suggest.
	RealmArg string
}

// Drive runs the service's rollout with s (which holds the lock): start is
// a new rollout to begin, nil to continue the recorded one. It shows the
// live view on stderr, writes the JUnit report, and prints the result on
// stdout (the whole record with -o json).
func Drive(ctx context.Context, s *svcutil.Session, o DriveOptions, start *canary.Rollout) (*canary.Rollout, error) {
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
	r, err := s.DriveRollout(ctx, engine.DriveRequest{App: o.App, Dir: o.Dir, Agents: agents, LookupEnv: o.LookupEnv,
		ProgressDeadline: o.ProgressDeadline, Settle: o.Settle, Poll: o.Poll, Report: view.Event, RealmArg: o.RealmArg}, start)
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
		} else if err == nil {
			fmt.Fprintf(ios.Out, "%s %s is stable in %s (%s); %s was removed\n", r.Service, r.Canary.Release, s.Realm.Realm, r.Canary.App, r.Stable.App)
		}
	}
	return r, cmdutil.RealmAsNamed(err, s.Realm.Realm, o.RealmArg)
}

// TakeOver drives the rollout from this process when nobody else does: it
// tries the service's lock, and when it gets it (the deploying CLI died, or
// was stopped), runs the rollout to its end. When another live process
// holds the lock, it returns driven=false and that process carries on.
func TakeOver(ctx context.Context, s *svcutil.Session, o DriveOptions) (driven bool, r *canary.Rollout, err error) {
	if ok, err := s.TryLock(ctx); !ok || err != nil {
		return false, nil, err
	}
	r, err = Drive(ctx, s, o, nil)
	return true, r, err
}
