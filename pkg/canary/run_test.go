package canary

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/deploy/kind"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// fakeMarathon keeps apps in memory; every change is done at once.
type fakeMarathon struct {
	mu      sync.Mutex
	apps    map[string]*marathon.App
	calls   []string
	stallOn string // app id whose wait stalls
	putErr  error  // UpdateApp fails with it
}

func newFakeMarathon(stable string, instances int) *fakeMarathon {
	f := &fakeMarathon{apps: map[string]*marathon.App{}}
	f.put(stable, instances)
	return f
}

func (f *fakeMarathon) put(id string, n int) {
	a := &marathon.App{}
	a.ID = id
	a.Instances = &n
	for i := 0; i < n; i++ {
		a.Tasks = append(a.Tasks, &gm.Task{ID: fmt.Sprintf("%s.%d", id, i), State: "TASK_RUNNING"})
	}
	f.apps[id] = a
}

func (f *fakeMarathon) App(_ context.Context, id string) (*marathon.App, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.apps[id]
	if !ok {
		return nil, &marathon.NotFoundError{Path: "/v2/apps" + id, Message: "App '" + id + "' does not exist"}
	}
	cp := *a
	return &cp, nil
}

func (f *fakeMarathon) UpdateApp(_ context.Context, app *marathon.App, _ bool) (marathon.DeploymentRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.putErr != nil {
		return marathon.DeploymentRef{}, f.putErr
	}
	f.calls = append(f.calls, "put "+app.ID)
	f.put(app.ID, *app.Instances)
	return marathon.DeploymentRef{ID: "d-put"}, nil
}

func (f *fakeMarathon) ScaleApp(_ context.Context, id string, n int, _ bool) (marathon.DeploymentRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf("scale %s %d", id, n))
	f.put(id, n)
	return marathon.DeploymentRef{ID: "d-scale"}, nil
}

func (f *fakeMarathon) DeleteApp(_ context.Context, id string, _ bool) (marathon.DeploymentRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.apps[id]; !ok {
		return marathon.DeploymentRef{}, &marathon.NotFoundError{Path: "/v2/apps" + id}
	}
	f.calls = append(f.calls, "delete "+id)
	delete(f.apps, id)
	return marathon.DeploymentRef{ID: "d-del"}, nil
}

func (f *fakeMarathon) WaitDeployment(_ context.Context, spec marathon.WaitSpec) (marathon.Outcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if spec.AppID == f.stallOn && spec.WantInstances != 0 {
		// What a wait reports on its way to the stall.
		if spec.OnProgress != nil {
			for _, p := range []marathon.Progress{
				{Wanted: 2, Running: 2},
				{Wanted: 2, Running: 2, HealthCheckFailure: "HTTP /health: 404 Not Found (1 of 2 tasks)"},
				{Wanted: 2, Running: 2, HealthCheckFailure: "HTTP /health: 404 Not Found (2 of 2 tasks)"},
				{Wanted: 2, Running: 1, HealthCheckFailure: "HTTP /health: 404 Not Found (1 of 1 tasks)", LastFailure: "exit 1: boom", TaskFailures: 1},
				{Wanted: 2, Running: 1, LastFailure: "exit 1: boom", TaskFailures: 1},
			} {
				spec.OnProgress(p)
			}
		}
		return marathon.Outcome{}, &marathon.StallError{AppID: spec.AppID, Reason: "3 tasks failed", LastTaskFailure: "exit 1: boom",
			Progress: marathon.Progress{LastFailure: "exit 1: boom", FailedTask: &marathon.TaskRef{ID: "web-green.t3", Host: "agent-2"}}}
	}
	return marathon.Outcome{}, nil
}

func (f *fakeMarathon) has(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.apps[id]
	return ok
}

// fakeTraffic plays an LB under load: every sample adds 1000 requests,
// split by the routing state's canary share, with the canary answering
// errors at errRate. It also tracks the highest share it ever saw.
type fakeTraffic struct {
	mu       sync.Mutex
	st       state.Store
	errRate  float64
	c, s     Counters
	maxShare float64
	samples  int
	down     bool // reads fail (the lb agents unreachable), counted in failed
	failed   int
	perRead  int64 // requests between two reads (default 1000)
}

func (f *fakeTraffic) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

func (f *fakeTraffic) failedReads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func (f *fakeTraffic) Sample(ctx context.Context, svc string) (Sample, error) {
	f.mu.Lock()
	if f.down {
		f.failed++
		f.mu.Unlock()
		return Sample{}, errors.New("agent-1: connection refused")
	}
	f.mu.Unlock()
	rt, _, err := f.st.GetRouting(ctx, svc)
	if err != nil {
		return Sample{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.samples++
	share := 0.0
	if rt.Canary != "" && !rt.CanaryIsolated {
		share = rt.CanaryWeight / 100
	}
	f.maxShare = max(f.maxShare, share)
	n := cmp.Or(f.perRead, 1000)
	nc := int64(float64(n) * share)
	f.c.Requests += nc
	f.c.Responses5x += int64(float64(nc) * f.errRate)
	f.s.Requests += n - nc
	return Sample{Time: time.Now(), Agents: map[string]AgentSample{"agent-1": {Tracks: map[string]Counters{TrackCanary: f.c, TrackStable: f.s}}}}, nil
}

type harness struct {
	st     state.Store
	mar    *fakeMarathon
	traf   *fakeTraffic
	mu     sync.Mutex
	events []Event
}

func newHarness(t *testing.T) *harness {
	st := fileStore(t)
	return &harness{st: st, mar: newFakeMarathon("/web-blue", 3), traf: &fakeTraffic{st: st}}
}

func (h *harness) driver(app *marathon.App) *Driver {
	return &Driver{Store: h.st, Marathon: h.mar, Stats: h.traf, App: app, Poll: 5 * time.Millisecond,
		Report: func(e Event) { h.mu.Lock(); h.events = append(h.events, e); h.mu.Unlock() }}
}

func (h *harness) texts(kind string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, e := range h.events {
		if e.Kind == kind {
			out = append(out, e.Text)
		}
	}
	return out
}

func fastPlan(mod func(*manifest.CanaryPlan)) manifest.CanaryPlan {
	return plan(func(p *manifest.CanaryPlan) {
		p.Duration, p.Interval, p.MinRequests, p.DrainTimeout = jsondur.Duration(60*time.Millisecond), jsondur.Duration(20*time.Millisecond), 50, jsondur.Duration(time.Second)
		p.MaxExtension = p.Duration // as resolved when unset
		if mod != nil {
			mod(p)
		}
	})
}

func canaryApp() *marathon.App {
	a := &marathon.App{}
	a.ID = "/web-green"
	n := 1
	a.Instances = &n
	return a
}

func rollout(p manifest.CanaryPlan) *Rollout {
	return NewRollout("web", Track{App: "/web-blue", Release: "v1", Instances: 3}, Track{App: "/web-green", Release: "v2", Instances: 1}, p, time.Now())
}

func stepNames(r *Rollout) []string {
	var out []string
	for _, s := range r.Steps {
		out = append(out, s.Name+"="+s.Outcome)
	}
	return out
}

// The full step scales the canary to the release's count (FullInstances),
// the stable's for a record without one.
func TestDriveFullScaleToTheReleasesCount(t *testing.T) {
	h := newHarness(t)
	r := rollout(fastPlan(nil))
	r.FullInstances = 5
	r, err := h.driver(canaryApp()).Start(context.Background(), r)
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	assert.Equal(t, []string{"put /web-green", "scale /web-green 5", "delete /web-blue"}, h.mar.calls)
	def, _ := Step(StepFullScale)
	assert.Equal(t, "full: scaling /web-green to 5 instances", def.Text(r))
}

func TestDriveGoodReleaseToTheEnd(t *testing.T) {
	h := newHarness(t)
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(func(p *manifest.CanaryPlan) { p.Steps = []int{10, 50} })))
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	assert.Equal(t, []string{"starting=succeeded", "isolated=succeeded", "partial[0]=succeeded", "partial[1]=succeeded",
		"full-scale=succeeded", "shift=succeeded", "drain=succeeded", "cleanup=succeeded", "done=succeeded"}, stepNames(r))
	assert.Equal(t, []string{"put /web-green", "scale /web-green 3", "delete /web-blue"}, h.mar.calls)

	rt, _, err := h.st.GetRouting(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, "/web-green", rt.Stable)
	assert.Empty(t, rt.Canary)

	// Each partial step was judged until its time was up, and passed.
	var finals int
	for _, c := range r.Checks {
		if c.Name == CheckRequests && c.Verdict == VerdictPass {
			finals++
		}
		assert.NotEqual(t, VerdictFail, c.Verdict, c.Step+" "+c.Name+": "+c.Message)
	}
	assert.GreaterOrEqual(t, finals, 2)
	assert.NotEmpty(t, h.texts(EventJudgement))
	for _, w := range h.texts(EventWarning) {
		assert.NotContains(t, w, "minRequests", "traffic enough: no warning")
	}

	hist, err := h.st.History(context.Background(), "web", 1)
	require.NoError(t, err)
	require.Len(t, hist, 1)
	assert.Equal(t, state.OutcomeSucceeded, hist[0].Outcome)
	assert.Equal(t, "v2", hist[0].Release)
	assert.Len(t, hist[0].Steps, 9)
}

// A canary whose share of the traffic cannot reach minRequests by the
// step's latest end is said to be so once, while there is time to act,
// not only when it is rolled back for it.
func TestDriveWarnsOfThinTrafficEarly(t *testing.T) {
	h := newHarness(t)
	h.traf.perRead = 10 // 1 canary request a judgement at 10%
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(func(p *manifest.CanaryPlan) { p.MinRequests = 1000 })))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb, "inconclusive at the end: rolled back")
	var warnings []string
	for _, w := range h.texts(EventWarning) {
		if strings.Contains(w, "minRequests") {
			warnings = append(warnings, w)
		}
	}
	require.Len(t, warnings, 1, "once a step")
	assert.Regexp(t, `^partial\[0\]: \d+ canary requests? in \d+s \([0-9.]+/s at 10% of the traffic\): at this pace about \d+ by the step's latest end in \d+s, fewer than minRequests 1000, and the step ends inconclusive: it is rolled back then \(onInconclusive: fail\)\. Send the service traffic, or stop waiting: yodel canary abort web, then deploy again with a lower canary.partial.minRequests or onInconclusive: pass \(or --skip-partial, recorded in history; a promote still waits for the requests\)$`, warnings[0])
	assert.Equal(t, StepRolledBack, r.Step)
}

func TestDriveBadReleaseRollsBackDuringPartial(t *testing.T) {
	h := newHarness(t)
	h.traf.errRate = 0.5
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(nil)))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, kind.RolledBack, rb.Kind(), "exits 3 (pkg/cmdutil)")
	assert.Equal(t, StepRolledBack, r.Step)
	assert.Contains(t, err.Error(), "error-rate: canary error rate 50.00% > 1.00%")
	assert.Equal(t, []string{"starting=succeeded", "isolated=succeeded", "partial[0]=failed", "rolling-back=succeeded", "rolled-back=rolled-back"}, stepNames(r))
	assert.False(t, h.mar.has("/web-green"), "the canary app is deleted")
	assert.True(t, h.mar.has("/web-blue"), "stable untouched")
	rt, _, _ := h.st.GetRouting(context.Background(), "web")
	assert.Equal(t, "/web-blue", rt.Stable)
	assert.Empty(t, rt.Canary)
	assert.Zero(t, rt.CanaryWeight)
	assert.InDelta(t, 0.10, h.traf.maxShare, 1e-9, "the canary never had more than its share")
}

func TestDriveSmokeFailureNeverGetsPublicTraffic(t *testing.T) {
	h := newHarness(t)
	srv := lbStandIn(t, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "broken", 500) },
		func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	d := h.driver(canaryApp())
	d.Target = Target{URL: srv.URL, HeaderName: "X-Yodel-Track", HeaderValue: "canary"}
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Smoke = resolvedList(manifest.SmokeCheck{Path: "/healthz"}) })
	r, err := d.Start(context.Background(), rollout(p))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Contains(t, r.Reason, "smoke check failed: smoke GET /healthz: GET /healthz answered 500")
	assert.Equal(t, []string{"starting=succeeded", "isolated=failed", "rolling-back=succeeded", "rolled-back=rolled-back"}, stepNames(r))
	assert.Zero(t, h.traf.samples, "no partial step: no public traffic, nothing sampled")
	assert.False(t, h.mar.has("/web-green"))
	assert.Contains(t, h.texts(EventInfo), "isolated: /web-green answers at "+srv.URL+" with the header X-Yodel-Track: canary",
		"where a person can try the canary")
}

// A TCP service's canary answers on its isolated port: the step says
// which.
func TestDriveIsolatedNamesTheIsolatedPort(t *testing.T) {
	h := newHarness(t)
	d := h.driver(canaryApp())
	d.Target = Target{URL: "http://127.0.0.1:19600"}
	_, err := d.Start(context.Background(), rollout(fastPlan(nil)))
	require.NoError(t, err)
	assert.Contains(t, h.texts(EventInfo), "isolated: /web-green answers on 127.0.0.1:19600 (the isolated port)")
}

func resolvedList(cs ...manifest.SmokeCheck) []manifest.SmokeCheck {
	return manifest.ResolveCanary(&manifest.Canary{Isolated: &manifest.Isolated{Smoke: cs}}).Smoke
}

func TestDriveStallWhileStartingRollsBack(t *testing.T) {
	h := newHarness(t)
	h.mar.stallOn = "/web-green"
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(nil)))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, CauseStalled, r.Cause)
	assert.Contains(t, r.Reason, "last task failure: exit 1: boom")
	assert.Equal(t, &marathon.TaskRef{ID: "web-green.t3", Host: "agent-2"}, r.FailedTask, "where its output is")
	assert.False(t, h.mar.has("/web-green"))
	// On the way, why the tasks were not healthy: each cause and each
	// failure once.
	var why []string
	for _, w := range h.texts(EventWarning) {
		if strings.HasPrefix(w, "/web-green: ") {
			why = append(why, w)
		}
	}
	assert.Equal(t, []string{"/web-green: failing HTTP /health: 404 Not Found (1 of 2 tasks)", "/web-green: task failure: exit 1: boom"}, why)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond) // polling a condition, not waiting for time to pass
	}
}

func atStep(h *harness, step string) func() bool {
	return func() bool {
		rt, _, err := h.st.GetRouting(context.Background(), "web")
		return err == nil && rt.Step == step
	}
}

func TestGateAndPromoteFromAnotherProcess(t *testing.T) {
	h := newHarness(t)
	p := fastPlan(func(p *manifest.CanaryPlan) { p.ManualGates = map[string]bool{"partial": true, "full": true} })
	done := make(chan error, 1)
	var final *Rollout
	go func() {
		var err error
		r := rollout(p)
		r.Realm = "test"
		final, err = h.driver(canaryApp()).Start(context.Background(), r)
		done <- err
	}()
	waitFor(t, "the partial gate", func() bool {
		_, r, err := Load(context.Background(), h.st, "web")
		return err == nil && r != nil && r.Gate == "partial"
	})
	did, _, err := Promote(context.Background(), h.st, "web", false, "ann", time.Now())
	require.NoError(t, err)
	assert.Contains(t, did, "passed manual gate partial")
	waitFor(t, "the full gate", func() bool {
		_, r, err := Load(context.Background(), h.st, "web")
		return err == nil && r != nil && r.Gate == "full"
	})
	// Waiting at the full gate, the canary keeps its share and is judged.
	_, r, _ := Load(context.Background(), h.st, "web")
	assert.Equal(t, "partial[0]", r.StepName())
	assert.Equal(t, float64(10), r.Weight)
	n := r.Judgements
	waitFor(t, "judgements at the gate", func() bool {
		_, r, _ := Load(context.Background(), h.st, "web")
		return r.Judgements > n
	})
	_, _, err = Promote(context.Background(), h.st, "web", false, "ann", time.Now())
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, StepDone, final.Step)
	assert.Contains(t, h.texts(EventInfo), "waiting at manual gate full: run `yodel canary promote web --realm test`", "the realm the rollout records")
}

func TestAbortFromAnotherProcess(t *testing.T) {
	h := newHarness(t)
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(time.Hour) })
	done := make(chan error, 1)
	go func() {
		_, err := h.driver(canaryApp()).Start(context.Background(), rollout(p))
		done <- err
	}()
	waitFor(t, "partial", atStep(h, "partial[0]"))
	rt, r, err := Abort(context.Background(), h.st, "web", "ann@laptop", time.Now())
	require.NoError(t, err)
	assert.Zero(t, rt.CanaryWeight, "the abort's own write takes the share to 0")
	assert.Equal(t, StepRollingBack, r.Step)
	err = <-done
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, StepAborted, rb.Rollout.Step)
	assert.Contains(t, err.Error(), "was aborted; v1 keeps serving: aborted by ann@laptop")
	assert.False(t, h.mar.has("/web-green"))

	_, _, err = Abort(context.Background(), h.st, "web", "ann", time.Now())
	var none *NoRolloutError
	assert.ErrorAs(t, err, &none, "nothing left to abort")
}

func TestKilledDriverThenResumeOrAbort(t *testing.T) {
	for _, then := range []string{"resume", "abort"} {
		t.Run(then, func(t *testing.T) {
			h := newHarness(t)
			p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(300 * time.Millisecond) })
			ctx, kill := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, err := h.driver(canaryApp()).Start(ctx, rollout(p))
				done <- err
			}()
			waitFor(t, "partial", atStep(h, "partial[0]"))
			kill()
			err := <-done
			var left *LeftError
			require.ErrorAs(t, err, &left)
			assert.Equal(t, "partial[0]", left.Rollout.StepName())
			assert.Equal(t, "web", left.Rollout.Service, "the hint names it (pkg/cmdutil)")

			// The canary stays exactly where it was.
			rt, _, _ := h.st.GetRouting(context.Background(), "web")
			assert.Equal(t, float64(10), rt.CanaryWeight)
			assert.Equal(t, "/web-green", rt.Canary)

			if then == "abort" {
				_, _, err := Abort(context.Background(), h.st, "web", "ann", time.Now())
				require.NoError(t, err)
			}
			// A new driver, without the app definition (as `resume` has).
			r, err := h.driver(nil).Drive(context.Background(), "web")
			if then == "resume" {
				require.NoError(t, err)
				assert.Equal(t, StepDone, r.Step)
				assert.Equal(t, 1, count(h.mar.calls, "put /web-green"), "the canary app was not re-created")
				rt, _, _ = h.st.GetRouting(context.Background(), "web")
				assert.Equal(t, "/web-green", rt.Stable)
			} else {
				var rb *RolledBackError
				require.ErrorAs(t, err, &rb)
				assert.Equal(t, StepAborted, r.Step)
				assert.False(t, h.mar.has("/web-green"))
				assert.True(t, h.mar.has("/web-blue"))
			}
		})
	}
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestPauseHoldsThePartialStep(t *testing.T) {
	h := newHarness(t)
	p := fastPlan(func(p *manifest.CanaryPlan) { p.Duration = jsondur.Duration(100 * time.Millisecond) })
	done := make(chan error, 1)
	go func() {
		_, err := h.driver(canaryApp()).Start(context.Background(), rollout(p))
		done <- err
	}()
	waitFor(t, "partial", atStep(h, "partial[0]"))
	changed, _, err := SetPaused(context.Background(), h.st, "web", true, time.Now())
	require.NoError(t, err)
	require.True(t, changed)
	// Well past the step's duration it is still there, still judged.
	var n int
	waitFor(t, "several judgements while paused", func() bool {
		_, r, _ := Load(context.Background(), h.st, "web")
		n = r.Judgements
		return r.Judgements >= 8
	})
	_, r, _ := Load(context.Background(), h.st, "web")
	assert.Equal(t, "partial[0]", r.StepName())
	select {
	case err := <-done:
		t.Fatalf("the driver ended while paused: %v", err)
	default:
	}
	_, _, err = SetPaused(context.Background(), h.st, "web", false, time.Now())
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Greater(t, n, 0)
}

func TestAbortRefusedAfterCleanup(t *testing.T) {
	h := newHarness(t)
	r := rollout(fastPlan(nil))
	_, err := Begin(context.Background(), h.st, r)
	require.NoError(t, err)
	_, _, err = Update(context.Background(), h.st, "web", func(_ *state.Routing, r *Rollout) error {
		for r.Step != StepCleanup {
			r.Advance(time.Now())
		}
		return nil
	})
	require.NoError(t, err)
	_, _, err = Abort(context.Background(), h.st, "web", "ann", time.Now())
	assert.ErrorContains(t, err, "can only finish")
	assert.False(t, errors.Is(err, ErrNoRollout))
}

// The commands the driver suggests address the realm as the user named it
// (a file, say), else by the rollout's realm.
func TestHintsCarryTheRealmAsNamed(t *testing.T) {
	r := &Rollout{Service: "web", Realm: "dev"}
	assert.Equal(t, " --realm /tmp/sb/realm.yaml", (&Driver{RealmArg: "/tmp/sb/realm.yaml"}).realmFlag(r))
	assert.Equal(t, " --realm dev", (&Driver{}).realmFlag(r))
}

// Root reads any process's environment: hiding yodel's from the isolated
// command does not hold then, and the deploy says so.
func TestIsolatedCommandAsRootIsWarnedAbout(t *testing.T) {
	for _, root := range []bool{false, true} {
		h := newHarness(t)
		old := runningAsRoot
		runningAsRoot = func() bool { return root }
		_, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(func(p *manifest.CanaryPlan) { p.Command = "true" })))
		runningAsRoot = old
		require.NoError(t, err)
		warned := slices.ContainsFunc(h.texts(EventWarning), func(w string) bool { return strings.Contains(w, "isolated.command runs as root") })
		assert.Equal(t, root, warned, "as root: %v", root)
	}
}
