package deploy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// loseLock removes web's lock file: the file store's Lost, as a ZooKeeper
// session expiry closes it.
func loseLock(t *testing.T, e *svctest.Env) {
	t.Helper()
	require.NoError(t, os.Remove(filepath.Join(e.Dir, "state", "locks", "web.json")))
}

// The lock lost while Marathon deploys: exit 1 saying why, what Marathon
// was left doing and what to run, without the wait's "context canceled".
func TestDeployLosingItsLockMidWaitSaysWhatToDo(t *testing.T) {
	e := svctest.Start(t)
	_, done, bufs, _ := slowV2(t, e, false)
	loseLock(t, e)
	err := wait(t, done)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "stopped deploying web v2: the deployment lock was lost (the state store session expired: ZooKeeper was unreachable for longer than the session timeout, or the lock was removed), and another deploy may hold it now; ")
	assert.Contains(t, err.Error(), "Marathon's deployment of /web-blue was left running (")
	assert.Contains(t, err.Error(), "deployment ")
	assert.NotContains(t, err.Error(), "context canceled")
	assert.Equal(t, "see where it is:  yodel status web --realm test\n  then finish it:   yodel deploy web (once the state store is reachable)", cmdutil.Hint(err))
	_, errOut := bufs()
	assert.NotContains(t, errOut, "context canceled")

	a, aerr := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, aerr)
	assert.NotEmpty(t, a.DeploymentIDs(), "Marathon's deployment goes on by itself")
	h, herr := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, herr)
	require.Len(t, h, 1)
	assert.Equal(t, state.OutcomeFailed, h[0].Outcome)
	assert.Contains(t, h[0].Steps[len(h[0].Steps)-1].Message, "lock was lost")
}

// The lock lost after Marathon finished: the routing state is not written
// (another deploy may hold the lock and be about to write its own), the
// deploy exits 1 saying so, and running it again writes it.
func TestDeployLosingItsLockAfterMarathonWritesNoRouting(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	o, _ := opts(e, false, "v1")
	o.marathonDone = func(l state.Lock) {
		loseLock(t, e)
		select {
		case <-l.Lost():
		case <-time.After(10 * time.Second):
			t.Error("the lock was not reported lost")
		}
	}
	err := Run(context.Background(), o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitFailure, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "stopped deploying web v1: the deployment lock was lost")
	assert.Contains(t, err.Error(), "Marathon finished deploying /web-blue (2/2 healthy, 2 running), but the routing state was not written")
	assert.Contains(t, cmdutil.Hint(err), "yodel status web --realm test")
	_, _, gerr := e.Store.GetRouting(context.Background(), "web")
	assert.True(t, errors.Is(gerr, state.ErrNotFound), "routing written without the lock: %v", gerr)

	// Marathon has it all: the plan is empty, yet the run writes routing.
	o, bufs := opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))
	out, errOut := bufs()
	assert.Contains(t, errOut, "Marathon already runs web v1, but the routing state does not route it (an earlier deploy stopped before writing it): writing it")
	assert.Contains(t, out, "web v1 is deployed in test (/web-blue); its routing state is written now")
	rt, _, gerr := e.Store.GetRouting(context.Background(), "web")
	require.NoError(t, gerr)
	assert.Equal(t, "/web-blue", rt.Stable)
	require.Len(t, rt.Ports, 1)
	assert.Equal(t, 10080, rt.Ports[0].ServicePort)

	// Routing in step: a third run changes nothing at all.
	o, bufs = opts(e, false, "v1")
	require.NoError(t, Run(context.Background(), o))
	out, _ = bufs()
	assert.Contains(t, out, "web v1 is already deployed in test: nothing to do")
	rt2, _, gerr := e.Store.GetRouting(context.Background(), "web")
	require.NoError(t, gerr)
	assert.Equal(t, rt.Generation, rt2.Generation)
}
