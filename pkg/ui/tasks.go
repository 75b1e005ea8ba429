package ui

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// TaskHeaders are the columns of the task table `yodel status SERVICE`
// prints on a terminal.
var TaskHeaders = []string{"TASK", "APP", "ADDRESS", "STATE", "HEALTH", "HAPROXY", "RELEASE", "STARTED"}

// TaskTable writes the tasks of apps (view.App.Tasks), aligned with a
// header, then how to read a task's output (view.TaskToRead): the lines a
// user looking at one service wants after its summary. Nothing when no
// app has a task. realmArg addresses the realm in that command
// (realm.Arg).
func TaskTable(ios *iostreams.IOStreams, w io.Writer, apps []view.App, svc, realmArg string, now time.Time) error {
	apps = Escaped(apps)
	t := NewTable(ios, w, TaskHeaders...)
	t.Aligned()
	st := NewStyles(ios, w)
	for _, a := range apps {
		for _, k := range a.Tasks {
			t.Row(TaskCells(st, a.App, k, now)...)
		}
	}
	if t.Len() == 0 {
		return nil
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	if err := t.Render(w); err != nil {
		return err
	}
	// A command that runs as printed: the first failing task's, else the
	// first task's.
	_, err := fmt.Fprintln(w, st.Dim.Render(fmt.Sprintf("a task's output: yodel logs %s --realm %s --task %s", svc, realmArg, view.TaskToRead(apps))))
	return err
}

// TaskCells are one task's cells: its address as host:port (more ports
// after a comma), its Mesos state without TASK_, its health with what
// fails and how often in a row, what the lb agents' HAProxys do with it
// (RouteText), its release (or "older config" for a rolling deploy's old
// tasks, whose release Marathon does not say), and when it started.
func TaskCells(st Styles, app string, k view.Task, now time.Time) []string {
	addr := k.Host
	for i, p := range k.Ports {
		sep := ","
		if i == 0 {
			sep = ":"
		}
		addr += sep + strconv.Itoa(p)
	}
	state := k.StateText()
	if k.Surplus {
		state += " (surplus)"
	}
	health := "-"
	switch k.Health {
	case view.HealthHealthy:
		health = st.OK.Render("healthy")
	case view.HealthFailing:
		h := "failing"
		if k.HealthFailure != "" {
			h += ": " + Cut(k.HealthFailure, 60)
		}
		if k.ConsecutiveFailures > 1 {
			h += fmt.Sprintf(" (%d in a row)", k.ConsecutiveFailures)
		}
		health = st.Fail.Render(h)
	case view.HealthPending:
		health = "not checked yet"
	case view.HealthUnchecked:
		health = st.Warn.Render("not checked by Marathon")
	case view.HealthNone:
		health = "no health checks"
	}
	release := Cut(k.Release, 40)
	if !k.Current {
		release = st.Dim.Render("older config")
	} else if release == "" {
		release = "-"
	}
	started := "-"
	switch {
	case !k.StartedAt.IsZero():
		started = Ago(now.Sub(k.StartedAt))
	case !k.StagedAt.IsZero():
		started = "staged " + Ago(now.Sub(k.StagedAt))
	}
	return []string{k.ID, app, addr, state, health, RouteText(st, k.Routing), release, started}
}

// routeStyled colours a route state in words (view.RoutePart.State):
// serving is good, down or not in HAProxy is bad, the rest plain.
func routeStyled(st Styles, state string) string {
	switch p := (view.RoutePart{State: state}); {
	case p.Serving():
		return st.OK.Render(state)
	case p.Bad():
		return st.Fail.Render(state)
	}
	return state
}

// RouteText says how the lb agents' HAProxys hold a task
// (view.RouteSummary): "serving" when every agent sends it traffic on
// every port, else each state with the agents in it ("serving on lb-1;
// down: connection refused (L4CON) on lb-2"); "-" when no agent was read.
func RouteText(st Styles, routes []view.TaskRoute) string {
	parts := view.RouteSummary(routes)
	if len(parts) == 0 {
		return "-"
	}
	style := func(p view.RoutePart) string { return routeStyled(st, p.State) }
	if len(parts) == 1 {
		return style(parts[0])
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = style(p) + " on " + p.AgentsText()
	}
	return strings.Join(out, "; ")
}
