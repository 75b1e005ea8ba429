package state

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// dirNotifier wakes a file-store watcher or waiter as soon as a file is
// renamed into (or written in) one directory, instead of at its next poll:
// the routing counter and the agents' records are replaced by rename, so
// IN_MOVED_TO (and IN_DELETE, an agent deregistering) is every change yodel
// makes; IN_CLOSE_WRITE adds a file written in place (by hand or another
// tool), which the watcher, polling rarely when woken this way, would
// otherwise see only at its next rescan. Polling stays as the fallback
// (a directory on a filesystem without inotify, such as NFS, never wakes
// it) and as the guard against a missed event.
type dirNotifier struct {
	f *os.File
	C chan struct{}
	// all: every directory is watched, so no change goes unannounced and
	// polling can be rare.
	all bool
}

// notifyDir watches dirs; nil (poll only) when inotify is unavailable or
// the first cannot be watched. The others are best effort: their changes
// are also found by polling.
func notifyDir(dirs ...string) *dirNotifier {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil
	}
	all := true
	for i, dir := range dirs {
		if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_MOVED_TO|unix.IN_DELETE|unix.IN_CLOSE_WRITE); err != nil {
			if i == 0 {
				unix.Close(fd)
				return nil
			}
			all = false
		}
	}
	// A non-blocking descriptor in an *os.File goes through Go's poller:
	// Read parks the goroutine, and Close wakes it.
	n := &dirNotifier{f: os.NewFile(uintptr(fd), "inotify:"+strings.Join(dirs, ",")), C: make(chan struct{}, 1), all: all}
	go n.run()
	return n
}

func (n *dirNotifier) run() {
	buf := make([]byte, 64*(unix.SizeofInotifyEvent+unix.NAME_MAX+1))
	for {
		k, err := n.f.Read(buf)
		if err != nil && !errors.Is(err, unix.EINTR) {
			return
		}
		if !announces(buf[:max(k, 0)]) {
			continue
		}
		select {
		case n.C <- struct{}{}:
		default: // a wake-up is pending: the watcher rescans everything anyway
		}
	}
}

// announces reports whether the events in b name a file other than a
// hidden one: yodel writes its files as hidden temporaries and renames
// them into place, and the rename is the change (IN_MOVED_TO); the
// temporary's own IN_CLOSE_WRITE would wake the watcher a second time for
// nothing.
func announces(b []byte) bool {
	for len(b) >= unix.SizeofInotifyEvent {
		nameLen := int(binary.NativeEndian.Uint32(b[12:16])) // struct inotify_event's len
		end := unix.SizeofInotifyEvent + nameLen
		if end > len(b) {
			return true
		}
		name := strings.TrimRight(string(b[unix.SizeofInotifyEvent:end]), "\x00")
		if !strings.HasPrefix(name, ".") {
			return true
		}
		b = b[end:]
	}
	return false
}

// wake is the channel to select on (nil, never ready, without a notifier).
func (n *dirNotifier) wake() <-chan struct{} {
	if n == nil {
		return nil
	}
	return n.C
}

// complete reports whether every directory is watched (false without a
// notifier).
func (n *dirNotifier) complete() bool { return n != nil && n.all }

func (n *dirNotifier) close() {
	if n != nil {
		n.f.Close()
	}
}
