package rollback

import (
	"context"
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

// A rollback to a release that no longer starts goes back to the version it
// started from and exits 3.
func TestRollbackStallGoesBack(t *testing.T) {
	e := svctest.Start(t)
	ok := filepath.Join(e.Dir, "ok")
	require.NoError(t, os.WriteFile(ok, nil, 0o644))
	e.Manifest(t, "web", "service: web\ncmd: test -f "+ok+" && exec sleep 600 || { echo no "+ok+" >&2; exit 1; }\n"+
		"instances: 2\nresources: {cpus: 0.1, mem: 32}\n")
	e.MustDeploy(t, dep, "web", "v1")
	e.Manifest(t, "web", web)
	e.MustDeploy(t, dep, "web", "v2")
	v2, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	require.NoError(t, os.Remove(ok)) // v1 can no longer start

	ios, _, out, errOut := svctest.IO(false)
	err = Run(context.Background(), &Options{Common: svctest.Common("web"), Deps: e.Deps(ios),
		Timeout: 2 * time.Minute, ProgressDeadline: time.Minute,
		// The app has no health checks: without a settle, a v1 task seen
		// running before its shell exits (a busy machine) passes the rollback.
		Settle: 2 * time.Second})
	require.Error(t, err)
	assert.Equal(t, cmdutil.ExitRolledBack, cmdutil.ExitCode(err), err.Error())
	assert.Contains(t, err.Error(), "the rollback of web to v1 stalled and was rolled back to release v2")
	assert.Contains(t, err.Error(), "exited with status 1", "the failing task's message")
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "rolling back to release v2")

	a, err := e.Client.App(context.Background(), "/web-blue")
	require.NoError(t, err)
	assert.Equal(t, "v2", a.Label("YODEL_RELEASE"))
	assert.Equal(t, v2.Cmd, a.Cmd)
	h, err := e.Store.History(context.Background(), "web", 1)
	require.NoError(t, err)
	assert.Equal(t, "v1", h[0].Release)
	assert.Equal(t, state.OutcomeRolledBack, h[0].Outcome)
}
