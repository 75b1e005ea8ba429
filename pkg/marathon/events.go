package marathon

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Marathon event types yodel decodes, and yodel's pseudo-events.
const (
	EventStatusUpdate          = "status_update_event"
	EventHealthStatusChanged   = "health_status_changed_event"
	EventInstanceHealthChanged = "instance_health_changed_event"
	EventFailedHealthCheck     = "failed_health_check_event"
	EventUnhealthyInstanceKill = "unhealthy_instance_kill_event"
	EventDeploymentInfo        = "deployment_info"
	EventDeploymentSuccess     = "deployment_success"
	EventDeploymentFailed      = "deployment_failed"
	EventDeploymentStepSuccess = "deployment_step_success"
	EventDeploymentStepFailure = "deployment_step_failure"
	EventAPIPost               = "api_post_event"
	EventAppTerminated         = "app_terminated_event"
	EventStreamAttached        = "event_stream_attached"

	// EventResync: the stream (re)connected after a gap, or an event was
	// lost (too long, undecodable). Consumers must re-read the state they
	// track; events from the gap are gone.
	EventResync = "yodel_resync"
	// EventStreamDown: the stream broke; reconnection is under way.
	// Consumers that need progress meanwhile must poll.
	EventStreamDown = "yodel_stream_down"
)

// Event is one decoded Marathon event. Exactly the field matching Type is
// set (none for types yodel does not decode; Raw is always kept).
type Event struct {
	Type      string
	Timestamp time.Time
	Raw       json.RawMessage

	StatusUpdate  *StatusUpdate  // status_update_event
	Health        *HealthChange  // health_status_changed_event, instance_health_changed_event
	HealthFailure *HealthFailure // failed_health_check_event, unhealthy_instance_kill_event
	Deployment    *DeploymentEvent
	APIPost       *APIPost       // api_post_event
	AppTerminated *AppTerminated // app_terminated_event
	Stream        *StreamChange  // yodel_resync, yodel_stream_down
}

// StatusUpdate is a task state change.
type StatusUpdate struct {
	TaskID     string `json:"taskId"`
	AppID      string `json:"appId"`
	TaskStatus string `json:"taskStatus"`
	Message    string `json:"message"`
	Host       string `json:"host"`
	SlaveID    string `json:"slaveId"`
	Ports      []int  `json:"ports"`
	Version    string `json:"version"`
}

// HealthChange: an instance's health result flipped. Marathon names the
// instance, not the task: in 1.4 the instance id is <app>.marathon-<uuid>
// for task <app>.<uuid>, in 1.10 <app>.instance-<uuid> for task
// <app>.instance-<uuid>._app.<n>, and neither version sends a taskId. Match
// it to tasks with HealthKey (both sides) or InstanceID, never by equality
// with a task id.
type HealthChange struct {
	AppID string
	// InstanceID is the event's instanceId, or the instance of its taskId
	// when only that is given.
	InstanceID string
	// TaskID is the event's taskId when it has one (Marathon's do not).
	TaskID  string
	Version string
	Alive   bool
	// Unknown: instance_health_changed_event with "healthy": null, sent
	// when an instance changes without a health result (Marathon's
	// PostToEventStreamStepImpl): it says nothing about health.
	Unknown bool
}

// HealthFailure: a health check failed, or Marathon killed a task for it
// (Kill is true for unhealthy_instance_kill_event).
type HealthFailure struct {
	AppID   string
	TaskID  string
	Version string
	Reason  string
	Host    string
	Kill    bool
}

// DeploymentEvent covers deployment_info, _success, _failed and the step
// events.
type DeploymentEvent struct {
	ID           string
	Version      string
	AffectedApps []string
	Steps        []Step
	CurrentStep  []Action // deployment_info and step events
	Reason       string   // deployment_failed
}

// Affects reports whether the deployment touches app id.
func (d *DeploymentEvent) Affects(id string) bool {
	for _, a := range d.AffectedApps {
		if a == id {
			return true
		}
	}
	return false
}

// APIPost: an app was created or changed through the API.
type APIPost struct {
	ClientIP   string
	URI        string
	AppID      string
	AppVersion string
}

// AppTerminated: an app was destroyed.
type AppTerminated struct {
	AppID string
}

// StreamChange describes a yodel pseudo-event.
type StreamChange struct {
	URL    string
	Reason string
}

// wire shapes, all fields optional.
type (
	wireEvent struct {
		EventType string `json:"eventType"`
		Timestamp string `json:"timestamp"`
	}
	wireHealth struct {
		AppID          string `json:"appId"`
		RunSpecID      string `json:"runSpecId"`
		TaskID         string `json:"taskId"`
		InstanceID     string `json:"instanceId"`
		Version        string `json:"version"`
		RunSpecVersion string `json:"runSpecVersion"`
		Alive          *bool  `json:"alive"`
		Healthy        *bool  `json:"healthy"`
		Reason         string `json:"reason"`
		Host           string `json:"host"`
	}
	wirePlan struct {
		ID      string `json:"id"`
		Version string `json:"version"`
		Steps   []Step `json:"steps"`
	}
	wireDeployment struct {
		ID          string    `json:"id"`
		Plan        *wirePlan `json:"plan"`
		CurrentStep *Step     `json:"currentStep"`
		Reason      string    `json:"reason"`
	}
	wireAPIPost struct {
		ClientIP      string `json:"clientIp"`
		URI           string `json:"uri"`
		AppDefinition *struct {
			ID      string `json:"id"`
			Version string `json:"version"`
		} `json:"appDefinition"`
	}
)

// DecodeEvent decodes one event from the SSE "event:" field (may be empty)
// and its data. It never panics; it fails on data that is not a JSON object
// or whose fields yodel relies on have the wrong type, and returns the
// Event with Type and Raw set even then.
func DecodeEvent(eventField string, data []byte) (Event, error) {
	ev := Event{Type: strings.TrimSpace(eventField), Raw: json.RawMessage(data)}
	var head wireEvent
	if err := json.Unmarshal(data, &head); err != nil {
		return ev, fmt.Errorf("event %q: %w", ev.Type, err)
	}
	if ev.Type == "" {
		ev.Type = head.EventType
	}
	if ev.Type == "" {
		return ev, errors.New("event without a type")
	}
	if t, err := parseTime(head.Timestamp); err == nil {
		ev.Timestamp = t
	}
	var err error
	switch ev.Type {
	case EventStatusUpdate:
		var s StatusUpdate
		err = json.Unmarshal(data, &s)
		ev.StatusUpdate = &s
	case EventHealthStatusChanged, EventInstanceHealthChanged:
		var w wireHealth
		err = json.Unmarshal(data, &w)
		h := &HealthChange{
			AppID:      first(w.AppID, w.RunSpecID),
			InstanceID: first(w.InstanceID, InstanceID(w.TaskID)),
			TaskID:     w.TaskID,
			Version:    first(w.Version, w.RunSpecVersion),
		}
		switch {
		case w.Alive != nil:
			h.Alive = *w.Alive
		case w.Healthy != nil:
			h.Alive = *w.Healthy
		default:
			h.Unknown = true
		}
		ev.Health = h
	case EventFailedHealthCheck, EventUnhealthyInstanceKill:
		var w wireHealth
		err = json.Unmarshal(data, &w)
		ev.HealthFailure = &HealthFailure{
			AppID:   first(w.AppID, w.RunSpecID),
			TaskID:  first(w.TaskID, w.InstanceID),
			Version: first(w.Version, w.RunSpecVersion),
			Reason:  w.Reason,
			Host:    w.Host,
			Kill:    ev.Type == EventUnhealthyInstanceKill,
		}
	case EventDeploymentInfo, EventDeploymentSuccess, EventDeploymentFailed,
		EventDeploymentStepSuccess, EventDeploymentStepFailure:
		var w wireDeployment
		err = json.Unmarshal(data, &w)
		d := &DeploymentEvent{ID: w.ID, Reason: w.Reason}
		if w.Plan != nil {
			d.ID = first(d.ID, w.Plan.ID)
			d.Version = w.Plan.Version
			d.Steps = w.Plan.Steps
		}
		if w.CurrentStep != nil {
			d.CurrentStep = w.CurrentStep.Actions
		}
		seen := map[string]bool{}
		for _, st := range d.Steps {
			for _, a := range st.Actions {
				if a.App != "" && !seen[a.App] {
					seen[a.App] = true
					d.AffectedApps = append(d.AffectedApps, a.App)
				}
			}
		}
		for _, a := range d.CurrentStep {
			if a.App != "" && !seen[a.App] {
				seen[a.App] = true
				d.AffectedApps = append(d.AffectedApps, a.App)
			}
		}
		ev.Deployment = d
	case EventAPIPost:
		var w wireAPIPost
		err = json.Unmarshal(data, &w)
		p := &APIPost{ClientIP: w.ClientIP, URI: w.URI}
		if w.AppDefinition != nil {
			p.AppID, p.AppVersion = w.AppDefinition.ID, w.AppDefinition.Version
		}
		ev.APIPost = p
	case EventAppTerminated:
		var w struct {
			AppID string `json:"appId"`
		}
		err = json.Unmarshal(data, &w)
		ev.AppTerminated = &AppTerminated{AppID: w.AppID}
	}
	if err != nil {
		return ev, fmt.Errorf("event %s: %w", ev.Type, err)
	}
	return ev, nil
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// AppID is the app the event is about, "" if none or several.
func (e *Event) AppID() string {
	switch {
	case e.StatusUpdate != nil:
		return e.StatusUpdate.AppID
	case e.Health != nil:
		return e.Health.AppID
	case e.HealthFailure != nil:
		return e.HealthFailure.AppID
	case e.APIPost != nil:
		return e.APIPost.AppID
	case e.AppTerminated != nil:
		return e.AppTerminated.AppID
	}
	return ""
}

// Summary is a one-line, human description for progress views.
func (e *Event) Summary() string {
	switch {
	case e.StatusUpdate != nil:
		s := e.StatusUpdate
		out := fmt.Sprintf("task %s %s", s.TaskID, s.TaskStatus)
		if s.Message != "" {
			out += ": " + s.Message
		}
		return out
	case e.Health != nil:
		state := "unhealthy"
		if e.Health.Alive {
			state = "healthy"
		}
		if e.Health.Unknown {
			state = "health unknown"
		}
		return fmt.Sprintf("instance %s %s", e.Health.InstanceID, state)
	case e.HealthFailure != nil:
		if e.HealthFailure.Kill {
			return fmt.Sprintf("task %s killed: failed health checks %s", e.HealthFailure.TaskID, e.HealthFailure.Reason)
		}
		return fmt.Sprintf("task %s failed a health check", e.HealthFailure.TaskID)
	case e.Deployment != nil:
		d := e.Deployment
		switch e.Type {
		case EventDeploymentInfo:
			return fmt.Sprintf("deployment %s step: %s", d.ID, actionsString(d.CurrentStep))
		case EventDeploymentFailed:
			return fmt.Sprintf("deployment %s failed %s", d.ID, d.Reason)
		}
		return fmt.Sprintf("%s %s", e.Type, d.ID)
	case e.APIPost != nil:
		return fmt.Sprintf("app %s changed through the API", e.APIPost.AppID)
	case e.AppTerminated != nil:
		return fmt.Sprintf("app %s destroyed", e.AppTerminated.AppID)
	case e.Stream != nil:
		if e.Type == EventStreamDown {
			return "event stream down: " + e.Stream.Reason
		}
		return "event stream " + e.Stream.Reason
	}
	return e.Type
}

func actionsString(as []Action) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}
