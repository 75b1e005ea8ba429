package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/ui"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// maxChecks is how many of a record's checks the text shows: a long
// partial step judges every interval, and the last ones say why it ended.
const maxChecks = 24

// pick finds the record q names among recs (newest first): a record id, a
// release (its newest record), or a prefix of either that names one.
// older counts the other records of the release picked.
func pick(recs []state.Record, q, svc, realmArg string) (r state.Record, older int, err error) {
	newestOf := func(rel string) (state.Record, int, error) {
		var first *state.Record
		n := 0
		for i := range recs {
			if recs[i].Release == rel {
				if first == nil {
					first = &recs[i]
				}
				n++
			}
		}
		return *first, n - 1, nil
	}
	for _, r := range recs {
		switch {
		case r.ID == q:
			return r, 0, nil
		case r.Release == q:
			return newestOf(q)
		}
	}
	// By prefix: the releases it starts, then the ids it starts of other
	// releases.
	var releases []string
	var byID []state.Record
	seen := map[string]bool{}
	for _, r := range recs {
		if strings.HasPrefix(r.Release, q) && !seen[r.Release] {
			seen[r.Release] = true
			releases = append(releases, r.Release)
		}
	}
	for _, r := range recs {
		if strings.HasPrefix(r.ID, q) && !seen[r.Release] {
			byID = append(byID, r)
		}
	}
	switch {
	case len(releases) == 1 && len(byID) == 0:
		return newestOf(releases[0])
	case len(releases) == 0 && len(byID) == 1:
		return byID[0], 0, nil
	case len(releases)+len(byID) > 1:
		names := releases
		for _, r := range byID {
			names = append(names, r.ID)
		}
		more := ""
		if len(names) > 6 {
			names, more = names[:6], ", …"
		}
		return state.Record{}, 0, cmdutil.WithExit(cmdutil.ExitInvalid,
			fmt.Errorf("%q names %d records of %s: %s%s", q, len(releases)+len(byID), svc, strings.Join(names, ", "), more),
			"give more of the release or of the record id")
	}
	var known []string
	seen = map[string]bool{}
	for _, r := range recs {
		if !seen[r.Release] && len(known) < 8 {
			seen[r.Release] = true
			known = append(known, r.Release)
		}
	}
	return state.Record{}, 0, cmdutil.WithExit(cmdutil.ExitInvalid,
		fmt.Errorf("%s has no record named %q in realm %s; its releases, newest first: %s", svc, q, realmArg, strings.Join(known, ", ")),
		fmt.Sprintf("list its records with: yodel history %s --realm %s", svc, realmArg))
}

// renderRecord prints one record in full: who ran what and how it ended,
// what its definition changed from prev's (the release that ran before
// it; nil: none known), each step with when it began and how long it
// took, the checks that judged it, and where the output of the task that
// failed it is.
func renderRecord(ios *iostreams.IOStreams, r state.Record, prev *state.Record, older int, realmArg string, now time.Time) error {
	w := ios.Out
	st := ui.NewStyles(ios, w)
	// Its steps' and checks' messages may quote Marathon (a task failure).
	r, prev = ui.Escaped(r), ui.Escaped(prev)
	var b bytes.Buffer
	what := r.Strategy
	if what == "" {
		what = "change"
	}
	fmt.Fprintf(&b, "%s  %s  %s  (%s", st.Bold.Render(r.Service), st.Bold.Render(orDash(r.Release)), outcome(st, r.Outcome), what)
	if d := duration(r, now); d != "" {
		fmt.Fprintf(&b, ", %s", d)
	}
	b.WriteString(")\n")
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-9s %s\n", k, v)
		}
	}
	field("record", r.ID)
	who := r.User
	if r.Host != "" {
		who += "@" + r.Host
	}
	started := r.Started.UTC().Format(time.RFC3339)
	if !now.IsZero() && now.After(r.Started) {
		started += " (" + ui.Ago(now.Sub(r.Started)) + ")"
	}
	field("started", started+" by "+orDash(who))
	if !r.Finished.IsZero() {
		field("ended", r.Finished.UTC().Format(time.RFC3339))
	}
	field("command", r.Command)
	field("flags", strings.Join(r.Flags, " "))
	label := "message"
	if r.Outcome != state.OutcomeSucceeded && r.Outcome != state.OutcomeInProgress {
		label = "reason"
	}
	field(label, r.Message())
	field("app", appLine(r.App))
	if changes := view.ChangedFrom(r, prev); changes != nil {
		fmt.Fprintf(&b, "\n  what it changed from %s (%s, deployed %s):\n", orDash(prev.Release), prev.Strategy, prev.Started.UTC().Format(time.RFC3339))
		if len(changes) == 0 {
			b.WriteString("    nothing that history keeps (it keeps no secret values)\n")
		}
		var lines bytes.Buffer
		ui.DiffLines(&lines, st, changes)
		for _, l := range strings.SplitAfter(lines.String(), "\n") {
			if l != "" {
				b.WriteString("  " + l)
			}
		}
	}

	if len(r.Steps) > 0 {
		b.WriteByte('\n')
		t := ui.NewTable(ios, w, "STEP", "AT", "TOOK", "OUTCOME", "MESSAGE")
		t.Aligned()
		for _, s := range r.Steps {
			at, took := "", ""
			if !s.Started.IsZero() {
				at = "+" + s.Started.Sub(r.Started).Round(time.Second).String()
				switch {
				case !s.Finished.IsZero():
					took = s.Finished.Sub(s.Started).Round(time.Second).String()
				case r.Outcome == state.OutcomeInProgress && now.After(s.Started):
					took = now.Sub(s.Started).Round(time.Second).String() + " so far"
				}
			}
			t.Row(s.Name, at, took, outcome(st, s.Outcome), s.Message)
		}
		if err := indent(&b, t); err != nil {
			return err
		}
	}
	if len(r.Checks) > 0 {
		b.WriteByte('\n')
		checks := r.Checks
		if len(checks) > maxChecks {
			fmt.Fprintf(&b, "  the last %d of %d checks (all of them: -o json)\n", maxChecks, len(checks))
			checks = checks[len(checks)-maxChecks:]
		}
		t := ui.NewTable(ios, w, "CHECK", "VERDICT", "MESSAGE")
		t.Aligned()
		for _, c := range checks {
			t.Row(c.Name, verdict(st, c.Verdict), c.Message)
		}
		if err := indent(&b, t); err != nil {
			return err
		}
	}
	if ft := r.FailedTask; ft != nil {
		b.WriteByte('\n')
		on := ""
		if ft.Host != "" {
			on = " on " + ft.Host
		}
		fmt.Fprintf(&b, "  the task that failed it: %s%s\n", ft.ID, on)
		fmt.Fprintf(&b, "  its output:  yodel logs %s --realm %s --task %s --stderr\n", r.Service, realmArg, ft.ID)
	}
	if older > 0 {
		fmt.Fprintf(&b, "\n  %d older record(s) of %s: yodel history %s --realm %s\n", older, r.Release, r.Service, realmArg)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func indent(b *bytes.Buffer, t *ui.Table) error {
	var tb bytes.Buffer
	if err := t.Render(&tb); err != nil {
		return err
	}
	for _, l := range strings.SplitAfter(tb.String(), "\n") {
		if l != "" {
			b.WriteString("  " + strings.TrimRight(l, " \n") + "\n")
		}
	}
	return nil
}

func outcome(st ui.Styles, o string) string {
	switch o {
	case state.OutcomeSucceeded, "passed":
		return st.OK.Render(o)
	case state.OutcomeRolledBack, state.OutcomeFailed, state.OutcomeAborted:
		return st.Fail.Render(o)
	}
	return o
}

func verdict(st ui.Styles, v string) string {
	switch v {
	case "pass":
		return st.OK.Render(v)
	case "fail":
		return st.Fail.Render(v)
	}
	return st.Warn.Render(v)
}

// appLine sums up the definition a record put in place, from the
// Marathon app it kept (secrets already masked): what runs, how many, how
// big. The whole definition is in -o json.
func appLine(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var a struct {
		ID        string   `json:"id"`
		Cmd       string   `json:"cmd"`
		CPUs      float64  `json:"cpus"`
		Mem       float64  `json:"mem"`
		Args      []string `json:"args"`
		Container *struct {
			Docker *struct {
				Image string `json:"image"`
			} `json:"docker"`
		} `json:"container"`
	}
	if json.Unmarshal(raw, &a) != nil {
		return ""
	}
	// Not its instances: a canary's app is recorded as it starts, with
	// the canary's count, before the full step scales it.
	parts := []string{orDash(a.ID), fmt.Sprintf("%g CPU and %g MiB a task", a.CPUs, a.Mem)}
	switch {
	case a.Container != nil && a.Container.Docker != nil && a.Container.Docker.Image != "":
		parts = append(parts, "image "+a.Container.Docker.Image)
	case a.Cmd != "":
		cmd := a.Cmd
		if r := []rune(cmd); len(r) > 60 {
			cmd = string(r[:59]) + "…"
		}
		parts = append(parts, "cmd "+cmd)
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
