package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// agent registers a stand-in lb agent; with ack it acknowledges every
// routing generation of web as it appears, and its status API says it
// routes every task of the apps the routing state names, like a live
// agent (without it a surge would wait the whole apply timeout for the
// agent's answer, and go on with a warning).
func agent(t *testing.T, e *svctest.Env, id string, ack bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := "127.0.0.1:1"
	if ack {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rt, _, err := e.Store.GetRouting(r.Context(), "web")
			if err != nil {
				http.Error(w, fmt.Sprint("no routing: ", err), http.StatusServiceUnavailable)
				return
			}
			var apps []lb.AppPlan
			for _, a := range []string{rt.Stable, rt.Canary} {
				if a != "" {
					apps = append(apps, lb.AppPlan{ID: a, Tasks: 1 << 20, Routed: 1 << 20})
				}
			}
			_ = json.NewEncoder(w).Encode(lb.Status{HAProxy: lb.SourceStatus{OK: true}, Services: map[string]lb.ServiceStatus{"web": {Apps: apps}}})
		}))
		t.Cleanup(api.Close)
		addr = api.URL
	}
	sess, err := e.Store.RegisterAgent(ctx, state.Agent{ID: id, Address: addr, Host: "lb-" + id, Pid: os.Getpid(), StartedAt: time.Now()})
	require.NoError(t, err)
	t.Cleanup(func() { cancel(); _ = sess.Close(context.Background()) })
	if !ack {
		return
	}
	ch, err := e.Store.WatchRouting(ctx)
	require.NoError(t, err)
	go func() {
		for ev := range ch {
			if ev.Kind == state.RoutingUpdated && ev.Service == "web" {
				_ = sess.Ack(ctx, "web", ev.Routing.Generation)
			}
		}
	}()
}

func TestDeployWaitsUntilEveryAgentRoutesIt(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	agent(t, e, "a1", true)
	o, bufs := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))
	_, errOut := bufs()
	assert.NotContains(t, errOut, "no lb agent")

	// Returning means a1 applied what the deploy wrote, also for a rolling
	// update that changes no routing field.
	for _, rel := range []string{"v1", "v2"} {
		if rel == "v2" {
			o, _ = opts(e, false, rel)
			require.NoError(t, Run(context.Background(), o))
		}
		rt, _, err := e.Store.GetRouting(context.Background(), "web")
		require.NoError(t, err)
		agents, err := e.Store.ListAgents(context.Background())
		require.NoError(t, err)
		require.Len(t, agents, 1)
		assert.Equal(t, rt.Generation, agents[0].Applied["web"], "after %s", rel)
	}
}

func TestDeployWithoutAgentsSaysSoAndSucceeds(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	o, bufs := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))
	_, errOut := bufs()
	assert.Contains(t, errOut, "note: no lb agent is registered in realm test: nothing routes web's service ports until one runs (yodel lb)")
}

func TestDeployExits4NamingLaggingAgents(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	agent(t, e, "fast", true)
	agent(t, e, "stuck", false)
	o, bufs := opts(e, false, "v1")
	o.ApplyTimeout = 300 * time.Millisecond
	o.Output = "json"
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "web v1 is deployed and healthy, but not every lb agent routes it yet")
	assert.Contains(t, err.Error(), "stuck at lb-stuck has generation 0")
	assert.NotContains(t, err.Error(), "fast at")
	out, _ := bufs()
	assert.Contains(t, out, `"outcome": "timed-out"`)
}

// Issue 14: the error carries what a lagging agent says about the service.
// Issue 16: the hint names `yodel lb status web`, which shows every agent's
// errors and refusals.
func TestDeployExit4SaysWhatTheAgentSays(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(lb.Status{HAProxy: lb.SourceStatus{OK: true}, Services: map[string]lb.ServiceStatus{
			"web": {Refused: "port 10080 is taken by a yodel service with routing state api, which sorts first by name"}}})
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	// This host: a loopback address registered by another is never read.
	host, err := os.Hostname()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sess, err := e.Store.RegisterAgent(ctx, state.Agent{ID: "lb1", Address: addr, Host: host, Pid: os.Getpid(), StartedAt: time.Now()})
	require.NoError(t, err)
	defer func() { _ = sess.Close(context.Background()) }()

	o, _ := opts(e, false, "v1")
	o.ApplyTimeout = 300 * time.Millisecond
	err = Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "agent lb1: port 10080 is taken by a yodel service with routing state api")
	hint := cmdutil.Hint(err)
	assert.Contains(t, hint, "yodel lb status web --realm test")
}

// A rolling deploy that stopped with the traffic on its surge app (its
// lock lost while the store was away) left the other colour on the canary
// route: running the deploy again goes on from there, takes the traffic
// back and deletes the surge app. Before, the rerun kept the routing state
// as it found it, and the service stayed on the surge app for good
// (TestZooKeeperFaultsUnderLoadRolling/restart in a busy CI run).
func TestDeployRerunTakesTheTrafficBackFromALeftSurge(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	agent(t, e, "a1", true)
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))
	ctx := context.Background()
	mc, err := marathon.New(marathon.Config{URLs: []string{e.Emu.URL}, Timeout: 10 * time.Second})
	require.NoError(t, err)
	blue, err := mc.App(ctx, "/web-blue")
	require.NoError(t, err)

	// What the stopped deploy left: /web-green running, the traffic on it.
	green := *blue
	green.ID, green.Version, green.VersionInfo, green.Tasks, green.Deployments = "/web-green", "", nil, nil, nil
	_, err = mc.CreateApp(ctx, &green)
	require.NoError(t, err)
	e.Emu.WaitIdle(t, 30*time.Second)
	rt, ver, err := e.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	rt.Canary, rt.CanaryWeight = "/web-green", 100
	_, err = e.Store.PutRouting(ctx, rt, ver)
	require.NoError(t, err)

	o, bufs := opts(e, false, "v2")
	require.NoError(t, Run(ctx, o))
	_, errOut := bufs()
	assert.Contains(t, errOut, "an earlier deploy stopped with the traffic on /web-green: going on from there")
	rt, _, err = e.Store.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Empty(t, rt.Canary, "the traffic is back on the stable app")
	_, err = mc.App(ctx, "/web-green")
	assert.True(t, marathon.IsNotFound(err), "the surge app is deleted: %v", err)
	live, err := mc.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", live.Label(appdef.LabelRelease))
}

// A routed service's deploy that times out while the new release starts
// beside the stable app removes it: the error says so in words (it said
// "context deadline exceeded"), and no hint sends the user to follow what
// is gone.
func TestDeployTimedOutWhileItsSurgeStarts(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	agent(t, e, "a1", true)
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))

	e.Manifest(t, "web", strings.Replace(web, "instances: 2", "instances: 2\nhealth: {command: \"false\", gracePeriodSeconds: 600}", 1))
	o, _ = opts(e, false, "v2")
	o.Timeout = 2 * time.Second
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "starting web v2 as /web-green: timed out after 2s (--timeout); it was removed and /web-blue keeps serving")
	assert.Empty(t, cmdutil.Hint(err))
}
