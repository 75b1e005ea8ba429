package marathon

import (
	"time"

	gm "github.com/gambol99/go-marathon"
)

// Marathon's defaults for a health check's timings (1.4.13 and 1.10.26,
// core/health/HealthCheck.scala), taken for a check that gives none.
const (
	defaultIntervalSeconds   = 60
	defaultTimeoutSeconds    = 20
	defaultMesosDelaySeconds = 15 // COMMAND and MESOS_* checks, run by Mesos
)

// checkTiming is what decides when a health check's first result is due
// (EachRoutedApp decodes only this of a check).
type checkTiming struct {
	Protocol           string `json:"protocol"`
	GracePeriodSeconds int    `json:"gracePeriodSeconds"`
	IntervalSeconds    int    `json:"intervalSeconds"`
	TimeoutSeconds     int    `json:"timeoutSeconds"`
	DelaySeconds       *int   `json:"delaySeconds"` // nil: Marathon's default
}

// normalized fills in Marathon's defaults and folds Mesos' delay into
// the grace period: the check the same first result is due for.
func (c checkTiming) normalized() checkTiming {
	if c.IntervalSeconds <= 0 {
		c.IntervalSeconds = defaultIntervalSeconds
	}
	if c.TimeoutSeconds <= 0 {
		c.TimeoutSeconds = defaultTimeoutSeconds
	}
	if mesosCheck(c.Protocol) {
		delay := defaultMesosDelaySeconds
		if c.DelaySeconds != nil {
			delay = *c.DelaySeconds
		}
		c.GracePeriodSeconds += delay
	}
	c.Protocol, c.DelaySeconds = "", nil
	return c
}

// due is how long after a task's start Marathon must have a result of a
// normalized check: failures inside the grace period leave no result, the
// first one after it does; one interval more for the checker's schedule.
func (c checkTiming) due() int {
	return c.GracePeriodSeconds + 2*c.IntervalSeconds + c.TimeoutSeconds
}

func mesosCheck(protocol string) bool {
	switch protocol {
	case "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP":
		return true
	}
	return false
}

// latestCheck stands for an app's health checks where only their presence
// and the time of their first result are kept: the normalized check whose
// first result is due last.
func latestCheck(checks []checkTiming) gm.HealthCheck {
	var out gm.HealthCheck
	best := -1
	for _, c := range checks {
		if c = c.normalized(); c.due() > best {
			best = c.due()
			out = gm.HealthCheck{GracePeriodSeconds: c.GracePeriodSeconds, IntervalSeconds: c.IntervalSeconds, TimeoutSeconds: c.TimeoutSeconds}
		}
	}
	return out
}

// LatestCheck is latestCheck of an app's checks as go-marathon decodes
// them (it has no delaySeconds: Marathon's default is taken).
func LatestCheck(checks []gm.HealthCheck) gm.HealthCheck {
	ts := make([]checkTiming, len(checks))
	for i, c := range checks {
		ts[i] = checkTiming{Protocol: c.Protocol, GracePeriodSeconds: c.GracePeriodSeconds, IntervalSeconds: c.IntervalSeconds, TimeoutSeconds: c.TimeoutSeconds}
	}
	return latestCheck(ts)
}

// FirstResultDue is how long after a task's start Marathon, checking it,
// has a result of every health check of the app: the grace period (inside
// which failures leave none), Mesos' delay for its own checks, and two
// intervals and a timeout. 0 for an app without health checks.
func (a *App) FirstResultDue() time.Duration {
	if !a.HasHealthChecks() {
		return 0
	}
	c := LatestCheck(*a.HealthChecks) // normalized: a stand-in stays itself
	return time.Duration(checkTiming{GracePeriodSeconds: c.GracePeriodSeconds, IntervalSeconds: c.IntervalSeconds, TimeoutSeconds: c.TimeoutSeconds}.due()) * time.Second
}

// Unchecked says whether Marathon is overdue with t's health: a running
// task of an app with health checks, without any result longer than
// FirstResultDue after its start. A Marathon 1.4 leader that no longer
// stores the app version a task was launched with (its garbage collector
// keeps zk_max_versions versions, and every scale makes one) never checks
// it: after a leader change such tasks stay without results until they
// end. now is the time of the read t comes from.
func (a *App) Unchecked(t *Task, now time.Time) bool {
	if !a.HasHealthChecks() || !TaskRunning(t) || len(t.HealthCheckResults) > 0 || t.StartedAt == "" {
		return false
	}
	started, err := time.Parse(time.RFC3339Nano, t.StartedAt)
	if err != nil {
		return false
	}
	return now.Sub(started) > a.FirstResultDue()
}
