package ui

import (
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
// agent: its status unreadable, Marathon or the store unreadable.
func LBStatusTable(ios *iostreams.IOStreams, w io.Writer, agents []view.Agent) error {
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
	return t.Render(w)
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}
