package shared

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func partialRollout() *canary.Rollout {
	p := manifest.ResolveCanary(&manifest.Canary{Partial: &manifest.Partial{Steps: []int{10, 50}}})
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 1}, p, t0)
	r.Advance(t0)
	r.Advance(t0)
	r.Weight = 10
	r.AddCheck(canary.Check{Step: "partial[0]", Name: "error-rate", Verdict: canary.VerdictPass, Message: "canary error rate 0.33% <= 1.00%"})
	return r
}

func TestViewOffTTYIsTimestampedLines(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	v := NewView(ios, func() time.Time { return t0 })
	r := partialRollout()
	v.Event(canary.Event{Time: t0, Kind: canary.EventStep, Text: "partial 1/2: 10% of traffic to v2 for 5m0s", Rollout: r})
	v.Event(canary.Event{Time: t0.Add(30 * time.Second), Kind: canary.EventJudgement, Text: "judgement partial[0]: PASS", Rollout: r})
	v.Close()
	assert.Equal(t, "2025-03-01T12:00:00Z  partial 1/2: 10% of traffic to v2 for 5m0s\n2025-03-01T12:00:30Z  judgement partial[0]: PASS\n", errOut.String())
}

func TestViewOnTTYRedrawsABlock(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	ios.SetStderrTTY(true)
	ios.SetStdoutTTY(true)
	ios.SetNoColor(true)
	v := NewView(ios, func() time.Time { return t0.Add(time.Minute) })
	r := partialRollout()
	totals := map[string]canary.Counters{canary.TrackStable: {Requests: 2700, Responses5x: 3}, canary.TrackCanary: {Requests: 300, Responses5x: 1, Sessions: 2}}
	v.Event(canary.Event{Time: t0, Kind: canary.EventJudgement, Text: "judgement partial[0]: PASS", Rollout: r, Totals: totals})
	first := errOut.String()
	v.Event(canary.Event{Time: t0, Kind: canary.EventInfo, Text: "again", Rollout: r})
	out := errOut.String()
	assert.True(t, ios.Interactive())
	assert.Contains(t, first, "web  v1 -> v2  step partial[0]  4m0s left")
	assert.Contains(t, first, "ok starting  ok isolated  > partial[0]  . partial[1]  . full-scale")
	assert.Contains(t, first, "stable 90% | canary 10%")
	assert.Contains(t, first, "canary       300 req      1 err    0.33%  2 sessions")
	assert.Contains(t, first, "pass partial[0] error-rate: canary error rate 0.33% <= 1.00%")
	lines := strings.Count(first, "\n")
	assert.Contains(t, out[len(first):], "\x1b["+strconv.Itoa(lines)+"A\x1b[J", "the second frame replaces the first")
}

func TestStepLineAfterRollback(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	st := NewView(ios, nil).st
	r := partialRollout()
	r.StartRollback(canary.CauseCheckFailed, "error-rate", t0)
	assert.Equal(t, "ok starting  ok isolated  x partial[0]  > rolling-back  . rolled-back", StepLine(st, r))
}
