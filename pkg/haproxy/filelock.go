package haproxy

import (
	"cmp"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/yodeldeploy/yodel/pkg/flock"
)

// fileLock is the advisory lock that yodel's appliers of one
// configuration file take, across processes (the agent and `yodel lb sync
// --once`, two appliers in one test), so that none reads the file and its
// record between another's write of the one and of the other: it would
// take the file for foreign, and the ports of the services in it for
// someone else's. Writers hold it exclusive from the file's write to the
// record's; readers (sync) shared, from the file's stat to the record's
// read. It is held around file I/O only: never across `haproxy -c`, a
// reload or the runtime API.
//
// Lock order: HAProxy.mu, then cfgFile.mu, then fileLock, then
// cfgFile.snapMu. A holder takes no other fileLock: two cfgFiles of one
// path in one process hold separate locks (flock locks belong to the
// open file, not the process), so nesting them could deadlock.
type fileLock struct {
	path   string // <config>.yodel.lock, created on demand
	log    *slog.Logger
	warned atomic.Bool
	// wait bounds the wait for another holder (0: lockWait). A holder
	// takes the lock for a file's write or read, milliseconds; one that
	// keeps it (a `yodel lb sync --once` stopped with Ctrl-Z mid-write)
	// must not stop the agent's applies for as long.
	wait time.Duration
}

// lockWait is how long an applier waits for the config lock before it
// goes on without it (and warns).
const lockWait = 2 * time.Second

// hold takes the lock, exclusive or shared, and returns its release. A
// lock that cannot be taken (a read-only directory, a file system without
// flock, another process holding it past the wait) is worth one warning,
// not a failed or stalled apply: yodel then works as it did before the
// lock, which is right with one applier per file.
func (l *fileLock) hold(exclusive bool) (release func()) {
	f, err := l.take(exclusive)
	if err != nil {
		if !l.warned.Swap(true) {
			l.log.Warn("haproxy: cannot lock the config file; another yodel writing it at the same time may make this one take it for foreign and rewrite it whole", "path", l.path, "err", err)
		}
		return func() {}
	}
	return func() {
		// Unlocked before the close: a child forked meanwhile (haproxy -c)
		// shares the open file until its exec.
		_ = flock.Unlock(f)
		_ = f.Close()
	}
}

func (l *fileLock) take(exclusive bool) (*os.File, error) {
	// 0600: anyone who can open the file can hold the lock and stall
	// the agent's writes.
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("haproxy config lock: %w", err)
	}
	if err := flock.Lock(f, exclusive, cmp.Or(l.wait, lockWait)); err != nil {
		f.Close()
		return nil, fmt.Errorf("haproxy config lock %s: %w", l.path, err)
	}
	return f, nil
}
