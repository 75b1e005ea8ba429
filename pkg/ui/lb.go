package ui

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// LBStatusHeaders are the columns of `yodel lb status`.
var LBStatusHeaders = []string{"AGENT", "ADDRESS", "HAPROXY", "SERVICE", "GEN", "APPLIED", "LAG", "PORTS", "ERROR"}

// LBStatusTable writes one row per agent and service it routes, and a row
// with SERVICE "-" (empty off a terminal) for what concerns the whole
// agent: its status unreadable, Marathon or the store unreadable. On a
// terminal the agents' warnings follow as notes (LBStatusNotes).
func LBStatusTable(ios *iostreams.IOStreams, w io.Writer, agents []view.Agent) error {
	agents = Escaped(agents) // the cells and the notes alike
	t := NewTable(ios, w, LBStatusHeaders...)
	dash := func(s string) string {
		if s == "" && t.tty {
			return "-"
		}
		return s
	}
	for _, a := range agents {
		hx := "down"
		switch {
		case a.ReadError != "":
			hx = "unknown"
		case a.HAProxyUp:
			hx = "up"
		}
		var whole []string
		for _, e := range []string{a.ReadError, prefixed("HAProxy: ", a.HAProxyError), prefixed("Marathon: ", a.MarathonError),
			prefixed("store: ", a.StoreError)} {
			if e != "" {
				whole = append(whole, e)
			}
		}
		if len(whole) > 0 || len(a.Services) == 0 {
			t.Row(a.ID, a.Address, hx, dash(""), dash(""), dash(""), dash(""), dash(""), dash(strings.Join(whole, "; ")))
		}
		for _, s := range a.Services {
			ports := make([]string, len(s.Ports))
			for i, p := range s.Ports {
				ports[i] = strconv.Itoa(p)
			}
			var errs []string
			for _, e := range []string{prefixed("refused: ", s.Refused), s.Error} {
				if e != "" {
					errs = append(errs, e)
				}
			}
			gen := ""
			if s.Generation > 0 {
				gen = strconv.FormatInt(s.Generation, 10)
			}
			t.Row(a.ID, a.Address, hx, s.Service, dash(gen), strconv.FormatInt(s.Applied, 10), strconv.FormatInt(s.Lag, 10),
				dash(strings.Join(ports, ",")), dash(strings.Join(errs, "; ")))
		}
	}
	if err := t.Render(w); err != nil || !t.tty {
		return err
	}
	st := NewStyles(ios, w)
	var b strings.Builder
	for _, n := range LBStatusNotes(agents) {
		b.WriteString(st.Warn.Render("! "+n) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// LBStatusNotes are the agents' warnings about the services they route
// (view.AgentService.Problems: fail open, a task left out, no tasks),
// which no column holds: one line per service and warning, naming the
// agents that give it.
func LBStatusNotes(agents []view.Agent) []string {
	agents = Escaped(agents)
	type key struct{ svc, problem string }
	var order []key
	by := map[key][]string{}
	for _, a := range agents {
		for _, s := range a.Services {
			for _, p := range s.Problems {
				k := key{s.Service, p}
				if _, ok := by[k]; !ok {
					order = append(order, k)
				}
				by[k] = append(by[k], a.ID)
			}
		}
	}
	notes := make([]string, 0, len(order))
	for _, k := range order {
		notes = append(notes, fmt.Sprintf("%s on %s: %s", k.svc, strings.Join(by[k], ", "), k.problem))
	}
	return notes
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// LBServerHeaders are the columns of the task table `yodel lb status
// SERVICE` prints on a terminal.
var LBServerHeaders = []string{"AGENT", "SERVICE", "PORT", "TASK", "TRACK", "HAPROXY", "WEIGHT", "SESSIONS"}

// LBServersTable writes, after a blank line, how each agent's HAProxy
// holds the tasks of the services read for it (view.AddAgentServers): one
// row per agent, servicePort and task, the state in the words of `yodel
// status SERVICE`'s HAPROXY column, and why an agent's servers could not
// be read. Nothing when no agent has servers or such an error.
func LBServersTable(ios *iostreams.IOStreams, w io.Writer, agents []view.Agent) error {
	agents = Escaped(agents)
	t := NewTable(ios, w, LBServerHeaders...)
	t.Aligned()
	st := NewStyles(ios, w)
	for _, a := range agents {
		for _, s := range a.Services {
			if s.ServersError != "" {
				t.Row(a.ID, s.Service, "-", "-", "-", st.Fail.Render("reading its servers: "+s.ServersError), "-", "-")
			}
			for _, sv := range s.Servers {
				state := routeStyled(st, view.ServerStateText(sv))
				track := sv.Track
				if track == "" {
					track = "-"
				}
				t.Row(a.ID, s.Service, strconv.Itoa(sv.Port), sv.Server, track, state, strconv.Itoa(sv.Weight), strconv.FormatInt(sv.Sessions, 10))
			}
		}
	}
	if t.Len() == 0 {
		return nil
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return t.Render(w)
}
