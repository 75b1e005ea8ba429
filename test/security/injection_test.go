package security_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// marker is planted in every hostile value; no generated configuration may
// ever contain it.
const marker = "PWNED"

// breakouts are the ways a value could escape its place in HAProxy's
// configuration (a new line, a comment, a new word, a quote) or in a URL
// path (a dot segment, a query).
var breakouts = []string{
	"web\nbackend " + marker,
	"web #" + marker,
	"web " + marker,
	`web"` + marker,
	"web'" + marker,
	"../" + marker,
	"web/../" + marker,
	"web?" + marker,
	"web\r" + marker,
	"web\x00" + marker,
	strings.Repeat("w", 300) + marker,
}

const baseManifest = `service: web
cmd: sleep 1000
instances: 1
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
`

// TestManifestRejectsBreakouts: every name that becomes a Marathon id or
// HAProxy identifier is refused with an error naming the field.
func TestManifestRejectsBreakouts(t *testing.T) {
	fields := []struct {
		field string
		yaml  func(v string) string
	}{
		{"service", func(v string) string { return strings.Replace(baseManifest, "service: web", "service: "+q(v), 1) }},
		{"ports[0].name", func(v string) string { return strings.Replace(baseManifest, "name: http", "name: "+q(v), 1) }},
		{"env", func(v string) string { return baseManifest + "env:\n  " + q(v) + ": x\n" }},
		{"secrets", func(v string) string { return baseManifest + "secrets:\n  " + q(v) + ": env:X\n" }},
		{"realms", func(v string) string { return baseManifest + "realms:\n  " + q(v) + ": {instances: 2}\n" }},
		{"health.path", func(v string) string {
			return baseManifest + "health: {path: " + q("/"+v) + "}\n"
		}},
	}
	for _, f := range fields {
		for _, v := range breakouts {
			if f.field == "health.path" && !strings.ContainsAny(v, " \n\r\x00#\"'") {
				continue // '/', '?' and letters are legal in a path
			}
			if (f.field == "env" || f.field == "secrets") && !strings.ContainsAny(v, " \n\r\x00#\"'/?.") {
				continue // a long variable name is legal; it never reaches HAProxy
			}
			src := f.yaml(v)
			m, err := manifest.Parse("services/web.yaml", []byte(src))
			if !assert.Errorf(t, err, "%s = %q was accepted", f.field, v) {
				continue
			}
			assert.Nil(t, m)
			msg := err.Error()
			assert.Contains(t, msg, "services/web.yaml", "the error names the file")
			assert.Contains(t, msg, strings.Split(f.field, "[")[0], "the error names the field")
		}
	}
	// Labels: a key with white space is refused; values are free text for
	// Marathon and never reach HAProxy (see TestHostileAppsNeverReachHAProxyConfig).
	_, err := manifest.Parse("services/web.yaml", []byte(baseManifest+"labels:\n  \"a b\": x\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "labels")
}

// q quotes v as a YAML double-quoted scalar, escaping what YAML needs.
func q(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestRealmRejectsHeaderBreakouts: the canary header is written unquoted
// into every agent's HAProxy configuration.
func TestRealmRejectsHeaderBreakouts(t *testing.T) {
	base := "realm: qa\nmarathon: {urls: [\"http://127.0.0.1:1\"]}\nstate: file:///tmp/x\nhaproxy:\n  canaryHeader: %s\n"
	for _, h := range []string{
		"X-Track: canary #" + marker,
		"X-Track: can ary",
		`X-Track: "canary"`,
		"X-Track: canary\\n" + marker,
		"X-#Track: canary",
		"X'Track: canary",
		"X-Track: $" + marker,
		"X-Track: canary' or '1",
	} {
		src := strings.Replace(base, "%s", q(h), 1)
		_, err := realm.Parse("realms/qa.yaml", []byte(src), "")
		if assert.Errorf(t, err, "header %q accepted", h) {
			assert.Contains(t, err.Error(), "haproxy.canaryHeader")
		}
	}
	// And the default still passes.
	_, err := realm.Parse("realms/qa.yaml", []byte(strings.Replace(base, "%s", q("X-Yodel-Track: canary"), 1)), "")
	require.NoError(t, err)
}

// TestMarathonClientRefusesHostileIDs: ids and names that would leave their
// URL path segment never reach the wire.
func TestMarathonClientRefusesHostileIDs(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(500)
	}))
	defer srv.Close()
	c, err := marathon.New(marathon.Config{URLs: []string{srv.URL}, Timeout: 2 * time.Second})
	require.NoError(t, err)
	ctx := context.Background()
	ids := append([]string{"/web/..", "/web/.", "/../v2/leader", "/Web", "/web_blue", "/web%2f..", "/web blue", "//web", "/web/"}, breakouts...)
	for _, id := range ids {
		_, err := c.App(ctx, id)
		assert.Errorf(t, err, "App(%q)", id)
		_, err = c.AppVersions(ctx, id)
		assert.Errorf(t, err, "AppVersions(%q)", id)
		_, err = c.ScaleApp(ctx, id, 1, false)
		assert.Errorf(t, err, "ScaleApp(%q)", id)
		_, err = c.DeleteApp(ctx, id, false)
		assert.Errorf(t, err, "DeleteApp(%q)", id)
		_, err = c.CreateApp(ctx, &marathon.App{})
		assert.Error(t, err)
		_, err = c.ServiceApps(ctx, strings.TrimPrefix(id, "/"))
		assert.Errorf(t, err, "ServiceApps(%q)", id)
	}
	_, err = c.AppVersion(ctx, "/web-blue", "../../v2/leader")
	assert.Error(t, err)
	_, err = c.KillTasks(ctx, []string{"t1\n" + marker}, marathon.KillOptions{})
	assert.Error(t, err)
	assert.Zero(t, hits.Load(), "a hostile id reached the server")
}

// TestHostileAppsNeverReachHAProxyConfig drives the lb agent's sync against
// a Marathon emulator holding apps created directly (not by yodel) with
// hostile ids, labels and ports, next to a yodel app whose env and label
// values carry breakouts, and a routing state with hostile entries. The
// real HAProxy must keep a valid configuration that contains none of
// them, the good service must be routed, and the bad ones reported.
func TestHostileAppsNeverReachHAProxyConfig(t *testing.T) {
	if testing.Short() {
		t.Skip("runs HAProxy and the Marathon emulator")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	emu := emutest.Start(t, emutest.TimeScale(0.1))
	// Service ports HAProxy binds: free ones, not fixed numbers another
	// test's HAProxy or sandbox on this machine may hold right now.
	base := freeServicePorts(t, 5)
	port := func(i int) string { return strconv.Itoa(base + i) }
	mc, err := marathon.New(marathon.Config{URLs: []string{emu.URL}})
	require.NoError(t, err)

	// A yodel service whose free-text values are hostile: allowed in
	// Marathon (they are the app's business), never copied into HAProxy.
	m, err := manifest.Parse("services/web.yaml", []byte(strings.Replace(baseManifest, "10080", port(0), 1)+
		"env:\n  NOTE: "+q("x\nbackend "+marker+" #")+"\nlabels:\n  team: "+q("a\n    server "+marker+" 1.2.3.4:1")+"\n"))
	require.NoError(t, err)
	app, err := appdef.Build(m, appdef.Options{AppID: "/web-blue", Release: "v1"})
	require.NoError(t, err)
	cmd := "sleep 100"
	app.Cmd = &cmd
	_, err = mc.CreateApp(ctx, &marathon.App{Application: *app})
	require.NoError(t, err)

	// Foreign apps, posted raw: labels yodel and marathon-lb read, with
	// breakouts; a YODEL_SERVICE that is not a service name.
	foreign := []string{
		`{"id":"/team/api","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,
		  "portDefinitions":[{"port":` + port(1) + `,"name":"http"}],
		  "labels":{"HAPROXY_0_MODE":"http\n    bind :1 #` + marker + `","HAPROXY_0_VHOST":"` + marker + `.example.com\n"}}`,
		`{"id":"/impostor","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,
		  "portDefinitions":[{"port":` + port(2) + `}],
		  "labels":{"YODEL_SERVICE":"web\nbackend ` + marker + `","YODEL_PORT_0_PROTOCOL":"tcp ` + marker + `"}}`,
		`{"id":"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/deep","cmd":"sleep 100","cpus":0.1,"mem":16,"instances":1,
		  "portDefinitions":[{"port":` + port(3) + `}]}`,
	}
	for _, body := range foreign {
		resp, err := http.Post(emu.URL+"/v2/apps", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 201, resp.StatusCode, body)
	}

	// A routing state written by someone else: a service name and ports
	// that must not become configuration.
	storeURL := "file://" + t.TempDir()
	store, err := state.Open(ctx, storeURL, state.Options{})
	require.NoError(t, err)
	defer store.Close()
	_, err = store.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue",
		Ports: []state.Port{{Name: "http", ServicePort: base, Protocol: "http"}}}, state.NoVersion)
	require.NoError(t, err)
	_, err = store.PutRouting(ctx, state.Routing{Service: "evil\nbackend " + marker, Stable: "/x",
		Ports: []state.Port{{ServicePort: base + 4, Protocol: "http"}}}, state.NoVersion)
	t.Logf("store with a hostile service name: %v", err) // refusing is fine too

	emu.WaitIdle(t, 30*time.Second)
	waitRunning(t, ctx, mc, 4)

	in := haproxytest.Start(t, haproxytest.Options{})
	h, err := haproxy.New(in.Options())
	require.NoError(t, err)
	opts := lb.BuildOptions{BindAddress: "127.0.0.1",
		CanaryHeader: haproxy.Header{Name: "X-Yodel-Track", Value: "canary"}, IsolatedPortOffset: 1000}
	plan, res, err := lb.SyncOnce(ctx, mc, store, h, opts)
	require.NoError(t, err)

	cfg, err := os.ReadFile(in.ConfigPath)
	require.NoError(t, err)
	text := string(cfg)
	assert.NotContains(t, text, marker, "a hostile value reached the HAProxy configuration")
	assert.Contains(t, text, "backend svc_web_"+port(0), "the good service is routed")
	out, err := execHAProxyCheck(in.ConfigPath)
	require.NoError(t, err, "the configuration on disk is valid: %s", out)

	// The impostor's label is not a service name: it is routed as a
	// foreign app under a derived name, in tcp mode, and its bad label is
	// reported in the plan.
	var reported []string
	for _, sp := range plan.Services {
		reported = append(reported, sp.Problems...)
	}
	for k, e := range res.Errors {
		reported = append(reported, k+": "+e.Error())
	}
	joined := strings.Join(reported, "\n")
	t.Logf("reported problems:\n%s", joined)
	assert.Contains(t, joined, "HAPROXY_0_MODE", "the hostile mode label is reported")
	for _, sp := range plan.Services {
		assert.NotContains(t, sp.Name, "\n")
		assert.NotContains(t, sp.Name, marker)
	}
}

func waitRunning(t *testing.T, ctx context.Context, mc *marathon.Client, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		apps, err := mc.Apps(ctx)
		running := 0
		if err == nil {
			for _, a := range apps {
				for _, tk := range a.Tasks {
					if marathon.TaskRunning(tk) {
						running++
					}
				}
			}
		}
		if running >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d tasks running after 30s (err %v)", running, n, err)
		}
		time.Sleep(50 * time.Millisecond) // poll interval of a condition with a deadline
	}
}

func execHAProxyCheck(path string) (string, error) {
	var out bytes.Buffer
	cmd := execCommand("/usr/sbin/haproxy", "-c", "-f", path)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee interface{ ExitCode() int }
	if errors.As(err, &ee) {
		return out.String(), err
	}
	return out.String(), err
}

// freeServicePorts returns a base port b such that b..b+n-1 can all be
// bound now, from the default service port range (below the ephemeral
// range, so no outgoing connection takes one meanwhile).
func freeServicePorts(t *testing.T, n int) int {
	t.Helper()
	for range 1000 {
		b := 10000 + rand.IntN(10000-n)
		ok := true
		for i := range n {
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(b+i)))
			if err != nil {
				ok = false
				break
			}
			ln.Close()
		}
		if ok {
			return b
		}
	}
	t.Fatalf("no %d consecutive free service ports", n)
	return 0
}
