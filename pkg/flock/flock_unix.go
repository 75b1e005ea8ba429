//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package flock

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Lock takes the lock of f, exclusive or shared, waiting at most wait for
// another holder to let go (ErrHeld).
func Lock(f *os.File, exclusive bool, wait time.Duration) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(wait)
	pause := time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case !errors.Is(err, syscall.EWOULDBLOCK):
			return err
		case time.Now().After(deadline):
			return fmt.Errorf("%w for more than %s", ErrHeld, wait)
		}
		// flock has no timed wait: a short poll, as holds are short.
		time.Sleep(pause)
		pause = min(2*pause, 20*time.Millisecond)
	}
}

// Unlock lets go of f's lock.
func Unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
