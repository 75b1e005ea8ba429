package lb_test

// ZooKeeper faults under load (issue 8, fault 4): the agent's session
// expires, and ZooKeeper stops for longer than the session timeout. A real
// HAProxy, the emulator, a real ZooKeeper, and vegeta through HAProxy.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

const faultRate = 250 // requests/s through HAProxy during every fault

// load is vegeta attacking a service port until stopped.
type load struct {
	atk   *vegeta.Attacker
	start time.Time
	done  chan attackResult
}

func startLoad(port, rate int) *load {
	target := vegeta.Target{Method: http.MethodGet, URL: "http://127.0.0.1:" + strconv.Itoa(port) + "/"}
	l := &load{
		atk:   vegeta.NewAttacker(vegeta.Timeout(5*time.Second), vegeta.KeepAlive(true), vegeta.Connections(32)),
		start: time.Now(), done: make(chan attackResult, 1),
	}
	go func() {
		var out attackResult
		for res := range l.atk.Attack(vegeta.NewStaticTargeter(target), vegeta.Rate{Freq: rate, Per: time.Second}, 0, "zk-fault") {
			out.count++
			if res.Error != "" || res.Code != http.StatusOK {
				if len(out.failures) < 20 {
					out.failures = append(out.failures, fmt.Sprintf("%s: code %d %s %q", res.Timestamp.Format("15:04:05.000"), res.Code, res.Error, res.Body))
				}
				out.failed++
			}
		}
		l.done <- out
	}()
	return l
}

// stop ends the attack and checks that every request succeeded at (nearly)
// the rate asked for.
func (l *load) stop(t *testing.T, rate int) attackResult {
	t.Helper()
	l.atk.Stop()
	res := <-l.done
	took := time.Since(l.start)
	t.Logf("load: %d requests in %s at %d/s, %d failed", res.count, took.Round(time.Millisecond), rate, res.failed)
	assert.GreaterOrEqual(t, res.count, int(float64(rate)*took.Seconds()*0.8), "the load generator fell behind")
	assert.Zero(t, res.failed, "requests failed: %v", res.failures)
	return res
}

// agentAPI serves the agent's API for reading /v1/status and /metrics as an
// operator would.
func agentAPI(t *testing.T, r *agentRig) func(path string) string {
	srv := httptest.NewServer(r.agent.Handler(""))
	t.Cleanup(srv.Close)
	return func(path string) string {
		resp, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(b)
	}
}

// canaryShare is the share of requests HAProxy's weights give the canary.
func canaryShare(t testing.TB, in *haproxytest.Instance, be string, canaryPrefix string) float64 {
	var st, ca, sw, cw int
	for name, sv := range showServers(t, in, be) {
		if strings.HasPrefix(name, canaryPrefix) {
			ca, cw = ca+1, sv.weight
		} else {
			st, sw = st+1, sv.weight
		}
	}
	return haproxy.Share(st, ca, sw, cw)
}

// registered says whether the store lists agent id with gen applied for svc.
func registered(ctx context.Context, st state.Store, id, svc string, gen int64) (bool, string) {
	agents, err := st.ListAgents(ctx)
	if err != nil {
		return false, err.Error()
	}
	for _, a := range agents {
		if a.ID == id {
			return a.Applied[svc] >= gen, fmt.Sprintf("%s has %s at %d, want %d", id, svc, a.Applied[svc], gen)
		}
	}
	return false, fmt.Sprintf("%s not registered (agents %+v)", id, agents)
}

// The agent's ZooKeeper session expires (its connection cut for longer
// than the session timeout, so the server expires it for real) while
// HAProxy serves 250 requests/s: nothing fails, the agent re-registers with
// the generation it had acknowledged, and a weight change written after the
// expiry is applied (at runtime: no reload) and acknowledged.
func TestIntegrationAgentZooKeeperSessionExpiryUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ZooKeeper, HAProxy and the emulator")
	}
	zkOnce.Do(func() { zkSrv, zkErr = zktest.Start() })
	zktest.Skip(t, zkErr)
	s := newStack(t, zkSrv.URL(fmt.Sprintf("/yodel/lb-expiry-%d", time.Now().UnixNano())))
	cut := &zktest.Cutter{}
	s.agentDialer = cut.Dial
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	be := haproxy.BackendName("hello", port)
	hp := []state.Port{{ServicePort: port, Protocol: "http"}}

	v, err := s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 10, Ports: hp}, state.NoVersion)
	require.NoError(t, err)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	s.create(app("/hello-green", "hello", "http", 1, port))
	var why string
	eventually(t, 30*time.Second, func() string { return why }, func() bool {
		n := len(showServers(t, r.in, be))
		why = fmt.Sprintf("%d servers, want 4", n)
		return n == 4
	})
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	assert.InDelta(t, 0.10, canaryShare(t, r.in, be, "hello-green"), 0.01)
	base := reloads(t, r.in)

	l := startLoad(port, faultRate)
	cut.Cut()
	eventually(t, 15*time.Second, func() string { return "the server never expired the agent's session" }, func() bool {
		agents, err := s.store.ListAgents(s.ctx)
		return err == nil && len(agents) == 0
	})
	assert.False(t, r.agent.Status().Store.OK, "store problem not reported while cut off")
	cut.Restore()
	eventually(t, 15*time.Second, func() string { return why }, func() bool {
		var ok bool
		ok, why = registered(s.ctx, s.store, "agent-1", "hello", int64(v))
		return ok
	})

	v, err = s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 50, Ports: hp}, v)
	require.NoError(t, err)
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)),
		"a generation written after the expiry must be applied and acknowledged")
	assert.InDelta(t, 0.50, canaryShare(t, r.in, be, "hello-green"), 0.01)
	ok, why := registered(s.ctx, s.store, "agent-1", "hello", int64(v))
	assert.True(t, ok, why)
	st := r.agent.Status()
	assert.True(t, st.Store.OK, "store error still reported: %+v", st.Store)
	assert.Equal(t, int64(v), st.Services["hello"].Applied)

	l.stop(t, faultRate)
	assert.Equal(t, base, reloads(t, r.in), "a session expiry and a weight change must not reload HAProxy")
}

// ZooKeeper stops for longer than the agent's session timeout, then starts
// again on the same data, under 250 requests/s: HAProxy serves throughout;
// the agent reports the lost store in /v1/status and yodel_lb_store_up,
// still applies a Marathon change made during the outage, then reconnects,
// re-registers with its acknowledgements and applies a routing change.
func TestIntegrationAgentZooKeeperRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ZooKeeper, HAProxy and the emulator")
	}
	// Its own server: stopping the shared one would break other tests.
	srv, err := zktest.Start()
	zktest.Skip(t, err)
	t.Cleanup(srv.Close)
	s := newStack(t, srv.URL("/yodel/lb-restart"))
	r := s.startAgent("agent-1")
	api := agentAPI(t, r)
	port := haproxytest.FreePort(t)
	be := haproxy.BackendName("hello", port)
	hp := []state.Port{{ServicePort: port, Protocol: "http"}}

	v, err := s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 0, Ports: hp}, state.NoVersion)
	require.NoError(t, err)
	s.create(app("/hello-blue", "hello", "http", 3, port))
	s.create(app("/hello-green", "hello", "http", 1, port))
	blue := func(n int) func() []string {
		return func() []string {
			if b := s.healthyTasks("/hello-blue"); len(b) == n {
				return b
			}
			return nil
		}
	}
	var why string
	eventually(t, 30*time.Second, func() string { return why }, func() bool {
		n := len(showServers(t, r.in, be))
		why = fmt.Sprintf("%d servers, want 4", n)
		return n == 4
	})
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	base := reloads(t, r.in)

	l := startLoad(port, faultRate)
	stopped := time.Now()
	srv.Stop()
	eventually(t, 10*time.Second, func() string { return api("/v1/status") }, func() bool {
		st := r.agent.Status()
		return !st.Store.OK && strings.Contains(st.LastError, "ZooKeeper") &&
			strings.Contains(api("/metrics"), "yodel_lb_store_up 0\n") && strings.Contains(api("/v1/status"), "no ZooKeeper session")
	})

	// Marathon does not need ZooKeeper: a scale-up during the outage is
	// routed (at runtime) all the same.
	s.scale("/hello-blue", 4)
	eventually(t, 30*time.Second, func() string { return fmt.Sprint(names(showServers(t, r.in, be))) }, func() bool {
		b := blue(4)()
		if b == nil {
			return false
		}
		have := showServers(t, r.in, be)
		for _, id := range b {
			if _, ok := have[haproxy.ServerName(id)]; !ok {
				return false
			}
		}
		return true
	})

	// Down for longer than the session timeout: the session is gone.
	if rest := agentSession + time.Second - time.Since(stopped); rest > 0 {
		timer := time.NewTimer(rest) // the fault's length, not a wait for a condition
		<-timer.C
	}
	require.NoError(t, srv.Restart())
	t.Logf("ZooKeeper down for %s", time.Since(stopped).Round(time.Millisecond))
	eventually(t, 20*time.Second, func() string { return why }, func() bool {
		var ok bool
		ok, why = registered(s.ctx, s.store, "agent-1", "hello", int64(v))
		return ok && r.agent.Status().Store.OK
	})
	assert.Contains(t, api("/metrics"), "yodel_lb_store_up 1\n")

	v, err = s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
		CanaryWeight: 20, Ports: hp}, v)
	require.NoError(t, err)
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	assert.InDelta(t, 0.20, canaryShare(t, r.in, be, "hello-green"), 0.01)
	assert.Empty(t, r.agent.Status().LastError)

	l.stop(t, faultRate)
	assert.Equal(t, base, reloads(t, r.in), "a store outage, a scale-up and a weight change must not reload HAProxy")
}
