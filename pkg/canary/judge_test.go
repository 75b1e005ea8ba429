package canary

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

func agents(kv ...any) Sample {
	s := Sample{Time: t0, Agents: map[string]AgentSample{}}
	for i := 0; i < len(kv); i += 3 {
		id, epoch, tracks := kv[i].(string), kv[i+1].(string), kv[i+2].(map[string]Counters)
		s.Agents[id] = AgentSample{Epoch: epoch, Tracks: tracks}
	}
	return s
}

func TestIncrement(t *testing.T) {
	tests := []struct {
		name      string
		prev, cur Sample
		want      map[string]Counters
	}{
		{"two agents summed",
			agents("a", "1", map[string]Counters{"canary": {Requests: 10, Responses5x: 1}, "stable": {Requests: 100}},
				"b", "1", map[string]Counters{"canary": {Requests: 20}, "stable": {Requests: 200, ConnErrors: 2}}),
			agents("a", "1", map[string]Counters{"canary": {Requests: 15, Responses5x: 3}, "stable": {Requests: 150}},
				"b", "1", map[string]Counters{"canary": {Requests: 30}, "stable": {Requests: 260, ConnErrors: 3}}),
			map[string]Counters{"canary": {Requests: 15, Responses5x: 2}, "stable": {Requests: 110, ConnErrors: 1}}},
		{"counters went down: agent restarted, all it counts is new",
			agents("a", "", map[string]Counters{"canary": {Requests: 500, Responses5x: 5}}),
			agents("a", "", map[string]Counters{"canary": {Requests: 40, Responses5x: 1}}),
			map[string]Counters{"canary": {Requests: 40, Responses5x: 1}}},
		{"epoch changed although counters grew (HAProxy reload then more traffic)",
			agents("a", "pid-1", map[string]Counters{"canary": {Requests: 10}}),
			agents("a", "pid-2", map[string]Counters{"canary": {Requests: 30, RespErrors: 1}}),
			map[string]Counters{"canary": {Requests: 30, RespErrors: 1}}},
		{"epoch unknown on one side: only counters going down tell a restart",
			agents("a", "", map[string]Counters{"canary": {Requests: 10}}),
			agents("a", "pid-2", map[string]Counters{"canary": {Requests: 30}}),
			map[string]Counters{"canary": {Requests: 20}}},
		{"same epoch, an agent restarted meanwhile: counters go on",
			agents("a", "pid-1@100", map[string]Counters{"canary": {Requests: 10}}),
			agents("a", "pid-1@100", map[string]Counters{"canary": {Requests: 12}}),
			map[string]Counters{"canary": {Requests: 2}}},
		{"new agent counts whole, gone agent adds nothing",
			agents("a", "1", map[string]Counters{"canary": {Requests: 10}}),
			agents("b", "1", map[string]Counters{"canary": {Requests: 7}}),
			map[string]Counters{"canary": {Requests: 7}}},
		{"a track appearing later counts from zero",
			agents("a", "1", map[string]Counters{"stable": {Requests: 10}}),
			agents("a", "1", map[string]Counters{"stable": {Requests: 12}, "canary": {Requests: 3}}),
			map[string]Counters{"stable": {Requests: 2}, "canary": {Requests: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Increment(tt.prev, tt.cur))
		})
	}
}

func TestWindowKeepsCountsAcrossAReset(t *testing.T) {
	w := NewWindow(agents("a", "1", map[string]Counters{"canary": {Requests: 1000, Responses5x: 10}}))
	w.Add(agents("a", "1", map[string]Counters{"canary": {Requests: 1100, Responses5x: 12, Sessions: 4}}))
	// HAProxy reloads: counters restart from 0.
	tot := w.Add(agents("a", "2", map[string]Counters{"canary": {Requests: 50, Responses5x: 1, Sessions: 2}}))
	assert.Equal(t, Counters{Requests: 150, Responses5x: 3, Sessions: 2}, tot["canary"],
		"100 before the reload, 50 after; pre-window traffic excluded; sessions are the current gauge")
}

func TestJudge(t *testing.T) {
	healthy := TaskHealth{Wanted: 1, Running: 1, Healthy: 1}
	tests := []struct {
		name    string
		mod     func(*manifest.CanaryPlan)
		canary  Counters
		stable  Counters
		tasks   TaskHealth
		final   bool
		verdict string
		failed  string // name of the failed check
		msg     string // substring of its message
	}{
		{"clean canary, enough requests", nil,
			Counters{Requests: 300}, Counters{Requests: 2700}, healthy, false, VerdictPass, "", ""},
		{"at exactly the limit passes (1 in 100 = 1%)", nil,
			Counters{Requests: 100, Responses5x: 1}, Counters{Requests: 900, Responses5x: 5}, healthy, false, VerdictPass, "", ""},
		{"error rate over the limit", nil,
			Counters{Requests: 400, Responses5x: 180, ConnErrors: 20}, Counters{Requests: 3600}, healthy, false, VerdictFail,
			CheckErrorRate, "canary error rate 50.00% > 1.00% (200 errors in 400 requests)"},
		{"connection errors count", nil,
			Counters{Requests: 200, ConnErrors: 3}, Counters{Requests: 1800}, healthy, false, VerdictFail,
			CheckErrorRate, "1.50% > 1.00%"},
		{"increase over stable", func(p *manifest.CanaryPlan) { p.MaxErrorRate = 0.05 },
			Counters{Requests: 1000, Responses5x: 20}, Counters{Requests: 9000, Responses5x: 90}, healthy, false, VerdictFail,
			CheckIncrease, "2.00% is +1.00 points above stable's 1.00% (limit +0.50; 20 errors in 1000 canary requests, 90 in 9000 stable)"},
		{"same rate as a sick stable is no increase", func(p *manifest.CanaryPlan) { p.MaxErrorRate = 0.05 },
			Counters{Requests: 1000, Responses5x: 20}, Counters{Requests: 9000, Responses5x: 180}, healthy, false, VerdictPass, "", ""},
		{"too few requests midway is pending", nil,
			Counters{Requests: 40}, Counters{Requests: 360}, healthy, false, VerdictPending, "", ""},
		{"a thin sample is not judged, even at 50% errors", nil,
			Counters{Requests: 10, Responses5x: 5}, Counters{Requests: 90}, healthy, false, VerdictPending, "", ""},
		{"one error in the first requests is not a failure", nil,
			Counters{Requests: 10, Responses5x: 1}, Counters{Requests: 90}, healthy, false, VerdictPending, "", ""},
		{"a thin sample at the end fails as inconclusive, not on its rate", nil,
			Counters{Requests: 10, Responses5x: 5}, Counters{Requests: 90}, healthy, true, VerdictFail, CheckRequests, "only 10 canary requests"},
		{"too few requests at the end: inconclusive fails", nil,
			Counters{Requests: 40}, Counters{Requests: 360}, healthy, true, VerdictFail,
			CheckRequests, "only 40 canary requests by the end of the step, fewer than minRequests 100"},
		{"too few requests at the end with onInconclusive pass", func(p *manifest.CanaryPlan) { p.OnInconclusive = "pass" },
			Counters{Requests: 40}, Counters{Requests: 360}, healthy, true, VerdictInconclusive, "", ""},
		{"no traffic at all at the end", nil,
			Counters{}, Counters{}, healthy, true, VerdictFail, CheckRequests, "only 0 canary requests"},
		{"task failure", nil,
			Counters{Requests: 300}, Counters{Requests: 2700}, TaskHealth{Wanted: 1, Running: 1, Healthy: 1, Failures: 1, LastFailure: "exited with code 137"}, false, VerdictFail,
			CheckTasks, "1 failures: exited with code 137"},
		{"unhealthy task at two judgements in a row", nil,
			Counters{Requests: 300}, Counters{Requests: 2700}, TaskHealth{Wanted: 2, Running: 2, Healthy: 1, UnhealthyFor: 2}, false, VerdictFail,
			CheckTasks, "1/2 canary tasks healthy"},
		{"unhealthy task at one judgement: a missed health check", nil,
			Counters{Requests: 300}, Counters{Requests: 2700}, TaskHealth{Wanted: 2, Running: 2, Healthy: 1, UnhealthyFor: 1}, false, VerdictPending,
			"", ""},
		{"unhealthy task at the final judgement", nil,
			Counters{Requests: 300}, Counters{Requests: 2700}, TaskHealth{Wanted: 2, Running: 2, Healthy: 1, UnhealthyFor: 1}, true, VerdictFail,
			CheckTasks, "1/2 canary tasks healthy"},
		{"minRequests 0 with no traffic passes", func(p *manifest.CanaryPlan) { p.MinRequests = 0 },
			Counters{}, Counters{}, healthy, true, VerdictPass, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := Judge(plan(tt.mod), "partial[0]", map[string]Counters{TrackCanary: tt.canary, TrackStable: tt.stable}, tt.tasks, tt.final, t0)
			assert.Equal(t, tt.verdict, j.Verdict, j.Summary())
			require.Len(t, j.Checks, 4)
			if tt.failed == "" {
				assert.Nil(t, j.Failed)
				return
			}
			require.NotNil(t, j.Failed)
			assert.Equal(t, tt.failed, j.Failed.Name)
			assert.Contains(t, j.Failed.Message, tt.msg)
			assert.Contains(t, j.Summary(), tt.msg)
		})
	}
}

func TestJudgeFigures(t *testing.T) {
	j := Judge(plan(nil), "partial[1]", map[string]Counters{
		TrackCanary: {Requests: 200, Responses5x: 100},
		TrackStable: {Requests: 1800, Responses5x: 9},
	}, TaskHealth{Wanted: 1, Running: 1, Healthy: 1}, false, t0.Add(time.Minute))
	byName := map[string]Check{}
	for _, c := range j.Checks {
		byName[c.Name] = c
		assert.Equal(t, "partial[1]", c.Step)
	}
	assert.Equal(t, map[string]float64{"requests": 200, "errors": 100, "errorRate": 0.5, "maxErrorRate": 0.01}, byName[CheckErrorRate].Figures)
	inc := byName[CheckIncrease].Figures
	assert.InDelta(t, 0.495, inc["increase"], 1e-9)
	assert.InDelta(t, 0.005, inc["stableErrorRate"], 1e-9)
	assert.Equal(t, float64(1800), inc["stableRequests"])
	assert.Equal(t, VerdictFail, j.Verdict)
	assert.Equal(t, CheckErrorRate, j.Failed.Name, "the first failed check is reported")
}

// One request is one request.
func TestJudgementCountsOneInTheSingular(t *testing.T) {
	plan := plan(func(p *manifest.CanaryPlan) { p.MinRequests = 100; p.OnInconclusive = "fail" })
	totals := map[string]Counters{TrackCanary: {Requests: 1, Responses5x: 1}, TrackStable: {Requests: 9}}
	j := Judge(plan, "partial[0]", totals, TaskHealth{Wanted: 1, Healthy: 1, Running: 1}, false, t0)
	assert.Contains(t, j.Summary()+checkMessages(j), "1 error in 1 request so far")
	j = Judge(plan, "partial[0]", totals, TaskHealth{Wanted: 1, Healthy: 1, Running: 1}, true, t0)
	assert.Contains(t, checkMessages(j), "only 1 canary request by the end of the step")
}

func checkMessages(j Judgement) string {
	var b strings.Builder
	for _, c := range j.Checks {
		b.WriteString(c.Message + "\n")
	}
	return b.String()
}
