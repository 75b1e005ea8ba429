package sandboxtest

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
)

// `sandbox up` starts the realm's server, names it in the realm file
// (server.url, an admin user whose token file is 0600), and `down` stops
// it.
func TestUpStartsTheRealmsServer(t *testing.T) {
	sb := Start(t, Options{Server: true})
	srv := sb.Component(t, sandbox.CompServer)
	rl, err := realm.Load(sb.RealmFile, "")
	require.NoError(t, err)
	assert.Equal(t, sb.ServerURL, rl.Server.URL)
	assert.Equal(t, "http://"+srv.Addr, rl.Server.URL)

	var h struct{ Leader bool }
	require.NoError(t, GetJSON(rl.Server.URL+"/healthz", &h))
	assert.True(t, h.Leader, "the sandbox's one server leads its realm")

	l := sandbox.Layout{Dir: sb.Dir}
	fi, err := os.Stat(l.ServerTokenFile())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	users, err := rl.ServerCredentials(func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	require.Len(t, users, 1)
	assert.Equal(t, realm.RoleAdmin, users[0].Role)
	for token, want := range map[string]int{users[0].Token: 200, "wrong": 401} {
		req, err := http.NewRequest("GET", rl.Server.URL+"/v1/overview", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, want, resp.StatusCode)
	}

	sb.Yodel(t, "sandbox", "down", "--dir", sb.Dir)
	assert.False(t, srv.Alive(), "down left the server running")
}
