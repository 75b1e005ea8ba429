package notify

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
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
