package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// apiError is an error with Marathon's HTTP status and JSON body.
type apiError struct {
	Status int
	Body   errBody
}

// errBody keeps Marathon's key order: message first.
type errBody struct {
	Message     string              `json:"message"`
	Details     []violation         `json:"details,omitempty"`
	Deployments []map[string]string `json:"deployments,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Body.Message) }

func errMessage(status int, format string, args ...any) *apiError {
	return &apiError{Status: status, Body: errBody{Message: fmt.Sprintf(format, args...)}}
}

// violation is one entry of a 422 or 400 body's details.
type violation struct {
	Path   string   `json:"path"`
	Errors []string `json:"errors"`
}

type violations []violation

func (v *violations) add(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for i := range *v {
		if (*v)[i].Path == path {
			(*v)[i].Errors = append((*v)[i].Errors, msg)
			return
		}
	}
	*v = append(*v, violation{Path: path, Errors: []string{msg}})
}

func (v violations) err() error {
	if len(v) == 0 {
		return nil
	}
	return &apiError{Status: 422, Body: errBody{Message: "Object is not valid", Details: v}}
}

func invalidJSON(path, msg string) *apiError {
	return &apiError{Status: 400, Body: errBody{Message: "Invalid JSON", Details: []violation{{Path: path, Errors: []string{msg}}}}}
}

// appInput mirrors App with pointers so that absent and null fields can be
// told from zero values.
type appInput struct {
	ID                         *string                    `json:"id"`
	Cmd                        *string                    `json:"cmd"`
	Args                       *[]string                  `json:"args"`
	User                       *string                    `json:"user"`
	Env                        map[string]json.RawMessage `json:"env"`
	Instances                  *int                       `json:"instances"`
	Cpus                       *float64                   `json:"cpus"`
	Mem                        *float64                   `json:"mem"`
	Disk                       *float64                   `json:"disk"`
	Gpus                       *int                       `json:"gpus"`
	Executor                   *string                    `json:"executor"`
	Constraints                *[][]string                `json:"constraints"`
	Uris                       *[]string                  `json:"uris"`
	Fetch                      *[]json.RawMessage         `json:"fetch"`
	StoreUrls                  *[]string                  `json:"storeUrls"`
	BackoffSeconds             *float64                   `json:"backoffSeconds"`
	BackoffFactor              *float64                   `json:"backoffFactor"`
	MaxLaunchDelaySeconds      *float64                   `json:"maxLaunchDelaySeconds"`
	Container                  *containerInput            `json:"container"`
	HealthChecks               *[]healthCheckInput        `json:"healthChecks"`
	ReadinessChecks            *[]readinessInput          `json:"readinessChecks"`
	Dependencies               *[]string                  `json:"dependencies"`
	UpgradeStrategy            *upgradeInput              `json:"upgradeStrategy"`
	Labels                     map[string]string          `json:"labels"`
	AcceptedResourceRoles      *[]string                  `json:"acceptedResourceRoles"`
	IPAddress                  json.RawMessage            `json:"ipAddress"`
	Version                    *string                    `json:"version"`
	Residency                  json.RawMessage            `json:"residency"`
	Secrets                    map[string]json.RawMessage `json:"secrets"`
	TaskKillGracePeriodSeconds *float64                   `json:"taskKillGracePeriodSeconds"`
	UnreachableStrategy        json.RawMessage            `json:"unreachableStrategy"`
	KillSelection              *string                    `json:"killSelection"`
	RequirePorts               *bool                      `json:"requirePorts"`
	Ports                      *[]int                     `json:"ports"`
	PortDefinitions            *[]portDefInput            `json:"portDefinitions"`
}

type containerInput struct {
	Type    *string            `json:"type"`
	Volumes *[]json.RawMessage `json:"volumes"`
	Docker  *dockerInput       `json:"docker"`
}

type dockerInput struct {
	Image          *string             `json:"image"`
	Network        *string             `json:"network"`
	PortMappings   *[]portMappingInput `json:"portMappings"`
	Privileged     *bool               `json:"privileged"`
	Parameters     *[]json.RawMessage  `json:"parameters"`
	ForcePullImage *bool               `json:"forcePullImage"`
}

type portMappingInput struct {
	ContainerPort *int              `json:"containerPort"`
	HostPort      *int              `json:"hostPort"`
	ServicePort   *int              `json:"servicePort"`
	Protocol      *string           `json:"protocol"`
	Name          *string           `json:"name"`
	Labels        map[string]string `json:"labels"`
}

type portDefInput struct {
	Port     *int              `json:"port"`
	Protocol *string           `json:"protocol"`
	Name     *string           `json:"name"`
	Labels   map[string]string `json:"labels"`
}

type healthCheckInput struct {
	Path                   *string       `json:"path"`
	Protocol               *string       `json:"protocol"`
	PortIndex              *int          `json:"portIndex"`
	Port                   *int          `json:"port"`
	Command                *CommandCheck `json:"command"`
	GracePeriodSeconds     *float64      `json:"gracePeriodSeconds"`
	IntervalSeconds        *float64      `json:"intervalSeconds"`
	TimeoutSeconds         *float64      `json:"timeoutSeconds"`
	MaxConsecutiveFailures *int          `json:"maxConsecutiveFailures"`
	IgnoreHTTP1xx          *bool         `json:"ignoreHttp1xx"`
	DelaySeconds           *float64      `json:"delaySeconds"`
}

type readinessInput struct {
	Name                    *string  `json:"name"`
	Protocol                *string  `json:"protocol"`
	Path                    *string  `json:"path"`
	PortName                *string  `json:"portName"`
	IntervalSeconds         *float64 `json:"intervalSeconds"`
	TimeoutSeconds          *float64 `json:"timeoutSeconds"`
	HTTPStatusCodesForReady *[]int   `json:"httpStatusCodesForReady"`
	PreserveLastResponse    *bool    `json:"preserveLastResponse"`
}

type upgradeInput struct {
	MinimumHealthCapacity *float64 `json:"minimumHealthCapacity"`
	MaximumOverCapacity   *float64 `json:"maximumOverCapacity"`
}

var (
	idSegmentRe = regexp.MustCompile(`^(?:(?:(?:[a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*(?:[a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])|(?:\.|\.\.))$`)
	portNameRe  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
)

const idPatternText = `^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])|(\.|\.\.)$`

// decodeObject parses a JSON object, mapping syntax and type errors to
// Marathon's 400 "Invalid JSON" body with a JSON path.
func decodeObject(body []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, jsonError(err)
	}
	if m == nil {
		return nil, invalidJSON("", "error.expected.jsobject")
	}
	return m, nil
}

func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path := "/" + strings.ReplaceAll(te.Field, ".", "/")
		if te.Field == "" {
			path = ""
		}
		return invalidJSON(path, "error.expected."+expectedKind(te.Type.Kind().String()))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return invalidJSON("", fmt.Sprintf("Unexpected JSON at offset %d: %v", se.Offset, se))
	}
	return invalidJSON("", err.Error())
}

func expectedKind(k string) string {
	switch k {
	case "string":
		return "jsstring"
	case "bool":
		return "jsboolean"
	case "slice", "array":
		return "jsarray"
	case "map", "struct", "ptr":
		return "jsobject"
	}
	return "jsnumber"
}

// stripNulls drops null members: Marathon treats them as absent.
func stripNulls(m map[string]json.RawMessage) {
	for k, v := range m {
		if bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			delete(m, k)
		}
	}
}

// canonicalID makes an id absolute and clean, without validating it.
// canonicalID is Marathon's PathId(id).canonicalPath() (1.4.13
// state/PathId.scala, which AppDefinition.withCanonizedIds applies to what
// is posted): empty segments dropped, "." skipped, ".." the parent, made
// absolute. "/a/../b" is /b.
func canonicalID(id string) string {
	var out []string
	for _, seg := range strings.Split(strings.TrimSpace(id), "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	return "/" + strings.Join(out, "/")
}

func validateID(id string, v *violations) {
	if id == "/" {
		v.add("/id", "must not be root")
		return
	}
	segs := strings.Split(strings.TrimPrefix(id, "/"), "/")
	for _, s := range segs {
		if !idSegmentRe.MatchString(s) {
			v.add("/id", "must fully match regular expression '%s'", idPatternText)
			return
		}
	}
	switch segs[len(segs)-1] {
	case "restart", "tasks", "versions", ".", "..":
		v.add("/id", "must not end with '%s': it is a reserved path segment", segs[len(segs)-1])
	}
}

// parseApp builds a normalized App from a JSON object. pathID, when not
// empty, wins over the body's id.
func parseApp(m map[string]json.RawMessage, pathID string) (*App, error) {
	stripNulls(m)
	delete(m, "version")
	delete(m, "versionInfo")
	// Read-only fields clients echo back from GET; Marathon ignores them.
	for _, k := range []string{"tasks", "tasksStaged", "tasksRunning", "tasksHealthy", "tasksUnhealthy", "deployments", "lastTaskFailure", "taskStats", "readinessCheckResults"} {
		delete(m, k)
	}
	raw, _ := json.Marshal(m)
	var in appInput
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, jsonError(err)
	}
	var v violations
	a := &App{
		Env: map[string]json.RawMessage{}, Instances: 1, Cpus: 1, Mem: 128,
		Constraints: [][]string{}, Uris: []string{}, Fetch: []json.RawMessage{}, StoreUrls: []string{},
		BackoffSeconds: 1, BackoffFactor: 1.15, MaxLaunchDelaySeconds: 3600,
		HealthChecks: []HealthCheck{}, ReadinessChecks: []ReadinessCheck{}, Dependencies: []string{},
		UpgradeStrategy: UpgradeStrategy{1, 1}, Labels: map[string]string{}, Secrets: map[string]json.RawMessage{},
		IPAddress: json.RawMessage("null"), Residency: json.RawMessage("null"),
		UnreachableStrategy: json.RawMessage(`{"inactiveAfterSeconds":0,"expungeAfterSeconds":0}`),
		KillSelection:       "YOUNGEST_FIRST",
	}
	switch {
	case pathID != "":
		a.ID = canonicalID(pathID)
	case in.ID != nil:
		a.ID = canonicalID(*in.ID)
	default:
		return nil, invalidJSON("/id", "error.path.missing")
	}
	validateID(a.ID, &v)
	a.Cmd, a.Args, a.User = in.Cmd, in.Args, in.User
	if a.Cmd != nil && strings.TrimSpace(*a.Cmd) == "" {
		v.add("/cmd", "must not be empty")
	}
	for k, val := range in.Env {
		var s string
		var sec struct {
			Secret *string `json:"secret"`
		}
		if json.Unmarshal(val, &s) != nil && (json.Unmarshal(val, &sec) != nil || sec.Secret == nil) {
			v.add("/env/"+k, "must be a string or an object with a 'secret' field")
		}
		a.Env[k] = val
	}
	if in.Instances != nil {
		a.Instances = *in.Instances
	}
	if a.Instances < 0 {
		v.add("/instances", "got %d, expected 0 or more", a.Instances)
	}
	if in.Cpus != nil {
		a.Cpus = *in.Cpus
	}
	if a.Cpus < 0.001 {
		v.add("/cpus", "got %v, expected 0.001 or more", a.Cpus)
	}
	if in.Mem != nil {
		a.Mem = *in.Mem
	}
	if a.Mem < 0 {
		v.add("/mem", "got %v, expected 0.0 or more", a.Mem)
	}
	if in.Disk != nil {
		a.Disk = *in.Disk
	}
	if a.Disk < 0 {
		v.add("/disk", "got %v, expected 0.0 or more", a.Disk)
	}
	if in.Gpus != nil {
		a.Gpus = *in.Gpus
	}
	if a.Gpus < 0 {
		v.add("/gpus", "got %d, expected 0 or more", a.Gpus)
	}
	if in.Executor != nil {
		a.Executor = *in.Executor
	}
	if in.Constraints != nil {
		a.Constraints = *in.Constraints
		for i, c := range a.Constraints {
			if len(c) < 2 || len(c) > 3 {
				v.add(fmt.Sprintf("/constraints(%d)", i), "Each constraint must have either 2 or 3 fields")
				continue
			}
			switch c[1] {
			case "UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS":
			default:
				v.add(fmt.Sprintf("/constraints(%d)", i), "Constraint operator must be one of the following: [CLUSTER, GROUP_BY, IS, LIKE, MAX_PER, UNIQUE, UNLIKE]")
			}
		}
	}
	if in.Uris != nil {
		a.Uris = *in.Uris
	}
	if in.Fetch != nil {
		a.Fetch = *in.Fetch
	}
	if in.StoreUrls != nil {
		a.StoreUrls = *in.StoreUrls
	}
	if in.BackoffSeconds != nil {
		a.BackoffSeconds = *in.BackoffSeconds
	}
	if a.BackoffSeconds < 0 {
		v.add("/backoffSeconds", "got %v, expected 0 or more", a.BackoffSeconds)
	}
	if in.BackoffFactor != nil {
		a.BackoffFactor = *in.BackoffFactor
	}
	if a.BackoffFactor < 1 {
		v.add("/backoffFactor", "got %v, expected 1.0 or more", a.BackoffFactor)
	}
	if in.MaxLaunchDelaySeconds != nil {
		a.MaxLaunchDelaySeconds = *in.MaxLaunchDelaySeconds
	}
	if in.Dependencies != nil {
		a.Dependencies = make([]string, len(*in.Dependencies))
		for i, d := range *in.Dependencies {
			a.Dependencies[i] = canonicalID(d)
		}
	}
	if in.UpgradeStrategy != nil {
		if p := in.UpgradeStrategy.MinimumHealthCapacity; p != nil {
			a.UpgradeStrategy.MinimumHealthCapacity = *p
		}
		if p := in.UpgradeStrategy.MaximumOverCapacity; p != nil {
			a.UpgradeStrategy.MaximumOverCapacity = *p
		}
	}
	for name, f := range map[string]float64{"minimumHealthCapacity": a.UpgradeStrategy.MinimumHealthCapacity, "maximumOverCapacity": a.UpgradeStrategy.MaximumOverCapacity} {
		if f > 1 {
			v.add("/upgradeStrategy/"+name, "is greater than 1")
		} else if f < 0 {
			v.add("/upgradeStrategy/"+name, "is less than 0")
		}
	}
	if in.Labels != nil {
		a.Labels = in.Labels
	}
	if in.AcceptedResourceRoles != nil {
		a.AcceptedResourceRoles = *in.AcceptedResourceRoles
	}
	if len(in.IPAddress) > 0 {
		a.IPAddress = in.IPAddress
	}
	if len(in.Residency) > 0 {
		a.Residency = in.Residency
	}
	if in.Secrets != nil {
		a.Secrets = in.Secrets
	}
	a.TaskKillGracePeriodSeconds = in.TaskKillGracePeriodSeconds
	if len(in.UnreachableStrategy) > 0 {
		a.UnreachableStrategy = in.UnreachableStrategy
	}
	if in.KillSelection != nil {
		a.KillSelection = *in.KillSelection
		if a.KillSelection != "YOUNGEST_FIRST" && a.KillSelection != "OLDEST_FIRST" {
			v.add("/killSelection", "must be one of YOUNGEST_FIRST, OLDEST_FIRST")
		}
	}
	if in.RequirePorts != nil {
		a.RequirePorts = *in.RequirePorts
	}
	parseContainer(a, in.Container, &v)
	parsePorts(a, &in, &v)
	parseHealthChecks(a, in.HealthChecks, &v)
	parseReadiness(a, in.ReadinessChecks, &v)

	hasCmd, hasArgs := a.Cmd != nil, a.Args != nil && len(*a.Args) > 0
	if hasCmd && hasArgs {
		v.add("/", "AppDefinition must either contain a 'cmd' or a 'args', but not both")
	}
	if !hasCmd && !hasArgs && a.Container == nil {
		v.add("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.")
	}
	if hasArgs && a.image() == "" {
		// Mesos runs args without a shell only inside a container image.
		v.add("/args", "'args' needs a container image to run in; use 'cmd' for a shell command")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	a.Ports = a.servicePorts()
	return a, nil
}

func parseContainer(a *App, c *containerInput, v *violations) {
	if c == nil {
		return
	}
	out := &Container{Type: "DOCKER", Volumes: []json.RawMessage{}}
	if c.Type != nil {
		out.Type = strings.ToUpper(*c.Type)
	}
	if out.Type != "DOCKER" && out.Type != "MESOS" {
		v.add("/container/type", "must be DOCKER or MESOS")
	}
	if c.Volumes != nil {
		out.Volumes = *c.Volumes
	}
	if d := c.Docker; d != nil {
		od := &Docker{Parameters: []json.RawMessage{}}
		if d.Image != nil {
			od.Image = *d.Image
		}
		if od.Image == "" {
			v.add("/container/docker/image", "must not be empty")
		}
		if d.Network != nil {
			od.Network = strings.ToUpper(*d.Network)
			switch od.Network {
			case "BRIDGE", "HOST", "NONE", "USER":
			default:
				v.add("/container/docker/network", "must be one of BRIDGE, HOST, NONE, USER")
			}
		} else if out.Type == "DOCKER" {
			od.Network = "HOST"
		}
		if d.Privileged != nil {
			od.Privileged = *d.Privileged
		}
		if d.ForcePullImage != nil {
			od.ForcePullImage = *d.ForcePullImage
		}
		if d.Parameters != nil {
			od.Parameters = *d.Parameters
		}
		if d.PortMappings != nil && (od.Network == "BRIDGE" || od.Network == "USER") {
			od.PortMappings = []PortMapping{}
			names := map[string]bool{}
			for i, pm := range *d.PortMappings {
				p := PortMapping{Protocol: "tcp", Labels: map[string]string{}}
				path := fmt.Sprintf("/container/docker/portMappings(%d)", i)
				if pm.ContainerPort != nil {
					p.ContainerPort = *pm.ContainerPort
				}
				if pm.HostPort != nil {
					p.HostPort = *pm.HostPort
				}
				if pm.ServicePort != nil {
					p.ServicePort = *pm.ServicePort
				}
				if pm.Protocol != nil {
					p.Protocol = *pm.Protocol
				}
				if pm.Labels != nil {
					p.Labels = pm.Labels
				}
				if pm.Name != nil {
					p.Name = *pm.Name
				}
				checkPort(path+"/containerPort", p.ContainerPort, v)
				checkPort(path+"/hostPort", p.HostPort, v)
				checkPort(path+"/servicePort", p.ServicePort, v)
				checkProtocol(path+"/protocol", p.Protocol, v)
				checkPortName(path+"/name", p.Name, names, v)
				od.PortMappings = append(od.PortMappings, p)
			}
		} else if d.PortMappings != nil && len(*d.PortMappings) > 0 {
			v.add("/container/docker/portMappings", "Port mappings are only allowed with BRIDGE or USER networking")
		}
		out.Docker = od
	} else if out.Type == "DOCKER" {
		v.add("/container/docker", "must not be empty")
	}
	a.Container = out
}

func checkPort(path string, p int, v *violations) {
	if p < 0 || p > 65535 {
		v.add(path, "got %d, expected between 0 and 65535", p)
	}
}

func checkProtocol(path, p string, v *violations) {
	switch p {
	case "tcp", "udp", "udp,tcp", "tcp,udp":
	default:
		v.add(path, "is not one of (tcp,udp,udp,tcp)")
	}
}

func checkPortName(path, name string, seen map[string]bool, v *violations) {
	if name == "" {
		return
	}
	if !portNameRe.MatchString(name) {
		v.add(path, "must fully match regular expression '%s'", portNameRe.String())
	}
	if seen[name] {
		v.add(path, "Port names must be unique.")
	}
	seen[name] = true
}

func parsePorts(a *App, in *appInput, v *violations) {
	if a.portMappings() != nil {
		a.PortDefinitions = []PortDefinition{}
		return
	}
	switch {
	case in.PortDefinitions != nil:
		a.PortDefinitions = []PortDefinition{}
		names := map[string]bool{}
		for i, pd := range *in.PortDefinitions {
			p := PortDefinition{Protocol: "tcp", Labels: map[string]string{}}
			path := fmt.Sprintf("/portDefinitions(%d)", i)
			if pd.Port != nil {
				p.Port = *pd.Port
			}
			if pd.Protocol != nil {
				p.Protocol = *pd.Protocol
			}
			if pd.Name != nil {
				p.Name = *pd.Name
			}
			if pd.Labels != nil {
				p.Labels = pd.Labels
			}
			checkPort(path+"/port", p.Port, v)
			checkProtocol(path+"/protocol", p.Protocol, v)
			checkPortName(path+"/name", p.Name, names, v)
			a.PortDefinitions = append(a.PortDefinitions, p)
		}
	case in.Ports != nil:
		a.PortDefinitions = []PortDefinition{}
		for i, p := range *in.Ports {
			checkPort(fmt.Sprintf("/ports(%d)", i), p, v)
			a.PortDefinitions = append(a.PortDefinitions, PortDefinition{Port: p, Protocol: "tcp", Labels: map[string]string{}})
		}
	default:
		a.PortDefinitions = []PortDefinition{{Port: 0, Protocol: "tcp", Name: "default", Labels: map[string]string{}}}
	}
	if a.RequirePorts {
		for i, pd := range a.PortDefinitions {
			if pd.Port == 0 {
				v.add(fmt.Sprintf("/portDefinitions(%d)/port", i), "must not be 0 when requirePorts is true")
			}
		}
	}
	// Marathon rejects duplicate non-zero ports inside one app.
	seen := map[int]bool{}
	for i, pd := range a.PortDefinitions {
		if pd.Port != 0 && seen[pd.Port] {
			v.add(fmt.Sprintf("/portDefinitions(%d)/port", i), "Ports must be unique.")
		}
		seen[pd.Port] = true
	}
}

func parseHealthChecks(a *App, in *[]healthCheckInput, v *violations) {
	if in == nil {
		return
	}
	nports := len(a.servicePorts())
	commands := 0
	for i, h := range *in {
		path := fmt.Sprintf("/healthChecks(%d)", i)
		hc := HealthCheck{Protocol: "HTTP", GracePeriodSeconds: 300, IntervalSeconds: 60, TimeoutSeconds: 20, MaxConsecutiveFailures: 3, DelaySeconds: 15}
		if h.Protocol != nil {
			hc.Protocol = strings.ToUpper(*h.Protocol)
		}
		switch hc.Protocol {
		case "HTTP", "HTTPS", "TCP", "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP":
		default:
			v.add(path+"/protocol", "must be one of HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP")
		}
		if hc.Protocol == "HTTP" || hc.Protocol == "HTTPS" || hc.Protocol == "MESOS_HTTP" || hc.Protocol == "MESOS_HTTPS" {
			hc.Path = "/"
			if h.Path != nil {
				hc.Path = *h.Path
			}
		}
		if hc.Protocol == "COMMAND" {
			commands++
			if h.Command == nil || strings.TrimSpace(h.Command.Value) == "" {
				v.add(path+"/command", "must not be empty for protocol COMMAND")
			}
			hc.Command = h.Command
		} else {
			switch {
			case h.Port != nil && h.PortIndex != nil:
				v.add(path, "Health check must specify either a port or a portIndex, not both")
			case h.Port != nil:
				hc.Port = h.Port
				checkPort(path+"/port", *h.Port, v)
			default:
				idx := 0
				if h.PortIndex != nil {
					idx = *h.PortIndex
				}
				if idx < 0 || idx >= nports {
					v.add(path+"/portIndex", "Health check port indices must address an element of the ports array or container port mappings.")
				}
				hc.PortIndex = &idx
			}
		}
		if h.GracePeriodSeconds != nil {
			hc.GracePeriodSeconds = *h.GracePeriodSeconds
		}
		if h.IntervalSeconds != nil {
			hc.IntervalSeconds = *h.IntervalSeconds
		}
		if h.TimeoutSeconds != nil {
			hc.TimeoutSeconds = *h.TimeoutSeconds
		}
		if h.MaxConsecutiveFailures != nil {
			hc.MaxConsecutiveFailures = *h.MaxConsecutiveFailures
		}
		if h.IgnoreHTTP1xx != nil {
			hc.IgnoreHTTP1xx = *h.IgnoreHTTP1xx
		}
		if h.DelaySeconds != nil {
			hc.DelaySeconds = *h.DelaySeconds
		}
		if hc.IntervalSeconds <= 0 {
			v.add(path+"/intervalSeconds", "got %v, expected more than 0", hc.IntervalSeconds)
		}
		if hc.TimeoutSeconds <= 0 {
			v.add(path+"/timeoutSeconds", "got %v, expected more than 0", hc.TimeoutSeconds)
		}
		if hc.GracePeriodSeconds < 0 {
			v.add(path+"/gracePeriodSeconds", "got %v, expected 0 or more", hc.GracePeriodSeconds)
		}
		if hc.MaxConsecutiveFailures < 0 {
			v.add(path+"/maxConsecutiveFailures", "got %d, expected 0 or more", hc.MaxConsecutiveFailures)
		}
		a.HealthChecks = append(a.HealthChecks, hc)
	}
	if commands > 1 {
		v.add("/healthChecks", "AppDefinition can contain at most one COMMAND health check")
	}
}

func parseReadiness(a *App, in *[]readinessInput, v *violations) {
	if in == nil {
		return
	}
	if len(*in) > 1 {
		v.add("/readinessChecks", "AppDefinition must contain at most one readiness check")
	}
	names := a.portNames()
	for i, r := range *in {
		path := fmt.Sprintf("/readinessChecks(%d)", i)
		rc := ReadinessCheck{Name: "readinessCheck", Protocol: "HTTP", Path: "/", IntervalSeconds: 30, TimeoutSeconds: 10, HTTPStatusCodesForReady: []int{200}}
		if r.Name != nil {
			rc.Name = *r.Name
		}
		if r.Protocol != nil {
			rc.Protocol = strings.ToUpper(*r.Protocol)
		}
		if rc.Protocol != "HTTP" && rc.Protocol != "HTTPS" {
			v.add(path+"/protocol", "must be HTTP or HTTPS")
		}
		if r.Path != nil {
			rc.Path = *r.Path
		}
		if r.PortName != nil {
			rc.PortName = *r.PortName
		}
		found := false
		for _, n := range names {
			found = found || (n != "" && n == rc.PortName)
		}
		if !found {
			v.add(path+"/portName", "The ReadinessCheck must reference a port name of the app ('%s' is not one)", rc.PortName)
		}
		if r.IntervalSeconds != nil {
			rc.IntervalSeconds = *r.IntervalSeconds
		}
		if r.TimeoutSeconds != nil {
			rc.TimeoutSeconds = *r.TimeoutSeconds
		}
		if rc.TimeoutSeconds >= rc.IntervalSeconds {
			v.add(path+"/timeoutSeconds", "must be smaller than intervalSeconds")
		}
		if r.HTTPStatusCodesForReady != nil {
			rc.HTTPStatusCodesForReady = *r.HTTPStatusCodesForReady
		}
		if len(rc.HTTPStatusCodesForReady) == 0 {
			v.add(path+"/httpStatusCodesForReady", "must not be empty")
		}
		if r.PreserveLastResponse != nil {
			rc.PreserveLastResponse = *r.PreserveLastResponse
		}
		a.ReadinessChecks = append(a.ReadinessChecks, rc)
	}
}

// mergeUpdate overlays a partial update onto the current definition the way
// Marathon's AppUpdate does: each given top-level field replaces the old
// one whole; absent or null fields keep their value.
func mergeUpdate(cur *App, upd map[string]json.RawMessage) map[string]json.RawMessage {
	base := map[string]json.RawMessage{}
	b, _ := json.Marshal(cur)
	_ = json.Unmarshal(b, &base)
	stripNulls(upd)
	_, hasPD := upd["portDefinitions"]
	_, hasPorts := upd["ports"]
	if hasPorts && !hasPD {
		delete(base, "portDefinitions")
	}
	if hasPD {
		delete(base, "ports")
	}
	if _, ok := upd["container"]; ok && !hasPD && !hasPorts {
		// A new container may switch to bridge networking; let the port
		// layout follow it rather than keep stale host port definitions.
		var c struct {
			Docker *struct {
				PortMappings *json.RawMessage `json:"portMappings"`
			} `json:"docker"`
		}
		if json.Unmarshal(upd["container"], &c) == nil && c.Docker != nil && c.Docker.PortMappings != nil {
			delete(base, "portDefinitions")
			delete(base, "ports")
		}
	}
	for k, val := range upd {
		base[k] = val
	}
	return base
}

// onlyIDAndVersion reports whether an update body is a rollback request.
func onlyIDAndVersion(m map[string]json.RawMessage) (version string, ok bool, err error) {
	raw, has := m["version"]
	if !has {
		return "", false, nil
	}
	if err := json.Unmarshal(raw, &version); err != nil {
		return "", false, invalidJSON("/version", "error.expected.jsstring")
	}
	for k := range m {
		if k != "id" && k != "version" {
			var v violations
			v.add("/", "The 'version' field may only be combined with the 'id' field.")
			return "", false, v.err()
		}
	}
	return version, true, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func roundUp(f float64) int { return int(math.Ceil(f - 1e-9)) }

// secondsFields are the app and health/readiness check fields Marathon
// reads as whole seconds (1.4 Formats: readNullable[Long]; 1.10 RAML:
// integer, int32).
var secondsFields = []string{"backoffSeconds", "maxLaunchDelaySeconds", "taskKillGracePeriodSeconds"}
var checkSecondsFields = []string{"gracePeriodSeconds", "intervalSeconds", "timeoutSeconds", "delaySeconds", "maxConsecutiveFailures"}

// parseApp parses an app definition after refusing fractional seconds the
// way the modelled version does.
func (e *Emulator) parseApp(m map[string]json.RawMessage, id string) (*App, error) {
	if err := e.checkWholeSeconds(m); err != nil {
		return nil, err
	}
	return parseApp(m, id)
}

// checkWholeSeconds answers a fractional value in a seconds field: 1.4
// with 400 "Invalid JSON" error.expected.long (a JsResultException), 1.10
// with 422 error.expected.int (all its JsResult errors are validation
// errors, MarathonExceptionMapper).
func (e *Emulator) checkWholeSeconds(m map[string]json.RawMessage) error {
	var bad []violation
	check := func(path string, raw json.RawMessage) {
		var f float64
		if len(raw) == 0 || json.Unmarshal(raw, &f) != nil || f == math.Trunc(f) {
			return
		}
		bad = append(bad, violation{Path: path, Errors: []string{e.mode.fractionalError}})
	}
	for _, k := range secondsFields {
		check("/"+k, m[k])
	}
	for _, list := range []string{"healthChecks", "readinessChecks"} {
		var items []map[string]json.RawMessage
		if json.Unmarshal(m[list], &items) != nil {
			continue
		}
		for i, it := range items {
			for _, k := range checkSecondsFields {
				check(fmt.Sprintf("/%s(%d)/%s", list, i, k), it[k])
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return &apiError{Status: e.mode.fractionalStatus, Body: errBody{Message: "Invalid JSON", Details: bad}}
}
