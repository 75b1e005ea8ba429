package lb

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	gm "github.com/gambol99/go-marathon"

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
	var prev []haproxy.Service // the previous Build's, copied (the Builder reuses them)
	var prevSeq uint64
	same := func(what string) (haproxy.Config, *Plan) {
		t.Helper()
		got, gotPlan := b.Build(in)
		want, wantPlan := Build(in, opts)
		require.Nil(t, want.Delta, what)
		require.Equal(t, want.Services, got.Services, what)
		// The Delta names every service that differs from the previous
		// Build's (the same keys, then).
		require.NotNil(t, got.Delta, what)
		require.NotEqual(t, prevSeq, got.Delta.Seq, what)
		if got.Delta.Base != 0 {
			require.Equal(t, prevSeq, got.Delta.Base, what)
			require.Len(t, got.Services, len(prev), what)
			for i := range got.Services {
				if !slices.Contains(got.Delta.Changed, i) {
					require.Equal(t, prev[i], got.Services[i], "%s: %s changed but is not in the Delta", what, got.Services[i].Key())
				}
				require.Equal(t, prev[i].Key(), got.Services[i].Key(), what)
			}
		}
		prev, prevSeq = slices.Clone(got.Services), got.Delta.Seq
		require.Equal(t, wantPlan.Backends, gotPlan.Backends, what)
		require.Equal(t, len(wantPlan.Services), len(gotPlan.Services), what)
		for n, sp := range wantPlan.Services {
			require.Equal(t, *sp, *gotPlan.Services[n], what+": plan of "+n)
		}
		// The entries as built now: the next Build overwrites the
		// Builder's plan in place.
		return got, &Plan{Services: maps.Clone(gotPlan.Services), Backends: gotPlan.Backends}
	}
	_, p1 := same("cold")
	_, p2 := same("nothing changed")
	assert.Same(t, p1.Services["svc0007"], p2.Services["svc0007"], "an unchanged service was rebuilt")

	// A new task: the app is re-read (a new value).
	a := *apps[7]
	a.Tasks = append(append([]*marathon.Task(nil), a.Tasks...), task("svc0007-blue.9", yes, 29000))
	apps[7] = &a
	c3, p3 := same("task added")
	assert.NotSame(t, p2.Services["svc0007"], p3.Services["svc0007"])
	// Relative to the previous Build: the one changed service only.
	require.NotZero(t, c3.Delta.Base, "a one-task change admitted every service again")
	require.Len(t, c3.Delta.Changed, 1)
	assert.Equal(t, "svc0007", c3.Services[c3.Delta.Changed[0]].Name)
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
	c5, p5 := same("health known")
	require.NotZero(t, c5.Delta.Base)
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
	c7b, _ := same("nothing changed after routing added")
	assert.Empty(t, c7b.Delta.Changed)
	assert.NotZero(t, c7b.Delta.Base)
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

	// A service moves to another servicePort: admitted again, not patched.
	moved := func(i, port int) *marathon.App {
		a := *in.Apps[i]
		a.PortDefinitions = &[]gm.PortDefinition{{Port: &port, Protocol: "tcp"}}
		return &a
	}
	in.Apps = slices.Clone(in.Apps)
	in.Apps[20] = moved(20, 26500)
	c10, p10 := same("servicePort changed")
	assert.Zero(t, c10.Delta.Base)
	assert.Equal(t, []int{26500}, p10.Services[in.Apps[20].Service()].Ports)
	// Two onto one new port: one is refused, and while it is, every change
	// goes through admit (its order decides who wins). (Both new to the
	// port: Build, without the Builder's memory of who held it, gives the
	// same reason.)
	in.Apps[20], in.Apps[21] = moved(20, 26600), moved(21, 26600)
	_, p11 := same("servicePort taken")
	assert.NotEmpty(t, p11.Services[in.Apps[21].Service()].Refused)
	a3 := *in.Apps[30]
	a3.Tasks = append(slices.Clone(a3.Tasks), task("svc0031-blue.9", yes, 29001))
	in.Apps[30] = &a3
	// (Build alone would say svc0021 sorts first; the Builder, that it
	// held the port first.)
	c12, p12 := b.Build(in)
	want, _ := Build(in, opts)
	require.Equal(t, want.Services, c12.Services)
	assert.Zero(t, c12.Delta.Base)
	assert.Contains(t, p12.Services[in.Apps[21].Service()].Refused, "held it first")
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
