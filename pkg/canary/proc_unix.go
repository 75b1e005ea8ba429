//go:build unix

package canary

import (
	"os/exec"
	"syscall"
)

// killGroup makes cancelling the command kill everything it started, not
// just the shell: a smoke script's children must not outlive the step.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
