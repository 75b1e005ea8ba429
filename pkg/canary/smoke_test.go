package canary

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// lbStandIn answers like the LB in front of an isolated canary: requests
// carrying the canary header reach the canary handler, others the stable.
func lbStandIn(t *testing.T, canary, stable http.HandlerFunc) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Yodel-Track") == "canary" {
			canary(w, r)
			return
		}
		stable(w, r)
	}))
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func resolved(c manifest.SmokeCheck) manifest.SmokeCheck {
	p := manifest.ResolveCanary(&manifest.Canary{Isolated: &manifest.Isolated{Smoke: []manifest.SmokeCheck{c}}})
	return p.Smoke[0]
}

func TestRunSmoke(t *testing.T) {
	var flaky atomic.Int32
	canary := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			io.WriteString(w, "ok v2")
		case "/post":
			body, _ := io.ReadAll(r.Body)
			if r.Method != http.MethodPost || r.Header.Get("X-Token") != "t1" {
				http.Error(w, "wrong method or header", http.StatusBadRequest)
				return
			}
			w.WriteHeader(http.StatusCreated)
			w.Write(body)
		case "/flaky":
			if flaky.Add(1) < 3 {
				http.Error(w, "warming up", http.StatusServiceUnavailable)
				return
			}
			io.WriteString(w, "ready")
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/boom":
			http.Error(w, "internal trouble", http.StatusInternalServerError)
		}
	}
	stable := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok v1") }
	srv := lbStandIn(t, canary, stable)
	tgt := Target{URL: srv.URL, HeaderName: "X-Yodel-Track", HeaderValue: "canary", RetryDelay: time.Millisecond}

	two, zero := 2, 0
	short := manifest.Duration(100 * time.Millisecond)
	tests := []struct {
		name    string
		check   manifest.SmokeCheck
		verdict string
		msg     string
		tries   float64
	}{
		{"reaches the canary, not stable", manifest.SmokeCheck{Path: "/healthz", ExpectBody: "v2"}, VerdictPass, "200", 1},
		{"method, headers and status", manifest.SmokeCheck{Path: "/post", Method: "POST", Headers: map[string]string{"X-Token": "t1"}, ExpectStatus: 201}, VerdictPass, "201", 1},
		{"retries until it passes", manifest.SmokeCheck{Path: "/flaky", Retries: &two}, VerdictPass, "after 3 attempts", 3},
		{"wrong status", manifest.SmokeCheck{Path: "/boom"}, VerdictFail, `GET /boom answered 500, expected 200 (body: "internal trouble")`, 1},
		{"body mismatch", manifest.SmokeCheck{Path: "/healthz", ExpectBody: "v3"}, VerdictFail, `the answer does not contain "v3"`, 1},
		{"timeout", manifest.SmokeCheck{Path: "/slow", Timeout: &short, Retries: &zero}, VerdictFail, "no answer within 100ms", 1},
		{"retries exhausted", manifest.SmokeCheck{Path: "/boom", Retries: &two}, VerdictFail, "(3 attempts)", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := RunSmoke(context.Background(), resolved(tt.check), tgt, "isolated")
			assert.Equal(t, tt.verdict, res.Verdict, res.Message)
			assert.Contains(t, res.Message, tt.msg)
			assert.Equal(t, tt.tries, res.Figures["attempts"])
			assert.Equal(t, "isolated", res.Step)
		})
	}
}

func TestSmokeHeaderCannotBeOverriddenByTheCheck(t *testing.T) {
	srv := lbStandIn(t,
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "canary") },
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "stable") })
	c := resolved(manifest.SmokeCheck{Path: "/", ExpectBody: "canary", Headers: map[string]string{"X-Yodel-Track": "stable"}})
	res := RunSmoke(context.Background(), c, Target{URL: srv.URL, HeaderName: "X-Yodel-Track", HeaderValue: "canary"}, "isolated")
	assert.Equal(t, VerdictPass, res.Verdict, res.Message)
}

func TestSmokeStopsRetryingWhenCancelled(t *testing.T) {
	srv := lbStandIn(t,
		func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 500) },
		func(w http.ResponseWriter, r *http.Request) {})
	many := 100
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := RunSmoke(ctx, resolved(manifest.SmokeCheck{Path: "/", Retries: &many}), Target{URL: srv.URL, RetryDelay: time.Hour}, "isolated")
	assert.Equal(t, VerdictFail, res.Verdict)
}

func TestSmokeConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	res := RunSmoke(context.Background(), resolved(manifest.SmokeCheck{Path: "/"}), Target{URL: "http://" + addr}, "isolated")
	assert.Equal(t, VerdictFail, res.Verdict)
	assert.Contains(t, res.Message, "connection refused")
}

func TestRunCommand(t *testing.T) {
	srv := lbStandIn(t,
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "canary-ok") },
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "stable") })
	tgt := Target{URL: srv.URL, HeaderName: "X-Yodel-Track", HeaderValue: "canary"}

	t.Run("gets the URL and header and passes on exit 0", func(t *testing.T) {
		var out bytes.Buffer
		// The command uses the variables the way a user script would.
		cmd := `echo "url=$YODEL_CANARY_URL header=$YODEL_CANARY_HEADER"; test "$YODEL_CANARY_HEADER" = "X-Yodel-Track: canary"`
		res := RunCommand(context.Background(), cmd, tgt, t.TempDir(), &out, "isolated")
		assert.Equal(t, VerdictPass, res.Verdict, res.Message)
		assert.Equal(t, "url="+srv.URL+" header=X-Yodel-Track: canary\n", out.String())
	})
	t.Run("exit 1 fails with the output tail", func(t *testing.T) {
		res := RunCommand(context.Background(), `echo "expected canary-ok, got stable" >&2; exit 3`, tgt, "", nil, "isolated")
		assert.Equal(t, VerdictFail, res.Verdict)
		assert.Equal(t, float64(3), res.Figures["exitCode"])
		assert.Contains(t, res.Message, "exit status 3")
		assert.Contains(t, res.Message, "expected canary-ok, got stable")
	})
	t.Run("runs in the given directory", func(t *testing.T) {
		dir := t.TempDir()
		res := RunCommand(context.Background(), `test "$(pwd -P)" = "$(cd "`+dir+`" && pwd -P)"`, tgt, dir, nil, "isolated")
		assert.Equal(t, VerdictPass, res.Verdict, res.Message)
	})
	t.Run("TCP services get an empty header", func(t *testing.T) {
		res := RunCommand(context.Background(), `test -z "$YODEL_CANARY_HEADER" && test -n "$YODEL_CANARY_URL"`, Target{URL: "tcp://127.0.0.1:11000"}, "", nil, "isolated")
		assert.Equal(t, VerdictPass, res.Verdict, res.Message)
	})
	t.Run("cancelled command fails", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		res := RunCommand(ctx, "sleep 30", tgt, "", nil, "isolated")
		assert.Equal(t, VerdictFail, res.Verdict)
		assert.Less(t, res.Duration.D(), 10*time.Second)
	})
}
