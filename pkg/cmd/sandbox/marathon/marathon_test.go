package marathon

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

func TestFlags(t *testing.T) {
	cases := []struct {
		args    []string
		wantErr string
		want    Options
	}{
		{[]string{}, "--listen is required", Options{}},
		{[]string{"--listen", "127.0.0.1:0", "--executor", "docker"}, "--executor must be process or inproc", Options{}},
		{[]string{"--listen", "127.0.0.1:0", "--credentials", "nocolon"}, "user:password", Options{}},
		{[]string{"--listen", "127.0.0.1:9", "--state-dir", "/s", "--executor", "inproc", "--credentials", "a:b"}, "",
			Options{Listen: "127.0.0.1:9", StateDir: "/s", Executor: "inproc", Credentials: "a:b", PortRange: "31000-32000", MarathonVersion: "1.4", MaxVersions: 50}},
		{[]string{"--listen", "127.0.0.1:0", "--marathon-version", "1.6"}, "unknown Marathon version \"1.6\"", Options{}},
		{[]string{"--listen", "127.0.0.1:0", "--enable-features", "task_killing,nope"}, "unknown Marathon feature \"nope\"", Options{}},
		{[]string{"--listen", "127.0.0.1:9", "--marathon-version", "1.10", "--enable-features", "task_killing"}, "",
			Options{Listen: "127.0.0.1:9", Executor: "process", PortRange: "31000-32000", MarathonVersion: "1.10", Features: "task_killing", MaxVersions: 50}},
		{[]string{"--listen", "127.0.0.1:9", "--zk-max-versions", "3"}, "",
			Options{Listen: "127.0.0.1:9", Executor: "process", PortRange: "31000-32000", MarathonVersion: "1.4", MaxVersions: 3}},
		{[]string{"--listen", "127.0.0.1:9", "--zk-max-versions", "-1"}, "--zk-max-versions must be at least 1", Options{}},
	}
	for _, c := range cases {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdMarathon(&cmdutil.Factory{IOStreams: ios}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(c.args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		if c.wantErr != "" {
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.wantErr)
			assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
			continue
		}
		require.NoError(t, err)
		got.IO, got.Ready = nil, nil
		assert.Equal(t, c.want, *got)
	}
}

func TestRunServesAndStopsCleanly(t *testing.T) {
	ios, _, _, stderr := iostreams.Test()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, &Options{IO: ios, Listen: "127.0.0.1:0", StateDir: t.TempDir(), Executor: "inproc",
			PortRange: "31000-32000", Ready: func(a string) { addrc <- a }})
	}()
	addr := <-addrc
	var res *http.Response
	deadline := time.Now().Add(5 * time.Second)
	for {
		r, err := http.Get("http://" + addr + "/v2/leader")
		if err == nil && r.StatusCode == 200 {
			res = r
			break
		}
		if err == nil {
			r.Body.Close()
		}
		require.True(t, time.Now().Before(deadline), "emulator never led")
		time.Sleep(10 * time.Millisecond)
	}
	res.Body.Close()
	cancel() // what SIGINT/SIGTERM do through the root command's context
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	assert.Contains(t, stderr.String(), "Marathon emulator listening on http://"+addr)
	assert.Contains(t, stderr.String(), "Marathon emulator stopped")
}

func TestRunRejectsUnwritableStateDir(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	err := Run(context.Background(), &Options{IO: ios, Listen: "127.0.0.1:0", StateDir: "/proc/nope", Executor: "inproc", PortRange: "31000-32000"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/proc/nope")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
}

// The password need not be on the command line, where ps shows it: a file
// or $YODEL_EMULATOR_CREDENTIALS will do.
func TestCredentialsOffTheCommandLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "creds")
	require.NoError(t, os.WriteFile(file, []byte("admin:from-file\n"), 0o600))
	bad := filepath.Join(t.TempDir(), "bad")
	require.NoError(t, os.WriteFile(bad, []byte("nocolon\n"), 0o600))
	cases := []struct {
		args    []string
		env     string
		want    string
		wantErr string
	}{
		{[]string{"--credentials-file", file}, "admin:from-env", "admin:from-file", ""},
		{nil, "admin:from-env", "admin:from-env", ""},
		{[]string{"--credentials", "a:b"}, "admin:from-env", "a:b", ""},
		{nil, "", "", ""},
		{[]string{"--credentials-file", bad}, "", "", "must hold user:password"},
		{[]string{"--credentials-file", file, "--credentials", "a:b"}, "", "", "exclusive"},
		{nil, "nocolon", "", "YODEL_EMULATOR_CREDENTIALS must have the form user:password"},
	}
	for _, c := range cases {
		ios, _, _, _ := iostreams.Test()
		var got *Options
		f := &cmdutil.Factory{IOStreams: ios, Getenv: func(k string) string {
			if k == CredentialsEnv {
				return c.env
			}
			return ""
		}}
		cmd := NewCmdMarathon(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(append([]string{"--listen", "127.0.0.1:0"}, c.args...))
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		if c.wantErr != "" {
			require.Error(t, err, "%v", c.args)
			assert.Contains(t, err.Error(), c.wantErr)
			continue
		}
		require.NoError(t, err, "%v", c.args)
		assert.Equal(t, c.want, got.Credentials, "%v env %q", c.args, c.env)
	}
}
