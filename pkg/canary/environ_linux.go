package canary

import "syscall"

// hideEnviron makes this process undumpable, so that processes of the same
// user (the isolated command yodel starts, among them) can no longer read
// its /proc/<pid>/environ, mem or fds. The command gets a minimal
// environment (CommandEnv), but `cat /proc/$PPID/environ` read the
// deployer's whole one back, the realm's Marathon password included. The
// flag resets when the child execs; core dumps of yodel are the price.
func hideEnviron() error {
	if _, _, errno := syscall.Syscall(syscall.SYS_PRCTL, syscall.PR_SET_DUMPABLE, 0, 0); errno != 0 {
		return errno
	}
	return nil
}
