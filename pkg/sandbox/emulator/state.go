package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

const stateFile = "state.json"

type persisted struct {
	FrameworkID string         `json:"frameworkId"`
	Apps        []persistedApp `json:"apps"`
	Deployments []*deployment  `json:"deployments"`
	// Roots and Dropped are what Marathon's store keeps for its garbage
	// collector (gc.go): root group versions, a deleted app's versions.
	Roots   []string                   `json:"roots,omitempty"`
	Dropped map[string]map[string]*App `json:"dropped,omitempty"`
	// Partitioned are expunged unreachable tasks still running
	// (unreachable.go).
	Partitioned []*Task   `json:"partitioned,omitempty"`
	SavedAt     time.Time `json:"savedAt"`
}

type persistedApp struct {
	App         *App             `json:"app"`
	Versions    map[string]*App  `json:"versions"`
	Tasks       []*Task          `json:"tasks"`
	LastFailure *LastTaskFailure `json:"lastTaskFailure,omitempty"`
	Deleted     bool             `json:"deleted,omitempty"`
}

func readState(dir string) (*persisted, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, os.ErrNotExist) {
		return &persisted{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read emulator state: %w", err)
	}
	var st persisted
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("parse emulator state %s: %w", filepath.Join(dir, stateFile), err)
	}
	return &st, nil
}

// snapshot copies the state to save. Caller holds e.mu.
func (e *Emulator) snapshot() ([]byte, error) {
	st := persisted{FrameworkID: e.frameworkID, Roots: e.roots, Dropped: e.dropped, SavedAt: time.Now().UTC()}
	for _, id := range sortedKeys(e.apps) {
		as := e.apps[id]
		pa := persistedApp{App: as.app, Versions: as.versions, LastFailure: as.lastFail, Deleted: as.deleted}
		for _, tid := range sortedKeys(as.tasks) {
			pa.Tasks = append(pa.Tasks, as.tasks[tid])
		}
		st.Apps = append(st.Apps, pa)
	}
	for _, d := range e.deployments {
		if !d.finished {
			st.Deployments = append(st.Deployments, d)
		}
	}
	for _, id := range sortedKeys(e.partitioned) {
		st.Partitioned = append(st.Partitioned, e.partitioned[id])
	}
	return json.Marshal(st)
}

// writeAtomic replaces path with data so that a crash leaves either the old
// or the new file, never a torn one.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// saveState writes the state now. Caller holds e.mu.
func (e *Emulator) saveState() error {
	b, err := e.snapshot()
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(e.cfg.StateDir, stateFile), b)
}

// persist writes a snapshot of the current state, ordered after every
// earlier write. It writes nothing when this emulator no longer leads: the
// in-memory state is then empty or stale, and the leader that stopped
// saved it on the way out (stopEngine).
func (e *Emulator) persist() error {
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	return e.persistLocked()
}

// persistLocked is persist with e.saveMu held.
func (e *Emulator) persistLocked() error {
	e.mu.Lock()
	if !e.engineOn {
		e.mu.Unlock()
		return nil
	}
	seq := e.changeSeq
	b, err := e.snapshot()
	e.mu.Unlock()
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(e.cfg.StateDir, stateFile), b); err != nil {
		return err
	}
	e.savedSeq = seq
	return nil
}

// commit makes the API change the caller has just made durable before it
// is answered, as Marathon writes an accepted app to ZooKeeper before its
// 200/201: a restart or a failover right after the answer must not lose
// it. Without a StateDir there is nothing to write.
func (e *Emulator) commit() error {
	if e.cfg.StateDir == "" {
		return nil
	}
	e.mu.Lock()
	e.changeSeq++
	mine := e.changeSeq
	e.mu.Unlock()
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	if e.savedSeq >= mine {
		return nil // another request's write already included this change
	}
	return e.persistLocked()
}

// persistLoop saves the state shortly after each change, coalescing bursts
// (creating a thousand apps should not write the file a thousand times).
// It covers what the scheduler changes on its own (task states, deployment
// steps); API changes are also written before they are answered (commit).
func (e *Emulator) persistLoop(stop chan struct{}) {
	defer e.engineWG.Done()
	for {
		select {
		case <-stop:
			return
		case <-e.dirty:
		}
		select {
		case <-stop:
			return
		case <-time.After(50 * time.Millisecond):
		}
		if err := e.persist(); err != nil {
			e.log.Error("saving state", "err", err)
		}
	}
}

// loadState restores apps, versions and deployments, and adopts the tasks
// that still run. Caller holds e.mu.
func (e *Emulator) loadState() error {
	st, err := readState(e.cfg.StateDir)
	if err != nil {
		return err
	}
	if st.FrameworkID != "" {
		e.frameworkID = st.FrameworkID
	}
	e.apps = map[string]*appState{}
	e.roots, e.dropped = st.Roots, st.Dropped
	now := time.Now()
	for _, pa := range st.Apps {
		if pa.App == nil {
			continue
		}
		as := &appState{app: pa.App, versions: pa.Versions, tasks: map[string]*Task{}, lastFail: pa.LastFailure, deleted: pa.Deleted}
		if as.versions == nil {
			as.versions = map[string]*App{pa.App.Version: pa.App}
		}
		e.apps[pa.App.ID] = as
		for _, t := range pa.Tasks {
			if t.InstanceID == "" { // saved before instance ids were kept
				_, t.InstanceID, _ = parseTaskID(t.ID)
			}
			if t.State != TaskStaging && e.exec.adopt(t) {
				as.tasks[t.ID] = t
				e.ports.claim(t.Ports)
				// Marathon keeps health in memory only: a new leader
				// knows nothing until its own checks have run.
				for i := range t.Health {
					t.Health[i] = &HealthResult{}
				}
				t.Readiness = nil // so are readiness results (ReadinessBehavior)
				switch {
				case t.State == TaskUnreachable:
					// Not checked; a decommissioned one (1.10) is killed
					// when it reports again.
				case t.KillRequested:
					e.exec.kill(t, time.Until(t.KillDeadline))
				case as.versions[t.Version] == nil && !e.mode.checksLatestForLostVersion:
					// 1.4: no check for a version the store lost.
				default:
					e.startHealth(as, t)
				}
				continue
			}
			// The task died with (or while there was no) leader.
			t.State = TaskLost
			e.publishStatus(t, "Task is lost: it stopped while no emulator was running")
			if !t.KillRequested {
				as.lastFail = &LastTaskFailure{AppID: t.AppID, Host: e.cfg.HostIP, State: TaskLost, TaskID: t.ID,
					Message: "Task is lost: it stopped while no emulator was running", Timestamp: ts(now),
					Version: t.Version, SlaveID: e.slaveID()}
			}
		}
	}
	e.partitioned = map[string]*Task{}
	for _, t := range st.Partitioned {
		if e.exec.adopt(t) {
			e.partitioned[t.ID] = t
			e.ports.claim(t.Ports)
			if t.KilledUnknown {
				e.exec.kill(t, 0)
			}
		}
	}
	e.deployments = nil
	for _, d := range st.Deployments {
		d.restarts = map[string]*restartState{}
		d.stopIssued = map[string]bool{}
		d.Started = false
		e.deployments = append(e.deployments, d)
	}
	e.markDirty()
	e.wake()
	return nil
}
