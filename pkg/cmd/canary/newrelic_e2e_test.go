package canary_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/canary/loadgen"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// The New Relic account of the sandbox's realm: the key reaches yodel only
// through the variable the realm names.
const (
	nrAccount = 4242
	nrKeyEnv  = "YODEL_E2E_NEW_RELIC_KEY"
	nrKey     = "NRAK-SANDBOX-E2E-0123456789"
)

// nrCanary judges the same failed-checkout ratio as metricCanary, from New
// Relic: at most 5%, and compared with stable (maxIncrease), so that both
// tracks are queried every interval.
const nrCanary = `canary:
  instances: 1
  isolated:
    smoke:
      - path: /
        expectBody: '"service":"hello"'
        retries: 3
  partial:
    steps: [20]
    duration: 8s
    interval: 1s
    minRequests: 20
    maxExtension: 0s
    metrics:
      - name: checkout-failures-nr
        provider: newrelic
        query: >-
          SELECT filter(count(*), WHERE checkoutFailed IS true) / count(*) AS 'ratio' FROM Transaction
          WHERE appName = '{{service}}' AND track = '{{track}}' SINCE {{intervalSeconds}} seconds ago
        max: 0.05
        maxIncrease: 0.02
  drainTimeout: 5s
`

// nrQuery is nrCanary's query as yodel renders it for track.
func nrQuery(track string) string {
	return "SELECT filter(count(*), WHERE checkoutFailed IS true) / count(*) AS 'ratio' FROM Transaction WHERE appName = 'hello' AND track = '" + track + "' SINCE 1 seconds ago"
}

// fakeNewRelic is NerdGraph's NRQL query on 127.0.0.1, answering from the
// sandbox's real tasks as New Relic would from their Transaction events:
// the track named in the NRQL's WHERE is the routing state's app of that
// track, whose tasks (from Marathon) are scraped for hello's checkout
// counters; the answer is the failed-checkout ratio since the track's
// previous query (null, "no data", below 3 checkouts).
type fakeNewRelic struct {
	srv   *httptest.Server
	e     *sandboxtest.Rig
	tasks *marathonTasks
	c     *http.Client

	mu     sync.Mutex
	last   map[string][2]float64 // per app: checkouts, failed at its previous query
	calls  []nrCall
	status int // when set, every answer is this status (New Relic failing)
}

// nrCall is what one request carried and what it was answered.
type nrCall struct {
	key, nrql, track string
	account          float64
	status           int
	value            float64 // NaN: no data
	err              string  // why the fake could not measure
}

var nrTrack = regexp.MustCompile(`\btrack = '(canary|stable)'`)

func startFakeNewRelic(t *testing.T, e *sandboxtest.Rig) *fakeNewRelic {
	m, err := newMarathonTasks(e)
	require.NoError(t, err)
	f := &fakeNewRelic{e: e, tasks: m, c: &http.Client{Timeout: 2 * time.Second}, last: map[string][2]float64{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// realm is the realm's metrics.newRelic section pointing at the fake.
func (f *fakeNewRelic) realm() string {
	return fmt.Sprintf("  newRelic:\n    accountID: %d\n    apiKeyEnv: %s\n    endpoint: %s/graphql\n    timeout: 2s\n", nrAccount, nrKeyEnv, f.srv.URL)
}

func (f *fakeNewRelic) serve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if r.URL.Path != "/graphql" || json.NewDecoder(r.Body).Decode(&req) != nil || !strings.Contains(req.Query, "nrql(query: $query)") {
		http.Error(w, "not NerdGraph's NRQL query", http.StatusBadRequest)
		return
	}
	call := nrCall{key: r.Header.Get("Api-Key"), value: math.NaN()}
	call.nrql, _ = req.Variables["query"].(string)
	call.account, _ = req.Variables["accountId"].(float64)
	if m := nrTrack.FindStringSubmatch(call.nrql); m != nil {
		call.track = m[1]
	}
	f.mu.Lock()
	call.status = f.status
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case call.status != 0:
		w.WriteHeader(call.status)
		io.WriteString(w, `{"errors":[{"message":"Internal Server Error"}]}`)
	case call.key != nrKey || call.account != nrAccount:
		call.status = http.StatusUnauthorized
		w.WriteHeader(call.status)
		io.WriteString(w, `{"errors":[{"message":"Invalid API key"}]}`)
	case call.track == "":
		call.status = http.StatusOK
		io.WriteString(w, `{"errors":[{"message":"NRQL: the fake needs track = 'canary' or 'stable'"}],"data":null}`)
	default:
		call.status = http.StatusOK
		v, err := f.measure(r.Context(), call.track)
		if err != nil {
			call.err = err.Error()
			io.WriteString(w, `{"errors":[{"message":`+strconv.Quote("fake: "+call.err)+`}],"data":null}`)
			break
		}
		call.value = v
		ratio := "null"
		if !math.IsNaN(v) {
			ratio = strconv.FormatFloat(v, 'g', -1, 64)
		}
		io.WriteString(w, `{"data":{"actor":{"account":{"nrql":{"results":[{"ratio":`+ratio+`}]}}}}}`)
	}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.mu.Unlock()
}

// measure is the failed-checkout ratio of track's tasks since the
// previous query of its app (NaN below 3 checkouts).
func (f *fakeNewRelic) measure(ctx context.Context, track string) (float64, error) {
	rt, _, err := f.e.Store.GetRouting(ctx, "hello")
	if err != nil {
		return 0, err
	}
	app := map[string]string{canary.TrackCanary: rt.Canary, canary.TrackStable: rt.Stable}[track]
	if app == "" {
		return 0, fmt.Errorf("no %s app in the routing state", track)
	}
	tasks, err := f.tasks.list(ctx)
	if err != nil {
		return 0, err
	}
	var now [2]float64
	n := 0
	for _, tk := range tasks {
		if strings.TrimPrefix(tk.AppID, "/") != strings.TrimPrefix(app, "/") || len(tk.Ports) == 0 {
			continue
		}
		c, err := f.checkouts(ctx, tk.Ports[0])
		if err != nil {
			return 0, err
		}
		now[0], now[1] = now[0]+c[0], now[1]+c[1]
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("no task of %s in Marathon", app)
	}
	f.mu.Lock()
	prev := f.last[app]
	f.last[app] = now
	f.mu.Unlock()
	if now[0] < prev[0] { // a task restarted: its counters too
		prev = [2]float64{}
	}
	total, failed := now[0]-prev[0], now[1]-prev[1]
	if total < 3 {
		return math.NaN(), nil
	}
	return failed / total, nil
}

// checkouts reads hello's counters (total, failed) from a task's /metrics.
func (f *fakeNewRelic) checkouts(ctx context.Context, port int) ([2]float64, error) {
	var out [2]float64
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/metrics", port), nil)
	if err != nil {
		return out, err
	}
	resp, err := f.c.Do(req)
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	found := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, rest, _ := strings.Cut(sc.Text(), "{")
		i := map[string]int{"hello_checkouts_total": 0, "hello_checkouts_failed_total": 1}[name]
		fields := strings.Fields(rest)
		if strings.HasPrefix(name, "hello_checkouts") && len(fields) == 2 {
			v, err := strconv.ParseFloat(fields[1], 64)
			if err != nil {
				return out, fmt.Errorf("port %d /metrics: %q: %w", port, sc.Text(), err)
			}
			out[i] = v
			found++
		}
	}
	if found != 2 {
		return out, fmt.Errorf("port %d /metrics: no hello_checkouts counters", port)
	}
	return out, sc.Err()
}

// since returns the calls after the first n, and their count now.
func (f *fakeNewRelic) since(n int) []nrCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]nrCall(nil), f.calls[n:]...)
}

func (f *fakeNewRelic) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeNewRelic) fail(status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status = status
}

// deployNR deploys with the New Relic key in the variable the realm names.
func deployNR(t *testing.T, e *sandboxtest.Rig, rel string, extra ...string) (int, string, string) {
	t.Helper()
	return sandboxtest.Exec(t, e.SB.Bin, e.Dir, []string{nrKeyEnv + "=" + nrKey}, e.DeployArgs(rel, extra...)...)
}

// newRelicChecks are TestMetricChecksUnderLoad's New Relic cases, in its
// sandbox: (1) a canary failing half its checkouts with every answer 200
// is rolled back by the newrelic check, measured from the real tasks
// through the fake NerdGraph; (2) New Relic answering 500 until the
// realm's timeout leaves the step inconclusive, never passed.
func newRelicChecks(t *testing.T, e *sandboxtest.Rig, load *loadgen.Load, nr *fakeNewRelic) {
	t.Run("new relic: a canary failing checkouts with every answer 200 is rolled back by the newrelic check", func(t *testing.T) {
		e.T = t
		e.Manifest("  HELLO_CHECKOUT_FAIL_RATE: \"0.5\"\n", nrCanary)
		before, seen := load.Snapshot(), nr.count()
		code, out, errOut := deployNR(t, e, "n2")
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		during := load.Snapshot().Sub(before)
		assert.Zero(t, during.Failed, "every answer was a 2xx: %v", during.FailureSamples)
		assert.NotZero(t, during.ByRelease["n2"], "the canary served")
		assert.NotContains(t, out+errOut, nrKey)

		r := e.Rollout()
		assert.Equal(t, canary.StepRolledBack, r.Step)
		assert.True(t, strings.HasPrefix(r.Reason, "checkout-failures-nr: "), r.Reason)
		assert.Contains(t, errOut, "checkout-failures-nr")
		var failed *canary.Check
		measured := 0
		for i, c := range r.Checks {
			if c.Name != "checkout-failures-nr" {
				continue
			}
			assert.NotEqual(t, canary.VerdictPass, c.Verdict, "a canary failing half its checkouts never passes: %s", c.Message)
			switch {
			case c.Verdict == canary.VerdictFail:
				failed = &r.Checks[i]
			case c.Figures["measurements"] > 0:
				measured++
			}
		}
		require.NotNil(t, failed, "the failed check is in the record: %s", r.Reason)
		assert.Zero(t, measured, "the first measurement with data fails the check (failureLimit 0)")
		assert.InDelta(t, 0.5, failed.Figures["canary"], 0.1, "the canary's failed-checkout ratio, measured from its task")
		assert.Equal(t, 0.0, failed.Figures["stable"], "stable fails no checkout")
		assert.Equal(t, 1.0, failed.Figures["failed"])

		// What New Relic was asked: every request with the key and the
		// account, the NRQL with each track substituted, answered from
		// that track's task.
		calls := nr.since(seen)
		byTrack := map[string]int{}
		for _, c := range calls {
			assert.Equal(t, nrKey, c.key, "the Api-Key header")
			assert.Equal(t, float64(nrAccount), c.account)
			assert.Equal(t, nrQuery(c.track), c.nrql)
			assert.Equal(t, http.StatusOK, c.status)
			assert.Empty(t, c.err, "the fake measured the track's tasks")
			byTrack[c.track]++
			if math.IsNaN(c.value) {
				continue
			}
			if c.track == canary.TrackCanary {
				assert.InDelta(t, 0.5, c.value, 0.1, "the canary's answer")
			} else {
				assert.Equal(t, 0.0, c.value, "stable's answer")
			}
		}
		assert.NotZero(t, byTrack[canary.TrackCanary], "the canary was queried")
		assert.NotZero(t, byTrack[canary.TrackStable], "stable was queried (maxIncrease compares)")
		assert.Equal(t, byTrack[canary.TrackCanary], byTrack[canary.TrackStable], "both tracks every interval")
		t.Logf("FIGURE bad business metric from New Relic: rolled back at the first measurement with data; partial for %s; %d NerdGraph queries (%v); %d requests, %d failed; reason: %s",
			sandboxtest.StepTook(r, "partial[0]").Round(time.Millisecond), len(calls), byTrack, during.Total, during.Failed, r.Reason)
	})

	t.Run("new relic: answering 500 until the timeout leaves the step inconclusive, not passed", func(t *testing.T) {
		e.T = t
		nr.fail(http.StatusInternalServerError)
		// A healthy canary and a shorter step: it can only end inconclusive.
		e.Manifest("", sandboxtest.ReplaceOnce(t, nrCanary, "duration: 8s", "duration: 3s"))
		before, seen := load.Snapshot(), nr.count()
		code, out, errOut := deployNR(t, e, "n3")
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		during := load.Snapshot().Sub(before)
		assert.Zero(t, during.Failed, "%v", during.FailureSamples)
		assert.NotContains(t, out+errOut, nrKey)

		r := e.Rollout()
		assert.Equal(t, canary.StepRolledBack, r.Step)
		assert.True(t, strings.HasPrefix(r.Reason, fmt.Sprintf("checkout-failures-nr: provider error (never a pass): canary: new relic (account %d): ", nrAccount)), r.Reason)
		assert.NotContains(t, r.Reason, nrKey)
		var last canary.Check
		judged := 0
		for _, c := range r.Checks {
			if c.Name == "checkout-failures-nr" {
				assert.Contains(t, []string{canary.VerdictPending, canary.VerdictInconclusive}, c.Verdict, c.Message)
				last = c
				judged++
			}
		}
		assert.Equal(t, canary.VerdictInconclusive, last.Verdict, "the step's end is inconclusive")
		assert.Zero(t, last.Figures["measurements"])
		assert.NotZero(t, last.Figures["errors"])
		calls := nr.since(seen)
		require.NotEmpty(t, calls, "yodel asked New Relic")
		for _, c := range calls {
			assert.Equal(t, http.StatusInternalServerError, c.status)
			assert.Equal(t, nrKey, c.key)
		}
		t.Logf("FIGURE New Relic answering 500: %d judgements of the check, none a pass; %d NerdGraph requests (the client's retries, cut at the realm's 2s timeout); partial for %s (duration 3s, maxExtension 0s), then rolled back; %d requests, %d failed; reason: %s",
			judged, len(calls), sandboxtest.StepTook(r, "partial[0]").Round(time.Millisecond), during.Total, during.Failed, r.Reason)
	})
}
