//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package flock

import (
	"errors"
	"os"
	"time"
)

// Lock is not available here.
func Lock(*os.File, bool, time.Duration) error { return errors.ErrUnsupported }

// Unlock does nothing here.
func Unlock(*os.File) error { return nil }
