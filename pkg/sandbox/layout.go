// Package sandbox runs a local yodel realm on one machine: the Marathon
// emulator (process executor), HAProxy in master-worker mode, a routing-state
// store (files, or a real ZooKeeper with --store zookeeper) and the lb agent,
// all on free loopback ports, so several sandboxes in different directories
// run side by side.
// `yodel sandbox up|status|down` are thin commands over Up, Status and Down.
//
// Everything a sandbox owns lives under its directory:
//
//	realm.yaml        the realm file (`--realm DIR/realm.yaml`; the realm name
//	                  "local" resolves to the default sandbox's)
//	sandbox.json      pids, process start times and ports, for status and down
//	marathon/         the emulator's --state-dir (apps, tasks, task sandboxes)
//	state/            the routing-state file store (file:///DIR/state)
//	zookeeper/        with --store zookeeper: zoo.cfg and ZooKeeper's data
//	haproxy/          haproxy.cfg, admin.sock, master.sock, server-state, pid
//	logs/             one log file per component
package sandbox

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/yodeldeploy/yodel/pkg/xdg"
)

// RealmName is the name of the realm a sandbox serves.
const RealmName = "local"

// EnvDir overrides the default sandbox directory.
const EnvDir = "YODEL_SANDBOX_DIR"

// ownerEnv is set in the environment of every process the sandbox starts,
// with the sandbox directory as value; tasks inherit it, so down can find
// them after the emulator is gone.
const ownerEnv = "YODEL_SANDBOX_OWNER"

// DefaultDir is $YODEL_SANDBOX_DIR, else $XDG_STATE_HOME/yodel/sandbox
// (~/.local/state/yodel/sandbox).
func DefaultDir(getenv func(string) string) (string, error) {
	if d := getenv(EnvDir); d != "" {
		return filepath.Abs(d)
	}
	if d := xdg.New(getenv).State("sandbox"); d != "" {
		return d, nil
	}
	return "", fmt.Errorf("no sandbox directory: set %s, XDG_STATE_HOME or HOME, or pass --dir", EnvDir)
}

// Layout names every path under a sandbox directory.
type Layout struct{ Dir string }

func (l Layout) RealmFile() string       { return filepath.Join(l.Dir, "realm.yaml") }
func (l Layout) RecordFile() string      { return filepath.Join(l.Dir, "sandbox.json") }
func (l Layout) LockFile() string        { return filepath.Join(l.Dir, "sandbox.lock") }
func (l Layout) MarathonDir() string     { return filepath.Join(l.Dir, "marathon") }
func (l Layout) StoreDir() string        { return filepath.Join(l.Dir, "state") }
func (l Layout) StoreURL() string        { return "file://" + filepath.ToSlash(l.StoreDir()) }
func (l Layout) HAProxyDir() string      { return filepath.Join(l.Dir, "haproxy") }
func (l Layout) HAProxyConfig() string   { return filepath.Join(l.HAProxyDir(), "haproxy.cfg") }
func (l Layout) AdminSocket() string     { return filepath.Join(l.HAProxyDir(), "admin.sock") }
func (l Layout) MasterSocket() string    { return filepath.Join(l.HAProxyDir(), "master.sock") }
func (l Layout) ServerStateFile() string { return filepath.Join(l.HAProxyDir(), "server-state") }
func (l Layout) HAProxyPidFile() string  { return filepath.Join(l.HAProxyDir(), "haproxy.pid") }
func (l Layout) LogsDir() string         { return filepath.Join(l.Dir, "logs") }
func (l Layout) ZooKeeperDir() string    { return filepath.Join(l.Dir, "zookeeper") }

// StatePasswordFile holds the ZooKeeper digest password of a --store
// zookeeper sandbox (0600, made once and kept: the nodes' ACLs name it).
func (l Layout) StatePasswordFile() string { return filepath.Join(l.Dir, "state-password") }

// MarathonPasswordFile holds the emulator's generated password (0600), for
// the realm; MarathonCredentialsFile the same as user:password, for the
// emulator's --credentials-file (never on its command line).
func (l Layout) MarathonPasswordFile() string    { return filepath.Join(l.Dir, "marathon-password") }
func (l Layout) MarathonCredentialsFile() string { return filepath.Join(l.Dir, "marathon-credentials") }
func (l Layout) LogFile(component string) string {
	return filepath.Join(l.LogsDir(), component+".log")
}

// maxSocketPath is sun_path's size minus its NUL on Linux (104 on macOS; the
// lower bound is used so a sandbox directory works on both).
const maxSocketPath = 103

// check refuses a directory whose socket paths the kernel cannot bind.
func (l Layout) check() error {
	if !filepath.IsAbs(l.Dir) {
		return fmt.Errorf("sandbox directory %q is not absolute", l.Dir)
	}
	for _, p := range []string{l.AdminSocket(), l.MasterSocket()} {
		if len(p) > maxSocketPath {
			return fmt.Errorf("sandbox directory %s is too deep: the HAProxy socket %s is %d bytes, unix sockets allow %d; pass a shorter --dir",
				l.Dir, p, len(p), maxSocketPath)
		}
	}
	return nil
}

// ErrNotRunning is returned by status and down when DIR holds no sandbox.
var ErrNotRunning = errors.New("no sandbox here")
