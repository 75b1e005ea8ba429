package shared

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	engine "github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// DeployInput is what `yodel deploy` has at hand when it takes the canary
// path: the service's lock is held and its stable app is live.
type DeployInput struct {
	IO       *iostreams.IOStreams
	Now      func() time.Time
	Manifest *manifest.Manifest
	Realm    *realm.Realm
	Release  string
	Marathon *marathon.Client
	Store    state.Store
	Lock     state.Lock
	Holder   state.Holder
	// Stable is the live stable app.
	Stable *marathon.App
	// Secrets resolves the manifest's secrets for the canary app.
	Secrets *manifest.SecretSource
	// Labels are added to the canary app (who deployed, from where).
	Labels map[string]string

	SkipIsolated, SkipPartial bool
	Output                    cmdutil.OutputFormat
	// Quiet prints nothing on stdout (the caller prints its own result).
	Quiet                    bool
	JUnit                    string
	ProgressDeadline, Settle time.Duration
}

// OtherColour is the app id of the canary beside stable (appdef.OtherColour).
func OtherColour(svc, stable string) string { return appdef.OtherColour(svc, stable) }

// Deploy rolls the new release out as a canary beside the stable app and
// drives it to its end: exit 0 when the new release is stable, 3 when it
// was rolled back (with the failed check and its figures).
func Deploy(ctx context.Context, in DeployInput) (*canary.Rollout, error) {
	m, rl := in.Manifest, in.Realm
	svc := m.Service
	now := in.Now
	if now == nil {
		now = time.Now
	}
	rt, ver, err := in.Store.GetRouting(ctx, svc)
	ports := engine.RoutingPorts(m, rl)
	switch {
	case err == nil && len(rt.Ports) > 0 && !slices.Equal(rt.Ports, ports):
		return nil, cmdutil.WithExit(cmdutil.ExitInvalid,
			fmt.Errorf("%s's ports changed (%v -> %v): a canary shares the stable release's ports", svc, portList(rt.Ports), portList(ports)),
			"deploy this change with --strategy rolling")
	case err == nil && rt.Stable != "" && rt.Stable != in.Stable.ID:
		return nil, fmt.Errorf("the routing state says %s's stable app is %s, but yodel found %s live", svc, rt.Stable, in.Stable.ID)
	case err == nil && rt.Stable == "":
		rt.Stable, rt.Ports = in.Stable.ID, ports
		if _, err := in.Store.PutRouting(ctx, rt, ver); err != nil {
			return nil, err
		}
	case err != nil && isNotFound(err):
		// A stable app deployed before yodel kept routing state.
		rt = state.Routing{Service: svc, Stable: in.Stable.ID, Ports: ports}
		if _, err := in.Store.PutRouting(ctx, rt, state.NoVersion); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	}

	plan := canary.Settings(m, rl)
	canaryID := OtherColour(svc, in.Stable.ID)
	gm, err := appdef.Build(m, appdef.Options{AppID: canaryID, Release: in.Release, Realm: rl.Realm,
		Instances: plan.Instances, Labels: in.Labels, Secrets: in.Secrets})
	if err != nil {
		return nil, cmdutil.InvalidInput(err)
	}
	app := &marathon.App{Application: *gm}
	r := canary.NewRollout(svc,
		canary.Track{App: in.Stable.ID, Release: in.Stable.Label(appdef.LabelRelease), Instances: in.Stable.WantedInstances()},
		canary.Track{App: canaryID, Release: in.Release, Instances: plan.Instances}, plan, now())
	r.SkipIsolated, r.SkipPartial = in.SkipIsolated, in.SkipPartial
	r.User, r.Host, r.Command = in.Holder.User, in.Holder.Host, in.Holder.Command
	if abs, err := filepath.Abs(m.File); err == nil {
		r.Source = &canary.Source{Manifest: abs, SHA: m.SHA, Labels: in.Labels}
	}

	s := &svcutil.Session{Deps: svcutil.Deps{IO: in.IO, Now: now}, Session: &engine.Session{Service: svc, Realm: rl, MC: in.Marathon,
		Store: in.Store, Lock: in.Lock, Holder: in.Holder, Now: now}}
	r, err = Drive(ctx, s, DriveOptions{Output: in.Output, Quiet: in.Quiet, JUnit: in.JUnit, App: app, Dir: m.Dir(),
		ProgressDeadline: in.ProgressDeadline, Settle: in.Settle}, r)
	// A 422 for the canary app: the rollout was rolled back (nothing was
	// created); point at the manifest's lines like the rolling path.
	return r, appdef.MapInvalid(err, m, rl.Realm)
}

func isNotFound(err error) bool { return errors.Is(err, state.ErrNotFound) }

func portList(ps []state.Port) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d/%s", p.ServicePort, p.Protocol))
	}
	return out
}
