package sandbox_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cmdsandbox "github.com/yodeldeploy/yodel/pkg/cmd/sandbox"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/down"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/status"
	"github.com/yodeldeploy/yodel/pkg/cmd/sandbox/up"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest/fakeyodel"
)

func TestMain(m *testing.M) {
	fakeyodel.MaybeRun()
	os.Exit(m.Run())
}

func factory(env map[string]string) (*cmdutil.Factory, *iostreams.IOStreams) {
	ios, _, _, _ := iostreams.Test()
	return &cmdutil.Factory{IOStreams: ios, Executable: os.Args[0], Getenv: func(k string) string { return env[k] }}, ios
}

func TestUpFlags(t *testing.T) {
	tests := []struct {
		args    string
		want    up.Options
		wantErr string
	}{
		{args: "", want: up.Options{Executor: "process", PortRange: "21000-30999", Timeout: 60 * time.Second, MarathonVersion: "1.4"}},
		{args: "--marathon-version 1.10 --marathon-features task_killing", want: up.Options{Executor: "process", PortRange: "21000-30999", Timeout: 60 * time.Second, MarathonVersion: "1.10", MarathonFeatures: "task_killing"}},
		{args: "--marathon-version 2.0", wantErr: `unknown Marathon version "2.0"`},
		{args: "--marathon-features killing", wantErr: `unknown Marathon feature "killing"`},
		{args: "--dir /tmp/x -d --executor inproc --timeout 5s --port-range 40000-45000", want: up.Options{Dir: "/tmp/x", Detach: true, Executor: "inproc", PortRange: "40000-45000", Timeout: 5 * time.Second, MarathonVersion: "1.4"}},
		{args: "--executor docker", wantErr: `--executor "docker": must be process or inproc`},
		{args: "--port-range 32000-31000", wantErr: "--port-range must look like 21000-30999"},
		{args: "--port-range 31000", wantErr: "--port-range must look like"},
		{args: "--agent-listen 127.0.0.1:20500", want: up.Options{Executor: "process", PortRange: "21000-30999", Timeout: 60 * time.Second, MarathonVersion: "1.4", AgentListen: "127.0.0.1:20500"}},
		{args: "--agent-listen localhost:20500", wantErr: "--agent-listen must be an IP address and port"},
		{args: "extra", wantErr: "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			f, _ := factory(nil)
			var got *up.Options
			cmd := up.NewCmdUp(f, func(o *up.Options) error { got = o; return nil })
			cmd.SetArgs(strings.Fields(tt.args))
			cmd.SetOut(&strings.Builder{})
			cmd.SetErr(&strings.Builder{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want.Dir, got.Dir)
			assert.Equal(t, tt.want.Detach, got.Detach)
			assert.Equal(t, tt.want.Executor, got.Executor)
			assert.Equal(t, tt.want.PortRange, got.PortRange)
			assert.Equal(t, tt.want.Timeout, got.Timeout)
			assert.Equal(t, tt.want.MarathonVersion, got.MarathonVersion)
			assert.Equal(t, tt.want.MarathonFeatures, got.MarathonFeatures)
			assert.Equal(t, tt.want.AgentListen, got.AgentListen)
		})
	}
}

func TestSandboxHasSubcommands(t *testing.T) {
	f, _ := factory(nil)
	cmd := cmdsandbox.NewCmdSandbox(f)
	var names []string
	for _, c := range cmd.Commands() {
		names = append(names, c.Name())
	}
	assert.Subset(t, names, []string{"up", "status", "down"})
}

// up --detach, status (text on a TTY and off it, JSON), down, through the
// commands' run functions, with the fake emulator and the real HAProxy.
func TestUpStatusDownCommands(t *testing.T) {
	dir, err := os.MkdirTemp("", "ysb")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	// The default directory comes from $YODEL_SANDBOX_DIR.
	env := map[string]string{sandbox.EnvDir: dir}
	t.Cleanup(func() { _, _ = sandbox.Down(t.Context(), dir, nil) })

	ios, _, out, errOut := iostreams.Test()
	require.NoError(t, up.Run(&up.Options{IO: ios, Getenv: env2(env), Exe: os.Args[0], Detach: true, Executor: "process", Timeout: 30 * time.Second,
		MarathonVersion: "1.10", MarathonFeatures: "task_killing"}))
	assert.Equal(t, dir+"/realm.yaml\n", out.String(), "stdout is the realm file, for scripts")
	assert.Contains(t, errOut.String(), "marathon emulator  http://127.0.0.1:")
	assert.Contains(t, errOut.String(), "stop it with: yodel sandbox down")

	ios, _, out, errOut = iostreams.Test()
	require.NoError(t, up.Run(&up.Options{IO: ios, Getenv: env2(env), Exe: os.Args[0], Detach: true, Executor: "process"}))
	assert.Contains(t, errOut.String(), "sandbox already running in "+dir)
	assert.Equal(t, dir+"/realm.yaml\n", out.String())

	ios, _, out, _ = iostreams.Test()
	require.NoError(t, up.Run(&up.Options{IO: ios, Getenv: env2(env), Exe: os.Args[0], Detach: true, Executor: "process", Output: cmdutil.OutputJSON}))
	var upRes up.Result
	require.NoError(t, json.Unmarshal(out.Bytes(), &upRes), out.String())
	assert.True(t, upRes.AlreadyRunning)
	assert.Equal(t, dir+"/realm.yaml", upRes.RealmFile)
	assert.Contains(t, upRes.MarathonURL, "http://127.0.0.1:")

	ios, _, out, _ = iostreams.Test()
	require.NoError(t, status.Run(&status.Options{IO: ios, Getenv: env2(env)}))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, "non-TTY: one tab-separated line per component, no header: %q", out.String())
	assert.Regexp(t, `^marathon\s+\d+\s+127\.0\.0\.1:\d+\s+alive\s+\d{4}-`, lines[0])
	assert.Regexp(t, `^haproxy\s+\d+\s+127\.0\.0\.1:\d+\s+alive\s+`, lines[1])

	ios, _, out, _ = iostreams.Test()
	ios.SetStdoutTTY(true)
	require.NoError(t, status.Run(&status.Options{IO: ios, Getenv: env2(env)}))
	assert.Contains(t, out.String(), "sandbox "+dir+": running")
	assert.Contains(t, out.String(), "COMPONENT")
	assert.Contains(t, out.String(), "task processes: 2")
	assert.Contains(t, out.String(), "realm file:     "+dir+"/realm.yaml")
	assert.Contains(t, out.String(), "modelled:       Marathon 1.10, features task_killing")

	ios, _, out, _ = iostreams.Test()
	require.NoError(t, status.Run(&status.Options{IO: ios, Getenv: env2(env), Output: cmdutil.OutputJSON}))
	var st sandbox.StatusReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &st))
	assert.True(t, st.Running)
	assert.Equal(t, "1.10", st.MarathonVersion)
	assert.Equal(t, []string{"task_killing"}, st.MarathonFeatures)
	// The emulator is told to model what was asked.
	assert.Contains(t, strings.Join(st.Components[0].Args, " "), "--marathon-version 1.10 --enable-features task_killing")
	assert.Len(t, st.Components, 2)
	assert.Len(t, st.TaskPIDs, 2)

	ios, _, _, errOut = iostreams.Test()
	require.NoError(t, down.Run(&down.Options{IO: ios, Getenv: env2(env)}))
	assert.Contains(t, errOut.String(), "stopped (2 components, 2 task processes)")
	for _, c := range st.Components {
		assert.False(t, c.Component.Alive(), "%s survived down", c.Name)
	}

	ios, _, _, errOut = iostreams.Test()
	require.NoError(t, down.Run(&down.Options{IO: ios, Getenv: env2(env)}))
	assert.Contains(t, errOut.String(), "no sandbox running in "+dir)

	ios, _, out, _ = iostreams.Test()
	require.NoError(t, down.Run(&down.Options{IO: ios, Getenv: env2(env), Output: cmdutil.OutputJSON}))
	var downRes sandbox.DownResult
	require.NoError(t, json.Unmarshal(out.Bytes(), &downRes), out.String())
	assert.False(t, downRes.WasRunning)
	assert.Equal(t, dir, downRes.Dir)
	assert.NotNil(t, downRes.Stopped, "empty lists are [] in JSON, not null")

	ios, _, _, _ = iostreams.Test()
	err = status.Run(&status.Options{IO: ios, Getenv: env2(env)})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "no sandbox in "+dir)
	assert.Equal(t, "start one with: yodel sandbox up --detach", cmdutil.Hint(err))

	ios, _, out, _ = iostreams.Test()
	err = status.Run(&status.Options{IO: ios, Getenv: env2(env), Output: cmdutil.OutputJSON})
	assert.ErrorIs(t, err, cmdutil.ErrSilent)
	require.NoError(t, json.Unmarshal(out.Bytes(), &st))
	assert.False(t, st.Running)
}

func env2(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Without --detach, up stays in the foreground, reports a component that
// dies, and stops everything when its context ends (Ctrl-C).
func TestUpForegroundStopsOnInterrupt(t *testing.T) {
	dir, err := os.MkdirTemp("", "ysb")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Cleanup(func() { _, _ = sandbox.Down(context.Background(), dir, nil) })

	ios, _, _, _ := iostreams.Test()
	errOut := &syncBuf{}
	ios.ErrOut = errOut
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- up.Run(&up.Options{IO: ios, Getenv: env2(nil), Exe: os.Args[0], Ctx: ctx, Dir: dir,
			Executor: "process", Timeout: 30 * time.Second})
	}()
	require.Eventually(t, func() bool { return strings.Contains(errOut.String(), "Ctrl-C stops it") },
		30*time.Second, 10*time.Millisecond, "stderr: %s", errOut)
	st, err := sandbox.Status(dir)
	require.NoError(t, err)
	require.True(t, st.Running)

	hap := st.Components[1].Component
	require.Equal(t, sandbox.CompHAProxy, hap.Name)
	require.NoError(t, syscall.Kill(hap.PID, syscall.SIGKILL))
	require.Eventually(t, func() bool { return strings.Contains(errOut.String(), "haproxy (pid") },
		10*time.Second, 10*time.Millisecond, "the death of a component is reported: %s", errOut)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(60 * time.Second):
		t.Fatal("up did not return after its context ended")
	}
	assert.Contains(t, errOut.String(), "sandbox stopped")
	for _, c := range st.Components {
		assert.False(t, c.Component.Alive(), "%s survived", c.Name)
	}
	_, err = sandbox.Status(dir)
	assert.ErrorIs(t, err, sandbox.ErrNotRunning)
}
