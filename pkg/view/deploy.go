package view

import (
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// Deploy is a change in progress (deploy, scale, rollback, destroy): what
// its live view shows, and what a dashboard would.
type Deploy struct {
	Service    string `json:"service"`
	Realm      string `json:"realm,omitempty"`
	Action     string `json:"action"`               // deploy, scale, rollback, destroy
	OldRelease string `json:"oldRelease,omitempty"` // "" on a first deploy
	NewRelease string `json:"newRelease,omitempty"`
	// Elapsed is the time since the change began.
	Elapsed jsondur.Duration `json:"elapsed"`
	// Step names what is happening now ("applying", "rolling back to v1").
	Step string `json:"step,omitempty"`
	// Tasks is nil until the first progress snapshot.
	Tasks *DeployTasks `json:"tasks,omitempty"`
}

// DeployTasks are the figures of the new and the old tasks.
type DeployTasks struct {
	Wanted  int `json:"wanted"`
	Healthy int `json:"healthy"`
	Running int `json:"running"`
	Staged  int `json:"staged,omitempty"`
	// Old tasks left, out of OldMax, the most there were.
	Old    int `json:"old,omitempty"`
	OldMax int `json:"oldMax,omitempty"`
	// OldUnreachable: old tasks whose agent Mesos lost, not waited for
	// (marathon.Progress).
	OldUnreachable int `json:"oldUnreachable,omitempty"`
	// Expunged of them when the wait ended.
	Expunged int `json:"expunged,omitempty"`
	// Marathon's deployment step, while its deployment runs.
	DeploymentStep int      `json:"deploymentStep,omitempty"`
	TotalSteps     int      `json:"totalSteps,omitempty"`
	StepActions    []string `json:"stepActions,omitempty"`
	// Polling: the event stream is down.
	Polling     bool   `json:"polling,omitempty"`
	LastFailure string `json:"lastFailure,omitempty"`
	// HealthCheckFailure: why the running tasks fail their health check
	// ("HTTP /health: 404 Not Found (2 of 2 tasks)"), before any is killed.
	HealthCheckFailure string                 `json:"healthCheckFailure,omitempty"`
	Recent             []marathon.RecentEvent `json:"recent,omitempty"` // the last five
	Done               bool                   `json:"done,omitempty"`
}

// NewDeployTasks builds the figures from a progress snapshot; oldMax is
// the most old tasks seen so far.
func NewDeployTasks(p marathon.Progress, oldMax int) *DeployTasks {
	t := &DeployTasks{Wanted: p.Wanted, Healthy: p.Healthy, Running: p.Running, Staged: p.Staged, Old: p.Old, OldMax: max(oldMax, p.Old),
		OldUnreachable: p.OldUnreachable, Expunged: len(p.Expunged), Polling: p.Polling, LastFailure: p.LastFailure, HealthCheckFailure: p.HealthCheckFailure, Done: p.Done}
	if p.TotalSteps > 0 && !p.DeploymentDone {
		t.DeploymentStep, t.TotalSteps, t.StepActions = p.Step, p.TotalSteps, p.StepActions
	}
	t.Recent = p.Recent
	if len(t.Recent) > 5 {
		t.Recent = t.Recent[len(t.Recent)-5:]
	}
	return t
}
