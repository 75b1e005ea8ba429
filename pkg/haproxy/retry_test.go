package haproxy_test

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// A task Marathon kills on its own (no drain: a rolling restart it drives,
// an unhealthy kill) may close its connections or answer 502/503 while
// HAProxy still routes it. Idempotent requests are retried on another
// server (templates/haproxy: retry-on + option redispatch); a POST is never
// sent twice.
func TestDyingServerRetriedForIdempotentMethodsOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode int32
	}{{"connection closed without a response", haproxytest.DieClose}, {"503", haproxytest.Die503}} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t)
			dying, ok := haproxytest.NewHTTPBackend(t, "dying"), haproxytest.NewHTTPBackend(t, "ok")
			port := haproxytest.FreePort(t)
			// Empty first: the service is then added to a file yodel wrote.
			e.apply(haproxy.Config{})
			e.apply(haproxy.Config{Services: []haproxy.Service{httpService("web", port, server(dying, 1), server(ok, 1))}})
			e.exactly(port, nil, "dying", "ok")
			if cfg, _ := os.ReadFile(e.in.ConfigPath); !strings.Contains(string(cfg), "http-request disable-l7-retry if !METH_GET !METH_HEAD !METH_OPTIONS") {
				t.Fatalf("the backend lacks its no-replay rule:\n%s", cfg)
			}
			dying.Dying.Store(tc.mode)

			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			defer client.CloseIdleConnections()
			before := dying.Hits()
			const n = 40
			for i := range n {
				for _, m := range []string{http.MethodGet, http.MethodHead} {
					status, body := send(t, client, m, port)
					if status != http.StatusOK || (m == http.MethodGet && body != "ok") {
						t.Fatalf("%s %d: status %d body %q: not retried on the other server", m, i, status, body)
					}
				}
			}
			if dying.Hits() == before {
				t.Fatal("the dying server got no request: the test proves nothing")
			}

			// Round robin alternates: of n POSTs about half meet the dying
			// server, and each of those must fail rather than be replayed.
			before = dying.Hits()
			failed := 0
			for range n {
				if status, _ := send(t, client, http.MethodPost, port); status != http.StatusOK {
					failed++
				}
			}
			reached := int(dying.Hits() - before)
			if reached == 0 || failed != reached {
				t.Fatalf("POST: %d reached the dying server, %d failed: a POST that reached it must fail, not be retried", reached, failed)
			}
		})
	}
}

func send(t *testing.T, c *http.Client, method string, port int) (int, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("x=1")
	}
	req, err := http.NewRequest(method, "http://127.0.0.1:"+strconv.Itoa(port)+"/", body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
