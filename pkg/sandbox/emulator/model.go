package emulator

import (
	"encoding/json"
	"time"
)

// App is an app definition in Marathon 1.4's normalized wire format. Field
// order and null/empty conventions follow what Marathon 1.4 writes, because
// strict clients compare against it.
type App struct {
	ID                         string                     `json:"id"`
	Cmd                        *string                    `json:"cmd"`
	Args                       *[]string                  `json:"args"`
	User                       *string                    `json:"user"`
	Env                        map[string]json.RawMessage `json:"env"`
	Instances                  int                        `json:"instances"`
	Cpus                       float64                    `json:"cpus"`
	Mem                        float64                    `json:"mem"`
	Disk                       float64                    `json:"disk"`
	Gpus                       int                        `json:"gpus"`
	Executor                   string                     `json:"executor"`
	Constraints                [][]string                 `json:"constraints"`
	Uris                       []string                   `json:"uris"`
	Fetch                      []json.RawMessage          `json:"fetch"`
	StoreUrls                  []string                   `json:"storeUrls"`
	BackoffSeconds             float64                    `json:"backoffSeconds"`
	BackoffFactor              float64                    `json:"backoffFactor"`
	MaxLaunchDelaySeconds      float64                    `json:"maxLaunchDelaySeconds"`
	Container                  *Container                 `json:"container"`
	HealthChecks               []HealthCheck              `json:"healthChecks"`
	ReadinessChecks            []ReadinessCheck           `json:"readinessChecks"`
	Dependencies               []string                   `json:"dependencies"`
	UpgradeStrategy            UpgradeStrategy            `json:"upgradeStrategy"`
	Labels                     map[string]string          `json:"labels"`
	AcceptedResourceRoles      []string                   `json:"acceptedResourceRoles,omitempty"`
	IPAddress                  json.RawMessage            `json:"ipAddress"`
	Version                    string                     `json:"version"`
	Residency                  json.RawMessage            `json:"residency"`
	Secrets                    map[string]json.RawMessage `json:"secrets"`
	TaskKillGracePeriodSeconds *float64                   `json:"taskKillGracePeriodSeconds"`
	UnreachableStrategy        json.RawMessage            `json:"unreachableStrategy"`
	KillSelection              string                     `json:"killSelection"`
	VersionInfo                VersionInfo                `json:"versionInfo"`
	RequirePorts               bool                       `json:"requirePorts"`
	Ports                      []int                      `json:"ports"`
	PortDefinitions            []PortDefinition           `json:"portDefinitions"`
}

type VersionInfo struct {
	LastScalingAt      string `json:"lastScalingAt"`
	LastConfigChangeAt string `json:"lastConfigChangeAt"`
}

type UpgradeStrategy struct {
	MinimumHealthCapacity float64 `json:"minimumHealthCapacity"`
	MaximumOverCapacity   float64 `json:"maximumOverCapacity"`
}

type PortDefinition struct {
	Port     int               `json:"port"`
	Protocol string            `json:"protocol"`
	Name     string            `json:"name,omitempty"`
	Labels   map[string]string `json:"labels"`
}

type Container struct {
	Type    string            `json:"type"`
	Volumes []json.RawMessage `json:"volumes"`
	Docker  *Docker           `json:"docker,omitempty"`
}

type Docker struct {
	Image          string            `json:"image"`
	Network        string            `json:"network,omitempty"`
	PortMappings   []PortMapping     `json:"portMappings,omitempty"`
	Privileged     bool              `json:"privileged"`
	Parameters     []json.RawMessage `json:"parameters"`
	ForcePullImage bool              `json:"forcePullImage"`
}

type PortMapping struct {
	ContainerPort int               `json:"containerPort"`
	HostPort      int               `json:"hostPort"`
	ServicePort   int               `json:"servicePort"`
	Protocol      string            `json:"protocol"`
	Name          string            `json:"name,omitempty"`
	Labels        map[string]string `json:"labels"`
}

type HealthCheck struct {
	Path                   string        `json:"path,omitempty"`
	Protocol               string        `json:"protocol"`
	PortIndex              *int          `json:"portIndex,omitempty"`
	Port                   *int          `json:"port,omitempty"`
	Command                *CommandCheck `json:"command,omitempty"`
	GracePeriodSeconds     float64       `json:"gracePeriodSeconds"`
	IntervalSeconds        float64       `json:"intervalSeconds"`
	TimeoutSeconds         float64       `json:"timeoutSeconds"`
	MaxConsecutiveFailures int           `json:"maxConsecutiveFailures"`
	IgnoreHTTP1xx          bool          `json:"ignoreHttp1xx"`
	DelaySeconds           float64       `json:"delaySeconds"`
}

type CommandCheck struct {
	Value string `json:"value"`
}

type ReadinessCheck struct {
	Name                    string  `json:"name"`
	Protocol                string  `json:"protocol"`
	Path                    string  `json:"path"`
	PortName                string  `json:"portName"`
	IntervalSeconds         float64 `json:"intervalSeconds"`
	TimeoutSeconds          float64 `json:"timeoutSeconds"`
	HTTPStatusCodesForReady []int   `json:"httpStatusCodesForReady"`
	PreserveLastResponse    bool    `json:"preserveLastResponse"`
}

// servicePorts returns the app's service ports in declaration order: the
// port definitions for host networking, the port mappings for bridge.
func (a *App) servicePorts() []int {
	if m := a.portMappings(); m != nil {
		out := make([]int, len(m))
		for i, pm := range m {
			out[i] = pm.ServicePort
		}
		return out
	}
	out := make([]int, len(a.PortDefinitions))
	for i, pd := range a.PortDefinitions {
		out[i] = pd.Port
	}
	return out
}

func (a *App) portMappings() []PortMapping {
	if a.Container != nil && a.Container.Docker != nil && a.Container.Docker.PortMappings != nil {
		return a.Container.Docker.PortMappings
	}
	return nil
}

// portNames lists the port names, "" for unnamed ports, in host port order.
func (a *App) portNames() []string {
	if m := a.portMappings(); m != nil {
		out := make([]string, len(m))
		for i, pm := range m {
			out[i] = pm.Name
		}
		return out
	}
	out := make([]string, len(a.PortDefinitions))
	for i, pd := range a.PortDefinitions {
		out[i] = pd.Name
	}
	return out
}

func (a *App) image() string {
	if a.Container != nil && a.Container.Docker != nil {
		return a.Container.Docker.Image
	}
	return ""
}

func (a *App) clone() *App {
	b, err := json.Marshal(a)
	if err != nil {
		panic(err)
	}
	var c App
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	return &c
}

// configEqual reports whether two definitions differ only in instances and
// version: Marathon plans a ScaleApplication for those, a
// RestartApplication for anything else.
func configEqual(a, b *App) bool {
	x, y := *a, *b
	x.Instances, y.Instances = 0, 0
	x.Version, y.Version = "", ""
	x.VersionInfo, y.VersionInfo = VersionInfo{}, VersionInfo{}
	bx, _ := json.Marshal(&x)
	by, _ := json.Marshal(&y)
	return string(bx) == string(by)
}

// Task states, as Mesos names them.
const (
	TaskStaging  = "TASK_STAGING"
	TaskStarting = "TASK_STARTING"
	TaskRunning  = "TASK_RUNNING"
	TaskKilling  = "TASK_KILLING"
	TaskKilled   = "TASK_KILLED"
	TaskFailed   = "TASK_FAILED"
	TaskFinished = "TASK_FINISHED"
	TaskLost     = "TASK_LOST"
	// TaskUnreachable: Mesos lost the task's agent. Marathon (partition
	// aware since 1.4, MarathonSchedulerDriver) keeps the instance, does
	// not check it, and takes it back as TASK_RUNNING when the agent
	// comes back (Task.LaunchedEphemeral.update: Unreachable is not
	// terminal). The emulator's faults make a task so.
	TaskUnreachable = "TASK_UNREACHABLE"
)

func terminalState(s string) bool {
	switch s {
	case TaskKilled, TaskFailed, TaskFinished, TaskLost:
		return true
	}
	return false
}

// Task is the emulator's record of one task. It is persisted as is; the
// wire form is built by taskJSON.
type Task struct {
	ID string `json:"id"`
	// InstanceID is the Marathon instance the task belongs to: 1.4
	// <app>.marathon-<uuid>, 1.10 <app>.instance-<uuid> (see idScheme).
	InstanceID   string    `json:"instanceId,omitempty"`
	AppID        string    `json:"appId"`
	Version      string    `json:"version"`
	State        string    `json:"state"`
	Ports        []int     `json:"ports"`
	ServicePorts []int     `json:"servicePorts"`
	StagedAt     time.Time `json:"stagedAt"`
	StartedAt    time.Time `json:"startedAt"`
	Executor     string    `json:"executor"`
	PID          int       `json:"pid,omitempty"`
	PIDStart     uint64    `json:"pidStart,omitempty"` // /proc start time, to tell a reused pid apart
	Dir          string    `json:"dir,omitempty"`
	// KillRequested marks a task whose goal is no longer Running.
	KillRequested bool `json:"killRequested,omitempty"`
	// Decommissioned marks a kill that also ends the instance (scale
	// down, replacement, app deleted, wipe). A kill that keeps the
	// instance's goal Running (through the API without scale, or for
	// failing health checks) lets 1.10 relaunch the same instance under
	// its next incarnation.
	Decommissioned bool            `json:"decommissioned,omitempty"`
	KillDeadline   time.Time       `json:"killDeadline"`
	Health         []*HealthResult `json:"health,omitempty"`
	// Unhealthy marks a task killed for failing its health checks (for
	// the log and the state file; Marathon applies no launch delay).
	Unhealthy bool       `json:"unhealthy,omitempty"`
	Readiness *readiness `json:"readiness,omitempty"`
	// UnreachableSince is Mesos's unreachable_time of a TASK_UNREACHABLE
	// task; Inactive marks its instance UnreachableInactive (unreachable.go).
	UnreachableSince time.Time `json:"unreachableSince,omitzero"`
	Inactive         bool      `json:"inactive,omitempty"`
	// KilledUnknown marks an expunged task that reported again and was
	// killed as unknown.
	KilledUnknown bool `json:"killedUnknown,omitempty"`
}

// HealthResult is one health check's state for one task.
type HealthResult struct {
	Alive               bool      `json:"alive"`
	ConsecutiveFailures int       `json:"consecutiveFailures"`
	FirstSuccess        time.Time `json:"firstSuccess"`
	LastSuccess         time.Time `json:"lastSuccess"`
	LastFailure         time.Time `json:"lastFailure"`
	LastFailureCause    string    `json:"lastFailureCause"`
	Checked             bool      `json:"checked"`
	ForceFail           bool      `json:"forceFail,omitempty"`
}

// LastTaskFailure is Marathon's lastTaskFailure object.
type LastTaskFailure struct {
	AppID     string `json:"appId"`
	Host      string `json:"host"`
	Message   string `json:"message"`
	State     string `json:"state"`
	TaskID    string `json:"taskId"`
	Timestamp string `json:"timestamp"`
	Version   string `json:"version"`
	SlaveID   string `json:"slaveId"`
}

// tsFormat is Marathon's timestamp format: ISO 8601, milliseconds, UTC.
const tsFormat = "2006-01-02T15:04:05.000Z"

func ts(t time.Time) string { return t.UTC().Format(tsFormat) }
