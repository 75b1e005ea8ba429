package haproxy

import (
	"strings"
	"sync"
)

// writeLog orders the runtime API's writes against the reads of the live
// state cache (stateCache): a backend's cached lines stand for its servers
// only while no command that could change them has completed since the
// read began. Apply then reads HAProxy only for backends something wrote
// to, which leaves one round trip, not two, on the way of a one-task
// change.
type writeLog struct {
	mu      sync.Mutex
	seq     uint64
	backend map[string]uint64 // last write completed, per backend
	any     uint64            // last completed write of unknown scope
	last    uint64            // last completed write of any scope
}

// now is the sequence number a read beginning now records.
func (w *writeLog) now() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq
}

// wrote records commands that HAProxy has answered, or may have run (a
// batch that failed half-way): their backends, or everything when a
// command's scope is unknown. Reads are ignored.
func (w *writeLog) wrote(cmds []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.record(cmds)
}

// wroteThenRead records cmds as wrote does, for a batch that read the
// servers of backends after running them (socket.batchRead), and returns
// the sequence number each read stands for: the batch's own, for a
// backend that nothing else wrote to (nor with unknown scope) since the
// batch began; none for the others, as such a write may have come after
// the read.
func (w *writeLog) wroteThenRead(cmds []string, began uint64, backends []string) map[string]uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	var clean []string
	if w.any <= began {
		for _, be := range backends {
			if w.backend[be] <= began {
				clean = append(clean, be)
			}
		}
	}
	seq := w.record(cmds)
	seqs := make(map[string]uint64, len(clean))
	for _, be := range clean {
		seqs[be] = seq
	}
	return seqs
}

// record is wrote's work under w.mu; it returns the sequence number of
// the record.
func (w *writeLog) record(cmds []string) uint64 {
	w.seq++
	for _, c := range cmds {
		f := strings.Fields(c)
		switch {
		case len(f) == 0 || f[0] == "show" || f[0] == "prompt" || f[0] == "quit" ||
			(f[0] == "set" && len(f) > 1 && f[1] == "severity-output"):
		case len(f) > 1 && (f[1] == "map" || f[1] == "acl"):
			// Maps and ACLs hold no server state.
		default:
			be, ok := serverBackend(c)
			w.last = w.seq
			if !ok {
				w.any = w.seq
				continue
			}
			if w.backend == nil {
				w.backend = map[string]uint64{}
			}
			w.backend[be] = w.seq
		}
	}
	return w.seq
}

// quietSince reports whether no write at all has completed since readAt.
func (w *writeLog) quietSince(readAt uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last <= readAt
}

// clean reports whether no write to backend (nor of unknown scope) has
// completed since readAt.
func (w *writeLog) clean(backend string, readAt uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.any <= readAt && w.backend[backend] <= readAt
}
