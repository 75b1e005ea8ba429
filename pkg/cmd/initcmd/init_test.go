package initcmd

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

func TestInitWritesValidManifest(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Chdir(t.TempDir())
		ios, _, out, errOut := iostreams.Test()
		ios.SetStdoutTTY(tty)
		ios.SetStderrTTY(tty)
		require.NoError(t, Run(&Options{IO: ios, Service: "web", Image: "registry.example:5000/web:1", Dir: "services"}))
		assert.Equal(t, "services/web.yaml\n", out.String())
		if tty {
			assert.Contains(t, errOut.String(), "Next: edit it, then `yodel validate web`")
			assert.Contains(t, errOut.String(), "`yodel deploy web --realm local`")
		} else {
			assert.Empty(t, errOut.String())
		}
		m, err := manifest.Load("services/web.yaml")
		require.NoError(t, err)
		assert.Equal(t, "web", m.Service)
		assert.Equal(t, "registry.example:5000/web:1", m.Image)
		assert.Equal(t, 8080, m.Ports[0].ContainerPort)
		p := m.Ports[0].ServicePort
		assert.True(t, p >= 10000 && p <= 20000, "servicePort %d in the default range", p)
	}
}

// The health check path a service answers goes into health.path and the
// smoke test example; one that is not a path is refused before anything
// is written, with the command that works.
func TestInitHealthPath(t *testing.T) {
	t.Chdir(t.TempDir())
	ios, _, _, _ := iostreams.Test()
	require.NoError(t, Run(&Options{IO: ios, Service: "web", Cmd: "python3 -m http.server $PORT0", Dir: "services", HealthPath: "/"}))
	m, err := manifest.Load("services/web.yaml")
	require.NoError(t, err)
	assert.Equal(t, "/", m.Health.Path)
	text, err := os.ReadFile("services/web.yaml")
	require.NoError(t, err)
	assert.Contains(t, string(text), `#       - path: "/"`, "the smoke test example calls the same path")
	assert.NotContains(t, string(text), "/healthz")

	require.NoError(t, Run(&Options{IO: ios, Service: "api", Image: "api:1", Dir: "services"}))
	m, err = manifest.Load("services/api.yaml")
	require.NoError(t, err)
	assert.Equal(t, "/healthz", m.Health.Path, "the default")

	err = Run(&Options{IO: ios, Service: "w2", Image: "w:1", Dir: "services", HealthPath: "healthz"})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), `--health-path "healthz" must start with /`)
	err = Run(&Options{IO: ios, Service: "w3", Image: "w:1", Dir: "services", HealthPath: "/a b"})
	require.Error(t, err, "validated as the manifest validates health.path")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), `--health-path "/a b" must not contain white space`)
	_, err = os.Stat("services/w3.yaml")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestInitCmdServiceAndPortPicking(t *testing.T) {
	t.Chdir(t.TempDir())
	ios, _, _, _ := iostreams.Test()
	require.NoError(t, Run(&Options{IO: ios, Service: "a", Cmd: `./a --port $PORT0 --msg "a: b" # not a comment`, Dir: "svc"}))
	ma, err := manifest.Load(filepath.Join("svc", "a.yaml"))
	require.NoError(t, err)
	assert.Equal(t, `./a --port $PORT0 --msg "a: b" # not a comment`, ma.Cmd, "quoting keeps YAML-special text intact")
	assert.Equal(t, 0, ma.Ports[0].ContainerPort)

	// The same name always suggests the same port, unless it is taken.
	used := map[int]string{}
	first := pickPort("b", used, manifest.DefaultServicePortMin, manifest.DefaultServicePortMax)
	assert.Equal(t, first, pickPort("b", used, manifest.DefaultServicePortMin, manifest.DefaultServicePortMax))
	used[first] = "svc/x.yaml:7"
	assert.NotEqual(t, first, pickPort("b", used, manifest.DefaultServicePortMin, manifest.DefaultServicePortMax))
	assert.Equal(t, ma.Ports[0].ServicePort, pickPort("a", nil, manifest.DefaultServicePortMin, manifest.DefaultServicePortMax))
}

func TestInitRefusesOverwriteAndBadNames(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("services", 0o755))
	require.NoError(t, os.WriteFile("services/web.yaml", []byte("keep me"), 0o644))
	ios, _, _, _ := iostreams.Test()
	err := Run(&Options{IO: ios, Service: "web", Cmd: "x", Dir: "services"})
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, "services/web.yaml already exists")
	b, _ := os.ReadFile("services/web.yaml")
	assert.Equal(t, "keep me", string(b))

	err = Run(&Options{IO: ios, Service: "My_Web", Cmd: "x", Dir: "services"})
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.ErrorContains(t, err, `service name "My_Web" contains '_' or '.'`)
}

func TestInitFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Realm: func(string) (*realm.Realm, error) { return nil, nil }}
	run := func(args ...string) (*Options, error) {
		var got *Options
		cmd := NewCmdInit(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		return got, cmd.Execute()
	}
	got, err := run("web", "--image", "w:1", "--dir", "x", "--service-port", "12000", "--realm", "qa")
	require.NoError(t, err)
	assert.NotNil(t, got.LoadRealm, "--realm is resolved as the other commands do (Factory.Realm)")
	got.LoadRealm = nil
	assert.Equal(t, Options{IO: ios, Service: "web", Image: "w:1", Dir: "x", ServicePort: 12000, HealthPath: "/healthz", Realm: "qa"}, *got)
	got, err = run("web", "--image", "w:1", "--health-path", "/status")
	require.NoError(t, err)
	assert.Equal(t, "/status", got.HealthPath)
	_, err = run("web")
	assert.EqualError(t, err, "pass exactly one of --image IMAGE or --cmd COMMAND")
	_, err = run("web", "--image", "a", "--cmd", "b")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
}

// The next steps init prints must run as printed: the service name finds
// only services/<service>.yaml, so with --dir they name the file (they
// said `yodel validate foo`, which looked in services/).
func TestInitHintsWorkAsPrinted(t *testing.T) {
	for _, dir := range []string{"services", "./services", "deploy", ".", "my deploy"} {
		t.Run(dir, func(t *testing.T) {
			t.Chdir(t.TempDir())
			ios, _, out, errOut := iostreams.Test()
			ios.SetStderrTTY(true)
			require.NoError(t, Run(&Options{IO: ios, Service: "foo", Cmd: "./foo", Dir: dir}))
			written := strings.TrimSpace(out.String())
			hints := regexp.MustCompile("`yodel (validate|render|deploy) ('[^']*'|[^ `]+)").FindAllStringSubmatch(errOut.String(), -1)
			require.Len(t, hints, 3, errOut.String())
			for _, h := range hints {
				// What validate, render and deploy do with their argument
				// (a shell removes the quotes).
				arg := strings.Trim(h[2], "'")
				path := arg
				if !manifest.IsFileArg(arg) {
					p, err := manifest.LocateArg(arg, h[1])
					require.NoError(t, err, h[0])
					path = p
				}
				assert.Equal(t, filepath.Clean(written), filepath.Clean(path), h[0])
			}
		})
	}
}

func TestInitRefusesServicePortsValidateWouldRefuse(t *testing.T) {
	t.Chdir(t.TempDir())
	ios, _, _, _ := iostreams.Test()
	for _, p := range []int{80, 9999, 20001} {
		err := Run(&Options{IO: ios, Service: "web", Cmd: "./web --x", Dir: "deploy", ServicePort: p})
		var fe *cmdutil.FlagError
		require.ErrorAs(t, err, &fe, "port %d", p)
		assert.ErrorContains(t, err, "outside Marathon's default servicePort range 10000-20000")
		assert.ErrorContains(t, err, "leave --service-port out to have a free one picked: yodel init web --cmd './web --x' --dir deploy")
	}
	assert.NoFileExists(t, "deploy/web.yaml")
	require.NoError(t, Run(&Options{IO: ios, Service: "web", Cmd: "./web", Dir: "deploy", ServicePort: 20000}))
}

// Another manifest's servicePort is refused, naming it; its ports count
// even when it is invalid for another reason (the automatic pick used to
// skip only those of valid manifests).
func TestInitAvoidsPortsOfOtherManifests(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("svc", 0o755))
	taken := pickPort("b", nil, manifest.DefaultServicePortMin, manifest.DefaultServicePortMax)
	broken := "service: a\ncmd: ./a\nports:\n  - name: http\n    servicePort: " + strconv.Itoa(taken) + "\n" // no resources
	require.NoError(t, os.WriteFile("svc/a.yaml", []byte(broken), 0o644))
	_, err := manifest.Load("svc/a.yaml")
	require.Error(t, err, "the other manifest is invalid")
	ios, _, _, _ := iostreams.Test()

	err = Run(&Options{IO: ios, Service: "b", Cmd: "./b", Dir: "svc", ServicePort: taken})
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, "--service-port "+strconv.Itoa(taken)+" is already used by svc/a.yaml:5 (service a)")
	assert.Equal(t, "each service needs its own servicePort: leave --service-port out to have a free one picked: yodel init b --cmd ./b --dir svc", cmdutil.Hint(err))
	assert.NoFileExists(t, "svc/b.yaml")

	require.NoError(t, Run(&Options{IO: ios, Service: "b", Cmd: "./b", Dir: "svc"}))
	mb, err := manifest.Load("svc/b.yaml")
	require.NoError(t, err)
	assert.NotEqual(t, taken, mb.Ports[0].ServicePort)
}

// A file given as --dir is bad input (exit 2), not an I/O failure (1).
func TestInitDirIsAFile(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("services", 0o755))
	require.NoError(t, os.WriteFile("services/web.yaml", []byte("keep me"), 0o644))
	ios, _, _, _ := iostreams.Test()
	err := Run(&Options{IO: ios, Service: "api", Cmd: "./api", Dir: "services/web.yaml"})
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, "--dir services/web.yaml is a file, not a directory")
	assert.Equal(t, "name the directory to write api.yaml in: yodel init api --cmd ./api", cmdutil.Hint(err))
	err = Run(&Options{IO: ios, Service: "api", Cmd: "./api", Dir: "services/web.yaml/sub"})
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	b, _ := os.ReadFile("services/web.yaml")
	assert.Equal(t, "keep me", string(b))
}

// With --realm the port is picked and checked in the realm's
// servicePortRange, and a tcp port's isolated port (servicePort + the
// realm's haproxy.isolatedPortOffset) counts as used, as validate --realm
// and deploy count them.
func TestInitWithRealm(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("realms", 0o755))
	require.NoError(t, os.WriteFile("realms/qa.yaml", []byte("realm: qa\nmarathon: {urls: [\"http://m:8080\"]}\nstate: file:///tmp/qa\nhaproxy: {isolatedPortOffset: 700}\nlimits:\n  servicePortRange: [30000, 31000]\n"), 0o644))
	f := &realm.Finder{Getenv: func(string) string { return "" }}
	ios, _, _, errOut := iostreams.Test()
	ios.SetStderrTTY(true)
	opts := func(svc string, port int) *Options {
		return &Options{IO: ios, Service: svc, Cmd: "./" + svc, Dir: "svc", ServicePort: port, Realm: "qa", LoadRealm: f.Find}
	}

	// Picked in the realm's range; a port in Marathon's default range,
	// outside the realm's, is refused naming the realm's range.
	require.NoError(t, Run(opts("a", 0)))
	ma, err := manifest.Load("svc/a.yaml")
	require.NoError(t, err)
	assert.True(t, ma.Ports[0].ServicePort >= 30000 && ma.Ports[0].ServicePort <= 31000, "servicePort %d in realm qa's range", ma.Ports[0].ServicePort)
	assert.Contains(t, errOut.String(), "`yodel validate svc/a.yaml --realm qa` and `yodel render svc/a.yaml --realm qa`")
	err = Run(opts("b", 12000))
	var fe *cmdutil.FlagError
	require.ErrorAs(t, err, &fe)
	assert.EqualError(t, err, "--service-port 12000 is outside realm qa's servicePort range 30000-31000 (limits.servicePortRange in realms/qa.yaml), which yodel validate --realm checks: pick a port in it, or leave --service-port out to have a free one picked: yodel init b --cmd ./b --dir svc --realm qa")
	require.NoError(t, Run(opts("b", 30500)))

	// A tcp port's isolated port is used; the pick skips it.
	require.NoError(t, os.WriteFile("svc/echo.yaml", []byte("service: echo\ncmd: ./echo\nresources: {cpus: 1, mem: 64}\nports:\n  - {name: raw, servicePort: 30100, protocol: tcp}\n"), 0o644))
	err = Run(opts("c", 30800))
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.EqualError(t, err, "--service-port 30800 is already used by svc/echo.yaml:5 (service echo) as the isolated port of its tcp servicePort 30100 (+ realm qa's haproxy.isolatedPortOffset 700)")
	used := usedPorts("svc", func() *realm.Realm { r, err := f.Find("qa"); require.NoError(t, err); return r }())
	assert.NotEmpty(t, used[30800])
	assert.Empty(t, usedPorts("svc", nil)[30800], "without a realm there is no offset")
	require.NoError(t, Run(opts("c", 30801)))

	// An unknown realm is the realm lookup's error.
	o := opts("d", 0)
	o.Realm = "nope"
	err = Run(o)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.NoFileExists(t, "svc/d.yaml")
}
