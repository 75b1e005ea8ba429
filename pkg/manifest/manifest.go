// Package manifest reads, validates and resolves service manifests
// (services/<svc>.yaml). Key names are fixed so manifests stay portable;
// see docs/manifest.md.
package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path/filepath"

	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Errors and Error are the compiler-style problem list shared with realm
// files: one line per problem, exit code 2.
type (
	Errors = strictyaml.Errors
	Error  = strictyaml.Error
)

// Duration is "30s"/"5m" in YAML.
type Duration = strictyaml.Duration

// Manifest is one service's desired state.
type Manifest struct {
	Service     string            `yaml:"service"`
	Image       string            `yaml:"image"`
	Cmd         string            `yaml:"cmd"`
	Args        []string          `yaml:"args"`
	Instances   *int              `yaml:"instances"`
	Resources   Resources         `yaml:"resources"`
	Ports       []Port            `yaml:"ports"`
	Health      *Health           `yaml:"health"`
	Env         map[string]string `yaml:"env"`
	Secrets     map[string]string `yaml:"secrets"`
	Labels      map[string]string `yaml:"labels"`
	Constraints [][]string        `yaml:"constraints"`
	Upgrade     *Upgrade          `yaml:"upgrade"`
	// KillGracePeriodSeconds is Marathon's taskKillGracePeriodSeconds: how
	// long a task has between SIGTERM and SIGKILL. nil means
	// DefaultKillGracePeriod.
	KillGracePeriodSeconds *int                     `yaml:"killGracePeriodSeconds"`
	Realms                 map[string]RealmOverride `yaml:"realms"`
	Canary                 *Canary                  `yaml:"canary"`
	// Discovery registers the tasks for clients outside HAProxy.
	Discovery *Discovery `yaml:"discovery"`
	// Autoscale lets the realm's server change the instance count with the
	// load (autoscale.go).
	Autoscale *Autoscale `yaml:"autoscale"`

	// File is the path the manifest was read from (as given, for messages).
	File string `yaml:"-"`
	// SHA is the sha256 of the file's bytes, hex; labels use its first 12.
	SHA string `yaml:"-"`

	doc *strictyaml.Doc
}

// Resources are per-task limits. cpus and mem are required: a service
// without limits could starve its neighbours.
type Resources struct {
	CPUs *float64 `yaml:"cpus"`
	Mem  *float64 `yaml:"mem"`
	Disk *float64 `yaml:"disk"`
}

// Port is one port the service listens on and publishes through HAProxy.
type Port struct {
	Name          string `yaml:"name"`
	ServicePort   int    `yaml:"servicePort"`
	ContainerPort int    `yaml:"containerPort"`
	Protocol      string `yaml:"protocol"` // http (default) or tcp
}

// Port protocols.
const (
	ProtocolHTTP = "http"
	ProtocolTCP  = "tcp"
)

// Health is the task health check: an HTTP path, a command, or TCP.
type Health struct {
	Path                   string `yaml:"path"`
	Port                   string `yaml:"port"` // port name; default the first port
	Command                string `yaml:"command"`
	TCP                    bool   `yaml:"tcp"`
	IntervalSeconds        *int   `yaml:"intervalSeconds"`
	TimeoutSeconds         *int   `yaml:"timeoutSeconds"`
	GracePeriodSeconds     *int   `yaml:"gracePeriodSeconds"`
	MaxConsecutiveFailures *int   `yaml:"maxConsecutiveFailures"`
}

// Health check defaults, shorter than Marathon's (60s interval, 300s grace)
// so that a stalled deployment is noticed in a minute, not five.
const (
	DefaultHealthInterval    = 10
	DefaultHealthTimeout     = 5
	DefaultHealthGracePeriod = 60
	DefaultHealthMaxFailures = 3
)

// Kill grace period bounds, seconds. The default covers the lb agents taking
// a killed task out of HAProxy (tens of milliseconds), a task's drain delay
// (examples/hello: 2 s) and its in-flight requests; Marathon's own default,
// 3 s, is tight for that. The cap keeps a rolling deploy or a scale-down
// from waiting on a stuck task for longer than ten minutes per step.
const (
	DefaultKillGracePeriod = 5
	MaxKillGracePeriod     = 600
)

// KillGracePeriod is killGracePeriodSeconds with the default applied.
func (m *Manifest) KillGracePeriod() int {
	if m.KillGracePeriodSeconds == nil {
		return DefaultKillGracePeriod
	}
	return *m.KillGracePeriodSeconds
}

// Upgrade is Marathon's upgradeStrategy.
type Upgrade struct {
	MinimumHealthCapacity *float64 `yaml:"minimumHealthCapacity"`
	MaximumOverCapacity   *float64 `yaml:"maximumOverCapacity"`
}

// RealmOverride changes a few fields in one realm.
type RealmOverride struct {
	Instances *int              `yaml:"instances"`
	Resources *Resources        `yaml:"resources"`
	Env       map[string]string `yaml:"env"`
	Secrets   map[string]string `yaml:"secrets"`
	Labels    map[string]string `yaml:"labels"`
}

// Doc gives access to field positions, for messages about this manifest.
func (m *Manifest) Doc() *strictyaml.Doc {
	if m.doc == nil {
		m.doc = strictyaml.NewDoc(m.File)
	}
	return m.doc
}

// Dir is the directory the manifest lives in ("." when unknown).
func (m *Manifest) Dir() string { return filepath.Dir(m.File) }

// ShortSHA is the first 12 hex digits of the manifest's sha256.
func (m *Manifest) ShortSHA() string {
	if len(m.SHA) < 12 {
		return m.SHA
	}
	return m.SHA[:12]
}

// InstanceCount is the instance count with the default applied: 1, or
// autoscale.min.
func (m *Manifest) InstanceCount() int {
	if m.Instances == nil {
		if m.Autoscale != nil && m.Autoscale.Min != nil {
			return *m.Autoscale.Min
		}
		return 1
	}
	return *m.Instances
}

// ForRealm returns a copy of m with the realms.<realm> overrides applied.
// Maps are merged key by key; the override wins.
func (m *Manifest) ForRealm(realm string) *Manifest {
	c := *m
	c.Env = maps.Clone(m.Env)
	c.Secrets = maps.Clone(m.Secrets)
	c.Labels = maps.Clone(m.Labels)
	o, ok := m.Realms[realm]
	if !ok {
		return &c
	}
	if o.Instances != nil {
		c.Instances = o.Instances
	}
	if r := o.Resources; r != nil {
		if r.CPUs != nil {
			c.Resources.CPUs = r.CPUs
		}
		if r.Mem != nil {
			c.Resources.Mem = r.Mem
		}
		if r.Disk != nil {
			c.Resources.Disk = r.Disk
		}
	}
	c.Env = mergeMaps(c.Env, o.Env)
	c.Secrets = mergeMaps(c.Secrets, o.Secrets)
	c.Labels = mergeMaps(c.Labels, o.Labels)
	return &c
}

// fieldFor returns the path of a field, preferring the realm override's
// position when the realm overrides it, so messages point at the line that
// set the effective value.
func (m *Manifest) fieldFor(realm, path string) string {
	if realm != "" {
		if p := "realms." + realm + "." + path; m.Doc().Has(p) {
			return p
		}
	}
	return path
}

func mergeMaps(base, over map[string]string) map[string]string {
	if len(over) == 0 {
		return base
	}
	if base == nil {
		base = map[string]string{}
	}
	maps.Copy(base, over)
	return base
}

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}
