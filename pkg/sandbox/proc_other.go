//go:build !linux

package sandbox

import "syscall"

// Without /proc, identity beyond the pid is unknown: alive trusts the pid.
func startTicks(int) uint64 { return 0 }

func alive(pid int, _ uint64) bool {
	return pid > 0 && syscall.Kill(pid, 0) == nil
}

func processGroupOf(pid int) int {
	g, err := syscall.Getpgid(pid)
	if err != nil {
		return 0
	}
	return g
}

// Without /proc the sandbox finds its tasks only through their process
// groups (the emulator's records); see Down.
func sandboxProcesses(string, []session, int) []int { return nil }

type session struct {
	SID        int
	StartTicks uint64
}

func sessionsOf([]Component) []session { return nil }

// Without /proc the listener's owner is unknown: the ready check is trusted.
func holdsListener(int, string) (bool, error) { return true, nil }
