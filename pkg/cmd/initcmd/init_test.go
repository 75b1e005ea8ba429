package initcmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
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

func TestInitCmdServiceAndPortPicking(t *testing.T) {
	t.Chdir(t.TempDir())
	ios, _, _, _ := iostreams.Test()
	require.NoError(t, Run(&Options{IO: ios, Service: "a", Cmd: `./a --port $PORT0 --msg "a: b" # not a comment`, Dir: "svc"}))
	ma, err := manifest.Load(filepath.Join("svc", "a.yaml"))
	require.NoError(t, err)
	assert.Equal(t, `./a --port $PORT0 --msg "a: b" # not a comment`, ma.Cmd, "quoting keeps YAML-special text intact")
	assert.Equal(t, 0, ma.Ports[0].ContainerPort)

	// The same name always suggests the same port, unless it is taken.
	used := map[int]bool{}
	first := pickPort("b", used)
	assert.Equal(t, first, pickPort("b", used))
	used[first] = true
	assert.NotEqual(t, first, pickPort("b", used))
	assert.Equal(t, ma.Ports[0].ServicePort, pickPort("a", nil))
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
	f := &cmdutil.Factory{IOStreams: ios}
	run := func(args ...string) (*Options, error) {
		var got *Options
		cmd := NewCmdInit(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		return got, cmd.Execute()
	}
	got, err := run("web", "--image", "w:1", "--dir", "x", "--service-port", "12000")
	require.NoError(t, err)
	assert.Equal(t, Options{IO: ios, Service: "web", Image: "w:1", Dir: "x", ServicePort: 12000}, *got)
	_, err = run("web")
	assert.EqualError(t, err, "pass exactly one of --image IMAGE or --cmd COMMAND")
	_, err = run("web", "--image", "a", "--cmd", "b")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
}
