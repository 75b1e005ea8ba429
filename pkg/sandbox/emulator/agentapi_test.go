package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

// The agent API serves only files inside task sandboxes, as the real
// agent serves only the paths it attached: never the emulator's state or
// any other file of the user running it.
func TestAgentFilesOnlyInsideSandboxes(t *testing.T) {
	emu := emutest.Start(t, emutest.Process())
	for _, p := range []string{"/etc/passwd", "", "relative/stdout"} {
		resp, err := http.Get(emu.URL + "/files/read?offset=0&path=" + url.QueryEscape(p))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, p)
	}
	resp, err := http.Get(emu.URL + "/state")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var st struct {
		ID         string `json:"id"`
		Frameworks []struct {
			Executors []any `json:"executors"`
		} `json:"frameworks"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&st))
	assert.NotEmpty(t, st.ID)
	require.Len(t, st.Frameworks, 1)
	assert.Empty(t, st.Frameworks[0].Executors, "no task has run yet")
}

// A task can write symlinks into its own sandbox; like the agent
// (FilesProcess::resolve canonicalises and checks the attached path), the
// emulator serves what a link leads to only inside that same sandbox.
func TestAgentFilesFollowNoLinkOutOfTheSandbox(t *testing.T) {
	dir := t.TempDir()
	emu := emutest.Start(t, emutest.Process(), emutest.StateDir(dir))
	root := filepath.Join(dir, "tasks")
	own, other := filepath.Join(root, "app.1"), filepath.Join(root, "app.2")
	for _, d := range []string{own, other} {
		require.NoError(t, os.MkdirAll(d, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(d, "stdout"), []byte("out of "+filepath.Base(d)), 0o644))
	}
	secret := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secret, []byte("not for the agent API"), 0o600))
	links := map[string]string{
		"to-secret":  secret,
		"to-other":   filepath.Join(other, "stdout"),
		"to-state":   dir,
		"to-own":     filepath.Join(own, "stdout"),
		"relative":   "stdout",
		"up-and-out": "../../secret",
	}
	for name, target := range links {
		require.NoError(t, os.Symlink(target, filepath.Join(own, name)))
	}
	read := func(p string) (int, string) {
		resp, err := http.Get(emu.URL + "/files/read?offset=0&path=" + url.QueryEscape(p))
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	for _, name := range []string{"to-secret", "to-other", "up-and-out"} {
		code, body := read(filepath.Join(own, name))
		assert.Equal(t, http.StatusBadRequest, code, name)
		assert.Contains(t, body, "is inaccessible", name)
		assert.NotContains(t, body, "not for the agent API", name)
		assert.NotContains(t, body, "out of app.2", name)
	}
	code, body := read(filepath.Join(own, "to-state", "secret"))
	assert.Equal(t, http.StatusBadRequest, code, "a link to a directory outside, then a file in it")
	assert.NotContains(t, body, "not for the agent API")
	for _, name := range []string{"to-own", "relative", "stdout"} {
		code, body := read(filepath.Join(own, name))
		assert.Equal(t, http.StatusOK, code, name)
		assert.Contains(t, body, "out of app.1", name)
	}
	code, _ = read(filepath.Join(root, "..", "secret"))
	assert.Equal(t, http.StatusNotFound, code, "a path that is not under the sandboxes at all")
	resp, err := http.Get(emu.URL + "/files/browse?path=" + url.QueryEscape(filepath.Join(own, "to-state")))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "browse follows the same rule")
}
