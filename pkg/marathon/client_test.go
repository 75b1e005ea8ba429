package marathon

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exitCoder and hinter are what pkg/cmdutil looks for.
type exitCoder interface{ ExitCode() int }
type hinter interface{ Hint() string }

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no URL", Config{}, "no URL configured"},
		{"bad scheme", Config{URLs: []string{"ftp://m:8080"}}, "must start with http:// or https://"},
		{"first without scheme", Config{URLs: []string{"m:8080"}}, "must start with http://"},
		{"no host", Config{URLs: []string{"http://"}}, "has no host"},
		{"credentials in URL", Config{URLs: []string{"http://u:secret@m:8080"}}, "carries credentials"},
		{"query", Config{URLs: []string{"http://m:8080?x=1"}}, "query"},
		{"empty entry", Config{URLs: []string{"http://m:8080", " "}}, "URL 2 is empty"},
		{"missing CA", Config{URLs: []string{"https://m"}, CAFile: "/nonexistent/ca.pem"}, "reading CA file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "secret")
		})
	}

	c, err := New(Config{URLs: []string{"https://a:8443/service/marathon/", "b:8443"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"https://a:8443/service/marathon", "https://b:8443"}, c.URLs(), "later URLs inherit the first scheme; base paths are kept")
}

func TestErrorMapping(t *testing.T) {
	const password = "s3cr3t-value"
	tests := []struct {
		name     string
		status   int
		body     string
		auth     Auth
		check    func(t *testing.T, err error)
		exit     int
		hintHas  string
		errorHas []string
	}{
		{
			name: "401 basic", status: 401, body: `{"message":"Invalid username or password."}`,
			auth: Basic{User: "deploy", Password: password, Source: "$MARATHON_PASSWORD"},
			exit: 1, hintHas: "$MARATHON_PASSWORD",
			errorHas: []string{"basic auth user deploy, password from $MARATHON_PASSWORD", "refused the credentials", "Invalid username or password."},
			check: func(t *testing.T, err error) {
				var ae *AuthError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, 401, ae.Status)
			},
		},
		{
			name: "401 without credentials", status: 401, body: `{"message":"Invalid username or password."}`,
			exit: 1, hintHas: "needs credentials", errorHas: []string{"sent: no credentials"},
		},
		{
			name: "403 token", status: 403, body: `{"message":"Not Authorized to perform this action!"}`,
			auth: Token{Token: password, Source: "file /etc/yodel/token"},
			exit: 1, hintHas: "may not update app /web-blue",
			errorHas: []string{"forbade PUT /v2/apps/web-blue (403: Not Authorized to perform this action!)",
				"the credential (DC/OS token from file /etc/yodel/token) lacks permission to update app /web-blue"},
		},
		{
			name: "404", status: 404, body: `{"message":"App '/x' does not exist"}`,
			exit: 1, errorHas: []string{"App '/x' does not exist"},
			check: func(t *testing.T, err error) { assert.True(t, IsNotFound(err)) },
		},
		{
			name: "409 locked", status: 409,
			body: `{"message":"App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43'.","deployments":[{"id":"5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43"}]}`,
			exit: 5, hintHas: "/v2/deployments/5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43",
			errorHas: []string{"5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", "on /web-blue", "running for"},
			check: func(t *testing.T, err error) {
				var le *LockedError
				require.ErrorAs(t, err, &le)
				assert.Equal(t, []string{"5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43"}, le.DeploymentIDs)
				assert.False(t, le.Started.IsZero(), "start time read from /v2/deployments")
				le.SeeCommand, le.CancelCommand = "yodel status web --realm qa", "yodel deploy web --realm qa --force"
				assert.Contains(t, le.Hint(), "yodel status web --realm qa")
				assert.Contains(t, le.Hint(), "yodel deploy web --realm qa --force")
			},
		},
		{
			name: "409 duplicate", status: 409, body: `{"message":"An app with id [/x] already exists."}`,
			exit: 1, errorHas: []string{"409", "already exists"},
			check: func(t *testing.T, err error) {
				var ae *APIError
				require.ErrorAs(t, err, &ae)
			},
		},
		{
			name: "422", status: 422,
			body: `{"message":"Object is not valid","details":[{"path":"/upgradeStrategy/minimumHealthCapacity","errors":["is greater than 1"]},{"path":"/healthChecks/0/path","errors":["must start with /","is too long"]},{"path":"/cmd","errors":["bad"]}]}`,
			exit: 2, hintHas: "manifest",
			errorHas: []string{"services/web.yaml:12 rollout.minHealthy (Marathon /upgradeStrategy/minimumHealthCapacity): is greater than 1", "services/web.yaml:20 health.path", "must start with /; is too long", "\n  /cmd: bad"},
			check: func(t *testing.T, err error) {
				var ie *InvalidError
				require.ErrorAs(t, err, &ie)
				require.Len(t, ie.Details, 3)
				assert.Equal(t, "/healthChecks/0/path", ie.Details[1].Path)
			},
		},
		{
			name: "400 bad JSON", status: 400, body: `{"message":"Invalid JSON","details":[{"path":"/id","errors":["error.expected.jsstring"]}]}`,
			exit: 1, errorHas: []string{"400", "Invalid JSON", "/id: error.expected.jsstring"},
		},
		{
			name: "non-JSON body", status: 418, body: "<html><body>I'm a proxy</body></html>",
			exit: 1, errorHas: []string{"418", "I'm a proxy"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v2/deployments" {
					writeJSON(w, 200, []map[string]any{{"id": "5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", "version": "2020-01-01T00:00:00.000Z", "affectedApps": []string{"/web-blue"}}})
					return
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c := newTestClient(t, Config{URLs: []string{srv.URL}, Auth: tt.auth})
			_, err := c.UpdateApp(context.Background(), testApp("/web-blue", 1, v1, false), false)
			require.Error(t, err)
			var ie *InvalidError
			if errors.As(err, &ie) {
				ie.MapFields(func(p string) string {
					return map[string]string{
						"/upgradeStrategy/minimumHealthCapacity": "services/web.yaml:12 rollout.minHealthy",
						"/healthChecks/0/path":                   "services/web.yaml:20 health.path",
					}[p]
				})
			}
			var ec exitCoder
			require.ErrorAs(t, err, &ec)
			assert.Equal(t, tt.exit, ec.ExitCode())
			for _, s := range tt.errorHas {
				assert.Contains(t, err.Error(), s)
			}
			hint := ""
			if h, ok := err.(hinter); ok {
				hint = h.Hint()
			}
			if tt.hintHas != "" {
				assert.Contains(t, hint, tt.hintHas)
			}
			assert.NotContains(t, err.Error()+hint, password, "secrets never appear")
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

// deadURL is a loopback URL nothing listens on.
func deadURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	u := "http://" + l.Addr().String()
	l.Close()
	return u
}

func TestFailoverOnConnRefusedAnd5xx(t *testing.T) {
	state := newCluster()
	state.update(func(apps map[string]*App, _ *[]Deployment) { apps["/a"] = testApp("/a", 1, v1, false) })
	bad := newFake(t, state)
	bad.status.Store(503)
	good := newFake(t, state)
	dead := deadURL(t)
	c := newTestClient(t, Config{URLs: []string{dead, bad.URL(), good.URL()}})

	apps, err := c.Apps(context.Background())
	require.NoError(t, err)
	require.Len(t, apps, 1)
	assert.Equal(t, 1, bad.count("GET /v2/apps"))
	assert.Equal(t, 1, good.count("GET /v2/apps"))

	// The members that failed are now tried last: the next call goes to
	// the good one directly.
	_, err = c.Apps(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, bad.count("GET /v2/apps"))
	assert.Equal(t, 2, good.count("GET /v2/apps"))

	// When the good one fails too, the others are tried again and the
	// recovered one is used.
	bad.status.Store(0)
	good.status.Store(502)
	_, err = c.Apps(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, bad.count("GET /v2/apps"))
}

func TestUnreachableListsEveryURL(t *testing.T) {
	bad := newFake(t, nil)
	bad.status.Store(500)
	dead := deadURL(t)
	c := newTestClient(t, Config{URLs: []string{dead, bad.URL()}})
	_, err := c.App(context.Background(), "/a")
	var ue *UnreachableError
	require.ErrorAs(t, err, &ue)
	require.Len(t, ue.Attempts, 2)
	msg := err.Error()
	assert.Contains(t, msg, dead+": ")
	assert.Contains(t, msg, "connection refused")
	assert.Contains(t, msg, bad.URL()+": 500 Internal Server Error: fake failure")
	assert.Equal(t, 1, ue.ExitCode())
	assert.NotEmpty(t, ue.Hint())
}

func TestContextCancelsCall(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newTestClient(t, Config{URLs: []string{srv.URL}})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	_, err := c.Apps(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	var ue *UnreachableError
	assert.False(t, errors.As(err, &ue), "a cancelled call is not an unreachable Marathon")
}

func writePEM(t *testing.T, der []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

// selfSigned makes a certificate for 127.0.0.1 signed by itself, distinct
// from the one every httptest TLS server shares.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(42),
		Subject:               pkix.Name{CommonName: "test marathon"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, der
}

func TestCustomCA(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pong") })
	srv := httptest.NewTLSServer(h)
	defer srv.Close()
	cert, der := selfSigned(t)
	own := httptest.NewUnstartedServer(h)
	own.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	own.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	own.StartTLS()
	defer own.Close()

	c := newTestClient(t, Config{URLs: []string{own.URL}, CAFile: writePEM(t, der)})
	require.NoError(t, c.Ping(context.Background()))

	// Without a CA file the system roots do not know it.
	c = newTestClient(t, Config{URLs: []string{own.URL}})
	require.ErrorContains(t, c.Ping(context.Background()), "certificate")

	// A CA file for another certificate: refused, not merely added to the
	// system roots.
	c = newTestClient(t, Config{URLs: []string{own.URL}, CAFile: writePEM(t, srv.Certificate().Raw)})
	err := c.Ping(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")

	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("hello"), 0o600))
	_, err = New(Config{URLs: []string{srv.URL}, CAFile: notPEM})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds no PEM certificate")
}

func TestRequestsCarryAuthAndPaths(t *testing.T) {
	type seen struct{ method, path, query, auth, body string }
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), string(b)})
		switch {
		case r.URL.Path == "/marathon/v2/apps" && r.Method == "GET":
			io.WriteString(w, `{"apps":[{"id":"/web-blue","labels":{"YODEL_SERVICE":"web"}},{"id":"/other","labels":{"YODEL_SERVICE":"webx"}},`+
				`{"id":"/evil/web-blue","labels":{"YODEL_SERVICE":"web"}},{"id":"/web","labels":{"YODEL_SERVICE":"web"}},{"id":"/web-green","labels":{"YODEL_SERVICE":"web"}}]}`)
		case r.URL.Path == "/marathon/v2/apps" && r.Method == "POST":
			w.Header().Set("Location", "/v2/apps/web-blue")
			w.WriteHeader(201)
			io.WriteString(w, `{"id":"/web-blue","version":"2024-01-01T10:00:00.000Z","deployments":[{"id":"d-1"}]}`)
		case r.URL.Path == "/marathon/v2/deployments/d-1" && r.URL.Query().Get("force") == "true":
			w.WriteHeader(202)
		case r.URL.Path == "/marathon/v2/tasks/delete":
			w.Header().Set("Marathon-Deployment-Id", "d-3")
			io.WriteString(w, `{"tasks":[]}`)
		default:
			w.Header().Set("Marathon-Deployment-Id", "d-2")
			io.WriteString(w, `{"deploymentId":"d-2","version":"2024-01-01T11:00:00.000Z"}`)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	c := newTestClient(t, Config{URLs: []string{srv.URL + "/marathon"}, Auth: Token{Token: "tok"}})
	last := func() seen { return got.Load().(seen) }

	apps, err := c.ServiceApps(ctx, "web")
	require.NoError(t, err)
	require.Len(t, apps, 2, "apps of other services are filtered out even if the selector is ignored")
	// An app another Marathon user labelled as the service is not one of
	// its apps: a destroy would delete it.
	assert.Equal(t, "/web-blue", apps[0].ID)
	assert.Equal(t, "/web-green", apps[1].ID)
	assert.Equal(t, "token=tok", last().auth)
	assert.Contains(t, last().query, "label=YODEL_SERVICE%3D%3Dweb")
	assert.Contains(t, last().query, "embed=apps.tasks")

	_, err = c.ServiceApps(ctx, "web,x==y")
	assert.ErrorContains(t, err, "invalid service name")

	// One service's status: Marathon's id filter, the same embeds; the
	// answer as it comes (a superset the caller picks from).
	some, err := c.AppsWithID(ctx, "web")
	require.NoError(t, err)
	assert.Len(t, some, 5)
	q, _ := url.ParseQuery(last().query)
	assert.Equal(t, []string{"web"}, q["id"])
	assert.Equal(t, appsEmbed["embed"], q["embed"])
	_, err = c.AppsWithID(ctx, "")
	require.NoError(t, err)
	q, _ = url.ParseQuery(last().query)
	assert.NotContains(t, q, "id", "no filter: every app")
	assert.Equal(t, appsEmbed["embed"], q["embed"])

	app := testApp("web-blue", 2, "", true)
	app.KillSelection = "OLDEST_FIRST"
	app.UnreachableStrategy = &UnreachableStrategy{Disabled: true}
	ref, err := c.CreateApp(ctx, app)
	require.NoError(t, err)
	assert.Equal(t, DeploymentRef{ID: "d-1", Version: v1}, ref)
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(last().body), &body))
	assert.Equal(t, "/web-blue", body["id"])
	assert.Equal(t, "OLDEST_FIRST", body["killSelection"])
	assert.Equal(t, "disabled", body["unreachableStrategy"])
	assert.NotNil(t, body["healthChecks"])

	ref, err = c.UpdateApp(ctx, app, true)
	require.NoError(t, err)
	assert.Equal(t, DeploymentRef{ID: "d-2", Version: v2}, ref)
	assert.Equal(t, "PUT /marathon/v2/apps/web-blue", last().method+" "+last().path)
	assert.Contains(t, last().query, "partialUpdate=false")
	assert.Contains(t, last().query, "force=true")

	_, err = c.ScaleApp(ctx, "/web-blue", 5, false)
	require.NoError(t, err)
	assert.JSONEq(t, `{"instances":5}`, last().body, "a scale leaves the rest of the app alone")
	assert.NotContains(t, last().query, "partialUpdate")

	_, err = c.RollbackApp(ctx, "/web-blue", v1, false)
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":"`+v1+`"}`, last().body)
	_, err = c.RollbackApp(ctx, "/web-blue", "../../x", false)
	assert.ErrorContains(t, err, "invalid app version")

	_, err = c.RestartApp(ctx, "/web-blue", false)
	require.NoError(t, err)
	assert.Equal(t, "POST /marathon/v2/apps/web-blue/restart", last().method+" "+last().path)

	_, err = c.DeleteApp(ctx, "/web-blue", false)
	require.NoError(t, err)
	assert.Equal(t, "DELETE /marathon/v2/apps/web-blue force=false", last().method+" "+last().path+" "+last().query)

	ref, err = c.KillTasks(ctx, []string{"web-blue.1c9e3a2b-0000-11ee-8000-000000000000"}, KillOptions{Scale: true})
	require.NoError(t, err)
	assert.Equal(t, "d-3", ref.ID)
	assert.Equal(t, "POST /marathon/v2/tasks/delete scale=true", last().method+" "+last().path+" "+last().query)
	assert.JSONEq(t, `{"ids":["web-blue.1c9e3a2b-0000-11ee-8000-000000000000"]}`, last().body)

	ref, err = c.CancelDeployment(ctx, "d-1", true)
	require.NoError(t, err, "202 with an empty body")
	assert.Equal(t, "", ref.ID)

	for _, bad := range []string{"/Web", "/a_b", "/a/../b", "/a?x=1", "/a/./b", ""} {
		_, err := c.App(ctx, bad)
		assert.ErrorContains(t, err, "invalid app id", bad)
	}
}

func TestAppHelpers(t *testing.T) {
	app := testApp("/web-blue", 3, v2, true)
	app.VersionInfo.LastScalingAt = "2024-01-01T12:00:00.000Z"
	app.Version = "2024-01-01T12:00:00.000Z" // scaled after the config change
	app.Tasks = []*Task{
		testTask("/web-blue", "1", v2, "TASK_RUNNING", ptr(true)),
		testTask("/web-blue", "2", "2024-01-01T12:00:00.000Z", "TASK_RUNNING", ptr(false)),
		testTask("/web-blue", "3", v2, "TASK_STAGING", nil),
		testTask("/web-blue", "4", v1, "TASK_RUNNING", ptr(true)),
		testTask("/web-blue", "5", v2, "TASK_RUNNING", nil),
	}
	got := app.TasksByVersion(time.Time{})
	assert.Equal(t, []VersionCount{
		{Version: "2024-01-01T12:00:00.000Z", Current: true, Running: 1},
		{Version: v2, Current: true, Staged: 1, Running: 2, Healthy: 1},
		{Version: v1, Current: false, Running: 1, Healthy: 1},
	}, got, "tasks launched before a scale still run the current config; a task without results is not healthy")
}

func TestStepAcceptsBothLayouts(t *testing.T) {
	var d Deployment
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","steps":[{"actions":[{"action":"StartApplication","app":"/a"}]},[{"type":"ScaleApplication","app":"/a"}]]}`), &d))
	require.Len(t, d.Steps, 2)
	assert.Equal(t, "StartApplication /a", d.Steps[0].Actions[0].String())
	assert.Equal(t, "ScaleApplication /a", d.Steps[1].Actions[0].String())
	assert.True(t, strings.HasPrefix(d.ID, "x"))
}

// An answer over the cap fails with a clear error, without trying the
// other members (they would only be asked to send it again), and an answer
// of exactly the cap is read.
func TestResponseSizeCap(t *testing.T) {
	assert.Equal(t, int64(64<<20), int64(MaxResponseBytes))
	var hits atomic.Int32
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, body.Load().(string))
	}))
	defer srv.Close()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, `{"apps":[]}`)
	}))
	defer other.Close()
	c, err := New(Config{URLs: []string{srv.URL, other.URL}})
	require.NoError(t, err)
	// The same code path as 64 MiB, without the memory or the time: one
	// app 64 KiB, the answer 1 MiB. At 1 MiB an app, five of them read
	// under the race detector on a busy machine ran past the client's 10 s
	// timeout (encoding/json's decoding of them, 1.3 s on a quiet one).
	const one = 64 << 10
	c.maxBody = one
	// app is an app of exactly n bytes, its size in a label.
	app := func(id string, n int) string {
		head := `{"id":"` + id + `","labels":{"X":"`
		return head + strings.Repeat("a", n-len(head)-len(`"}}`)) + `"}}`
	}
	answer := func(apps ...string) string { return `{"apps":[` + strings.Join(apps, ",") + `]}` }

	// A few large apps (a Marathon user's labels) are read, each up to the
	// cap of one: together far more than one answer read into memory.
	var big []string
	for i := range 5 {
		big = append(big, app(fmt.Sprintf("/big%d", i), one))
	}
	body.Store(answer(append(big, `{"id":"/web-blue","labels":{"YODEL_SERVICE":"web"}}`)...))
	apps, err := c.Apps(context.Background())
	require.NoError(t, err, "exactly the cap of one app is fine, five of them too")
	require.Len(t, apps, 6)
	var routed []*App
	require.NoError(t, c.EachRoutedApp(context.Background(), func(a *App) error { routed = append(routed, a); return nil }))
	require.Len(t, routed, 6)
	assert.Empty(t, *routed[0].Labels, "the routing read keeps no label routing does not read")
	assert.Equal(t, "web", routed[5].Service())

	// One app over the cap of one is listed unread, named, once; the
	// others are read.
	hits.Store(0)
	body.Store(answer(`{"id":"/a"}`, app("/big", one+1), `{"id":"/web-green","labels":{"YODEL_SERVICE":"web"}}`))
	apps, err = c.Apps(context.Background())
	require.NoError(t, err)
	require.Len(t, apps, 3)
	assert.Equal(t, "/a", apps[0].ID)
	assert.Nil(t, apps[0].TooLarge)
	assert.Equal(t, "/big", apps[1].ID)
	require.NotNil(t, apps[1].TooLarge)
	assert.EqualError(t, apps[1].TooLarge, "marathon: /big is larger than 64 KiB, the most yodel reads of one app: left out of the read (check its labels, environment and command)")
	assert.Nil(t, apps[1].Labels, "nothing of it is read")
	assert.Equal(t, "web", apps[2].Service())
	assert.Equal(t, int32(1), hits.Load(), "not repeated on another member")
	// A service's read leaves out a foreign app it cannot read (another
	// Marathon user's label) but not one of its own ids.
	svcApps, err := c.ServiceApps(context.Background(), "web")
	require.NoError(t, err)
	require.Len(t, svcApps, 1)
	assert.Equal(t, "/web-green", svcApps[0].ID)
	body.Store(answer(app("/web-blue", one+1), `{"id":"/web-green","labels":{"YODEL_SERVICE":"web"}}`))
	_, err = c.ServiceApps(context.Background(), "web")
	var atl *AppTooLargeError
	require.ErrorAs(t, err, &atl, "a service's own app it cannot read stops its read")
	assert.Equal(t, "/web-blue", atl.ID)
	// The routing read holds no app whole: the large app does not stop it.
	body.Store(answer(`{"id":"/a"}`, app("/big", one+1)))
	routed = nil
	require.NoError(t, c.EachRoutedApp(context.Background(), func(a *App) error { routed = append(routed, a); return nil }))
	require.Len(t, routed, 2)
	assert.Equal(t, "/big", routed[1].ID)
	// Only an app whose routing part alone is over the cap is left out,
	// and named to OnLeftOut.
	tasks := strings.Repeat(`{"id":"t","host":"h","ports":[1]},`, one/32)
	body.Store(answer(`{"id":"/a"}`, `{"id":"/huge","tasks":[`+tasks+`{}]}`, `{"id":"/b"}`))
	var leftOut []error
	c.OnLeftOut(func(err error) { leftOut = append(leftOut, err) })
	routed = nil
	require.NoError(t, c.EachRoutedApp(context.Background(), func(a *App) error { routed = append(routed, a); return nil }))
	require.Len(t, routed, 2)
	assert.Equal(t, "/b", routed[1].ID)
	require.Len(t, leftOut, 1)
	assert.EqualError(t, leftOut[0], "marathon: /huge: its tasks, ports, checks and constraints are larger than 64 KiB, more than yodel reads of one app for routing: not routed")

	// The whole answer has a cap too, of both reads.
	hits.Store(0)
	var many []string
	for i := range 17 {
		many = append(many, app(fmt.Sprintf("/m%d", i), one))
	}
	body.Store(answer(many...))
	_, err = c.Apps(context.Background())
	var tl *BodyTooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, srv.URL, tl.URL)
	assert.Contains(t, err.Error(), "the answer of "+srv.URL)
	assert.Contains(t, err.Error(), "larger than 1 MiB")
	assert.Equal(t, int32(1), hits.Load(), "not repeated on another member")
	err = c.EachRoutedApp(context.Background(), func(*App) error { return nil })
	require.ErrorAs(t, err, &tl, "the routing read too")
	assert.Contains(t, err.Error(), "larger than 1 MiB")
}

// TestAuthErrorPermission: a 403 names the permission the refused request
// needed, so the message says what the credential may not do.
func TestAuthErrorPermission(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{"POST", "/v2/apps", "create apps"},
		{"PUT", "/v2/apps/web-blue?force=true", "update app /web-blue"},
		{"PATCH", "/v2/apps", "update apps"},
		{"DELETE", "/v2/apps/web-green", "delete app /web-green"},
		{"DELETE", "/v2/apps/web-blue/tasks/web-blue.1", "kill tasks of app /web-blue"},
		{"POST", "/v2/apps/web-blue/restart", "update app /web-blue"},
		{"POST", "/v2/tasks/delete", "update apps"},
		{"GET", "/v2/events", "read"},
		{"", "", "read"},
	} {
		e := &AuthError{Method: c.method, Path: c.path, Status: 403}
		assert.Equal(t, c.want, e.Permission(), "%s %s", c.method, c.path)
	}
}
