package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// CanaryRequest is a canary rollout of a release beside the live stable
// app; the caller holds the service's lock.
type CanaryRequest struct {
	Manifest *manifest.Manifest
	Realm    *realm.Realm
	Release  string
	// Stable is the live stable app.
	Stable *marathon.App
	Holder state.Holder
	// Secrets resolves the manifest's secrets for the canary app; Labels
	// are added to it (who deployed, from where).
	Secrets                   *manifest.SecretSource
	Labels                    map[string]string
	SkipIsolated, SkipPartial bool
	Now                       time.Time
	// Detach only records the rollout (DeployCanary): the realm's server
	// drives it.
	Detach bool
}

// DeployCanary rolls a release out as a canary beside the live stable app
// with s, which holds the lock: PrepareCanary, then the rollout is
// recorded for the realm's server (in.Detach) or driven to its end with
// req (DriveRollout). It returns the rollout and nil when the new release
// is stable, a *canary.RolledBackError when it was rolled back. A Marathon
// 422 for the canary app (the rollout rolled back: nothing was created)
// points at the manifest's lines, as the rolling deploy's does; a 401 or
// 403 is returned as itself, the refusal being what the caller must fix.
func (s *Session) DeployCanary(ctx context.Context, in CanaryRequest, req DriveRequest) (*canary.Rollout, error) {
	// Refused before anything is written.
	if in.Stable == nil || in.Stable.WantedInstances() == 0 {
		e := &NoStableError{Service: in.Manifest.Service, Realm: in.Realm.Realm}
		if in.Stable != nil {
			e.ScaledToZero = in.Stable.ID
		}
		return nil, e
	}
	if err := stableBusy(in.Stable, true, in.Manifest.Service, in.Realm.Arg()); err != nil {
		return nil, err
	}
	if in.Detach && in.Realm.Server.URL == "" {
		return nil, &NoServerError{Realm: in.Realm.Realm, File: in.Realm.File}
	}
	// A metric provider this machine cannot reach with credentials (the
	// New Relic key unset) would leave every judgement inconclusive: say
	// so now. A detached rollout is driven by the server, whose
	// environment is its own.
	if !in.Detach {
		for _, c := range canary.Settings(in.Manifest, in.Realm).Metrics {
			if _, err := MetricProvider(in.Realm, c.Provider, req.LookupEnv); err != nil {
				return nil, &InvalidError{Err: fmt.Errorf("metric check %s: %w", c.Name, err)}
			}
		}
	}
	r, app, err := PrepareCanary(ctx, s.Store, in)
	if err != nil {
		return nil, err
	}
	if in.Detach {
		return r, s.recordDetached(ctx, in, r, app)
	}
	req.App = app
	if req.Dir == "" {
		req.Dir = in.Manifest.Dir()
	}
	r, err = s.DriveRollout(ctx, req, r)
	var rb *canary.RolledBackError
	var ae *marathon.AuthError
	if errors.As(err, &rb) && errors.As(rb.Err, &ae) {
		return r, rb.Err
	}
	return r, appdef.MapInvalid(err, in.Manifest, in.Realm.Realm)
}

// recordDetached records r for the realm's server and creates its canary
// app, still holding the lock: the server adopts the rollout only once the
// lock is free, finds the app and goes on from starting, with neither the
// manifest nor its secrets (it rebuilds an app from the recorded manifest
// only when a deploy died before creating it). A Marathon that refuses the
// app ends the rollout rolled back here, nothing created, as the driver
// ends one; a 422 points at the manifest's lines.
func (s *Session) recordDetached(ctx context.Context, in CanaryRequest, r *canary.Rollout, app *marathon.App) error {
	if err := s.RecordRollout(ctx, r, nil); err != nil {
		return err
	}
	if _, err := s.MC.UpdateApp(ctx, app, true); err != nil {
		cerr := fmt.Errorf("creating the canary app %s: %w", app.ID, err)
		bctx, cancel := Background(30 * time.Second)
		defer cancel()
		var ie *marathon.InvalidError
		var ae *marathon.AuthError
		if !errors.As(err, &ie) && !errors.As(err, &ae) {
			// Marathon may have created it before the error (a timeout):
			// no canary app may outlive its rollout.
			if _, derr := s.MC.DeleteApp(bctx, app.ID, true); derr != nil && !marathon.IsNotFound(derr) {
				cerr = errors.Join(cerr, fmt.Errorf("removing %s, which Marathon may have created: %w", app.ID, derr))
			}
		}
		if _, uerr := closeRollout(bctx, s.Store, s.Service, canary.CauseStalled, cerr.Error(), s.Now()); uerr != nil {
			cerr = errors.Join(cerr, fmt.Errorf("ending the rollout recorded for it: %w", uerr))
		}
		return appdef.MapInvalid(cerr, in.Manifest, in.Realm.Realm)
	}
	return nil
}

// PrepareCanary makes the routing state ready for a canary beside the
// stable app (written when a stable release predates it) and builds the
// canary app and the new rollout record. A canary shares the stable
// release's ports: a change of ports is a *PortsChangedError.
func PrepareCanary(ctx context.Context, st state.Store, in CanaryRequest) (*canary.Rollout, *marathon.App, error) {
	m, rl := in.Manifest, in.Realm
	svc := m.Service
	rt, ver, err := st.GetRouting(ctx, svc)
	ports := RoutingPorts(m, rl)
	switch {
	case err == nil && len(rt.Ports) > 0 && !slices.Equal(rt.Ports, ports):
		return nil, nil, &PortsChangedError{Service: svc, Old: rt.Ports, New: ports}
	case err == nil && rt.Stable != "" && rt.Stable != in.Stable.ID:
		return nil, nil, fmt.Errorf("the routing state says %s's stable app is %s, but yodel found %s live", svc, rt.Stable, in.Stable.ID)
	case err == nil && rt.Stable == "":
		rt.Stable, rt.Ports = in.Stable.ID, ports
		if _, err := st.PutRouting(ctx, rt, ver); err != nil {
			return nil, nil, err
		}
	case err != nil && errors.Is(err, state.ErrNotFound):
		// A stable app deployed before yodel kept routing state.
		rt = state.Routing{Service: svc, Stable: in.Stable.ID, Ports: ports}
		if _, err := st.PutRouting(ctx, rt, state.NoVersion); err != nil {
			return nil, nil, err
		}
	case err != nil:
		return nil, nil, err
	}

	plan := canary.Settings(m, rl)
	canaryID := appdef.OtherColour(svc, in.Stable.ID)
	gm, err := appdef.Build(m, appdef.Options{AppID: canaryID, Release: in.Release, Realm: rl.Realm,
		Instances: plan.Instances, Labels: in.Labels, Secrets: in.Secrets})
	if err != nil {
		return nil, nil, &InvalidError{Err: err}
	}
	r := canary.NewRollout(svc,
		canary.Track{App: in.Stable.ID, Release: in.Stable.Label(appdef.LabelRelease), Instances: in.Stable.WantedInstances()},
		canary.Track{App: canaryID, Release: in.Release, Instances: plan.Instances}, plan, in.Now)
	// From the full step on, the release runs as many tasks as a rolling
	// deploy of it would: the manifest's (a scale by hand since the last
	// deploy is not kept, as the plan's diff says), or an autoscaled app's
	// live count.
	r.FullInstances = DeployInstances(m, rl.Realm, in.Stable)
	if r.FullInstances == 0 {
		r.FullInstances = m.ForRealm(rl.Realm).InstanceCount()
	}
	r.SkipIsolated, r.SkipPartial = in.SkipIsolated, in.SkipPartial
	r.User, r.Host, r.Command = in.Holder.User, in.Holder.Host, in.Holder.Command
	if abs, err := filepath.Abs(m.File); err == nil {
		r.Source = &canary.Source{Manifest: abs, SHA: m.SHA, Labels: in.Labels}
	}
	r.App = RecordedApp(m, appdef.Options{AppID: canaryID, Release: in.Release, Realm: rl.Realm, Instances: plan.Instances, Labels: in.Labels})
	return r, &marathon.App{Application: *gm}, nil
}

// NoStableError refuses a canary of a service without a stable release:
// there is nothing to compare it with (its first deploy is rolling). A
// stable app scaled to 0 is none either: the stable share of the partial
// steps would go nowhere.
type NoStableError struct {
	Service, Realm string
	// ScaledToZero is the stable app when it runs 0 instances.
	ScaledToZero string
}

func (e *NoStableError) Error() string {
	if e.ScaledToZero != "" {
		return fmt.Sprintf("%s's stable app %s runs 0 instances in %s: a canary needs a serving release to compare with and to share the traffic", e.Service, e.ScaledToZero, e.Realm)
	}
	return fmt.Sprintf("%s has no stable release in %s: a canary needs one to compare with", e.Service, e.Realm)
}

// Kind implements the engine's error kinds.
func (e *NoStableError) Kind() Kind { return KindInvalid }

// NoServerError refuses a detached rollout in a realm without a server
// (server.url): nothing would drive it.
type NoServerError struct{ Realm, File string }

func (e *NoServerError) Error() string {
	return fmt.Sprintf("--detach needs the realm's server to drive the rollout, and realm %s (%s) names none (server.url)", e.Realm, e.File)
}

// Kind implements the engine's error kinds.
func (e *NoServerError) Kind() Kind { return KindInvalid }

// PortsChangedError refuses a canary whose release changes the service's
// ports: both tracks share the stable release's.
type PortsChangedError struct {
	Service  string
	Old, New []state.Port
}

func (e *PortsChangedError) Error() string {
	return fmt.Sprintf("%s's ports changed (%v -> %v): a canary shares the stable release's ports", e.Service, portList(e.Old), portList(e.New))
}

// Kind implements the engine's error kinds.
func (e *PortsChangedError) Kind() Kind { return KindInvalid }

func portList(ps []state.Port) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d/%s", p.ServicePort, p.Protocol))
	}
	return out
}

// InvalidError is input the engine cannot build from (KindInvalid).
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

// Kind implements the engine's error kinds.
func (e *InvalidError) Kind() Kind { return KindInvalid }

// RebuildApp builds a resumed rollout's canary app again from the manifest
// the deploy recorded: the same file (by sha256), release, instances and
// labels, with secrets resolved again on this machine (they are never
// stored). A manifest that is gone or changed cannot be trusted to be
// what was deployed: the rollout rolls back (canary.ErrCannotRebuild). A
// secret missing here is a *SecretMissingError: fixable on this machine,
// so the rollout stays at starting (no canary app, no traffic).
func RebuildApp(rl *realm.Realm, lookupEnv func(string) (string, bool)) func(context.Context, *canary.Rollout) (*marathon.App, error) {
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
			return nil, &SecretMissingError{Service: r.Service, Realm: rl.Realm,
				Err: fmt.Errorf("rebuilding the canary app %s from %s: %w", r.Canary.App, src.Manifest, err)}
		}
		return &marathon.App{Application: *gm}, nil
	}
}

// SecretMissingError: a resumed rollout's canary app cannot be rebuilt on
// this machine (KindInvalid); the rollout waits at starting.
type SecretMissingError struct {
	Service, Realm string
	Err            error
}

func (e *SecretMissingError) Error() string { return e.Err.Error() }
func (e *SecretMissingError) Unwrap() error { return e.Err }

// Kind implements the engine's error kinds.
func (e *SecretMissingError) Kind() Kind { return KindInvalid }

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
