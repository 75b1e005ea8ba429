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
	e := realmOf(b, 200, 3)
	benchStatus(b, e, "")
}

// BenchmarkStatusOfOneService1000 is `yodel status SVC --realm R` in a
// realm of 1000 services of one task each.
func BenchmarkStatusOfOneService1000(b *testing.B) {
	e := realmOf(b, 1000, 1)
	benchStatus(b, e, "svc0500")
}

func realmOf(b *testing.B, services, tasks int) *svctest.Env {
	e := svctest.Start(b, emutest.With(func(c *emulator.Config) { c.Executor = "inproc" }))
	ctx := context.Background()
	cmd := "serve"
	for i := range services {
		svc := fmt.Sprintf("svc%04d", i)
		app := &marathon.App{Application: gm.Application{ID: "/" + svc + "-blue", Cmd: &cmd, Instances: &tasks, CPUs: 0.01,
			Labels: &map[string]string{"YODEL_SERVICE": svc, "YODEL_RELEASE": "v1"}}}
		if _, err := e.Client.CreateApp(ctx, app); err != nil {
			b.Fatal(err)
		}
	}
	e.Emu.WaitIdle(b, 2*time.Minute)
	return e
}

func benchStatus(b *testing.B, e *svctest.Env, svc string) {
	ctx := context.Background()
	for b.Loop() {
		ios, _, out, _ := svctest.IO(false)
		if err := Run(ctx, &Options{Common: svcutil.Common{Realm: "test", Service: svc}, Deps: e.Deps(ios)}); err != nil {
			b.Fatal(err)
		}
		if out.Len() == 0 {
			b.Fatal("no output")
		}
	}
}
