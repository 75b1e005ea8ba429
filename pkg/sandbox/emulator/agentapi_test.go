package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
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
