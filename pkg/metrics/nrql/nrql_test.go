package nrql

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/metrics"
)

// fakeNerdGraph answers NerdGraph's nrql query with the next canned body
// and records what each request carried.
type fakeNerdGraph struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []nerdGraphCall
	// answer is the body (and status) sent back.
	status int
	answer string
}

type nerdGraphCall struct {
	apiKey, path string
	query        string
	vars         map[string]any
}

func newFakeNerdGraph(t *testing.T) *fakeNerdGraph {
	f := &fakeNerdGraph{status: http.StatusOK}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, "not json", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.got = append(f.got, nerdGraphCall{apiKey: r.Header.Get("Api-Key"), path: r.URL.Path, query: req.Query, vars: req.Variables})
		status, answer := f.status, f.answer
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeNerdGraph) respond(status int, answer string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.answer = status, answer
}

func (f *fakeNerdGraph) calls() []nerdGraphCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]nerdGraphCall(nil), f.got...)
}

func nrqlAnswer(results string) string {
	return `{"data":{"actor":{"account":{"nrql":{"results":` + results + `}}}}}`
}

// TestNewRelicSendsTheNRQLWithTheKey: the NRQL goes to NerdGraph (the
// realm's endpoint) as the $query variable of actor.account.nrql, with the
// account id, the track substituted, and the key in the Api-Key header;
// the one number of the answer is the measurement.
func TestNewRelicSendsTheNRQLWithTheKey(t *testing.T) {
	ng := newFakeNerdGraph(t)
	ng.respond(http.StatusOK, nrqlAnswer(`[{"percentage": 2.5}]`))
	c := &Client{AccountID: 1234567, APIKey: "NRAK-TESTKEY1", Endpoint: ng.srv.URL + "/graphql", Timeout: 5 * time.Second}
	tmpl := "SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = '{{service}}' AND track = '{{track}}' SINCE {{intervalSeconds}} seconds ago"
	q := metrics.Render(tmpl, metrics.TrackVars{Track: "canary", Service: "cerebro", Interval: 30 * time.Second})
	v, err := c.Measure(context.Background(), q)
	require.NoError(t, err)
	assert.Equal(t, 2.5, v)

	calls := ng.calls()
	require.Len(t, calls, 1)
	got := calls[0]
	assert.Equal(t, "NRAK-TESTKEY1", got.apiKey)
	assert.Equal(t, "/graphql", got.path)
	assert.Equal(t, "SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = 'cerebro' AND track = 'canary' SINCE 30 seconds ago", got.vars["query"])
	assert.Equal(t, float64(1234567), got.vars["accountId"])
	// The GraphQL document, white space aside: NerdGraph's NRQL query
	// of the account, the NRQL in a variable (never spliced into it).
	want := `query ( $query: Nrql!, $accountId: Int! ) { actor { account(id: $accountId) { nrql(query: $query) {
		currentResults otherResult previousResults results totalResult
		metadata { eventTypes facets messages timeWindow { begin compareWith end since until } } } } } }`
	assert.Equal(t, strings.Join(strings.Fields(want), " "), strings.Join(strings.Fields(got.query), " "))
}

// TestNewRelicAnswersThatAreNotOneNumber are errors (inconclusive for the
// check), and no error text carries the key.
func TestNewRelicAnswersThatAreNotOneNumber(t *testing.T) {
	ng := newFakeNerdGraph(t)
	c := &Client{AccountID: 1, APIKey: "NRAK-SECRET99", Endpoint: ng.srv.URL + "/graphql", Timeout: 5 * time.Second}
	for _, tc := range []struct {
		name, answer, want string
		status             int
	}{
		{"no row", nrqlAnswer(`[]`), "no data", 200},
		{"null value", nrqlAnswer(`[{"average": null}]`), "no data", 200},
		{"facets", nrqlAnswer(`[{"count": 1, "facet": "a"}, {"count": 2, "facet": "b"}]`), "2 rows", 200},
		{"two numbers", nrqlAnswer(`[{"count": 1, "average": 2}]`), "2 numbers", 200},
		{"nrql error", `{"errors":[{"message":"NRQL Syntax Error: Error at line 1"}],"data":null}`, "NRQL Syntax Error", 200},
		{"bad key", `{"errors":[{"message":"Invalid API key"}]}`, "", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ng.respond(tc.status, tc.answer)
			_, err := c.Measure(context.Background(), "SELECT count(*) FROM Transaction WHERE track = 'canary'")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "NRAK-SECRET99")
		})
	}
	// A nested single number (percentile) is one number.
	ng.respond(200, nrqlAnswer(`[{"percentile.duration": {"95": 0.25}}]`))
	v, err := c.Measure(context.Background(), "SELECT percentile(duration, 95) FROM Transaction WHERE track = 'canary'")
	require.NoError(t, err)
	assert.Equal(t, 0.25, v)
}

// TestNewRelicDownIsAnErrorWithinTheTimeout: the client's retries stop at
// the timeout.
func TestNewRelicDownIsAnErrorWithinTheTimeout(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := &Client{AccountID: 1, APIKey: "NRAK-X", Endpoint: url + "/graphql", Timeout: 2 * time.Second}
	start := time.Now()
	_, err := c.Measure(context.Background(), "SELECT 1")
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "new relic (account 1): "), err.Error())
	// The client sleeps 1+2+4s between its retries: the timeout cuts them.
	assert.Less(t, time.Since(start), 6*time.Second, "bounded by the 2s timeout, not the client's 7s of retries")
}
