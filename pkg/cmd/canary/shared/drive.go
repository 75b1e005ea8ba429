package shared

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/drain"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
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
}

// Drive runs the service's rollout with s (which holds the lock): start is
// a new rollout to begin, nil to continue the recorded one. It shows the
// live view on stderr, writes the JUnit report, and prints the result on
// stdout (the whole record with -o json).
func Drive(ctx context.Context, s *svcutil.Session, o DriveOptions, start *canary.Rollout) (*canary.Rollout, error) {
	ios := s.Deps.IO
	rt, _, err := s.Store.GetRouting(ctx, s.Service)
	if err != nil {
		return nil, fmt.Errorf("routing state of %s: %w", s.Service, err)
	}
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
	view := NewView(ios, s.Deps.Now)
	d := &canary.Driver{
		Store: s.Store, Marathon: s.MC, Stats: canary.AgentStats{Store: s.Store, Client: agents},
		Lock: s.Lock, App: o.App, BuildApp: rebuildApp(s.Realm, o.LookupEnv), Target: SmokeTarget(ctx, s.Store, s.Realm, rt), Dir: o.Dir,
		Report: view.Event, Now: s.Deps.Now, Poll: o.Poll,
		ProgressDeadline: o.ProgressDeadline, Settle: o.Settle,
		Drain: &drain.Drainer{Store: s.Store, Client: agents},
	}
	var r *canary.Rollout
	if start != nil {
		start.Realm = s.Realm.Realm
		start.Driver = &s.Holder
		r, err = d.Start(ctx, start)
	} else {
		// A finished record (the previous driver ended it meanwhile) is not
		// an error here: Drive reports how it ended.
		var none *canary.NoRolloutError
		if uerr := canary.SetDriver(ctx, s.Store, s.Service, &s.Holder); uerr != nil && !errors.As(uerr, &none) {
			return nil, uerr
		}
		r, err = d.Drive(ctx, s.Service)
	}
	view.Close()
	if r != nil && r.Driver != nil && !r.Active() {
		r.Driver = nil
	}
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
	return r, err
}

// rebuildApp builds a resumed rollout's canary app again from the manifest
// the deploy recorded: the same file (by sha256), release, instances and
// labels, with secrets resolved again on this machine (they are never
// stored). A manifest that is gone or changed cannot be trusted to be
// what was deployed: the rollout rolls back, saying what to run instead.
func rebuildApp(rl *realm.Realm, lookupEnv func(string) (string, bool)) func(context.Context, *canary.Rollout) (*marathon.App, error) {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	return func(_ context.Context, r *canary.Rollout) (*marathon.App, error) {
		src := r.Source
		data, err := os.ReadFile(src.Manifest)
		if err != nil {
			return nil, fmt.Errorf("%w: its manifest %s cannot be read on this machine (%v)", canary.ErrCannotRebuild, src.Manifest, err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != src.SHA {
			return nil, fmt.Errorf("%w: its manifest %s changed since the deploy (sha256 %.12s, now %.12s)", canary.ErrCannotRebuild, src.Manifest, src.SHA, hex.EncodeToString(sum[:]))
		}
		m, err := manifest.Parse(src.Manifest, data)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", canary.ErrCannotRebuild, err)
		}
		if err := rl.CheckManifest(m); err != nil {
			return nil, fmt.Errorf("%w: %v", canary.ErrCannotRebuild, err)
		}
		gm, err := appdef.Build(m, appdef.Options{AppID: r.Canary.App, Release: r.Canary.Release, Realm: rl.Realm,
			Instances: r.Canary.Instances, Labels: src.Labels, Secrets: rl.ManifestSecrets(m.Dir(), lookupEnv)})
		if err != nil {
			// A secret missing here: fixable on this machine, so the
			// rollout stays at starting (no canary app, no traffic).
			return nil, cmdutil.WithExit(cmdutil.ExitInvalid, fmt.Errorf("rebuilding the canary app %s from %s: %w", r.Canary.App, src.Manifest, err),
				fmt.Sprintf("make the secret available here and run `yodel canary resume %[1]s --realm %[2]s` again, or `yodel canary abort %[1]s --realm %[2]s`", r.Service, rl.Realm))
		}
		return &marathon.App{Application: *gm}, nil
	}
}

// SmokeTarget is where the deploying machine reaches the isolated canary:
// through the LB at the realm's bind address (or the first agent's host when
// HAProxy binds every address), on the first service port with the canary
// header (HTTP), or on the isolated port (TCP).
func SmokeTarget(ctx context.Context, st state.Store, rl *realm.Realm, rt state.Routing) canary.Target {
	host := rl.HAProxy.BindAddress
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
		if agents, err := st.ListAgents(ctx); err == nil && len(agents) > 0 && agents[0].Host != "" {
			host = agents[0].Host
		}
	}
	t := canary.Target{}
	if len(rt.Ports) == 0 {
		return t
	}
	p := rt.Ports[0]
	if iso := p.Isolated(rl.HAProxy.IsolatedPortOffset); iso > 0 {
		t.URL = "http://" + net.JoinHostPort(host, strconv.Itoa(iso))
		return t
	}
	t.URL = "http://" + net.JoinHostPort(host, strconv.Itoa(p.ServicePort))
	t.HeaderName, t.HeaderValue = rl.HAProxy.CanaryHeader.Name, rl.HAProxy.CanaryHeader.Value
	return t
}

// TakeOver drives the rollout from this process when nobody else does: it
// tries the service's lock, and when it gets it (the deploying CLI died, or
// was stopped), runs the rollout to its end. When another live process
// holds the lock, it returns driven=false and that process carries on.
func TakeOver(ctx context.Context, s *svcutil.Session, o DriveOptions) (driven bool, r *canary.Rollout, err error) {
	lock, err := s.Store.Lock(ctx, s.Service, s.Holder)
	if err != nil {
		var le *state.LockedError
		if errors.As(err, &le) {
			return false, nil, nil
		}
		return false, nil, err
	}
	s.Lock = lock
	if n := state.TakeoverNotice(lock); n != "" {
		fmt.Fprintf(s.Deps.IO.ErrOut, "warning: %s\n", n)
	}
	r, err = Drive(ctx, s, o, nil)
	return true, r, err
}
