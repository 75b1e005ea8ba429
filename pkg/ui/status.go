package ui

import (
	"fmt"
	"io"
	"strconv"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// StatusHeaders are the columns of `yodel status`.
var StatusHeaders = []string{"SERVICE", "APP", "TRACK", "GEN", "RELEASE", "HEALTHY", "RUNNING", "DEPLOYMENT", "LAST FAILURE"}

// StatusTable writes apps as `yodel status` shows them: aligned with a
// header on a terminal, tab separated without one elsewhere.
func StatusTable(ios *iostreams.IOStreams, w io.Writer, apps []view.App) error {
	t := NewTable(ios, w, StatusHeaders...)
	for _, a := range apps {
		t.Row(StatusCells(a, t.tty)...)
	}
	return t.Render(w)
}

// StatusCells is one app's row. On a terminal, empty cells show "-", apps
// yodel does not deploy say so, and the last failure is cut to 60 cells.
func StatusCells(a view.App, tty bool) []string {
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
	if tty && len(failure) > 60 {
		failure = failure[:59] + "…"
	}
	return []string{svc, a.App, dash(a.TrackText()), dash(gen), dash(a.Release), fmt.Sprintf("%d/%d", a.Healthy, a.Wanted),
		fmt.Sprint(a.Running), dash(a.Deployment), dash(failure)}
}
