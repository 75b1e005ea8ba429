package rollout

import (
	"os"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
)

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m)) }

// loadRate is the continuous load of every test: at least 200 requests/s
// through HAProxy, on loopback.
const loadRate = sandboxtest.LoadRate

// rig is the shared sandbox rig, with this package's own helpers as
// methods (realmVariant, restartEmulator, waitDeploying, ...).
type rig struct {
	*sandboxtest.Rig
}

func newRig(t *testing.T, opts sandboxtest.Options) *rig {
	t.Helper()
	return &rig{sandboxtest.NewRig(t, opts)}
}
