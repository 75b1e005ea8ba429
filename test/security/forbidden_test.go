package security_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// viewerPW is the read-only user's password, planted like the others.
const viewerPW = "pw-" + secretTag + "-viewer"

// TestMarathonForbidsReadOnlyCredential: over TLS, a credential Marathon
// accepts but may only read (the emulator's --read-only-credentials, which
// answers writes 403 with Marathon's body) makes deploy, scale and destroy
// exit 1 with a message naming the credential by its source, the refused
// request and the permission it lacks, and a hint; no password is printed.
// The refused commands leave no lock behind: the deployer's credential
// then scales and destroys at once.
func TestMarathonForbidsReadOnlyCredential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	dir := t.TempDir()
	ca := newCA(t, "yodel test CA")
	cert, key := ca.leaf(t)
	for name, b := range map[string][]byte{"server.pem": cert, "server.key": key, "ca.pem": ca.pem} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	url := startTLSEmulator(t, bin, dir, "--credentials", "admin:"+marathonPW, "--read-only-credentials", "viewer:"+viewerPW)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"),
		[]byte("service: web\ncmd: serve\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n"), 0o644))
	realmFile := func(name, user, pwEnv string) string {
		p := filepath.Join(dir, name+".yaml")
		body := "realm: " + name + "\nmarathon:\n  urls: [" + url + "]\n  caFile: " + filepath.Join(dir, "ca.pem") +
			"\n  auth: {basic: {user: " + user + ", passwordEnv: " + pwEnv + "}}\nstate: file://" + filepath.Join(dir, "state") + "\n"
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	deployer := realmFile("deployer", "admin", "MARATHON_PW")
	viewer := realmFile("viewer", "viewer", "MARATHON_VIEWER_PW")
	env := []string{"MARATHON_PW=" + marathonPW, "MARATHON_VIEWER_PW=" + viewerPW}
	noSecret := func(args []string, out, errOut string) {
		t.Helper()
		for _, pw := range []string{marathonPW, viewerPW} {
			assert.NotContains(t, out, pw, "yodel %v printed a password on stdout", args)
			assert.NotContains(t, errOut, pw, "yodel %v printed a password on stderr", args)
		}
	}
	// A first deploy by the deployer, so scale and destroy have an app.
	args := []string{"deploy", "web", "--realm", deployer, "--release", "v1", "--strategy", "rolling", "--yes", "--settle", "100ms"}
	code, out, errOut := run(t, bin, dir, env, args...)
	require.Equal(t, 0, code, "deployer: %s %s", out, errOut)

	// The viewer reads: status works.
	code, out, errOut = run(t, bin, dir, env, "status", "web", "--realm", viewer)
	assert.Equal(t, 0, code, "a read-only credential may read: %s %s", out, errOut)

	for _, c := range []struct {
		args       []string
		permission string
	}{
		{[]string{"deploy", "web", "--realm", viewer, "--release", "v2", "--strategy", "rolling", "--yes", "--settle", "100ms"}, "update app /web-"},
		{[]string{"deploy", "web", "--realm", viewer, "--release", "v2", "--yes", "-o", "json"}, "app"},
		{[]string{"scale", "web", "3", "--realm", viewer, "--yes"}, "update app /web-"},
		{[]string{"destroy", "web", "--realm", viewer, "--yes"}, "delete app /web-"},
	} {
		code, out, errOut := run(t, bin, dir, env, c.args...)
		t.Logf("yodel %s (viewer): exit %d, stderr:\n%s", strings.Join(c.args[:2], " "), code, errOut)
		assert.Equal(t, 1, code, "yodel %v: 403 is a failure (exit 1)\nstdout:\n%s\nstderr:\n%s", c.args, out, errOut)
		for _, want := range []string{
			"forbade ",
			"(403: Not Authorized to perform this action!)",
			"the credential (basic auth user viewer, password from $MARATHON_VIEWER_PW) lacks permission to ",
			c.permission,
			"hint: the credential is accepted but may not ",
			"marathon.auth",
		} {
			assert.Contains(t, errOut, want, "yodel %v", c.args)
		}
		assert.NotContains(t, errOut, "goroutine ", "yodel %v crashed", c.args)
		noSecret(c.args, out, errOut)
	}

	// Nothing was left locked or half done: the deployer scales and
	// destroys straight away.
	for _, a := range [][]string{
		{"scale", "web", "2", "--realm", deployer, "--yes"},
		{"destroy", "web", "--realm", deployer, "--yes"},
	} {
		code, out, errOut := run(t, bin, dir, env, a...)
		assert.Equal(t, 0, code, "yodel %v after the refusals: %s %s", a, out, errOut)
		assert.False(t, strings.Contains(errOut, "locked"), "yodel %v found a lock left behind: %s", a, errOut)
		noSecret(a, out, errOut)
	}
}
