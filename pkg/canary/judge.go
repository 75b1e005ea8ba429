package canary

import (
	"fmt"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/judge"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// TaskHealth is the canary app's tasks as Marathon reports them.
type TaskHealth struct {
	Wanted  int `json:"wanted"`
	Running int `json:"running"`
	Healthy int `json:"healthy"`
	// Failures counts canary task failures since the step began.
	Failures    int    `json:"failures"`
	LastFailure string `json:"lastFailure,omitempty"`
	// UnhealthyFor counts the judgements in a row, this one included,
	// that saw fewer healthy tasks than wanted.
	UnhealthyFor int `json:"unhealthyFor,omitempty"`
}

// unhealthyJudgements is how many judgements in a row must see an
// unhealthy canary task before it fails the canary. Marathon marks a task
// unhealthy on one missed health check (a check timing out on a busy
// host); one more interval tells a blip from a sick task, and a task that
// keeps failing is killed by Marathon, which fails the canary at once.
const unhealthyJudgements = 2

// Judgement is one evaluation of a partial step.
type Judgement struct {
	Time    time.Time `json:"time"`
	Step    string    `json:"step"`
	Final   bool      `json:"final"` // the step's time is up (or promoted)
	Verdict string    `json:"verdict"`
	Checks  []Check   `json:"checks"`
	// Failed is the first failed check, for the rollback message.
	Failed *Check `json:"failed,omitempty"`
	// Extend: the step's end was inconclusive and is extended by an
	// interval (partial.maxExtension) instead of following onInconclusive.
	Extend bool `json:"extend,omitempty"`
}

// Check names of a judgement.
const (
	CheckTasks     = "tasks"
	CheckErrorRate = "error-rate"
	CheckIncrease  = "error-rate-increase"
	CheckRequests  = "requests"
)

// Judge evaluates a partial step from the counters counted since it began
// (per track) and the canary's tasks. final says the step's time is up.
//
// With fewer than minRequests canary requests the rates are noise (one
// error in the first ten requests is 10%), so the rate checks stay pending
// until the sample is complete; Kayenta and Flagger users report both false
// failures and false passes from judging thin samples. Below minRequests at
// the end of the step the judgement is inconclusive: it fails unless
// onInconclusive is "pass".
func Judge(plan manifest.CanaryPlan, step string, totals map[string]Counters, tasks TaskHealth, final bool, now time.Time) Judgement {
	return JudgeWith(plan, step, totals, nil, tasks, final, false, now)
}

// JudgeWith is Judge with the step's latencies per track (the latency
// checks, when the plan sets them) and whether an inconclusive end may
// extend the step (partial.maxExtension not used up): then the judgement
// is pending with Extend set, and onInconclusive waits.
func JudgeWith(plan manifest.CanaryPlan, step string, totals map[string]Counters, lat map[string]Latency, tasks TaskHealth, final, extendable bool, now time.Time) Judgement {
	return JudgeMetrics(plan, step, totals, lat, nil, tasks, final, extendable, now)
}

// JudgeMetrics is JudgeWith with the step's metric measurements (the
// partial.metrics checks, by name; see metricChecks).
func JudgeMetrics(plan manifest.CanaryPlan, step string, totals map[string]Counters, lat map[string]Latency, series map[string]MetricSeries, tasks TaskHealth, final, extendable bool, now time.Time) Judgement {
	j := Judgement{Time: now, Step: step, Final: final}
	can, st := totals[TrackCanary], totals[TrackStable]
	enough := can.Requests >= int64(plan.MinRequests)
	rate := can.ErrorRate()
	stableRate := st.ErrorRate()
	increase := rate - stableRate

	add := func(name, verdict, msg string, fig map[string]float64) {
		c := Check{Step: step, Name: name, Verdict: verdict, Time: now, Figures: fig, Message: msg}
		j.Checks = append(j.Checks, c)
	}

	// Tasks first: a crashing canary is the clearest signal of all.
	tv, tmsg := VerdictPass, fmt.Sprintf("%d/%d canary tasks healthy, %d failures", tasks.Healthy, tasks.Wanted, tasks.Failures)
	switch {
	case tasks.Failures > 0 || tasks.Healthy < tasks.Wanted && (final || tasks.UnhealthyFor >= unhealthyJudgements):
		tv = VerdictFail
		if tasks.LastFailure != "" {
			tmsg += ": " + tasks.LastFailure
		}
	case tasks.Healthy < tasks.Wanted:
		tv = VerdictPending
		tmsg += "; fails if still so at the next judgement"
	}
	add(CheckTasks, tv, tmsg, map[string]float64{"wanted": float64(tasks.Wanted), "healthy": float64(tasks.Healthy),
		"running": float64(tasks.Running), "failures": float64(tasks.Failures)})

	rateFig := map[string]float64{"requests": float64(can.Requests), "errors": float64(can.Errors()),
		"errorRate": can.ErrorRate(), "maxErrorRate": plan.MaxErrorRate}
	switch {
	case enough && rate > plan.MaxErrorRate:
		add(CheckErrorRate, VerdictFail, fmt.Sprintf("canary error rate %s > %s (%d errors in %d requests)", pct(rate), pct(plan.MaxErrorRate), can.Errors(), can.Requests), rateFig)
	case enough:
		add(CheckErrorRate, VerdictPass, fmt.Sprintf("canary error rate %s <= %s (%d errors in %d requests)", pct(rate), pct(plan.MaxErrorRate), can.Errors(), can.Requests), rateFig)
	default:
		add(CheckErrorRate, VerdictPending, fmt.Sprintf("%s in %s so far; judged at %d requests", counted(can.Errors(), "error"), counted(can.Requests, "request"), plan.MinRequests), rateFig)
	}

	incFig := map[string]float64{"canaryErrorRate": can.ErrorRate(), "stableErrorRate": stableRate, "increase": increase,
		"maxIncrease": plan.MaxErrorRateIncrease, "stableRequests": float64(st.Requests), "stableErrors": float64(st.Errors())}
	// An increase past the limit fails only when it is significant (a
	// one-sided test of any increase: Fisher's exact test on small
	// counts, the two-proportion z-test otherwise): 2 errors in the
	// canary's first 100 requests against a clean stable is not evidence.
	// With no stable traffic there is nothing to test: the limit alone.
	_, pValue := judge.ErrorRateTest(judge.Proportion{K: can.Errors(), N: can.Requests}, judge.Proportion{K: st.Errors(), N: st.Requests}, 0)
	incFig["pValue"] = pValue
	significant := st.Requests == 0 || pValue < judge.DefaultAlpha
	switch {
	case enough && increase > plan.MaxErrorRateIncrease && !significant:
		add(CheckIncrease, VerdictPass, fmt.Sprintf("canary %s vs stable %s: %s points, above %s but not significant (p=%.3g; %d errors in %d canary requests, %d in %d stable)", pct(rate), pct(stableRate), pp(increase), pp(plan.MaxErrorRateIncrease), pValue, can.Errors(), can.Requests, st.Errors(), st.Requests), incFig)
	case enough && increase > plan.MaxErrorRateIncrease:
		add(CheckIncrease, VerdictFail, fmt.Sprintf("canary error rate %s is %s points above stable's %s (limit %s; %d errors in %d canary requests, %d in %d stable)", pct(rate), pp(increase), pct(stableRate), pp(plan.MaxErrorRateIncrease), can.Errors(), can.Requests, st.Errors(), st.Requests), incFig)
	case enough:
		add(CheckIncrease, VerdictPass, fmt.Sprintf("canary %s vs stable %s: %s points <= %s", pct(rate), pct(stableRate), pp(increase), pp(plan.MaxErrorRateIncrease)), incFig)
	default:
		add(CheckIncrease, VerdictPending, fmt.Sprintf("stable error rate %s; judged at %d canary requests", pct(stableRate), plan.MinRequests), incFig)
	}

	reqFig := map[string]float64{"requests": float64(can.Requests), "minRequests": float64(plan.MinRequests)}
	switch {
	case enough:
		add(CheckRequests, VerdictPass, fmt.Sprintf("%d canary requests >= %d", can.Requests, plan.MinRequests), reqFig)
	case final:
		add(CheckRequests, VerdictInconclusive, fmt.Sprintf("only %s by the end of the step, fewer than minRequests %d (onInconclusive: %s)", counted(can.Requests, "canary request"), plan.MinRequests, plan.OnInconclusive), reqFig)
	default:
		add(CheckRequests, VerdictPending, fmt.Sprintf("%d of %d canary requests", can.Requests, plan.MinRequests), reqFig)
	}

	for _, c := range latencyChecks(plan, lat, final) {
		add(c.Name, c.Verdict, c.Message, c.Figures)
	}
	for _, c := range metricChecks(plan, series, final) {
		add(c.Name, c.Verdict, c.Message, c.Figures)
	}

	j.Verdict = VerdictPass
	for i := range j.Checks {
		c := &j.Checks[i]
		switch {
		case c.Verdict == VerdictFail:
			if j.Failed == nil {
				j.Failed = c
			}
			j.Verdict = VerdictFail
		case c.Verdict == VerdictInconclusive && j.Verdict != VerdictFail:
			j.Verdict = VerdictInconclusive
		case c.Verdict == VerdictPending && j.Verdict == VerdictPass:
			j.Verdict = VerdictPending
		}
	}
	if j.Verdict == VerdictPending && final {
		// Only the rate checks can be pending at the end (an unhealthy
		// task fails there), and only with too few requests: that is
		// the inconclusive case.
		j.Verdict = VerdictInconclusive
	}
	if j.Verdict == VerdictInconclusive && extendable {
		j.Verdict, j.Extend = VerdictPending, true
		for i := range j.Checks {
			if c := &j.Checks[i]; c.Verdict == VerdictInconclusive {
				c.Verdict = VerdictPending
				c.Message += fmt.Sprintf("; "+stepExtended+" %s (maxExtension %s)", plan.Interval, plan.MaxExtension)
			}
		}
	}
	if j.Verdict == VerdictInconclusive && plan.OnInconclusive != "pass" {
		j.Verdict = VerdictFail
		for i := range j.Checks {
			if j.Checks[i].Verdict == VerdictInconclusive {
				j.Failed = &j.Checks[i]
				break
			}
		}
	}
	if j.Failed != nil {
		f := *j.Failed
		j.Failed = &f
	}
	return j
}

// Summary is the one-line judgement printed after each interval.
func (j Judgement) Summary() string {
	var parts []string
	for _, c := range j.Checks {
		parts = append(parts, c.Name+" "+c.Verdict)
	}
	head := fmt.Sprintf("judgement %s: %s", j.Step, strings.ToUpper(j.Verdict))
	if j.Failed != nil {
		return head + ": " + j.Failed.Name + ": " + j.Failed.Message
	}
	head += " (" + strings.Join(parts, ", ") + ")"
	if j.Extend {
		// Why the step did not end when its duration did: the checks
		// that could not be judged, and what happens next.
		for _, c := range j.Checks {
			if strings.Contains(c.Message, stepExtended) {
				head += "; " + c.Name + ": " + c.Message
			}
		}
	}
	return head
}

// stepExtended marks the message of a check whose inconclusive end
// extended its step; Summary repeats those.
const stepExtended = "the step is extended by"

func pct(f float64) string { return fmt.Sprintf("%.2f%%", f*100) }

// pp formats a difference of rates in percentage points.
func pp(f float64) string { return fmt.Sprintf("%+.2f", f*100) }

// counted is n and its noun, plural unless n is 1 ("1 canary request").
func counted(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
