package notify

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

// BenchmarkStepToWebhook measures the delay from the start of the write
// that moves a rollout to its next step (canary.Update, as the driver
// does) to the arrival of that step's webhook at a local receiver:
// routing watch, event derivation, the delivery record's create, the
// POST. Each iteration is one step of a long rollout (partial steps),
// written at random moments.
func BenchmarkStepToWebhook(b *testing.B) {
	b.Run("file", func(b *testing.B) { benchStepToWebhook(b, "file://"+b.TempDir()) })
	b.Run("zookeeper", func(b *testing.B) {
		srv, err := zktest.Start()
		zktest.Skip(b, err)
		b.Cleanup(srv.Close)
		benchStepToWebhook(b, srv.URL("/bench"))
	})
}

func benchStepToWebhook(b *testing.B, url string) {
	ctx := context.Background()
	open := func() state.Store {
		st, err := state.Open(ctx, url, state.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	}
	driverStore, workerStore := open(), open()
	if _, err := driverStore.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue",
		Ports: []state.Port{{ServicePort: 10001, Protocol: "http"}}}, state.NoVersion); err != nil {
		b.Fatal(err)
	}
	h := newHook(b, "")
	w := &Worker{Store: workerStore, Receivers: []Receiver{h.webhook("bench")}, Backoff: fastBackoff}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(wctx) }()
	defer func() { cancel(); <-done }()
	// Events from before the receiver's outbox exists are not its own.
	for {
		if _, err := workerStore.GetOutbox(ctx, "bench"); err == nil {
			break
		}
		time.Sleep(time.Millisecond)
	}

	steps := make([]int, b.N+1)
	for i := range steps {
		steps[i] = 1 + i%99
	}
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 2},
		canary.Track{App: "/web-green", Release: "v2", Instances: 1},
		manifest.CanaryPlan{Instances: 1, Weight: 10, Steps: steps, Duration: jsondur.Duration(time.Minute)}, time.Now())
	r.SkipIsolated = true
	id, err := driverStore.AppendHistory(ctx, "web", r.Record())
	if err != nil {
		b.Fatal(err)
	}
	r.ID = id
	if _, err := canary.Begin(ctx, driverStore, r); err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		time.Sleep(time.Duration(rand.Int64N(int64(25 * time.Millisecond))))
		b.StartTimer()
		start := time.Now()
		_, ro, err := canary.Update(ctx, driverStore, "web", func(_ *state.Routing, r *canary.Rollout) error {
			r.Advance(time.Now())
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		want := EventID("web", ro.ID, KindStepReached, ro.StepName())
		deadline := time.Now().Add(wait)
		for !slices.Contains(h.ids(), want) {
			if time.Now().After(deadline) {
				b.Fatalf("%s not received within %s", want, wait)
			}
			time.Sleep(100 * time.Microsecond)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
	b.ReportMetric(ms(lat[(len(lat)*99)/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
}
