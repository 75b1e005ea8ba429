package root

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/debuglog"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// probe runs a throw-away subcommand with --realm and -o under the real
// root and returns what the flags held when it ran.
func probe(t *testing.T, args ...string) (realm string, output cmdutil.OutputFormat, err error) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	root := NewCmdRoot(NewFactory(ios))
	c := &cobra.Command{Use: "probe", RunE: func(*cobra.Command, []string) error { return nil }}
	c.Flags().StringVarP(&realm, "realm", "r", "", "")
	cmdutil.AddOutputFlag(c, &output)
	root.AddCommand(c)
	root.SetArgs(append([]string{"probe"}, args...))
	err = root.Execute()
	return realm, output, err
}

func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	// The state home too: a sandbox the developer left in the default
	// directory adds the realm "local" to every realm list.
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_STATE_HOME", dir)
	for _, k := range []string{"YODEL_REALM", "YODEL_REALMS", "YODEL_SANDBOX_DIR", "YODEL_OUTPUT", "YODEL_DEBUG", "YODEL_CONFIG"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	return dir
}

func writeConfig(t *testing.T, xdg, body string) string {
	t.Helper()
	p := filepath.Join(xdg, "yodel", "config.yaml")
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

func TestDefaultsPrecedence(t *testing.T) {
	xdg := isolate(t)
	r, o, err := probe(t)
	require.NoError(t, err)
	assert.Equal(t, "", r)
	assert.Equal(t, cmdutil.OutputText, o)

	writeConfig(t, xdg, "realm: from-file\noutput: json\n")
	r, o, err = probe(t)
	require.NoError(t, err)
	assert.Equal(t, "from-file", r, "config file gives the default")
	assert.Equal(t, cmdutil.OutputJSON, o)

	t.Setenv("YODEL_REALM", "from-env")
	r, _, err = probe(t)
	require.NoError(t, err)
	assert.Equal(t, "from-env", r, "the variable beats the file")

	r, o, err = probe(t, "--realm", "from-flag", "-o", "text")
	require.NoError(t, err)
	assert.Equal(t, "from-flag", r, "the flag beats both")
	assert.Equal(t, cmdutil.OutputText, o)
}

func TestDefaultsBadValues(t *testing.T) {
	xdg := isolate(t)
	p := writeConfig(t, xdg, "realm: qa\noutptu: json\n")
	_, _, err := probe(t)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), p+":2:1: outptu: unknown key; did you mean \"output\"?")

	writeConfig(t, xdg, "realm: qa\n")
	t.Setenv("YODEL_OUTPUT", "yaml")
	_, _, err = probe(t)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), `$YODEL_OUTPUT: "yaml" is not a valid --output`)

	t.Setenv("YODEL_OUTPUT", "")
	t.Setenv("YODEL_CONFIG", filepath.Join(xdg, "missing.yaml"))
	_, _, err = probe(t)
	require.Error(t, err, "a file named by YODEL_CONFIG must exist")
}

func TestVersionFlag(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	require.Equal(t, 0, Run(NewFactory(ios), []string{"--version"}))
	var line bytes.Buffer
	ios2, _, out2, _ := iostreams.Test()
	require.Equal(t, 0, Run(NewFactory(ios2), []string{"version"}))
	line.Write(out2.Bytes())
	assert.Equal(t, line.String(), out.String(), "--version prints what `yodel version` prints")
	assert.True(t, strings.HasPrefix(out.String(), "yodel "))
}

func TestDebugFlagEnablesRequestLog(t *testing.T) {
	isolate(t)
	defer debuglog.Enable(nil)()
	ios, _, _, errOut := iostreams.Test()
	root := NewCmdRoot(NewFactory(ios))
	root.AddCommand(&cobra.Command{Use: "probe", RunE: func(c *cobra.Command, _ []string) error {
		debuglog.Call(context.Background(), "agent", "GET http://u:pw@127.0.0.1:1/v1/stats", "status", 200)
		return nil
	}})
	root.SetArgs([]string{"probe", "--debug"})
	require.NoError(t, root.Execute())
	assert.Contains(t, errOut.String(), "agent GET http://u:xxxxx@127.0.0.1:1/v1/stats")
	assert.NotContains(t, errOut.String(), "pw@")
}

// Every YODEL_* variable the product reads (a literal passed to an
// environment lookup, or an exported *Env constant) is documented in
// `yodel help environment`.
func TestHelpEnvironmentListsEveryVariable(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	require.Equal(t, 0, Run(NewFactory(ios), []string{"help", "environment"}))
	text := out.String()
	re := regexp.MustCompile(`(?:[Gg]etenv|[Ll]ookupEnv|BindEnv\([^,]+,)\s*\(?"(YODEL_[A-Z_]+)"|Env\w*\s*=\s*"(YODEL_[A-Z_]+)"`)
	seen := 0
	err := filepath.WalkDir("../../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "third_party" || d.Name() == "test" || strings.HasSuffix(d.Name(), "test") && d.Name() != "test") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			name := m[1] + m[2]
			seen++
			if !strings.Contains(text, name) {
				t.Errorf("%s reads $%s, which `yodel help environment` does not list", p, name)
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, seen, 3, "the scan found the variables it looks for")
}

// TestInitIgnoresTheDefaultRealm: yodel init works before any realm
// exists, whatever $YODEL_REALM says (the sandbox's local before sandbox
// up); a --realm given on its command line still counts.
func TestInitIgnoresTheDefaultRealm(t *testing.T) {
	isolate(t)
	t.Chdir(t.TempDir())
	t.Setenv("YODEL_REALM", "local")
	run := func(args ...string) (string, error) {
		ios, _, _, errOut := iostreams.Test()
		root := NewCmdRoot(NewFactory(ios))
		root.SetArgs(args)
		err := root.Execute()
		return errOut.String(), err
	}
	out, err := run("init", "web", "--image", "web:1")
	require.NoError(t, err, out)
	assert.FileExists(t, filepath.Join("services", "web.yaml"))
	assert.NotContains(t, out, "--realm local")

	_, err = run("init", "api", "--image", "api:1", "--realm", "local")
	require.Error(t, err, "no realm local here: given on the command line, it is looked up")
	assert.NoFileExists(t, filepath.Join("services", "api.yaml"))
}
