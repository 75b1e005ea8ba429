package sandbox

import (
	"path/filepath"
)

// ComponentStatus is one line of `sandbox status`.
type ComponentStatus struct {
	Component
	Alive bool `json:"alive"`
}

// StatusReport is `sandbox status`.
type StatusReport struct {
	Dir         string `json:"dir"`
	Running     bool   `json:"running"` // every component alive
	RealmFile   string `json:"realmFile,omitempty"`
	MarathonURL string `json:"marathonUrl,omitempty"`
	// MarathonVersion and MarathonFeatures: the Marathon modelled.
	MarathonVersion  string            `json:"marathonVersion,omitempty"`
	MarathonFeatures []string          `json:"marathonFeatures,omitempty"`
	StoreURL         string            `json:"storeUrl,omitempty"`
	StatsURL         string            `json:"haproxyStatsUrl,omitempty"`
	AgentURL         string            `json:"agentUrl,omitempty"`
	ServerURL        string            `json:"serverUrl,omitempty"`
	Components       []ComponentStatus `json:"components"`
	TaskPIDs         []int             `json:"taskPids"` // live task processes (Linux only)
}

// Status reports each recorded component and whether it is alive. A
// directory without a sandbox gives ErrNotRunning.
func Status(dir string) (*StatusReport, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	rec, err := LoadRecord(dir)
	if err != nil {
		return nil, err
	}
	r := &StatusReport{Dir: dir, RealmFile: rec.RealmFile, MarathonURL: rec.MarathonURL, StoreURL: rec.StoreURL,
		StatsURL: rec.StatsURL, AgentURL: rec.AgentURL, ServerURL: rec.ServerURL, Components: []ComponentStatus{}, TaskPIDs: []int{},
		MarathonVersion: rec.MarathonVersion, MarathonFeatures: rec.MarathonFeatures}
	r.Running = len(rec.Components) > 0
	for _, c := range rec.Components {
		a := c.Alive()
		r.Components = append(r.Components, ComponentStatus{Component: c, Alive: a})
		if !a {
			r.Running = false
		}
	}
	// HAProxy's worker shares its master's session and environment: it is
	// not a task.
	hap, _ := rec.Component(CompHAProxy)
	for _, p := range sandboxProcesses(dir, sessionsOf(rec.Components), hap.PID) {
		if p != hap.PID {
			r.TaskPIDs = append(r.TaskPIDs, p)
		}
	}
	for _, c := range rec.Components {
		r.TaskPIDs = removeInt(r.TaskPIDs, c.PID)
	}
	return r, nil
}

func removeInt(xs []int, x int) []int {
	out := xs[:0]
	for _, v := range xs {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

// ProcessAlive reports whether pid runs (a zombie does not), for tests that
// check that down left nothing behind.
func ProcessAlive(pid int) bool { return alive(pid, 0) }
