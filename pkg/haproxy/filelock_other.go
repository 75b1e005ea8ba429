//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package haproxy

import (
	"errors"
	"os"
)

// flock is not available here: fileLock.hold warns once and goes without.
func flock(*os.File, bool) error { return errors.ErrUnsupported }

func funlock(*os.File) error { return nil }
