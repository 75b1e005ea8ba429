package haproxytmpl

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// The rendered base config must pass `haproxy -c` with no services in it:
// the sandbox starts HAProxy from exactly this.
func TestRenderPassesHAProxyCheck(t *testing.T) {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		bin = "/usr/sbin/haproxy"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skip("haproxy not installed (scripts/test.sh installs it)")
	}
	dir := t.TempDir()
	var b strings.Builder
	require.NoError(t, Render(&b, Base{Purpose: "test", AdminSocket: filepath.Join(dir, "admin.sock"),
		ServerStateFile: filepath.Join(dir, "server-state"), StatsBind: freeAddr(t),
		AccessLogSocket: AccessLogPath(filepath.Join(dir, "haproxy.cfg"))}))
	cfg := filepath.Join(dir, "haproxy.cfg")
	require.NoError(t, os.WriteFile(cfg, []byte(b.String()), 0o644))
	out, err := exec.Command(bin, "-c", "-f", cfg).CombinedOutput()
	require.NoError(t, err, "haproxy -c:\n%s\n---\n%s", out, b.String())
	assert.Contains(t, b.String(), "load-server-state-from-file global")
	assert.Contains(t, b.String(), "level admin expose-fd listeners")
	assert.Contains(t, b.String(), "log "+filepath.Join(dir, "yodel-access.sock")+" len 1024 format raw local1 info")
}

func TestAccessLogPath(t *testing.T) {
	assert.Equal(t, "/var/lib/haproxy/yodel-access.sock", AccessLogPath("/var/lib/haproxy/haproxy.cfg"))
	assert.Empty(t, AccessLogPath("/"+strings.Repeat("d", 100)+"/haproxy.cfg"), "too long for a unix socket")
	var b strings.Builder
	require.NoError(t, Render(&b, Base{AdminSocket: "/a.sock", ServerStateFile: "/s", StatsBind: "127.0.0.1:1"}))
	assert.NotContains(t, b.String(), "local1", "no access log without a socket")
}

func TestRenderRefusesValuesThatWouldChangeTheConfig(t *testing.T) {
	good := Base{AdminSocket: "/a.sock", ServerStateFile: "/s", StatsBind: "127.0.0.1:1"}
	for name, mut := range map[string]func(*Base){
		"space in socket":   func(b *Base) { b.AdminSocket = "/my dir/a.sock" },
		"newline in state":  func(b *Base) { b.ServerStateFile = "/s\n  stats socket /tmp/x level admin" },
		"quote in bind":     func(b *Base) { b.StatsBind = `127.0.0.1:1"` },
		"empty socket":      func(b *Base) { b.AdminSocket = "" },
		"newline in header": func(b *Base) { b.Purpose = "x\nglobal" },
	} {
		t.Run(name, func(t *testing.T) {
			b := good
			mut(&b)
			var out strings.Builder
			assert.Error(t, Render(&out, b))
		})
	}
	var out strings.Builder
	require.NoError(t, Render(&out, good))
	assert.Contains(t, out.String(), "maxconn 4096")
}
