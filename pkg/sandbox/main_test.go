package sandbox

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest/fakeyodel"
)

func TestMain(m *testing.M) {
	fakeyodel.MaybeRun()
	os.Exit(m.Run())
}

func TestDefaultDir(t *testing.T) {
	d, err := DefaultDir(func(k string) string { return map[string]string{"HOME": "/home/u"}[k] })
	require.NoError(t, err)
	assert.Equal(t, "/home/u/.local/state/yodel/sandbox", d)
	d, err = DefaultDir(func(k string) string { return map[string]string{"HOME": "/home/u", EnvDir: "/srv/sb"}[k] })
	require.NoError(t, err)
	assert.Equal(t, "/srv/sb", d)
	d, err = DefaultDir(func(k string) string { return map[string]string{"HOME": "/home/u", "XDG_STATE_HOME": "/xdg/state"}[k] })
	require.NoError(t, err)
	assert.Equal(t, "/xdg/state/yodel/sandbox", d)
}
