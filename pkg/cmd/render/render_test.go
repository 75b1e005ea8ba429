package render

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

const svc = `service: web
image: registry.example/web:1.4
resources: {cpus: 0.5, mem: 128}
ports:
  - {name: http, servicePort: 10080, containerPort: 8080}
secrets:
  DB_PASSWORD: env:WEB_DB_PASSWORD
realms:
  qa: {instances: 2}
canary:
  instances: 1
`

const qa = "realm: qa\nmarathon:\n  urls: [http://m:8080]\nstate: zk://z:2181/yodel\nstateAuth: {insecure: true}\nlimits:\n  maxMem: 100\n"

func setup(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("services", 0o755))
	require.NoError(t, os.MkdirAll("realms", 0o755))
	require.NoError(t, os.WriteFile("services/web.yaml", []byte(svc), 0o644))
	require.NoError(t, os.WriteFile("realms/qa.yaml", []byte(qa), 0o644))
	require.NoError(t, os.WriteFile("realms/big.yaml", []byte("realm: big\nmarathon:\n  urls: [http://m:8080]\nstate: zk://z:2181/yodel\nstateAuth: {insecure: true}\n"), 0o644))
}

func newOpts(tty bool) (*Options, *iostreams.IOStreams, func() (string, string)) {
	ios, _, out, errOut := iostreams.Test()
	ios.SetStdoutTTY(tty)
	ios.SetStderrTTY(tty)
	f := &realm.Finder{Getenv: func(string) string { return "" }}
	o := &Options{IO: ios, LoadRealm: f.Find, Service: "web", Realm: "big", Track: "stable",
		GitDescribe: func(string) (string, error) { return "", errors.New("no git") }}
	return o, ios, func() (string, string) { return out.String(), errOut.String() }
}

func TestRender(t *testing.T) {
	setup(t)
	t.Setenv("WEB_DB_PASSWORD", "must-not-appear")
	for _, tty := range []bool{false, true} {
		o, _, bufs := newOpts(tty)
		require.NoError(t, Run(o))
		out, errOut := bufs()
		var app map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &app), out)
		assert.Equal(t, "/web-blue", app["id"])
		assert.Equal(t, 1.0, app["instances"])
		labels := app["labels"].(map[string]any)
		assert.Equal(t, "1.4", labels["YODEL_RELEASE"], "release defaults to the image tag")
		assert.Equal(t, "web", labels["YODEL_SERVICE"])
		assert.Len(t, labels["YODEL_MANIFEST_SHA"], 12)
		assert.Equal(t, "<secret:env:WEB_DB_PASSWORD>", app["env"].(map[string]any)["DB_PASSWORD"])
		assert.NotContains(t, out+errOut, "must-not-appear")
		if tty {
			assert.Equal(t, "# web in realm big, stable track, release 1.4 (from image tag)\n", errOut)
		} else {
			assert.Empty(t, errOut, "off a terminal stderr stays quiet")
		}
	}
}

func TestRenderCanaryTrackAndRelease(t *testing.T) {
	setup(t)
	o, _, bufs := newOpts(false)
	o.Track, o.Release = "canary", "v2"
	require.NoError(t, Run(o))
	out, _ := bufs()
	var app map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &app))
	assert.Equal(t, "/web-green", app["id"])
	assert.Equal(t, 1.0, app["instances"], "the canary starts with canary.instances")
	assert.Equal(t, "v2", app["labels"].(map[string]any)["YODEL_RELEASE"])
}

func TestRenderErrors(t *testing.T) {
	setup(t)
	o, _, _ := newOpts(false)
	o.Realm = "qa" // maxMem 100 < 128
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, "services/web.yaml:3:24: resources.mem: 128 MiB is above realm qa's limit of 100 MiB per instance")

	o, _, _ = newOpts(false)
	o.Realm = "nope"
	err = Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), `realm "nope" not found; realms found:`)

	o, _, _ = newOpts(false)
	o.Release = "bad/release"
	err = Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))

	o, _, _ = newOpts(false)
	o.Service = "missing"
	err = Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "yodel init missing")
}

func TestRenderFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios}
	run := func(args ...string) (*Options, error) {
		var got *Options
		cmd := NewCmdRender(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		return got, cmd.Execute()
	}
	got, err := run("web", "--realm", "qa", "--track", "canary", "--release", "v3")
	require.NoError(t, err)
	assert.Equal(t, "web", got.Service)
	assert.Equal(t, "canary", got.Track)
	assert.Equal(t, "v3", got.Release)

	_, err = run("web")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.ErrorContains(t, err, "--realm is required (or set $YODEL_REALM)")
	_, err = run("web", "--realm", "qa", "--track", "blue")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	_, err = run("--realm", "qa")
	assert.EqualError(t, err, "name a service, or pass -f FILE")
	got, err = run("-f", "x.yaml", "--realm", "qa")
	require.NoError(t, err)
	assert.Equal(t, "x.yaml", got.File)
	// A file as the argument is -f, as in validate, diff and deploy: it
	// was taken for a service named "./hello.yaml" and refused.
	for _, arg := range []string{"./hello.yaml", "examples/hello/hello.yaml", "hello.yml"} {
		got, err = run(arg, "--realm", "qa")
		require.NoError(t, err)
		assert.Equal(t, [2]string{"", arg}, [2]string{got.Service, got.File}, arg)
	}
}

// A misspelt realm under realms: is a warning on stderr (even off a
// terminal); the render is the same.
func TestRenderWarnsAboutAMisspeltRealmOverride(t *testing.T) {
	setup(t)
	require.NoError(t, os.WriteFile("services/web.yaml", []byte(strings.Replace(svc, "  qa: {instances: 2}\n", "  qa: {instances: 2}\n  bgi: {instances: 2}\n", 1)), 0o644))
	o, _, bufs := newOpts(false)
	require.NoError(t, Run(o))
	out, errOut := bufs()
	var app map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &app), out)
	assert.Equal(t, 1.0, app["instances"], "the override does not apply")
	assert.Equal(t, "services/web.yaml:10:3: realms.bgi: warning: did you mean big? These overrides are for a realm named bgi; realm big, checked here, gets none of them\n", errOut)
}
