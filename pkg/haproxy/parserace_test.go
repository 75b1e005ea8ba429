package haproxy

import (
	"sync"
	"testing"

	parser "github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/options"
)

// TestParsersInOneProcessDoNotRace: config-parser records the last
// defaults section parsed in a package-level variable; two parsers at
// once (two lb agents in one test binary) raced on it. Under -race (the
// test command's) this fails without third_party's mutex.
func TestParsersInOneProcessDoNotRace(t *testing.T) {
	base, err := RenderBase(BaseParams{StatsSocket: "/tmp/x.sock", ServerStateFile: "/tmp/x.state", MonitorBind: "127.0.0.1:9", MaxConn: 100})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if _, err := parser.New(options.String(base)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
