package view

import (
	"encoding/json"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Previous is the record whose definition ran before rec's: the newest
// older record of rec's service among recs (newest first; one service's
// or a realm's) that put a definition in place and succeeded. Nil when
// recs hold none.
func Previous(recs []state.Record, rec state.Record) *state.Record {
	seen := false
	for i := range recs {
		r := &recs[i]
		switch {
		case r.ID == rec.ID:
			seen = true
		case seen && r.Service == rec.Service && len(r.App) > 0 && r.Outcome == state.OutcomeSucceeded:
			return r
		}
	}
	return nil
}

// ChangedFrom is what r's definition changes from prev's, as a deploy's
// plan shows it, without what differs on every release (the release
// name, the manifest hash, who deployed) or by track (the instances: a
// canary's app is recorded at its canary count). Nil when either record
// kept no definition; empty when they differ in nothing history keeps
// (secret values are never kept).
func ChangedFrom(r state.Record, prev *state.Record) []diff.Change {
	if prev == nil || len(r.App) == 0 || len(prev.App) == 0 {
		return nil
	}
	var cur, old marathon.App
	if json.Unmarshal(r.App, &cur) != nil || json.Unmarshal(prev.App, &old) != nil {
		return nil
	}
	res, err := diff.Apps(&cur, &old, diff.Options{Ignore: func(p string) bool {
		switch p {
		// The release is an environment variable too, of the label's name.
		case "instances", "env." + appdef.LabelRelease, "labels." + appdef.LabelRelease, "labels." + appdef.LabelManifestSHA:
			return true
		}
		k, ok := strings.CutPrefix(p, "labels.")
		return ok && appdef.VolatileLabel(k)
	}})
	if err != nil {
		return nil
	}
	return res.Changes
}

// RecordChange is what a history record's definition changed from the
// release before it, for the dashboard's record details.
type RecordChange struct {
	From    *state.Record
	Changes []diff.Change
}

// RecordChanges are the RecordChange of every record of recs that has one,
// by record id.
func RecordChanges(recs []state.Record) map[string]RecordChange {
	out := map[string]RecordChange{}
	for _, r := range recs {
		prev := Previous(recs, r)
		if c := ChangedFrom(r, prev); c != nil {
			out[r.ID] = RecordChange{From: prev, Changes: c}
		}
	}
	return out
}
