package realm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerDefaultsAndUsers(t *testing.T) {
	r, err := parse(t, minimal)
	require.NoError(t, err)
	assert.Equal(t, DefaultAdoptAfter, r.Server.AdoptAfter.D())
	assert.Equal(t, DefaultServerListen, r.Server.Listen)
	assert.Empty(t, r.Server.URL, "no server unless the realm names one")

	r, err = parse(t, minimal+`server:
  url: http://127.0.0.1:9180
  adoptAfter: 5s
  users:
    - {name: ann, role: admin, token: {env: ANN_TOKEN}}
    - {name: bob, role: viewer, passwordHash: {file: bob.hash}}
`)
	require.NoError(t, err)
	env := func(k string) (string, bool) { v, ok := map[string]string{"ANN_TOKEN": " t-ann\n"}[k]; return v, ok }
	assert.Equal(t, "server.users[0].token.env", r.CredentialEnv()["ANN_TOKEN"], "no manifest secret may read an API token")
	_, err = r.ServerCredentials(env)
	require.Error(t, err, "bob's hash file is missing")
	assert.Contains(t, err.Error(), "server.users[1].passwordHash")
	assert.Contains(t, err.Error(), "bob.hash")
	assert.NotContains(t, err.Error(), "t-ann")
}

func TestBadServer(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"url", "server: {url: yodel-server:9180}", `realms/qa.yaml:6:10: server.url: "yodel-server:9180" is not an http:// or https:// URL`},
		{"credentials in url", "server: {url: 'http://u:pw@h:9180'}", `server.url: "http://u:***@h:9180" has credentials in the URL`},
		{"listen", "server: {listen: 9180}", `server.listen: "9180" is not host:port`},
		{"adoptAfter", "server: {adoptAfter: 10ms}", "server.adoptAfter: must be from 1s to 24h0m0s (got 10ms)"},
		{"role", "server: {users: [{name: ann, role: root, token: {env: T}}]}", `server.users[0].role: "root" is not a role`},
		{"inline token", "server: {users: [{name: ann, role: admin, token: hunter2}]}", "server.users[0].token: a secret must not be written in the realm file"},
		{"no credential", "server: {users: [{name: ann, role: admin}]}", "server.users[0]: set exactly one of token"},
		{"both sources", "server: {users: [{name: ann, role: admin, token: {env: T, file: t}}]}", "server.users[0].token: set exactly one of env"},
		{"twice", "server: {users: [{name: ann, role: admin, token: {env: T}}, {name: ann, role: viewer, token: {env: U}}]}", "server.users[1].name: user ann is listed twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(t, minimal+c.src+"\n")
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}
