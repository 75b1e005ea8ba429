package emulator

import (
	"bytes"
	"encoding/json"
)

// Marathon 1.10 writes apps and tasks through its RAML types
// (raml/AppConversion.scala appWriter, raml/TaskConversion.scala
// enrichedTaskRamlWrite, core/appinfo/impl/AppInfoBaseData.scala), not 1.4's
// play-json Formats. What a client sees differ: no deprecated `ports`,
// `ipAddress`, `uris`; `networks` and `role`; port mappings on the
// container, not under `docker`; Option fields left out instead of null;
// the (pragma.omitEmpty) collections of app.raml left out when empty; tasks
// with `role` and `localVolumes`; the task statistics embedded as
// `tasksStats`. The emulator stores every app in its 1.4 form (App) and
// converts when it renders in 1.10 mode (Mode.raml).

// app110 is raml.App as 1.10's appWriter fills it.
type app110 struct {
	ID                         string                     `json:"id"`
	AcceptedResourceRoles      []string                   `json:"acceptedResourceRoles,omitempty"`
	Args                       []string                   `json:"args,omitempty"`
	BackoffFactor              float64                    `json:"backoffFactor"`
	BackoffSeconds             float64                    `json:"backoffSeconds"`
	Cmd                        *string                    `json:"cmd,omitempty"`
	Constraints                [][]string                 `json:"constraints,omitempty"`
	Container                  *container110              `json:"container,omitempty"`
	Cpus                       float64                    `json:"cpus"`
	Dependencies               []string                   `json:"dependencies,omitempty"`
	Disk                       float64                    `json:"disk"`
	Env                        map[string]json.RawMessage `json:"env,omitempty"`
	Executor                   string                     `json:"executor"`
	Fetch                      []json.RawMessage          `json:"fetch,omitempty"`
	HealthChecks               []HealthCheck              `json:"healthChecks,omitempty"`
	Instances                  int                        `json:"instances"`
	Labels                     map[string]string          `json:"labels"`
	MaxLaunchDelaySeconds      float64                    `json:"maxLaunchDelaySeconds"`
	Mem                        float64                    `json:"mem"`
	Gpus                       int                        `json:"gpus"`
	Networks                   []network110               `json:"networks"`
	PortDefinitions            *[]PortDefinition          `json:"portDefinitions,omitempty"`
	ReadinessChecks            []ReadinessCheck           `json:"readinessChecks,omitempty"`
	Residency                  json.RawMessage            `json:"residency,omitempty"`
	RequirePorts               bool                       `json:"requirePorts"`
	Secrets                    map[string]json.RawMessage `json:"secrets,omitempty"`
	TaskKillGracePeriodSeconds *float64                   `json:"taskKillGracePeriodSeconds,omitempty"`
	UpgradeStrategy            UpgradeStrategy            `json:"upgradeStrategy"`
	User                       *string                    `json:"user,omitempty"`
	Version                    string                     `json:"version"`
	VersionInfo                VersionInfo                `json:"versionInfo"`
	KillSelection              string                     `json:"killSelection"`
	UnreachableStrategy        json.RawMessage            `json:"unreachableStrategy,omitempty"`
	Role                       string                     `json:"role"`
}

// network110 is raml.Network: host, container/bridge, or container with
// the network's name.
type network110 struct {
	Mode string `json:"mode"`
	Name string `json:"name,omitempty"`
}

// container110 is raml.Container: portMappings sit on the container (only
// with non-host networking); docker has no `network` any more.
type container110 struct {
	Type         string            `json:"type"`
	Docker       *docker110        `json:"docker,omitempty"`
	Volumes      []json.RawMessage `json:"volumes"`
	PortMappings *[]PortMapping    `json:"portMappings,omitempty"`
}

type docker110 struct {
	Image          string            `json:"image"`
	ForcePullImage bool              `json:"forcePullImage"`
	Privileged     bool              `json:"privileged"`
	Parameters     []json.RawMessage `json:"parameters"`
}

// defaultRole is the role 1.10 gives an app that names none: the
// framework's --mesos_role, "*" by default.
const defaultRole = "*"

// asApp110 converts a stored (1.4-form) app definition.
func asApp110(a *App) app110 {
	o := app110{ID: a.ID, AcceptedResourceRoles: a.AcceptedResourceRoles, BackoffFactor: a.BackoffFactor,
		BackoffSeconds: a.BackoffSeconds, Cmd: a.Cmd, Constraints: a.Constraints, Cpus: a.Cpus,
		Dependencies: a.Dependencies, Disk: a.Disk, Env: a.Env, Executor: a.Executor, Fetch: a.Fetch,
		HealthChecks: a.HealthChecks, Instances: a.Instances, Labels: a.Labels,
		MaxLaunchDelaySeconds: a.MaxLaunchDelaySeconds, Mem: a.Mem, Gpus: a.Gpus,
		ReadinessChecks: a.ReadinessChecks, RequirePorts: a.RequirePorts, Secrets: a.Secrets,
		TaskKillGracePeriodSeconds: a.TaskKillGracePeriodSeconds, UpgradeStrategy: a.UpgradeStrategy,
		User: a.User, Version: a.Version, VersionInfo: a.VersionInfo, KillSelection: a.KillSelection,
		UnreachableStrategy: nonNull(a.UnreachableStrategy), Residency: nonNull(a.Residency), Role: defaultRole}
	if a.Args != nil {
		o.Args = *a.Args
	}
	if o.Labels == nil {
		o.Labels = map[string]string{}
	}
	// 1.10 reads a 1.4 definition's network (AppNormalization): ipAddress
	// is a container network, docker BRIDGE the bridge, else the host.
	net := network110{Mode: "host"}
	var mappings []PortMapping
	if c := a.Container; c != nil && c.Docker != nil {
		mappings = c.Docker.PortMappings
		switch c.Docker.Network {
		case "BRIDGE":
			net = network110{Mode: "container/bridge"}
		case "USER":
			net = network110{Mode: "container"}
		}
	}
	if ip := nonNull(a.IPAddress); ip != nil {
		var v struct {
			NetworkName string `json:"networkName"`
		}
		_ = json.Unmarshal(ip, &v)
		net = network110{Mode: "container", Name: v.NetworkName}
	}
	o.Networks = []network110{net}
	if net.Mode == "host" {
		pd := a.PortDefinitions
		if pd == nil {
			pd = []PortDefinition{}
		}
		o.PortDefinitions = &pd
	}
	if c := a.Container; c != nil {
		oc := &container110{Type: c.Type, Volumes: c.Volumes}
		if oc.Volumes == nil {
			oc.Volumes = []json.RawMessage{}
		}
		if d := c.Docker; d != nil {
			oc.Docker = &docker110{Image: d.Image, ForcePullImage: d.ForcePullImage, Privileged: d.Privileged, Parameters: d.Parameters}
			if oc.Docker.Parameters == nil {
				oc.Docker.Parameters = []json.RawMessage{}
			}
		}
		if net.Mode != "host" {
			if mappings == nil {
				mappings = []PortMapping{}
			}
			oc.PortMappings = &mappings
		}
		o.Container = oc
	}
	return o
}

// nonNull is raw, or nil for an absent or JSON null value.
func nonNull(raw json.RawMessage) json.RawMessage {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil
	}
	return raw
}

// task110 is raml.Task: 1.4's fields plus role and localVolumes (region
// and zone only when the agent has a fault domain, which the emulator's
// has not); healthCheckResults and ipAddresses are always written.
type task110 struct {
	taskOut
	HealthCheckResults []healthOut `json:"healthCheckResults"`
	LocalVolumes       []any       `json:"localVolumes"`
	Role               string      `json:"role"`
}

func asTask110(t taskOut) task110 {
	o := task110{taskOut: t, HealthCheckResults: t.HealthCheckResults, LocalVolumes: []any{}, Role: defaultRole}
	o.taskOut.HealthCheckResults = nil
	if o.HealthCheckResults == nil {
		o.HealthCheckResults = []healthOut{}
	}
	if o.IPAddresses == nil {
		o.IPAddresses = []ipAddress{}
	}
	return o
}
