package discovery

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/discovery/curatortest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/sandbox"
	"github.com/yodeldeploy/yodel/pkg/sandbox/sandboxtest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/stattest"
	"github.com/yodeldeploy/yodel/third_party/zk"
)

// timeline records, from Marathon's event stream and a Curator client's
// ServiceCache, when each instance turned healthy, was killed (SIGTERM:
// TASK_KILLING), appeared to the client and vanished from it.
type timeline struct {
	mu       sync.Mutex
	healthy  map[string]time.Time
	killing  map[string]time.Time
	appeared map[string]time.Time
	vanished map[string]time.Time
	back     map[string]time.Time // appeared again after vanishing
	history  map[string][]string  // id -> "+ms"/"-ms" changes, for failure messages
	// nodeGone: when a ZooKeeper children watch (no JVM in between) last
	// saw the node go: an upper bound of its deletion.
	nodeGone map[string]time.Time
	nodeNew  map[string]time.Time // when the watch first saw the node
	present  map[string]bool
}

func newTimeline() *timeline {
	return &timeline{healthy: map[string]time.Time{}, killing: map[string]time.Time{}, appeared: map[string]time.Time{},
		vanished: map[string]time.Time{}, back: map[string]time.Time{}, history: map[string][]string{}, nodeGone: map[string]time.Time{}, nodeNew: map[string]time.Time{}, present: map[string]bool{}}
}

// watchNodes follows dir's children with conn until ctx ends.
func (tl *timeline) watchNodes(ctx context.Context, conn *zk.Conn, dir string) {
	go func() {
		prev := map[string]bool{}
		for ctx.Err() == nil {
			kids, _, ev, err := conn.ChildrenW(dir)
			now := time.Now()
			if err != nil {
				_, _, ev, err = conn.ExistsW(dir) // not created yet
				if err != nil {
					return
				}
			}
			cur := map[string]bool{}
			for _, k := range kids {
				cur[k] = true
			}
			tl.mu.Lock()
			for k := range prev {
				if !cur[k] {
					tl.nodeGone[k] = now
				}
			}
			for k := range cur {
				if _, ok := tl.nodeNew[k]; !ok {
					tl.nodeNew[k] = now
				}
			}
			tl.mu.Unlock()
			prev = cur
			select {
			case <-ev:
			case <-ctx.Done():
			}
		}
	}()
}

func (tl *timeline) follow(ctx context.Context, events <-chan marathon.Event, changes <-chan curatortest.Change) {
	go func() {
		for ev := range events {
			now := time.Now()
			tl.mu.Lock()
			switch {
			case ev.Health != nil && ev.Health.Alive && !ev.Health.Unknown:
				if _, ok := tl.healthy[ev.Health.InstanceID]; !ok {
					tl.healthy[ev.Health.InstanceID] = now
				}
			case ev.StatusUpdate != nil && ev.StatusUpdate.TaskStatus == "TASK_KILLING":
				tl.killing[marathon.InstanceID(ev.StatusUpdate.TaskID)] = now
			}
			tl.mu.Unlock()
		}
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case c := <-changes:
				tl.mu.Lock()
				now := map[string]bool{}
				for _, id := range c.IDs {
					now[id] = true
					if !tl.present[id] {
						tl.history[id] = append(tl.history[id], c.At.Format("+15:04:05.000"))
						if _, ok := tl.appeared[id]; !ok {
							tl.appeared[id] = c.At
						} else {
							tl.back[id] = c.At
						}
					}
				}
				for id := range tl.present {
					if !now[id] {
						tl.history[id] = append(tl.history[id], c.At.Format("-15:04:05.000"))
						tl.vanished[id] = c.At
					}
				}
				tl.present = now
				tl.mu.Unlock()
			}
		}
	}()
}

const curatorSection = `discovery:
  curator:
    port: http
    payload: {team: demo}
`

// TestCuratorClientsFollowDeploys runs a real Curator client (the library's
// ServiceDiscovery, ServiceCache and ServiceProvider) against the
// sandbox's ZooKeeper through a deploy, a scale-up, a rolling deploy under
// its own calls and a canary: instances appear once healthy, vanish
// before their task is killed, none is stale afterwards, the client's
// calls never fail, and the canary gets its share of the picks until it is
// aborted. Figures are logged for BENCHMARKS.md.
func TestCuratorClientsFollowDeploys(t *testing.T) {
	r := sandboxtest.NewRig(t, sandboxtest.Options{Store: "zookeeper", MarathonFeatures: "task_killing", Ports: 200})
	servers, err := state.ZKServers(r.SB.StoreURL)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mc, err := marathon.New(marathon.Config{URLs: []string{r.SB.MarathonURL}})
	require.NoError(t, err)
	events, err := mc.Events(ctx, marathon.EventStatusUpdate, marathon.EventHealthStatusChanged, marathon.EventInstanceHealthChanged)
	require.NoError(t, err)

	c := curatortest.Start(t, servers[0], DefaultBasePath, "hello")
	tl := newTimeline()
	tl.follow(ctx, events, c.Watch())
	zc, _, err := zk.Connect(servers, 5*time.Second, zk.WithLogInfo(false))
	require.NoError(t, err)
	defer zc.Close()
	tl.watchNodes(ctx, zc, DefaultBasePath+"/hello")

	tasks := func(appID string) []string {
		t.Helper()
		app, err := mc.App(ctx, appID)
		require.NoError(t, err)
		var ids []string
		for _, tk := range app.Tasks {
			if tk != nil && marathon.TaskRunning(tk) {
				ids = append(ids, marathon.InstanceID(tk.ID))
			}
		}
		sort.Strings(ids)
		return ids
	}
	run := func(args ...string) {
		t.Helper()
		code, out, errOut := r.Run(append(args, "--realm", r.SB.RealmFile)...)
		require.Equal(t, 0, code, "yodel %s\n%s\n%s", strings.Join(args, " "), out, errOut)
	}

	// 1. A first deploy: every healthy task, and only those, once acked.
	r.WriteManifest(r.Base + curatorSection)
	run(r.DeployArgs("v1")[:len(r.DeployArgs("v1"))-2]...)
	r.WaitApplied()
	stable := r.Routing().Stable
	assert.Equal(t, tasks(stable), c.Query())
	// Picks choose from the ServiceProvider's cache, which reads each new
	// node's data after ZooKeeper's notification (Query reads ZooKeeper).
	c.WaitCached(tasks(stable), 30*time.Second)
	for _, p := range c.Picks(5) {
		assert.Equal(t, "stable", p.Track)
	}

	// 2. Scale up: new tasks become visible as they turn healthy; scale
	// down: they vanish before they are killed. YODEL_DISCOVERY_ROUNDS
	// repeats it for more samples (BENCHMARKS.md).
	rounds := 1
	if v, err := strconv.Atoi(os.Getenv("YODEL_DISCOVERY_ROUNDS")); err == nil && v > 1 {
		rounds = v
	}
	var lat, nodeLat []time.Duration
	for i := 0; i < rounds; i++ {
		if i > 0 {
			run("scale", "hello", "3")
			r.WaitApplied()
			c.WaitIDs(tasks(stable), 10*time.Second)
		}
		scaleStart := time.Now()
		run("scale", "hello", "9")
		r.WaitApplied()
		c.WaitIDs(tasks(stable), 10*time.Second)
		tl.mu.Lock()
		for id, at := range tl.appeared {
			if h, ok := tl.healthy[id]; ok && at.After(scaleStart) {
				lat = append(lat, at.Sub(h))
				if n, ok := tl.nodeNew[id]; ok {
					nodeLat = append(nodeLat, n.Sub(h))
				}
			}
		}
		tl.mu.Unlock()
	}
	require.NotEmpty(t, lat)
	t.Logf("FIGURE task healthy -> visible to a Curator client: %s; -> its node in ZooKeeper: %s", quantiles(lat), quantiles(nodeLat))

	// 3. A rolling deploy (at the scaled count) while the client calls
	// the instances it picks.
	r.WriteManifest(sandboxtest.ReplaceOnce(t, r.Base, "instances: 3", "instances: 9") + curatorSection)
	before := c.Query()
	require.Len(t, before, 9)
	dep := r.Start(r.DeployArgs("v2", "--strategy", "rolling")...)
	done := make(chan struct{})
	go func() { _ = dep.Cmd.Wait(); close(done) }()
	calls, failed, firstFailure := 0, 0, ""
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		default:
			n, why := c.Call(20)
			if n > 0 && firstFailure == "" {
				firstFailure = why
			}
			failed += n
			calls += 20
		}
	}
	require.Equal(t, 0, dep.Cmd.ProcessState.ExitCode(), dep.Stderr())
	t.Logf("FIGURE rolling deploy followed through Curator: %d calls, %d failed", calls, failed)
	assert.Zero(t, failed, "calls through Curator failed during the rolling deploy; the first: %s", firstFailure)
	r.WaitApplied()
	assert.Equal(t, tasks(r.Routing().Stable), c.Query(), "no stale instance after the rollout")

	tl.mu.Lock()
	var margins []time.Duration
	for id, k := range tl.killing { // scale-downs and the rolling deploy
		if _, ok := tl.appeared[id]; !ok {
			continue // killed before it was ever registered (not healthy yet)
		}
		g, gone := tl.nodeGone[id]
		if assert.True(t, gone, "instance %s killed but its node never removed", id) {
			assert.True(t, g.Before(k), "instance %s removed %s after its SIGTERM", id, g.Sub(k))
		}
		// What the Curator client saw: its cache follows the node by a
		// watch notification and a JVM (tens of ms on a loaded machine).
		if v, ok := tl.vanished[id]; ok {
			margins = append(margins, k.Sub(v))
		}
	}
	for _, id := range before {
		assert.Contains(t, tl.killing, id, "the rolling deploy replaced every task")
	}
	tl.mu.Unlock()
	require.NotEmpty(t, margins, "no old task was killed")
	sort.Slice(margins, func(i, j int) bool { return margins[i] < margins[j] })
	t.Logf("FIGURE task killed -> gone from Curator before SIGTERM: n=%d nodes removed before TASK_KILLING; the Curator client's cache ahead of it by min %s p50 %s",
		len(margins), margins[0].Round(time.Millisecond), margins[len(margins)/2].Round(time.Millisecond))

	// 4. A canary at 25% with 3 tasks beside 9: 3 of 12 instances.
	r.WriteManifest(sandboxtest.ReplaceOnce(t, r.Base, "instances: 3", "instances: 9") + curatorSection + `canary:
  instances: 3
  partial:
    steps: [25]
    duration: 5m
    interval: 5s
    minRequests: 1
    onInconclusive: pass
`)
	dep = r.Start(r.DeployArgs("v3")...)
	rt := r.WaitStep("partial[0]", 90*time.Second)
	r.WaitApplied()
	canaryIDs := tasks(rt.Canary)
	require.Len(t, canaryIDs, 3)
	// The agents applied the step; the Curator client's cache follows
	// ZooKeeper's watches, a JVM's moment later (seconds on a busy
	// machine, when 1000 picks from a cache still without the canary's
	// instances saw 7%): pick once it holds the stable instances and the
	// canary's share of registrations.
	stableIDs := tasks(rt.Stable)
	registered := len(stableIDs) + CanaryCount(len(stableIDs), len(canaryIDs), 0.25)
	viewBy := time.Now().Add(time.Minute)
	for view := c.Cached(); len(view) != registered || !isSubset(stableIDs, view); view = c.Cached() {
		require.True(t, time.Now().Before(viewBy), "the Curator client sees %v, not the %d stable and the canary's instances", view, len(stableIDs))
		time.Sleep(50 * time.Millisecond) // polling the client's cache
	}
	picks := c.Picks(1000)
	k := 0
	for _, p := range picks {
		if p.Track == "canary" {
			k++
			assert.Contains(t, canaryIDs, p.ID)
		}
	}
	want := float64(registered-len(stableIDs)) / float64(registered)
	t.Logf("FIGURE canary at 25%%: %d of %d Curator picks (%.1f%%)", k, len(picks), 100*float64(k)/float64(len(picks)))
	assert.NoError(t, stattest.Check(k, len(picks), want, "canary share of Curator picks"))

	run("canary", "abort", "hello")
	for _, id := range c.Query() {
		assert.NotContains(t, canaryIDs, id, "canary instance still registered when abort returned")
	}
	code, _, errOut := dep.Wait(t)
	assert.Equal(t, 3, code, errOut)
	assert.Equal(t, tasks(stable), c.Query())

	// 5. The lb agent killed with -9 and restarted at once: its session's
	// nodes would stay until the session expires (10 s) and then vanish;
	// the restarted agent takes them over at once instead, and a Curator
	// client never misses them.
	ids := tasks(stable)
	owner := func(id string) int64 {
		_, st, err := zc.Get(DefaultBasePath + "/hello/" + id)
		if err != nil {
			return 0
		}
		return st.EphemeralOwner
	}
	old := owner(ids[0])
	require.NotZero(t, old)
	agent := r.SB.Component(t, sandbox.CompAgent)
	sandboxtest.KillPID(t, agent)
	killedAt := time.Now()
	agentLog := filepath.Join(r.Dir, "agent-restarted.log")
	sandboxtest.StartProc(t, agentLog, nil, agent.Args...)
	deadline := time.Now().Add(30 * time.Second)
	for taken := false; !taken; {
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(agentLog)
			t.Fatalf("the restarted agent did not take the instances over; its log:\n%s", sandboxtest.Tail(string(b), 40))
		}
		time.Sleep(20 * time.Millisecond) // polling ZooKeeper, bounded
		taken = true
		for _, id := range ids {
			if o := owner(id); o == 0 || o == old {
				taken = false
			}
		}
	}
	took := time.Since(killedAt)
	var gaps []time.Duration
	for len(gaps) < len(ids) {
		if time.Now().After(deadline) {
			tl.mu.Lock()
			var missing []string
			for _, id := range ids {
				if !tl.present[id] {
					missing = append(missing, fmt.Sprintf("%s (changes seen: %v)", id, tl.history[id]))
				}
			}
			tl.mu.Unlock()
			t.Fatalf("instances missing from the Curator client %s after the takeover: %v; the client's query answers %v",
				time.Since(killedAt).Round(time.Millisecond), missing, c.Query())
		}
		time.Sleep(20 * time.Millisecond) // polling the timeline, bounded
		gaps = gaps[:0]
		tl.mu.Lock()
		for _, id := range ids {
			// The client stamps its changes in milliseconds: a node taken
			// over in one transaction can vanish and come back within the
			// same one, so "back" is "present again", not "stamped later".
			v, b := tl.vanished[id], tl.back[id]
			switch {
			case !v.After(killedAt):
				gaps = append(gaps, 0) // never missed
			case tl.present[id] && !b.Before(v):
				gaps = append(gaps, b.Sub(v))
			}
		}
		tl.mu.Unlock()
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	t.Logf("FIGURE lb agent kill -9, restarted at once: instances taken over by the new session %s after the kill; missing from the Curator client for p50 %s max %s",
		took.Round(time.Millisecond), gaps[len(gaps)/2].Round(time.Millisecond), gaps[len(gaps)-1].Round(time.Millisecond))
	assert.Equal(t, ids, c.Query())
}

// quantiles sorts ds and says n, min, p50, p90, p99 and max.
func quantiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "n=0"
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(f float64) time.Duration { return ds[int(f*float64(len(ds)-1))].Round(time.Millisecond) }
	return fmt.Sprintf("n=%d min %s p50 %s p90 %s p99 %s max %s", len(ds), q(0), q(0.5), q(0.9), q(0.99), q(1))
}

// isSubset reports whether every element of a is in b.
func isSubset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
