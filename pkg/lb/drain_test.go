package lb

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Tasks in the routing state's draining set stay in HAProxy in drain state,
// also those of an app no longer routed, and weigh nothing in the shares;
// a task Marathon reported gone leaves.
func TestBuildKeepsDrainingTasksInDrainState(t *testing.T) {
	apps := colours("x", 3, 2, "http", 10060)
	port := state.Port{ServicePort: 10060, Protocol: "http"}
	r := routing("x", "/x-blue", "", 0, false, 4, port)
	// x-blue.2: a scale-down victim; x-green.*: the app being replaced.
	r.Draining = []string{"x-blue.2", "x-green.0", "x-green.1"}
	cfg, plan := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}, Gone: map[string]bool{"x-green.1": true}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10060")
	got := map[string]haproxy.Server{}
	for _, sv := range s.Servers {
		got[sv.Name] = sv
	}
	require.Len(t, got, 4, "%v", serverNames(s))
	for _, n := range []string{"x-blue.0", "x-blue.1"} {
		assert.False(t, got[n].Draining, n)
	}
	for _, n := range []string{"x-blue.2", "x-green.0"} {
		assert.True(t, got[n].Draining, n)
		assert.Equal(t, haproxy.TrackStable, got[n].Track, n)
	}
	assert.NotContains(t, got, "x-green.1", "gone: out")
	sp := plan.Services["x"]
	assert.Equal(t, AppPlan{ID: "/x-blue", Track: haproxy.TrackStable, Tasks: 3, Routed: 2, Draining: 1}, sp.Apps[0])
	assert.Equal(t, AppPlan{ID: "/x-green", Track: TrackNone, Tasks: 2, Draining: 1}, sp.Apps[1])

	// The set changing alone is a new build (the Builder's memory).
	b := NewBuilder(opts)
	in := Input{Apps: apps, Routing: map[string]state.Routing{"x": routing("x", "/x-blue", "", 0, false, 4, port)}}
	cfg, _ = b.Build(in)
	assert.Len(t, serviceByKey(t, cfg, "svc_x_10060").Servers, 3)
	r2 := in.Routing["x"]
	r2.Draining = []string{"x-blue.0"}
	in.Routing = map[string]state.Routing{"x": r2}
	cfg, _ = b.Build(in)
	for _, sv := range serviceByKey(t, cfg, "svc_x_10060").Servers {
		assert.Equal(t, sv.Name == "x-blue.0", sv.Draining, sv.Name)
	}
}

// Draining every task would leave HAProxy nothing to send requests to:
// until another task is routed, the ones to drain keep serving.
func TestBuildNeverDrainsToAnEmptyBackend(t *testing.T) {
	apps := colours("x", 2, 0, "http", 10070)
	r := routing("x", "/x-blue", "", 0, false, 4, state.Port{ServicePort: 10070, Protocol: "http"})
	r.Draining = []string{"x-blue.0", "x-blue.1"}
	cfg, _ := Build(Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}, opts)
	s := serviceByKey(t, cfg, "svc_x_10070")
	require.Len(t, s.Servers, 2)
	for _, sv := range s.Servers {
		assert.False(t, sv.Draining, sv.Name)
		assert.Positive(t, sv.Weight, sv.Name)
	}
}

// A service being destroyed (retiring) has no other task to come: its
// last tasks drain, and a Builder that kept the service without the flag
// rebuilds it when the flag comes.
func TestBuildDrainsARetiringServiceToNothing(t *testing.T) {
	apps := colours("x", 2, 0, "http", 10071)
	r := routing("x", "/x-blue", "", 0, false, 4, state.Port{ServicePort: 10071, Protocol: "http"})
	r.Draining = []string{"x-blue.0", "x-blue.1"}
	b := NewBuilder(opts)
	in := Input{Apps: apps, Routing: map[string]state.Routing{"x": r}}
	cfg, _ := b.Build(in)
	for _, sv := range serviceByKey(t, cfg, "svc_x_10071").Servers {
		assert.False(t, sv.Draining, "not retiring: %s keeps serving", sv.Name)
	}
	r.Retiring = true
	in.Routing = map[string]state.Routing{"x": r}
	cfg, _ = b.Build(in)
	s := serviceByKey(t, cfg, "svc_x_10071")
	require.Len(t, s.Servers, 2)
	for _, sv := range s.Servers {
		assert.True(t, sv.Draining, sv.Name)
	}
}

// A generation that only drains (or forgets) tasks is acknowledged
// without a Marathon read: it routes nothing new, and the read (and the
// sync after it) would only compete with the drain and hold up the
// acknowledgement the CLI kills on. A generation that changes the routing
// still waits for its read.
func TestAgentAcksDrainOnlyGenerationsWithoutARead(t *testing.T) {
	m := newFakeMarathon(colours("x", 3, 0, "http", 10080)...)
	r := startRig(t, m, nil)
	ctx := context.Background()
	eventually(t, "x served", func() bool { return len(r.servers("svc_x_10080")) == 3 })
	rt := routing("x", "/x-blue", "", 0, false, 0, state.Port{ServicePort: 10080, Protocol: "http"})
	v, err := r.store.PutRouting(ctx, rt, state.NoVersion)
	require.NoError(t, err)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)))

	m.fail(errors.New("Marathon unreachable"))
	fullReads, reads := m.calls()
	rt.Draining = []string{"x-blue.2"}
	v, err = r.store.PutRouting(ctx, rt, v)
	require.NoError(t, err)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)), "a drain acknowledged with Marathon unreachable")
	c, _ := r.h.last()
	for _, sv := range serviceByKey(t, c, "svc_x_10080").Servers {
		assert.Equal(t, sv.Name == "x-blue.2", sv.Draining, sv.Name)
	}
	rt.Draining = nil
	v, err = r.store.PutRouting(ctx, rt, v)
	require.NoError(t, err)
	require.NoError(t, r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(10*time.Second)), "a Forget likewise")
	fullAfter, after := m.calls()
	assert.Equal(t, [2]int{fullReads, reads}, [2]int{fullAfter, after}, "no Marathon read for a drain or a forget")

	rt.CanaryWeight, rt.Canary = 10, "/x-green"
	v, err = r.store.PutRouting(ctx, rt, v)
	require.NoError(t, err)
	err = r.store.WaitApplied(ctx, "x", int64(v), time.Now().Add(500*time.Millisecond))
	var na *state.NotAppliedError
	assert.ErrorAs(t, err, &na, "a routing change is not acknowledged before Marathon was read")
}

// An app running more tasks than its instances outside any deployment (a
// task Mesos lost back beside its replacement) loses the surplus at
// Marathon's next scale check, with no drain of its own: the tasks it will
// kill are drained from now on, the youngest by default, whatever the
// track. A task already being killed leaves the surplus, and a deployment
// makes its own choice.
func TestBuildDrainsTheSurplusMarathonWillKill(t *testing.T) {
	apps := colours("x", 4, 0, "http", 10072)
	three := 3
	blue := *apps[0]
	blue.Instances = &three
	for i, tk := range blue.Tasks {
		c := *tk
		c.StartedAt = fmt.Sprintf("2026-12-07T10:00:0%d.000Z", i)
		blue.Tasks[i] = &c
	}
	apps[0] = &blue
	port := state.Port{ServicePort: 10072, Protocol: "http"}
	build := func(gone map[string]bool, routed bool) (map[string]haproxy.Server, AppPlan) {
		t.Helper()
		in := Input{Apps: apps, Gone: gone}
		if routed {
			in.Routing = map[string]state.Routing{"x": routing("x", "/x-blue", "", 0, false, 4, port)}
		}
		cfg, plan := Build(in, opts)
		got := map[string]haproxy.Server{}
		for _, sv := range serviceByKey(t, cfg, "svc_x_10072").Servers {
			got[sv.Name] = sv
		}
		return got, plan.Services["x"].Apps[0]
	}
	for _, routed := range []bool{true, false} {
		got, ap := build(nil, routed)
		require.Len(t, got, 4)
		for n, sv := range got {
			assert.Equal(t, n == "x-blue.3", sv.Draining, "%s (routing state: %v)", n, routed)
		}
		assert.Equal(t, AppPlan{ID: "/x-blue", Track: haproxy.TrackStable, Tasks: 4, Routed: 3, Surplus: 1}, ap)
	}
	_, plan := Build(Input{Apps: apps}, opts)
	assert.Equal(t, []string{"/x-blue runs more tasks than its 3 instances: draining x-blue.3, which Marathon's next scale check kills"},
		plan.Services["x"].Problems, "yodel lb status says why")

	got, ap := build(map[string]bool{"x-blue.0": true}, true)
	require.Len(t, got, 3)
	for n, sv := range got {
		assert.False(t, sv.Draining, "one being killed: no surplus left (%s)", n)
	}
	assert.Zero(t, ap.Surplus)

	blue.Deployments = []map[string]string{{"id": "d"}}
	got, _ = build(nil, true)
	for n, sv := range got {
		assert.False(t, sv.Draining, "a deployment holds the app (%s)", n)
	}
}
