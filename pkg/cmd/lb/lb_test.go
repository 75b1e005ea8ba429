package lb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cmdfactory "github.com/yodeldeploy/yodel/pkg/cmd/factory"
	lbcmd "github.com/yodeldeploy/yodel/pkg/cmd/lb"
	"github.com/yodeldeploy/yodel/pkg/cmd/lb/run"
	lbsync "github.com/yodeldeploy/yodel/pkg/cmd/lb/sync"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

func factory(ios *iostreams.IOStreams, env map[string]string) *cmdutil.Factory {
	f := &cmdutil.Factory{IOStreams: ios, Getenv: func(k string) string { return env[k] }}
	f.Realm = func(p string) (*realm.Realm, error) { return realm.Load(p, "") }
	f.Marathon = func(r *realm.Realm) (*marathon.Client, error) { return cmdfactory.NewMarathon(r, os.LookupEnv) }
	f.Store = cmdfactory.OpenStore
	return f
}

func exec(t *testing.T, f *cmdutil.Factory, args ...string) error {
	t.Helper()
	cmd := lbcmd.NewCmdLB(f)
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	return cmd.Execute()
}

func TestFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := factory(ios, nil)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run"}, "--realm is required"},
		{[]string{"run", "--realm", "x", "--listen", "9190"}, "is not host:port"},
		{[]string{"run", "--realm", "x", "--id", "-bad"}, "--id"},
		{[]string{"sync", "--realm", "x"}, "only --once is supported"},
		{[]string{"sync", "--once"}, "--realm is required"},
	} {
		err := exec(t, f, tt.args...)
		var fe *cmdutil.FlagError
		require.ErrorAs(t, err, &fe, "%v", tt.args)
		assert.Contains(t, err.Error(), tt.want, "%v", tt.args)
		assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	}

	// runF gets the parsed options.
	var got *run.Options
	cmd := run.NewCmdRun(f, func(o *run.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--realm", "prod", "--listen", "127.0.0.1:9999", "--haproxy-socket", "/s", "--id", "lb-1"})
	require.NoError(t, cmd.Execute())
	assert.Equal(t, "prod", got.HAProxy.Realm)
	assert.Equal(t, "/s", got.HAProxy.SocketPath)
	assert.Equal(t, "127.0.0.1:9999", got.Listen)
	assert.Equal(t, "lb-1", got.ID)
}

type env struct {
	in        *haproxytest.Instance
	emu       *emutest.Instance
	mc        *marathon.Client
	realmFile string
	apiPort   int
}

func setup(t *testing.T, agentListen string) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("runs HAProxy and the emulator")
	}
	in := haproxytest.Start(t, haproxytest.Options{})
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	mc, err := marathon.New(marathon.Config{URLs: []string{emu.URL}})
	require.NoError(t, err)
	dir := t.TempDir()
	e := &env{in: in, emu: emu, mc: mc, realmFile: filepath.Join(dir, "realm.yaml")}
	if agentListen == "" {
		e.apiPort = haproxytest.FreePort(t)
		agentListen = fmt.Sprintf("127.0.0.1:%d", e.apiPort)
	}
	require.NoError(t, os.WriteFile(e.realmFile, []byte(fmt.Sprintf(`realm: test
marathon:
  urls: [%s]
state: file://%s
haproxy:
  bindAddress: 127.0.0.1
  configPath: %s
  socketPath: %s
  masterSocketPath: %s
  agentListen: "%s"
limits:
  servicePortRange: [1024, 60000]
`, emu.URL, filepath.Join(dir, "state"), in.ConfigPath, in.SocketPath, in.MasterSocketPath, agentListen)), 0o644))
	return e
}

func (e *env) createApp(t *testing.T, port int) {
	t.Helper()
	a := &marathon.App{}
	a.ID = "/hello-blue"
	a.Cmd = ptr("serve")
	a.Instances = ptr(2)
	a.CPUs, a.Mem = 0.01, ptr(8.0)
	a.Labels = &map[string]string{marathon.LabelService: "hello", "YODEL_PORT_0_PROTOCOL": "http"}
	a.PortDefinitions = &[]gm.PortDefinition{{Port: ptr(port), Protocol: "tcp"}}
	_, err := e.mc.CreateApp(context.Background(), a)
	require.NoError(t, err)
	deadline := time.Now().Add(30 * time.Second)
	for {
		app, err := e.mc.App(context.Background(), a.ID)
		require.NoError(t, err)
		if app.TasksRunning == 2 {
			return
		}
		deps, _ := e.mc.Deployments(context.Background())
		require.True(t, time.Now().Before(deadline), "tasks not running: %+v %+v %+v", app.Tasks, app.LastTaskFailure, deps)
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
}

func ptr[T any](v T) *T { return &v }

func TestSyncOnce(t *testing.T) {
	e := setup(t, "")
	port := haproxytest.FreePort(t)
	e.createApp(t, port)
	ios, _, stdout, stderr := iostreams.Test()
	f := factory(ios, nil)
	o := &lbsync.Options{IO: ios, Factory: f, Output: cmdutil.OutputJSON, Once: true}
	o.HAProxy.Realm = e.realmFile
	require.NoError(t, lbsync.Run(context.Background(), o))
	var res lbsync.Result
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &res), stdout.String())
	assert.True(t, res.Reloaded, "the first apply adds a frontend")
	require.Contains(t, res.Services, "hello")
	assert.Equal(t, []int{port}, res.Services["hello"].Ports)
	assert.Equal(t, 2, res.Services["hello"].Apps[0].Routed)
	assert.Empty(t, stderr.String())

	out, err := e.in.Exec("show servers state " + haproxy.BackendName("hello", port))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(out, "hello-blue."), out)
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)

	// Text output, nothing to change the second time.
	ios, _, stdout, stderr = iostreams.Test()
	o = &lbsync.Options{IO: ios, Factory: factory(ios, nil), Once: true}
	o.HAProxy.Realm = e.realmFile
	require.NoError(t, lbsync.Run(context.Background(), o))
	assert.Contains(t, stdout.String(), fmt.Sprintf("hello\tports=%d\tservers=2\tgeneration=0\n", port))
	assert.Contains(t, stderr.String(), "0 runtime change(s), runtime API only, no reload")
}

func TestRunServesAndStopsLeavingHAProxyServing(t *testing.T) {
	e := setup(t, "")
	port := haproxytest.FreePort(t)
	e.createApp(t, port)
	ios, _, _, stderr := iostreams.Test()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	opts := &run.Options{IO: ios, Factory: factory(ios, nil), Ready: func(a string) { ready <- a }}
	opts.HAProxy.Realm = e.realmFile
	done := make(chan error, 1)
	go func() { done <- run.Run(ctx, opts) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run: %v\n%s", err, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("agent API never listened")
	}
	client := &lb.Client{}
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := client.Status(ctx, addr)
		if err == nil && st.Ready && st.Services["hello"].Apps[0].Routed == 2 {
			assert.True(t, st.Registered)
			break
		}
		require.True(t, time.Now().Before(deadline), "agent never served hello: %+v %v", st, err)
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	assert.Contains(t, stderr.String(), "HAProxy keeps serving")
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
	require.NoError(t, err, "HAProxy must keep serving after the agent stops")
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}

func TestRunRefusesOpenAPIWithoutToken(t *testing.T) {
	e := setup(t, "0.0.0.0:0")
	ios, _, _, _ := iostreams.Test()
	opts := &run.Options{IO: ios, Factory: factory(ios, nil)}
	opts.HAProxy.Realm = e.realmFile
	err := run.Run(context.Background(), opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "without a token")
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, cmdutil.Hint(err), run.TokenEnv)
	var fe *cmdutil.FlagError
	assert.False(t, errors.As(err, &fe))
}
