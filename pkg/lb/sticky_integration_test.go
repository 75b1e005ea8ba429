package lb_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/stattest"
)

// browser is a client with a cookie jar, like a browser visiting the
// service.
type browser struct {
	c   *http.Client
	jar *cookiejar.Jar
}

func newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{c: &http.Client{Timeout: 5 * time.Second, Jar: jar, Transport: &http.Transport{DisableKeepAlives: true}}, jar: jar}
}

// get returns the task that answered.
func (b *browser) get(t *testing.T, port int) string {
	t.Helper()
	resp, err := b.c.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %q", body)
	var r emulator.InprocResponse
	require.NoError(t, json.Unmarshal(body, &r))
	return r.TaskID
}

// draw is the client's sticky cookie ("" when it has none).
func (b *browser) draw(port int) string {
	u, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(port) + "/")
	for _, c := range b.jar.Cookies(u) {
		if c.Name == haproxy.StickyCookie("hello", port) {
			return c.Value
		}
	}
	return ""
}

// Sticky clients through the lb agent and a real HAProxy: 300 browsers at
// 10% keep their track on every request; at 50% every browser that was on
// the canary still is, the canary has half of them, and new browsers
// split half and half; promote (full) sends every browser to the new
// release and abort every one to stable, their sticky cookies expired;
// none of it reloads HAProxy.
func TestIntegrationStickyClients(t *testing.T) {
	s := newStack(t, "")
	r := s.startAgent("agent-1")
	port := haproxytest.FreePort(t)
	httpPort := state.Port{ServicePort: port, Protocol: "http"}
	v, err := s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Ports: []state.Port{httpPort}}, state.NoVersion)
	require.NoError(t, err)
	s.create(patientApp("/hello-blue", 3, port))
	waitServing(t, r.in, port, func() []string {
		if b := s.healthyTasks("/hello-blue"); len(b) == 3 {
			return b
		}
		return nil
	})
	require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	s.create(patientApp("/hello-green", 1, port))
	eventually(t, 20*time.Second, func() string { return "green never healthy" }, func() bool {
		return len(s.healthyTasks("/hello-green")) == 1
	})
	green := s.healthyTasks("/hello-green")[0]
	blue := s.healthyTasks("/hello-blue")
	put := func(weight float64, sticky bool) {
		t.Helper()
		v, err = s.store.PutRouting(s.ctx, state.Routing{Service: "hello", Stable: "/hello-blue", Canary: "/hello-green",
			CanaryWeight: weight, CanarySticky: sticky, Ports: []state.Port{httpPort}}, v)
		require.NoError(t, err)
		require.NoError(t, s.store.WaitApplied(s.ctx, "hello", int64(v), time.Now().Add(10*time.Second)))
	}
	// The canary route exists from the start; wait until the canary
	// backend has its server up, so that a draw for the canary reaches it.
	put(0, true)
	eventually(t, 20*time.Second, func() string { return "the canary backend never served" }, func() bool {
		id, code, err := hit(port, http.Header{"X-Yodel-Track": {"canary"}})
		return err == nil && code == 200 && id == green
	})
	base := reloads(t, r.in)

	const n = 300
	browsers := make([]*browser, n)
	onCanary := make([]bool, n)
	visit := func(phase string, bs []*browser) int {
		t.Helper()
		canary := 0
		for i, b := range bs {
			first := b.get(t, port)
			require.True(t, first == green || slices.Contains(blue, first), "%s: browser %d reached %s", phase, i, first)
			for range 2 { // the same track on every later request
				require.Equal(t, first == green, b.get(t, port) == green, "%s: browser %d changed track", phase, i)
			}
			if first == green {
				canary++
			}
		}
		return canary
	}

	put(10, true)
	for i := range browsers {
		browsers[i] = newBrowser()
	}
	for i, b := range browsers {
		onCanary[i] = b.get(t, port) == green
		require.NotEmpty(t, b.draw(port), "browser %d got no sticky cookie", i)
	}
	k := visit("10%", browsers)
	stattest.Share(t, k, n, 0.10, "browsers on the canary at 10%")

	put(50, true)
	k = 0
	for i, b := range browsers {
		now := b.get(t, port) == green
		if onCanary[i] {
			require.True(t, now, "browser %d was on the canary at 10%% and is not at 50%%", i)
		}
		if now {
			k++
		}
	}
	stattest.Share(t, k, n, 0.50, "the same browsers on the canary at 50%")
	fresh := make([]*browser, n)
	for i := range fresh {
		fresh[i] = newBrowser()
	}
	stattest.Share(t, visit("50%, new browsers", fresh), n, 0.50, "new browsers on the canary at 50%")

	// Promote: the full step routes by weight alone.
	put(100, false)
	for i, b := range browsers {
		require.Equal(t, green, b.get(t, port), "browser %d after promote", i)
		require.Empty(t, b.draw(port), "browser %d still holds its sticky cookie after promote", i)
	}

	// A second rollout, aborted: every browser back on stable.
	put(50, true)
	k = visit("50% again", browsers)
	require.Positive(t, k, "no browser on the canary at 50%")
	put(0, false)
	for i, b := range browsers {
		got := b.get(t, port)
		require.Contains(t, blue, got, "browser %d after abort", i)
		require.Empty(t, b.draw(port), "browser %d still holds its sticky cookie after abort", i)
	}
	require.Equal(t, base, reloads(t, r.in), "stickiness on and off and the share moving are runtime changes")
}

// patientApp is app with a health check that a busy machine does not fail:
// at the emulator's time scale app's own check times out after 100 ms, and
// a task dropping out of HAProxy for a moment sends its sticky clients to
// the other track (by design), which is not what this test is about.
func patientApp(id string, instances, servicePort int) *marathon.App {
	a := app(id, "hello", "http", instances, servicePort)
	hc := (*a.HealthChecks)[0]
	hc.IntervalSeconds, hc.TimeoutSeconds = 30, 20
	*a.HealthChecks = []gm.HealthCheck{hc}
	return a
}
