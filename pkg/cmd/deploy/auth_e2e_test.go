package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// binEnv is a working directory with services/web.yaml and a realm file
// for the real yodel binary.
type binEnv struct {
	bin, dir, realm string
}

func newBinEnv(t *testing.T, realmYAML string) *binEnv {
	t.Helper()
	b := &binEnv{bin: sandboxtest.Binary(t), dir: t.TempDir()}
	require.NoError(t, os.MkdirAll(filepath.Join(b.dir, "services"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(b.dir, "state"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(b.dir, "services", "web.yaml"),
		[]byte("service: web\ncmd: serve\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\n"), 0o644))
	b.realm = filepath.Join(b.dir, "realm.yaml")
	realmYAML = strings.ReplaceAll(realmYAML, "STATE", "file://"+filepath.Join(b.dir, "state"))
	require.NoError(t, os.WriteFile(b.realm, []byte(realmYAML), 0o644))
	return b
}

func (b *binEnv) run(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	return sandboxtest.Exec(t, b.bin, b.dir, env, args...)
}

// 401: the message names the credential by its source and says how to fix
// it; the password (wrong or right) never appears in any output.
func TestDeployAuthErrorsNameTheCredential(t *testing.T) {
	const right, wrong = "right-Pa55-7f3a9c", "planted-S3cret-b41e"
	emu := emutest.Start(t, emutest.Credentials("deployer", right))
	pwFile := filepath.Join(t.TempDir(), "marathon.pw")
	require.NoError(t, os.WriteFile(pwFile, []byte(wrong+"\n"), 0o600))
	cases := []struct {
		name, auth string
		env        []string
		wantCode   int
		want       []string
	}{
		{"wrong password from env", "  auth:\n    basic: {user: deployer, passwordEnv: YODEL_E2E_MARATHON_PW}\n",
			[]string{"YODEL_E2E_MARATHON_PW=" + wrong}, 1,
			[]string{"refused the credentials (401", "basic auth user deployer, password from $YODEL_E2E_MARATHON_PW",
				"hint: check the credential named above", "wrong, expired, or meant for another realm"}},
		{"wrong password from file", "  auth:\n    basic: {user: deployer, passwordFile: " + pwFile + "}\n",
			nil, 1, []string{"password from file " + pwFile, "hint: check the credential"}},
		{"no credential configured", "", nil, 1,
			[]string{"(401", "hint: this Marathon needs credentials: configure basic auth"}},
		{"right password", "  auth:\n    basic: {user: deployer, passwordEnv: YODEL_E2E_MARATHON_PW}\n",
			[]string{"YODEL_E2E_MARATHON_PW=" + right}, 0, []string{"Deployed web"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newBinEnv(t, "realm: test\nmarathon:\n  urls: ["+emu.URL+"]\n"+c.auth+"state: STATE\n")
			code, out, errOut := b.run(t, c.env, "deploy", "web", "--realm", b.realm, "--release", "v1", "--strategy", "rolling", "--settle", "100ms")
			assert.Equal(t, c.wantCode, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			for _, w := range c.want {
				assert.Contains(t, out+errOut, w)
			}
			for _, secret := range []string{wrong, right} {
				assert.NotContains(t, out, secret, "a password on stdout")
				assert.NotContains(t, errOut, secret, "a password on stderr")
			}
		})
	}
}

// No Marathon URL answers: exit 1, and each URL is listed with its error.
func TestAllURLsUnreachable(t *testing.T) {
	// Leased ports nothing listens on (connection refused). A port of
	// the ephemeral range, picked by binding :0 and closed, was taken
	// by another test's listener once, which then answered.
	urls := []string{"http://" + sandboxtest.FreeAddr(t), "http://" + sandboxtest.FreeAddr(t)}
	b := newBinEnv(t, "realm: test\nmarathon:\n  urls: ["+strings.Join(urls, ", ")+"]\nstate: STATE\n")
	for _, args := range [][]string{
		{"status", "--realm", b.realm},
		{"deploy", "web", "--realm", b.realm, "--release", "v1", "--strategy", "rolling"},
	} {
		code, out, errOut := b.run(t, nil, args...)
		assert.Equal(t, 1, code, "%v\nstdout:\n%s\nstderr:\n%s", args, out, errOut)
		assert.Contains(t, errOut, "Marathon unreachable: every URL failed", args)
		for _, u := range urls {
			assert.Regexp(t, `(?m)^\s+`+u+`: .*connection refused`, errOut, args)
		}
		assert.Contains(t, errOut, "hint: check that Marathon runs", args)
	}
}
