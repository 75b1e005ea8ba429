package sandbox

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// procStat is what /proc/<pid>/stat tells about a process.
type procStat struct {
	State      byte
	PPID       int
	PGID       int
	SID        int
	StartTicks uint64 // since boot; with the pid it names one process for good
}

func readProcStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	// comm (field 2) may hold spaces and parentheses: split after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return procStat{}, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(string(b[i+2:]))
	if len(f) < 20 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	var s procStat
	s.State = f[0][0]
	s.PPID, _ = strconv.Atoi(f[1])
	s.PGID, _ = strconv.Atoi(f[2])
	s.SID, _ = strconv.Atoi(f[3])
	s.StartTicks, err = strconv.ParseUint(f[19], 10, 64)
	return s, err
}

// startTicks identifies a process beyond its pid; 0 when unknown.
func startTicks(pid int) uint64 {
	s, err := readProcStat(pid)
	if err != nil {
		return 0
	}
	return s.StartTicks
}

// alive reports whether pid is the process that had startTicks (0: any) and
// has not exited. A zombie has exited: it only waits for its parent.
func alive(pid int, ticks uint64) bool {
	if pid <= 0 {
		return false
	}
	s, err := readProcStat(pid)
	if err != nil {
		return false
	}
	if s.State == 'Z' || s.State == 'X' {
		return false
	}
	return ticks == 0 || s.StartTicks == ticks
}

// processGroupOf returns pid's process group, 0 when unknown.
func processGroupOf(pid int) int {
	s, err := readProcStat(pid)
	if err != nil {
		return 0
	}
	return s.PGID
}

// session is a session the sandbox started: a component is its leader.
type session struct {
	SID        int
	StartTicks uint64 // the leader's; members cannot be older
}

// sessionsOf returns the sessions of the recorded components that can
// still hold sandbox processes: the leader is alive, or gone altogether (its
// members, such as tasks, outlive it). A pid now held by another process
// means another session: it is left alone.
func sessionsOf(cs []Component) []session {
	var out []session
	for _, c := range cs {
		st, err := readProcStat(c.PID)
		switch {
		case err != nil: // no such process: the session may have orphans
		case c.StartTicks != 0 && st.StartTicks != c.StartTicks:
			continue // the pid was reused
		}
		out = append(out, session{SID: c.PID, StartTicks: c.StartTicks})
	}
	return out
}

// sandboxProcesses lists live processes that belong to the sandbox in dir:
// those in one of sessions (components are session leaders; the
// emulator's tasks stay in its session even after it is gone) and those
// whose environment carries ownerEnv=dir (inherited from the components).
// Nothing else is ever listed: no match by name, no match by directory.
// Processes in session excludeSID (when > 0) are left out.
func sandboxProcesses(dir string, sessions []session, excludeSID int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	marker := []byte(ownerEnv + "=" + dir + "\x00")
	self := os.Getpid()
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self || pid == 1 {
			continue
		}
		st, err := readProcStat(pid)
		if err != nil || st.State == 'Z' || st.State == 'X' || (excludeSID > 0 && st.SID == excludeSID) {
			continue
		}
		match := false
		for _, s := range sessions {
			if s.SID > 1 && st.SID == s.SID && st.StartTicks >= s.StartTicks {
				match = true
			}
		}
		if !match {
			env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
			match = err == nil && (bytes.Contains(env, append([]byte{0}, marker...)) || bytes.HasPrefix(env, marker))
		}
		if match {
			pids = append(pids, pid)
		}
	}
	return pids
}

// holdsListener reports whether process pid holds the socket listening on
// addr (an IPv4 host:port): a ready check answered at addr may come from
// another process that took the port first (a parallel sandbox), while
// this component is still starting and about to fail its bind. A listener
// on the IPv4 address, on 0.0.0.0, or on an IPv6 socket bound to :: or to
// the v4-mapped address (Java's default) counts.
func holdsListener(pid int, addr string) (bool, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil {
		return false, err
	}
	ip := net.ParseIP(host).To4()
	if ip == nil {
		return true, nil // only IPv4 loopback is ever used; trust others
	}
	inodes := map[string]bool{}
	read := false
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		read = true
		for _, line := range strings.Split(string(b), "\n")[1:] {
			f := strings.Fields(line)
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
			if len(f) < 10 || f[3] != "0A" { // 0A: LISTEN
				continue
			}
			lip, lport, ok := procNetAddr(f[1])
			if ok && lport == port && (lip.IsUnspecified() || lip.Equal(ip)) {
				inodes["socket:["+f[9]+"]"] = true
			}
		}
	}
	if !read {
		return true, nil // no /proc: nothing to check against
	}
	if len(inodes) == 0 {
		return false, nil
	}
	fds := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(fds)
	if err != nil {
		return false, err
	}
	for _, e := range ents {
		if l, err := os.Readlink(fds + "/" + e.Name()); err == nil && inodes[l] {
			return true, nil
		}
	}
	return false, nil
}

// procNetAddr decodes a /proc/net/tcp{,6} address, "0100007F:1F90": the
// IP as 32-bit words in host (little-endian) order, the port in hex.
func procNetAddr(s string) (net.IP, uint64, bool) {
	h, p, ok := strings.Cut(s, ":")
	if !ok || (len(h) != 8 && len(h) != 32) {
		return nil, 0, false
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return nil, 0, false
	}
	ip := make(net.IP, len(h)/2)
	for w := 0; w < len(h)/8; w++ {
		v, err := strconv.ParseUint(h[8*w:8*w+8], 16, 32)
		if err != nil {
			return nil, 0, false
		}
		ip[4*w], ip[4*w+1], ip[4*w+2], ip[4*w+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	return ip, port, true
}
