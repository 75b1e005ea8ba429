package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmd/svcutil"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/retry"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// wait is the deadline for anything the worker does on its own.
const wait = 10 * time.Second

// fastBackoff keeps retries quick in tests.
var fastBackoff = retry.Backoff{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}

func openStore(t *testing.T) (state.Store, string) {
	t.Helper()
	url := "file://" + t.TempDir()
	st, err := state.Open(context.Background(), url, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.PutRouting(context.Background(), state.Routing{Service: "web", Stable: "/web-blue",
		Ports: []state.Port{{ServicePort: 10001, Protocol: "http"}}}, state.NoVersion)
	require.NoError(t, err)
	return st, url
}

// hook is a local webhook receiver: it records every request, and its
// behaviour (status, delay, a gate to hold requests) can be changed while
// the test runs.
type hook struct {
	srv    *httptest.Server
	secret []byte

	mu       sync.Mutex
	got      []received
	status   int
	delay    time.Duration
	hold     chan struct{} // when set, requests wait for it to close
	inFlight chan struct{} // signalled when a request arrives
}

type received struct {
	id, kind, sig string
	body          []byte
	at            time.Time
}

func newHook(t testing.TB, secret string) *hook { return newHookAt(t, secret, "127.0.0.1:0") }

// newHookAt listens on addr (a receiver coming back where it was).
func newHookAt(t testing.TB, secret, addr string) *hook {
	h := &hook{secret: []byte(secret), status: 200, inFlight: make(chan struct{}, 100)}
	h.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		hold, delay := h.hold, h.delay
		h.mu.Unlock()
		select {
		case h.inFlight <- struct{}{}:
		default: // nobody is counting
		}
		if hold != nil {
			<-hold
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
			}
		}
		h.mu.Lock()
		status := h.status
		if status/100 == 2 && r.Context().Err() == nil {
			h.got = append(h.got, received{id: r.Header.Get(HeaderIdempotency), kind: r.Header.Get(HeaderEvent), sig: r.Header.Get(HeaderSignature), body: body, at: time.Now()})
		}
		h.mu.Unlock()
		w.WriteHeader(status)
	}))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Listener.Close()
	h.srv.Listener = ln
	h.srv.Start()
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hook) set(f func(h *hook)) { h.mu.Lock(); f(h); h.mu.Unlock() }

func (h *hook) ids() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.got {
		out = append(out, r.id)
	}
	return out
}

func (h *hook) webhook(name string) *Webhook {
	return &Webhook{ReceiverName: name, URL: h.srv.URL + "/hook", Secret: h.secret, Timeout: time.Second}
}

// waitIDs waits until the hook has taken want (in any order) and
// returns what it took.
func (h *hook) waitIDs(t *testing.T, want []string) []string {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		got := h.ids()
		if containsAll(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("receiver got %v, want at least %v", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func containsAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// start runs a worker until the returned stop is called; stop waits for
// Run to return.
func start(t *testing.T, w *Worker) (stop func()) {
	cancel, wait := startCancel(t, w)
	return func() { cancel(); wait() }
}

// startCancel runs a worker; cancel ends its context, wait waits for Run
// to return.
func startCancel(t *testing.T, w *Worker) (cancel, waitRun func()) {
	t.Helper()
	ctx, cancelCtx := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	waitRun = func() {
		once.Do(func() {
			cancelCtx()
			select {
			case err := <-done:
				assert.NoError(t, err)
			case <-time.After(wait):
				t.Error("the worker did not stop")
			}
		})
	}
	t.Cleanup(waitRun)
	return cancelCtx, waitRun
}

// driver plays a canary driver against the store: the same record
// functions the real one uses, without Marathon.
type driver struct {
	t   *testing.T
	st  state.Store
	now time.Time
}

func (d *driver) tick() time.Time { d.now = d.now.Add(time.Second); return d.now }

func (d *driver) begin(release string, plan manifest.CanaryPlan) *canary.Rollout {
	ctx := context.Background()
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 2},
		canary.Track{App: "/web-green", Release: release, Instances: 1}, plan, d.tick())
	r.User, r.Host, r.Command = "alice", "laptop", "yodel deploy web"
	r.Source = &canary.Source{Labels: map[string]string{gitCommitLabel: "abc123"}}
	// As deploy.PrepareCanary records it (deploy.RecordedApp), for the
	// history record.
	r.App = json.RawMessage(`{"id":"/web-green","labels":{"` + gitCommitLabel + `":"abc123"}}`)
	id, err := d.st.AppendHistory(ctx, "web", r.Record())
	require.NoError(d.t, err)
	r.ID = id
	_, err = canary.Begin(ctx, d.st, r)
	require.NoError(d.t, err)
	return r
}

func (d *driver) update(fn func(r *canary.Rollout, now time.Time)) *canary.Rollout {
	now := d.tick()
	_, r, err := canary.Update(context.Background(), d.st, "web", func(_ *state.Routing, r *canary.Rollout) error {
		fn(r, now)
		return nil
	})
	require.NoError(d.t, err)
	if !r.Active() {
		require.NoError(d.t, d.st.UpdateHistory(context.Background(), "web", r.Record()))
	}
	return r
}

func (d *driver) advance() *canary.Rollout {
	return d.update(func(r *canary.Rollout, now time.Time) { r.Advance(now) })
}

var gatedPlan = manifest.CanaryPlan{Instances: 1, Weight: 10, Steps: []int{10, 50}, Duration: jsondur.Duration(time.Minute),
	ManualGates: map[string]bool{manifest.GatePartial: true}}

// runSuccessful drives a gated rollout to done and returns the ids of
// every event it must produce, in order.
func (d *driver) runSuccessful(release string) (ids []string) {
	d.begin(release, gatedPlan)
	d.advance()      // isolated
	r := d.advance() // waits at the partial gate
	require.Equal(d.t, "partial", r.Gate)
	d.update(func(r *canary.Rollout, now time.Time) {
		_, err := r.Promote(false, "bob", now)
		require.NoError(d.t, err)
	})
	for r.Active() {
		r = d.advance()
	}
	require.Equal(d.t, canary.StepDone, r.Step)
	id := func(kind, step string) string { return EventID("web", r.ID, kind, step) }
	return []string{id(KindStarted, ""), id(KindStepReached, "isolated"), id(KindWaitingForGate, "partial"), id(KindPromoted, "partial"),
		id(KindStepReached, "partial[0]"), id(KindStepReached, "partial[1]"), id(KindStepReached, "full-scale"), id(KindStepReached, "shift"),
		id(KindStepReached, "drain"), id(KindStepReached, "cleanup"), id(KindFinished, "")}
}

// runFailed drives a rollout whose judgement fails in partial[0].
func (d *driver) runFailed(release string) (ids []string) {
	r := d.begin(release, manifest.CanaryPlan{Instances: 1, Weight: 10, Steps: []int{10}, Duration: jsondur.Duration(time.Minute)})
	d.advance() // isolated
	d.advance() // partial[0]
	d.update(func(r *canary.Rollout, now time.Time) {
		r.StartRollback(canary.CauseCheckFailed, "error rate 7% > 1%", now)
	})
	for r.Active() {
		r = d.advance()
	}
	require.Equal(d.t, canary.StepRolledBack, r.Step)
	id := func(kind, step string) string { return EventID("web", r.ID, kind, step) }
	return []string{id(KindStarted, ""), id(KindStepReached, "isolated"), id(KindStepReached, "partial[0]"),
		id(KindJudgementFailed, "partial[0]"), id(KindStepReached, "rolling-back"), id(KindRolledBack, "rolled-back"), id(KindFinished, "")}
}

func newDriver(t *testing.T, st state.Store) *driver {
	// Events before a receiver's outbox was made are not sent to it: the
	// driver's clock starts after the worker's.
	return &driver{t: t, st: st, now: time.Now().Add(time.Minute)}
}

func TestEveryEventDeliveredOnceInOrder(t *testing.T) {
	st, _ := openStore(t)
	h := newHook(t, "s3cret")
	w := &Worker{Store: st, Realm: "qa", Receivers: []Receiver{h.webhook("hooks")}, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond}
	start(t, w)
	d := newDriver(t, st)
	want := d.runSuccessful("v2")
	want = append(want, d.runFailed("v3")...)
	got := h.waitIDs(t, want)
	// Let several scans run over the finished records: nothing more.
	time.Sleep(5 * w.ScanEvery)
	assert.Equal(t, want, h.ids(), "every event once, in the order the rollouts reached them")
	_ = got

	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.got {
		assert.True(t, Verify(h.secret, r.body, r.sig), "signature of %s verifies with the receiver's secret", r.id)
		assert.False(t, Verify([]byte("other"), r.body, r.sig))
		var e Event
		require.NoError(t, json.Unmarshal(r.body, &e))
		assert.Equal(t, r.id, e.ID)
		assert.Equal(t, r.kind, e.Kind)
		assert.Equal(t, "qa", e.Realm)
		assert.Equal(t, "abc123", e.Commit)
		assert.Equal(t, "alice", e.User)
		switch e.Kind {
		case KindJudgementFailed:
			assert.Equal(t, "error rate 7% > 1%", e.Reason)
		case KindPromoted:
			assert.Equal(t, "promoted by bob", e.Reason)
		case KindFinished:
			assert.Contains(t, []string{state.OutcomeSucceeded, state.OutcomeRolledBack}, e.Outcome)
		}
	}
	// A delivery is marked after the receiver answered (a store write
	// that a loaded machine can delay past the receiver's record of it).
	eventually(t, "every delivery marked", func() bool {
		ds, err := st.ListDeliveries(context.Background(), "hooks")
		return err == nil && !slices.ContainsFunc(ds, func(dl state.Delivery) bool { return dl.Status == state.DeliveryPending })
	})
	ds, err := st.ListDeliveries(context.Background(), "hooks")
	require.NoError(t, err)
	assert.Len(t, ds, len(want))
	for _, dl := range ds {
		assert.Equal(t, state.DeliveryDelivered, dl.Status, dl.ID)
		assert.Equal(t, 1, dl.Attempts, dl.ID)
	}
}

// A worker stopped while the receiver holds a request, and a new one
// started on the same store: every event arrives, none twice.
func TestRestartMidDeliveryNeitherLosesNorRepeats(t *testing.T) {
	st, url := openStore(t)
	h := newHook(t, "k")
	hold := make(chan struct{})
	h.set(func(h *hook) { h.hold = hold })
	mk := func(s state.Store) *Worker {
		return &Worker{Store: s, Receivers: []Receiver{h.webhook("hooks")}, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond}
	}
	cancel, waitRun := startCancel(t, mk(st))
	d := newDriver(t, st)
	want := d.runSuccessful("v2")
	<-h.inFlight // the first event is at the receiver
	cancel()     // the worker is told to stop...
	h.set(func(h *hook) { h.hold = nil })
	close(hold) // ...then the receiver answers
	waitRun()
	first := h.ids()
	require.NotEmpty(t, first, "the request under way was finished")
	require.Less(t, len(first), len(want), "the worker stopped before it was done")

	st2, err := state.Open(context.Background(), url, state.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st2.Close() }) // after the worker stops (cleanups run last in, first out)
	start(t, mk(st2))
	h.waitIDs(t, want)
	time.Sleep(5 * 50 * time.Millisecond)
	assert.Equal(t, want, h.ids())
}

// A receiver that is down, then answers 500, then comes back gets every
// event once it is back; another receiver is not held up meanwhile.
func TestFailingReceiverRetriedWithoutHoldingUpOthers(t *testing.T) {
	st, _ := openStore(t)
	down := newHook(t, "")
	downURL := down.srv.URL
	down.srv.Close() // connection refused
	flaky := newHook(t, "")
	flaky.set(func(h *hook) { h.status = 500 })
	good := newHook(t, "")
	w := &Worker{Store: st, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond, Receivers: []Receiver{
		&Webhook{ReceiverName: "down", URL: downURL + "/hook", Timeout: time.Second},
		flaky.webhook("flaky"), good.webhook("good")}}
	start(t, w)
	want := newDriver(t, st).runSuccessful("v2")
	good.waitIDs(t, want)

	ctx := context.Background()
	eventually(t, "the failing receivers' first delivery retried", func() bool {
		for _, rcv := range []string{"down", "flaky"} {
			ds, err := st.ListDeliveries(ctx, rcv)
			if err != nil || len(ds) == 0 || ds[0].Attempts < 3 || ds[0].Status != state.DeliveryPending {
				return false
			}
		}
		return true
	})
	ds, err := st.ListDeliveries(ctx, "flaky")
	require.NoError(t, err)
	assert.Contains(t, ds[0].LastError, "answered 500")
	assert.Empty(t, flaky.ids())
	ds, err = st.ListDeliveries(ctx, "down")
	require.NoError(t, err)
	assert.Contains(t, ds[0].LastError, "connection refused")

	flaky.set(func(h *hook) { h.status = 200 })
	back := newHookAt(t, "", strings.TrimPrefix(downURL, "http://")) // the down receiver comes back
	flaky.waitIDs(t, want)
	back.waitIDs(t, want)
	time.Sleep(5 * 50 * time.Millisecond)
	assert.Equal(t, want, flaky.ids(), "in order, once each, after the 500s")
	assert.Equal(t, want, back.ids(), "in order, once each, once it listens again")
}

// A slow receiver times out (and is retried); it never holds up another.
func TestSlowReceiverTimesOut(t *testing.T) {
	st, _ := openStore(t)
	slow := newHook(t, "")
	slow.set(func(h *hook) { h.delay = time.Hour })
	good := newHook(t, "")
	sw := slow.webhook("slow")
	sw.Timeout = 100 * time.Millisecond
	w := &Worker{Store: st, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond, Receivers: []Receiver{sw, good.webhook("good")}}
	start(t, w)
	want := newDriver(t, st).runSuccessful("v2")
	good.waitIDs(t, want)
	eventually(t, "the slow receiver's delivery timed out twice", func() bool {
		ds, err := st.ListDeliveries(context.Background(), "slow")
		return err == nil && len(ds) > 0 && ds[0].Attempts >= 2
	})
	ds, err := st.ListDeliveries(context.Background(), "slow")
	require.NoError(t, err)
	assert.Equal(t, "no answer within 100ms", ds[0].LastError)
	assert.Equal(t, state.DeliveryPending, ds[0].Status)
	slow.set(func(h *hook) { h.delay = 0 })
	slow.waitIDs(t, want)
}

// A receiver added to a realm with history hears of new rollouts only.
func TestNewReceiverGetsNoOldEvents(t *testing.T) {
	st, _ := openStore(t)
	d := &driver{t: t, st: st, now: time.Now().Add(-time.Hour)}
	d.runSuccessful("v2")
	h := newHook(t, "")
	start(t, &Worker{Store: st, Receivers: []Receiver{h.webhook("late")}, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond})
	d.now = time.Now().Add(time.Minute)
	want := d.runFailed("v3")
	h.waitIDs(t, want)
	time.Sleep(5 * 50 * time.Millisecond)
	assert.Equal(t, want, h.ids())
}

// Events filter per receiver, and the Slack format has text and blocks.
func TestEventFilterAndSlackFormat(t *testing.T) {
	st, _ := openStore(t)
	h := newHook(t, "")
	wh := h.webhook("chat")
	wh.Format, wh.Events = "slack", []string{KindStarted, KindFinished}
	start(t, &Worker{Store: st, Receivers: []Receiver{wh}, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond})
	ids := newDriver(t, st).runSuccessful("v2")
	want := []string{ids[0], ids[len(ids)-1]}
	h.waitIDs(t, want)
	time.Sleep(5 * 50 * time.Millisecond)
	assert.Equal(t, want, h.ids())
	h.mu.Lock()
	defer h.mu.Unlock()
	var msg struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	require.NoError(t, json.Unmarshal(h.got[0].body, &msg))
	assert.Contains(t, msg.Text, "canary rollout of web v2 started by alice")
	assert.NotEmpty(t, msg.Blocks)
}

// A rolling deploy (history only) notifies started and finished.
func TestHistoryOnlyDeploys(t *testing.T) {
	st, _ := openStore(t)
	h := newHook(t, "")
	start(t, &Worker{Store: st, Receivers: []Receiver{h.webhook("hooks")}, Backoff: fastBackoff, ScanEvery: 20 * time.Millisecond})
	ctx := context.Background()
	began := time.Now().Add(time.Second)
	rec := state.Record{Service: "web", Release: "v9", User: "ci", Started: began, Outcome: state.OutcomeInProgress, Strategy: "rolling"}
	id, err := st.AppendHistory(ctx, "web", rec)
	require.NoError(t, err)
	h.waitIDs(t, []string{EventID("web", id, KindStarted, "")})
	rec.ID, rec.Finished, rec.Outcome = id, began.Add(time.Second), state.OutcomeSucceeded
	rec.Steps = []state.Step{{Name: "rolling", Started: began, Finished: rec.Finished, Outcome: state.OutcomeSucceeded}}
	require.NoError(t, st.UpdateHistory(ctx, "web", rec))
	want := []string{EventID("web", id, KindStarted, ""), EventID("web", id, KindFinished, "")}
	h.waitIDs(t, want)
	time.Sleep(5 * 20 * time.Millisecond)
	assert.Equal(t, want, h.ids())
}

func TestCommitLabelIsSvcutils(t *testing.T) {
	assert.Equal(t, svcutil.LabelGitCommit, gitCommitLabel)
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// flakyStore fails its first reads of the outboxes, as a store that is
// unreachable when the worker starts.
type flakyStore struct {
	state.Store
	mu    sync.Mutex
	fails int
}

func (f *flakyStore) GetOutbox(ctx context.Context, receiver string) (state.Outbox, error) {
	f.mu.Lock()
	fail := f.fails > 0
	f.fails--
	f.mu.Unlock()
	if fail {
		return state.Outbox{}, &state.UnreachableError{URL: f.URL(), Err: errors.New("connection refused")}
	}
	return f.Store.GetOutbox(ctx, receiver)
}

// A store unreachable when the worker starts: it starts again until the
// store answers, then delivers as usual.
func TestStoreUnreachableAtStart(t *testing.T) {
	st, _ := openStore(t)
	h := newHook(t, "")
	fs := &flakyStore{Store: st, fails: 3}
	start(t, &Worker{Store: fs, Receivers: []Receiver{h.webhook("hooks")}, Backoff: fastBackoff, ScanEvery: 50 * time.Millisecond})
	want := newDriver(t, st).runFailed("v2")
	h.waitIDs(t, want)
	fs.mu.Lock()
	assert.Less(t, fs.fails, 0, "it tried again after the failures")
	fs.mu.Unlock()
}

// A closed store ends Run with an error the server can report.
func TestClosedStoreEndsRun(t *testing.T) {
	st, _ := openStore(t)
	st.Close()
	err := (&Worker{Store: st, Receivers: []Receiver{newHook(t, "").webhook("hooks")}, Backoff: fastBackoff}).Run(context.Background())
	assert.ErrorIs(t, err, state.ErrClosed)
}

// A receiver answering 500 for a long time (200 attempts; backoff capped
// at 5ms here, 5 minutes by default) is retried all along, never given up
// within GiveUpAfter, and gets every event in order once it answers.
func TestLongOutageRetriedUntilBack(t *testing.T) {
	st, _ := openStore(t)
	h := newHook(t, "")
	var calls int
	h.set(func(h *hook) { h.status = 500 })
	h.srv.Config.Handler = countRequests(h.srv.Config.Handler, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if calls++; calls > 200 {
			h.status = 200
		}
	})
	start(t, &Worker{Store: st, Receivers: []Receiver{h.webhook("hooks")}, ScanEvery: 50 * time.Millisecond,
		Backoff: retry.Backoff{Min: time.Millisecond, Max: 5 * time.Millisecond}})
	want := newDriver(t, st).runFailed("v2")
	h.waitIDs(t, want)
	time.Sleep(5 * 50 * time.Millisecond)
	assert.Equal(t, want, h.ids())
	ds, err := st.ListDeliveries(context.Background(), "hooks")
	require.NoError(t, err)
	assert.Equal(t, 201, ds[0].Attempts, "every 500 was followed by another attempt")
	assert.Equal(t, state.DeliveryDelivered, ds[0].Status)
}

func countRequests(next http.Handler, count func()) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { count(); next.ServeHTTP(w, r) })
}

// A delivery still failing GiveUpAfter past its event is marked failed,
// and the receiver's queue moves on to the next event.
func TestGivenUpAfterItsWindow(t *testing.T) {
	st, _ := openStore(t)
	h := newHook(t, "")
	h.set(func(h *hook) { h.status = 500 })
	start(t, &Worker{Store: st, Receivers: []Receiver{h.webhook("hooks")}, ScanEvery: 50 * time.Millisecond,
		Backoff: fastBackoff, GiveUpAfter: time.Nanosecond})
	d := &driver{t: t, st: st, now: time.Now().Add(time.Second)}
	want := d.runFailed("v2")
	eventually(t, "every delivery given up", func() bool {
		ds, err := st.ListDeliveries(context.Background(), "hooks")
		if err != nil || len(ds) != len(want) {
			return false
		}
		for _, dl := range ds {
			if dl.Status != state.DeliveryFailed {
				return false
			}
		}
		return true
	})
	ds, err := st.ListDeliveries(context.Background(), "hooks")
	require.NoError(t, err)
	for _, dl := range ds {
		assert.Equal(t, "answered 500", dl.LastError, dl.ID)
		assert.Zero(t, dl.NextAttempt, dl.ID)
	}
}

// watchedStore hands the worker a routing watch the test drives, and says
// when the worker's first scan has read the history.
type watchedStore struct {
	state.Store
	events  chan state.RoutingEvent
	scanned chan struct{}
	once    sync.Once
}

func (s *watchedStore) WatchRouting(ctx context.Context) (<-chan state.RoutingEvent, error) {
	return s.events, nil
}

func (s *watchedStore) History(ctx context.Context, svc string, limit int) ([]state.Record, error) {
	recs, err := s.Store.History(ctx, svc, limit)
	s.once.Do(func() { close(s.scanned) })
	return recs, err
}

// The watch coalesces changes: it can show a rollout's record at
// partial[1], then, after the rollout ended and the next began, only the
// next one's record. The ended rollout's last events (in its history
// record only) reach the receiver before the next rollout's, not after.
func TestNextRolloutWaitsForTheEndOfTheOneItReplaced(t *testing.T) {
	st, _ := openStore(t)
	ws := &watchedStore{Store: st, events: make(chan state.RoutingEvent), scanned: make(chan struct{})}
	h := newHook(t, "")
	// No scan but the first: what the watch shows is all the worker sees.
	start(t, &Worker{Store: ws, Receivers: []Receiver{h.webhook("hooks")}, Backoff: fastBackoff, ScanEvery: time.Hour})
	select {
	case <-ws.scanned:
	case <-time.After(wait):
		t.Fatal("the worker's first scan did not read the history")
	}
	show := func() {
		rt, _, err := st.GetRouting(context.Background(), "web")
		require.NoError(t, err)
		select {
		case ws.events <- state.RoutingEvent{Kind: state.RoutingUpdated, Routing: rt}:
		case <-time.After(wait):
			t.Fatal("the worker did not take the routing change")
		}
	}

	d := newDriver(t, st)
	r := d.begin("v2", gatedPlan)
	d.advance() // isolated
	d.advance() // waits at the partial gate
	d.update(func(r *canary.Rollout, now time.Time) {
		_, err := r.Promote(false, "bob", now)
		require.NoError(t, err)
	})
	d.advance() // partial[0]
	d.advance() // partial[1]
	show()
	v2 := func(kind, step string) string { return EventID("web", r.ID, kind, step) }
	seen := []string{v2(KindStarted, ""), v2(KindStepReached, "isolated"), v2(KindWaitingForGate, "partial"), v2(KindPromoted, "partial"),
		v2(KindStepReached, "partial[0]"), v2(KindStepReached, "partial[1]")}
	h.waitIDs(t, seen)

	for r.Active() { // full-scale to done, unseen
		r = d.advance()
	}
	r3 := d.begin("v3", gatedPlan)
	d.advance() // isolated
	show()
	v3 := func(kind, step string) string { return EventID("web", r3.ID, kind, step) }
	got := h.waitIDs(t, []string{v3(KindStarted, ""), v3(KindStepReached, "isolated")})
	want := append(seen, v2(KindStepReached, "full-scale"), v2(KindStepReached, "shift"), v2(KindStepReached, "drain"),
		v2(KindStepReached, "cleanup"), v2(KindFinished, ""), v3(KindStarted, ""), v3(KindStepReached, "isolated"))
	assert.Equal(t, want, got, "v2's last events before v3's first")
}

// A routing change delivered late (the watch's buffer, a busy worker)
// shows a rollout at partial[1] after it ended and the next one ended
// too. The history then holds the newer rollout's whole record; its events
// wait for a read of the routing state that shows it, so that the older
// rollout's last events go first.
func TestLateRoutingChangeDoesNotLetANewerRolloutOvertake(t *testing.T) {
	st, _ := openStore(t)
	ws := &watchedStore{Store: st, events: make(chan state.RoutingEvent), scanned: make(chan struct{})}
	h := newHook(t, "")
	start(t, &Worker{Store: ws, Receivers: []Receiver{h.webhook("hooks")}, Backoff: fastBackoff, ScanEvery: time.Hour})
	select {
	case <-ws.scanned:
	case <-time.After(wait):
		t.Fatal("the worker's first scan did not read the history")
	}
	show := func(rt state.Routing) {
		select {
		case ws.events <- state.RoutingEvent{Kind: state.RoutingUpdated, Routing: rt}:
		case <-time.After(wait):
			t.Fatal("the worker did not take the routing change")
		}
	}
	routing := func() state.Routing {
		rt, _, err := st.GetRouting(context.Background(), "web")
		require.NoError(t, err)
		return rt
	}

	d := newDriver(t, st)
	r := d.begin("v2", gatedPlan)
	d.advance() // isolated
	d.advance() // waits at the partial gate
	d.update(func(r *canary.Rollout, now time.Time) {
		_, err := r.Promote(false, "bob", now)
		require.NoError(t, err)
	})
	d.advance() // partial[0]
	d.advance() // partial[1]
	late := routing()
	for r.Active() {
		r = d.advance()
	}
	v2 := func(kind, step string) string { return EventID("web", r.ID, kind, step) }
	want := []string{v2(KindStarted, ""), v2(KindStepReached, "isolated"), v2(KindWaitingForGate, "partial"), v2(KindPromoted, "partial"),
		v2(KindStepReached, "partial[0]"), v2(KindStepReached, "partial[1]"), v2(KindStepReached, "full-scale"), v2(KindStepReached, "shift"),
		v2(KindStepReached, "drain"), v2(KindStepReached, "cleanup"), v2(KindFinished, "")}
	want = append(want, d.runFailed("v3")...)

	show(late)
	show(late) // taken once the first was offered
	eventually(t, "what the late change offered is sent", func() bool {
		ds, err := st.ListDeliveries(context.Background(), "hooks")
		if err != nil {
			return false
		}
		for _, dl := range ds {
			if dl.Status == state.DeliveryPending {
				return false
			}
		}
		return len(ds) > 0
	})
	show(routing())
	h.waitIDs(t, want)
	assert.Equal(t, want, h.ids(), "v2's events, then v3's")
}

// A history record's events carry the commit of its recorded app
// definition: a worker that never saw the rollout's record still tells it.
func TestHistoryEventsCarryTheRecordedCommit(t *testing.T) {
	rec := state.Record{ID: "20260101T000000.000000000Z-00000000", Service: "web", Release: "v9", Strategy: "rolling",
		Started: time.Unix(100, 0), Finished: time.Unix(200, 0), Outcome: state.OutcomeSucceeded,
		App: json.RawMessage(`{"id":"/web","labels":{"` + gitCommitLabel + `":"f00d"}}`)}
	evs := (&Worker{}).fromHistory(rec)
	require.NotEmpty(t, evs)
	for _, e := range evs {
		assert.Equal(t, "f00d", e.Commit, e.ID)
	}
	rec.App = nil
	assert.Empty(t, (&Worker{}).fromHistory(rec)[0].Commit, "no recorded app, no commit")
}
