package lb

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

func thousandApps() []*marathon.App {
	var apps []*marathon.App
	for i := range 1000 {
		svc := fmt.Sprintf("svc%04d", i)
		var tasks []*marathon.Task
		for j := range 3 {
			tasks = append(tasks, task(fmt.Sprintf("%s-blue.%d", svc, j), yes, 21000+3*i+j))
		}
		apps = append(apps, mkApp(appSpec{id: "/" + svc + "-blue", labels: managed(svc, "http"), ports: []int{25000 + i}, health: true, tasks: tasks}))
	}
	return apps
}

// The Builder gives what Build gives, after every kind of change, and
// rebuilds only the services whose inputs changed.
func TestBuilderIncremental(t *testing.T) {
	apps := thousandApps()
	h := NewHealth()
	b := NewBuilder(opts)
	in := Input{Apps: apps, Health: h, Routing: map[string]state.Routing{}, Gone: map[string]bool{}}
	same := func(what string) (haproxy.Config, *Plan) {
		t.Helper()
		got, gotPlan := b.Build(in)
		want, wantPlan := Build(in, opts)
		require.Equal(t, want, got, what)
		require.Equal(t, wantPlan.Backends, gotPlan.Backends, what)
		require.Equal(t, len(wantPlan.Services), len(gotPlan.Services), what)
		for n, sp := range wantPlan.Services {
			require.Equal(t, *sp, *gotPlan.Services[n], what+": plan of "+n)
		}
		return got, gotPlan
	}
	_, p1 := same("cold")
	_, p2 := same("nothing changed")
	assert.Same(t, p1.Services["svc0007"], p2.Services["svc0007"], "an unchanged service was rebuilt")

	// A new task: the app is re-read (a new value).
	a := *apps[7]
	a.Tasks = append(append([]*marathon.Task(nil), a.Tasks...), task("svc0007-blue.9", yes, 29000))
	apps[7] = &a
	_, p3 := same("task added")
	assert.NotSame(t, p2.Services["svc0007"], p3.Services["svc0007"])
	assert.Same(t, p2.Services["svc0008"], p3.Services["svc0008"], "a service next to the changed one was rebuilt")
	assert.Equal(t, 4, p3.Services["svc0007"].Apps[0].Routed)

	// Killed (gone), with no new read of the app.
	in.Gone["svc0007-blue.9"] = true
	_, p4 := same("task gone")
	assert.Equal(t, 3, p4.Services["svc0007"].Apps[0].Routed)
	assert.Same(t, p3.Services["svc0008"], p4.Services["svc0008"], "a killed task rebuilt another service")
	delete(in.Gone, "svc0007-blue.9")
	_, p4b := same("task revived")
	assert.Equal(t, 4, p4b.Services["svc0007"].Apps[0].Routed)
	in.Gone["svc0007-blue.9"] = true
	same("task gone again")

	// Health memory changes without a new read: a task without results.
	a2 := *apps[9]
	// (A second, healthy task: with none, the service would fail open.)
	a2.Tasks = []*marathon.Task{task("svc0009-blue.0", nil, 21027), task("svc0009-blue.1", yes, 21028)}
	apps[9] = &a2
	h.Set("svc0009-blue.0", true)
	_, p5 := same("health known")
	assert.Equal(t, 2, p5.Services["svc0009"].Apps[0].Routed)
	h.Set("svc0009-blue.0", false)
	_, p6 := same("health lost")
	assert.Equal(t, 1, p6.Services["svc0009"].Apps[0].Routed)
	assert.Same(t, p5.Services["svc0008"], p6.Services["svc0008"], "a health change rebuilt another service")
	// More changes than the health memory logs: every task is judged again.
	for i := range 3 * healthLog {
		h.Set(fmt.Sprintf("elsewhere.%d", i), i%2 == 0)
	}
	h.Set("svc0009-blue.0", true)
	_, p6b := same("health log overflowed")
	assert.Equal(t, 2, p6b.Services["svc0009"].Apps[0].Routed)

	// Routing state: a canary share, then a new generation.
	in.Routing["svc0011"] = state.Routing{Service: "svc0011", Stable: "/svc0011-blue", Generation: 3,
		Ports: []state.Port{{ServicePort: 25011, Protocol: "http"}}}
	_, p7 := same("routing added")
	assert.Equal(t, int64(3), p7.Services["svc0011"].Generation)
	r := in.Routing["svc0011"]
	r.Generation = 4
	in.Routing["svc0011"] = r
	_, p8 := same("routing generation")
	assert.Equal(t, int64(4), p8.Services["svc0011"].Generation)
	delete(in.Routing, "svc0011")
	same("routing removed")

	// An app removed.
	in.Apps = append(apps[:3:3], apps[4:]...)
	_, p9 := same("app removed")
	assert.NotContains(t, p9.Services, "svc0003")
}

// BenchmarkBuildOneChange1000: 1000 services × 3 tasks built before, one
// app re-read with a new task (what a one-task change costs the agent).
//
//	go test -run '^$' -bench BuildOneChange1000 -benchtime 200x ./pkg/lb/
func BenchmarkBuildOneChange1000(b *testing.B) {
	apps := thousandApps()
	h := NewHealth()
	bl := NewBuilder(opts)
	bl.Build(Input{Apps: apps, Health: h})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(apps)
		a := *apps[k]
		if len(a.Tasks) == 3 {
			a.Tasks = append(append([]*marathon.Task(nil), a.Tasks...), task(fmt.Sprintf("x%d", i), yes, 29000))
		} else {
			a.Tasks = a.Tasks[:3]
		}
		apps[k] = &a
		i++
		cfg, _ := bl.Build(Input{Apps: apps, Health: h})
		if len(cfg.Services) != 1000 {
			b.Fatal(len(cfg.Services))
		}
	}
}

func TestValidServiceNameMatchesRegexp(t *testing.T) {
	for _, s := range []string{"", "a", "a-b", "-a", "a-", "A", "a_b", "a.b", "0", "web-blue-2", string(make([]byte, 64)),
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
		assert.Equal(t, len(s) <= 63 && serviceNameRe.MatchString(s), validServiceName(s), "%q", s)
	}
}
