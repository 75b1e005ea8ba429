package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// CanaryStatus is the text of `yodel canary status`: the rollout's block,
// then who drives it, why it ended, and when it started.
func CanaryStatus(st Styles, v view.Canary) string {
	v = Escaped(v)
	var b strings.Builder
	b.WriteString(CanaryBlock(st, v, nil))
	if d, gone := v.Driver, v.NoDriver(); gone != "" {
		realm := v.Realm
		if realm == "" {
			realm = "<realm>"
		}
		fmt.Fprintf(&b, "  %s: %s\n", st.Warn.Render("no driver"), gone)
		fmt.Fprintf(&b, "  continue it:  yodel canary resume %[1]s --realm %[2]s\n  or undo it:   yodel canary abort %[1]s --realm %[2]s\n", v.Service, realm)
	} else if d != nil {
		was := "" // a finished rollout's last driver is history, not a live process
		if !v.InProgress {
			was = "last "
		}
		fmt.Fprintf(&b, "  %sdriven by %s@%s (pid %d, %q)\n", was, d.User, d.Host, d.Pid, d.Command)
	}
	if v.Reason != "" {
		fmt.Fprintf(&b, "  reason: %s\n", v.Reason)
	}
	fmt.Fprintf(&b, "  started %s by %s; outcome %s\n", v.Started.UTC().Format(time.RFC3339), orDash(v.User), v.Outcome)
	return b.String()
}

// CanaryBlock is a rollout as its live view shows it: the head (releases,
// step, time left, pause, gate), the path, the split, each track's
// traffic, the latest checks, then the recent lines given.
func CanaryBlock(st Styles, v view.Canary, recent []string) string {
	v, recent = Escaped(v), Escaped(recent)
	var b strings.Builder
	b.WriteString(st.Bold.Render(v.Service) + "  " + orDash(v.Stable.Release) + " -> " + orDash(v.Canary.Release) + "  step " + st.Bold.Render(v.Current))
	switch {
	case v.Promoted:
		b.WriteString("  promoted: final judgement in " + v.FinalJudgementIn.D().Round(time.Second).String())
	case v.Step == canary.StepPartial && (v.Remaining > 0 || v.Gate == ""):
		// At a gate the step's time is up: "0s left" beside it is noise.
		b.WriteString("  " + v.Remaining.D().Round(time.Second).String() + " left")
	}
	if v.Paused {
		b.WriteString("  " + st.Warn.Render("PAUSED"))
	}
	if v.Gate != "" {
		promote := "yodel canary promote " + v.Service
		if v.Realm != "" {
			promote += " --realm " + v.Realm
		}
		b.WriteString("  " + st.Warn.Render("waiting at gate "+v.Gate+" ("+promote+")"))
	}
	b.WriteString("\n  " + CanaryPath(st, v.Path) + "\n")
	if v.Step == canary.StepKept && v.InProgress {
		until := v.KeptUntil.Local().Format("15:04:05")
		if v.WindowOpen {
			rb := "yodel rollback " + v.Service
			if v.Realm != "" {
				rb += " --realm " + v.Realm
			}
			fmt.Fprintf(&b, "  rollback window: previous release %s kept until %s, rollback is instant (%s)\n", orDash(v.Stable.Release), until, rb)
		} else {
			fmt.Fprintf(&b, "  rollback window ended at %s: %s is removed by the realm's server, the next change of the service, or `yodel canary resume`\n", until, v.Stable.App)
		}
	}
	fmt.Fprintf(&b, "  split   %s  stable %d%% | canary %d%%\n", Bar(st, v.Split.Canary, 100, 30), v.Split.Stable, v.Split.Canary)
	for _, t := range v.Traffic {
		fmt.Fprintf(&b, "  %-7s %8d req %6d err  %6.2f%%  %d sessions\n", t.Track, t.Requests, t.Errors, t.ErrorRate*100, t.Sessions)
	}
	checks := v.Checks
	if len(checks) > 4 {
		checks = checks[len(checks)-4:]
	}
	for _, c := range checks {
		b.WriteString("  " + verdict(st, c.Verdict) + " " + c.Step + " " + c.Name + ": " + c.Message + "\n")
	}
	for _, l := range recent {
		b.WriteString("  " + st.Dim.Render(l) + "\n")
	}
	return b.String()
}

// CanaryPath is the path on one line, each step marked: "> " where the
// rollout is, "ok " done, ". " not yet, "x " ended otherwise.
func CanaryPath(st Styles, path []view.PathStep) string {
	parts := make([]string, len(path))
	for i, p := range path {
		switch {
		case p.Current:
			parts[i] = st.Bold.Render("> " + p.Name)
		case p.Succeeded():
			parts[i] = st.OK.Render("ok " + p.Name)
		case p.Outcome == "":
			parts[i] = st.Dim.Render(". " + p.Name)
		default:
			parts[i] = st.Fail.Render("x " + p.Name)
		}
	}
	return strings.Join(parts, "  ")
}

func verdict(st Styles, v string) string {
	switch v {
	case canary.VerdictPass:
		return st.OK.Render("pass")
	case canary.VerdictFail:
		return st.Fail.Render("FAIL")
	}
	return st.Warn.Render(v)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
