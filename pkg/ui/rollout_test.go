package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// Off a terminal, 100 identical judgements over 8 minutes print once,
// then a summary at most once a minute; a changed one prints at once.
func TestRolloutViewOffTerminalPrintsChangesAndAMinutelySummary(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	v := NewRolloutView(ios, nil)
	t0 := time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)
	pass := "judgement partial[0]: PASS (error-rate pass, latency pass)"
	v.Event(canary.Event{Time: t0, Kind: canary.EventStep, Text: "step partial[0]: 10%"})
	for i := 0; i <= 100; i++ {
		v.Event(canary.Event{Time: t0.Add(time.Duration(i) * 5 * time.Second), Kind: canary.EventJudgement, Text: pass,
			Totals: map[string]canary.Counters{canary.TrackCanary: {Requests: int64(10 * i)}}})
	}
	gate := "waiting at manual gate full: run `yodel canary promote web --realm dev`"
	v.Event(canary.Event{Time: t0.Add(501 * time.Second), Kind: canary.EventInfo, Text: gate})
	fail := "judgement partial[0]: FAIL: error-rate: 5% > 1%"
	v.Event(canary.Event{Time: t0.Add(502 * time.Second), Kind: canary.EventJudgement, Text: fail})
	v.Close()

	lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
	require.GreaterOrEqual(t, len(lines), 4, errOut.String())
	assert.Equal(t, "2026-01-02T03:04:00Z  "+pass, lines[1])
	assert.Equal(t, "2026-01-02T03:12:21Z  "+gate, lines[len(lines)-2])
	assert.Equal(t, "2026-01-02T03:12:22Z  "+fail, lines[len(lines)-1])
	summaries := lines[2 : len(lines)-2]
	assert.Len(t, summaries, 8, "one a minute over 500s")
	assert.Equal(t, fmt.Sprintf("2026-01-02T03:05:00Z  %s again 12 times since 2026-01-02T03:04:00Z; stable 0 req 0 err; canary 120 req 0 err", pass), summaries[0])
	for _, l := range summaries {
		assert.Contains(t, l, pass+" again")
	}
}
