package canary_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/metrics/promtest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// metricCanary judges the failed-checkout ratio each release reports to
// Prometheus (hello's /metrics), at most 5%: a business metric the HTTP
// status does not show. The "and ... > 2" gives no data below 2 checkouts
// a second: the isolated step's one smoke request is not a ratio to judge.
const metricCanary = `canary:
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
      - name: checkout-failures
        provider: prometheus
        query: >-
          sum(rate(hello_checkouts_failed_total{release="{{release}}"}[5s])) / sum(rate(hello_checkouts_total{release="{{release}}"}[5s]))
          and sum(rate(hello_checkouts_total{release="{{release}}"}[5s])) > 2
        max: 0.05
  drainTimeout: 5s
`

// TestMetricChecksUnderLoad: in one sandbox under load, with Debian's
// Prometheus scraping every hello task (targets read from Marathon),
// (1) a canary whose every answer is 200 but half of whose checkouts fail
// is rolled back by the metric check, and (2) with Prometheus down, a
// healthy canary's step ends inconclusive, never passed: rolled back
// (onInconclusive: fail) with the provider's error as the reason. The
// same two for New Relic, through a fake NerdGraph answering from the
// real tasks (newRelicChecks).
func TestMetricChecksUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: real processes under load")
	}
	t.Parallel() // a sandbox of its own
	prom := promtest.Start(t)
	e := sandboxtest.NewRig(t, sandboxtest.Options{MarathonVersion: "1.10", DieOnTerm: true})
	nr := startFakeNewRelic(t, e)
	// The realm says where Prometheus and New Relic are (written before
	// anything reads it again).
	b, err := os.ReadFile(e.SB.RealmFile)
	require.NoError(t, err)
	tmp := e.SB.RealmFile + ".tmp" // renamed over it: no reader sees half a file
	require.NoError(t, os.WriteFile(tmp, append(b, fmt.Sprintf("metrics:\n  prometheus:\n    address: %s\n    timeout: 2s\n%s", prom.URL, nr.realm())...), 0o600))
	require.NoError(t, os.Rename(tmp, e.SB.RealmFile))
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); scrapeHelloTasks(ctx, t, e, prom) }()
	t.Cleanup(func() { stop(); wg.Wait() })

	load := e.DeployUnderLoad("v1", fastCanary)
	defer finalFigure(t, load)

	t.Run("a canary failing checkouts with every answer 200 is rolled back by the metric check", func(t *testing.T) {
		e.T = t
		e.Manifest("  HELLO_CHECKOUT_FAIL_RATE: \"0.5\"\n", metricCanary)
		before := load.Snapshot()
		junit := filepath.Join(e.Dir, "m2.xml")
		code, out, errOut := e.Deploy("m2", "--junit", junit)
		require.Equal(t, 3, code, "%s\n%s\nprometheus: %s", out, errOut, prom.Log())
		during := load.Snapshot().Sub(before)
		assert.Zero(t, during.Failed, "every answer was a 2xx: %v", during.FailureSamples)
		assert.NotZero(t, during.ByRelease["m2"], "the canary served")

		r := e.Rollout()
		assert.Equal(t, canary.StepRolledBack, r.Step)
		assert.True(t, strings.HasPrefix(r.Reason, "checkout-failures: "), r.Reason)
		assert.Contains(t, errOut, "checkout-failures")
		// Judgements of the check before the one that failed it: "no
		// data" while Prometheus had not two scrapes of the canary.
		var pending, measured int
		var failed *canary.Check
		for i, c := range r.Checks {
			if c.Name != "checkout-failures" {
				continue
			}
			switch {
			case c.Verdict == canary.VerdictFail:
				failed = &r.Checks[i]
			case c.Figures["measurements"] > 0:
				measured++
			default:
				pending++
			}
			assert.NotEqual(t, canary.VerdictPass, c.Verdict, "a canary failing half its checkouts never passes: %s", c.Message)
		}
		require.NotNil(t, failed, "the failed check is in the record: %s", r.Reason)
		assert.InDelta(t, 0.5, failed.Figures["canary"], 0.1, "the canary's failed-checkout ratio as Prometheus measured it")
		assert.Equal(t, 0.05, failed.Figures["max"])
		assert.Equal(t, 1.0, failed.Figures["failed"])
		t.Logf("FIGURE bad business metric: rolled back at the first measurement with data (%d judgements measured before it, %d without data yet at a 1s interval); partial for %s; %d requests, %d failed; reason: %s",
			measured, pending, sandboxtest.StepTook(r, "partial[0]").Round(time.Millisecond), during.Total, during.Failed, r.Reason)
		assert.Zero(t, measured, "the first measurement with data fails the check (failureLimit 0)")

		x, err := os.ReadFile(junit)
		require.NoError(t, err)
		assert.Contains(t, string(x), `name="partial[0]: checkout-failures"`)
		assert.Contains(t, string(x), "max=0.05", "the figures are in the JUnit case")
		assert.Contains(t, string(x), "failed=1")
	})

	newRelicChecks(t, e, load, nr)

	t.Run("with Prometheus down the step is inconclusive, not passed", func(t *testing.T) {
		e.T = t
		prom.Stop()
		// A shorter step: it can only end inconclusive.
		e.Manifest("", sandboxtest.ReplaceOnce(t, metricCanary, "duration: 8s", "duration: 3s"))
		before := load.Snapshot()
		code, out, errOut := e.Deploy("m3")
		require.Equal(t, 3, code, "%s\n%s", out, errOut)
		during := load.Snapshot().Sub(before)
		assert.Zero(t, during.Failed, "%v", during.FailureSamples)

		r := e.Rollout()
		assert.Equal(t, canary.StepRolledBack, r.Step)
		assert.True(t, strings.HasPrefix(r.Reason, "checkout-failures: provider error (never a pass): canary: prometheus at "+prom.URL), r.Reason)
		var last canary.Check
		judged := 0
		for _, c := range r.Checks {
			if c.Name == "checkout-failures" {
				assert.Contains(t, []string{canary.VerdictPending, canary.VerdictInconclusive}, c.Verdict, c.Message)
				last = c
				judged++
			}
		}
		t.Logf("FIGURE provider down: %d judgements of the metric check, none a pass; partial for %s (duration 3s, maxExtension 0s), then rolled back; %d requests, %d failed; reason: %s",
			judged, sandboxtest.StepTook(r, "partial[0]").Round(time.Millisecond), during.Total, during.Failed, r.Reason)
		assert.Equal(t, canary.VerdictInconclusive, last.Verdict, "the step's end is inconclusive")
		assert.Zero(t, last.Figures["measurements"])
		assert.NotZero(t, last.Figures["errors"])
		// The built-in checks passed: only the provider kept it back.
		for _, c := range r.Checks {
			if c.Name == canary.CheckErrorRate && c.Verdict != canary.VerdictPending {
				assert.Equal(t, canary.VerdictPass, c.Verdict, c.Message)
			}
		}
	})
}

// scrapeHelloTasks keeps Prometheus's targets at the sandbox's running
// tasks (as Marathon service discovery would) until ctx ends.
func scrapeHelloTasks(ctx context.Context, t *testing.T, e *sandboxtest.Rig, prom *promtest.Server) {
	m, err := newMarathonTasks(e)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	var last, lastErr string
	for ctx.Err() == nil {
		tasks, err := m.list(ctx)
		if err != nil && ctx.Err() == nil && err.Error() != lastErr {
			t.Logf("prometheus targets from Marathon: %v", err)
			lastErr = err.Error()
		}
		if err == nil {
			var targets []string
			for _, tk := range tasks {
				if len(tk.Ports) > 0 {
					targets = append(targets, fmt.Sprintf("127.0.0.1:%d", tk.Ports[0]))
				}
			}
			if s := strings.Join(targets, ","); s != last {
				if err := prom.SetTargets(targets...); err != nil {
					t.Errorf("prometheus targets: %v", err)
					return
				}
				last = s
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond): // Marathon's task list, polled
		}
	}
}

// marathonTasks lists the sandbox's tasks from its Marathon (the
// emulator), with the realm's credentials.
type marathonTasks struct {
	url, user, password string
	c                   *http.Client
}

type marathonTask struct {
	AppID string `json:"appId"`
	Ports []int  `json:"ports"`
}

func newMarathonTasks(e *sandboxtest.Rig) (*marathonTasks, error) {
	rlm, err := realm.Load(e.SB.RealmFile, "local")
	if err != nil {
		return nil, fmt.Errorf("realm: %w", err)
	}
	creds, err := rlm.Credentials(os.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("marathon credentials: %w", err)
	}
	return &marathonTasks{url: e.SB.MarathonURL, user: creds.User, password: creds.Password, c: &http.Client{Timeout: 2 * time.Second}}, nil
}

func (m *marathonTasks) list(ctx context.Context) ([]marathonTask, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.url+"/v2/tasks", nil)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(m.user, m.password)
	resp, err := m.c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /v2/tasks: %s", resp.Status)
	}
	var v struct {
		Tasks []marathonTask `json:"tasks"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, fmt.Errorf("GET /v2/tasks: %w", err)
	}
	return v.Tasks, nil
}
