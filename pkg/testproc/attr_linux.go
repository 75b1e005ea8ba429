package testproc

import "syscall"

// DieWithParent makes the child get SIGKILL when the test binary dies
// (a crash or a -timeout), instead of running on with its ports.
func DieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
