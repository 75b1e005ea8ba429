package status

import (
	"context"
	"fmt"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"

	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil/svctest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator"
	"github.com/yodeldeploy/yodel/pkg/sandbox/emulator/emutest"
)

// BenchmarkStatus200 is `yodel status --realm R` (realm file, Marathon
// client, store, fetch, table) over a realm of 200 services of 3 tasks each.
func BenchmarkStatus200(b *testing.B) {
	e := svctest.Start(b, emutest.With(func(c *emulator.Config) { c.Executor = "inproc" }))
	ctx := context.Background()
	three, cmd := 3, "serve"
	for i := 0; i < 200; i++ {
		svc := fmt.Sprintf("svc%03d", i)
		app := &marathon.App{Application: gm.Application{ID: "/" + svc + "-blue", Cmd: &cmd, Instances: &three, CPUs: 0.01,
			Labels: &map[string]string{"YODEL_SERVICE": svc, "YODEL_RELEASE": "v1"}}}
		if _, err := e.Client.CreateApp(ctx, app); err != nil {
			b.Fatal(err)
		}
	}
	e.Emu.WaitIdle(b, 2*time.Minute)
	for b.Loop() {
		ios, _, out, _ := svctest.IO(false)
		if err := Run(ctx, &Options{Common: svcutil.Common{Realm: "test"}, Deps: e.Deps(ios)}); err != nil {
			b.Fatal(err)
		}
		if out.Len() == 0 {
			b.Fatal("no output")
		}
	}
}
