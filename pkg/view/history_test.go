package view

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// In a realm's history the release before a record is its own service's,
// the newest older one that put a definition in place and succeeded.
func TestPreviousIsTheSameServicesLastGoodDefinition(t *testing.T) {
	app := func(cmd string) []byte { return []byte(`{"id":"/x-blue","instances":2,"cmd":"` + cmd + `"}`) }
	recs := []state.Record{ // newest first
		{ID: "5", Service: "web", Release: "v3", Outcome: state.OutcomeSucceeded, App: app("serve v3")},
		{ID: "4", Service: "api", Release: "a1", Outcome: state.OutcomeSucceeded, App: app("api")},
		{ID: "3", Service: "web", Release: "v2", Outcome: state.OutcomeRolledBack, App: app("serve v2")},
		{ID: "2", Service: "web", Release: "v1", Outcome: state.OutcomeSucceeded, Strategy: "scale 2->3"},
		{ID: "1", Service: "web", Release: "v1", Outcome: state.OutcomeSucceeded, App: app("serve v1")},
	}
	prev := Previous(recs, recs[0])
	require.NotNil(t, prev)
	assert.Equal(t, "1", prev.ID, "not api's, not a rolled-back one, not one without a definition")
	changes := ChangedFrom(recs[0], prev)
	require.Len(t, changes, 1)
	assert.Equal(t, `~ cmd: "serve v1" => "serve v3"`, changes[0].Line())
	assert.Nil(t, Previous(recs, recs[4]), "the oldest has none")
	assert.Nil(t, ChangedFrom(recs[3], prev), "a record without a definition changed none")
	all := RecordChanges(recs)
	assert.Contains(t, all, "5")
	assert.Contains(t, all, "3", "a rolled-back release changed something too")
	assert.NotContains(t, all, "4")
}
