package history

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func TestHistory(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	e := svctest.Start(t)
	ctx := context.Background()
	t0 := svctest.Clock
	for i, r := range []state.Record{
		{Release: "v1", Outcome: state.OutcomeSucceeded, Strategy: "rolling"},
		{Release: "v2", Outcome: state.OutcomeRolledBack, Strategy: "rolling", Steps: []state.Step{{Name: "rolling", Message: "deployment of /web-blue stalled: 3 task failures"}}},
		// A canary's reason is on the step that failed, before rolled-back.
		{Release: "v3", Outcome: state.OutcomeRolledBack, Strategy: "canary", Steps: []state.Step{{Name: "isolated"},
			{Name: "partial[0]", Outcome: "failed", Message: "error-rate: canary error rate 50.00% > 1.00% (61 errors in 122 requests)"},
			{Name: "rolling-back"}, {Name: "rolled-back", Outcome: state.OutcomeRolledBack}}},
		// Still running: how long so far (the clock is t0), and its step.
		{Release: "v4", Outcome: state.OutcomeInProgress, Strategy: "canary", Steps: []state.Step{{Name: "isolated", Outcome: "passed"}, {Name: "partial[0]"}}},
	} {
		r.Service, r.User, r.Host = "web", "alice", "ci-7"
		r.Started = t0.Add(time.Duration(i-4) * time.Hour)
		r.Finished = r.Started.Add(42 * time.Second)
		if r.Outcome == state.OutcomeInProgress {
			r.Started, r.Finished = t0.Add(-192*time.Second), time.Time{}
		}
		_, err := e.Store.AppendHistory(ctx, "web", r)
		require.NoError(t, err)
	}
	for _, tty := range []bool{false, true} {
		ios, _, out, _ := svctest.IO(tty)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios)}))
		name := "history-notty"
		if tty {
			name = "history-tty"
		}
		svctest.Golden(t, wd, name, out.String())
	}
	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), Output: cmdutil.OutputJSON}))
	var recs []state.Record
	require.NoError(t, json.Unmarshal(out.Bytes(), &recs))
	require.Len(t, recs, 4)
	assert.Equal(t, "v4", recs[0].Release, "newest first")
}

// An empty history says so off a terminal too, on stderr; stdout, what a
// script reads, stays empty. A service the realm's store does not know (a
// typo) is told apart from one with no records yet.
func TestHistoryEmpty(t *testing.T) {
	e := svctest.Start(t)
	run := func(svc string, tty bool) (string, string) {
		ios, _, out, errOut := svctest.IO(tty)
		require.NoError(t, Run(context.Background(), &Options{Common: svcutil.Common{Service: svc, Realm: "test"}, Deps: e.Deps(ios)}))
		return out.String(), errOut.String()
	}
	for _, tty := range []bool{false, true} {
		out, errOut := run("web", tty)
		want := "No history for web in realm test: no service was ever deployed there\n"
		if tty {
			assert.Equal(t, want, out)
			continue
		}
		assert.Empty(t, out)
		assert.Equal(t, want, errOut)
	}

	ctx := context.Background()
	for _, svc := range []string{"web", "api"} {
		_, err := e.Store.PutRouting(ctx, state.Routing{Service: svc, Stable: "/" + svc + "-blue"}, state.NoVersion)
		require.NoError(t, err)
	}
	out, _ := run("web", true)
	assert.Equal(t, "No history for web in realm test\n", out, "a known service without records")
	out, _ = run("wbe", true)
	assert.Equal(t, "No history for wbe in realm test: no service of that name was ever deployed there; it knows api, web\n", out)
}

// One record in full: named by its release, by the start of it, or by
// its id; a release deployed twice shows its newest record and says so.
func TestHistoryRecord(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	e := svctest.Start(t)
	ctx := context.Background()
	t0 := svctest.Clock.Add(-2 * time.Hour)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	ids := map[string]string{}
	for _, r := range []state.Record{
		{Release: "v3", Outcome: state.OutcomeSucceeded, Strategy: "rolling", Started: at(-3600), Finished: at(-3590)},
		{Release: "v2", Outcome: state.OutcomeSucceeded, Strategy: "rolling", Started: at(-600), Finished: at(-590),
			App: []byte(`{"id":"/web-blue","instances":3,"cpus":0.5,"mem":256,"container":{"type":"DOCKER","docker":{"image":"registry.example/web:2"}},"env":{"TOKEN":"<secret:env:TOKEN>","YODEL_RELEASE":"v2","LOG":"info"},"labels":{"YODEL_RELEASE":"v2"}}`)},
		{Release: "v3", Outcome: state.OutcomeRolledBack, Strategy: "canary", Flags: []string{"--skip-isolated"},
			Command: "yodel deploy web --realm test --skip-isolated", Started: at(0), Finished: at(75),
			App: []byte(`{"id":"/web-green","instances":1,"cpus":0.5,"mem":256,"container":{"type":"DOCKER","docker":{"image":"registry.example/web:3"}},"env":{"TOKEN":"<secret:env:TOKEN>","YODEL_RELEASE":"v3"},"labels":{"YODEL_RELEASE":"v3"}}`),
			Steps: []state.Step{
				{Name: "starting", Started: at(0), Finished: at(12), Outcome: state.OutcomeSucceeded},
				{Name: "partial[0]", Started: at(12), Finished: at(72), Outcome: state.OutcomeFailed, Message: "error-rate: canary error rate 50.00% > 1.00% (61 errors in 122 requests)"},
				{Name: "rolling-back", Started: at(72), Finished: at(75), Outcome: state.OutcomeSucceeded},
				{Name: "rolled-back", Started: at(75), Finished: at(75), Outcome: state.OutcomeRolledBack},
			},
			Checks: []state.Check{
				{Name: "partial[0]: tasks", Verdict: "pass", Message: "1/1 canary tasks healthy, 0 failures"},
				{Name: "partial[0]: error-rate", Verdict: "fail", Message: "canary error rate 50.00% > 1.00% (61 errors in 122 requests)"},
			},
			FailedTask: &state.TaskRef{ID: "web-green.t1", Host: "10.0.0.5"}},
		// A process that died before it recorded a step: how long it ran
		// is not known.
		{Release: "v4", Outcome: state.OutcomeAborted, Strategy: "rolling", Started: at(3600), Finished: at(3600),
			Steps: []state.Step{{Name: state.StepInterrupted, Started: at(3600), Finished: at(3600), Outcome: state.OutcomeAborted, Message: "interrupted: the process that ran it (-) ended without recording how it ended"}}},
	} {
		r.Service, r.User, r.Host = "web", "alice", "ci-7"
		id, err := e.Store.AppendHistory(ctx, "web", r)
		require.NoError(t, err)
		ids[r.Release+"/"+r.Outcome] = id
	}
	run := func(q string, tty bool, o cmdutil.OutputFormat) (string, error) {
		ios, _, out, _ := svctest.IO(tty)
		err := Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), Record: q, Output: o})
		return out.String(), err
	}
	for _, tty := range []bool{false, true} {
		out, err := run("v3", tty, "")
		require.NoError(t, err)
		name := "record-notty"
		if tty {
			name = "record-tty"
		}
		// Ids come from the store's clock, not the test's.
		svctest.Golden(t, wd, name, strings.ReplaceAll(out, ids["v3/"+state.OutcomeRolledBack], "<id>"))
	}
	byPrefix, err := run("v", false, "")
	assert.Error(t, err, "v names three releases")
	assert.Empty(t, byPrefix)
	assert.Equal(t, `"v" names 3 records of web: v4, v3, v2`, err.Error())
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))

	older := ids["v3/"+state.OutcomeSucceeded]
	out, err := run(older[:len(older)-2], false, "")
	require.NoError(t, err, "the start of an id")
	assert.Contains(t, out, "web  v3  succeeded  (rolling, 10s)\n")
	assert.NotContains(t, out, "older record")

	out, err = run("v4", false, "")
	require.NoError(t, err)
	assert.Contains(t, out, "web  v4  aborted  (rolling, unknown)\n")

	out, err = run("v2", false, cmdutil.OutputJSON)
	require.NoError(t, err)
	var rec state.Record
	require.NoError(t, json.Unmarshal([]byte(out), &rec), out)
	assert.Equal(t, "v2", rec.Release)
	assert.Equal(t, ids["v2/"+state.OutcomeSucceeded], rec.ID)

	_, err = run("v9", false, "")
	require.Error(t, err)
	assert.Equal(t, `web has no record named "v9" in realm test; its releases, newest first: v4, v3, v2`, err.Error())
	assert.Equal(t, "list its records with: yodel history web --realm test", cmdutil.Hint(err))
}

// The table says how long an interrupted change ran: at least until its
// process last recorded, or unknown.
func TestHistoryInterruptedDuration(t *testing.T) {
	t0 := svctest.Clock
	interrupted := func(last time.Duration) state.Record {
		return state.Record{Started: t0, Finished: t0.Add(last), Outcome: state.OutcomeAborted,
			Steps: []state.Step{{Name: "deploy", Started: t0, Finished: t0.Add(last)}, {Name: state.StepInterrupted, Started: t0.Add(last), Finished: t0.Add(last)}}}
	}
	assert.Equal(t, "at least 42s", duration(interrupted(42*time.Second), t0.Add(time.Hour)))
	assert.Equal(t, "unknown", duration(interrupted(0), t0.Add(time.Hour)))
	assert.Equal(t, "42s", duration(state.Record{Started: t0, Finished: t0.Add(42 * time.Second), Outcome: state.OutcomeAborted}, t0))
}

// Without a service: every service's changes (a destroyed one's too),
// merged newest first, the service named; -n bounds the whole list.
func TestHistoryOfARealm(t *testing.T) {
	e := svctest.Start(t)
	ctx := context.Background()
	run := func(limit int, tty bool, o cmdutil.OutputFormat) (string, string) {
		ios, _, out, errOut := svctest.IO(tty)
		require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios), Limit: limit, Output: o}))
		return out.String(), errOut.String()
	}
	out, errOut := run(20, false, "")
	assert.Empty(t, out)
	assert.Equal(t, "No history in realm test: no change of any service is recorded there\n", errOut)

	t0 := svctest.Clock
	for i, r := range []state.Record{
		{Service: "web", Release: "w1", Strategy: "rolling"},
		{Service: "api", Release: "a1", Strategy: "rolling"},
		{Service: "web", Release: "w2", Strategy: "canary"},
		{Service: "gone", Release: "g1", Strategy: "destroy"}, // destroyed: no routing state, its history kept
		{Service: "api", Release: "a2", Strategy: "scale 2->3"},
	} {
		r.User, r.Host, r.Outcome = "alice", "ci-7", state.OutcomeSucceeded
		r.Started = t0.Add(time.Duration(i-10) * time.Minute)
		r.Finished = r.Started.Add(10 * time.Second)
		_, err := e.Store.AppendHistory(ctx, r.Service, r)
		require.NoError(t, err)
	}
	for _, svc := range []string{"web", "api"} {
		_, err := e.Store.PutRouting(ctx, state.Routing{Service: svc, Stable: "/" + svc + "-blue"}, state.NoVersion)
		require.NoError(t, err)
	}
	out, _ = run(20, false, "")
	assert.Equal(t, "STARTED\tSERVICE\tRELEASE\tWHO\tWHAT\tOUTCOME\tDURATION\tMESSAGE\n"+
		"2025-03-14T15:03:26Z\tapi\ta2\talice@ci-7\tscale 2->3\tsucceeded\t10s\t\n"+
		"2025-03-14T15:02:26Z\tgone\tg1\talice@ci-7\tdestroy\tsucceeded\t10s\t\n"+
		"2025-03-14T15:01:26Z\tweb\tw2\talice@ci-7\tcanary\tsucceeded\t10s\t\n"+
		"2025-03-14T15:00:26Z\tapi\ta1\talice@ci-7\trolling\tsucceeded\t10s\t\n"+
		"2025-03-14T14:59:26Z\tweb\tw1\talice@ci-7\trolling\tsucceeded\t10s\t\n", out)

	out, _ = run(2, false, cmdutil.OutputJSON)
	var recs []state.Record
	require.NoError(t, json.Unmarshal([]byte(out), &recs))
	require.Len(t, recs, 2, "-n bounds the realm's list")
	assert.Equal(t, []string{"a2", "g1"}, []string{recs[0].Release, recs[1].Release})
}

// A record whose definition differs from the one before it only in what
// history does not keep says so, rather than "no change".
func TestHistoryRecordSameDefinition(t *testing.T) {
	e := svctest.Start(t)
	ctx := context.Background()
	app := []byte(`{"id":"/web-blue","instances":2,"cpus":0.1,"mem":64,"cmd":"serve","env":{"TOKEN":"<secret:env:TOKEN>"}}`)
	for i, rel := range []string{"m-abc", "m-abc-r2"} {
		_, err := e.Store.AppendHistory(ctx, "web", state.Record{Service: "web", Release: rel, Strategy: "rolling", Outcome: state.OutcomeSucceeded,
			Started: svctest.Clock.Add(time.Duration(i) * time.Minute), App: app})
		require.NoError(t, err)
	}
	ios, _, out, _ := svctest.IO(false)
	require.NoError(t, Run(ctx, &Options{Common: svcutil.Common{Service: "web", Realm: "test"}, Deps: e.Deps(ios), Record: "m-abc-r2"}))
	assert.Contains(t, out.String(), "  what it changed from m-abc (rolling, deployed "+svctest.Clock.UTC().Format(time.RFC3339)+"):\n    nothing that history keeps (it keeps no secret values)\n")
}
