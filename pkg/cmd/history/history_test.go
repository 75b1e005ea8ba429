package history

import (
	"context"
	"encoding/json"
	"os"
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
