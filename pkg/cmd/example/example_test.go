package example

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

func TestHelloFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IOStreams: ios, Getenv: func(string) string { return "" }}
	assert.True(t, NewCmdExample(f).Hidden, "example services stay out of yodel's help")

	var got *HelloOptions
	cmd := NewCmdHello(f, func(o *HelloOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--listen", "127.0.0.1:9999"})
	cmd.SetOut(&strings.Builder{})
	require.NoError(t, cmd.Execute())
	require.NotNil(t, got)
	assert.Equal(t, "127.0.0.1:9999", got.Listen)

	cmd = NewCmdHello(f, func(o *HelloOptions) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	assert.Error(t, cmd.Execute(), "hello takes no arguments")
}

func TestRunHelloBadEnvIsInvalidInput(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	err := RunHello(&HelloOptions{IO: ios, Getenv: func(k string) string {
		return map[string]string{"HELLO_ERROR_RATE": "2"}[k]
	}})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "HELLO_ERROR_RATE")
}

func TestRunHelloServesUntilCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	ios, _, _, _ := iostreams.Test()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- RunHello(&HelloOptions{IO: ios, Ctx: ctx, Listen: addr, Getenv: func(k string) string {
			return map[string]string{"HELLO_VERSION": "v5"}[k]
		}})
	}()
	require.Eventually(t, func() bool {
		r, err := http.Get("http://" + addr + "/health")
		if err != nil {
			return false
		}
		r.Body.Close()
		return r.StatusCode == 200
	}, 10*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
}
