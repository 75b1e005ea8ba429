package deploy

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// refusingMarathon lists one app with two tasks and refuses to delete it,
// noting the routing state the agents had at that moment.
type refusingMarathon struct {
	Marathon
	st      state.Store
	atKill  state.Routing
	deletes int
	locked  bool // the delete meets a Marathon deployment (409)
}

func (m *refusingMarathon) App(_ context.Context, id string) (*marathon.App, error) {
	a := app(id, "v1", 2)
	a.Tasks = []*marathon.Task{{ID: "web-blue.1", AppID: id}, {ID: "web-blue.2", AppID: id}}
	return a, nil
}

func (m *refusingMarathon) DeleteApp(ctx context.Context, _ string, _ bool) (marathon.DeploymentRef, error) {
	m.deletes++
	m.atKill, _, _ = m.st.GetRouting(ctx, "web")
	if m.locked {
		return marathon.DeploymentRef{}, &marathon.LockedError{URL: "http://marathon", DeploymentIDs: []string{"d9"}}
	}
	return marathon.DeploymentRef{}, errors.New("Marathon answered 503")
}

// A deployment that began after the destroy's plan was read (Marathon's
// 409 at the delete) refuses the destroy as one the plan saw does: a
// *BusyError (exit 5, yodel's hint), the tasks routed again.
func TestDestroyMeetingADeploymentAtTheDeleteIsBusy(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	mc := &refusingMarathon{st: st, locked: true}
	s := lockSession(st)
	s.MC = mc
	_, err = s.Destroy(ctx, DestroyPlan{Apps: []string{"/web-blue"}, Routing: true, Release: "v1"}, time.Minute, "qa")
	var busy *BusyError
	require.ErrorAs(t, err, &busy)
	assert.Equal(t, KindLocked, KindOf(err))
	assert.Equal(t, "refusing to destroy web: Marathon still deploys /web-blue (deployment d9, release v1) and no yodel process drives it (the change that started it was stopped, or came from outside yodel): Marathon refuses to delete an app it deploys unless the delete cancels the deployment", err.Error())
	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.False(t, rt.Retiring, "routed again")
	assert.Empty(t, rt.Draining, "routed again")
}

// A destroy drains the service, marked retiring, before the delete; when
// Marathon refuses the delete, the tasks are routed again: the service
// serves as before the destroy.
func TestDestroyUndrainsWhenTheDeleteFails(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	mc := &refusingMarathon{st: st}
	s := lockSession(st)
	s.MC = mc
	_, err = s.Destroy(ctx, DestroyPlan{Apps: []string{"/web-blue"}, Routing: true, Release: "v1"}, time.Minute, "qa")
	require.ErrorContains(t, err, "Marathon answered 503")
	require.Equal(t, 1, mc.deletes)
	assert.True(t, mc.atKill.Retiring, "retiring when the delete was asked for")
	assert.ElementsMatch(t, []string{"web-blue.1", "web-blue.2"}, mc.atKill.Draining)

	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.False(t, rt.Retiring, "the failed destroy left the service retiring")
	assert.Empty(t, rt.Draining, "the failed destroy left its tasks drained")
	assert.Equal(t, "/web-blue", rt.Stable)
	h, err := st.History(ctx, "web", 1)
	require.NoError(t, err)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
}

// A destroy killed between its drain and its deletes left the service
// retiring, its tasks drained: the next other change to hold the lock
// routes them again, and says so.
func TestAChangeAfterAKilledDestroyRoutesTheTasksAgain(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue", Draining: []string{"web-blue.1", "web-blue.2"}, Retiring: true}, state.NoVersion)
	require.NoError(t, err)
	s := lockSession(st)
	var warnings []string
	s.Report = func(e Event) {
		if e.Kind == EventWarning {
			warnings = append(warnings, e.Text)
		}
	}
	require.NoError(t, s.GuardAndLock(ctx, OpScale))
	rt, _, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.False(t, rt.Retiring)
	assert.Empty(t, rt.Draining)
	assert.Equal(t, []string{"web: a destroy that never finished had drained its tasks; they are routed again"}, warnings)

	s.Unlock()

	// A destroy run again leaves it: it drains anyway.
	_, ver, err := st.GetRouting(ctx, "web")
	require.NoError(t, err)
	rt.Retiring, rt.Draining = true, []string{"web-blue.1"}
	_, err = st.PutRouting(ctx, rt, ver)
	require.NoError(t, err)
	d := lockSession(st)
	require.NoError(t, d.GuardAndLock(ctx, OpDestroy))
	defer d.Unlock()
	rt, _, err = st.GetRouting(ctx, "web")
	require.NoError(t, err)
	assert.True(t, rt.Retiring, "a destroy's own guard leaves the mark")
}
