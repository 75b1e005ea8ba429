package cmdutil

import (
	"os/signal"
	"syscall"
)

// KeepRunningOnClosedOutput makes a write to a closed pipe fail instead of
// killing the process (Go's default for stdout and stderr is to die of
// SIGPIPE). A command calls it once it holds a service's lock and is about
// to change the realm: `yodel deploy | head`, or a CI runner that stopped
// reading its log, must not stop a change half-way, with Marathon's
// deployment left running and the history row in progress. The lines are
// lost, not the change. The daemons (`lb run`, `server`) call it at their
// start: a log pipe that closes must not stop routing or rollouts.
// Read-only commands keep the default: `yodel status --watch | head` ends
// with its reader.
func KeepRunningOnClosedOutput() { signal.Ignore(syscall.SIGPIPE) }
