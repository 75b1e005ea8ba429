package ui

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// StatusHeaders are the columns of `yodel status` on a terminal.
var StatusHeaders = []string{"SERVICE", "APP", "TRACK", "GEN", "RELEASE", "HEALTHY", "RUNNING", "URL", "DEPLOYMENT", "LAST FAILURE"}

// statusColumnsPlain are the columns off a terminal (no header is
// printed): the first nine as they always were, new ones appended so
// scripts cutting by position keep working.
var statusColumnsPlain = []string{"SERVICE", "APP", "TRACK", "GEN", "RELEASE", "HEALTHY", "RUNNING", "DEPLOYMENT", "LAST FAILURE",
	"URLS", "ROUTING ERRORS", "HEALTH CHECK"}

// StatusTable writes apps as `yodel status` shows them: aligned with a
// header on a terminal, tab separated without one elsewhere. On a
// terminal, what the lb agents refuse and why health checks fail follow
// the table as notes, one line each: they are too long for a cell; then
// the services the realm's server autoscales. realmArg addresses the realm
// in the commands the notes print (realm.Arg).
func StatusTable(ios *iostreams.IOStreams, w io.Writer, apps []view.App, realmArg string, now time.Time) error {
	apps = Escaped(apps) // the cells and the notes alike
	headers := StatusHeaders
	if !ios.IsStdoutTTY() {
		headers = statusColumnsPlain
	}
	t := NewTable(ios, w, headers...)
	for _, a := range apps {
		t.Row(StatusCells(a, t.tty, now)...)
	}
	if err := t.Render(w); err != nil || !t.tty {
		return err
	}
	st := NewStyles(ios, w)
	var b strings.Builder
	for _, n := range LabelledNotes(apps) {
		b.WriteString(st.Warn.Render("! "+n) + "\n")
	}
	for _, n := range StatusNotes(apps) {
		b.WriteString(st.Warn.Render("! "+n) + "\n")
	}
	for _, n := range UncheckedNotes(apps, realmArg) {
		b.WriteString(st.Warn.Render("! "+n) + "\n")
	}
	for _, n := range UnreachableNotes(apps) {
		b.WriteString(st.Warn.Render("! "+n) + "\n")
	}
	for _, n := range SurplusNotes(apps) {
		b.WriteString(st.Warn.Render("! "+n) + "\n")
	}
	for _, n := range AutoscaleNotes(apps, realmArg) {
		b.WriteString(st.Dim.Render(n) + "\n")
	}
	for _, n := range WindowNotes(apps, realmArg, now) {
		b.WriteString(n + "\n")
	}
	for _, n := range CanaryNotes(apps) {
		b.WriteString(n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// LabelledNotes say which apps carry a service's label without being its
// (view.App.LabelledService): the table lists them apart from the
// service, and this says why.
func LabelledNotes(apps []view.App) []string {
	var notes []string
	for _, a := range apps {
		l := a.LabelledService
		switch {
		case l == "":
		case manifest.CheckName(l, manifest.MaxServiceNameLen) != "":
			notes = append(notes, fmt.Sprintf("%s: labelled %s=%s, which is no service name: shown as an app yodel does not deploy", a.App, appdef.LabelService, l))
		default:
			notes = append(notes, fmt.Sprintf("%s: labelled %s=%s, but only %s and %s are %s's apps: not counted or routed as %s",
				a.App, appdef.LabelService, l, appdef.AppID(l, appdef.ColourBlue), appdef.AppID(l, appdef.ColourGreen), l, l))
		}
	}
	return notes
}

// UncheckedNotes say which apps run tasks Marathon has stopped checking
// (view.App.Unchecked), why, and, for yodel's services, the command that
// replaces them with checked ones in the realm realmArg.
func UncheckedNotes(apps []view.App, realmArg string) []string {
	var notes []string
	for _, a := range apps {
		if a.Unchecked == 0 {
			continue
		}
		n := fmt.Sprintf("%s: %d running task(s) without a health result from Marathon long after they started: a Marathon 1.4 leader elected after their app version was garbage-collected (it keeps zk_max_versions, 50 by default, and every scale makes one) never checks them. The lb agents route them on HAProxy's own checks; Marathon counts them unhealthy.",
			a.App, a.Unchecked)
		if a.Yodel {
			n += fmt.Sprintf(" Replace them with checked tasks: yodel restart %s --realm %s", a.Service, realmArg)
		}
		notes = append(notes, n)
	}
	return notes
}

// UnreachableNotes say which apps have tasks on agents Mesos lost
// (view.App.Unreachable) and what Marathon does with them.
func UnreachableNotes(apps []view.App) []string {
	var notes []string
	for _, a := range apps {
		if a.Unreachable == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s: %d task(s) on agents Mesos lost (TASK_UNREACHABLE): not serving, not routed. Marathon replaces them as the app's unreachableStrategy says (at once by default) and forgets them minutes later; a task whose agent comes back first runs again, and Marathon's next scale check kills the youngest surplus task.",
			a.App, a.Unreachable))
	}
	return notes
}

// SurplusNotes say which apps run tasks beyond their instances that
// Marathon's next scale check will kill (view.App.Surplus).
func SurplusNotes(apps []view.App) []string {
	var notes []string
	for _, a := range apps {
		if len(a.Surplus) == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s: %d running task(s) beyond its instances (%s): Marathon's next scale check (every 5 minutes by default) kills them; the lb agents drain them meanwhile.",
			a.App, len(a.Surplus), strings.Join(a.Surplus, ", ")))
	}
	return notes
}

// AutoscaleNotes say which services the realm's server autoscales (their
// stable app carries a manifest's autoscale section), once per service,
// with the command that lists its changes in the realm realmArg.
func AutoscaleNotes(apps []view.App, realmArg string) []string {
	var notes []string
	for _, a := range apps {
		p := a.Autoscale
		if p == nil || a.Track == appdef.TrackCanary {
			continue
		}
		n := fmt.Sprintf("%s: autoscaled by the realm's server, %d-%d instances at %g req/s each (its changes: yodel history %s --realm %s)", a.Service, p.Min, p.Max, p.TargetRequestsPerTask, a.Service, realmArg)
		if !slices.Contains(notes, n) {
			notes = append(notes, n)
		}
	}
	return notes
}

// WindowNotes say which services are in a canary's rollback window
// (canary.keepPrevious): their previous release runs at weight 0 until
// KeptUntil, and a rollback is a weight flip. A window over at now waits
// for whoever ends it (pkg/deploy, window.go).
func WindowNotes(apps []view.App, realmArg string, now time.Time) []string {
	var notes []string
	for _, a := range apps {
		if a.KeptUntil.IsZero() {
			continue
		}
		until := a.KeptUntil.Local().Format("15:04:05")
		if now.Before(a.KeptUntil) {
			notes = append(notes, fmt.Sprintf("%s: previous release %s kept until %s, rollback is instant (yodel rollback %s --realm %s)", a.Service, orDash(a.Release), until, a.Service, realmArg))
		} else {
			notes = append(notes, fmt.Sprintf("%s: the rollback window of previous release %s ended at %s; %s is removed by the realm's server or the next change of the service", a.Service, orDash(a.Release), until, a.App))
		}
	}
	return notes
}

// CanaryNotes say where each canary's own tasks answer (an isolated
// canary gets nothing through the URL column): the URL with the canary
// header, or the isolated TCP port.
func CanaryNotes(apps []view.App) []string {
	var notes []string
	for _, a := range apps {
		if len(a.CanaryRoutes) == 0 {
			continue
		}
		var where []string
		for _, r := range a.CanaryRoutes {
			if r.Header != "" {
				where = append(where, r.URL+" with the header "+r.Header)
			} else {
				where = append(where, r.URL)
			}
		}
		notes = append(notes, fmt.Sprintf("%s: canary %s answers at %s", a.Service, a.App, strings.Join(where, ", ")))
	}
	return notes
}

// StatusNotes are the problems the table's cells cannot hold: each
// service's routing errors (once per service), each app's failing
// health check, each task HAProxy's check fails while Marathon's passes
// (tasks are read for one service), and each app Marathon's answer was
// too large to read.
func StatusNotes(apps []view.App) []string {
	var notes []string
	for _, a := range apps {
		for _, e := range a.RoutingErrors {
			if n := a.Service + ": " + e; !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
		for _, e := range a.ServersUnread {
			if n := a.Service + ": no HAPROXY cells from " + e; !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
		if a.HealthCheckFailure != "" {
			notes = append(notes, a.App+": failing "+a.HealthCheckFailure)
		}
		for _, t := range a.Tasks {
			if m := t.CheckMismatch(); m != "" {
				notes = append(notes, fmt.Sprintf("%s: task %s passes Marathon's health check but HAProxy's fails it (%s): HAProxy checks from the lb host (a firewall, or a bind address Marathon's host reaches and the lb host does not)", a.App, t.ID, m))
			}
		}
		if a.Unread != "" {
			notes = append(notes, Escape(cmp.Or(a.App, "an app whose id came late in its definition"))+": "+a.Unread)
		}
	}
	return notes
}

// StatusCells is one app's row, escaped (Escape). On a terminal, empty
// cells show "-", apps yodel does not deploy say so, the URL is the first
// of them (+N more), the release is cut to 40 cells and the last failure
// says how long ago it was (at now) and is cut to 60: a label or a
// message may be any length, and one row must not widen every other. Off
// a terminal, every URL and routing error is in its own trailing column.
func StatusCells(a view.App, tty bool, now time.Time) []string {
	a = Escaped(a)
	dash := func(s string) string {
		if s == "" && tty {
			return "-"
		}
		return s
	}
	svc := a.Service
	if !a.Yodel && tty {
		svc += " (not yodel)"
	}
	gen := ""
	if a.Generation > 0 {
		gen = strconv.FormatInt(a.Generation, 10)
	}
	failure := a.LastFailure
	if tty && failure != "" && !a.LastFailureAt.IsZero() && !now.IsZero() {
		failure = Ago(now.Sub(a.LastFailureAt)) + ": " + failure
	}
	release := a.Release
	if tty {
		failure, release = Cut(failure, 60), Cut(release, 40)
	}
	if !tty {
		return []string{svc, a.App, a.TrackText(), gen, a.Release, a.HealthyText(), fmt.Sprint(a.Running), a.Deployment, failure,
			strings.Join(a.URLs, ","), strings.Join(a.RoutingErrors, "; "), a.HealthCheckFailure}
	}
	url := ""
	if len(a.URLs) > 0 {
		url = a.URLs[0]
		if len(a.URLs) > 1 {
			url += fmt.Sprintf(" +%d", len(a.URLs)-1)
		}
	}
	healthy := a.HealthyText()
	if a.Unchecked > 0 { // not healthy for Marathon, yet served: the notes say why
		healthy += fmt.Sprintf(" +%d unchecked", a.Unchecked)
	}
	return []string{svc, a.App, dash(a.TrackText()), dash(gen), dash(release), healthy,
		fmt.Sprint(a.Running), dash(url), dash(a.Deployment), dash(failure)}
}

// Ago is a duration past in one unit, as people say it: "40s ago", "12m
// ago", "5h ago", "3d ago".
func Ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", max(int(d/time.Second), 0))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
}
