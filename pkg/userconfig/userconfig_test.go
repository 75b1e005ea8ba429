package userconfig

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

func TestLoad(t *testing.T) {
	p := write(t, "realm: prod\nrealms: realms.d\noutput: json\ndebug: true\n")
	m, err := Load(p, false)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"realm": "prod", "realms": filepath.Join(filepath.Dir(p), "realms.d"), "output": "json", "debug": true}, m)
}

func TestLoadMissing(t *testing.T) {
	m, err := Load(filepath.Join(t.TempDir(), "none.yaml"), false)
	require.NoError(t, err)
	assert.Empty(t, m)
	_, err = Load(filepath.Join(t.TempDir(), "none.yaml"), true)
	require.Error(t, err, "a file named by $YODEL_CONFIG must exist")
}

func TestLoadErrorsNameFileLineAndKey(t *testing.T) {
	p := write(t, "realm: prod\nrelam: qa\noutput: yaml\n")
	_, err := Load(p, false)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, p+":2:1: relam: unknown key; did you mean \"realm\"?")
	assert.Contains(t, msg, p+":3:1: output: must be text or json")
}

func TestPath(t *testing.T) {
	env := map[string]string{"XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"}
	getenv := func(k string) string { return env[k] }
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	assert.Equal(t, "/xdg/yodel/config.yaml", Path(getenv, lookup))
	env[EnvFile] = "/etc/yodel.yaml"
	assert.Equal(t, "/etc/yodel.yaml", Path(getenv, lookup))
	env[EnvFile] = ""
	assert.Equal(t, "", Path(getenv, lookup), "YODEL_CONFIG= turns the file off")
}
