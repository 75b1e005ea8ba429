package validate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

const goodSvc = "service: web\ncmd: ./web\nresources: {cpus: 1, mem: 64}\nports:\n  - {name: http, servicePort: 10080}\n"
const badSvc = "service: api\ncmd: ./api\nresources:\n  cpus: 1\nport: 1\n"
const realmSrc = "realm: qa\nmarathon: {urls: [\"http://m:8080\"]}\nstate: zk://z:2181/yodel\nstateAuth: {insecure: true}\nlimits:\n  servicePortRange: [20000, 30000]\n"

func setup(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("services", 0o755))
	require.NoError(t, os.MkdirAll("realms", 0o755))
	require.NoError(t, os.WriteFile("services/web.yaml", []byte(goodSvc), 0o644))
	require.NoError(t, os.WriteFile("services/api.yaml", []byte(badSvc), 0o644))
	require.NoError(t, os.WriteFile("realms/qa.yaml", []byte(realmSrc), 0o644))
}

type streams struct{ out, errOut *bytes.Buffer }

func opts(tty bool, targets ...string) (*Options, streams) {
	ios, _, out, errOut := iostreams.Test()
	ios.SetStdoutTTY(tty)
	ios.SetStderrTTY(tty)
	f := &realm.Finder{Getenv: func(string) string { return "" }}
	return &Options{IO: ios, Targets: targets, LoadRealm: f.Find}, streams{out, errOut}
}

func TestValidateAllProblems(t *testing.T) {
	setup(t)
	for _, tty := range []bool{false, true} {
		o, ios := opts(tty) // no targets: every services/*.yaml
		err := Run(o)
		require.Error(t, err)
		assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
		out := ios.out.String()
		errOut := ios.errOut.String()
		assert.Contains(t, errOut, "services/api.yaml:3:1: resources.mem: required: set the memory limit in MiB\n")
		assert.Contains(t, errOut, "services/api.yaml:5:1: port: unknown key; did you mean \"ports\"?\n")
		assert.Contains(t, errOut, "1 of 2 manifests invalid\n")
		if tty {
			// Colour on a terminal.
			assert.Contains(t, out, "\x1b[32m✓\x1b[0m services/web.yaml (web)")
			assert.Contains(t, out, "\x1b[31m✗\x1b[0m services/api.yaml")
		} else {
			assert.Equal(t, "invalid\tservices/api.yaml\t\nok\tservices/web.yaml\tweb\n", out)
		}
	}
}

func TestValidateByServiceNameAndRealm(t *testing.T) {
	setup(t)
	o, ios := opts(false, "web")
	require.NoError(t, Run(o))
	assert.Equal(t, "ok\tservices/web.yaml\tweb\n", ios.out.String())

	// With the realm, its servicePort range applies.
	o, ios = opts(false, "web")
	o.Realm = "qa"
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, ios.errOut.String(),
		"services/web.yaml:5:18: ports[0].servicePort: 10080 is outside realm qa's servicePort range 20000-30000")

	// A missing realm lists what exists.
	o, _ = opts(false, "web")
	o.Realm = "prod"
	err = Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "realm \"prod\" not found; realms found:\n  qa")

	o, ios = opts(false, "nosuch")
	err = Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, ios.errOut.String(), "no manifest for service \"nosuch\"")
	// validate takes files as arguments: its hint says so, not "-f FILE".
	assert.Contains(t, ios.errOut.String(), "or name its file: yodel validate path/to/nosuch.yaml")
	assert.NotContains(t, ios.errOut.String(), "-f FILE")
}

func TestValidateJSON(t *testing.T) {
	setup(t)
	o, ios := opts(false, "services/api.yaml", filepath.Join("services", "web.yaml"))
	o.Output = cmdutil.OutputJSON
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	var res []Result
	require.NoError(t, json.Unmarshal(ios.out.Bytes(), &res))
	require.Len(t, res, 2)
	assert.False(t, res[0].Valid)
	assert.Len(t, res[0].Errors, 2)
	assert.Equal(t, 3, res[0].Errors[0].Line)
	assert.Equal(t, "resources.mem", res[0].Errors[0].Field)
	assert.True(t, res[1].Valid)
	assert.Empty(t, res[1].Errors)
	assert.Empty(t, ios.errOut.String(), "JSON mode prints nothing else")
}

func TestValidateNoManifests(t *testing.T) {
	t.Chdir(t.TempDir())
	o, _ := opts(false)
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, "no manifests under services/: pass files or service names")
}

func TestValidateFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *Options
	cmd := NewCmdValidate(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"a.yaml", "web", "--realm", "qa", "-o", "json"})
	require.NoError(t, cmd.Execute())
	assert.Equal(t, []string{"a.yaml", "web"}, got.Targets)
	assert.Equal(t, "qa", got.Realm)
	assert.True(t, got.Output.IsJSON())

	// -f, as the other commands take a manifest: always a file.
	cmd = NewCmdValidate(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"web", "-f", "deploy/m.yaml", "--file", "manifest"})
	require.NoError(t, cmd.Execute())
	assert.Equal(t, []string{"web", "deploy/m.yaml", "./manifest"}, got.Targets)
}

// Without a realm, servicePorts are checked against Marathon's default
// range (--local_port_min/max: 10000-20000); with one, against the realm's.
func TestValidateServicePortDefaultRange(t *testing.T) {
	setup(t)
	require.NoError(t, os.WriteFile("services/port80.yaml", []byte(strings.Replace(goodSvc, "10080", "80", 1)), 0o644))
	o, ios := opts(false, "services/port80.yaml")
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, ios.errOut.String(),
		"services/port80.yaml:5:18: ports[0].servicePort: 80 is outside Marathon's default servicePort range 10000-20000")

	// Not a port number at all is said once, not also as out of range.
	require.NoError(t, os.WriteFile("services/port99999.yaml", []byte(strings.Replace(goodSvc, "10080", "99999", 1)), 0o644))
	o, ios = opts(false, "services/port99999.yaml")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(Run(o)))
	assert.Contains(t, ios.errOut.String(), "services/port99999.yaml:5:18: ports[0].servicePort: 99999 is not a port number (1-65535)")
	assert.NotContains(t, ios.errOut.String(), "99999 is outside")
	o, ios = opts(false, "services/port99999.yaml")
	o.Realm = "qa"
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(Run(o)))
	assert.NotContains(t, ios.errOut.String(), "99999 is outside", "nor against a realm's range")

	// A realm that allows the port decides.
	allow := strings.Replace(realmSrc, "[20000, 30000]", "[1, 1000]", 1)
	require.NoError(t, os.WriteFile("realms/low.yaml", []byte(strings.Replace(allow, "realm: qa", "realm: low", 1)), 0o644))
	o, _ = opts(false, "services/port80.yaml")
	o.Realm = "low"
	require.NoError(t, Run(o))
}

// Every problem at once: a duplicate key and an unknown key do not hide the
// realm's servicePort range, nor each other.
func TestValidateRealmLimitsBesideOtherProblems(t *testing.T) {
	setup(t)
	bad := goodSvc + "cmd: ./other\nnosuch: 1\n"
	require.NoError(t, os.WriteFile("services/web.yaml", []byte(bad), 0o644))
	o, ios := opts(false, "web")
	o.Realm = "qa"
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	errOut := ios.errOut.String()
	assert.Contains(t, errOut, "services/web.yaml:5:18: ports[0].servicePort: 10080 is outside realm qa's servicePort range 20000-30000")
	assert.Contains(t, errOut, `services/web.yaml:6:1: cmd: key "cmd" is already set at line 2`)
	assert.Contains(t, errOut, "services/web.yaml:7:1: nosuch: unknown key")
}

// Two services on one servicePort: each manifest says which other one it
// shares it with, with the file and line; two files of one service do not
// count, nor does a manifest checked alone.
func TestValidateServicesSharingAServicePort(t *testing.T) {
	setup(t)
	require.NoError(t, os.Remove("services/api.yaml"))
	require.NoError(t, os.WriteFile("services/shop.yaml", []byte(strings.Replace(goodSvc, "service: web", "service: shop", 1)), 0o644))
	require.NoError(t, os.WriteFile("services/web-copy.yaml", []byte(goodSvc), 0o644))
	o, ios := opts(false)
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	errOut := ios.errOut.String()
	assert.Contains(t, errOut, "services/shop.yaml:5:18: ports[0].servicePort: servicePort 10080 is also service web's (services/web-copy.yaml:5): the lb agents route it for one service only; give each its own (yodel init picks a free one)\n")
	assert.Contains(t, errOut, "services/web.yaml:5:18: ports[0].servicePort: servicePort 10080 is also service shop's (services/shop.yaml:5)")
	assert.Contains(t, errOut, "3 of 3 manifests invalid\n")

	o, _ = opts(false, "shop")
	require.NoError(t, Run(o), "alone, shop shares nothing")
	require.NoError(t, os.Remove("services/shop.yaml"))
	o, _ = opts(false)
	require.NoError(t, Run(o), "two files of one service")
}

// A directory stands for its manifests, as the no-argument form does for
// services/ ("read services/: is a directory" before); a service of the
// directory's name still wins over it.
func TestValidateDirectory(t *testing.T) {
	setup(t)
	require.NoError(t, os.MkdirAll("other/empty", 0o755))
	require.NoError(t, os.WriteFile("other/web2.yml", []byte(strings.NewReplacer("web", "web2", "10080", "10081").Replace(goodSvc)), 0o644))
	for _, dir := range []string{"services/", "services", "./services"} {
		o, ios := opts(false, dir, "other")
		err := Run(o)
		assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), dir)
		assert.Equal(t, "invalid\tservices/api.yaml\t\nok\tservices/web.yaml\tweb\nok\tother/web2.yml\tweb2\n", ios.out.String(), dir)
		assert.Contains(t, ios.errOut.String(), "services/api.yaml:3:1: resources.mem: required", dir)
		assert.Contains(t, ios.errOut.String(), "1 of 3 manifests invalid\n", dir)
		assert.NotContains(t, ios.errOut.String(), "is a directory", dir)
	}
	o, ios := opts(false, "other/empty/")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(Run(o)))
	assert.Contains(t, ios.errOut.String(), "other/empty/: no manifests (*.yaml, *.yml) in this directory\n")

	require.NoError(t, os.WriteFile("services/other.yaml", []byte(strings.NewReplacer("web", "other", "10080", "10082").Replace(goodSvc)), 0o644))
	o, ios = opts(false, "other")
	require.NoError(t, Run(o))
	assert.Equal(t, "ok\tservices/other.yaml\tother\n", ios.out.String())
}

// A realms.<key> that looks like a misspelt realm (the one checked, or
// one found here) is a warning: the manifest stays valid, exit 0.
func TestValidateWarnsAboutMisspeltRealmOverrides(t *testing.T) {
	setup(t)
	src := strings.Replace(goodSvc, "10080", "20080", 1) + "realms:\n  q-a: {instances: 2}\n  europe: {instances: 3}\n"
	require.NoError(t, os.WriteFile("services/web.yaml", []byte(src), 0o644))
	want := "services/web.yaml:7:3: realms.q-a: warning: did you mean qa? These overrides are for a realm named q-a; realm qa, checked here, gets none of them\n"

	o, ios := opts(false, "web")
	o.Realm = "qa"
	require.NoError(t, Run(o))
	assert.Equal(t, "ok\tservices/web.yaml\tweb\n", ios.out.String())
	assert.Equal(t, want, ios.errOut.String(), "europe is close to no realm")

	// Without a realm: against the realms found here.
	o, ios = opts(false, "services/web.yaml")
	o.KnownRealms = func() []string { return []string{"qa", "prod"} }
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err), "20080 is outside the default range")
	assert.Contains(t, ios.errOut.String(), "services/web.yaml:7:3: realms.q-a: warning: no realm q-a is known here; did you mean qa?")

	o, ios = opts(false, "web")
	o.Realm, o.Output = "qa", cmdutil.OutputJSON
	require.NoError(t, Run(o))
	var res []Result
	require.NoError(t, json.Unmarshal(ios.out.Bytes(), &res))
	require.Len(t, res, 1)
	assert.True(t, res[0].Valid)
	require.Len(t, res[0].Warnings, 1)
	assert.Equal(t, "realms.q-a", res[0].Warnings[0].Field)
	assert.Equal(t, 7, res[0].Warnings[0].Line)
	assert.Empty(t, ios.errOut.String(), "JSON mode prints nothing else")
}

// With a realm, a tcp port's isolated port (servicePort + the realm's
// haproxy.isolatedPortOffset) on another service's servicePort is an
// error on both, as deploy refuses it; without a realm there is no offset.
func TestValidateIsolatedPortOnAnotherServicePort(t *testing.T) {
	setup(t)
	require.NoError(t, os.Remove("services/api.yaml"))
	realmWithOffset := strings.Replace(realmSrc, "limits:", "haproxy: {isolatedPortOffset: 500}\nlimits:", 1)
	require.NoError(t, os.WriteFile("realms/qa.yaml", []byte(realmWithOffset), 0o644))
	web := strings.Replace(goodSvc, "10080", "20580", 1)
	echo := "service: echo\ncmd: ./echo\nresources: {cpus: 1, mem: 64}\nports:\n  - {name: http, servicePort: 20070}\n  - {name: raw, servicePort: 20080, protocol: tcp}\n"
	require.NoError(t, os.WriteFile("services/web.yaml", []byte(web), 0o644))
	require.NoError(t, os.WriteFile("services/echo.yaml", []byte(echo), 0o644))

	o, ios := opts(false)
	o.Realm = "qa"
	err := Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	errOut := ios.errOut.String()
	assert.Contains(t, errOut, "services/echo.yaml:6:17: ports[1].servicePort: isolated port 20580 (tcp servicePort 20080 + realm qa's haproxy.isolatedPortOffset 500, where the canary is reached alone) is service web's servicePort (services/web.yaml:5): the lb agents route it for one service only, and yodel deploy refuses it; give one of them another servicePort (yodel init picks a free one)\n")
	assert.Contains(t, errOut, "services/web.yaml:5:18: ports[0].servicePort: servicePort 20580 is service echo's isolated port (services/echo.yaml:6: tcp servicePort 20080 + realm qa's haproxy.isolatedPortOffset 500, where its canary is reached alone)")
	assert.Contains(t, errOut, "2 of 2 manifests invalid for realm qa\n")

	// An http port has no isolated port (20070+500 is free anyway; 20580
	// is only the tcp port's).
	require.NoError(t, os.WriteFile("services/echo.yaml", []byte(strings.Replace(echo, ", protocol: tcp", "", 1)), 0o644))
	o, ios = opts(false)
	o.Realm = "qa"
	require.NoError(t, Run(o), ios.errOut.String())
}

// discovery.curator against a realm with a file:// store registers
// nothing: a warning naming the realm file and the fix; still valid.
func TestValidateWarnsCuratorOnFileStore(t *testing.T) {
	setup(t)
	src := "service: legacy\ncmd: ./legacy\nresources: {cpus: 1, mem: 64}\nports:\n  - {name: thrift, servicePort: 20095, protocol: tcp}\ndiscovery:\n  curator: {name: Legacy}\n"
	require.NoError(t, os.WriteFile("services/legacy.yaml", []byte(src), 0o644))
	require.NoError(t, os.WriteFile("realms/filey.yaml", []byte("realm: filey\nmarathon: {urls: [\"http://m:8080\"]}\nstate: file:///tmp/filey\nlimits:\n  servicePortRange: [20000, 30000]\n"), 0o644))
	o, ios := opts(false, "legacy")
	o.Realm = "filey"
	require.NoError(t, Run(o))
	assert.Equal(t, "ok\tservices/legacy.yaml\tlegacy\n", ios.out.String())
	assert.Equal(t, "services/legacy.yaml:7:3: discovery.curator: warning: realm filey's state store is file:// (realms/filey.yaml:3), so its lb agents register no Curator instances: Curator clients will not find legacy; give the realm a zk:// state store (for the sandbox: yodel sandbox up --store zookeeper), or remove discovery.curator\n", ios.errOut.String())

	o, ios = opts(false, "legacy")
	o.Realm = "qa" // zk://
	require.NoError(t, Run(o))
	assert.Empty(t, ios.errOut.String())
}
