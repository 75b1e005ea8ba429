package notify

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The rollout record and its history mirror derive the same event ids,
// so whichever source a worker reads first, an event is recorded once.
func TestRecordAndHistoryDeriveTheSameIDs(t *testing.T) {
	st, _ := openStore(t)
	d := newDriver(t, st)
	want := d.runSuccessful("v2")
	_, r, err := canary.Load(context.Background(), st, "web")
	require.NoError(t, err)
	recs, err := st.History(context.Background(), "web", 1)
	require.NoError(t, err)
	ids := func(evs []Event) []string {
		var out []string
		for _, e := range evs {
			out = append(out, e.ID)
		}
		return out
	}
	fromRec := fromRollout("qa", r).events()
	fromHist := fromRecord("qa", recs[0]).events()
	assert.ElementsMatch(t, want, ids(fromRec))
	assert.ElementsMatch(t, want, ids(fromHist))
	// Deriving again gives the same events: nothing is new.
	assert.Equal(t, fromRec, fromRollout("qa", r).events())
}

func TestEventIDsAreStoreKeys(t *testing.T) {
	assert.Equal(t, "web.20261203T150405.000000000Z-0011aabb.step-reached.partial-1",
		EventID("web", "20261203T150405.000000000Z-0011aabb", KindStepReached, "partial[1]"))
	assert.Equal(t, "web.20261203T150405.000000000Z.finished", EventID("web", "20261203T150405.000000000Z", KindFinished, ""))
}

// A change that failed on dying tasks names the last one in its rolled-back
// and finished events (from the record: the same when derived again), and
// only there.
func TestFailedChangeEventsNameTheFailedTask(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	task := &state.TaskRef{ID: "web-blue.t3", Host: "agent-4", AgentID: "s-4"}
	rec := state.Record{ID: "r1", Service: "web", Release: "v2", Strategy: "rolling", Started: t0, Finished: t0.Add(time.Minute),
		Outcome: state.OutcomeRolledBack, FailedTask: task,
		Steps: []state.Step{{Name: "rolling", Started: t0, Finished: t0.Add(time.Minute), Outcome: state.OutcomeRolledBack, Message: "3 tasks failed"}}}
	evs := fromRecord("qa", rec).events()
	require.Len(t, evs, 2)
	assert.Equal(t, KindStarted, evs[0].Kind)
	assert.Nil(t, evs[0].FailedTask)
	assert.Equal(t, KindFinished, evs[1].Kind)
	assert.Equal(t, task, evs[1].FailedTask)

	rec.Outcome, rec.FailedTask = state.OutcomeSucceeded, task
	assert.Nil(t, fromRecord("qa", rec).events()[1].FailedTask, "a success names none")

	r := &canary.Rollout{ID: "r2", Service: "web", Started: t0, Finished: t0.Add(time.Minute), Outcome: state.OutcomeRolledBack,
		FailedTask: &marathon.TaskRef{ID: "web-green.t1", Host: "agent-2", SlaveID: "s-2"},
		Steps:      []canary.StepRecord{{Name: canary.StepRolledBack, Started: t0.Add(time.Minute), Outcome: state.OutcomeRolledBack}}}
	found := false
	for _, e := range fromRollout("qa", r).events() {
		if e.Kind == KindRolledBack || e.Kind == KindFinished {
			found = true
			assert.Equal(t, &state.TaskRef{ID: "web-green.t1", Host: "agent-2", AgentID: "s-2"}, e.FailedTask, e.Kind)
		}
	}
	assert.True(t, found, "no rolled-back or finished event")
}
