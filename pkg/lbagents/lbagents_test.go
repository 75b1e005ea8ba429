package lbagents

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Every agent is asked for the service's servers with the realm's token;
// one whose yodel lb predates the endpoint is told apart from one that
// fails.
func TestReadServers(t *testing.T) {
	fresh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/services/web/servers" || r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"error":"unexpected `+r.URL.Path+`"}`, http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(`{"agent":"a","service":"web","routed":true,"servers":[{"server":"web-blue.t1","port":10080,"status":"UP","weight":1}]}`))
	}))
	defer fresh.Close()
	old := httptest.NewServer(http.NotFoundHandler())
	defer old.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"reading HAProxy's servers: connection refused"}`, http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	host := func(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }

	reads := ReadServers(context.Background(), lb.Client{Token: "tok"}, []state.AgentStatus{
		{Agent: state.Agent{ID: "a", Address: host(fresh)}},
		{Agent: state.Agent{ID: "b", Address: host(old)}},
		{Agent: state.Agent{ID: "c", Address: host(broken)}},
		{Agent: state.Agent{ID: "d"}}, // registered without an address: not read
	}, "web")
	require.Len(t, reads, 3)
	require.NoError(t, reads["a"].Err)
	assert.Equal(t, []lb.ServerState{{Server: "web-blue.t1", Port: 10080, Status: "UP", Weight: 1}}, reads["a"].Servers.Servers)
	assert.EqualError(t, reads["b"].Err, "it does not report its servers: a yodel lb older than this yodel (upgrade it)")
	assert.ErrorContains(t, reads["c"].Err, "HTTP 503: reading HAProxy's servers: connection refused")
}
