package security_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// TestSandboxFileModes starts a real sandbox (emulator, HAProxy, agent,
// file store), deploys a service so every kind of file exists, and checks
// that state, lock, record and log files and sockets are 0600:
// the emulator's state holds the tasks' env, which carries secrets.
func TestSandboxFileModes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a sandbox")
	}
	sb := sandboxtest.Start(t, sandboxtest.Options{Executor: "inproc"})
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"), []byte(sandboxtest.ReplaceOnce(t, secretManifest, "servicePort: 10080", fmt.Sprintf("servicePort: %d", sandboxtest.FreeServicePort(t)))), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "api.key"), []byte(fileSecret), 0o600))
	code, out, errOut := run(t, sb.Bin, dir, []string{"WEB_DB_PW=" + dbPassword}, "deploy", "web", "--realm", sb.RealmFile,
		"--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s\n%s", out, errOut)

	// Files that may be world-readable: configuration without secrets.
	public := map[string]bool{"haproxy.cfg": true, "haproxy.cfg.base": true, "haproxy.cfg.sticky.map": true, "realm.yaml": true, "haproxy.pid": true, "server-state": true}
	checked := 0
	require.NoError(t, filepath.WalkDir(sb.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return nil // gone between listing and stat (a temp file)
		}
		rel, _ := filepath.Rel(sb.Dir, p)
		mode := info.Mode()
		switch {
		case mode.IsDir():
		case mode&fs.ModeSocket != 0:
			checked++
			assert.Zerof(t, mode.Perm()&0o077, "socket %s is %v, want 0600: others may connect", rel, mode.Perm())
		case mode.IsRegular():
			if public[filepath.Base(p)] || strings.HasPrefix(filepath.Base(p), ".") {
				return nil
			}
			checked++
			assert.Zerof(t, mode.Perm()&0o077, "file %s is %v, want 0600", rel, mode.Perm())
		}
		return nil
	}))
	assert.Greater(t, checked, 5, "the walk found the sandbox's files")
}
