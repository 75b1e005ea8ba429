// Package flock takes advisory flock(2) locks with a bounded wait: yodel's
// holders keep them for milliseconds of file I/O, and one that keeps a lock
// (a command stopped with Ctrl-Z mid-write) must cost the others an error
// naming it, not a wait without end.
package flock

import "errors"

// ErrHeld is wrapped by Lock when another holder kept the lock past the
// wait.
var ErrHeld = errors.New("held by another process")
