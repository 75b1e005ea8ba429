package security_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yodeldeploy/yodel/third_party/zk"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

// TestZooKeeperDigestRealm: a realm whose state store is a real ZooKeeper
// with digest auth (stateAuth.digest, the password from the environment).
// A deploy writes locks, routing and history as that identity; the nodes
// refuse anonymous writes; a wrong password fails at once and clearly; no
// output and no node holds the password.
func TestZooKeeperDigestRealm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ZooKeeper and the yodel binary")
	}
	srv, err := zktest.Start()
	zktest.Skip(t, err)
	defer srv.Close()
	bin := sandboxtest.Binary(t)
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"),
		[]byte("service: web\ncmd: sleep 1000\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"), 0o644))
	rf := filepath.Join(dir, "zk.yaml")
	require.NoError(t, os.WriteFile(rf, []byte("realm: zk\nmarathon:\n  urls: ["+emu.URL+"]\nstate: "+srv.URL("/yodel/zk")+
		"\nstateAuth:\n  digest: {user: yodel, passwordEnv: ZK_PW}\n"), 0o644))

	steps := []struct {
		args     []string
		env      []string
		wantCode int
		want     string // in stderr
	}{
		{[]string{"deploy", "web", "--realm", rf, "--release", "v1", "--yes", "--settle", "200ms"}, []string{"ZK_PW=" + zkPassword}, 0, ""},
		{[]string{"history", "web", "--realm", rf, "-o", "json"}, []string{"ZK_PW=" + zkPassword}, 0, ""},
		{[]string{"history", "web", "--realm", rf}, []string{"ZK_PW=" + zkWrongPW}, 1, `ZooKeeper digest user "yodel" authenticated with a password that does not match`},
		{[]string{"deploy", "web", "--realm", rf, "--release", "v2", "--yes"}, []string{"ZK_PW=" + zkWrongPW}, 1, "wrong password?"},
		{[]string{"history", "web", "--realm", rf}, []string{"ZK_PW="}, 2, "environment variable ZK_PW is empty"},
	}
	for _, s := range steps {
		code, stdout, stderr := run(t, bin, dir, s.env, s.args...)
		assert.Equal(t, s.wantCode, code, "yodel %v\nstdout:\n%s\nstderr:\n%s", s.args, stdout, stderr)
		if s.want != "" {
			assert.Contains(t, stderr, s.want, "yodel %v", s.args)
		}
		for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			assert.NotContains(t, out, secretTag, "yodel %v printed a secret on %s:\n%s", s.args, name, out)
		}
	}

	// The nodes: owned by the digest identity, readable by anyone, and no
	// node's data holds the password.
	anon, _, err := zk.Connect([]string{srv.Addr}, zktest.TickTime*20, zk.WithLogInfo(false))
	require.NoError(t, err)
	defer anon.Close()
	_, err = anon.Create("/yodel/zk/services/web/intruder", nil, 0, zk.WorldACL(zk.PermAll))
	assert.ErrorIs(t, err, zk.ErrNoAuth, "an anonymous write is refused")
	conn, _, err := zk.Connect([]string{srv.Addr}, zktest.TickTime*20, zk.WithLogInfo(false))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.AddAuth("digest", []byte("yodel:"+zkPassword)))
	acl, _, err := conn.GetACL("/yodel/zk/services/web")
	require.NoError(t, err)
	assert.Contains(t, acl, zk.DigestACL(zk.PermAll, "yodel", zkPassword)[0])
	assert.NotContains(t, acl, zk.WorldACL(zk.PermAll)[0], "anonymous clients cannot write")
	nodes := 0
	var walk func(p string)
	walk = func(p string) {
		data, _, err := conn.Get(p)
		require.NoError(t, err)
		nodes++
		assert.NotContains(t, string(data), secretTag, "node %s holds a secret", p)
		kids, _, err := conn.Children(p)
		require.NoError(t, err)
		for _, k := range kids {
			walk(strings.TrimSuffix(p, "/") + "/" + k)
		}
	}
	walk("/yodel/zk")
	assert.Greater(t, nodes, 3, "the deploy wrote state")
}
