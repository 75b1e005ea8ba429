//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package haproxy

import (
	"errors"
	"os"
	"time"
)

// flock is not available here: fileLock.hold warns once and goes without.
func flock(*os.File, bool, time.Duration) error { return errors.ErrUnsupported }

func funlock(*os.File) error { return nil }
