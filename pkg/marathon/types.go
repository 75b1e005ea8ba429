package marathon

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	gm "github.com/gambol99/go-marathon"
)

// Labels yodel puts on the apps it manages.
const (
	LabelService = "YODEL_SERVICE"
	LabelRelease = "YODEL_RELEASE"
)

// App is a Marathon 1.4 app definition and status: go-marathon's
// Application plus the fields v0.7.1 does not know. JSON is flat, as
// Marathon expects.
type App struct {
	gm.Application
	ReadinessChecks     []ReadinessCheck     `json:"readinessChecks,omitempty"`
	KillSelection       string               `json:"killSelection,omitempty"` // YOUNGEST_FIRST | OLDEST_FIRST
	UnreachableStrategy *UnreachableStrategy `json:"unreachableStrategy,omitempty"`
	// TooLarge, on an app a streamed read listed without reading it (it
	// was over the cap of one app), says so; the app has only its ID
	// ("" when the id came after the cap).
	TooLarge *AppTooLargeError `json:"-"`
}

// Re-exported go-marathon types, so callers need not import it.
type (
	Task            = gm.Task
	HealthCheck     = gm.HealthCheck
	LastTaskFailure = gm.LastTaskFailure
)

// ReadinessCheck is Marathon's readinessChecks[] entry.
type ReadinessCheck struct {
	Name                    string `json:"name,omitempty"`
	Protocol                string `json:"protocol,omitempty"`
	Path                    string `json:"path,omitempty"`
	PortName                string `json:"portName,omitempty"`
	IntervalSeconds         int    `json:"intervalSeconds,omitempty"`
	TimeoutSeconds          int    `json:"timeoutSeconds,omitempty"`
	HTTPStatusCodesForReady []int  `json:"httpStatusCodesForReady,omitempty"`
	PreserveLastResponse    bool   `json:"preserveLastResponse,omitempty"`
}

// UnreachableStrategy is an object, or the string "disabled" on the wire.
type UnreachableStrategy struct {
	Disabled             bool
	InactiveAfterSeconds int
	ExpungeAfterSeconds  int
}

// MarshalJSON implements json.Marshaler.
func (u UnreachableStrategy) MarshalJSON() ([]byte, error) {
	if u.Disabled {
		return []byte(`"disabled"`), nil
	}
	return json.Marshal(struct {
		InactiveAfterSeconds int `json:"inactiveAfterSeconds"`
		ExpungeAfterSeconds  int `json:"expungeAfterSeconds"`
	}{u.InactiveAfterSeconds, u.ExpungeAfterSeconds})
}

// UnmarshalJSON implements json.Unmarshaler.
func (u *UnreachableStrategy) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*u = UnreachableStrategy{Disabled: s == "disabled"}
		return nil
	}
	var o struct {
		InactiveAfterSeconds int `json:"inactiveAfterSeconds"`
		ExpungeAfterSeconds  int `json:"expungeAfterSeconds"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	*u = UnreachableStrategy{InactiveAfterSeconds: o.InactiveAfterSeconds, ExpungeAfterSeconds: o.ExpungeAfterSeconds}
	return nil
}

// Label returns the value of label k, or "".
func (a *App) Label(k string) string {
	if a.Labels == nil {
		return ""
	}
	return (*a.Labels)[k]
}

// Service is the yodel service the app belongs to, "" for foreign apps.
func (a *App) Service() string { return a.Label(LabelService) }

// WantedInstances is the app's instances setting (Marathon's default 1).
func (a *App) WantedInstances() int {
	if a.Instances == nil {
		return 1
	}
	return *a.Instances
}

// DeploymentIDs lists the deployments Marathon says affect the app.
func (a *App) DeploymentIDs() []string {
	var ids []string
	for _, d := range a.Deployments {
		if id := d["id"]; id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// HealthCheckName is a health check as a user wrote it: protocol and path, port
// or command.
func HealthCheckName(hc gm.HealthCheck) string {
	p := hc.Protocol
	if p == "" {
		p = "HTTP"
	}
	switch {
	case hc.Command != nil:
		return "COMMAND " + hc.Command.Value
	case hc.Path != nil && *hc.Path != "":
		return p + " " + *hc.Path
	case hc.Port != nil:
		return p + " port " + strconv.Itoa(*hc.Port)
	case hc.PortIndex != nil:
		return p + " port index " + strconv.Itoa(*hc.PortIndex)
	}
	return p
}

// HasHealthChecks reports whether Marathon health-checks the app's tasks.
func (a *App) HasHealthChecks() bool { return a.HealthChecks != nil && len(*a.HealthChecks) > 0 }

// TaskRunning reports whether the task is up (TASK_RUNNING).
func TaskRunning(t *Task) bool { return t != nil && t.State == "TASK_RUNNING" }

// TaskUnreachable reports whether Mesos lost the task's agent
// (TASK_UNREACHABLE): not serving; Marathon may list it for minutes, and
// runs it again if the agent comes back first.
func TaskUnreachable(t *Task) bool { return t != nil && t.State == "TASK_UNREACHABLE" }

// TaskHealthy reports whether the task counts as healthy for app: running,
// and, when the app has health checks, every result in and alive (the
// definition of go-marathon's ApplicationOK).
func (a *App) TaskHealthy(t *Task) bool {
	if !TaskRunning(t) {
		return false
	}
	if !a.HasHealthChecks() {
		return true
	}
	if len(t.HealthCheckResults) == 0 {
		return false
	}
	for _, r := range t.HealthCheckResults {
		if r == nil || !r.Alive {
			return false
		}
	}
	return true
}

// FailingHealthCheck names the cause most running tasks fail a health
// check with, from Marathon's healthCheckResults (in the order of the
// app's healthChecks): "HTTP /health: 503 Service Unavailable (2 of 3
// tasks)". With currentOnly, only the tasks of the current configuration
// count (a deployment's new tasks). Marathon records no result for a
// task in its grace period before a first success: none is named then.
func (a *App) FailingHealthCheck(currentOnly bool) string {
	if !a.HasHealthChecks() {
		return ""
	}
	count := map[string]int{}
	var order []string
	running := 0
	for _, t := range a.Tasks {
		if !TaskRunning(t) || currentOnly && !a.IsCurrent(t.Version) {
			continue
		}
		running++
		for i, r := range t.HealthCheckResults {
			if r == nil || r.Alive || r.LastFailureCause == "" {
				continue
			}
			k := a.CheckName(i) + ": " + r.LastFailureCause
			if count[k] == 0 {
				order = append(order, k)
			}
			count[k]++
			break
		}
	}
	if len(order) == 0 {
		return ""
	}
	best := order[0]
	for _, k := range order[1:] {
		if count[k] > count[best] {
			best = k
		}
	}
	return fmt.Sprintf("%s (%d of %d tasks)", best, count[best], running)
}

// CheckName names the health check a task's i-th healthCheckResults entry
// is for (HealthCheckName); "health check" when the app does not say.
func (a *App) CheckName(i int) string {
	if !a.HasHealthChecks() {
		return "health check"
	}
	checks := *a.HealthChecks
	switch {
	case i < len(checks):
		return HealthCheckName(checks[i])
	case len(checks) == 1:
		return HealthCheckName(checks[0])
	}
	return "health check"
}

// ServicePorts reads the app's servicePorts in declaration order: its
// portDefinitions, else its Docker portMappings, else its ports, else a
// task's.
func (a *App) ServicePorts() []int {
	if a.PortDefinitions != nil && len(*a.PortDefinitions) > 0 {
		out := make([]int, 0, len(*a.PortDefinitions))
		for _, pd := range *a.PortDefinitions {
			p := 0
			if pd.Port != nil {
				p = *pd.Port
			}
			out = append(out, p)
		}
		return out
	}
	if c := a.Container; c != nil && c.Docker != nil && c.Docker.PortMappings != nil && len(*c.Docker.PortMappings) > 0 {
		out := make([]int, 0, len(*c.Docker.PortMappings))
		for _, pm := range *c.Docker.PortMappings {
			out = append(out, pm.ServicePort)
		}
		return out
	}
	if len(a.Ports) > 0 {
		return append([]int(nil), a.Ports...)
	}
	for _, t := range a.Tasks {
		if t != nil && len(t.ServicePorts) > 0 {
			return append([]int(nil), t.ServicePorts...)
		}
	}
	return nil
}

// UDPOnly reports whether port i carries udp and not tcp (Marathon's
// protocol "udp"; "udp,tcp" carries both), as ServicePorts reads the
// ports.
func (a *App) UDPOnly(i int) bool {
	proto := ""
	switch {
	case a.PortDefinitions != nil && len(*a.PortDefinitions) > 0:
		if i < len(*a.PortDefinitions) {
			proto = (*a.PortDefinitions)[i].Protocol
		}
	case a.Container != nil && a.Container.Docker != nil && a.Container.Docker.PortMappings != nil && len(*a.Container.Docker.PortMappings) > 0:
		if pm := *a.Container.Docker.PortMappings; i < len(pm) {
			proto = pm[i].Protocol
		}
	}
	return strings.EqualFold(strings.TrimSpace(proto), "udp")
}

// PortModeLabel is the label that says port i's protocol, and its value:
// YODEL_PORT_<i>_PROTOCOL (written by yodel), else marathon-lb's
// HAPROXY_<i>_MODE; empty when neither is set (the lb agent routes such a
// port as tcp).
func (a *App) PortModeLabel(i int) (key, value string) {
	idx := strconv.Itoa(i)
	for _, k := range []string{"YODEL_PORT_" + idx + "_PROTOCOL", "HAPROXY_" + idx + "_MODE"} {
		if v := a.Label(k); v != "" {
			return k, v
		}
	}
	return "", ""
}

// VersionCount is the task count of one app version.
type VersionCount struct {
	Version string `json:"version"`
	// Current: launched with the app's current configuration (task version
	// not older than versionInfo.lastConfigChangeAt; a scale does not
	// change a running task's version).
	Current bool `json:"current"`
	Staged  int  `json:"staged"` // TASK_STAGING / TASK_STARTING
	Running int  `json:"running"`
	Healthy int  `json:"healthy"`
	Other   int  `json:"other"` // killing, …
	// Unreachable: TASK_UNREACHABLE, the agent lost by Mesos. Not serving;
	// Marathon expunges it, or runs it again when the agent is back.
	Unreachable int `json:"unreachable,omitempty"`
}

// ConfigVersion is the version tasks of the current configuration carry at
// least: lastConfigChangeAt, or the app version when Marathon did not say.
func (a *App) ConfigVersion() string {
	if a.VersionInfo != nil && a.VersionInfo.LastConfigChangeAt != "" {
		return a.VersionInfo.LastConfigChangeAt
	}
	return a.Version
}

// IsCurrent reports whether a task with version v runs the current config.
func (a *App) IsCurrent(v string) bool { return !versionBefore(v, a.ConfigVersion()) }

// TaskServing reports whether t counts as healthy for a wait made at now:
// healthy for Marathon (TaskHealthy), or running where Marathon has
// stopped checking it (Unchecked: a Marathon 1.4 leader never checks a
// task of an app version it garbage-collected). Waiting for those to turn
// healthy would stall every scale and every deploy of an unchanged
// definition of the app; the lb agents route them.
func (a *App) TaskServing(t *Task, now time.Time) bool {
	return a.TaskHealthy(t) || a.Unchecked(t, now)
}

// TasksByVersion counts tasks per version, current versions first, then
// newest first; healthy as TaskServing says at now.
func (a *App) TasksByVersion(now time.Time) []VersionCount {
	by := map[string]*VersionCount{}
	for _, t := range a.Tasks {
		if t == nil {
			continue
		}
		vc := by[t.Version]
		if vc == nil {
			vc = &VersionCount{Version: t.Version, Current: a.IsCurrent(t.Version)}
			by[t.Version] = vc
		}
		switch t.State {
		case "TASK_STAGING", "TASK_STARTING":
			vc.Staged++
		case "TASK_RUNNING":
			vc.Running++
			if a.TaskServing(t, now) {
				vc.Healthy++
			}
		case "TASK_UNREACHABLE":
			vc.Unreachable++
		default:
			vc.Other++
		}
	}
	out := make([]VersionCount, 0, len(by))
	for _, vc := range by {
		out = append(out, *vc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Current != out[j].Current {
			return out[i].Current
		}
		return versionBefore(out[j].Version, out[i].Version)
	})
	return out
}

// versionBefore compares Marathon timestamps; unparsable ones compare as
// strings, which is right for Marathon's fixed ISO format.
func versionBefore(a, b string) bool {
	ta, ea := parseTime(a)
	tb, eb := parseTime(b)
	if ea == nil && eb == nil {
		return ta.Before(tb)
	}
	return a < b
}

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// Deployment is an entry of GET /v2/deployments.
type Deployment struct {
	ID             string   `json:"id"`
	Version        string   `json:"version"`
	AffectedApps   []string `json:"affectedApps"`
	Steps          []Step   `json:"steps"`
	CurrentActions []Action `json:"currentActions"`
	CurrentStep    int      `json:"currentStep"`
	TotalSteps     int      `json:"totalSteps"`
}

// Step is one step of a deployment plan.
type Step struct {
	Actions []Action `json:"actions"`
}

// UnmarshalJSON accepts Marathon >= 1.1's {"actions":[…]} and older bare
// arrays.
func (s *Step) UnmarshalJSON(b []byte) error {
	var arr []Action
	if json.Unmarshal(b, &arr) == nil {
		s.Actions = arr
		return nil
	}
	var o struct {
		Actions []Action `json:"actions"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	s.Actions = o.Actions
	return nil
}

// Action is one action of a step; Type is the pre-1.1 name of Action.
type Action struct {
	Action                string                 `json:"action"`
	Type                  string                 `json:"type,omitempty"`
	App                   string                 `json:"app"`
	ReadinessCheckResults []ReadinessCheckResult `json:"readinessCheckResults,omitempty"`
}

func (a Action) String() string {
	n := a.Action
	if n == "" {
		n = a.Type
	}
	return n + " " + a.App
}

// ReadinessCheckResult is reported in a deployment's currentActions.
type ReadinessCheckResult struct {
	TaskID string `json:"taskId"`
	Name   string `json:"name"`
	Ready  bool   `json:"ready"`
}

// DeploymentRef identifies the deployment a change started.
type DeploymentRef struct {
	ID      string `json:"deploymentId"`
	Version string `json:"version"`
}

// Validation of ids that become URL paths: Marathon's own rules (no upper
// case, no "_", no "." or ".." segments), so nothing else can be smuggled
// into the request.
var (
	appIDRe    = regexp.MustCompile(`^(/[a-z0-9]([a-z0-9.-]*[a-z0-9])?)+$`)
	taskIDRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)
	deployIDRe = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	serviceRe  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
)

// normAppID makes id absolute and checks it.
func normAppID(id string) (string, error) {
	if !strings.HasPrefix(id, "/") {
		id = "/" + id
	}
	if !appIDRe.MatchString(id) || strings.Contains(id, "/.") || strings.Contains(id, "./") {
		return "", fmt.Errorf("marathon: invalid app id %q: path segments of lower-case letters, digits and '-' (e.g. /web-blue)", id)
	}
	return id, nil
}

func checkVersion(v string) error {
	if _, err := parseTime(v); err != nil {
		return fmt.Errorf("marathon: invalid app version %q: want a Marathon timestamp such as 2017-03-01T12:00:00.000Z", v)
	}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler. Marathon 1.10 writes an app's
// networking in its RAML form (raml/AppConversion.scala): `networks`, and
// port mappings on the container, not under `docker`. go-marathon's
// Application has neither field, so an app read from 1.10 and written back
// (a rollback's surge app, drain.Definition) would lose a docker app's
// bridge networking and port mappings. They are read here into 1.4's form
// (`container.docker.network` BRIDGE, `container.docker.portMappings`),
// which 1.10 still takes and normalizes (api/v2/AppNormalization.scala
// forDeprecated).
func (a *App) UnmarshalJSON(b []byte) error {
	type plain App
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return err
	}
	var ramlForm struct {
		Networks []struct {
			Mode string `json:"mode"`
		} `json:"networks"`
		Container *struct {
			PortMappings *[]gm.PortMapping `json:"portMappings"`
		} `json:"container"`
	}
	if err := json.Unmarshal(b, &ramlForm); err != nil {
		return err
	}
	d := a.Container
	if d == nil {
		return nil
	}
	if c := ramlForm.Container; c != nil && c.PortMappings != nil && d.Docker == nil {
		// 1.10's MESOS container (no docker object) has its portMappings
		// on the container too: kept where the rest of yodel reads them,
		// as the lb agent's routing read does.
		d.Docker = &gm.Docker{PortMappings: c.PortMappings}
		return nil
	}
	if d.Docker == nil {
		return nil
	}
	bridged := false
	for _, n := range ramlForm.Networks {
		bridged = bridged || n.Mode == "container/bridge"
	}
	if bridged && d.Docker.Network == "" {
		d.Docker.Network = "BRIDGE"
	}
	if c := ramlForm.Container; c != nil && c.PortMappings != nil && d.Docker.PortMappings == nil {
		d.Docker.PortMappings = c.PortMappings
	}
	return nil
}
