package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const good = `service: web
image: registry.example/web:1.4.2
instances: 2
resources:
  cpus: 0.5
  mem: 256
ports:
  - name: http
    servicePort: 10080
    containerPort: 8080
  - name: admin
    servicePort: 10081
    containerPort: 9000
    protocol: tcp
health:
  path: /healthz
  port: http
env:
  LOG_LEVEL: info
secrets:
  DB_PASSWORD: env:WEB_DB_PASSWORD
labels:
  team: payments
constraints: [[hostname, UNIQUE]]
upgrade:
  minimumHealthCapacity: 1
  maximumOverCapacity: 0.5
realms:
  prod:
    instances: 6
    resources:
      mem: 512
    env:
      LOG_LEVEL: warn
canary:
  instances: 2
  isolated:
    smoke:
      - path: /healthz
        expectStatus: 200
  partial:
    weight: 5
    steps: [5, 20]
killGracePeriodSeconds: 30
`

func TestParseGood(t *testing.T) {
	m, err := Parse("services/web.yaml", []byte(good))
	require.NoError(t, err)
	assert.Equal(t, "web", m.Service)
	assert.Equal(t, 2, m.InstanceCount())
	assert.Equal(t, ProtocolHTTP, m.Ports[0].PortProtocol())
	assert.Equal(t, ProtocolTCP, m.Ports[1].PortProtocol())
	assert.Len(t, m.ShortSHA(), 12)
	assert.Equal(t, 30, m.KillGracePeriod())

	prod := m.ForRealm("prod")
	assert.Equal(t, 6, prod.InstanceCount())
	assert.Equal(t, 512.0, *prod.Resources.Mem)
	assert.Equal(t, 0.5, *prod.Resources.CPUs, "fields the override leaves out keep the base value")
	assert.Equal(t, "warn", prod.Env["LOG_LEVEL"])
	assert.Equal(t, "info", m.Env["LOG_LEVEL"], "ForRealm must not change the base manifest")
	assert.Equal(t, 2, m.ForRealm("qa").InstanceCount())
}

func TestHelloExampleIsValid(t *testing.T) {
	p := filepath.Join("..", "..", "examples", "hello", "hello.yaml")
	if _, err := os.Stat(p); err != nil {
		t.Skip("examples/hello not written yet")
	}
	m, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "hello", m.Service)
}

// parseErr parses src and returns the error text, failing when it parses.
func parseErr(t *testing.T, src string) string {
	t.Helper()
	_, err := Parse("services/x.yaml", []byte(src))
	require.Error(t, err)
	var es Errors
	require.True(t, errors.As(err, &es), "want Errors, got %T", err)
	assert.Equal(t, 2, es.ExitCode())
	return err.Error()
}

const base = "service: x\ncmd: ./run\nresources:\n  cpus: 0.1\n  mem: 64\n"

// TestBadInput covers the "Bad input" list: each case checks the
// message names the file, line, field and the fix.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"missing resources", "service: x\ncmd: ./run\n", []string{
			"services/x.yaml:1:1: resources.cpus: required: set the CPU share per instance",
			"services/x.yaml:1:1: resources.mem: required: set the memory limit in MiB",
		}},
		{"missing mem", "service: x\ncmd: ./run\nresources:\n  cpus: 1\n", []string{
			"services/x.yaml:3:1: resources.mem: required: set the memory limit in MiB",
		}},
		{"negative resources", "service: x\ncmd: ./run\nresources:\n  cpus: -1\n  mem: 0\n  disk: -5\n", []string{
			"services/x.yaml:4:3: resources.cpus: must be greater than 0 (got -1)",
			"services/x.yaml:5:3: resources.mem: must be greater than 0 (got 0): set the memory limit in MiB",
			"services/x.yaml:6:3: resources.disk: must be greater than 0 (got -5)",
		}},
		{"unknown key", base + "instance: 3\n", []string{
			`services/x.yaml:6:1: instance: unknown key; did you mean "instances"?`,
		}},
		{"unknown nested key", base + "ports:\n  - name: http\n    serviceport: 10080\n", []string{
			`services/x.yaml:8:5: ports[0].serviceport: unknown key; did you mean "servicePort"?`,
		}},
		{"duplicate servicePort", base + "ports:\n  - {name: a, servicePort: 10080}\n  - {name: b, servicePort: 10080}\n", []string{
			"services/x.yaml:8:15: ports[1].servicePort: servicePort 10080 is already used by ports[0]: each port needs its own",
		}},
		{"duplicate port name", base + "ports:\n  - {name: a, servicePort: 10080}\n  - {name: a, servicePort: 10081}\n", []string{
			`ports[1].name: port name "a" is already used by ports[0]`,
		}},
		{"upper case name", strings.Replace(base, "service: x", "service: Web", 1), []string{
			`services/x.yaml:1:1: service: "Web" has upper case letters: use "web"`,
		}},
		{"underscore name", strings.Replace(base, "service: x", "service: my_web", 1), []string{
			`service: "my_web" contains '_' or '.': use '-' instead, as in "my-web"`,
		}},
		{"dot name", strings.Replace(base, "service: x", "service: my.web", 1), []string{
			`service: "my.web" contains '_' or '.': use '-' instead, as in "my-web"`,
		}},
		{"space name", strings.Replace(base, "service: x", `service: "my web"`, 1), []string{
			`service: "my web" contains white space`,
		}},
		{"newline name", strings.Replace(base, "service: x", `service: "web\nx"`, 1), []string{
			`service: "web\nx" contains white space`,
		}},
		{"quote name", strings.Replace(base, "service: x", `service: "we'b"`, 1), []string{
			`service: "we'b" contains a quote`,
		}},
		{"long name", strings.Replace(base, "service: x", "service: "+strings.Repeat("a", 49), 1), []string{
			"service: is 49 characters long; the limit is 48",
		}},
		{"both image and cmd", base + "image: web:1\n", []string{
			"services/x.yaml:2:1: cmd: both image and cmd are set",
		}},
		{"neither image nor cmd", "service: x\nresources: {cpus: 1, mem: 1}\n", []string{
			"services/x.yaml:1:1: image: required: set image (a Docker image) or cmd (a shell command)",
		}},
		{"yaml syntax", "service: x\nresources:\n  cpus: [1\n", []string{
			"services/x.yaml:3:9: YAML syntax:",
		}},
		{"empty file", "", []string{
			"services/x.yaml: file is empty: expected a manifest: write one, or remove the file and run `yodel init x --cmd '<command>'` (or --image <image>) for a template",
		}},
		{"bad protocol", base + "ports:\n  - {name: a, servicePort: 10080, protocol: udp}\n", []string{
			`ports[0].protocol: must be "http" or "tcp" (got "udp")`,
		}},
		{"containerPort on cmd", base + "ports:\n  - {name: a, servicePort: 10080, containerPort: 80}\n", []string{
			"ports[0].containerPort: only for image services: a cmd service listens on the host port Marathon gives it in $PORT0",
		}},
		{"image needs containerPort", "service: x\nimage: a:1\nresources: {cpus: 1, mem: 1}\nports:\n  - {name: a, servicePort: 10080}\n", []string{
			"ports[0].containerPort: required for an image service",
		}},
		{"health port unknown", base + "ports:\n  - {name: http, servicePort: 10080}\nhealth:\n  path: /h\n  port: htp\n", []string{
			`services/x.yaml:10:3: health.port: no port named "htp"; did you mean "http"?`,
		}},
		{"health two kinds", base + "ports:\n  - {name: http, servicePort: 10080}\nhealth: {path: /h, tcp: true}\n", []string{
			"health: choose one of path (HTTP), command or tcp: true",
		}},
		{"inline secret", base + "secrets:\n  DB: hunter2\n", []string{
			"services/x.yaml:7:3: secrets.DB: must be a reference, env:VAR or file:PATH",
		}},
		{"reserved env", base + "env:\n  YODEL_RELEASE: x\n", []string{
			"env.YODEL_RELEASE: names starting with YODEL_ are set by yodel",
		}},
		// Marathon puts the app's env after its own: these would replace
		// the host ports it gave each task.
		{"marathon port env on a cmd service", base + "ports:\n  - {name: http, servicePort: 10080}\nenv: {PORT: \"8080\", PORT0: \"1\", PORTS: x, PORT_HTTP: \"1\"}\nrealms:\n  qa:\n    env: {PORT1: \"1\"}\n", []string{
			"services/x.yaml:8:7: env.PORT: set by Marathon for each task to the host port it gave the task (PORT, PORT0..n, PORTS, PORT_<name>); a value here would replace it, and the tasks would listen where HAProxy does not send: remove it and listen on $PORT as given",
			"env.PORT0: set by Marathon",
			"env.PORTS: set by Marathon",
			"env.PORT_HTTP: set by Marathon",
			"realms.qa.env.PORT1: set by Marathon",
		}},
		{"env and secret clash", base + "env: {A: x}\nsecrets: {A: env:A}\n", []string{
			"secrets.A: A is both in env and in secrets: keep one",
		}},
		{"bad constraint", base + "constraints: [[hostname, UNIQUEE]]\n", []string{
			`constraints[0]: unknown operator "UNIQUEE"`,
		}},
		{"upgrade range", base + "upgrade: {minimumHealthCapacity: 2}\n", []string{
			"upgrade.minimumHealthCapacity: must be from 0 to 1",
		}},
		{"kill grace above range", base + "killGracePeriodSeconds: 601\n", []string{
			"services/x.yaml:6:1: killGracePeriodSeconds: must be from 0 to 600 seconds (got 601)",
		}},
		{"kill grace negative", base + "killGracePeriodSeconds: -1\n", []string{
			"services/x.yaml:6:1: killGracePeriodSeconds: must be from 0 to 600 seconds (got -1)",
		}},
		{"kill grace not a number", base + "killGracePeriodSeconds: 5s\n", []string{
			"services/x.yaml:6:25: killGracePeriodSeconds: expected a whole number",
		}},
		{"kill grace misspelt", base + "killGracePeriodSecond: 5\n", []string{
			`services/x.yaml:6:1: killGracePeriodSecond: unknown key; did you mean "killGracePeriodSeconds"?`,
		}},
		{"realm override negative", base + "realms:\n  prod:\n    resources: {mem: -1}\n    instances: 0\n", []string{
			"realms.prod.resources.mem: must be greater than 0",
			"realms.prod.instances: must be from 1 to 10000 (got 0)",
		}},
		{"args with cmd", base + "args: [a]\n", []string{"args: args only go with image"}},
		{"wrong type", base + "instances: many\n", []string{"instances: expected a whole number, found a string"}},
		{"canary ranges", base + "canary:\n  partial:\n    weight: 100\n    maxErrorRate: 2\n    steps: [20, 10]\n    onInconclusive: maybe\n    interval: 10m\n    duration: 1m\n  manualGates: [later]\n  isolated:\n    smoke:\n      - {method: FETCH}\n", []string{
			"canary.partial.weight: must be a percentage from 1 to 99",
			"canary.partial.maxErrorRate: must be a fraction from 0 to 1",
			"canary.partial.steps[1]: 10: steps must increase (20 comes before it)",
			`canary.partial.onInconclusive: must be "fail" or "pass"`,
			"canary.partial.interval: is longer than partial.duration (1m0s)",
			`canary.manualGates[0]: unknown gate "later"`,
			"canary.isolated.smoke[0].path: required",
			`canary.isolated.smoke[0].method: unknown method "FETCH"`,
		}},
		{"secret over a port variable", base + "ports:\n  - {name: http, servicePort: 10080}\nsecrets: {PORT0: env:A, PORTS: env:B}\nrealms:\n  qa:\n    secrets: {PORT_HTTP: env:C}\n", []string{
			"services/x.yaml:8:11: secrets.PORT0: set by Marathon for each task to the host port it gave the task",
			"secrets.PORTS: set by Marathon",
			"realms.qa.secrets.PORT_HTTP: set by Marathon",
		}},
		{"HTTP check on a tcp first port", base + "ports:\n  - {name: raw, servicePort: 10080, protocol: tcp}\n  - {name: http, servicePort: 10081}\nhealth: {path: /health}\n", []string{
			`services/x.yaml:9:10: health.path: an HTTP check goes to the first port, "raw", which is tcp: set health.port to an http port, or use tcp: true`,
		}},
		{"constraints Marathon refuses", base + "constraints:\n  - [hostname, LIKE]\n  - [hostname, MAX_PER]\n  - [hostname, MAX_PER, two]\n  - [hostname, UNIQUE, extra]\n  - [\"\", CLUSTER, a]\n  - [hostname, GROUP_BY, notanumber]\n  - [rack, IS, \"a b\"]\n", []string{
			"services/x.yaml:7:5: constraints[0]: LIKE needs a regular expression for the hostname value",
			"constraints[1]: MAX_PER needs a whole number",
			"constraints[2]: MAX_PER needs a whole number",
			"constraints[3]: UNIQUE takes no value: write [hostname, UNIQUE]",
			"constraints[4]: the field is empty",
			`constraints[5]: GROUP_BY takes no value or a whole number of groups, not "notanumber"`,
			`constraints[6]: IS takes a Mesos text or number value`,
		}},
		{"canary duration type", base + "canary:\n  drainTimeout: 60\n", []string{
			`services/x.yaml:7:17: canary.drainTimeout: "60" is not a duration`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := parseErr(t, c.src)
			for _, w := range c.want {
				assert.Contains(t, msg, w)
			}
		})
	}
	// Names that only start like Marathon's pass; an image service (its
	// process listens on containerPort) may set PORT, and so may a service
	// without ports (a worker: Marathon sets no port variables).
	withPort := base + "ports:\n  - {name: http, servicePort: 10080}\n"
	_, err := Parse("services/x.yaml", []byte(withPort+"env: {PORTAL: a, PORT1X: b, PORT_: c}\n"))
	assert.NoError(t, err)
	_, err = Parse("services/x.yaml", []byte(base+"constraints: [[hostname, UNIQUE], [rack, CLUSTER], [rack, CLUSTER, r1], [rack, GROUP_BY], [rack, GROUP_BY, \"3\"], [rack, MAX_PER, \"2\"], [hostname, LIKE, \"a.*\"], [hostname, UNLIKE, \"(?!b)\"], [os, IS, ubuntu-22.04]]\n"))
	assert.NoError(t, err)
	_, err = Parse("services/x.yaml", []byte(base+"ports:\n  - {name: raw, servicePort: 10080, protocol: tcp}\n  - {name: http, servicePort: 10081}\nhealth: {path: /health, port: http}\nsecrets: {PORTAL: env:A}\n"))
	assert.NoError(t, err)
	_, err = Parse("services/x.yaml", []byte(base+"env: {PORT: \"9100\"}\n"))
	assert.NoError(t, err)
	_, err = Parse("services/x.yaml", []byte("service: x\nimage: a:1\nresources: {cpus: 1, mem: 1}\nports:\n  - {name: a, servicePort: 10080, containerPort: 8080}\nenv: {PORT: \"8080\"}\n"))
	assert.NoError(t, err)
}

func TestKillGracePeriodDefaultAndBounds(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base))
	require.NoError(t, err)
	assert.Equal(t, DefaultKillGracePeriod, m.KillGracePeriod(), "unset means the default")
	for _, v := range []string{"0", "600"} {
		m, err := Parse("services/x.yaml", []byte(base+"killGracePeriodSeconds: "+v+"\n"))
		require.NoError(t, err, "bound %s is allowed", v)
		assert.Equal(t, v, strconv.Itoa(m.KillGracePeriod()))
	}
}

func TestAllProblemsAtOnce(t *testing.T) {
	msg := parseErr(t, "service: Bad_Name\nimage: a:1\ncmd: b\nresources:\n  cpus: 0\nfoo: 1\n")
	lines := strings.Split(msg, "\n")
	assert.Len(t, lines, 5, msg) // name, image+cmd, cpus, mem, foo
	assert.Equal(t, "services/x.yaml:1:1: service: \"Bad_Name\" contains '_' or '.': use '-' instead, as in \"bad-name\"", lines[0])
}

func TestSecretValueNeverInValidationError(t *testing.T) {
	msg := parseErr(t, base+"secrets:\n  DB: s3cr3t-value\n")
	assert.NotContains(t, msg, "s3cr3t-value")
}

func TestLoadRefusesLargeFileQuickly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.yaml")
	require.NoError(t, os.WriteFile(p, []byte(strings.Repeat("# padding line\n", 10<<20/15)), 0o644))
	start := time.Now()
	_, err := Load(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than the 256 KiB limit")
	// Not a timing assertion on the work done: the refusal happens before
	// reading, so this guards against a regression to parse-then-check.
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestLocate(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := Locate("web", "")
	require.Error(t, err)
	assert.Equal(t, "services/web.yaml: no manifest for service \"web\": create one with `yodel init web`, or pass -f FILE", err.Error())

	require.NoError(t, os.MkdirAll("services", 0o755))
	require.NoError(t, os.WriteFile("services/web.yml", []byte(base), 0o644))
	p, err := Locate("web", "")
	require.NoError(t, err)
	assert.Equal(t, "services/web.yml", p)

	_, err = Locate("Web", "")
	assert.ErrorContains(t, err, `service name "Web" has upper case letters`)

	_, err = LoadService("web", "")
	assert.ErrorContains(t, err, `services/web.yml:1:1: service: the file describes "x", not "web"`)

	_, err = Locate("", "nope.yaml")
	assert.EqualError(t, err, "nope.yaml: no such file")
}

func TestCheckRealm(t *testing.T) {
	m, err := Parse("services/web.yaml", []byte(good))
	require.NoError(t, err)
	require.NoError(t, m.CheckRealm("qa", Limits{MaxCPUs: 1, MaxMem: 1024, MaxInstances: 10}))

	err = m.CheckRealm("prod", Limits{MaxMem: 300, MaxInstances: 5, ServicePortMin: 10000, ServicePortMax: 10080})
	require.Error(t, err)
	msg := err.Error()
	// The prod override set mem and instances, so the messages point there.
	assert.Contains(t, msg, "services/web.yaml:32:7: realms.prod.resources.mem: 512 MiB is above realm prod's limit of 300 MiB per instance")
	assert.Contains(t, msg, "services/web.yaml:30:5: realms.prod.instances: 6 is above realm prod's limit of 5 instances")
	assert.Contains(t, msg, "services/web.yaml:12:5: ports[1].servicePort: 10081 is outside realm prod's servicePort range 10000-10080")
	assert.Equal(t, 2, err.(Errors).ExitCode())

	// Without a range the default 10000-20000 applies.
	m2, err := Parse("x.yaml", []byte(base+"ports:\n  - {name: a, servicePort: 8080}\n"))
	require.NoError(t, err)
	assert.ErrorContains(t, m2.CheckRealm("qa", Limits{}), "ports[0].servicePort: 8080 is outside realm qa's servicePort range 10000-20000")

	// A tcp port's isolated port on the service's own other servicePort.
	m3, err := Parse("x.yaml", []byte(base+"ports:\n  - {name: a, servicePort: 10001, protocol: tcp}\n  - {name: b, servicePort: 11001}\n"))
	require.NoError(t, err)
	assert.EqualError(t, m3.CheckRealm("qa", Limits{IsolatedPortOffset: 1000}),
		"x.yaml:7:15: ports[0].servicePort: isolated port 11001 (tcp servicePort 10001 + realm qa's haproxy.isolatedPortOffset 1000, where the canary is reached alone) is this service's servicePort of ports[1]: HAProxy would split that port's connections between the two; give one of them another servicePort")
	assert.NoError(t, m3.CheckRealm("qa", Limits{IsolatedPortOffset: 2000}))
	m4, err := Parse("x.yaml", []byte(base+"ports:\n  - {name: a, servicePort: 10001}\n  - {name: b, servicePort: 11001}\n"))
	require.NoError(t, err)
	assert.NoError(t, m4.CheckRealm("qa", Limits{IsolatedPortOffset: 1000}), "an http port has no isolated port")
}

func TestRelease(t *testing.T) {
	m := &Manifest{Image: "registry.example:5000/team/web:1.4.2", SHA: strings.Repeat("ab", 32), File: "services/web.yaml"}
	noGit := func(string) (string, error) { return "", errors.New("not a repo") }

	r, src, err := m.Release("v9", noGit)
	require.NoError(t, err)
	assert.Equal(t, "v9", r)
	assert.Equal(t, ReleaseFromFlag, src)

	r, src, _ = m.Release("", noGit)
	assert.Equal(t, "1.4.2", r)
	assert.Equal(t, ReleaseFromImage, src)

	m.Image = "web:latest"
	r, src, _ = m.Release("", func(string) (string, error) { return "v1.2-3-gabc-dirty", nil })
	assert.Equal(t, "v1.2-3-gabc-dirty", r)
	assert.Equal(t, ReleaseFromGit, src)

	r, src, _ = m.Release("", noGit)
	assert.Equal(t, "m-abababababab", r)
	assert.Equal(t, ReleaseFromContent, src)

	_, _, err = m.Release("bad release!", noGit)
	assert.ErrorContains(t, err, `release: "bad release!": use letters, digits`)

	assert.Equal(t, "", ImageTag("registry:5000/web"))
	assert.Equal(t, "", ImageTag("web@sha256:abc"))
	assert.Equal(t, "2", ImageTag("web:2@sha256:abc"))
}

func TestSecretResolve(t *testing.T) {
	env := map[string]string{"SET": "value-1", "EMPTY": ""}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pw"), []byte("from-file\n"), 0o600))
	src := SecretSource{LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }, BaseDir: dir}

	v, err := src.Resolve("DB", "env:SET")
	require.NoError(t, err)
	assert.Equal(t, "value-1", v)
	v, err = src.Resolve("DB", "file:pw")
	require.NoError(t, err)
	assert.Equal(t, "from-file", v)

	_, err = src.Resolve("DB", "env:UNSET_VAR")
	assert.EqualError(t, err, "secret DB: environment variable UNSET_VAR is not set on this machine: export it before deploying")
	_, err = src.Resolve("DB", "env:EMPTY")
	assert.ErrorContains(t, err, "environment variable EMPTY is empty")
	_, err = src.Resolve("DB", "file:missing")
	assert.ErrorContains(t, err, "does not exist on this machine")
}

func TestResolveCanary(t *testing.T) {
	w, d := 5, Duration(time.Minute)
	manifestC := &Canary{Partial: &Partial{Weight: &w}}
	realmC := &Canary{Partial: &Partial{Duration: &d, Steps: []int{5, 50}}, ManualGates: []string{GateFull},
		Isolated: &Isolated{Smoke: []SmokeCheck{{Path: "/h"}}}}
	p := ResolveCanary(manifestC, realmC)
	assert.Equal(t, 5, p.Weight)
	assert.Equal(t, time.Minute, p.Duration.D())
	assert.Equal(t, []int{5, 50}, p.Steps)
	assert.Equal(t, DefaultPartialInterval, p.Interval.D())
	assert.Equal(t, DefaultMaxErrorRate, p.MaxErrorRate)
	assert.Equal(t, DefaultMinRequests, p.MinRequests)
	assert.Equal(t, "fail", p.OnInconclusive)
	assert.Equal(t, DefaultDrainTimeout, p.DrainTimeout.D())
	assert.True(t, p.ManualGates[GateFull])
	require.Len(t, p.Smoke, 1)
	assert.Equal(t, "GET", p.Smoke[0].Method)
	assert.Equal(t, 200, p.Smoke[0].ExpectStatus)
	assert.Equal(t, DefaultSmokeTimeout, p.Smoke[0].Timeout.D())

	// Nothing set anywhere: built-ins, one step at the default weight.
	b := ResolveCanary(nil, nil)
	assert.Equal(t, []int{DefaultPartialWeight}, b.Steps)
	assert.Equal(t, 1, b.Instances)
	assert.Nil(t, b.ManualGates)

	// The manifest's own list replaces the realm's.
	own := ResolveCanary(&Canary{Isolated: &Isolated{Smoke: []SmokeCheck{{Path: "/a"}, {Path: "/b"}}}}, realmC)
	assert.Len(t, own.Smoke, 2)
}

// Every name CheckName offers as the fix is itself accepted: a newcomer who
// types the suggestion is not refused again (yodel init Web_1 once
// suggested "Web-1", then refused its upper case).
func TestNameSuggestionsAreAccepted(t *testing.T) {
	suggested := regexp.MustCompile(`(?:as in|use) "([^"]*)"$`)
	for _, in := range []string{"Web_1", "My.Web", "web_1", "A_B.C", "_x", "x_", "Web", "WEB-1", "a__b", "ÄB_c"} {
		why := CheckName(in, MaxServiceNameLen)
		require.NotEmpty(t, why, in)
		m := suggested.FindStringSubmatch(why)
		if m == nil {
			continue // no example offered: fine, as long as none is wrong
		}
		assert.Empty(t, CheckName(m[1], MaxServiceNameLen), "%q suggests %q (%s), which is refused", in, m[1], why)
	}
	assert.Contains(t, CheckName("Web_1", MaxServiceNameLen), `as in "web-1"`)
}

// A protocol refused at its line (HTTP for http) used to add "port is tcp"
// at health.port: the port is not tcp, its protocol is misspelt.
func TestBadProtocolIsNotAlsoCalledTCP(t *testing.T) {
	msg := parseErr(t, base+"ports:\n  - {name: http, servicePort: 10080, protocol: HTTP}\nhealth: {path: /h, port: http}\n")
	assert.Contains(t, msg, `services/x.yaml:7:38: ports[0].protocol: must be "http" or "tcp" (got "HTTP")`)
	assert.NotContains(t, msg, "is tcp")
	// A port that is tcp still gets it.
	msg = parseErr(t, base+"ports:\n  - {name: raw, servicePort: 10080, protocol: tcp}\nhealth: {path: /h, port: raw}\n")
	assert.Contains(t, msg, `health.port: port "raw" is tcp`)
}

// The empty-file hint said "run `yodel init`", which needs a service name
// and --image or --cmd, and refuses to overwrite the file: it now names
// the file's service and directory, so init writes that same path.
func TestEmptyManifestHint(t *testing.T) {
	for file, want := range map[string]string{
		"services/web.yaml":    "`yodel init web --cmd '<command>'`",
		"./services/web.yml":   "`yodel init web --cmd '<command>'`",
		"deploy/web.yaml":      "`yodel init web --dir deploy --cmd '<command>'`",
		"web.yaml":             "`yodel init web --dir . --cmd '<command>'`",
		"my deploy/web.yaml":   "`yodel init web --dir 'my deploy' --cmd '<command>'`",
		"services/My_Web.yaml": "`yodel init <service> --cmd '<command>'`",
	} {
		_, err := Parse(file, []byte("# nothing yet\n"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), file+": file is empty: expected a manifest: write one, or remove the file and run "+want+" (or --image <image>) for a template", file)
	}
}
