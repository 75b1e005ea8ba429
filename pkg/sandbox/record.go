package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/yodeldeploy/yodel/pkg/atomicfile"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Component names, as in sandbox.json and `sandbox status`.
const (
	CompMarathon = "marathon"
	CompHAProxy  = "haproxy"
	CompAgent    = "lb"
)

// Component is one process the sandbox started.
type Component struct {
	Name       string    `json:"name"`
	PID        int       `json:"pid"`
	StartTicks uint64    `json:"startTicks,omitempty"` // guards against a reused pid
	StartedAt  time.Time `json:"startedAt"`
	Addr       string    `json:"addr,omitempty"` // host:port it serves on
	Log        string    `json:"log"`
	Args       []string  `json:"args"`
}

// Alive reports whether the component's process is still the one started.
func (c Component) Alive() bool { return alive(c.PID, c.StartTicks) }

// Record is DIR/sandbox.json: what `up` started, for `status` and `down`.
type Record struct {
	Dir         string `json:"dir"`
	RealmFile   string `json:"realmFile"`
	MarathonURL string `json:"marathonUrl"`
	// MarathonVersion and MarathonFeatures are the Marathon the emulator
	// models (`sandbox up --marathon-version --marathon-features`).
	MarathonVersion  string      `json:"marathonVersion,omitempty"`
	MarathonFeatures []string    `json:"marathonFeatures,omitempty"`
	StoreURL         string      `json:"storeUrl"`
	StatsURL         string      `json:"haproxyStatsUrl"`
	AgentURL         string      `json:"agentUrl,omitempty"`
	StartedAt        time.Time   `json:"startedAt"`
	Components       []Component `json:"components"`
}

// Component returns the named component, if recorded.
func (r *Record) Component(name string) (Component, bool) {
	for _, c := range r.Components {
		if c.Name == name {
			return c, true
		}
	}
	return Component{}, false
}

func (r *Record) put(c Component) {
	for i := range r.Components {
		if r.Components[i].Name == c.Name {
			r.Components[i] = c
			return
		}
	}
	r.Components = append(r.Components, c)
}

// LoadRecord reads DIR/sandbox.json; ErrNotRunning when there is none.
func LoadRecord(dir string) (*Record, error) {
	l := Layout{Dir: dir}
	b, err := os.ReadFile(l.RecordFile())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotRunning
	}
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w: remove it after checking no sandbox process is left (ps -ef | grep %s)", l.RecordFile(), err, dir)
	}
	return &r, nil
}

// save writes the record atomically, so a crash mid-way never leaves a
// half-written file that would hide running processes from down.
func (r *Record) save() error {
	l := Layout{Dir: r.Dir}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(l.RecordFile(), append(b, '\n'), 0o600)
}

// lockDir serialises up and down on one directory (two `up` at once would
// each start an emulator). It waits for the lock as long as ctx allows.
func lockDir(ctx context.Context, dir string) (unlock func(), err error) {
	f, err := os.OpenFile(Layout{Dir: dir}.LockFile(), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock sandbox: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for another yodel sandbox command on %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
