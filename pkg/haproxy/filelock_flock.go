//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package haproxy

import (
	"errors"
	"os"
	"syscall"
)

// flock waits for the lock of f, exclusive or shared.
func flock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

func funlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
