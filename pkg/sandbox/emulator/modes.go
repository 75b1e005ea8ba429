package emulator

import (
	"fmt"
	"sort"
	"strings"
)

// Marathon versions the emulator models (Config.MarathonVersion).
const (
	Version14  = "1.4"  // Marathon 1.4.13, the default
	Version110 = "1.10" // Marathon 1.10.26, the last 1.x release
)

// FeatureTaskKilling is Marathon's --enable_features task_killing: the
// framework asks Mesos for the TASK_KILLING state (MarathonSchedulerDriver).
const FeatureTaskKilling = "task_killing"

// knownFeatures is Features.availableFeatures of both versions (1.10 drops
// maintenance_mode, which 1.4 does not have); Marathon refuses to start with
// any other name, and so does the emulator.
var knownFeatures = map[string]bool{
	"vips": true, FeatureTaskKilling: true, "external_volumes": true, "secrets": true, "gpu_resources": true,
}

// idScheme is how a version names tasks and instances.
type idScheme int

const (
	// ids14: task "<app>.<uuid>", instance "<app>.marathon-<uuid>" (1.4
	// Task.Id / Instance.Id.forRunSpec with the same uuid).
	ids14 idScheme = iota
	// ids110: instance "<app>.instance-<uuid>", task
	// "<instance>._app.<incarnation>" (1.10 Task.Id.forInstanceId,
	// Task.TaskIdWithIncarnation).
	ids110
)

// Mode is every behaviour in which the modelled Marathon versions differ,
// in one place: the emulator's code asks its Mode, never the version string.
// The contract of each field is in the package documentation ("Modes").
type Mode struct {
	// Version is what /v2/info reports, e.g. "1.4.13".
	Version string
	// Features are the enabled --enable_features, sorted, as /v2/info
	// lists them under marathon_config.features.
	Features []string
	// TaskKilling: a kill is reported as TASK_KILLING at once. Without it
	// (both versions unless task_killing is enabled) a killed task stays
	// TASK_RUNNING until TASK_KILLED.
	TaskKilling bool
	// ids is the id scheme; with ids110 an instance whose task ended while
	// its goal stayed Running is relaunched under its next incarnation.
	ids idScheme
	// httpCallbacks: HTTP callback event subscriptions exist
	// (/v2/eventSubscriptions, /v2/info "event_subscriber"): 1.4; 1.10
	// has no EventSubscriptionsResource.
	httpCallbacks bool
	// overdueWithoutDelay: /v2/queue says "overdue": true for an app
	// without a launch delay (1.10 LaunchStats.queueDelay); 1.4's
	// QueueInfoConversion says false.
	overdueWithoutDelay bool
	// failedHealthTaskIDKey: failed_health_check_event names the instance
	// "taskId" (1.10 Formats.FailedHealthCheckWrites) instead of
	// "instanceId" (1.4 Json.writes[FailedHealthCheck]).
	failedHealthTaskIDKey bool
	// killReplyInstances: DELETE /v2/apps/{id}/tasks[/{taskId}] without
	// scale answers with Marathon's internal Instance JSON (1.4
	// AppTasksResource writes Seq[Instance] with Instance.instanceJsonWrites)
	// instead of task objects (1.10 EnrichedTask).
	killReplyInstances bool
	// replaceCountsHealthy: a restart's immediate kills count only
	// healthy instances and add every extra one (1.10 TaskReplaceActor)
	// instead of every active instance (1.4).
	replaceCountsHealthy bool
	// replaceKillsUnhealthyFirst: a restart kills unhealthy old instances
	// first (1.10 TaskReplaceActor toKillOrdered); 1.4 queues them in the
	// instance tracker's order.
	replaceKillsUnhealthyFirst bool
	// provisionEvents: a launch is reported as instance_changed_event
	// Scheduled (no agent yet) then Provisioned, without a status_update_event
	// (1.10 InstanceUpdateOpResolver Schedule/Provision, events from
	// updatedCondition only), instead of TASK_STAGING and Staging (1.4
	// LaunchEphemeral through InstanceChangedEventsGenerator.events).
	provisionEvents bool
	// checksLatestForLostVersion: a new leader health-checks a task whose
	// app version its store no longer holds (the garbage collector, gc.go)
	// with the app's latest definition (1.10 InstanceView.get resolves the
	// instance to the latest run spec), where 1.4 starts no check for it
	// at all (MarathonHealthCheckManager.reconcile: "If the app version of
	// the task is not available anymore, no health check is started"): its
	// tasks show no healthCheckResults until they end.
	checksLatestForLostVersion bool
	// eventOverflowClosesStream: an event stream with more events
	// outstanding than --event_stream_max_outstanding_messages is closed
	// (1.10 HttpEventStreamHandleActor.dropConnection); 1.4 drops the
	// event and keeps the stream (dropEvent: "Ignore event ... (slow
	// consumer)"), so a client misses events without knowing.
	eventOverflowClosesStream bool
	// expungesUnreachableOnUpdate: a TASK_UNREACHABLE update expunges the
	// instance once the strategy's expungeAfterSeconds have passed (1.10
	// InstanceUpdater: at once with the default 0/0), and the strategy's
	// times compare inclusively (Timestamp.expired); 1.4 only marks it
	// UnreachableInactive and leaves the expunge to its periodic job.
	expungesUnreachableOnUpdate bool
	// decommissionsUnreachable: a kill of an unreachable instance sets its
	// goal to Decommissioned and keeps it listed (1.10 KillAction.
	// Decommission), a restart replaces UnreachableInactive instances too
	// and keeps counting a new one gone unreachable; 1.4 expunges a killed
	// unreachable instance at once (ExpungeFromState), leaves
	// UnreachableInactive ones out of a restart and relaunches a new one
	// gone unreachable.
	decommissionsUnreachable bool
	// raml: apps, tasks and app infos are written in 1.10's RAML form
	// (raml110.go) instead of 1.4's play-json Formats.
	raml bool
	// fractionalStatus and fractionalError answer a fractional value in a
	// seconds field (see Emulator.checkWholeSeconds).
	fractionalStatus int
	fractionalError  string
}

// modeTable is the per-version part of Mode; features add to it.
var modeTable = map[string]Mode{
	Version14: {Version: "1.4.13", ids: ids14, httpCallbacks: true, killReplyInstances: true,
		fractionalStatus: 400, fractionalError: "error.expected.long"},
	Version110: {Version: "1.10.26", ids: ids110, overdueWithoutDelay: true, failedHealthTaskIDKey: true, replaceCountsHealthy: true, replaceKillsUnhealthyFirst: true, raml: true, provisionEvents: true, checksLatestForLostVersion: true, eventOverflowClosesStream: true,
		expungesUnreachableOnUpdate: true, decommissionsUnreachable: true,
		fractionalStatus: 422, fractionalError: "error.expected.int"},
}

// NewMode resolves a version ("1.4", "1.4.13", "1.10", "1.10.26"; empty is
// 1.4) and a list of features into a Mode, refusing unknown ones as
// Marathon refuses unknown --enable_features.
func NewMode(version string, features []string) (Mode, error) {
	key := version
	switch version {
	case "", "1.4.13":
		key = Version14
	case "1.10.26":
		key = Version110
	}
	m, ok := modeTable[key]
	if !ok {
		return Mode{}, fmt.Errorf("unknown Marathon version %q: the emulator models %s (1.4.13, the default) and %s (1.10.26)", version, Version14, Version110)
	}
	seen := map[string]bool{}
	m.Features = []string{}
	for _, f := range features {
		f = strings.TrimSpace(f)
		if f == "" || seen[f] {
			continue
		}
		if !knownFeatures[f] {
			return Mode{}, fmt.Errorf("unknown Marathon feature %q: available are %s", f, strings.Join(sortedKeys(knownFeatures), ", "))
		}
		seen[f] = true
		m.Features = append(m.Features, f)
	}
	sort.Strings(m.Features)
	m.TaskKilling = seen[FeatureTaskKilling]
	return m, nil
}

// ParseFeatures splits a comma-separated --enable-features value.
func ParseFeatures(list string) []string {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	return strings.Split(list, ",")
}

// Mode is the Marathon behaviour this emulator models.
func (e *Emulator) Mode() Mode { return e.mode }
