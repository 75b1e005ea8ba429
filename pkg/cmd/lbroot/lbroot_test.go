package lbroot

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/lb/run"
	"github.com/yodeldeploy/yodel/pkg/cmd/version"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

func testFactory(env map[string]string) (*cmdutil.Factory, *bytes.Buffer, *bytes.Buffer) {
	ios, _, out, errOut := iostreams.Test()
	return &cmdutil.Factory{IOStreams: ios, Getenv: func(k string) string { return env[k] }}, out, errOut
}

// The agent's flags are yodel lb run's, and $YODEL_REALM fills --realm as
// it does for yodel.
func TestRealmFromFlagOrEnvironment(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--realm", "qa", "--listen", "127.0.0.1:9190"}, nil, "qa"},
		{nil, map[string]string{"YODEL_REALM": "prod"}, "prod"},
		{[]string{"--realm", "qa"}, map[string]string{"YODEL_REALM": "prod"}, "qa"},
	} {
		f, _, _ := testFactory(c.env)
		var got *run.Options
		code := cmdutil.Execute(f, NewCmdRoot(f, func(o *run.Options) error { got = o; return nil }), c.args)
		require.Equal(t, cmdutil.ExitOK, code, "%v", c.args)
		assert.Equal(t, c.want, got.HAProxy.Realm, "%v %v", c.args, c.env)
	}
}

func TestWithoutRealmIsAUsageError(t *testing.T) {
	f, _, errOut := testFactory(nil)
	code := cmdutil.Execute(f, NewCmdRoot(f, func(*run.Options) error { t.Fatal("ran"); return nil }), nil)
	assert.Equal(t, cmdutil.ExitInvalid, code)
	assert.Contains(t, errOut.String(), "--realm is required")
	assert.Contains(t, errOut.String(), "yodel-lb --realm <realm> [flags]", "the usage names this binary")
}

func TestVersion(t *testing.T) {
	f, out, _ := testFactory(nil)
	require.Equal(t, cmdutil.ExitOK, cmdutil.Execute(f, NewCmdRoot(f, nil), []string{"--version"}))
	assert.Equal(t, version.Line()+"\n", out.String())
}

// yodel-lb exists to leave the CLI out of the agent's process: none of
// the packages that only the CLI needs may be linked into it (their
// package initialisation alone costs memory; BENCHMARKS.md, issue 21).
func TestBinaryLeavesTheCLIOut(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/yodeldeploy/yodel/cmd/yodel-lb").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	for _, cli := range []string{
		"github.com/yodeldeploy/yodel/pkg/cmd/root", "github.com/yodeldeploy/yodel/pkg/cmd/deploy",
		"github.com/yodeldeploy/yodel/pkg/dashboard", "github.com/yodeldeploy/yodel/pkg/sandbox/emulator",
		"github.com/yodeldeploy/yodel/pkg/server", "github.com/yodeldeploy/yodel/pkg/ui",
		// The deployment engine, its hints and the canary's metric
		// clients: New Relic's client links testify (its internal/http
		// has a non-test helper file).
		"github.com/yodeldeploy/yodel/pkg/deploy", "github.com/yodeldeploy/yodel/pkg/canary",
		"github.com/yodeldeploy/yodel/pkg/cmd/enginehint", "github.com/yodeldeploy/yodel/pkg/metrics/nrql",
		"github.com/newrelic/newrelic-client-go/v2/pkg/nrdb", "github.com/stretchr/testify/assert",
	} {
		assert.False(t, deps[cli], "yodel-lb links %s", cli)
	}
}
