//go:build unix

package sandbox

import (
	"os"
	"strconv"
	"syscall"
)

// closeInheritedOnExec marks every descriptor above stderr close-on-exec
// before the sandbox starts a daemon (a few calls per `up`: cheap). Go opens its own files
// close-on-exec, but descriptors yodel inherited from its caller (a shell's
// `flock 9`, a pipe a CI step is reading) are not, and exec passes them on:
// a detached emulator or HAProxy would then hold the caller's lock, or keep
// the pipe's reader waiting, until `sandbox down`. yodel itself never uses
// those descriptors, so they are safe to mark; stdin, stdout and stderr are
// set for each daemon explicitly.
func closeInheritedOnExec() {
	ents, err := os.ReadDir("/dev/fd") // /proc/self/fd on Linux
	if err != nil {
		return
	}
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}
