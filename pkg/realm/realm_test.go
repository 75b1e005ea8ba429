package realm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// minimalAnon is a zk:// realm without stateAuth, which is refused;
// minimal opts out explicitly.
const (
	minimalAnon = `realm: qa
marathon:
  urls: [http://m1:8080, http://m2:8080]
state: zk://zk1:2181,zk2:2181/yodel
`
	minimal = minimalAnon + "stateAuth: {insecure: true}\n"
)

func parse(t *testing.T, src string) (*Realm, error) {
	t.Helper()
	return Parse("realms/qa.yaml", []byte(src), "qa")
}

func TestParseDefaults(t *testing.T) {
	r, err := parse(t, minimal)
	require.NoError(t, err)
	assert.Equal(t, []string{"http://m1:8080", "http://m2:8080"}, r.Marathon.URLs)
	assert.Zero(t, r.Marathon.Timeout, "the client's default")
	r, err = parse(t, strings.Replace(minimal, "state:", "  timeout: 2m\nstate:", 1))
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, r.Marathon.Timeout.D())
	r, err = parse(t, minimal)
	require.NoError(t, err)
	assert.Equal(t, DefaultBindAddress, r.HAProxy.BindAddress)
	assert.Equal(t, DefaultCanaryHeader, r.HAProxy.CanaryHeader)
	assert.Equal(t, DefaultIsolatedPortOffset, r.HAProxy.IsolatedPortOffset)
	assert.Equal(t, DefaultResyncInterval, r.HAProxy.ResyncInterval.D())
	assert.Equal(t, []int{10000, 20000}, r.Limits.ServicePortRange)
	assert.Equal(t, manifest.Limits{ServicePortMin: 10000, ServicePortMax: 20000, IsolatedPortOffset: DefaultIsolatedPortOffset}, r.ManifestLimits())
}

func TestShippedRealmsLoad(t *testing.T) {
	for _, name := range []string{"qa", "staging", "prod"} {
		r, err := Load(filepath.Join("..", "..", "realms", name+".yaml"), name)
		require.NoError(t, err, name)
		assert.Equal(t, name, r.Realm)
		assert.NotEmpty(t, r.Marathon.URLs)
		// An example is what people copy: never world-writable state.
		if assert.NotNil(t, r.StateAuth, name) {
			assert.NotNil(t, r.StateAuth.Digest, name)
			assert.False(t, r.StateAuth.Insecure, name)
		}
	}
}

func TestParseFull(t *testing.T) {
	_, err := parse(t, minimal+`haproxy:
  bindAddress: 127.0.0.1
  canaryHeader: "X-Canary: yes-please"
  resyncInterval: 5s
  isolatedPortOffset: 500
limits:
  maxCpus: 2
  maxMem: 2048
  maxInstances: 3000
  servicePortRange: [20000, 30000]
canary:
  partial: {weight: 25}
marathon:
  urls: [https://m:8443]
  auth:
    basic: {user: u, passwordEnv: PW}
`)
	// marathon appears twice: a duplicate key is refused.
	require.Error(t, err)
	assert.Contains(t, err.Error(), `marathon: key "marathon" is already set at line`)

	src := strings.Replace(minimal, "  urls: [http://m1:8080, http://m2:8080]\n", "  urls: [https://m:8443]\n  auth:\n    basic: {user: u, passwordEnv: PW}\n", 1) + `haproxy:
  bindAddress: 127.0.0.1
  canaryHeader: "X-Canary: yes-please"
  resyncInterval: 5s
  isolatedPortOffset: 500
  maxPortsPerApp: 8
  maxFrontends: 600
limits:
  maxCpus: 2
  maxMem: 2048
  maxInstances: 3000
  servicePortRange: [20000, 30000]
canary:
  partial: {weight: 25, sticky: true}
`
	r, err := parse(t, src)
	require.NoError(t, err)
	assert.Equal(t, 8, r.HAProxy.MaxPortsPerApp)
	assert.Equal(t, 600, r.HAProxy.MaxFrontends)
	assert.Equal(t, Header{"X-Canary", "yes-please"}, r.HAProxy.CanaryHeader)
	assert.Equal(t, 5*time.Second, r.HAProxy.ResyncInterval.D())
	assert.Equal(t, 3000, r.Limits.MaxInstances)
	assert.Equal(t, 25, *r.Canary.Partial.Weight)
	assert.True(t, *r.Canary.Partial.Sticky, "a realm's default for sticky sessions")
	creds, err := r.Credentials(func(k string) (string, bool) { return map[string]string{"PW": "pw1"}[k], k == "PW" })
	require.NoError(t, err)
	assert.Equal(t, Credentials{User: "u", Password: "pw1"}, creds)
}

func TestBadRealms(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"inline basic password", strings.Replace(minimal, "state:", "  auth:\n    basic:\n      user: u\n      password: hunter2\nstate:", 1), []string{
			"realms/qa.yaml:7:7: marathon.auth.basic.password: a secret must not be written in the realm file (it would end up in version control): use passwordEnv: VAR (an environment variable) or passwordFile: PATH",
		}},
		{"inline token", strings.Replace(minimal, "state:", "  auth:\n    token: eyJhbGciOi\nstate:", 1), []string{
			"realms/qa.yaml:5:5: marathon.auth.token: a secret must not be written in the realm file (it would end up in version control): write token: {env: VAR} or token: {file: PATH}",
		}},
		{"credentials in URL", strings.Replace(minimal, "http://m1:8080", "http://u:pw@m1:8080", 1), []string{
			`marathon.urls[0]: "http://u:***@m1:8080" has credentials in the URL`,
		}},
		{"missing fields", "realm: qa\n", []string{
			"realms/qa.yaml:1:1: marathon.urls: required",
			"realms/qa.yaml:1:1: state: required",
		}},
		{"name mismatch", strings.Replace(minimal, "realm: qa", "realm: prod", 1), []string{
			`realm: the file was found as realm "qa" but says realm: prod; make them match`,
		}},
		{"bad state scheme", strings.Replace(minimal, "zk://zk1:2181,zk2:2181/yodel", "etcd://x/y", 1), []string{
			`state: scheme "etcd" is not supported`,
		}},
		{"zk without path", strings.Replace(minimal, "/yodel", "", 1), []string{"needs a path"}},
		{"file store relative", strings.Replace(minimal, "zk://zk1:2181,zk2:2181/yodel", "file://state", 1), []string{"three slashes"}},
		{"bad url", strings.Replace(minimal, "http://m1:8080", "m1:8080", 1), []string{`marathon.urls[0]: "m1:8080" is not an http:// or https:// URL`}},
		{"marathon timeout too long", strings.Replace(minimal, "state:", "  timeout: 1h\nstate:", 1), []string{
			"realms/qa.yaml:4:3: marathon.timeout: must be from 1s to 10m0s (got 1h0m0s; leave it out for 10s)"}},
		{"marathon timeout too short", strings.Replace(minimal, "state:", "  timeout: 100ms\nstate:", 1), []string{
			"marathon.timeout: must be from 1s to 10m0s (got 100ms"}},
		{"unknown key", minimal + "limit:\n  maxCpus: 1\n", []string{`limit: unknown key; did you mean "limits"?`}},
		{"bad header", minimal + "haproxy:\n  canaryHeader: canary\n", []string{`haproxy.canaryHeader: "canary" is not a header`}},
		{"header forcing stable", minimal + "haproxy:\n  canaryHeader: \"X-Track: stable\"\n", []string{`haproxy.canaryHeader: "X-Track: stable": the value "stable" is the one that forces the stable release`}},
		{"bad range", minimal + "limits:\n  servicePortRange: [20000, 10000]\n", []string{"limits.servicePortRange: must be [min, max]"}},
		{"lb limits out of bounds", minimal + "haproxy:\n  maxPortsPerApp: -1\n  maxFrontends: 100000\n", []string{
			"haproxy.maxPortsPerApp: must be from 1 to 1000", "haproxy.maxFrontends: must be from 1 to 20000"}},
		{"bad canary", minimal + "canary:\n  partial: {weight: 0}\n", []string{"canary.partial.weight: must be a percentage"}},
		{"both auths", strings.Replace(minimal, "state:", "  auth:\n    basic: {user: u, passwordEnv: P}\n    token: {env: T}\nstate:", 1), []string{
			"marathon.auth: choose basic or token, not both",
		}},
		{"inline state password", minimalAnon + "stateAuth:\n  digest:\n    user: yodel\n    password: hunter2\n", []string{
			"realms/qa.yaml:8:5: stateAuth.digest.password: a secret must not be written in the realm file (it would end up in version control): use passwordEnv: VAR (an environment variable) or passwordFile: PATH",
		}},
		{"state auth without digest", minimalAnon + "stateAuth: {}\n", []string{"stateAuth: set digest: {user, passwordEnv | passwordFile}"}},
		{"state auth without user", minimalAnon + "stateAuth:\n  digest: {passwordEnv: ZK_PW}\n", []string{"stateAuth.digest.user: required"}},
		{"state auth with both sources", minimalAnon + "stateAuth:\n  digest: {user: y, passwordEnv: ZK_PW, passwordFile: zk.pw}\n", []string{"stateAuth.digest: set exactly one of passwordEnv"}},
		{"zk store without stateAuth", minimalAnon, []string{
			"realms/qa.yaml:4:1: state: a ZooKeeper store without stateAuth is writable by anyone who can reach ZooKeeper",
			"add stateAuth: {digest: {user: yodel, passwordEnv: YODEL_ZK_PASSWORD}}", "stateAuth: {insecure: true}"}},
		{"insecure and digest", minimalAnon + "stateAuth:\n  insecure: true\n  digest: {user: y, passwordEnv: ZK_PW}\n", []string{"stateAuth.insecure: contradicts stateAuth.digest"}},
		{"insecure on a file store", strings.Replace(minimal, "zk://zk1:2181,zk2:2181/yodel", "file:///var/lib/yodel", 1), []string{"stateAuth: applies to zk:// state stores only"}},
		{"state auth on a file store", strings.Replace(minimalAnon, "zk://zk1:2181,zk2:2181/yodel", "file:///var/lib/yodel", 1) + "stateAuth:\n  digest: {user: y, passwordEnv: ZK_PW}\n", []string{"stateAuth: applies to zk:// state stores only"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(t, c.src)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "hunter2")
			assert.NotContains(t, err.Error(), "eyJhbGciOi")
		})
	}
}

func TestEnvOverrides(t *testing.T) {
	t.Setenv("YODEL_MARATHON_URLS", "http://a:1, http://b:2")
	t.Setenv("YODEL_LIMITS_SERVICEPORTRANGE", "30000-31000")
	t.Setenv("YODEL_HAPROXY_BINDADDRESS", "127.0.0.1")
	r, err := parse(t, minimal)
	require.NoError(t, err)
	assert.Equal(t, []string{"http://a:1", "http://b:2"}, r.Marathon.URLs)
	assert.Equal(t, []int{30000, 31000}, r.Limits.ServicePortRange)
	assert.Equal(t, "127.0.0.1", r.HAProxy.BindAddress)
	assert.ElementsMatch(t, []string{"YODEL_MARATHON_URLS", "YODEL_LIMITS_SERVICEPORTRANGE", "YODEL_HAPROXY_BINDADDRESS"}, r.Overrides)

	t.Setenv("YODEL_MARATHON_URLS", "bad")
	_, err = parse(t, minimal)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `realms/qa.yaml: marathon.urls[0]: "bad" is not an http:// or https:// URL (from $YODEL_MARATHON_URLS, overriding realms/qa.yaml)`)
	t.Setenv("YODEL_MARATHON_URLS", "")

	t.Setenv("YODEL_LIMITS_MAXINSTANCES", "lots")
	_, err = parse(t, minimal)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `$YODEL_LIMITS_MAXINSTANCES: limits.maxInstances: "lots" is not a whole number (overriding realms/qa.yaml)`)
	t.Setenv("YODEL_LIMITS_MAXINSTANCES", "")

	// One slow link's longer wait, without editing the shared realm file.
	t.Setenv("YODEL_MARATHON_TIMEOUT", "2m")
	r, err = parse(t, minimal)
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, r.Marathon.Timeout.D())
	assert.Contains(t, r.Overrides, "YODEL_MARATHON_TIMEOUT")
	t.Setenv("YODEL_MARATHON_TIMEOUT", "1h")
	_, err = parse(t, minimal)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `marathon.timeout: must be from 1s to 10m0s (got 1h0m0s; leave it out for 10s) (from $YODEL_MARATHON_TIMEOUT, overriding realms/qa.yaml)`)
}

func TestCredentialsErrorsNameTheVariableOnly(t *testing.T) {
	src := strings.Replace(minimal, "state:", "  auth:\n    token: {env: DCOS_TOKEN}\nstate:", 1)
	r, err := parse(t, src)
	require.NoError(t, err)
	_, err = r.Credentials(func(string) (string, bool) { return "", false })
	require.Error(t, err)
	assert.Equal(t, "realms/qa.yaml: marathon.auth.token: secret marathon token: environment variable DCOS_TOKEN is not set on this machine: export it before deploying", err.Error())
}

func writeRealm(t *testing.T, dir, name string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	p := filepath.Join(dir, name+".yaml")
	require.NoError(t, os.WriteFile(p, []byte(strings.Replace(minimal, "realm: qa", "realm: "+name, 1)), 0o644))
	return p
}

func TestFinderOrder(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	flagDir := filepath.Join(root, "flag")
	envDir := filepath.Join(root, "env")
	home := filepath.Join(root, "home")
	writeRealm(t, flagDir, "qa")
	writeRealm(t, envDir, "qa")
	writeRealm(t, envDir, "staging")
	writeRealm(t, "realms", "prod")
	writeRealm(t, filepath.Join(home, ".config", "yodel", "realms"), "dev")
	env := map[string]string{"YODEL_REALMS": envDir}
	f := &Finder{FlagDir: flagDir, Getenv: func(k string) string { return env[k] }, Home: home}

	r, err := f.Find("qa")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(flagDir, "qa.yaml"), r.File, "--realms wins over $YODEL_REALMS")
	r, err = f.Find("staging")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(envDir, "staging.yaml"), r.File)
	r, err = f.Find("prod")
	require.NoError(t, err)
	assert.Equal(t, "realms/prod.yaml", r.File)
	r, err = f.Find("dev")
	require.NoError(t, err)
	assert.Equal(t, "dev", r.Realm)

	// A path is loaded as is, whatever its name.
	other := writeRealm(t, filepath.Join(root, "elsewhere"), "custom")
	r, err = f.Find(other)
	require.NoError(t, err)
	assert.Equal(t, "custom", r.Realm)

	list := f.List()
	var shadowed []string
	for _, e := range list {
		if e.Shadowed {
			shadowed = append(shadowed, e.File)
		}
	}
	assert.Equal(t, []string{filepath.Join(envDir, "qa.yaml")}, shadowed)

	// Not found: exit 2, and the message lists what exists and where.
	_, err = f.Find("stagin")
	require.Error(t, err)
	assert.True(t, IsNotFound(err))
	assert.Equal(t, 2, err.(*NotFoundError).ExitCode())
	msg := err.Error()
	assert.Contains(t, msg, `realm "stagin" not found; realms found:`)
	assert.Contains(t, msg, filepath.Join(envDir, "staging.yaml")+" ($YODEL_REALMS)")
	assert.Contains(t, msg, "realms/prod.yaml (./realms)")
	assert.Equal(t, "did you mean --realm staging?", err.(*NotFoundError).Hint())
}

// Arg is what the commands a hint prints pass as --realm, so that they run
// as printed and reach the realm that was loaded: a realm given as a file
// is addressed by it (a sandbox started with --dir is named local, which
// would reach the default sandbox), one found through --realms by its file
// (the printed command has no --realms), others by their name.
func TestArgAddressesTheRealmAsLoaded(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	flagDir, envDir := filepath.Join(root, "flag"), filepath.Join(root, "env")
	writeRealm(t, flagDir, "qa")
	writeRealm(t, envDir, "staging")
	writeRealm(t, "realms", "prod")
	sbDir := filepath.Join(root, "sb")
	sbFile := writeRealm(t, sbDir, "local")
	env := map[string]string{"YODEL_REALMS": envDir}
	f := &Finder{FlagDir: flagDir, Getenv: func(k string) string { return env[k] }}

	for nameOrPath, want := range map[string]string{
		"qa":      filepath.Join(flagDir, "qa.yaml"),
		"staging": "staging",
		"prod":    "prod",
		sbFile:    sbFile,
	} {
		r, err := f.Find(nameOrPath)
		require.NoError(t, err, nameOrPath)
		assert.Equal(t, want, r.Arg(), nameOrPath)
	}
	r, err := f.Find(sbFile)
	require.NoError(t, err)
	assert.Equal(t, "local", r.Realm, "the realm keeps its name; only hints address it by file")
	assert.Equal(t, "qa", (&Realm{Realm: "qa"}).Arg(), "a realm not found by a Finder is addressed by its name")
}

func TestFinderNothingFound(t *testing.T) {
	t.Chdir(t.TempDir())
	f := &Finder{Getenv: func(string) string { return "" }}
	_, err := f.Find("qa")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "realm \"qa\" not found; no realm files in:\n  realms (./realms)")
}

func TestLocalRealm(t *testing.T) {
	t.Chdir(t.TempDir())
	sb := t.TempDir()
	env := map[string]string{"YODEL_SANDBOX_DIR": sb}
	f := &Finder{Getenv: func(k string) string { return env[k] }}
	_, err := f.Find("local")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "realm local: no local sandbox ("+filepath.Join(sb, "realm.yaml")+" does not exist)")
	assert.Equal(t, "run `yodel sandbox up` to start the local sandbox; one started with --dir DIR is --realm DIR/realm.yaml (or set YODEL_SANDBOX_DIR=DIR)", err.(*NotFoundError).Hint())

	require.NoError(t, os.WriteFile(filepath.Join(sb, "realm.yaml"), []byte(strings.Replace(minimal, "realm: qa", "realm: local", 1)), 0o644))
	r, err := f.Find("local")
	require.NoError(t, err)
	assert.Equal(t, "local", r.Realm)
	assert.Equal(t, "sandbox", f.List()[0].Source)
}

func TestLoadRefusesHugeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qa.yaml")
	require.NoError(t, os.WriteFile(p, make([]byte, 10<<20), 0o644))
	_, err := Load(p, "qa")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than the 256 KiB limit")
}

func TestCheckManifestUsesRealmLimits(t *testing.T) {
	r, err := parse(t, minimal+"limits:\n  maxMem: 100\n")
	require.NoError(t, err)
	m, err := manifest.Parse("services/x.yaml", []byte("service: x\ncmd: y\nresources: {cpus: 1, mem: 128}\n"))
	require.NoError(t, err)
	err = r.CheckManifest(m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "services/x.yaml:3:22: resources.mem: 128 MiB is above realm qa's limit of 100 MiB per instance")
}

// TestCheckManifestCanaryWithRealmDefaults: a manifest's canary values
// valid alone but wrong with the realm's limits or defaults are refused at
// their line; the realm's own defaults are checked when it loads.
func TestCheckManifestCanaryWithRealmDefaults(t *testing.T) {
	r, err := parse(t, minimal+"limits:\n  maxInstances: 2\ncanary:\n  partial:\n    duration: 2m\n")
	require.NoError(t, err)
	const svc = "service: x\ncmd: y\nresources: {cpus: 1, mem: 128}\n"
	m, err := manifest.Parse("services/x.yaml", []byte(svc+"canary:\n  instances: 3\n  partial:\n    interval: 3m\n"))
	require.NoError(t, err)
	err = r.CheckManifest(m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "services/x.yaml:5:3: canary.instances: 3 is above realm qa's limit of 2 instances: set at most 2")
	assert.Contains(t, err.Error(), "services/x.yaml:7:5: canary.partial.interval: 3m is longer than partial.duration, 2m from realm qa's canary.partial.duration: no check would run")

	m, err = manifest.Parse("services/x.yaml", []byte(svc+"canary:\n  partial:\n    duration: 10s\n"))
	require.NoError(t, err)
	assert.ErrorContains(t, r.CheckManifest(m), "canary.partial.duration: 10s is shorter than partial.interval, 30s from the built-in default")

	m, err = manifest.Parse("services/x.yaml", []byte(svc+"canary:\n  instances: 2\n  partial:\n    interval: 1m\n"))
	require.NoError(t, err)
	assert.NoError(t, r.CheckManifest(m))

	_, err = parse(t, minimal+"limits:\n  maxInstances: 2\ncanary:\n  instances: 4\n  partial:\n    interval: 6m\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "canary.instances: 4 is above limits.maxInstances (2): set at most 2")
	assert.Contains(t, err.Error(), "realms/qa.yaml:11:5: canary.partial.interval: 6m is longer than partial.duration, 5m from the built-in default: no check would run")
}

// FuzzParseRealm: realm parsing must never panic and fail only with
// positioned errors.
//
//	go test ./pkg/realm -run '^$' -fuzz FuzzParseRealm -fuzztime 30s
func FuzzParseRealm(f *testing.F) {
	for _, name := range []string{"qa", "staging", "prod"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "realms", name+".yaml")); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(minimal))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("r.yaml", data, "")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if len(r.Marathon.URLs) == 0 || r.State == "" {
			t.Fatal("accepted a realm without marathon.urls or state")
		}
	})
}

func TestFinderListsADirectoryOnce(t *testing.T) {
	t.Chdir(t.TempDir())
	writeRealm(t, "realms", "qa")
	f := &Finder{FlagDir: "realms", Getenv: func(string) string { return "" }}
	list := f.List()
	require.Len(t, list, 1)
	assert.Equal(t, "--realms", list[0].Source)
	assert.False(t, list[0].Shadowed)
}

func TestStateAuth(t *testing.T) {
	r, err := parse(t, minimalAnon+"stateAuth:\n  digest: {user: yodel, passwordEnv: ZK_PW}\n")
	require.NoError(t, err)
	env := func(k string) (string, bool) { return map[string]string{"ZK_PW": "zk-secret"}[k], k == "ZK_PW" }
	creds, err := r.StateCredentials(env)
	require.NoError(t, err)
	assert.Equal(t, StateCredentials{User: "yodel", Password: "zk-secret"}, creds)

	_, err = r.StateCredentials(func(string) (string, bool) { return "", false })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stateAuth.digest")
	assert.Contains(t, err.Error(), "ZK_PW is not set")

	none, err := parse(t, minimal)
	require.NoError(t, err)
	creds, err = none.StateCredentials(env)
	require.NoError(t, err)
	assert.Equal(t, StateCredentials{}, creds, "no stateAuth: anonymous")
}

func TestAgentToken(t *testing.T) {
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	r, err := parse(t, minimal+"haproxy:\n  agentToken: {env: LB_TOK}\n")
	require.NoError(t, err)
	tok, err := r.AgentToken(env(map[string]string{"LB_TOK": " t1\n", AgentTokenEnv: "other"}))
	require.NoError(t, err)
	assert.Equal(t, "t1", tok, "the realm's variable wins")
	assert.Equal(t, "haproxy.agentToken.env", r.CredentialEnv()["LB_TOK"], "no manifest secret may read the agents' token")
	_, err = r.AgentToken(env(nil))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "haproxy.agentToken")
	assert.Contains(t, err.Error(), "LB_TOK")

	none, err := parse(t, minimal)
	require.NoError(t, err)
	tok, err = none.AgentToken(env(map[string]string{AgentTokenEnv: "t2"}))
	require.NoError(t, err)
	assert.Equal(t, "t2", tok, "without agentToken: $YODEL_LB_TOKEN")

	_, err = parse(t, minimal+"haproxy:\n  agentToken: s3cret\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "haproxy.agentToken: a secret must not be written in the realm file")
	assert.NotContains(t, err.Error(), "s3cret")
}

// XDG_CONFIG_HOME moves the user's realm directory, and XDG_STATE_HOME the
// sandbox's realm file.
func TestFinderXDG(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	cfg, st := filepath.Join(root, "cfg"), filepath.Join(root, "state")
	writeRealm(t, filepath.Join(cfg, "yodel", "realms"), "dev")
	writeRealm(t, filepath.Join(root, "home", ".config", "yodel", "realms"), "ignored")
	env := map[string]string{"XDG_CONFIG_HOME": cfg, "XDG_STATE_HOME": st}
	f := &Finder{Getenv: func(k string) string { return env[k] }, Home: filepath.Join(root, "home")}
	r, err := f.Find("dev")
	require.NoError(t, err)
	assert.Equal(t, "dev", r.Realm)
	_, err = f.Find("ignored")
	assert.True(t, IsNotFound(err), "~/.config is not searched when XDG_CONFIG_HOME is set")
	assert.Equal(t, filepath.Join(st, "yodel", "sandbox", "realm.yaml"), f.SandboxRealmFile())
	assert.Contains(t, f.Dirs(), SearchDir{filepath.Join(cfg, "yodel", "realms"), "$XDG_CONFIG_HOME/yodel/realms"})
}
