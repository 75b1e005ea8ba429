// Package realm reads realm files (realms/<name>.yaml): which Marathon to
// talk to and how to log in, where the routing state lives, HAProxy agent
// settings, per-service limits and canary defaults. See docs/realms.md.
package realm

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Realm is one Marathon cluster with its HAProxy agents and state store.
type Realm struct {
	Realm    string          `yaml:"realm" json:"realm"`
	Marathon Marathon        `yaml:"marathon" json:"marathon"`
	State    string          `yaml:"state" json:"state"`
	HAProxy  HAProxy         `yaml:"haproxy" json:"haproxy"`
	Limits   Limits          `yaml:"limits" json:"limits"`
	Mesos    Mesos           `yaml:"mesos" json:"mesos"`
	Canary   manifest.Canary `yaml:"canary" json:"canary"`

	// StateAuth is how to log in to a zk:// state store.
	StateAuth *StateAuth `yaml:"stateAuth" json:"stateAuth,omitempty"`
	// Secrets says where manifests' file: secrets may live besides their
	// own directory.
	Secrets Secrets `yaml:"secrets" json:"secrets,omitempty"`
	// Discovery: where tasks are registered for Curator clients.
	Discovery *Discovery `yaml:"discovery" json:"discovery,omitempty"`
	// Server is the realm's `yodel server` (server.go).
	Server Server `yaml:"server" json:"server"`

	// Notifications and NewRelic: who hears of rollouts (notifications.go).
	Notifications []Notification `yaml:"notifications" json:"notifications,omitempty"`
	NewRelic      *NewRelic      `yaml:"newRelic" json:"newRelic,omitempty"`
	// Metrics: the providers partial.metrics checks query (metrics.go).
	Metrics Metrics `yaml:"metrics" json:"metrics,omitzero"`

	// File is the path the realm was read from.
	File string `yaml:"-" json:"file"`
	// Overrides lists the YODEL_* environment variables applied on load.
	Overrides []string `yaml:"-" json:"overrides,omitempty"`
	// AddressedAs is how Finder.Find was asked for the realm, made to work
	// as printed (see Arg); empty for a realm loaded otherwise.
	AddressedAs string `yaml:"-" json:"-"`

	// neighbours are the credentials of the other realms the Finder knew
	// (neighbours.go): no manifest deployed here may read them either.
	neighbours []*manifest.SecretPolicy
	// known are the names of the realms the Finder listed (this one's
	// among them), for ManifestWarnings.
	known []string
	// stateAt is where the state URL came from, "realms/qa.yaml:5" or
	// "$YODEL_STATE, overriding realms/qa.yaml", for ManifestWarnings.
	stateAt string
}

// Arg is the --realm value the commands a hint prints address this realm
// with, so that they run as printed and reach this realm: a realm given as
// a file by that file (a sandbox started with --dir is named "local" like
// the default sandbox, which its name would reach), one found through
// --realms by its file (which needs no --realms), else its name.
func (r *Realm) Arg() string {
	if r.AddressedAs != "" {
		return r.AddressedAs
	}
	return r.Realm
}

// Marathon says how to reach the realm's Marathon.
type Marathon struct {
	URLs   []string `yaml:"urls" json:"urls"` // several, for failover
	Auth   *Auth    `yaml:"auth" json:"auth,omitempty"`
	CAFile string   `yaml:"caFile" json:"caFile,omitempty"`
	// Timeout bounds one request to one member, its answer's transfer
	// included (0: marathon.DefaultTimeout): a realm of thousands of apps
	// read over a slow link needs more.
	Timeout strictyaml.Duration `yaml:"timeout" json:"timeout,omitempty"`
}

// MaxMarathonTimeout bounds marathon.timeout: a command that waits longer
// for one answer looks hung.
const MaxMarathonTimeout = 10 * time.Minute

// Auth is HTTP basic auth or a DC/OS token. The secret itself is never in
// the file: only the name of an environment variable or a file holding it.
type Auth struct {
	Basic *BasicAuth `yaml:"basic" json:"basic,omitempty"`
	Token *TokenAuth `yaml:"token" json:"token,omitempty"`
}

// BasicAuth is a user and where to find the password.
type BasicAuth struct {
	User         string `yaml:"user" json:"user"`
	PasswordEnv  string `yaml:"passwordEnv" json:"passwordEnv,omitempty"`
	PasswordFile string `yaml:"passwordFile" json:"passwordFile,omitempty"`
	// Password is accepted by the decoder only to be refused with a clear
	// message; it is never used or printed.
	Password string `yaml:"password" json:"-"`
}

// StateAuth is ZooKeeper digest auth for the state store: nodes yodel
// creates are then writable by that identity only (readable by all). The
// password is never in the file. A zk:// realm must have one: without it
// every node is world-writable, and anyone who reaches ZooKeeper can point
// a service's traffic at their own app. Insecure is the explicit opt-out.
type StateAuth struct {
	Digest   *BasicAuth `yaml:"digest" json:"digest,omitempty"`
	Insecure bool       `yaml:"insecure" json:"insecure,omitempty"`
}

// TokenAuth says where to find a DC/OS ACS token.
type TokenAuth struct {
	Env  string `yaml:"env" json:"env,omitempty"`
	File string `yaml:"file" json:"file,omitempty"`
	// inline is set when the file wrote `token: <the token>`.
	inline bool
}

// SetScalar catches `token: <value>`, an inline secret, so validation can
// refuse it by name rather than with a type error.
func (t *TokenAuth) SetScalar(string) error {
	t.inline = true
	return nil
}

// HAProxy holds the settings of the `yodel lb` agents of this realm.
type HAProxy struct {
	BindAddress        string              `yaml:"bindAddress" json:"bindAddress"`
	ConfigPath         string              `yaml:"configPath" json:"configPath"`
	SocketPath         string              `yaml:"socketPath" json:"socketPath"`
	MasterSocketPath   string              `yaml:"masterSocketPath" json:"masterSocketPath"`
	Template           string              `yaml:"template" json:"template,omitempty"`
	AgentListen        string              `yaml:"agentListen" json:"agentListen"`
	ResyncInterval     strictyaml.Duration `yaml:"resyncInterval" json:"resyncInterval"`
	CanaryHeader       Header              `yaml:"canaryHeader" json:"canaryHeader"`
	IsolatedPortOffset int                 `yaml:"isolatedPortOffset" json:"isolatedPortOffset"`
	// MaxPortsPerApp and MaxFrontends bound what one Marathon app and all
	// of them together may make HAProxy bind; 0: the agent's defaults
	// (lb.DefaultMaxPortsPerApp, lb.DefaultMaxFrontends).
	MaxPortsPerApp int `yaml:"maxPortsPerApp" json:"maxPortsPerApp,omitempty"`
	MaxFrontends   int `yaml:"maxFrontends" json:"maxFrontends,omitempty"`
	// AgentToken is where the agents' API token is: agents require it
	// off loopback, and the CLI sends it to read their canary counters.
	AgentToken *TokenAuth `yaml:"agentToken" json:"agentToken,omitempty"`
}

// Header is an HTTP header written "Name: value".
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// The header becomes unquoted HAProxy ACL text in every agent's config, so
// it is held to what pkg/haproxy accepts (no quotes, spaces, '#', '$'):
// a looser check here would pass validation and then break every HTTP
// service at the agents.
var (
	envName       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	headerNameRe  = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	headerValueRe = regexp.MustCompile(`^[A-Za-z0-9._~+-]+$`)
)

// SetScalar parses "Name: value".
func (h *Header) SetScalar(text string) error {
	name, value, ok := strings.Cut(text, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || !headerNameRe.MatchString(name) || !headerValueRe.MatchString(value) {
		return fmt.Errorf("%q is not a header: write it as \"Name: value\", such as \"X-Yodel-Track: canary\" (name: letters, digits and '-'; value: letters, digits and . _ ~ + -)", text)
	}
	if value == "stable" {
		return fmt.Errorf("%q: the value \"stable\" is the one that forces the stable release; pick another for the canary, such as \"%s: canary\"", text, name)
	}
	h.Name, h.Value = name, value
	return nil
}

func (h Header) String() string { return h.Name + ": " + h.Value }

// Secrets extends where a manifest's `file:` secrets may be read from:
// by default only below the manifest's own directory. Relative entries are
// relative to the realm file.
type Secrets struct {
	AllowDirs  []string `yaml:"allowDirs" json:"allowDirs,omitempty"`
	AllowFiles []string `yaml:"allowFiles" json:"allowFiles,omitempty"`
	// AllowEnv, when set, are the only deployer variables manifests may
	// read (env: secrets, isolated.passEnv): NAME, or PREFIX* for every
	// name that starts with PREFIX. A CI job's environment holds more
	// than the realm's credentials (cloud keys, registry and VCS tokens).
	AllowEnv []string `yaml:"allowEnv" json:"allowEnv,omitempty"`
}

// allowEnvRe is a secrets.allowEnv entry: a variable name, or a prefix of
// one followed by *.
var allowEnvRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\*?$`)

// Limits cap what one service may ask for in this realm.
type Limits struct {
	MaxCPUs          float64 `yaml:"maxCpus" json:"maxCpus,omitempty"`
	MaxMem           float64 `yaml:"maxMem" json:"maxMem,omitempty"`
	MaxInstances     int     `yaml:"maxInstances" json:"maxInstances,omitempty"`
	ServicePortRange []int   `yaml:"servicePortRange" json:"servicePortRange"`
}

// Mesos is where task output is read (`yodel logs`): the agent API of the
// host a task runs on.
type Mesos struct {
	// AgentURL is the agent API's base URL; {host} is replaced by the task's
	// host and {agentId} by its Mesos agent id. DC/OS serves it through the
	// admin router: https://dcos.example.com/agent/{agentId}.
	AgentURL string `yaml:"agentURL" json:"agentURL"`
}

// Defaults for fields a realm file may leave out.
const (
	DefaultAgentURL           = "http://{host}:5051"
	DefaultBindAddress        = "0.0.0.0"
	DefaultConfigPath         = "/etc/haproxy/haproxy.cfg"
	DefaultSocketPath         = "/run/haproxy/admin.sock"
	DefaultMasterSocketPath   = "/run/haproxy/master.sock"
	DefaultAgentListen        = ":9190"
	DefaultResyncInterval     = 30 * time.Second
	DefaultIsolatedPortOffset = 1000
)

// Bounds of haproxy.resyncInterval. A resync re-reads every app and routing
// record: more often than every second is load on Marathon for nothing
// (events carry changes), rarer than hourly leaves a missed event unrepaired
// for too long.
const (
	MinResyncInterval = time.Second
	MaxResyncInterval = time.Hour
)

// DefaultCanaryHeader routes a request to the isolated canary.
var DefaultCanaryHeader = Header{Name: "X-Yodel-Track", Value: "canary"}

// InstancesOverLimit is why n instances of a service are refused in this
// realm (above limits.maxInstances), nil when they are not: `yodel scale`
// refuses them, the autoscaler stops at the limit (ClampInstances).
func (r *Realm) InstancesOverLimit(n int) error {
	if r.Limits.ClampInstances(n) != n {
		return fmt.Errorf("%d instances is over realm %s's limit of %d (limits.maxInstances in %s)", n, r.Realm, r.Limits.MaxInstances, r.File)
	}
	return nil
}

// ClampInstances is n, or maxInstances when n is over it.
func (l Limits) ClampInstances(n int) int {
	if l.MaxInstances > 0 && n > l.MaxInstances {
		return l.MaxInstances
	}
	return n
}

// ManifestLimits returns the limits in the form manifest.CheckRealm takes.
func (r *Realm) ManifestLimits() manifest.Limits {
	l := manifest.Limits{MaxCPUs: r.Limits.MaxCPUs, MaxMem: r.Limits.MaxMem, MaxInstances: r.Limits.MaxInstances,
		IsolatedPortOffset: r.HAProxy.IsolatedPortOffset}
	if len(r.Limits.ServicePortRange) == 2 {
		l.ServicePortMin, l.ServicePortMax = r.Limits.ServicePortRange[0], r.Limits.ServicePortRange[1]
	}
	return l
}

// CheckManifest checks m against this realm's limits, port range,
// secrets policy and metric providers.
func (r *Realm) CheckManifest(m *manifest.Manifest) error {
	var errs strictyaml.Errors
	for _, err := range []error{m.CheckRealm(r.Realm, r.ManifestLimits()), m.CheckCanary(r.Realm, r.ManifestLimits(), &r.Canary),
		m.CheckSecrets(r.Realm, r.SecretPolicy()), m.CheckMetricProviders(r.Realm, r.File, r.MetricProviders())} {
		if es, ok := err.(strictyaml.Errors); ok {
			errs = append(errs, es...)
		} else if err != nil {
			return err
		}
	}
	errs.Sort()
	return errs.Err()
}

// ManifestWarnings are the warnings about m checked against this realm:
// realms.<key> overrides that look like a misspelt realm name (this one,
// or one the Finder knew), whose overrides apply nowhere, and a
// discovery.curator key the realm cannot honour (curatorWarning).
func (r *Realm) ManifestWarnings(m *manifest.Manifest) manifest.Errors {
	out := m.OverrideWarnings(r.Realm, r.known)
	if w := r.curatorWarning(m); w != nil {
		out = append(out, w)
		out.Sort()
	}
	return out
}

// CredentialEnv lists the environment variables this realm reads its
// credentials from, each with the field that names it. No manifest secret
// may resolve from one (nor from any YODEL_* variable).
func (r *Realm) CredentialEnv() map[string]string {
	out := map[string]string{}
	if a := r.Marathon.Auth; a != nil {
		if b := a.Basic; b != nil && b.PasswordEnv != "" {
			out[b.PasswordEnv] = "marathon.auth.basic.passwordEnv"
		}
		if t := a.Token; t != nil && t.Env != "" {
			out[t.Env] = "marathon.auth.token.env"
		}
	}
	if a := r.StateAuth; a != nil && a.Digest != nil && a.Digest.PasswordEnv != "" {
		out[a.Digest.PasswordEnv] = "stateAuth.digest.passwordEnv"
	}
	if t := r.HAProxy.AgentToken; t != nil && t.Env != "" {
		out[t.Env] = "haproxy.agentToken.env"
	}
	r.serverSecrets(func(field string, t *TokenAuth) {
		if t.Env != "" {
			out[t.Env] = field + ".env"
		}
	})

	r.notificationCredentials(func(v, field string) {
		if v != "" {
			out[v] = field
		}
	}, func(string, string) {})
	return out
}

// CredentialFiles lists the files this realm reads its credentials from
// (absolute, symlinks resolved), each with the field that names it.
func (r *Realm) CredentialFiles() map[string]string {
	out := map[string]string{}
	add := func(p, field string) {
		if p != "" {
			out[manifest.RealPath(r.relPath(p))] = field
		}
	}
	if a := r.Marathon.Auth; a != nil {
		if b := a.Basic; b != nil {
			add(b.PasswordFile, "marathon.auth.basic.passwordFile")
		}
		if t := a.Token; t != nil {
			add(t.File, "marathon.auth.token.file")
		}
	}
	if a := r.StateAuth; a != nil && a.Digest != nil {
		add(a.Digest.PasswordFile, "stateAuth.digest.passwordFile")
	}
	if t := r.HAProxy.AgentToken; t != nil {
		add(t.File, "haproxy.agentToken.file")
	}
	r.serverSecrets(func(field string, t *TokenAuth) { add(t.File, field+".file") })

	r.notificationCredentials(func(string, string) {}, add)
	return out
}

// relPath anchors a path from the realm file at the file's directory.
func (r *Realm) relPath(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(r.File), p)
}

// SecretPolicy is what manifests deployed to this realm may read as
// secrets: never the realm's credentials (nor those of the other realms
// this machine knows, when the realm was found by a Finder), files below the manifest's own
// directory or in secrets.allowDirs / allowFiles.
func (r *Realm) SecretPolicy() *manifest.SecretPolicy {
	p := &manifest.SecretPolicy{Realm: r.Realm, File: r.File, DenyEnv: r.CredentialEnv(), DenyFiles: r.CredentialFiles(),
		Others: r.neighbours}
	for _, d := range r.Secrets.AllowDirs {
		p.AllowDirs = append(p.AllowDirs, manifest.RealPath(r.relPath(d)))
	}
	for _, f := range r.Secrets.AllowFiles {
		p.AllowFiles = append(p.AllowFiles, manifest.RealPath(r.relPath(f)))
	}
	p.AllowEnv = r.Secrets.AllowEnv
	return p
}

// ManifestSecrets is the source a manifest in dir resolves its secrets
// from when deployed to this realm, under the realm's SecretPolicy.
func (r *Realm) ManifestSecrets(dir string, lookupEnv func(string) (string, bool)) *manifest.SecretSource {
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	return &manifest.SecretSource{LookupEnv: lookupEnv, ReadFile: os.ReadFile, BaseDir: dir, Policy: r.SecretPolicy()}
}

// Parse decodes and validates a realm file. name, when not empty, is the
// name the file was looked up by and must match its `realm:` field.
func Parse(file string, data []byte, name string) (*Realm, error) {
	r := &Realm{File: file}
	doc := strictyaml.Decode(file, data, r, "realm")
	if !doc.Parsed() {
		return nil, doc.Err()
	}
	if err := r.applyEnv(); err != nil {
		return nil, err
	}
	r.applyDefaults()
	r.validate(doc, name)
	r.stateAt = file
	if slices.Contains(r.Overrides, EnvName("state")) {
		r.stateAt = fmt.Sprintf("$%s, overriding %s", EnvName("state"), file)
	} else if p := doc.Pos("state"); p.Line > 0 {
		r.stateAt = fmt.Sprintf("%s:%d", file, p.Line)
	}
	errs := doc.Errors()
	for _, e := range errs {
		// A bad value that came from YODEL_* is the variable's fault.
		for _, o := range overrides {
			if slices.Contains(r.Overrides, EnvName(o.key)) && (e.Field == o.key || strings.HasPrefix(e.Field, o.key+"[")) {
				e.Msg += fmt.Sprintf(" (from $%s, overriding %s)", EnvName(o.key), file)
				e.Line, e.Col = 0, 0
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// Load reads and parses the realm file at path.
func Load(path, name string) (*Realm, error) {
	data, err := strictyaml.ReadFile(path)
	if err != nil {
		if se, ok := err.(*strictyaml.Error); ok {
			return nil, se
		}
		if os.IsNotExist(err) {
			return nil, &strictyaml.Error{File: path, Msg: "no such realm file"}
		}
		return nil, &strictyaml.Error{File: path, Msg: err.Error()}
	}
	return Parse(path, data, name)
}

func (r *Realm) applyDefaults() {
	h := &r.HAProxy
	setDefault(&h.BindAddress, DefaultBindAddress)
	setDefault(&h.ConfigPath, DefaultConfigPath)
	setDefault(&h.SocketPath, DefaultSocketPath)
	setDefault(&h.MasterSocketPath, DefaultMasterSocketPath)
	setDefault(&h.AgentListen, DefaultAgentListen)
	if h.ResyncInterval == 0 {
		h.ResyncInterval = strictyaml.Duration(DefaultResyncInterval)
	}
	if h.CanaryHeader.Name == "" {
		h.CanaryHeader = DefaultCanaryHeader
	}
	if h.IsolatedPortOffset == 0 {
		h.IsolatedPortOffset = DefaultIsolatedPortOffset
	}
	setDefault(&r.Mesos.AgentURL, DefaultAgentURL)
	r.serverDefaults()
	if r.Limits.ServicePortRange == nil {
		r.Limits.ServicePortRange = []int{manifest.DefaultServicePortMin, manifest.DefaultServicePortMax}
	}
}

func setDefault(s *string, def string) {
	if *s == "" {
		*s = def
	}
}

func (r *Realm) validate(doc *strictyaml.Doc, name string) {
	switch why := manifest.CheckName(r.Realm, 63); {
	case r.Realm == "" && !doc.Failed("realm"):
		doc.Errorf("realm", "required: the realm's name, the same as the file name")
	case why != "" && r.Realm != "":
		doc.Errorf("realm", "realm name %s", why)
	case name != "" && r.Realm != name:
		doc.Errorf("realm", "the file was found as realm %q but says realm: %s; make them match", name, r.Realm)
	}
	r.validateDiscovery(doc)
	if len(r.Marathon.URLs) == 0 && !doc.Failed("marathon.urls") {
		doc.Errorf("marathon.urls", "required: list the Marathon URLs, such as [http://marathon-1:8080, http://marathon-2:8080]")
	}
	for i, u := range r.Marathon.URLs {
		p := fmt.Sprintf("marathon.urls[%d]", i)
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			doc.Errorf(p, "%q is not an http:// or https:// URL", RedactURL(u))
		} else if pu.User != nil {
			doc.Errorf(p, "%q has credentials in the URL: put the user in marathon.auth.basic and the password in an environment variable", RedactURL(u))
		}
	}
	if t := r.Marathon.Timeout.D(); t != 0 && (t < time.Second || t > MaxMarathonTimeout) {
		doc.Errorf("marathon.timeout", "must be from 1s to %s (got %s; leave it out for %s)", MaxMarathonTimeout, t, marathon.DefaultTimeout)
	}
	if a := r.Marathon.Auth; a != nil {
		r.validateAuth(doc, a)
	}
	if u := r.Mesos.AgentURL; u != "" {
		pu, err := url.Parse(strings.NewReplacer("{host}", "h", "{agentId}", "a").Replace(u))
		switch {
		case err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "":
			doc.Errorf("mesos.agentURL", "%q is not an http:// or https:// URL; use {host} or {agentId} for the task's, as in http://{host}:5051", RedactURL(u))
		case pu.User != nil:
			doc.Errorf("mesos.agentURL", "%q has credentials in the URL: the agent API gets Marathon's credentials when it is on Marathon's origin", RedactURL(u))
		}
	}
	if a := r.StateAuth; a != nil {
		r.validateStateAuth(doc, a)
	}
	if r.State == "" && !doc.Failed("state") {
		doc.Errorf("state", "required: where the routing state lives, zk://host:2181,host:2181/yodel or file:///var/lib/yodel/state")
	} else if r.State != "" {
		if err := CheckStateURL(r.State); err != nil {
			doc.Errorf("state", "%v", err)
		} else if strings.HasPrefix(r.State, "zk://") && r.StateAuth == nil {
			doc.Errorf("state", "a ZooKeeper store without stateAuth is writable by anyone who can reach ZooKeeper "+
				"(they could send a service's traffic to their own app): add stateAuth: {digest: {user: yodel, passwordEnv: YODEL_ZK_PASSWORD}} "+
				"(or passwordFile: PATH), see docs/realms.md; or, to accept that, stateAuth: {insecure: true}")
		}
	}
	h := r.HAProxy
	if net.ParseIP(h.BindAddress) == nil {
		doc.Errorf("haproxy.bindAddress", "%q is not an IP address", h.BindAddress)
	}
	if _, _, err := net.SplitHostPort(h.AgentListen); err != nil {
		doc.Errorf("haproxy.agentListen", "%q is not host:port (such as :9190 or 127.0.0.1:9190)", h.AgentListen)
	}
	if ri := h.ResyncInterval.D(); ri < MinResyncInterval || ri > MaxResyncInterval {
		doc.Errorf("haproxy.resyncInterval", "must be from %s to %s (got %s): how often every agent re-reads all of Marathon and the state store", MinResyncInterval, MaxResyncInterval, ri)
	}
	if t := h.AgentToken; t != nil {
		switch {
		case t.inline:
			doc.Errorf("haproxy.agentToken", inlineSecret+"write agentToken: {env: VAR} or agentToken: {file: PATH}")
		case (t.Env == "") == (t.File == ""):
			doc.Errorf("haproxy.agentToken", "set exactly one of env (an environment variable) or file (a file holding the token)")
		}
	}
	if h.IsolatedPortOffset < 0 || h.IsolatedPortOffset > 60000 {
		doc.Errorf("haproxy.isolatedPortOffset", "must be from 1 to 60000")
	}
	if h.MaxPortsPerApp < 0 || h.MaxPortsPerApp > 1000 {
		doc.Errorf("haproxy.maxPortsPerApp", "must be from 1 to 1000 (leave it out for the default, 32)")
	}
	if h.MaxFrontends < 0 || h.MaxFrontends > 20000 {
		doc.Errorf("haproxy.maxFrontends", "must be from 1 to 20000 (leave it out for the default, 4000): every reload binds them all")
	}
	l := r.Limits
	if !manifest.InRange(l.MaxCPUs, 0, manifest.MaxCPUs) {
		doc.Errorf("limits.maxCpus", "must be from 0 to %d (got %v; leave it out for no limit)", manifest.MaxCPUs, l.MaxCPUs)
	}
	if !manifest.InRange(l.MaxMem, 0, manifest.MaxMem) {
		doc.Errorf("limits.maxMem", "must be from 0 to %d MiB (got %v; leave it out for no limit)", manifest.MaxMem, l.MaxMem)
	}
	if l.MaxInstances < 0 || l.MaxInstances > manifest.MaxInstances {
		doc.Errorf("limits.maxInstances", "must be from 0 to %d (got %d; leave it out for no limit)", manifest.MaxInstances, l.MaxInstances)
	}
	if pr := l.ServicePortRange; len(pr) != 2 || pr[0] < 1 || pr[1] > 65535 || pr[0] > pr[1] {
		doc.Errorf("limits.servicePortRange", "must be [min, max] with 1 <= min <= max <= 65535, such as [10000, 20000]")
	} else if off := h.IsolatedPortOffset; pr[1]+off > 65535 {
		doc.Errorf("haproxy.isolatedPortOffset", "servicePortRange max %d + offset %d is above 65535: isolated ports would not exist", pr[1], off)
	}
	for i, d := range r.Secrets.AllowDirs {
		if d == "" || d == "/" {
			doc.Errorf(fmt.Sprintf("secrets.allowDirs[%d]", i), "must name a directory that holds only secrets for services, not %q", d)
		}
	}
	for i, f := range r.Secrets.AllowFiles {
		if f == "" {
			doc.Errorf(fmt.Sprintf("secrets.allowFiles[%d]", i), "must name a file")
		}
	}
	for i, e := range r.Secrets.AllowEnv {
		if !allowEnvRe.MatchString(e) {
			doc.Errorf(fmt.Sprintf("secrets.allowEnv[%d]", i), "%q is not a variable name or a prefix ending in * (such as WEB_DB_PASSWORD or WEB_*)", e)
		}
	}
	r.Canary.Validate(doc, "canary")
	manifest.CheckCanaryDefaults(doc, &r.Canary, r.Limits.MaxInstances)
	r.validateServer(doc)

	r.validateNotifications(doc)
	r.validateMetrics(doc)
}

const inlineSecret = "a secret must not be written in the realm file (it would end up in version control): "

func (r *Realm) validateAuth(doc *strictyaml.Doc, a *Auth) {
	switch {
	case a.Basic != nil && a.Token != nil:
		doc.Errorf("marathon.auth", "choose basic or token, not both")
	case a.Basic == nil && a.Token == nil && !doc.Failed("marathon.auth"):
		doc.Errorf("marathon.auth", "set basic: {user, passwordEnv | passwordFile} or token: {env | file}")
	}
	if b := a.Basic; b != nil {
		if b.Password != "" {
			doc.Errorf("marathon.auth.basic.password", inlineSecret+"use passwordEnv: VAR (an environment variable) or passwordFile: PATH")
		}
		if b.User == "" && !doc.Failed("marathon.auth.basic.user") {
			doc.Errorf("marathon.auth.basic.user", "required: the Marathon user name")
		}
		if (b.PasswordEnv == "") == (b.PasswordFile == "") && b.Password == "" {
			doc.Errorf("marathon.auth.basic", "set exactly one of passwordEnv (an environment variable) or passwordFile (a file holding the password)")
		}
	}
	if t := a.Token; t != nil {
		switch {
		case t.inline:
			doc.Errorf("marathon.auth.token", inlineSecret+"write token: {env: VAR} or token: {file: PATH}")
		case (t.Env == "") == (t.File == ""):
			doc.Errorf("marathon.auth.token", "set exactly one of env (an environment variable) or file (a file holding the token)")
		}
	}
}

func (r *Realm) validateStateAuth(doc *strictyaml.Doc, a *StateAuth) {
	if !strings.HasPrefix(r.State, "zk://") && r.State != "" {
		doc.Errorf("stateAuth", "applies to zk:// state stores only; state is %s (remove stateAuth, or use a zk:// store)", r.State)
	}
	d := a.Digest
	if d == nil {
		if !a.Insecure && !doc.Failed("stateAuth") {
			doc.Errorf("stateAuth", "set digest: {user, passwordEnv | passwordFile} (ZooKeeper digest auth), or insecure: true to leave the state writable by anyone")
		}
		return
	}
	if a.Insecure {
		doc.Errorf("stateAuth.insecure", "contradicts stateAuth.digest: remove insecure: true")
	}
	if d.Password != "" {
		doc.Errorf("stateAuth.digest.password", inlineSecret+"use passwordEnv: VAR (an environment variable) or passwordFile: PATH")
	}
	switch {
	case d.User == "" && !doc.Failed("stateAuth.digest.user"):
		doc.Errorf("stateAuth.digest.user", "required: the ZooKeeper digest user name")
	case strings.Contains(d.User, ":"):
		doc.Errorf("stateAuth.digest.user", "must not contain ':' (ZooKeeper digest credentials are user:password)")
	}
	if (d.PasswordEnv == "") == (d.PasswordFile == "") && d.Password == "" {
		doc.Errorf("stateAuth.digest", "set exactly one of passwordEnv (an environment variable) or passwordFile (a file holding the password)")
	}
}

// CheckStateURL checks the scheme and shape of a routing-state URL.
func CheckStateURL(raw string) error {
	s := RedactURL(raw) // for messages
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL: use zk://host:2181,host:2181/path or file:///path", s)
	}
	if u.User != nil {
		return fmt.Errorf("%q has credentials in the URL: they would be printed wherever the URL is; use stateAuth: {digest: {user, passwordEnv}} for ZooKeeper", s)
	}
	switch u.Scheme {
	case "zk":
		if u.Host == "" {
			return fmt.Errorf("%q names no ZooKeeper hosts: use zk://host:2181,host:2181/path", s)
		}
		if u.Path == "" || u.Path == "/" {
			return fmt.Errorf("%q needs a path under which yodel keeps its state, such as zk://host:2181/yodel", s)
		}
	case "file":
		if u.Host != "" || !strings.HasPrefix(u.Path, "/") {
			return fmt.Errorf("%q: a file store URL has three slashes and an absolute path, such as file:///var/lib/yodel/state", s)
		}
	default:
		return fmt.Errorf("scheme %q is not supported: use zk://host:2181,host:2181/path or file:///path", u.Scheme)
	}
	return nil
}

// RedactURL hides the password of any user:password@ in s, which need not
// parse as a URL: "http://admin:pw@[bad" becomes "http://admin:***@[bad".
// Messages quote URLs through it, so a refused URL is never echoed whole.
func RedactURL(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		end := strings.IndexAny(s, "/?#, ")
		if end < 0 {
			end = len(s)
		}
		auth := s[:end]
		if at := strings.LastIndex(auth, "@"); at >= 0 {
			user, _, hasPW := strings.Cut(auth[:at], ":")
			b.WriteString(user)
			if hasPW {
				b.WriteString(":***")
			}
			b.WriteString(auth[at:])
		} else {
			b.WriteString(auth)
		}
		s = s[end:]
	}
}

// StateCredentials are the resolved ZooKeeper digest credentials of the
// state store; zero without stateAuth. Never print them.
type StateCredentials struct {
	User, Password string
}

// StateCredentials resolves the realm's stateAuth on this machine, like
// Credentials does for Marathon: errors name the variable or file, never a
// value.
func (r *Realm) StateCredentials(lookupEnv func(string) (string, bool)) (StateCredentials, error) {
	if r.StateAuth == nil || r.StateAuth.Digest == nil {
		return StateCredentials{}, nil
	}
	d := r.StateAuth.Digest
	pw, err := r.secret(lookupEnv, "ZooKeeper digest password", "stateAuth.digest", d.PasswordEnv, d.PasswordFile)
	if err != nil {
		return StateCredentials{}, err
	}
	return StateCredentials{User: d.User, Password: pw}, nil
}

// secret resolves a secret the realm names by environment variable or by
// file (relative to the realm file); errors name field and source, never
// a value.
func (r *Realm) secret(lookupEnv func(string) (string, bool), what, field, env, file string) (string, error) {
	ref := "env:" + env
	if file != "" {
		ref = "file:" + file
	}
	src := manifest.SecretSource{LookupEnv: lookupEnv, BaseDir: filepath.Dir(r.File)}
	v, err := src.Resolve(what, ref)
	if err != nil {
		return "", &strictyaml.Error{File: r.File, Field: field, Msg: err.Error()}
	}
	return v, nil
}

// AgentTokenEnv holds the lb agents' API token when the realm names no
// haproxy.agentToken.
const AgentTokenEnv = "YODEL_LB_TOKEN"

// AgentToken resolves the lb agents' API token on this machine: the
// realm's haproxy.agentToken, else $YODEL_LB_TOKEN, else "" (agents on
// loopback need none). Errors name the variable or file, never a value.
func (r *Realm) AgentToken(lookupEnv func(string) (string, bool)) (string, error) {
	t := r.HAProxy.AgentToken
	if t == nil {
		v, _ := lookupEnv(AgentTokenEnv)
		return strings.TrimSpace(v), nil
	}
	tok, err := r.secret(lookupEnv, "lb agent token", "haproxy.agentToken", t.Env, t.File)
	return strings.TrimSpace(tok), err
}

// Credentials are resolved Marathon credentials. Never print them.
type Credentials struct {
	User, Password string
	Token          string
}

// Credentials resolves the realm's Marathon auth on this machine. lookupEnv
// is os.LookupEnv outside tests. Errors name the variable or file, never a
// value. A realm without auth returns zero Credentials.
func (r *Realm) Credentials(lookupEnv func(string) (string, bool)) (Credentials, error) {
	a := r.Marathon.Auth
	if a == nil {
		return Credentials{}, nil
	}
	if b := a.Basic; b != nil {
		pw, err := r.secret(lookupEnv, "marathon password", "marathon.auth.basic", b.PasswordEnv, b.PasswordFile)
		if err != nil {
			return Credentials{}, err
		}
		return Credentials{User: b.User, Password: pw}, nil
	}
	if t := a.Token; t != nil {
		tok, err := r.secret(lookupEnv, "marathon token", "marathon.auth.token", t.Env, t.File)
		if err != nil {
			return Credentials{}, err
		}
		return Credentials{Token: tok}, nil
	}
	return Credentials{}, nil
}
