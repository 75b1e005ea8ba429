package manifest

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// MaxServiceNameLen keeps "<svc>-green" and HAProxy backend names short.
const MaxServiceNameLen = 48

var (
	nameRe    = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	operators = []string{"UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS"}
	// What Marathon 1.10 takes as IS's value (SchedulingValidationMessages.
	// MesosLiteralOrFloatValue).
	isValueRe  = regexp.MustCompile(`^[a-zA-Z0-9_/.-]*$`)
	reservedNS = "YODEL_"
)

// Upper bounds of every number a manifest holds. Marathon reads most of them
// as 32-bit integers and takes any size; these are far above any real
// service and far below what overflows or stalls a deploy for ever.
const (
	MaxInstances   = 10000
	MaxCPUs        = 1024
	MaxMem         = 16 << 20 // MiB: 16 TiB
	MaxDisk        = 1 << 30  // MiB: 1 PiB
	MaxHealthSecs  = 3600     // intervalSeconds, timeoutSeconds
	MaxHealthGrace = 86400    // gracePeriodSeconds: a day
	MaxHealthFails = 1000     // maxConsecutiveFailures
)

// Default service port range, used when a realm does not set its own.
const (
	DefaultServicePortMin = 10000
	DefaultServicePortMax = 20000
)

// CheckName returns why s is not a valid service (or port, realm) name, or
// "" when it is. These names become Marathon app ids and HAProxy section
// names, so only [a-z0-9-] is accepted.
func CheckName(s string, maxLen int) string {
	switch {
	case s == "":
		return "must not be empty"
	case len(s) > maxLen:
		return fmt.Sprintf("is %d characters long; the limit is %d", len(s), maxLen)
	case nameRe.MatchString(s):
		return ""
	case strings.ToLower(s) != s && nameRe.MatchString(strings.ToLower(s)):
		return fmt.Sprintf("%q has upper case letters: use %q", s, strings.ToLower(s))
	case strings.ContainsAny(s, "_."):
		// The example must itself be accepted: "Web_1" suggests "web-1",
		// not "Web-1", which would be refused next for its upper case.
		if fix := fixName(s); nameRe.MatchString(fix) && len(fix) <= maxLen {
			return fmt.Sprintf("%q contains '_' or '.': use '-' instead, as in %q", s, fix)
		}
		return fmt.Sprintf("%q contains '_' or '.': use only a-z, 0-9 and '-'", s)
	case strings.ContainsAny(s, " \t\r\n"):
		return fmt.Sprintf("%q contains white space: use only a-z, 0-9 and '-'", s)
	case strings.ContainsAny(s, `"'`+"`"):
		return fmt.Sprintf("%q contains a quote: use only a-z, 0-9 and '-'", s)
	case strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-"):
		return fmt.Sprintf("%q must start and end with a letter or digit", s)
	}
	return fmt.Sprintf("%q may contain only a-z, 0-9 and '-'", s)
}

// fixName is s in lower case with '_' and '.' turned into '-'.
func fixName(s string) string {
	return strings.NewReplacer("_", "-", ".", "-").Replace(strings.ToLower(s))
}

// ValidServiceName returns an error (exit 2) when s is not a valid service name.
func ValidServiceName(s string) error {
	if why := CheckName(s, MaxServiceNameLen); why != "" {
		return &Error{Msg: "service name " + why}
	}
	return nil
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// validate records every problem with m on its Doc.
func (m *Manifest) validate() {
	d := m.Doc()
	switch why := CheckName(m.Service, MaxServiceNameLen); {
	case m.Service == "" && !d.Failed("service"):
		d.Errorf("service", "required: name the service (lower case letters, digits and '-')")
	case why != "" && m.Service != "":
		d.Errorf("service", "%s", why)
	}

	switch {
	case m.Image != "" && m.Cmd != "":
		d.Errorf("cmd", "both image and cmd are set: keep image for a Docker service or cmd for a shell command, not both")
	case m.Image == "" && m.Cmd == "" && !d.Failed("image") && !d.Failed("cmd"):
		d.Errorf("image", "required: set image (a Docker image) or cmd (a shell command)")
	}
	if len(m.Args) > 0 && m.Image == "" && m.Cmd != "" {
		d.Errorf("args", "args only go with image; put the arguments in cmd")
	}
	if m.Image != "" && strings.ContainsAny(m.Image, " \t\n") {
		d.Errorf("image", "%q contains white space", m.Image)
	}
	checkInstances(d, "instances", m.Instances)
	m.validateResources("resources", &m.Resources, true)
	m.validatePorts()
	m.validateHealth()
	m.validateDiscovery()
	m.validateAutoscale()
	validateEnv(d, "env", m.Env, m.Image == "" && len(m.Ports) > 0)
	validateSecrets(d, "secrets", m.Secrets, m.Image == "" && len(m.Ports) > 0)
	validateLabels(d, "labels", m.Labels)
	m.validateOverlap()
	for i, c := range m.Constraints {
		if why := checkConstraint(c); why != "" {
			d.Errorf(indexPath("constraints", i), "%s", why)
		}
	}
	if u := m.Upgrade; u != nil {
		if v := u.MinimumHealthCapacity; v != nil && !InRange(*v, 0, 1) {
			d.Errorf("upgrade.minimumHealthCapacity", "must be from 0 to 1 (a fraction of instances)")
		}
		if v := u.MaximumOverCapacity; v != nil && !InRange(*v, 0, 1) {
			d.Errorf("upgrade.maximumOverCapacity", "must be from 0 to 1 (a fraction of instances)")
		}
	}
	if g := m.KillGracePeriodSeconds; g != nil && (*g < 0 || *g > MaxKillGracePeriod) {
		d.Errorf("killGracePeriodSeconds", "must be from 0 to %d seconds (got %d): the time a killed task keeps to finish its requests after SIGTERM; the default is %d",
			MaxKillGracePeriod, *g, DefaultKillGracePeriod)
	}
	for _, name := range sortedKeys(m.Realms) {
		o := m.Realms[name]
		p := "realms." + name
		if why := CheckName(name, 63); why != "" {
			d.Errorf(p, "realm name %s", why)
		}
		checkInstances(d, p+".instances", o.Instances)
		if o.Resources != nil {
			m.validateResources(p+".resources", o.Resources, false)
		}
		validateEnv(d, p+".env", o.Env, m.Image == "" && len(m.Ports) > 0)
		validateSecrets(d, p+".secrets", o.Secrets, m.Image == "" && len(m.Ports) > 0)
		validateLabels(d, p+".labels", o.Labels)
		m.validateRealmOverlap(name, o)
	}
	m.Canary.Validate(d, "canary")
	if c := m.Canary; c != nil && c.Partial != nil && c.Partial.Sticky != nil && *c.Partial.Sticky && len(m.Ports) > 0 {
		http := false
		for _, p := range m.Ports {
			http = http || p.PortProtocol() == ProtocolHTTP
		}
		if !http {
			d.Errorf("canary.partial.sticky", "needs an HTTP port: stickiness is a cookie, and every port of this service is tcp; remove sticky or make a port http")
		}
	}
}

func (m *Manifest) validateResources(path string, r *Resources, required bool) {
	d := m.Doc()
	check := func(field string, v *float64, what string, need bool, max float64) {
		fp := path + "." + field
		switch {
		case v == nil && need && !d.Failed(fp):
			d.Errorf(fp, "required: set the %s", what)
		case v != nil && (*v <= 0 || math.IsNaN(*v) || math.IsInf(*v, 0)):
			d.Errorf(fp, "must be greater than 0 (got %v): set the %s", *v, what)
		case v != nil && *v > max:
			d.Errorf(fp, "%v is above the most any task can have (%v): set the %s", *v, max, what)
		}
	}
	check("cpus", r.CPUs, "CPU share per instance, such as 0.25", required, MaxCPUs)
	check("mem", r.Mem, "memory limit in MiB", required, MaxMem)
	check("disk", r.Disk, "disk in MiB", false, MaxDisk)
}

func (m *Manifest) validatePorts() {
	d := m.Doc()
	names := map[string]int{}
	sports := map[int]int{}
	for i, p := range m.Ports {
		pp := indexPath("ports", i)
		switch why := CheckName(p.Name, 63); {
		case p.Name == "" && !d.Failed(pp+".name"):
			d.Errorf(pp+".name", "required: name the port, such as \"http\"")
		case why != "" && p.Name != "":
			d.Errorf(pp+".name", "port name %s", why)
		}
		if j, dup := names[p.Name]; dup && p.Name != "" {
			d.Errorf(pp+".name", "port name %q is already used by ports[%d]", p.Name, j)
		} else {
			names[p.Name] = i
		}
		switch {
		case p.ServicePort == 0 && !d.Failed(pp+".servicePort"):
			d.Errorf(pp+".servicePort", "required: the port clients call on the load balancer")
		case p.ServicePort < 1 || p.ServicePort > 65535:
			if p.ServicePort != 0 {
				d.Errorf(pp+".servicePort", "%d is not a port number (1-65535)", p.ServicePort)
			}
		}
		if j, dup := sports[p.ServicePort]; dup && p.ServicePort != 0 {
			d.Errorf(pp+".servicePort", "servicePort %d is already used by ports[%d]: each port needs its own", p.ServicePort, j)
		} else {
			sports[p.ServicePort] = i
		}
		switch {
		case m.Image != "" && p.ContainerPort == 0 && !d.Failed(pp+".containerPort"):
			d.Errorf(pp+".containerPort", "required for an image service: the port the container listens on")
		case p.ContainerPort < 0 || p.ContainerPort > 65535:
			d.Errorf(pp+".containerPort", "%d is not a port number (1-65535)", p.ContainerPort)
		case m.Image == "" && m.Cmd != "" && p.ContainerPort != 0:
			d.Errorf(pp+".containerPort", "only for image services: a cmd service listens on the host port Marathon gives it in $PORT%d", i)
		}
		if p.Protocol != "" && p.Protocol != ProtocolHTTP && p.Protocol != ProtocolTCP {
			d.Errorf(pp+".protocol", "must be %q or %q (got %q)", ProtocolHTTP, ProtocolTCP, p.Protocol)
		}
	}
}

// PortProtocol is the port's protocol with the default applied.
func (p Port) PortProtocol() string {
	if p.Protocol == "" {
		return ProtocolHTTP
	}
	return p.Protocol
}

// PortIndex returns the index of the named port, or -1.
func (m *Manifest) PortIndex(name string) int {
	for i, p := range m.Ports {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// unknownPort says that no port is named name, and which are.
func (m *Manifest) unknownPort(name string) string {
	names := make([]string, len(m.Ports))
	for i, p := range m.Ports {
		names[i] = p.Name
	}
	msg := fmt.Sprintf("no port named %q", name)
	if s := strictyaml.DidYouMean(name, names); s != "" {
		return msg + fmt.Sprintf("; did you mean %q?", s)
	}
	return msg + "; ports are: " + strings.Join(names, ", ")
}

func (m *Manifest) validateHealth() {
	h := m.Health
	if h == nil {
		return
	}
	d := m.Doc()
	kinds := 0
	for _, set := range []bool{h.Path != "", h.Command != "", h.TCP} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds > 1:
		d.Errorf("health", "choose one of path (HTTP), command or tcp: true")
	case kinds == 0 && !d.Failed("health"):
		d.Errorf("health", "set path (an HTTP check such as /healthz), command, or tcp: true")
	}
	if h.Path != "" {
		if problem := HealthPathProblem(h.Path); problem != "" {
			d.Errorf("health.path", "%s", problem)
		}
	}
	if h.Command == "" {
		switch {
		case len(m.Ports) == 0:
			d.Errorf("health", "an HTTP or TCP check needs a port: add ports, or use health.command")
		case h.Port != "" && m.PortIndex(h.Port) < 0:
			d.Errorf("health.port", "%s", m.unknownPort(h.Port))
		}
	} else if h.Port != "" {
		d.Errorf("health.port", "a command check does not use a port")
	}
	if h.Path != "" && h.Port != "" {
		// A protocol refused at its own line (HTTP) is no evidence the port is tcp.
		if i := m.PortIndex(h.Port); i >= 0 && m.Ports[i].PortProtocol() != ProtocolHTTP && !d.Failed(indexPath("ports", i)+".protocol") {
			d.Errorf("health.port", "port %q is tcp: use tcp: true, or make the port http", h.Port)
		}
	} else if h.Path != "" && len(m.Ports) > 0 && m.Ports[0].PortProtocol() != ProtocolHTTP && !d.Failed("ports[0].protocol") {
		// Without a port the check goes to the first one (appdef: portIndex 0).
		d.Errorf("health.path", "an HTTP check goes to the first port, %q, which is tcp: set health.port to an http port, or use tcp: true", m.Ports[0].Name)
	}
	bound := func(field string, v *int, min, max int) {
		if v != nil && (*v < min || *v > max) {
			d.Errorf("health."+field, "must be from %d to %d (got %d)", min, max, *v)
		}
	}
	bound("intervalSeconds", h.IntervalSeconds, 1, MaxHealthSecs)
	bound("timeoutSeconds", h.TimeoutSeconds, 1, MaxHealthSecs)
	bound("gracePeriodSeconds", h.GracePeriodSeconds, 0, MaxHealthGrace)
	bound("maxConsecutiveFailures", h.MaxConsecutiveFailures, 0, MaxHealthFails)
}

// InRange reports lo <= v <= hi; NaN is in no range (a plain `v < lo ||
// v > hi` test lets it through).
func InRange(v, lo, hi float64) bool { return v >= lo && v <= hi }

func checkInstances(d *strictyaml.Doc, path string, v *int) {
	if v != nil && (*v < 1 || *v > MaxInstances) {
		d.Errorf(path, "must be from 1 to %d (got %d)", MaxInstances, *v)
	}
}

// HealthPathProblem says what is wrong with p as a health check's path
// ("must start with /"), "" when nothing is.
func HealthPathProblem(p string) string {
	switch {
	case !strings.HasPrefix(p, "/"):
		return "must start with /"
	case strings.IndexFunc(p, unsafeInPath) >= 0:
		// The path is sent as a request line by Marathon's checker: white
		// space or control characters would split or corrupt it.
		return "must not contain white space, quotes, '#' or control characters; percent-encode them (%20)"
	}
	return ""
}

func unsafeInPath(r rune) bool {
	return r <= ' ' || r == 0x7f || r == '"' || r == '\'' || r == '#' || r == '\\' || (r >= 0x80 && r <= 0x9f)
}

// validateEnv checks env's names. hostPorts (a cmd service with ports: it
// listens on the host ports Marathon gives each task) refuses Marathon's
// port variables too: Marathon puts the app's env after its own (TaskBuilder.
// commandInfo in 1.4), so a PORT0 there would make every task listen on
// that one port while HAProxy sends to the ports Marathon gave them. An
// image service may set them (its process listens on containerPort), and
// so may a service without ports (Marathon sets none).
func validateEnv(d *strictyaml.Doc, path string, env map[string]string, hostPorts bool) {
	for _, k := range sortedKeys(env) {
		switch {
		case !envNameRe.MatchString(k):
			d.Errorf(path+"."+k, "not a valid environment variable name (letters, digits, '_'; not starting with a digit)")
		case strings.HasPrefix(k, reservedNS):
			d.Errorf(path+"."+k, "names starting with %s are set by yodel", reservedNS)
		case hostPorts && marathonPortVar(k):
			d.Errorf(path+"."+k, "set by Marathon for each task to the host port it gave the task (PORT, PORT0..n, PORTS, PORT_<name>); a value here would replace it, and the tasks would listen where HAProxy does not send: remove it and listen on $%s as given", k)
		}
	}
}

// marathonPortVar reports whether k is one of the port variables Marathon
// sets on a task (EnvironmentHelper.portsEnv): PORT, PORTS, PORT<i>,
// PORT_<port> and PORT_<NAME>.
func marathonPortVar(k string) bool {
	if k == "PORT" || k == "PORTS" || (strings.HasPrefix(k, "PORT_") && k != "PORT_") {
		return true
	}
	i, ok := strings.CutPrefix(k, "PORT")
	if !ok || i == "" {
		return false
	}
	for _, r := range i {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// validateSecrets checks secrets' names and references. A secret is an
// environment variable of the task like env's, so hostPorts refuses
// Marathon's port variables here too (validateEnv).
func validateSecrets(d *strictyaml.Doc, path string, secrets map[string]string, hostPorts bool) {
	for _, k := range sortedKeys(secrets) {
		kp := path + "." + k
		if !envNameRe.MatchString(k) {
			d.Errorf(kp, "not a valid environment variable name (letters, digits, '_'; not starting with a digit)")
			continue
		}
		if strings.HasPrefix(k, reservedNS) {
			d.Errorf(kp, "names starting with %s are set by yodel", reservedNS)
		}
		if hostPorts && marathonPortVar(k) {
			d.Errorf(kp, "set by Marathon for each task to the host port it gave the task (PORT, PORT0..n, PORTS, PORT_<name>); a secret of that name would replace it, and the tasks would listen where HAProxy does not send: rename the secret")
		}
		ref := secrets[k]
		kind, rest, _ := strings.Cut(ref, ":")
		switch {
		case kind == "env" && envNameRe.MatchString(rest):
		case kind == "env":
			d.Errorf(kp, "env:%s: not a valid environment variable name", rest)
		case kind == "file" && rest != "":
		default:
			// Never echo the value: it may be the secret itself, pasted in.
			d.Errorf(kp, "must be a reference, env:VAR or file:PATH, resolved on the deploying machine; never the secret itself")
		}
	}
}

// checkConstraint returns why Marathon would refuse the constraint c, or
// "": the rules of AppDefinition.complyWithConstraintRules (1.4.13) and
// SchedulingValidation.complyWithConstraintRules (1.10.26), so that a
// mistake is named at its line here rather than by Marathon's 422 at
// deploy time. LIKE and UNLIKE take a Java regular expression, which Go's
// regexp cannot judge (it refuses valid lookaheads): only its presence is
// checked.
func checkConstraint(c []string) string {
	if len(c) < 2 || len(c) > 3 {
		return "a constraint is [field, OPERATOR] or [field, OPERATOR, value], such as [hostname, UNIQUE]"
	}
	field, op, value, hasValue := c[0], c[1], "", len(c) == 3
	if hasValue {
		value = c[2]
	}
	isInt := func(v string) bool { _, err := strconv.ParseInt(v, 10, 32); return err == nil }
	switch {
	case !slices.Contains(operators, op):
		return fmt.Sprintf("unknown operator %q: use one of %s", op, strings.Join(operators, ", "))
	case strings.TrimSpace(field) == "":
		return "the field is empty: name an agent attribute or hostname, such as [hostname, " + op + "]"
	case op == "UNIQUE" && hasValue:
		return fmt.Sprintf("UNIQUE takes no value: write [%s, UNIQUE]", field)
	case op == "GROUP_BY" && hasValue && !isInt(value):
		return fmt.Sprintf("GROUP_BY takes no value or a whole number of groups, not %q: such as [%s, GROUP_BY, 3]", value, field)
	case op == "MAX_PER" && !isInt(value):
		return fmt.Sprintf("MAX_PER needs a whole number, the most tasks per %s value: such as [%s, MAX_PER, 2]", field, field)
	case (op == "LIKE" || op == "UNLIKE") && value == "":
		return fmt.Sprintf("%s needs a regular expression for the %s value: such as [%s, %s, \"rack-[1-3]\"]", op, field, field, op)
	case op == "IS" && !isValueRe.MatchString(value):
		return fmt.Sprintf("IS takes a Mesos text or number value (letters, digits, '_', '/', '.', '-'), not %q", value)
	}
	return ""
}

func validateLabels(d *strictyaml.Doc, path string, labels map[string]string) {
	for _, k := range sortedKeys(labels) {
		switch {
		case k == "":
			d.Errorf(path, "a label needs a name")
		case strings.HasPrefix(k, reservedNS):
			d.Errorf(path+"."+k, "labels starting with %s are set by yodel", reservedNS)
		case strings.ContainsAny(k, " \t\r\n"):
			d.Errorf(path+"."+k, "label names may not contain white space")
		}
	}
}

func (m *Manifest) validateOverlap() {
	for _, k := range sortedKeys(m.Secrets) {
		if _, dup := m.Env[k]; dup {
			m.Doc().Errorf("secrets."+k, "%s is both in env and in secrets: keep one", k)
		}
	}
}

// validateRealmOverlap reports the keys a realm override makes both env and
// secret. Only the override's own keys are looked at (the base manifest's
// are checked once, by validateOverlap): merging every realm's maps
// (ForRealm) made validation quadratic, realms times keys.
func (m *Manifest) validateRealmOverlap(realm string, o RealmOverride) {
	p := "realms." + realm
	for _, k := range sortedKeys(o.Secrets) {
		_, inBase := m.Env[k]
		_, inRealm := o.Env[k]
		if inBase || inRealm {
			m.Doc().Errorf(p+".secrets."+k, "%s is both in env and in secrets in realm %s: keep one", k, realm)
		}
	}
	for _, k := range sortedKeys(o.Env) {
		_, inBase := m.Secrets[k]
		_, inRealm := o.Secrets[k]
		if inBase && !inRealm {
			m.Doc().Errorf(p+".env."+k, "%s is a secret (secrets.%s) and also set in this realm's env: keep one", k, k)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Limits are a realm's caps on one service (zero means no cap) and its
// servicePort range.
type Limits struct {
	MaxCPUs        float64
	MaxMem         float64
	MaxInstances   int
	ServicePortMin int
	ServicePortMax int
	// IsolatedPortOffset is the realm's haproxy.isolatedPortOffset: a tcp
	// port's isolated port must not be another of the service's ports.
	IsolatedPortOffset int
}

// CheckDefaultPorts checks servicePorts against Marathon's default range
// (--local_port_min 10000, --local_port_max 20000: MarathonConf.scala in
// 1.4.13 and 1.10.26), for `yodel validate` without a realm: a realm may set
// another range, but a port outside the default one is almost always a
// mistake (servicePort: 80 is a common one) and Marathon would refuse it
// only at deploy time.
func (m *Manifest) CheckDefaultPorts() error {
	doc := strictyaml.NewDoc(m.File)
	check := func(path string, port int) {
		// Not a port number at all is said once, by validation.
		if port >= 1 && port <= 65535 && (port < DefaultServicePortMin || port > DefaultServicePortMax) {
			doc.SetPos(path, m.Doc().Pos(path))
			doc.Errorf(path, "%d is outside Marathon's default servicePort range %d-%d; pick a port in it, or pass --realm to check against a realm that sets servicePortRange",
				port, DefaultServicePortMin, DefaultServicePortMax)
		}
	}
	for i, p := range m.Ports {
		check(indexPath("ports", i)+".servicePort", p.ServicePort)
	}
	return doc.Err()
}

// CheckRealm checks the manifest, as overridden for realm, against the
// realm's limits and servicePort range. It returns Errors (exit 2) or nil.
func (m *Manifest) CheckRealm(realm string, lim Limits) error {
	eff := m.ForRealm(realm)
	doc := strictyaml.NewDoc(m.File)
	// Reuse positions from the manifest's own document.
	at := func(path string) {
		doc.SetPos(path, m.Doc().Pos(path))
	}
	errorf := func(path, format string, args ...any) {
		at(path)
		doc.Errorf(path, format, args...)
	}
	if lim.MaxCPUs > 0 && eff.Resources.CPUs != nil && *eff.Resources.CPUs > lim.MaxCPUs {
		errorf(m.fieldFor(realm, "resources.cpus"), "%v is above realm %s's limit of %v cpus per instance", *eff.Resources.CPUs, realm, lim.MaxCPUs)
	}
	if lim.MaxMem > 0 && eff.Resources.Mem != nil && *eff.Resources.Mem > lim.MaxMem {
		errorf(m.fieldFor(realm, "resources.mem"), "%v MiB is above realm %s's limit of %v MiB per instance", *eff.Resources.Mem, realm, lim.MaxMem)
	}
	if lim.MaxInstances > 0 && eff.InstanceCount() > lim.MaxInstances {
		errorf(m.fieldFor(realm, "instances"), "%d is above realm %s's limit of %d instances", eff.InstanceCount(), realm, lim.MaxInstances)
	}
	if a := m.Autoscale; a != nil && a.Max != nil && lim.MaxInstances > 0 && *a.Max > lim.MaxInstances {
		errorf("autoscale.max", "%d is above realm %s's limit of %d instances: set max to at most %d", *a.Max, realm, lim.MaxInstances, lim.MaxInstances)
	}
	lo, hi := lim.ServicePortMin, lim.ServicePortMax
	if lo == 0 && hi == 0 {
		lo, hi = DefaultServicePortMin, DefaultServicePortMax
	}
	for i, p := range m.Ports {
		if p.ServicePort >= 1 && p.ServicePort <= 65535 && (p.ServicePort < lo || p.ServicePort > hi) {
			errorf(indexPath("ports", i)+".servicePort", "%d is outside realm %s's servicePort range %d-%d", p.ServicePort, realm, lo, hi)
		}
		if lim.IsolatedPortOffset <= 0 || p.PortProtocol() != ProtocolTCP {
			continue
		}
		// A tcp port's isolated port (state.Port.Isolated) on another of
		// the service's own servicePorts: HAProxy would bind both
		// frontends there and hand the public port's connections to the
		// canary's at random.
		iso := state.Port{ServicePort: p.ServicePort, Protocol: ProtocolTCP}.Isolated(lim.IsolatedPortOffset)
		for j, q := range m.Ports {
			if j != i && iso > 0 && q.ServicePort == iso {
				errorf(indexPath("ports", i)+".servicePort", "isolated port %d (tcp servicePort %d + realm %s's haproxy.isolatedPortOffset %d, where the canary is reached alone) is this service's servicePort of %s: HAProxy would split that port's connections between the two; give one of them another servicePort",
					iso, p.ServicePort, realm, lim.IsolatedPortOffset, indexPath("ports", j))
				break
			}
		}
	}
	return doc.Err()
}

// CheckSharedPorts checks a set of manifests (a directory of a realm's
// services) for servicePorts that two services both use: the lb agents
// route a servicePort for one service only, and Marathon does not refuse
// the second. Each manifest that shares one gets an error naming the
// other; a result is nil for a manifest that shares none. Manifests of the
// same service (two files for one) are not compared.
func CheckSharedPorts(ms []*Manifest) []error {
	return CheckSharedPortsInRealm(ms, "", 0)
}

// CheckSharedPortsInRealm is CheckSharedPorts for the manifests of realm,
// whose haproxy.isolatedPortOffset is isolatedOffset: a TCP port's isolated
// port (its servicePort plus the offset, state.Port.Isolated, the rule the
// lb agents bind by and deploy checks against the other services) must not
// be another service's servicePort either. An offset of 0 checks
// servicePorts only (no realm, no isolated ports known).
func CheckSharedPortsInRealm(ms []*Manifest, realm string, isolatedOffset int) []error {
	type use struct {
		m    *Manifest
		path string
		// iso: the port is the isolated port of the TCP servicePort sp.
		iso bool
		sp  int
	}
	by := map[int][]use{}
	for _, m := range ms {
		for i, p := range m.Ports {
			if p.ServicePort == 0 {
				continue
			}
			path := indexPath("ports", i) + ".servicePort"
			by[p.ServicePort] = append(by[p.ServicePort], use{m: m, path: path})
			if isolatedOffset > 0 {
				sp := state.Port{ServicePort: p.ServicePort, Protocol: p.PortProtocol()}
				if iso := sp.Isolated(isolatedOffset); iso > 0 {
					by[iso] = append(by[iso], use{m: m, path: path, iso: true, sp: p.ServicePort})
				}
			}
		}
	}
	offset := fmt.Sprintf("haproxy.isolatedPortOffset %d", isolatedOffset)
	if realm != "" {
		offset = "realm " + realm + "'s " + offset
	}
	docs := make(map[*Manifest]*strictyaml.Doc, len(ms))
	for _, port := range slices.Sorted(maps.Keys(by)) {
		for _, u := range by[port] {
			for _, o := range by[port] {
				if o.m.Service == u.m.Service || (u.iso && o.iso) {
					// Two isolated ports on one port have one servicePort
					// too: that error is enough.
					continue
				}
				d := docs[u.m]
				if d == nil {
					d = strictyaml.NewDoc(u.m.File)
					docs[u.m] = d
				}
				at := o.m.File
				if p := o.m.Doc().Pos(o.path); p.Line > 0 {
					at += ":" + strconv.Itoa(p.Line)
				}
				d.SetPos(u.path, u.m.Doc().Pos(u.path))
				switch {
				case u.iso:
					d.Errorf(u.path, "isolated port %d (tcp servicePort %d + %s, where the canary is reached alone) is service %s's servicePort (%s): the lb agents route it for one service only, and yodel deploy refuses it; give one of them another servicePort (yodel init picks a free one)", port, u.sp, offset, o.m.Service, at)
				case o.iso:
					d.Errorf(u.path, "servicePort %d is service %s's isolated port (%s: tcp servicePort %d + %s, where its canary is reached alone): the lb agents route it for one service only, and yodel deploy refuses it; give one of them another servicePort (yodel init picks a free one)", port, o.m.Service, at, o.sp, offset)
				default:
					d.Errorf(u.path, "servicePort %d is also service %s's (%s): the lb agents route it for one service only; give each its own (yodel init picks a free one)", port, o.m.Service, at)
				}
				break
			}
		}
	}
	out := make([]error, len(ms))
	for i, m := range ms {
		if d := docs[m]; d != nil {
			out[i] = d.Err()
		}
	}
	return out
}
