package emulator

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"time"
)

var healthClient = &http.Client{
	Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, // Marathon does not verify task certificates either
		DisableKeepAlives: true,
	},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// defFor returns the definition a task was launched with: health checks
// follow the task's version, not the app's latest.
func defFor(as *appState, t *Task) *App {
	if d := as.versions[t.Version]; d != nil {
		return d
	}
	return as.app
}

// startHealth starts the health and readiness checkers of a task that just
// became running. Called with e.mu held.
func (e *Emulator) startHealth(as *appState, t *Task) {
	def := defFor(as, t)
	if len(def.HealthChecks) == 0 && len(def.ReadinessChecks) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	if as.hc == nil {
		as.hc = map[string]context.CancelFunc{}
	}
	as.hc[t.ID] = cancel
	env := e.taskEnv(t, def)
	ports := append([]int(nil), t.Ports...)
	phase := e.healthPhase(as, t.Version)
	for i, hc := range def.HealthChecks {
		go e.healthLoop(ctx, t.ID, i, hc, ports, env, t.Dir, phase)
	}
	for _, rc := range def.ReadinessChecks {
		port := 0
		for i, n := range def.portNames() {
			if n == rc.PortName && i < len(ports) {
				port = ports[i]
			}
		}
		go e.readinessLoop(ctx, t.ID, rc, port)
	}
}

func (e *Emulator) stopHealth(as *appState, t *Task) {
	if cancel := as.hc[t.ID]; cancel != nil {
		cancel()
		delete(as.hc, t.ID)
	}
}

// healthPhase is when Marathon's health check actor of an app version
// started: at the deployment step that brought the version
// (DeploymentActor.performStep, MarathonHealthCheckManager.addAllFor), or
// for tasks a new leader found, at its election (reconcile). Called with
// e.mu held.
func (e *Emulator) healthPhase(as *appState, version string) time.Time {
	if p, ok := as.hcPhase[version]; ok {
		return p
	}
	p := time.Now()
	if v, err := time.Parse(tsFormat, version); err == nil && v.After(e.engineStart) && v.Before(p) {
		p = v
	}
	if as.hcPhase == nil {
		as.hcPhase = map[string]time.Time{}
	}
	as.hcPhase[version] = p
	return p
}

// grid is the first of the times first, first+interval, ... that is not
// before now.
func grid(first time.Time, interval time.Duration, now time.Time) time.Time {
	if interval <= 0 || !first.Before(now) {
		return first
	}
	n := (now.Sub(first) + interval - 1) / interval
	return first.Add(n * interval)
}

// healthLoop runs one health check of a task at the check's ticks.
// Marathon's own checks (HTTP, HTTPS, TCP) run at the ticks of the app
// version's health check actor (HealthCheckActor, both versions): min(interval,
// 5 s) after phase, then every interval, each tick checking the instances
// running then. A new task waits for the next tick: its first result comes
// up to an interval after it runs, not at once. Mesos runs the others per
// task, delaySeconds (HealthCheck.DefaultDelay, 15 s) after its start,
// then every interval.
func (e *Emulator) healthLoop(ctx context.Context, taskID string, i int, hc HealthCheck, ports []int, env []string, dir string, phase time.Time) {
	interval := e.scaled(hc.IntervalSeconds)
	timeout := e.scaled(hc.TimeoutSeconds)
	first := phase.Add(min(interval, e.scaled(5)))
	if mesosCheck(hc.Protocol) {
		first = time.Now().Add(e.scaled(hc.DelaySeconds))
	}
	after := time.Now()
	for {
		at := grid(first, interval, after)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(at)):
		}
		err := e.probe(ctx, hc, ports, env, dir, timeout)
		if ctx.Err() != nil {
			return
		}
		e.mu.Lock()
		e.recordHealth(taskID, i, hc, err, time.Now())
		e.mu.Unlock()
		// A probe that ran past ticks skips them.
		after = time.Now()
		if !after.After(at) {
			after = at.Add(time.Nanosecond)
		}
	}
}

func (e *Emulator) probe(ctx context.Context, hc HealthCheck, ports []int, env []string, dir string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	port := 0
	if hc.Port != nil {
		port = *hc.Port
	} else if hc.PortIndex != nil && *hc.PortIndex < len(ports) {
		port = ports[*hc.PortIndex]
	}
	addr := net.JoinHostPort(e.cfg.HostIP, strconv.Itoa(port))
	switch hc.Protocol {
	case "HTTP", "HTTPS", "MESOS_HTTP", "MESOS_HTTPS":
		scheme := "http"
		if hc.Protocol == "HTTPS" || hc.Protocol == "MESOS_HTTPS" {
			scheme = "https"
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, scheme+"://"+addr+hc.Path, nil)
		if err != nil {
			return err
		}
		resp, err := healthClient.Do(req)
		if err != nil {
			if ctx.Err() == context.DeadlineExceeded {
				return fmt.Errorf("health check timed out after %s", timeout)
			}
			return err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 399 {
			// HealthCheckWorkerActor: lastFailureCause is the
			// response status, "503 Service Unavailable".
			return errors.New(resp.Status)
		}
		return nil
	case "TCP", "MESOS_TCP":
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		c.Close()
		return nil
	case "COMMAND":
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", hc.Command.Value)
		cmd.Env = env
		cmd.Dir = dir
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("command health check failed: %w", err)
		}
		return nil
	}
	return fmt.Errorf("unsupported health check protocol %s", hc.Protocol)
}

// mesosCheck reports whether Mesos, not Marathon, runs a check protocol.
func mesosCheck(protocol string) bool {
	switch protocol {
	case "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP":
		return true
	}
	return false
}

// recordHealth applies one check result as HealthCheckActor does: failures
// are ignored during the grace period until the first success, and the
// failure that finds maxConsecutiveFailures already counted kills the task
// (checkConsecutiveFailures looks at the health before this result, so the
// kill comes with failure maxConsecutiveFailures+1). Called with e.mu held.
func (e *Emulator) recordHealth(taskID string, i int, hc HealthCheck, err error, now time.Time) {
	as, t := e.findTask(taskID)
	if t == nil || t.KillRequested || i >= len(t.Health) || t.State == TaskUnreachable {
		return // HealthCheckActor checks running instances only
	}
	h := t.Health[i]
	if h.ForceFail && err == nil {
		err = fmt.Errorf("health check failure injected")
	}
	wasAlive, wasChecked := h.Checked && h.Alive, h.Checked
	failuresBefore := h.ConsecutiveFailures
	// checkConsecutiveFailures reads the health before this result: the
	// kill's reason and time are the previous failure's.
	prevCause, prevFailure := h.LastFailureCause, h.LastFailure
	if err == nil {
		h.Checked, h.Alive, h.ConsecutiveFailures = true, true, 0
		if h.FirstSuccess.IsZero() {
			h.FirstSuccess = now
		}
		h.LastSuccess = now
	} else {
		if h.FirstSuccess.IsZero() && now.Before(t.StartedAt.Add(e.scaled(hc.GracePeriodSeconds))) {
			return
		}
		h.Checked, h.Alive = true, false
		h.ConsecutiveFailures++
		h.LastFailure = now
		h.LastFailureCause = err.Error()
		// FailedHealthCheck: 1.4 names the instance "instanceId", 1.10
		// "taskId" (with the instance id); neither has a version.
		key := "instanceId"
		if e.mode.failedHealthTaskIDKey {
			key = "taskId"
		}
		e.publish("failed_health_check_event", map[string]any{"appId": t.AppID, key: t.InstanceID, "healthCheck": hc})
	}
	if alive := h.Checked && h.Alive; alive != wasAlive {
		// In the log too: an lb agent takes a task that turns unhealthy
		// out of rotation, and a test whose requests failed reads here
		// whether a check (timed out on a loaded machine) did it.
		if alive {
			if wasChecked { // not every task's first success: a realm's worth of lines
				e.log.Info("task passing its health check again", "task", t.ID)
			}
		} else {
			e.log.Info("task failing its health check", "task", t.ID, "cause", h.LastFailureCause, "failures", h.ConsecutiveFailures)
		}
		// HealthCheckActor.updateInstanceHealth publishes both, by
		// instance id only: no taskId.
		e.publish("health_status_changed_event", map[string]any{"appId": t.AppID, "instanceId": t.InstanceID,
			"version": t.Version, "alive": alive})
		e.publish("instance_health_changed_event", map[string]any{"instanceId": t.InstanceID, "runSpecId": t.AppID,
			"healthy": alive, "runSpecVersion": t.Version})
		e.wake()
	}
	if err != nil && hc.MaxConsecutiveFailures > 0 && failuresBefore >= hc.MaxConsecutiveFailures {
		reason, at := cmp.Or(prevCause, "unknown"), now
		if !prevFailure.IsZero() {
			at = prevFailure
		}
		e.publish("unhealthy_instance_kill_event", map[string]any{"appId": t.AppID, "taskId": t.ID,
			"instanceId": t.InstanceID, "version": t.Version, "reason": reason, "host": e.cfg.HostIP, "slaveId": e.slaveID(), "timestamp": ts(at)})
		// HistoryActor stores the kill as the app's lastTaskFailure
		// (TaskFailure.FromUnhealthyInstanceKillEvent); the TASK_KILLED
		// status update that follows is no failure and leaves it.
		as.lastFail = &LastTaskFailure{AppID: t.AppID, Host: e.cfg.HostIP, State: TaskKilled, TaskID: t.ID,
			Message: "Task was killed since health check failed. Reason: " + reason, Timestamp: ts(at), Version: t.Version, SlaveID: e.slaveID()}
		t.Unhealthy = true
		// Marathon's HealthCheckActor logs this kill too; a test that
		// lost requests to it says so in the emulator's log it prints.
		e.log.Info("killing an unhealthy task", "task", t.ID, "failures", h.ConsecutiveFailures, "reason", reason)
		// KillReason.FailedHealthChecks keeps the instance's goal:
		// replaced on 1.4, relaunched as its next incarnation on 1.10,
		// and no launch delay (a kill is not limitWorthy).
		e.killOnly(as, t, fmt.Sprintf("%d consecutive health check failures", h.ConsecutiveFailures))
	}
	e.markDirty()
}

func (e *Emulator) readinessLoop(ctx context.Context, taskID string, rc ReadinessCheck, port int) {
	interval := e.scaled(rc.IntervalSeconds)
	timeout := e.scaled(rc.TimeoutSeconds)
	scheme := "http"
	if rc.Protocol == "HTTPS" {
		scheme = "https"
	}
	url := scheme + "://" + net.JoinHostPort(e.cfg.HostIP, strconv.Itoa(port)) + rc.Path
	for {
		status, ctype, body := 0, "", ""
		rctx, cancel := context.WithTimeout(ctx, timeout)
		req, _ := http.NewRequestWithContext(rctx, http.MethodGet, url, nil)
		if resp, err := healthClient.Do(req); err == nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			status, ctype, body = resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
		}
		cancel()
		if ctx.Err() != nil {
			return
		}
		ready := false
		for _, c := range rc.HTTPStatusCodesForReady {
			ready = ready || c == status
		}
		e.mu.Lock()
		if _, t := e.findTask(taskID); t != nil {
			t.Readiness = &readiness{Name: rc.Name, Ready: ready, Status: status, ContentType: ctype}
			if rc.PreserveLastResponse {
				t.Readiness.Body = body
				t.Readiness.Preserve = true
			}
			e.wake()
		}
		e.mu.Unlock()
		if ready {
			return // Marathon stops checking once a task is ready
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

type readiness struct {
	Name        string `json:"name"`
	Ready       bool   `json:"ready"`
	Status      int    `json:"status"`
	ContentType string `json:"contentType"`
	Body        string `json:"body"`
	Preserve    bool   `json:"preserve"`
}

func readyOf(t *Task) bool { return t.Readiness != nil && t.Readiness.Ready }

// readinessResults lists the readiness of the current version's tasks that
// have been checked, for a deployment's currentActions.
func (e *Emulator) readinessResults(appID string) []map[string]any {
	out := []map[string]any{}
	as := e.apps[appID]
	if as == nil {
		return out
	}
	for _, id := range sortedKeys(as.tasks) {
		t := as.tasks[id]
		if t.Readiness == nil || t.Version != as.app.Version {
			continue
		}
		r := map[string]any{"name": t.Readiness.Name, "taskId": t.ID, "ready": t.Readiness.Ready, "lastResponse": nil}
		if t.Readiness.Preserve {
			r["lastResponse"] = map[string]any{"status": t.Readiness.Status, "contentType": t.Readiness.ContentType, "body": t.Readiness.Body}
		}
		out = append(out, r)
	}
	return out
}
