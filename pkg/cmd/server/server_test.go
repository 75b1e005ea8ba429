package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/deploy/deploytest"
	servercmd "github.com/yodeldeploy/yodel/pkg/cmd/server"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

var web = svctest.WebManifest(2, "")

// startServer deploys web v1 (2 instances) into a test realm whose
// server.users are users (YAML list items; DEE_TOKEN=t-dee,
// VIC_TOKEN=t-vic), runs `yodel server` and returns its base URL.
func startServer(t *testing.T, users string) (*svctest.Env, string) {
	t.Helper()
	e, _ := deploytest.Realm(t, web, "server:\n  url: http://127.0.0.1:9180\n  users:\n"+users, "v1")
	ctx, cancel := context.WithCancel(context.Background())

	addr := make(chan string, 1)
	done := make(chan error, 1)
	sios, _, _, logs := svctest.IO(false)
	env := map[string]string{"DEE_TOKEN": "t-dee", "VIC_TOKEN": "t-vic"}
	go func() {
		done <- servercmd.Run(ctx, &servercmd.Options{Realm: "test", Listen: "127.0.0.1:0", Deps: e.Deps(sios), Poll: 50 * time.Millisecond,
			LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
			Ready:     func(a string) { addr <- a }})
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case a := <-addr:
		return e, "http://" + a
	case err := <-done:
		t.Fatalf("the server stopped: %v\n%s", err, logs)
	}
	return nil, ""
}

// TestAPIActionsRunTheCLIsCodeWithAnAuditRow: a deployer scales web through
// the API; the scale is the CLI's (its history row names the API user),
// and the action has its audit row.
func TestAPIActionsRunTheCLIsCodeWithAnAuditRow(t *testing.T) {
	e, base := startServer(t, "    - {name: dee, role: deployer, token: {env: DEE_TOKEN}}\n")
	post := func(path, token, body string) (int, string) {
		req, err := http.NewRequest("POST", base+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := post("/v1/services/web/scale", "nope", `{"instances": 3}`)
	assert.Equal(t, http.StatusUnauthorized, code, body)
	code, body = post("/v1/services/web/scale", "t-dee", `{"instances": 3}`)
	require.Equal(t, http.StatusOK, code, body)
	var out struct {
		ExitCode int            `json:"exitCode"`
		Result   map[string]any `json:"result"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	assert.Equal(t, 0, out.ExitCode)
	assert.Equal(t, float64(3), out.Result["to"])
	app, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 3, app.WantedInstances())

	h, err := e.Store.History(context.Background(), "web", 2)
	require.NoError(t, err)
	require.Len(t, h, 2)
	audit, scaled := h[0], h[1]
	assert.Equal(t, "api", audit.Strategy)
	assert.Equal(t, "dee", audit.User)
	assert.Equal(t, "api: POST /v1/services/web/scale", audit.Command)
	assert.Equal(t, state.OutcomeSucceeded, audit.Outcome)
	assert.Equal(t, "v1", audit.Release, "the audit row names the release the service runs")
	assert.Equal(t, "dee", scaled.User, "the scale's own history row names the API user")
	assert.Contains(t, scaled.Strategy, "scale 2->3")

	// A restart: every task replaced, its own row and the audit's.
	before, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	code, body = post("/v1/services/web/restart", "t-dee", "")
	require.Equal(t, http.StatusOK, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	assert.Equal(t, 0, out.ExitCode)
	assert.Equal(t, "done", out.Result["outcome"])
	after, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	require.Len(t, after.Tasks, 3)
	for _, tk := range after.Tasks {
		for _, old := range before.Tasks {
			assert.NotEqual(t, old.ID, tk.ID, "a task that ran before the restart")
		}
	}
	h, err = e.Store.History(context.Background(), "web", 2)
	require.NoError(t, err)
	assert.Equal(t, "api: POST /v1/services/web/restart", h[0].Command)
	assert.Equal(t, "restart", h[1].Strategy)
	assert.Equal(t, "dee", h[1].User)
	code, body = post("/v1/services/web/restart", "t-dee", `{"force": true}`)
	assert.Equal(t, http.StatusBadRequest, code, body)

	// A rollout action with no rollout fails like the CLI (exit 1): 404,
	// there is no rollout to act on; it is audited as failed.
	code, body = post("/v1/services/web/rollout/pause", "t-dee", "")
	assert.Equal(t, http.StatusNotFound, code, body)
	assert.Contains(t, body, "no canary rollout in progress")
	h, err = e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
	assert.Equal(t, "api: POST /v1/services/web/rollout/pause", h[0].Command)

	// The dashboard is served beside the API, to the same users: after
	// signing in, the realm overview shows web at its new count.
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(base + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "/ui/login", resp.Request.URL.Path, "without a session the dashboard asks to sign in")
	resp, err = c.PostForm(base+"/ui/login", url.Values{"user": {"dee"}, "password": {"t-dee"}})
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(page))
	assert.Contains(t, string(page), `href="/ui/services/web"`)
	assert.Contains(t, string(page), `data-field="healthy">3/3<`)
}

// The API's changes go through the engine's one guard, as the CLI's do:
// while a canary rollout is active (its deploying CLI alive: it holds the
// lock), a scale is refused with exit 5 naming the rollout and the
// commands that end it, and changes nothing.
func TestAPIChangesGoThroughTheGuard(t *testing.T) {
	e, base := startServer(t, "    - {name: dee, role: deployer, token: {env: DEE_TOKEN}}\n")
	ctx := context.Background()
	rl, err := realm.Load(e.RealmFile, "")
	require.NoError(t, err)
	cli := state.Holder{User: "tester", Pid: os.Getpid(), Command: "yodel deploy web --release v2", StartedAt: time.Now()}
	lock, err := e.Store.Lock(ctx, "web", cli)
	require.NoError(t, err)
	defer lock.Release(ctx)
	deploytest.Begin(t, e, rl, deploytest.Canary{Release: "v2", Holder: cli, Driver: &cli, Steps: 2})

	req, err := http.NewRequest("POST", base+"/v1/services/web/scale", strings.NewReader(`{"instances": 5}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer t-dee")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, string(body))
	var out struct {
		ExitCode    int `json:"exitCode"`
		Error, Hint string
	}
	require.NoError(t, json.Unmarshal(body, &out))
	assert.Equal(t, 5, out.ExitCode)
	assert.Contains(t, out.Error, "refusing to scale web: its canary rollout of release v2")
	assert.Contains(t, out.Hint, "yodel canary abort web --realm test")
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, 2, app.WantedInstances(), "the refused scale changed web")
}
