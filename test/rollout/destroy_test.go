package rollout

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// A destroy lets the requests its tasks serve finish: the service is
// marked retiring and every task drained, even the last ones, and killed
// once its sessions have ended. hello here takes 2s per request and dies
// at once on SIGTERM, and the requests are POSTs, which HAProxy never
// replays: one in flight on each task when the destroy starts must be
// answered 200, not cut. A stream of POSTs goes on meanwhile: those sent
// once the tasks are drained get HAProxy's 503 (no server), none is cut
// (502) by a kill. Without the retiring mark the agents keep the last
// tasks serving, the stream keeps their sessions up, and the kill after
// the grace period cuts what they serve.
func TestDestroyLetsInFlightRequestsFinish(t *testing.T) {
	r := newRig(t, sandboxtest.Options{DieOnTerm: true})
	m := sandboxtest.ReplaceOnce(t, r.Base, "HELLO_LATENCY: 0s", "HELLO_LATENCY: 2s")
	r.WriteManifest(m + "killGracePeriodSeconds: 10\n")
	code, out, errOut := r.Deploy("v1")
	require.Equal(t, 0, code, "%s\n%s", out, sandboxtest.Tail(errOut, 40))
	be := haproxy.BackendName("hello", r.Port)

	const inFlight = 3
	answers := make(chan string, inFlight)
	client := &http.Client{Timeout: 30 * time.Second}
	for range inFlight {
		go func() {
			resp, err := client.Post(r.URL, "text/plain", strings.NewReader("order"))
			if err != nil {
				answers <- err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			answers <- fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(b)))
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for backendSessions(t, r.SB.AdminSocket, be) < inFlight {
		require.True(t, time.Now().Before(deadline), "the requests never reached HAProxy's backend %s", be)
		time.Sleep(5 * time.Millisecond) // polling the admin socket
	}

	stop := make(chan struct{})
	streamed := make(chan map[string]int, 1)
	go func() {
		seen := map[string]int{}
		answered := make(chan string, 1024)
		sent := 0
		tick := time.NewTicker(25 * time.Millisecond)
		defer tick.Stop()
	send:
		for {
			select {
			case <-stop:
				break send
			case <-tick.C:
			}
			sent++
			go func() {
				resp, err := client.Post(r.URL, "text/plain", strings.NewReader("order"))
				switch {
				case err != nil && strings.Contains(err.Error(), "connection refused"):
					// Sent after the agents removed the destroyed
					// service's frontend: nothing was cut.
					answered <- "refused"
					return
				case err != nil:
					answered <- "error"
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				answered <- strconv.Itoa(resp.StatusCode)
			}()
		}
		for range sent {
			seen[<-answered]++
		}
		streamed <- seen
	}()

	code, out, errOut = r.Run("destroy", "hello", "--realm", r.SB.RealmFile, "--yes")
	close(stop)
	require.Equal(t, 0, code, "%s\n%s", out, sandboxtest.Tail(errOut, 40))
	assert.Contains(t, errOut, "draining 3 task(s) of hello", "the destroy drains")
	for range inFlight {
		select {
		case a := <-answers:
			assert.True(t, strings.HasPrefix(a, "200 "), "a request in flight when the destroy began: %s", a)
		case <-time.After(30 * time.Second):
			t.Fatal("a request in flight never got an answer")
		}
	}
	select {
	case seen := <-streamed:
		t.Logf("FIGURE the stream during the destroy, by answer: %v", seen)
		assert.Zero(t, seen["502"]+seen["error"], "requests cut by the kill: %v", seen)
		assert.Positive(t, seen["503"], "requests sent once the tasks were drained find no server: %v", seen)
	case <-time.After(60 * time.Second):
		t.Fatal("the stream's requests never all got an answer")
	}
}

// backendSessions is the backend's current sessions (scur) in `show stat`.
func backendSessions(t *testing.T, sock, be string) int {
	out := sandboxtest.HAProxyExec(t, sock, "show stat")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "# "))).ReadAll()
	require.NoError(t, err)
	for _, row := range rows[1:] {
		if len(row) > 4 && row[0] == be && row[1] == "BACKEND" {
			n, err := strconv.Atoi(row[4])
			require.NoError(t, err)
			return n
		}
	}
	t.Fatalf("no backend %s in show stat", be)
	return 0
}
