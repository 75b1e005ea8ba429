package marathon

import "regexp"

// Task and instance ids follow Marathon's own rules (Task.Id and
// Instance.Id in core/task/Task.scala and core/instance/Instance.scala,
// v1.4.13 and v1.10.26):
//
//	1.4 app task     team_web.<uuid>                  instance team_web.marathon-<uuid>
//	1.4 legacy       team_web_<uuid>                  instance team_web.marathon-<uuid>
//	resident task    team_web.<uuid>.<attempt>        instance team_web.marathon-<uuid>
//	1.4 pod task     team_web.instance-<uuid>.<ctr>   instance team_web.instance-<uuid>
//	1.10 app task    team_web.instance-<uuid>._app.1  instance team_web.instance-<uuid>
//
// Health events name the instance only (1.4 and 1.10 alike: no taskId), so
// whoever keys health by task must go through InstanceID.
var (
	// TaskIdWithInstanceIdAndIncarnationRegex (1.10)
	taskIDIncarnationRe = regexp.MustCompile(`^(.+)\.(instance-|marathon-)([^_.]+)[._]([^.]+)\.(\d+)$`)
	// TaskIdWithInstanceIdRegex (1.10 container without dots; 1.4 relaxed
	// it to ".+" for pods made by 1.4.0-1.4.2)
	taskIDInstanceRe = regexp.MustCompile(`^(.+)\.(instance-|marathon-)([^_.]+)[._](.+)$`)
	// ResidentTaskIdRegex
	taskIDResidentRe = regexp.MustCompile(`^(.+)([._])([^_.]+)\.(\d+)$`)
	// LegacyTaskIdRegex
	taskIDLegacyRe = regexp.MustCompile(`^(.+)[._]([^_.]+)$`)
	// Instance.Id.InstanceIdRegex
	instanceIDRe = regexp.MustCompile(`^(.+)\.(instance-|marathon-)([^.]+)$`)
)

// InstanceID is the id of the instance task id belongs to, derived as
// Marathon derives it (Task.Id.instanceId); "" for an id no rule matches.
// The order of the rules is Marathon's.
func InstanceID(taskID string) string {
	if m := taskIDIncarnationRe.FindStringSubmatch(taskID); m != nil {
		return m[1] + "." + m[2] + m[3]
	}
	if m := taskIDInstanceRe.FindStringSubmatch(taskID); m != nil {
		return m[1] + "." + m[2] + m[3]
	}
	if m := taskIDResidentRe.FindStringSubmatch(taskID); m != nil {
		return m[1] + ".marathon-" + m[3]
	}
	if m := taskIDLegacyRe.FindStringSubmatch(taskID); m != nil {
		return m[1] + ".marathon-" + m[2]
	}
	return ""
}

// IsInstanceID says whether id has the shape of an instance id (as opposed
// to a task id): <safe app id>.(instance-|marathon-)<uuid>.
func IsInstanceID(id string) bool { return instanceIDRe.MatchString(id) }

// HealthKey is the key under which a health result of id (a task id, or an
// instance id as health events carry) is kept: the instance id, so that a
// result from an event and a task from a read meet. An id no rule matches
// is its own key.
func HealthKey(id string) string {
	if IsInstanceID(id) {
		return id
	}
	if inst := InstanceID(id); inst != "" {
		return inst
	}
	return id
}
