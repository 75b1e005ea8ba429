package security_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// hostileBody is one misbehaving Marathon answer.
type hostileBody struct {
	name   string
	status int
	body   func() []byte
}

func repeat(prefix, item, sep, suffix string, n int) func() []byte {
	return func() []byte {
		var b bytes.Buffer
		b.WriteString(prefix)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(item)
		}
		b.WriteString(suffix)
		return b.Bytes()
	}
}

func lit(s string) func() []byte { return func() []byte { return []byte(s) } }

const goodApp = `{"id":"/web-blue","instances":1,"labels":{"YODEL_SERVICE":"web","YODEL_RELEASE":"v1"},
 "portDefinitions":[{"port":10080}],
 "tasks":[{"id":"web-blue.1","appId":"/web-blue","host":"127.0.0.1","ports":[31000],"state":"TASK_RUNNING","startedAt":"2017-03-01T12:00:00.000Z"}]}`

var hostileBodies = []hostileBody{
	{"html error page", 200, lit("<html><body>502 Bad Gateway</body></html>")},
	{"empty", 200, lit("")},
	{"truncated", 200, func() []byte { s := `{"apps":[` + goodApp + `]}`; return []byte(s[:len(s)/2]) }},
	{"null", 200, lit("null")},
	{"array instead of object", 200, lit("[1,2,3]")},
	{"apps is a string", 200, lit(`{"apps":"web","app":"web"}`)},
	{"null app and task", 200, lit(`{"apps":[null,{"id":"/web-blue","tasks":[null],"labels":null,"portDefinitions":[null]}],"app":null}`)},
	{"wrong field types", 200, lit(`{"apps":[{"id":5,"instances":"many","labels":[1],"tasks":{"a":1}}]}`)},
	{"numbers out of range", 200, lit(`{"apps":[{"id":"/web-blue","instances":1e400,"cpus":-1e308,"mem":1e999}]}`)},
	{"negative and huge ports", 200, lit(`{"apps":[{"id":"/web-blue","instances":1,"labels":{"YODEL_SERVICE":"web"},"portDefinitions":[{"port":-1},{"port":99999999}],
	  "tasks":[{"id":"t","host":"127.0.0.1","ports":[-5,70000,2147483648],"state":"TASK_RUNNING"}]}]}`)},
	{"invalid utf-8", 200, lit("{\"apps\":[{\"id\":\"/web-\xff\xfe\",\"labels\":{\"YODEL_SERVICE\":\"w\xc0b\"}}]}")},
	{"deep nesting bomb", 200, repeat(`{"apps":`, "[", "", "", 200000)},
	{"wide bomb: 300k empty tasks", 200, repeat(`{"apps":[{"id":"/web-blue","labels":{"YODEL_SERVICE":"web"},"tasks":[`, "{}", ",", `]}]}`, 300000)},
	{"huge label value (16 MiB)", 200, func() []byte {
		return []byte(`{"apps":[{"id":"/web-blue","labels":{"YODEL_SERVICE":"web","x":"` + strings.Repeat("A", 16<<20) + `"}}]}`)
	}},
	{"5xx with HTML", 503, lit("<html>" + strings.Repeat("overloaded ", 10000) + "</html>")},
	{"401 with a giant message", 401, func() []byte { return []byte(`{"message":"` + strings.Repeat("x", 1<<20) + `"}`) }},
	{"409 with malformed deployments", 409, lit(`{"message":"locked","deployments":[{"id":null},5]}`)},
}

// hostileServer answers every request with b.
func hostileServer(t *testing.T, b hostileBody) *httptest.Server {
	body := b.body()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(b.status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHostileMarathonAnswersClient: every client call returns (an error or
// a value) without panicking, and errors stay short: a hostile body is not
// echoed whole into a terminal or a log.
func TestHostileMarathonAnswersClient(t *testing.T) {
	t.Parallel()
	for _, b := range hostileBodies {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel() // each its own server; the 5xx one waits out the client's retries
			srv := hostileServer(t, b)
			c, err := marathon.New(marathon.Config{URLs: []string{srv.URL}, Timeout: 10 * time.Second})
			require.NoError(t, err)
			ctx := context.Background()
			var errs []error
			_, err = c.Apps(ctx)
			errs = append(errs, err)
			_, err = c.ServiceApps(ctx, "web")
			errs = append(errs, err)
			_, err = c.App(ctx, "/web-blue")
			errs = append(errs, err)
			_, err = c.Deployments(ctx)
			errs = append(errs, err)
			_, err = c.Leader(ctx)
			errs = append(errs, err)
			_, err = c.ScaleApp(ctx, "/web-blue", 2, false)
			errs = append(errs, err)
			for _, err := range errs {
				if err != nil {
					assert.Less(t, len(err.Error()), 4096, "error too long: %.200s", err.Error())
				}
			}
		})
	}
}

// nopApplier stands in for HAProxy: the agent's build must survive first.
type nopApplier struct{ cfg haproxy.Config }

// Apply validates like the real applier: a service HAProxy would refuse is
// reported per service and left out, never written.
func (n *nopApplier) Apply(_ context.Context, c haproxy.Config) (haproxy.Result, error) {
	n.cfg = c.Clone() // the agent reuses c.Services
	res := haproxy.Result{Errors: map[string]error{}}
	for _, s := range c.Services {
		if err := s.Validate(); err != nil {
			res.Errors[s.Name] = err
		}
	}
	return res, nil
}
func (n *nopApplier) Stats(context.Context) (map[string]haproxy.ServiceStats, error) { return nil, nil }
func (n *nopApplier) Reloads() int64                                                 { return 0 }

// TestHostileMarathonAnswersAgent: the lb agent's sync reads the same
// answers; it fails or routes, never panics, and never builds a service
// HAProxy would refuse.
func TestHostileMarathonAnswersAgent(t *testing.T) {
	ctx := context.Background()
	store, err := state.Open(ctx, "file://"+t.TempDir(), state.Options{})
	require.NoError(t, err)
	defer store.Close()
	for _, b := range hostileBodies {
		t.Run(b.name, func(t *testing.T) {
			srv := hostileServer(t, b)
			c, err := marathon.New(marathon.Config{URLs: []string{srv.URL}, Timeout: 10 * time.Second})
			require.NoError(t, err)
			ap := &nopApplier{}
			_, res, err := lb.SyncOnce(ctx, c, store, ap, lb.BuildOptions{BindAddress: "127.0.0.1"})
			if err != nil {
				assert.Less(t, len(err.Error()), 4096)
			}
			for k, e := range res.Errors {
				t.Logf("reported, not applied: %s: %v", k, e)
			}
		})
	}
}

// TestHostileMarathonAnswersStatus runs the built `yodel status` against
// each answer, text and -o json: it exits 1 with a short message, or 0,
// and never crashes (a Go panic would exit 2 with "goroutine" traces).
func TestHostileMarathonAnswersStatus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the yodel binary")
	}
	bin := sandboxtest.Binary(t)
	dir := t.TempDir()
	for _, b := range hostileBodies {
		t.Run(b.name, func(t *testing.T) {
			srv := hostileServer(t, b)
			rf := filepath.Join(dir, "realm.yaml")
			require.NoError(t, os.WriteFile(rf, []byte(fmt.Sprintf("realm: test\nmarathon:\n  urls: [%s]\nstate: file://%s/state\n", srv.URL, dir)), 0o600))
			for _, args := range [][]string{{"status", "--realm", rf}, {"status", "--realm", rf, "-o", "json"}, {"status", "web", "--realm", rf}} {
				code, stdout, stderr := run(t, bin, dir, nil, args...)
				assert.NotContains(t, stderr, "goroutine ", "yodel %v crashed", args)
				assert.NotContains(t, stderr, "panic:", "yodel %v crashed", args)
				assert.Contains(t, []int{0, 1}, code, "yodel %v: exit %d\n%s", args, code, stderr)
				assert.Less(t, len(stderr), 8192, "stderr too long: %.300s", stderr)
				if code == 0 && strings.Contains(strings.Join(args, " "), "json") {
					assert.True(t, json.Valid([]byte(stdout)), "-o json printed invalid JSON: %.300s", stdout)
				}
			}
		})
	}
}

// run runs bin in dir with env added and returns exit code and streams.
func run(t *testing.T, bin, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "CI=true", "NO_COLOR=1", "USER=tester"), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("yodel %v: %v", args, err)
	}
	return code, out.String(), errOut.String()
}
