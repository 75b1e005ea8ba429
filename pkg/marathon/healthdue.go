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

// checkDue is how long after a task's start Marathon must have a result of
// one check: failures inside the grace period leave no result, the first
// one after it does; one interval more for the checker's schedule.
func checkDue(protocol string, grace, interval, timeout int, delay *int) int {
	if interval <= 0 {
		interval = defaultIntervalSeconds
	}
	if timeout <= 0 {
		timeout = defaultTimeoutSeconds
	}
	d := 0
	if mesosCheck(protocol) {
		d = defaultMesosDelaySeconds
		if delay != nil {
			d = *delay
		}
	}
	return d + grace + 2*interval + timeout
}

func mesosCheck(protocol string) bool {
	switch protocol {
	case "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP":
		return true
	}
	return false
}

// latestCheck stands for an app's health checks where only their presence
// and the time of their first result are kept: the check whose first
// result is due last, its Mesos delay folded into its grace period.
func latestCheck(due func(i int) (protocol string, grace, interval, timeout int, delay *int), n int) gm.HealthCheck {
	var out gm.HealthCheck
	best := -1
	for i := 0; i < n; i++ {
		p, g, iv, to, dl := due(i)
		if d := checkDue(p, g, iv, to, dl); d > best {
			best = d
			if iv <= 0 {
				iv = defaultIntervalSeconds
			}
			if to <= 0 {
				to = defaultTimeoutSeconds
			}
			out = gm.HealthCheck{GracePeriodSeconds: d - 2*iv - to, IntervalSeconds: iv, TimeoutSeconds: to}
		}
	}
	return out
}

// LatestCheck is latestCheck of an app's checks as go-marathon decodes
// them (it has no delaySeconds: Marathon's default is taken).
func LatestCheck(checks []gm.HealthCheck) gm.HealthCheck {
	return latestCheck(func(i int) (string, int, int, int, *int) {
		c := checks[i]
		return c.Protocol, c.GracePeriodSeconds, c.IntervalSeconds, c.TimeoutSeconds, nil
	}, len(checks))
}

// FirstResultDue is how long after a task's start Marathon, checking it,
// has a result of every health check of the app: the grace period (inside
// which failures leave none), Mesos' delay for its own checks, and two
// intervals and a timeout. 0 for an app without health checks.
func (a *App) FirstResultDue() time.Duration {
	if !a.HasHealthChecks() {
		return 0
	}
	c := LatestCheck(*a.HealthChecks)
	return time.Duration(checkDue(c.Protocol, c.GracePeriodSeconds, c.IntervalSeconds, c.TimeoutSeconds, nil)) * time.Second
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
