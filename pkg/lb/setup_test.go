package lb

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const operatorBase = "global\n    stats socket /run/a.sock level admin\n    server-state-file /var/lib/haproxy/state\ndefaults\n    load-server-state-from-file global\n"

func TestLoadBase(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "haproxy.cfg")

	// No config at all: the built-in template.
	base, stateFile, err := LoadBase(cfg, "", "/run/a.sock")
	require.NoError(t, err)
	assert.Contains(t, base, "stats socket /run/a.sock")
	assert.Equal(t, filepath.Join(dir, "server-state"), stateFile)

	// The config HAProxy was started with is adopted and kept.
	require.NoError(t, os.WriteFile(cfg, []byte(operatorBase), 0o644))
	base, stateFile, err = LoadBase(cfg, "", "/run/a.sock")
	require.NoError(t, err)
	assert.Equal(t, operatorBase, base)
	assert.Equal(t, "/var/lib/haproxy/state", stateFile)
	kept, err := os.ReadFile(BaseFile(cfg))
	require.NoError(t, err)
	assert.Equal(t, operatorBase, string(kept))

	// Once the agent wrote the config, the kept base is used.
	require.NoError(t, os.WriteFile(cfg, []byte(generatedHeader+": edits are overwritten\nglobal\n"), 0o644))
	base, _, err = LoadBase(cfg, "", "/run/a.sock")
	require.NoError(t, err)
	assert.Equal(t, operatorBase, base)
	// The header follows the file's version line.
	require.NoError(t, os.WriteFile(cfg, []byte("# _version=7\n"+generatedHeader+": edits are overwritten\nglobal\n"), 0o644))
	base, _, err = LoadBase(cfg, "", "/run/a.sock")
	require.NoError(t, err)
	assert.Equal(t, operatorBase, base)

	require.NoError(t, os.Remove(BaseFile(cfg)))
	_, _, err = LoadBase(cfg, "", "/run/a.sock")
	assert.ErrorContains(t, err, "set haproxy.template")

	// The realm's template wins; it must name an absolute state file.
	tmpl := filepath.Join(dir, "base.cfg")
	require.NoError(t, os.WriteFile(tmpl, []byte("global\n    server-state-file state\n"), 0o644))
	_, _, err = LoadBase(cfg, tmpl, "/run/a.sock")
	assert.ErrorContains(t, err, "must be an absolute path")
	require.NoError(t, os.WriteFile(tmpl, []byte("global\n    maxconn 10\n"), 0o644))
	_, _, err = LoadBase(cfg, tmpl, "/run/a.sock")
	assert.ErrorContains(t, err, "no server-state-file")
	_, _, err = LoadBase(cfg, filepath.Join(dir, "missing.cfg"), "/run/a.sock")
	assert.ErrorContains(t, err, "realm haproxy.template")
}

func TestResolverCaches(t *testing.T) {
	calls := 0
	r := &Resolver{Lookup: func(ctx context.Context, host string) ([]net.IP, error) {
		calls++
		if host == "bad" {
			return nil, errors.New("no such host")
		}
		return []net.IP{net.ParseIP("::1"), net.ParseIP("10.0.0.9")}, nil
	}}
	for range 3 {
		ip, err := r.Resolve("agent-1")
		require.NoError(t, err)
		assert.Equal(t, "10.0.0.9", ip, "IPv4 preferred")
	}
	_, err := r.Resolve("bad")
	assert.Error(t, err)
	assert.Equal(t, 2, calls)
}
