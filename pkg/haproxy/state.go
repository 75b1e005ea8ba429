package haproxy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Admin state bits of `show servers state` (srv_admin_state).
const (
	adminForcedMaint = 0x01
	adminForcedDrain = 0x08
)

// liveServer is one server as the running HAProxy has it.
type liveServer struct {
	Backend    string
	Name       string
	Addr       string
	Port       int
	OpState    int // 0 stopped, 1 starting, 2 running, 3 stopping
	AdminState int
	UWeight    int // current (user) weight
	IWeight    int // weight from the configuration
}

func (l liveServer) draining() bool { return l.AdminState&adminForcedDrain != 0 }
func (l liveServer) maint() bool    { return l.AdminState&adminForcedMaint != 0 }

// parseServersState parses `show servers state` (format version 1) by its
// header names. It returns backend -> server -> state. The background full
// check parses 3000 lines at 1000 services: the lines are walked in place
// and split into an array on the stack, not a slice per line.
func parseServersState(text string) (map[string]map[string]liveServer, error) {
	out := map[string]map[string]liveServer{}
	var cols *stateColumns
	var buf [32]string
	for n := 0; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimSpace(line)
		if line == "" || (n == 0 && line == "1") {
			continue
		}
		if strings.HasPrefix(line, "#") {
			cols = newStateColumns(strings.Fields(strings.TrimPrefix(line, "#")))
			continue
		}
		if cols == nil {
			return nil, fmt.Errorf("show servers state: line %d before the header: %q", n+1, truncate(line, 80))
		}
		f := appendFields(buf[:0], line)
		s := liveServer{
			Backend: cols.get(f, colBackend), Name: cols.get(f, colName), Addr: cols.get(f, colAddr),
			Port: cols.num(f, colPort), OpState: cols.num(f, colOpState), AdminState: cols.num(f, colAdminState),
			UWeight: cols.num(f, colUWeight), IWeight: cols.num(f, colIWeight),
		}
		if s.Backend == "" || s.Name == "" {
			return nil, fmt.Errorf("show servers state: line %d has no backend or server name: %q", n+1, truncate(line, 80))
		}
		if out[s.Backend] == nil {
			out[s.Backend] = map[string]liveServer{}
		}
		out[s.Backend][s.Name] = s
	}
	return out, nil
}

// The columns of `show servers state` that liveServer holds.
const (
	colBackend = iota
	colName
	colAddr
	colPort
	colOpState
	colAdminState
	colUWeight
	colIWeight
	nStateColumns
)

var stateColumnNames = [nStateColumns]string{"be_name", "srv_name", "srv_addr", "srv_port",
	"srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight"}

// stateColumns is where each of liveServer's columns is in a line (-1:
// the header has no such column).
type stateColumns [nStateColumns]int

func newStateColumns(header []string) *stateColumns {
	var c stateColumns
	for i, name := range stateColumnNames {
		c[i] = slices.Index(header, name)
	}
	return &c
}

func (c *stateColumns) get(f []string, col int) string {
	if i := c[col]; i >= 0 && i < len(f) {
		return f[i]
	}
	return ""
}

func (c *stateColumns) num(f []string, col int) int {
	v, _ := strconv.Atoi(c.get(f, col))
	return v
}

// appendFields appends line's space-separated fields to f, as strings.Fields
// splits them for ASCII text.
func appendFields(f []string, line string) []string {
	for line != "" {
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		line = line[i:]
		if line == "" {
			break
		}
		j := 0
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		f = append(f, line[:j])
		line = line[j:]
	}
	return f
}

// procInfo is the master CLI's `show proc`.
type procInfo struct {
	Reloads int // reloads since the master started
	Failed  int // reloads whose new worker failed to start
	Workers []int
	Old     []int
}

func parseShowProc(text string) (procInfo, error) {
	var p procInfo
	section := "master"
	seenMaster := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#<PID>"):
			continue
		case line == "# workers":
			section = "workers"
			continue
		case line == "# old workers":
			section = "old"
			continue
		case strings.HasPrefix(line, "#"):
			section = "other"
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		pid, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		switch {
		case section == "master" && f[1] == "master":
			seenMaster = true
			p.Reloads, _ = strconv.Atoi(f[2])
			if i := strings.Index(line, "[failed:"); i >= 0 {
				p.Failed, _ = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.Fields(line[i+len("[failed:"):])[0], "]")))
			}
		case section == "workers" && f[1] == "worker":
			p.Workers = append(p.Workers, pid)
		case section == "old" && f[1] == "worker":
			p.Old = append(p.Old, pid)
		}
	}
	if !seenMaster {
		return p, fmt.Errorf("show proc: no master line in %q", truncate(text, 200))
	}
	return p, nil
}
