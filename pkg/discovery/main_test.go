package discovery

import (
	"fmt"
	"os"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/discovery/curatortest"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

// One ZooKeeper and one compiled Curator client per test binary.
var (
	zkSrv *zktest.Server
	zkErr error
)

func TestMain(m *testing.M) {
	zkSrv, zkErr = zktest.Start()
	if zkErr == nil {
		_, _ = curatortest.Compile() // errors are reported by the tests that need it
	}
	code := m.Run()
	if zkSrv != nil {
		zkSrv.Close()
	}
	curatortest.Cleanup()
	if code != 0 && zkErr != nil {
		fmt.Fprintln(os.Stderr, "zookeeper:", zkErr)
	}
	os.Exit(code)
}
