package deploy

import (
	"context"
	"fmt"
	"os/exec"
	"sort"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// BenchmarkOverheadAfterDone measures yodel's own time after Marathon reports
// a rolling deploy done (the wait returned): routing, history, lock release,
// output. Reported as the median over b.N deploys.
func BenchmarkOverheadAfterDone(b *testing.B) {
	e := svctest.Start(b, emutest.With(func(c *emulator.Config) { c.Executor = "inproc" }))
	e.Manifest(b, "web", "service: web\ncmd: serve\ninstances: 3\nresources: {cpus: 0.01, mem: 1}\nports:\n  - {name: http, servicePort: 10080}\n")
	var overheads []time.Duration
	for i := 0; b.Loop(); i++ {
		ios, _, _, _ := svctest.IO(false)
		var doneAt time.Time
		o := &Options{Common: svctest.Common("web"), Deps: e.Deps(ios), Release: fmt.Sprintf("v%d", i),
			Strategy: StrategyRolling, Timeout: time.Minute, marathonDone: func(state.Lock) { doneAt = time.Now() }}
		o.Deps.Now = time.Now
		if err := Run(context.Background(), o); err != nil {
			b.Fatal(err)
		}
		overheads = append(overheads, time.Since(doneAt))
	}
	sort.Slice(overheads, func(i, j int) bool { return overheads[i] < overheads[j] })
	b.ReportMetric(float64(overheads[len(overheads)/2].Microseconds())/1000, "median-overhead-ms")
}

// BenchmarkVersionStartup execs `yodel version`: process start-up, command
// tree and flag parsing, no I/O beyond the output.
func BenchmarkVersionStartup(b *testing.B) {
	bin := sandboxtest.Binary(b)
	for b.Loop() {
		if out, err := exec.Command(bin, "version").CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}
