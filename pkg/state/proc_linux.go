package state

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procInfo reads /proc/<pid>/stat: the process state and its start time in
// clock ticks since boot, which with the pid names one process for good.
// ok is false when the process does not exist.
func procInfo(pid int) (state byte, start uint64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// comm (field 2) may hold spaces and parentheses: split after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return 0, 0, false
	}
	f := strings.Fields(string(b[i+2:]))
	if len(f) < 20 || len(f[0]) == 0 {
		return 0, 0, false
	}
	start, _ = strconv.ParseUint(f[19], 10, 64)
	return f[0][0], start, true
}

// pidGone reports whether the process pid (started at start clock ticks; 0:
// unknown) has exited. A zombie has exited: a killed agent or deployer
// whose parent has not reaped it yet must not hold its registration or lock
// for a heartbeat TTL. A live pid with another start time was reused.
func pidGone(pid int, start uint64) bool {
	if pid <= 0 {
		return false
	}
	st, cur, ok := procInfo(pid)
	if !ok {
		return pidDead(pid) // no /proc (or hidepid): ask the kernel
	}
	if st == 'Z' || st == 'X' {
		return true
	}
	return start != 0 && cur != 0 && cur != start
}

// pidStart is pid's start time in clock ticks since boot; 0 when unknown.
func pidStart(pid int) uint64 {
	_, start, _ := procInfo(pid)
	return start
}

// pidSpace names the boot and pid namespace pid lives in ("" when unknown).
// A hostname alone does not make pids comparable: containers sharing the
// host's name (host networking) each number their processes from 1, so a
// pid missing here may be alive in another namespace.
func pidSpace(pid int) string {
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	ns, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/pid", pid))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(boot)) + "/" + ns
}
