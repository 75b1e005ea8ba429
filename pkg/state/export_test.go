package state

import "github.com/yodeldeploy/yodel/pkg/state/zktest"

// TestZK is the ZooKeeper of this test binary, started by TestMain in
// state_test.go (nil when ZooKeeper is not installed; TestZKErr says why).
var (
	TestZK    *zktest.Server
	TestZKErr error
)
