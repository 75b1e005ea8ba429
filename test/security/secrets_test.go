package security_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// Planted secret values: each is distinctive so a grep cannot miss it, and
// all share secretTag so one search finds any of them.
const (
	secretTag      = "Zq9xK"
	marathonPW     = "pw-" + secretTag + "-marathon"
	wrongPW        = "pw-" + secretTag + "-wrong"
	marathonToken  = "tok-" + secretTag + "-marathon"
	dbPassword     = "db-" + secretTag + "-env"
	fileSecret     = "file-" + secretTag + "-key"
	inlinePassword = "inline-" + secretTag + "-pasted"
	zkPassword     = "zk-" + secretTag + "-digest"
	zkWrongPW      = "zk-" + secretTag + "-wrong"
)

const secretManifest = `service: web
cmd: sleep 1000
instances: 1
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
env:
  PLAIN: visible
secrets:
  DB_PASSWORD: env:WEB_DB_PW
  API_KEY: file:api.key
`

// TestSecretsNeverPrinted plants a distinctive value in each secret (the
// Marathon password and token, manifest secrets from the environment and
// from a file, a wrong password, a secret pasted inline by mistake), runs
// every command that prints, in text and JSON, on success and failure
// paths, and greps stdout, stderr and the state store for any of them.
// The Marathon app's env is the one place a manifest secret must reach.
func TestSecretsNeverPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	emu := emutest.Start(t, emutest.Credentials("admin", marathonPW), emutest.TimeScale(0.1),
		emutest.With(func(c *emulator.Config) { c.Token = marathonToken }))
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "services"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "web.yaml"), []byte(secretManifest), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "services", "api.key"), []byte(fileSecret+"\n"), 0o600))
	store := filepath.Join(dir, "state")
	writeRealm := func(name, auth string) string {
		p := filepath.Join(dir, name+".yaml")
		body := "realm: " + name + "\nmarathon:\n  urls: [" + emu.URL + "]\n  auth: " + auth + "\nstate: file://" + store + "\n"
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	basic := writeRealm("basic", "{basic: {user: admin, passwordEnv: MARATHON_PW}}")
	token := writeRealm("token", "{token: {env: MARATHON_TOKEN}}")
	env := []string{"MARATHON_PW=" + marathonPW, "MARATHON_TOKEN=" + marathonToken, "WEB_DB_PW=" + dbPassword}

	type step struct {
		args     []string
		env      []string
		wantCode int // -1: any
	}
	steps := []step{
		{[]string{"validate", "web", "--realm", basic}, nil, 0},
		{[]string{"render", "web", "--realm", basic, "--release", "v1"}, nil, 0},
		{[]string{"diff", "web", "--realm", basic, "--release", "v1"}, nil, -1},
		{[]string{"deploy", "web", "--realm", basic, "--release", "v1", "--yes", "--settle", "200ms", "-o", "json"}, nil, 0},
		{[]string{"status", "web", "--realm", basic}, nil, 0},
		{[]string{"status", "web", "--realm", token, "-o", "json"}, nil, 0},
		{[]string{"diff", "web", "--realm", token, "--release", "v2"}, nil, -1},
		{[]string{"deploy", "web", "--realm", token, "--release", "v2", "--strategy", "rolling", "--yes", "--settle", "200ms"}, nil, 0},
		{[]string{"history", "web", "--realm", basic}, nil, 0},
		{[]string{"history", "web", "--realm", basic, "-o", "json"}, nil, 0},
		// Failure paths: a wrong password and a wrong token, a secret not
		// set on this machine, a secret pasted into the manifest.
		{[]string{"status", "web", "--realm", basic}, []string{"MARATHON_PW=" + wrongPW}, 1},
		{[]string{"status", "web", "--realm", token, "-o", "json"}, []string{"MARATHON_TOKEN=" + wrongPW}, 1},
		{[]string{"deploy", "web", "--realm", basic, "--release", "v3", "--yes", "-o", "json"}, []string{"MARATHON_PW=" + wrongPW}, 1},
		{[]string{"deploy", "web", "--realm", basic, "--release", "v3", "--yes"}, []string{"WEB_DB_PW="}, 2},
		{[]string{"render", "-f", "bad.yaml", "--realm", basic}, nil, 2},
		{[]string{"validate", "-f", "bad.yaml"}, nil, 2},
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.yaml"),
		[]byte(strings.Replace(secretManifest, "env:WEB_DB_PW", inlinePassword, 1)), 0o644))

	for _, s := range steps {
		code, stdout, stderr := run(t, bin, dir, append(append([]string{}, env...), s.env...), s.args...)
		if s.wantCode >= 0 {
			assert.Equal(t, s.wantCode, code, "yodel %v\nstdout:\n%s\nstderr:\n%s", s.args, stdout, stderr)
		}
		for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			assert.NotContains(t, out, secretTag, "yodel %v printed a secret on %s:\n%s", s.args, name, out)
		}
		if strings.Contains(strings.Join(s.args, " "), "-o json") && code == 0 {
			assert.True(t, json.Valid([]byte(stdout)), "yodel %v -o json: %s", s.args, stdout)
		}
	}

	// The state store: routing, locks and history records.
	files := 0
	require.NoError(t, filepath.WalkDir(store, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		assert.NotContains(t, string(b), secretTag, "state file %s holds a secret", p)
		return nil
	}))
	assert.NotZero(t, files, "the deploys wrote history to the store")

	// The one legitimate destination: the task's environment in Marathon.
	req, err := http.NewRequest("GET", emu.URL+"/v2/apps?label=YODEL_SERVICE==web", nil)
	require.NoError(t, err)
	req.SetBasicAuth("admin", marathonPW)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var apps struct {
		Apps []struct {
			Env map[string]string `json:"env"`
		} `json:"apps"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&apps))
	require.NotEmpty(t, apps.Apps)
	assert.Equal(t, dbPassword, apps.Apps[0].Env["DB_PASSWORD"], "the secret reached the task")
	assert.Equal(t, fileSecret, apps.Apps[0].Env["API_KEY"], "the file secret reached the task")
}
