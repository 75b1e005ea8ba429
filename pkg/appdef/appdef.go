// Package appdef turns a manifest and a realm into the Marathon app
// definition yodel sends. `yodel render` prints exactly what the deploy
// code sends, so both call Build.
package appdef

import (
	"errors"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"

	marathon "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Labels yodel sets on every app.
const (
	LabelService     = "YODEL_SERVICE"
	LabelRelease     = "YODEL_RELEASE"
	LabelManifestSHA = "YODEL_MANIFEST_SHA"
	// LabelSecrets lists the env keys that come from the manifest's
	// secrets, comma-separated: names, never values. diff and the deploy
	// plan mask those keys on the live side too, so a key that stops being
	// a secret (or moves to env) never prints its old value. It is set on
	// every app, empty when there are none, so that an app without it is
	// known to predate it.
	LabelSecrets = "YODEL_SECRETS"
)

// SecretKeys returns the env keys a live app's LabelSecrets lists, and
// whether the app carries the label at all.
func SecretKeys(labels map[string]string) (map[string]bool, bool) {
	v, ok := labels[LabelSecrets]
	if !ok {
		return nil, false
	}
	keys := map[string]bool{}
	for _, k := range strings.Split(v, ",") {
		if k != "" {
			keys[k] = true
		}
	}
	return keys, true
}

// PortLabel is YODEL_PORT_<index>_<KIND> (KIND is PROTOCOL or NAME).
func PortLabel(index int, kind string) string {
	return "YODEL_PORT_" + strconv.Itoa(index) + "_" + kind
}

// DefaultKillGracePeriod is the taskKillGracePeriodSeconds of an app whose
// manifest does not set killGracePeriodSeconds: the time between SIGTERM
// (Marathon reports TASK_KILLING at the same moment) and SIGKILL. It covers
// the lb agents taking the task out of HAProxy (tens of milliseconds), a
// task's drain delay (examples/hello: 2 s) and its in-flight requests.
const DefaultKillGracePeriod = float64(manifest.DefaultKillGracePeriod)

// Tracks.
const (
	TrackStable = "stable"
	TrackCanary = "canary"
)

// Colours of the two apps of a service; the routing state says which one is
// stable. These are only the defaults used before any state exists.
const (
	ColourBlue  = "blue"
	ColourGreen = "green"
)

// AppID returns /<svc>-<colour>.
func AppID(service, colour string) string { return "/" + service + "-" + colour }

// OtherColour is the app id beside app id stable of service: /<svc>-green
// next to /<svc>-blue and the other way round (a canary, or the surge app
// of a drained rolling deploy).
func OtherColour(service, stable string) string {
	if strings.HasSuffix(stable, "-"+ColourGreen) {
		return AppID(service, ColourBlue)
	}
	return AppID(service, ColourGreen)
}

// DefaultAppID returns the app id for a track when no routing state says
// otherwise: stable is blue, canary is green.
func DefaultAppID(service, track string) string {
	if track == TrackCanary {
		return AppID(service, ColourGreen)
	}
	return AppID(service, ColourBlue)
}

// Options are the per-deployment inputs to Build.
type Options struct {
	AppID   string // "/<svc>-blue"
	Release string
	// Realm is the realm name, for realms.<realm> overrides.
	Realm string
	// Instances overrides the instance count (the canary starts with fewer);
	// 0 keeps the manifest's.
	Instances int
	// Labels are added to the app's labels (they must not collide with
	// yodel's own).
	Labels map[string]string
	// Secrets resolves secret references. When nil, secrets are masked as
	// <secret:env:VAR>, which is what render prints.
	Secrets *manifest.SecretSource
}

// Build returns the Marathon 1.4 app definition for m in a realm.
func Build(m *manifest.Manifest, o Options) (*marathon.Application, error) {
	if err := manifest.ValidRelease(o.Release); err != nil {
		return nil, err
	}
	if o.AppID == "" {
		return nil, fmt.Errorf("appdef: no app id")
	}
	eff := m.ForRealm(o.Realm)
	app := &marathon.Application{ID: o.AppID}

	instances := eff.InstanceCount()
	if o.Instances > 0 {
		instances = o.Instances
	}
	app.Instances = &instances
	app.CPUs = *eff.Resources.CPUs
	app.Mem = eff.Resources.Mem
	if eff.Resources.Disk != nil {
		app.Disk = eff.Resources.Disk
	}

	if m.Image != "" {
		app.Container = &marathon.Container{Type: "DOCKER", Docker: &marathon.Docker{Image: m.Image, Network: "BRIDGE"}}
		pms := make([]marathon.PortMapping, 0, len(m.Ports))
		for _, p := range m.Ports {
			pms = append(pms, marathon.PortMapping{
				ContainerPort: p.ContainerPort, HostPort: 0, ServicePort: p.ServicePort, Name: p.Name, Protocol: "tcp",
			})
		}
		app.Container.Docker.PortMappings = &pms
		if len(m.Args) > 0 {
			args := append([]string(nil), m.Args...)
			app.Args = &args
		}
	} else {
		cmd := m.Cmd
		app.Cmd = &cmd
		// Host networking: Marathon picks the host ports (requirePorts
		// false) and HAProxy maps servicePort to them.
		pds := make([]marathon.PortDefinition, 0, len(m.Ports))
		for _, p := range m.Ports {
			pds = append(pds, marathon.PortDefinition{Port: intp(p.ServicePort), Name: p.Name, Protocol: "tcp"})
		}
		app.PortDefinitions = &pds // [] rather than absent: absent means one default port
		app.RequirePorts = boolp(false)
	}

	env := maps.Clone(eff.Env)
	if env == nil {
		env = map[string]string{}
	}
	var errs strictyaml.Errors
	refused := false
	for _, k := range sortedKeys(eff.Secrets) {
		ref := eff.Secrets[k]
		if o.Secrets == nil {
			env[k] = manifest.SecretMask(ref)
			continue
		}
		v, err := o.Secrets.Resolve(k, ref)
		if err != nil {
			refused = refused || errors.Is(err, manifest.ErrSecretRefused)
			p := m.Doc().Pos(secretPath(m, o.Realm, k))
			errs = append(errs, &strictyaml.Error{File: m.File, Line: p.Line, Col: p.Col, Field: secretPath(m, o.Realm, k), Msg: err.Error()})
			continue
		}
		env[k] = v
	}
	if refused {
		return nil, refusedErrors{errs}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// Tasks see their own identity without asking Marathon for labels.
	env["YODEL_SERVICE"] = m.Service
	env["YODEL_RELEASE"] = o.Release
	app.Env = &env

	labels := maps.Clone(eff.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	for k, v := range o.Labels {
		labels[k] = v
	}
	labels[LabelService] = m.Service
	labels[LabelRelease] = o.Release
	labels[LabelManifestSHA] = m.ShortSHA()
	labels[LabelSecrets] = strings.Join(sortedKeys(eff.Secrets), ",")
	for i, p := range m.Ports {
		labels[PortLabel(i, "PROTOCOL")] = p.PortProtocol()
		labels[PortLabel(i, "NAME")] = p.Name
	}
	if v := curatorLabel(m); v != "" {
		labels[LabelCurator] = v
	}
	if v := autoscaleLabel(eff); v != "" {
		labels[LabelAutoscale] = v
	}
	app.Labels = &labels

	if hc := healthCheck(m); hc != nil {
		app.HealthChecks = &[]marathon.HealthCheck{*hc}
	}
	if len(m.Constraints) > 0 {
		cs := make([][]string, len(m.Constraints))
		for i, c := range m.Constraints {
			cs[i] = append([]string(nil), c...)
		}
		app.Constraints = &cs
	}
	// Always sent, even at the default: Marathon's own default is 3 s, too
	// short for a task to drain, and an explicit value shows in render/diff.
	grace := float64(m.KillGracePeriod())
	app.TaskKillGracePeriodSeconds = &grace
	if u := m.Upgrade; u != nil {
		app.UpgradeStrategy = &marathon.UpgradeStrategy{MinimumHealthCapacity: u.MinimumHealthCapacity, MaximumOverCapacity: u.MaximumOverCapacity}
	}
	return app, nil
}

// refusedErrors are secret errors of which one at least is a policy
// refusal (manifest.ErrSecretRefused), not a secret missing here.
type refusedErrors struct{ strictyaml.Errors }

func (e refusedErrors) Is(target error) bool { return target == manifest.ErrSecretRefused }
func (e refusedErrors) Unwrap() error        { return e.Errors }

func secretPath(m *manifest.Manifest, realm, k string) string {
	if p := "realms." + realm + ".secrets." + k; realm != "" && m.Doc().Has(p) {
		return p
	}
	return "secrets." + k
}

func healthCheck(m *manifest.Manifest) *marathon.HealthCheck {
	h := m.Health
	if h == nil {
		return nil
	}
	hc := &marathon.HealthCheck{
		IntervalSeconds:        deref(h.IntervalSeconds, manifest.DefaultHealthInterval),
		TimeoutSeconds:         deref(h.TimeoutSeconds, manifest.DefaultHealthTimeout),
		GracePeriodSeconds:     deref(h.GracePeriodSeconds, manifest.DefaultHealthGracePeriod),
		MaxConsecutiveFailures: intp(deref(h.MaxConsecutiveFailures, manifest.DefaultHealthMaxFailures)),
	}
	if h.Command != "" {
		hc.Protocol = "COMMAND"
		hc.Command = &marathon.Command{Value: h.Command}
		return hc
	}
	idx := 0
	if h.Port != "" {
		idx = m.PortIndex(h.Port)
	}
	hc.PortIndex = intp(idx)
	if h.TCP {
		hc.Protocol = "TCP"
		return hc
	}
	hc.Protocol = "HTTP"
	hc.Path = &h.Path
	return hc
}

func intp(i int) *int    { return &i }
func boolp(b bool) *bool { return &b }

func deref(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// IsYodelLabel reports whether a label is one yodel owns.
func IsYodelLabel(k string) bool { return strings.HasPrefix(k, "YODEL_") }
