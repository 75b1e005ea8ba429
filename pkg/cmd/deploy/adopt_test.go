package deploy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

// A deploy re-run while Marathon still runs the deployment an earlier run
// of the same release started (that run timed out, or was killed) waits for
// that deployment instead of exiting 5 on Marathon's lock.
func TestDeployRerunAdoptsItsOwnDeployment(t *testing.T) {
	e := svctest.Start(t)
	e.Manifest(t, "web", web)
	ctx := context.Background()
	o, _ := opts(e, false, "v1")
	require.NoError(t, Run(ctx, o))

	gate := filepath.Join(t.TempDir(), "gate")
	e.Manifest(t, "web", web+"health:\n  command: \"test -e "+gate+"\"\n  intervalSeconds: 1\n  gracePeriodSeconds: 3000\n")
	o, _ = opts(e, false, "v2")
	o.Timeout = 1500 * time.Millisecond
	o.ProgressDeadline = 0
	err := Run(ctx, o)
	require.Error(t, err)
	require.Equal(t, cmdutil.ExitTimeout, cmdutil.ExitCode(err), err.Error())
	deps, err := e.Client.Deployments(ctx)
	require.NoError(t, err)
	require.Len(t, deps, 1, "the first run's deployment still runs")

	// Another release is still locked out by it: exit 5, before anything
	// is written or started (a routed app would surge first, then meet
	// Marathon's lock). A canary neither: it would start beside an app
	// that runs neither release, and an abort would "keep" that.
	for _, strategy := range []string{StrategyRolling, StrategyCanary} {
		o, _ = opts(e, false, "v3")
		o.Strategy = strategy
		err = Run(ctx, o)
		require.Error(t, err, strategy)
		assert.Equal(t, cmdutil.ExitLocked, cmdutil.ExitCode(err), "%s: %v", strategy, err)
		assert.Contains(t, err.Error(), "Marathon still deploys /web-blue", strategy)
		assert.Contains(t, cmdutil.Hint(err), "yodel rollback web --realm test", strategy)
		assert.Contains(t, cmdutil.Hint(err), "yodel status web --realm test --watch", strategy)
	}
	// A canary of its own release is refused too, and the hint says the
	// rolling deploy of it goes on with that deployment.
	o, _ = opts(e, false, "v2")
	o.Strategy = ""
	err = Run(ctx, o)
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitLocked, cmdutil.ExitCode(err), "%v", err)
	assert.Contains(t, err.Error(), "Marathon still deploys /web-blue", "%v", err)
	assert.Contains(t, cmdutil.Hint(err), "or wait for it: yodel deploy web --realm test --release v2 --strategy rolling --yes (a rolling deploy of release v2 goes on with that deployment and waits for it)")
	assert.Contains(t, cmdutil.Hint(err), "yodel rollback web --realm test")
	_, err = e.Client.App(ctx, "/web-green")
	assert.True(t, marathon.IsNotFound(err), "no canary beside it: %v", err)
	hist, err := e.Store.History(ctx, "web", 0)
	require.NoError(t, err)
	assert.Equal(t, "v2", hist[0].Release, "the refused deploys wrote no history")

	// The re-run finds it, and finishes once the new tasks pass.
	o, bufs := opts(e, false, "v2")
	var errBuf sandboxtest.Buffer // read while Run writes
	o.Deps.IO.ErrOut = &errBuf
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	deadline := time.Now().Add(20 * time.Second)
	for errOut := errBuf.String(); !strings.Contains(errOut, "already deploying"); errOut = errBuf.String() {
		select {
		case err := <-done:
			t.Fatalf("the re-run ended before adopting the deployment: %v\nstderr:\n%s", err, errOut)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the re-run does not say it adopts the deployment; stderr:\n%s", errOut)
		}
	}
	require.NoError(t, os.WriteFile(gate, nil, 0o644))
	select {
	case err := <-done:
		out, _ := bufs()
		require.NoError(t, err, "stderr:\n%s", errBuf.String())
		assert.Contains(t, out, "Deployed web v2")
	case <-time.After(60 * time.Second):
		t.Fatal("the re-run did not finish")
	}
	app, err := e.Client.App(ctx, "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", app.Label("YODEL_RELEASE"))
}
