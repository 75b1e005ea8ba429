package shared

import (
	"context"
	"errors"
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
	// Detach records the rollout and returns it at once: the realm's
	// server drives it.
	Detach bool
	// RealmArg is the realm as the user named it (--realm).
	RealmArg string
}

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
	r, app, err := engine.PrepareCanary(ctx, in.Store, engine.CanaryRequest{Manifest: m, Realm: rl, Release: in.Release,
		Stable: in.Stable, Holder: in.Holder, Secrets: in.Secrets, Labels: in.Labels,
		SkipIsolated: in.SkipIsolated, SkipPartial: in.SkipPartial, Now: now()})
	if err != nil {
		return nil, err
	}

	if in.Detach {
		es := &engine.Session{Service: svc, Realm: rl, MC: in.Marathon, Store: in.Store, Lock: in.Lock, Holder: in.Holder, Now: now}
		return r, es.RecordRollout(ctx, r, nil)
	}
	s := &svcutil.Session{Deps: svcutil.Deps{IO: in.IO, Now: now}, Session: &engine.Session{Service: svc, Realm: rl, MC: in.Marathon,
		Store: in.Store, Lock: in.Lock, Holder: in.Holder, Now: now}}
	r, err = Drive(ctx, s, DriveOptions{Output: in.Output, Quiet: in.Quiet, JUnit: in.JUnit, App: app, Dir: m.Dir(),
		ProgressDeadline: in.ProgressDeadline, Settle: in.Settle, RealmArg: in.RealmArg}, r)
	// A 422 for the canary app: the rollout was rolled back (nothing was
	// created); point at the manifest's lines like the rolling path. A
	// 401/403 likewise: the refusal itself is the error (exit 1, its hint).
	var rb *canary.RolledBackError
	var ae *marathon.AuthError
	if errors.As(err, &rb) && errors.As(rb.Err, &ae) {
		return r, rb.Err
	}
	return r, appdef.MapInvalid(err, m, rl.Realm)
}
