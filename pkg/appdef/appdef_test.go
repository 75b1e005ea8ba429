package appdef

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

func parse(t *testing.T, src string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Parse("services/x.yaml", []byte(src))
	require.NoError(t, err)
	return m
}

// asJSON round-trips through JSON so the test asserts the wire format.
func asJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

func TestCmdApp(t *testing.T) {
	m := parse(t, `service: hello
cmd: ./hello --port $PORT0
instances: 3
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
  - {name: raw, servicePort: 10081, protocol: tcp}
health:
  path: /health
  port: http
  intervalSeconds: 2
env: {A: "1"}
secrets: {PW: env:HELLO_PW}
labels: {team: web}
realms:
  qa:
    instances: 1
    env: {A: "2"}
    labels: {tier: test}
`)
	app, err := Build(m, Options{AppID: "/hello-blue", Release: "v1", Realm: "qa", Labels: map[string]string{"EXTRA": "e"}})
	require.NoError(t, err)
	got := asJSON(t, app)
	want := map[string]any{
		"id":        "/hello-blue",
		"cmd":       "./hello --port $PORT0",
		"cpus":      0.1,
		"mem":       32.0,
		"instances": 1.0,
		"env": map[string]any{
			"A": "2", "PW": "<secret:env:HELLO_PW>", "YODEL_SERVICE": "hello", "YODEL_RELEASE": "v1",
		},
		"labels": map[string]any{
			"team": "web", "tier": "test", "EXTRA": "e",
			"YODEL_SERVICE": "hello", "YODEL_RELEASE": "v1", "YODEL_MANIFEST_SHA": m.ShortSHA(),
			"YODEL_SECRETS":         "PW", // names only: diff masks them on the live side too
			"YODEL_PORT_0_PROTOCOL": "http", "YODEL_PORT_0_NAME": "http",
			"YODEL_PORT_1_PROTOCOL": "tcp", "YODEL_PORT_1_NAME": "raw",
		},
		"portDefinitions": []any{
			map[string]any{"port": 10080.0, "name": "http", "protocol": "tcp"},
			map[string]any{"port": 10081.0, "name": "raw", "protocol": "tcp"},
		},
		"requirePorts": false,
		// Tasks get time to drain after TASK_KILLING (SIGTERM).
		"taskKillGracePeriodSeconds": 5.0,
		"healthChecks": []any{map[string]any{
			"protocol": "HTTP", "path": "/health", "portIndex": 0.0, "intervalSeconds": 2.0,
			"timeoutSeconds": 5.0, "gracePeriodSeconds": 60.0, "maxConsecutiveFailures": 3.0,
		}},
		// go-marathon always sends these two.
		"ports":        nil,
		"dependencies": nil,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("app JSON (-want +got):\n%s", d)
	}
}

func TestImageApp(t *testing.T) {
	m := parse(t, `service: web
image: registry.example/web:2
args: [--listen, ":8080"]
resources: {cpus: 1, mem: 128, disk: 10}
ports:
  - {name: http, servicePort: 10080, containerPort: 8080}
  - {name: db, servicePort: 10090, containerPort: 5432, protocol: tcp}
health: {tcp: true, port: db}
constraints: [[hostname, UNIQUE]]
upgrade: {minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2}
`)
	app, err := Build(m, Options{AppID: "/web-green", Release: "2", Instances: 1})
	require.NoError(t, err)
	got := asJSON(t, app)
	assert.Equal(t, map[string]any{
		"type": "DOCKER",
		"docker": map[string]any{
			"image": "registry.example/web:2", "network": "BRIDGE",
			"portMappings": []any{
				map[string]any{"containerPort": 8080.0, "hostPort": 0.0, "servicePort": 10080.0, "name": "http", "protocol": "tcp"},
				map[string]any{"containerPort": 5432.0, "hostPort": 0.0, "servicePort": 10090.0, "name": "db", "protocol": "tcp"},
			},
		},
	}, got["container"])
	assert.Equal(t, []any{"--listen", ":8080"}, got["args"])
	assert.Nil(t, got["cmd"])
	assert.Nil(t, got["portDefinitions"], "bridge apps declare ports in portMappings only")
	assert.Equal(t, 1.0, got["instances"], "Options.Instances overrides (a canary starts small)")
	assert.Equal(t, 10.0, got["disk"])
	assert.Equal(t, []any{[]any{"hostname", "UNIQUE"}}, got["constraints"])
	assert.Equal(t, map[string]any{"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2}, got["upgradeStrategy"])
	hc := got["healthChecks"].([]any)[0].(map[string]any)
	assert.Equal(t, "TCP", hc["protocol"])
	assert.Equal(t, 1.0, hc["portIndex"])
	assert.Nil(t, hc["path"])
}

func TestCommandHealthAndNoPorts(t *testing.T) {
	m := parse(t, "service: w\ncmd: run\nresources: {cpus: 1, mem: 1}\nhealth: {command: test -f /ok, maxConsecutiveFailures: 0}\n")
	app, err := Build(m, Options{AppID: "/w-blue", Release: "r"})
	require.NoError(t, err)
	got := asJSON(t, app)
	assert.Equal(t, []any{}, got["portDefinitions"], "no ports must be [] or Marathon adds a default port")
	hc := got["healthChecks"].([]any)[0].(map[string]any)
	assert.Equal(t, "COMMAND", hc["protocol"])
	assert.Equal(t, map[string]any{"value": "test -f /ok"}, hc["command"])
	assert.Equal(t, 0.0, hc["maxConsecutiveFailures"], "0 (never kill) must be sent, not dropped")
}

func TestSecretsResolvedOrMasked(t *testing.T) {
	m := parse(t, "service: w\ncmd: run\nresources: {cpus: 1, mem: 1}\nsecrets:\n  DB_PASSWORD: env:PROD_DB_PW\n  API_KEY: env:API_KEY\n")
	env := map[string]string{"PROD_DB_PW": "s3cret"}
	src := &manifest.SecretSource{LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}

	// An unset variable at deploy time: named, value never printed.
	_, err := Build(m, Options{AppID: "/w-blue", Release: "r", Secrets: src})
	require.Error(t, err)
	assert.Equal(t, "services/x.yaml:6:3: secrets.API_KEY: secret API_KEY: environment variable API_KEY is not set on this machine: export it before deploying", err.Error())
	assert.NotContains(t, err.Error(), "s3cret")
	assert.Equal(t, 2, err.(manifest.Errors).ExitCode())

	env["API_KEY"] = "k"
	app, err := Build(m, Options{AppID: "/w-blue", Release: "r", Secrets: src})
	require.NoError(t, err)
	assert.Equal(t, "s3cret", (*app.Env)["DB_PASSWORD"])

	masked, err := Build(m, Options{AppID: "/w-blue", Release: "r"})
	require.NoError(t, err)
	b, _ := json.Marshal(masked)
	assert.NotContains(t, string(b), "s3cret")
	assert.Equal(t, "<secret:env:PROD_DB_PW>", (*masked.Env)["DB_PASSWORD"])
}

func TestBuildRejectsBadRelease(t *testing.T) {
	m := parse(t, "service: w\ncmd: run\nresources: {cpus: 1, mem: 1}\n")
	_, err := Build(m, Options{AppID: "/w-blue", Release: "a b"})
	assert.ErrorContains(t, err, `release: "a b": use letters, digits`)
}

func TestAppIDs(t *testing.T) {
	assert.Equal(t, "/web-blue", DefaultAppID("web", TrackStable))
	assert.Equal(t, "/web-green", DefaultAppID("web", TrackCanary))
	// pkg/marathon knows the same ids without importing appdef.
	for _, c := range []string{ColourBlue, ColourGreen} {
		assert.True(t, marathon.IsServiceAppID("web", AppID("web", c)))
	}
	assert.False(t, marathon.IsServiceAppID("web", "/evil/web-blue"))
	assert.False(t, marathon.IsServiceAppID("web", "/web"))
}

// TestKillGracePeriod: the manifest's killGracePeriodSeconds is what
// Marathon gets; unset sends the default explicitly (Marathon's own 3 s is
// too short to drain), and 0 is sent, not dropped.
func TestKillGracePeriod(t *testing.T) {
	const src = "service: w\ncmd: run\nresources: {cpus: 1, mem: 1}\n"
	for _, c := range []struct {
		line string
		want float64
	}{
		{"", DefaultKillGracePeriod},
		{"killGracePeriodSeconds: 30\n", 30},
		{"killGracePeriodSeconds: 0\n", 0},
	} {
		app, err := Build(parse(t, src+c.line), Options{AppID: "/w-blue", Release: "r"})
		require.NoError(t, err)
		got, ok := asJSON(t, app)["taskKillGracePeriodSeconds"]
		require.True(t, ok, "%q: taskKillGracePeriodSeconds missing from the app JSON", c.line)
		assert.Equal(t, c.want, got, c.line)
	}

	// `yodel diff` shows a changed grace period against the live app.
	live, err := Build(parse(t, src), Options{AppID: "/w-blue", Release: "r"})
	require.NoError(t, err)
	want, err := Build(parse(t, src+"killGracePeriodSeconds: 30\n"), Options{AppID: "/w-blue", Release: "r"})
	require.NoError(t, err)
	res, err := diff.Apps(&marathon.App{Application: *want}, &marathon.App{Application: *live}, diff.Options{
		Ignore: func(p string) bool { return p == "labels."+LabelManifestSHA },
	})
	require.NoError(t, err)
	assert.Equal(t, []diff.Change{{Path: "taskKillGracePeriodSeconds", Kind: diff.Changed, Old: 5.0, New: 30.0}}, res.Changes)
}
