package haproxy

import (
	"fmt"
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
// header names. It returns backend -> server -> state.
func parseServersState(text string) (map[string]map[string]liveServer, error) {
	out := map[string]map[string]liveServer{}
	var cols map[string]int
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || (n == 0 && line == "1") {
			continue
		}
		if strings.HasPrefix(line, "#") {
			cols = map[string]int{}
			for i, name := range strings.Fields(strings.TrimPrefix(line, "#")) {
				cols[name] = i
			}
			continue
		}
		if cols == nil {
			return nil, fmt.Errorf("show servers state: line %d before the header: %q", n+1, truncate(line, 80))
		}
		f := strings.Fields(line)
		get := func(name string) string {
			if i, ok := cols[name]; ok && i < len(f) {
				return f[i]
			}
			return ""
		}
		num := func(name string) int {
			v, _ := strconv.Atoi(get(name))
			return v
		}
		s := liveServer{
			Backend: get("be_name"), Name: get("srv_name"), Addr: get("srv_addr"),
			Port: num("srv_port"), OpState: num("srv_op_state"), AdminState: num("srv_admin_state"),
			UWeight: num("srv_uweight"), IWeight: num("srv_iweight"),
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
