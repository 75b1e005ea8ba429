package marathon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/retry"
)

// slowMarathon answers every request with the start of an answer, then
// nothing until the client hangs up: a large realm's answer over a slow
// link, as the client's request timeout sees it.
func slowMarathon(t *testing.T, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/v2/apps/") {
			fmt.Fprint(w, `{"app":{"id":"/web-blue","env":{"A":"`+strings.Repeat("x", 3000))
		} else {
			fmt.Fprint(w, `{"apps":[{"id":"/a","env":{"A":"`+strings.Repeat("x", 3000)+`"}},`)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv
}

// An answer still coming when the request timeout runs out is said to be
// slow, with how much came and the setting to raise; it is not read again
// from another member (as long, and a whole timeout more each), whether it
// streams (/v2/apps) or is read whole (one app).
func TestSlowAnswerNamesTheTimeout(t *testing.T) {
	var hits atomic.Int32
	a, b := slowMarathon(t, &hits), slowMarathon(t, &hits)
	c := newTestClient(t, Config{URLs: []string{a.URL, b.URL}, Timeout: 300 * time.Millisecond})
	for name, read := range map[string]func() error{
		"streamed": func() error { _, err := c.Apps(context.Background()); return err },
		"whole":    func() error { _, err := c.App(context.Background(), "/web-blue"); return err },
	} {
		hits.Store(0)
		err := read()
		var sa *SlowAnswerError
		require.ErrorAs(t, err, &sa, name)
		assert.Equal(t, a.URL, sa.URL, name)
		assert.Equal(t, 300*time.Millisecond, sa.Timeout, name)
		assert.Positive(t, sa.Read, name)
		assert.Contains(t, err.Error(), "was still sending its answer to GET /v2/apps", name)
		assert.Contains(t, err.Error(), "when the request timeout (300ms) ran out, 2 KiB in", name)
		assert.Contains(t, sa.Hint(), "marathon.timeout in the realm file", name)
		assert.Equal(t, int32(1), hits.Load(), "%s: not asked again", name)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "%s: a deadline, as the lb agent's read loop counts them", name)
	}

	// The caller's own deadline is the caller's, not the client's timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Apps(ctx)
	var sa *SlowAnswerError
	assert.False(t, errors.As(err, &sa), "%v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// A Marathon that sends nothing within the timeout, on every URL: the
// hint says that a slow one needs a longer marathon.timeout.
func TestEveryURLTimedOutSaysSo(t *testing.T) {
	saved := getRetry
	getRetry = retry.Backoff{Min: time.Millisecond, Max: 2 * time.Millisecond}
	t.Cleanup(func() { getRetry = saved })
	mute := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(mute.Close)
	c := newTestClient(t, Config{URLs: []string{mute.URL}, Timeout: 100 * time.Millisecond})
	_, err := c.Apps(context.Background())
	var ue *UnreachableError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, ue.Hint(), "no URL answered within the request timeout (100ms)")
	assert.Contains(t, ue.Hint(), "raise marathon.timeout in the realm file")

	// Refused connections are no timeout: the usual hint.
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	c = newTestClient(t, Config{URLs: []string{down.URL}, Timeout: 100 * time.Millisecond})
	_, err = c.Apps(context.Background())
	require.ErrorAs(t, err, &ue)
	assert.NotContains(t, ue.Hint(), "marathon.timeout")
}
