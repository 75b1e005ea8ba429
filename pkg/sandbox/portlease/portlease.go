// Package portlease hands out windows of task host ports to the Marathon
// emulators that tests start, so that emulators in different test binaries
// (go test runs several at once) never give the same port to two tasks. A
// port that another emulator's task binds first fails a health check, or
// worse, passes it against the wrong server; random windows made that rare,
// not impossible.
//
// The ports 20001-32767 (below Linux's ephemeral range, so listeners on
// 127.0.0.1:0 never land in them; above the service ports HAProxy binds in
// tests) are cut into slots of SlotSize. A lease holds an exclusive flock on
// one file per slot under Dir, so it ends when Release is called or when the
// process exits, however it exits.
package portlease

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

const (
	Low      = 20001
	High     = 32767
	SlotSize = 250
	slots    = (High - Low + 1) / SlotSize
)

// Dir holds one lock file per slot, shared by every process of this user.
var Dir = filepath.Join(os.TempDir(), "yodel-port-leases-"+strconv.Itoa(os.Getuid()))

// Lease is an inclusive range of ports only its holder gives out.
type Lease struct {
	Lo, Hi int
	files  []*os.File
}

// String is the range as `sandbox up --port-range` takes it.
func (l *Lease) String() string { return fmt.Sprintf("%d-%d", l.Lo, l.Hi) }

// Release gives the ports back; a second call does nothing.
func (l *Lease) Release() {
	for _, f := range l.files {
		_ = f.Close() // closing the file drops its flock
	}
	l.files = nil
}

// Take leases a window of at least n consecutive ports. When every window
// is leased it waits for one, up to wait, rather than share ports.
func Take(n int, wait time.Duration) (*Lease, error) {
	k := (n + SlotSize - 1) / SlotSize
	if n < 1 || k > slots {
		return nil, fmt.Errorf("portlease: %d ports: must be from 1 to %d", n, slots*SlotSize)
	}
	if err := os.MkdirAll(Dir, 0o700); err != nil {
		return nil, fmt.Errorf("portlease: %w", err)
	}
	deadline := time.Now().Add(wait)
	for {
		starts := slots - k + 1
		first := rand.IntN(starts) // spread leases, so a crashed holder's slots are rarely the first tried
		for i := range starts {
			if l, err := tryWindow((first+i)%starts, k); err == nil {
				return l, nil
			} else if !errors.Is(err, errBusy) {
				return nil, err
			}
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("portlease: no free window of %d ports in %d-%d after %s: every slot is held by another test process (lock files in %s)", n, Low, High, wait, Dir)
		}
		time.Sleep(50 * time.Millisecond) // waiting on other processes' locks: there is no event to wait on
	}
}

var errBusy = errors.New("slot busy")

func tryWindow(start, k int) (*Lease, error) {
	l := &Lease{Lo: Low + start*SlotSize, Hi: Low + (start+k)*SlotSize - 1}
	for s := start; s < start+k; s++ {
		f, err := TryLock(filepath.Join(Dir, "slot-"+strconv.Itoa(s)))
		if err != nil {
			l.Release()
			return nil, err
		}
		l.files = append(l.files, f)
	}
	return l, nil
}

// TryLock takes an exclusive flock on path (created 0600) without waiting:
// errBusy (see Busy) when another holder has it. Closing the file, or the
// process exiting, drops the lock.
func TryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("portlease: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errBusy
		}
		return nil, fmt.Errorf("portlease: lock %s: %w", path, err)
	}
	return f, nil
}

// Busy reports whether err from TryLock means another holder has the lock.
func Busy(err error) bool { return errors.Is(err, errBusy) }
