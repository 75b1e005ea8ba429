package crashtest_test

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// BenchmarkJudgementOnlyWrite measures what a canary judgement costs the lb
// agents. A judgement rewrites the routing state with only the rollout
// record changed (counters, checks), which bumps the generation like any
// write, so every agent syncs and acknowledges it. Per op: one such write
// and the wait until the sandbox's agent acknowledged it. Reported: the
// agent's own sync time (from its /metrics) and HAProxy reloads (must be
// 0: nothing HAProxy routes changed).
func BenchmarkJudgementOnlyWrite(b *testing.B) {
	st, url := benchSandbox(b)
	ctx := context.Background()
	sum0, n0, rl0 := agentMetrics(b, url)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rt, ver, err := st.GetRouting(ctx, "hello")
		if err != nil {
			b.Fatal(err)
		}
		// What a judgement changes: the rollout record only.
		rt.Rollout = []byte(`{"judgements":` + strconv.Itoa(i) + `}`)
		nv, err := st.PutRouting(ctx, rt, ver)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.WaitApplied(ctx, "hello", int64(nv), time.Now().Add(10*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	sum1, n1, rl1 := agentMetrics(b, url)
	if n1 > n0 {
		b.ReportMetric((sum1-sum0)/float64(n1-n0)*1000, "agent-sync-ms/op")
	}
	b.ReportMetric(rl1-rl0, "reloads")
}

// benchSandbox is the matrix's sandbox with one release deployed, and
// only the sandbox's own agent.
func benchSandbox(b *testing.B) (state.Store, string) {
	b.Helper()
	e := setup(b, false)
	e.Manifest("", canarySection("", "3s"))
	code, out, errOut := e.Deploy("b0")
	if code != 0 {
		b.Fatalf("deploy: %s\n%s", out, errOut)
	}
	return e.Store, e.SB.AgentURL
}

// agentMetrics reads the agent's sync duration sum and count and its
// reload count.
func agentMetrics(b *testing.B, url string) (sum float64, count float64, reloads float64) {
	b.Helper()
	resp, err := http.Get(strings.TrimSuffix(url, "/") + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		v, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "yodel_lb_sync_duration_seconds_sum":
			sum = v
		case "yodel_lb_sync_duration_seconds_count":
			count = v
		case "yodel_lb_reloads_total":
			reloads = v
		}
	}
	return sum, count, reloads
}
