package security_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// Values planted in the deployer's environment and files; none may reach
// a Marathon app or a command's output unless the test says so.
const (
	exfilTag     = "Xf7Qp"
	realmPW      = "realm-pw-" + exfilTag
	lbToken      = "lb-token-" + exfilTag
	outsideFile  = "outside-file-" + exfilTag
	allowedFile  = "allowed-file-" + exfilTag
	oldSecret    = "old-secret-" + exfilTag
	deployerOnly = "deployer-only-" + exfilTag
)

// exfilRig is a realm with Marathon basic auth (password in $MARATHON_PW),
// an emulator, and a services/ directory to write manifests into.
type exfilRig struct {
	t     *testing.T
	bin   string
	dir   string
	realm string
	emu   *emutest.Instance
	env   []string
}

func newExfilRig(t *testing.T, realmExtra string) *exfilRig {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the yodel binary")
	}
	rg := &exfilRig{t: t, bin: sandboxtest.Binary(t), dir: t.TempDir()}
	rg.emu = emutest.Start(t, emutest.Credentials("admin", realmPW), emutest.TimeScale(0.1))
	require.NoError(t, os.MkdirAll(filepath.Join(rg.dir, "services"), 0o755))
	rg.realm = filepath.Join(rg.dir, "qa.yaml")
	body := "realm: qa\nmarathon:\n  urls: [" + rg.emu.URL + "]\n  auth: {basic: {user: admin, passwordEnv: MARATHON_PW}}\n" +
		"state: file://" + filepath.Join(rg.dir, "state") + "\n" + realmExtra
	require.NoError(t, os.WriteFile(rg.realm, []byte(body), 0o600))
	rg.env = []string{"MARATHON_PW=" + realmPW, "YODEL_LB_TOKEN=" + lbToken, "WEB_DB_PW=" + oldSecret}
	return rg
}

func (rg *exfilRig) manifest(secrets string) {
	rg.t.Helper()
	m := "service: web\ncmd: sleep 1000\ninstances: 1\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n" + secrets
	require.NoError(rg.t, os.WriteFile(filepath.Join(rg.dir, "services", "web.yaml"), []byte(m), 0o644))
}

func (rg *exfilRig) yodel(args ...string) (int, string, string) {
	rg.t.Helper()
	return run(rg.t, rg.bin, rg.dir, rg.env, append(args, "--realm", rg.realm)...)
}

// appEnv is the env of /web-blue in Marathon, nil when it does not exist.
func (rg *exfilRig) appEnv() map[string]string {
	rg.t.Helper()
	req, err := http.NewRequest("GET", rg.emu.URL+"/v2/apps/web-blue", nil)
	require.NoError(rg.t, err)
	req.SetBasicAuth("admin", realmPW)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(rg.t, err)
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	var body struct {
		App struct {
			Env map[string]string `json:"env"`
		} `json:"app"`
	}
	require.NoError(rg.t, json.NewDecoder(resp.Body).Decode(&body))
	return body.App.Env
}

// TestManifestSecretsCannotReadRealmCredentials: a manifest that names the
// realm's Marathon password variable, a YODEL_* credential, a file outside
// its directory (by .. or by a symlink) or the realm's password file is
// refused (exit 2, file:line, field, the fix) by validate and deploy, and
// nothing reaches Marathon. Before: every one of them was resolved and put
// into the app's env, readable by every Marathon user.
func TestManifestSecretsCannotReadRealmCredentials(t *testing.T) {
	rg := newExfilRig(t, "")
	outside := filepath.Join(t.TempDir(), "id_rsa")
	require.NoError(t, os.WriteFile(outside, []byte(outsideFile), 0o600))
	require.NoError(t, os.Symlink(outside, filepath.Join(rg.dir, "services", "innocent.key")))
	dots := strings.Repeat("../", 12) + strings.TrimPrefix(outside, "/")

	cases := []struct {
		name, secrets string
		validate      bool // refused by validate already (without looking at files)
		want          []string
	}{
		{"realm password variable", "secrets: {X: env:MARATHON_PW}\n", true,
			[]string{"web.yaml:7:", "secrets.X", "marathon.auth.basic.passwordEnv", "a variable of its own"}},
		{"yodel credential", "secrets: {X: env:YODEL_LB_TOKEN}\n", true,
			[]string{"secrets.X", "YODEL_LB_TOKEN", "yodel's own namespace"}},
		{"dot-dot path", "secrets: {X: \"file:" + dots + "\"}\n", true,
			[]string{"secrets.X", "outside the manifest's directory", "secrets.allowDirs"}},
		{"symlink out of the directory", "secrets: {X: file:innocent.key}\n", false,
			[]string{"secrets.X", "outside the manifest's directory"}},
		{"realm override", "realms:\n  qa:\n    secrets: {X: env:MARATHON_PW}\n", true,
			[]string{"web.yaml:9:", "realms.qa.secrets.X"}},
		{"smoke command environment", "canary:\n  isolated: {command: 'true', passEnv: [MARATHON_PW]}\n", true,
			[]string{"canary.isolated.passEnv[0]", "marathon.auth.basic.passwordEnv"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rg.manifest(c.secrets)
			code, out, errOut := rg.yodel("validate", "web")
			if c.validate {
				assert.Equal(t, 2, code, "validate accepted it:\n%s%s", out, errOut)
				for _, w := range c.want {
					assert.Contains(t, errOut, w)
				}
			}
			code, out, errOut = rg.yodel("deploy", "web", "--release", "v1", "--strategy", "rolling", "--yes", "--settle", "200ms")
			assert.Equal(t, 2, code, "deploy accepted it:\n%s%s", out, errOut)
			for _, w := range c.want {
				assert.Contains(t, errOut, w)
			}
			assert.NotContains(t, out+errOut, exfilTag, "a refusal printed the value")
			assert.Nil(t, rg.appEnv(), "the app reached Marathon")
		})
	}

	// The realm's password file, even when it sits beside the manifest.
	pwFile := filepath.Join(rg.dir, "services", "marathon.pw")
	require.NoError(t, os.WriteFile(pwFile, []byte(realmPW), 0o600))
	realm, err := os.ReadFile(rg.realm)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(rg.realm, bytes.Replace(realm, []byte("passwordEnv: MARATHON_PW"), []byte("passwordFile: services/marathon.pw"), 1), 0o600))
	rg.manifest("secrets: {X: file:marathon.pw}\n")
	code, out, errOut := rg.yodel("deploy", "web", "--release", "v1", "--yes", "--settle", "200ms")
	assert.Equal(t, 2, code, "deploy accepted the realm's password file:\n%s%s", out, errOut)
	assert.Contains(t, errOut, "marathon.auth.basic.passwordFile")
	assert.Nil(t, rg.appEnv())
}

// TestManifestSecretsCannotReadOtherRealmsCredentials: a CI host that
// deploys to qa and to prod holds both realms' credentials. A manifest
// deployed to qa named prod's password variable, or prod's token file kept
// beside the manifests, and got it into qa's app env, readable by qa's
// Marathon users: only qa's own credentials were refused. The credentials
// of every realm the machine knows (the realm directories, and the files
// beside the realm's own) are now refused too.
func TestManifestSecretsCannotReadOtherRealmsCredentials(t *testing.T) {
	rg := newExfilRig(t, "")
	const prodPW = "prod-pw-" + exfilTag
	rg.env = append(rg.env, "PROD_MARATHON_PW="+prodPW)
	// prod in ./realms (found by name), staging beside qa's file.
	require.NoError(t, os.MkdirAll(filepath.Join(rg.dir, "realms"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(rg.dir, "realms", "prod.yaml"), []byte("realm: prod\nmarathon:\n  urls: [https://marathon.prod:8443]\n"+
		"  auth: {basic: {user: deployer, passwordEnv: PROD_MARATHON_PW}}\nstate: file:///var/lib/yodel/prod\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(rg.dir, "staging.yaml"), []byte("realm: staging\nmarathon:\n  urls: [https://marathon.staging:8443]\n"+
		"  auth: {token: {file: services/staging.token}}\nstate: file:///var/lib/yodel/staging\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(rg.dir, "services", "staging.token"), []byte("staging-token-"+exfilTag), 0o600))

	for _, c := range []struct {
		name, secrets string
		want          []string
	}{
		{"another realm's password variable", "secrets: {X: env:PROD_MARATHON_PW}\n",
			[]string{"web.yaml:7:", "secrets.X", "$PROD_MARATHON_PW holds realm prod's credential (marathon.auth.basic.passwordEnv in realms/prod.yaml)", "a variable of its own"}},
		{"another realm's token file beside the manifest", "secrets: {X: file:staging.token}\n",
			[]string{"secrets.X", "staging.token is realm staging's credential file (marathon.auth.token.file in " + filepath.Join(rg.dir, "staging.yaml")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rg.manifest(c.secrets)
			code, out, errOut := rg.yodel("deploy", "web", "--release", "v1", "--strategy", "rolling", "--yes", "--settle", "200ms")
			assert.Equal(t, 2, code, "deploy accepted it:\n%s%s", out, errOut)
			for _, w := range c.want {
				assert.Contains(t, errOut, w)
			}
			assert.NotContains(t, out+errOut, exfilTag, "a refusal printed the value")
			assert.Nil(t, rg.appEnv(), "the app reached Marathon")
		})
	}
	rg.manifest("secrets: {X: env:PROD_MARATHON_PW}\n")
	code, out, errOut := rg.yodel("validate", "web")
	assert.Equal(t, 2, code, "validate accepted it:\n%s%s", out, errOut)
	assert.Contains(t, errOut, "holds realm prod's credential")
	// qa's own variables still work.
	rg.manifest("secrets: {C: env:WEB_DB_PW}\n")
	code, out, errOut = rg.yodel("deploy", "web", "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	assert.Equal(t, oldSecret, rg.appEnv()["C"])
}

// TestManifestSecretsAllowEnv: a CI job's environment holds more than the
// realm's credentials (cloud keys, registry and VCS tokens), and any of
// them could be named as a secret and land in the app's env. A realm with
// secrets.allowEnv lets manifests read only the variables it lists, for
// secrets and for the isolated command's passEnv alike.
func TestManifestSecretsAllowEnv(t *testing.T) {
	rg := newExfilRig(t, "secrets: {allowEnv: [WEB_*]}\n")
	rg.env = append(rg.env, "GITHUB_TOKEN=gh-"+exfilTag)
	for _, c := range []struct{ name, manifest, want string }{
		{"secret", "secrets: {X: env:GITHUB_TOKEN}\n", "secrets.X: env:GITHUB_TOKEN refused: $GITHUB_TOKEN is not in realm qa's secrets.allowEnv [WEB_*]"},
		{"passEnv", "canary:\n  isolated: {command: 'true', passEnv: [GITHUB_TOKEN]}\n", "canary.isolated.passEnv[0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rg.manifest(c.manifest)
			code, out, errOut := rg.yodel("validate", "web")
			assert.Equal(t, 2, code, "validate accepted it:\n%s%s", out, errOut)
			assert.Contains(t, errOut, c.want)
			code, out, errOut = rg.yodel("deploy", "web", "--release", "v1", "--yes", "--settle", "200ms")
			assert.Equal(t, 2, code, "deploy accepted it:\n%s%s", out, errOut)
			assert.Contains(t, errOut, c.want)
			assert.NotContains(t, out+errOut, exfilTag)
			assert.Nil(t, rg.appEnv(), "the app reached Marathon")
		})
	}
	rg.manifest("secrets: {C: env:WEB_DB_PW}\n")
	code, out, errOut := rg.yodel("deploy", "web", "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	assert.Equal(t, oldSecret, rg.appEnv()["C"])
}

// TestManifestSecretsAllowList: a file outside the manifest's directory is
// read when the realm lists its directory in secrets.allowDirs, and a file
// beside the manifest always is.
func TestManifestSecretsAllowList(t *testing.T) {
	vault := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(vault, "web.key"), []byte(allowedFile+"\n"), 0o600))
	rg := newExfilRig(t, "secrets: {allowDirs: ["+vault+"]}\n")
	require.NoError(t, os.WriteFile(filepath.Join(rg.dir, "services", "local.key"), []byte("local-"+exfilTag), 0o600))
	rg.manifest("secrets: {A: \"file:" + filepath.Join(vault, "web.key") + "\", B: file:local.key, C: env:WEB_DB_PW}\n")
	code, out, errOut := rg.yodel("deploy", "web", "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	env := rg.appEnv()
	assert.Equal(t, allowedFile, env["A"])
	assert.Equal(t, "local-"+exfilTag, env["B"])
	assert.Equal(t, oldSecret, env["C"])
}

// TestFormerSecretsNeverPrinted: a key deployed as a secret keeps its value
// hidden in diff (text and JSON) and in the deploy plan (text and JSON)
// when the manifest drops it, moves it to env, or makes it plain; so does
// every old env value of an app deployed before yodel recorded which keys
// were secrets. Before: `- env.DB_PASSWORD: "…"` and `"old": "…"`.
func TestFormerSecretsNeverPrinted(t *testing.T) {
	rg := newExfilRig(t, "")
	rg.manifest("secrets: {DB_PASSWORD: env:WEB_DB_PW}\n")
	code, out, errOut := rg.yodel("deploy", "web", "--release", "v1", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	require.Equal(t, oldSecret, rg.appEnv()["DB_PASSWORD"])

	check := func(name string) {
		t.Helper()
		for _, args := range [][]string{
			{"diff", "web", "--release", "v2"},
			{"diff", "web", "--release", "v2", "-o", "json"},
			{"deploy", "web", "--release", "v2", "--yes", "--dry-run"},
		} {
			if args[0] == "deploy" && !dryRunSupported(rg) {
				continue
			}
			code, out, errOut := rg.yodel(args...)
			assert.Contains(t, []int{0, 1}, code, "%s: yodel %v\n%s%s", name, args, out, errOut)
			assert.NotContains(t, out+errOut, oldSecret, "%s: yodel %v printed the former secret", name, args)
			assert.Contains(t, out+errOut, "DB_PASSWORD", "%s: yodel %v does not show the change at all", name, args)
		}
	}
	rg.manifest("")
	check("secret dropped")
	rg.manifest("env: {DB_PASSWORD: now-plain}\n")
	check("moved to env")

	// The real deploy's plan, text on stderr and JSON on stdout.
	code, out, errOut = rg.yodel("deploy", "web", "--release", "v2", "--strategy", "rolling", "--yes", "--settle", "200ms", "-o", "json")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	assert.NotContains(t, out+errOut, oldSecret, "the deploy plan printed the former secret")
	assert.Contains(t, out, "DB_PASSWORD")
	rg.manifest("env: {DB_PASSWORD: plain-two}\n")
	code, out, errOut = rg.yodel("deploy", "web", "--release", "v3", "--strategy", "rolling", "--yes", "--settle", "200ms")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	assert.Contains(t, errOut, `"now-plain" => "plain-two"`, "a plain env value is shown as before")

	// An app deployed by an older yodel: no YODEL_SECRETS label.
	putApp(t, rg, `{"id":"/web-blue","cmd":"sleep 1000","instances":1,"cpus":0.1,"mem":32,
	 "env":{"DB_PASSWORD":"`+oldSecret+`"},"labels":{"YODEL_SERVICE":"web","YODEL_RELEASE":"v0"},
	 "portDefinitions":[{"port":10080,"name":"http","protocol":"tcp"}]}`)
	rg.manifest("env: {DB_PASSWORD: now-plain}\n")
	check("unlabelled app, moved to env")
}

// dryRunSupported reports whether deploy has --dry-run (the plan without
// the change); the plan of a real deploy is checked in any case.
func dryRunSupported(rg *exfilRig) bool {
	_, out, errOut := run(rg.t, rg.bin, rg.dir, nil, "deploy", "--help")
	return strings.Contains(out+errOut, "--dry-run")
}

func putApp(t *testing.T, rg *exfilRig, body string) {
	t.Helper()
	req, err := http.NewRequest("PUT", rg.emu.URL+"/v2/apps/web-blue?force=true", strings.NewReader(body))
	require.NoError(t, err)
	req.SetBasicAuth("admin", realmPW)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Less(t, resp.StatusCode, 300, "PUT app: %s", resp.Status)
	require.Equal(t, oldSecret, rg.appEnv()["DB_PASSWORD"])
}

// TestIsolatedCommandEnvironment: canary.isolated.command runs with PATH,
// HOME, the locale, YODEL_CANARY_URL/HEADER and the variables the manifest
// lists in passEnv, not the deployer's whole environment. Before: `sh -c`
// inherited everything, the realm's Marathon password included.
func TestIsolatedCommandEnvironment(t *testing.T) {
	t.Setenv("MARATHON_PW", realmPW)
	t.Setenv("AWS_SECRET_ACCESS_KEY", deployerOnly)
	t.Setenv("HTTPS_PROXY", "http://user:"+deployerOnly+"@proxy:3128")
	t.Setenv("SMOKE_TOKEN", "smoke-token-ok")
	tgt := canary.Target{URL: "http://127.0.0.1:10080", HeaderName: "X-Yodel-Track", HeaderValue: "canary"}
	var out bytes.Buffer
	res := canary.RunCommand(context.Background(), "env", tgt, t.TempDir(), &out, canary.StepIsolated, "SMOKE_TOKEN")
	require.Equal(t, canary.VerdictPass, res.Verdict, res.Message)
	env := out.String()
	assert.NotContains(t, env, exfilTag, "the command saw the deployer's credentials:\n%s", env)
	for _, want := range []string{"PATH=", "HOME=", "YODEL_CANARY_URL=http://127.0.0.1:10080", "YODEL_CANARY_HEADER=X-Yodel-Track: canary", "SMOKE_TOKEN=smoke-token-ok"} {
		assert.Contains(t, env, want)
	}
}
