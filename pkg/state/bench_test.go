package state_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/state/zktest"
)

// BenchmarkWatchLatency measures write -> notification for each store: one
// store writes, another (a separate client, as an lb agent would be)
// watches. Reports median and p99 in ms.
//
//	go test -run '^$' -bench WatchLatency -benchtime 500x ./pkg/state/
func BenchmarkWatchLatency(b *testing.B) {
	b.Run("file", func(b *testing.B) {
		benchWatch(b, "file://"+b.TempDir())
	})
	b.Run("zk", func(b *testing.B) {
		zktest.Skip(b, state.TestZKErr)
		benchWatch(b, state.TestZK.URL(uniqueRoot()))
	})
}

func benchWatch(b *testing.B, url string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	writer, err := state.Open(ctx, url, testOpts)
	if err != nil {
		b.Fatal(err)
	}
	defer writer.Close()
	watcher, err := state.Open(ctx, url, testOpts)
	if err != nil {
		b.Fatal(err)
	}
	defer watcher.Close()
	ch, err := watcher.WatchRouting(ctx)
	if err != nil {
		b.Fatal(err)
	}
	r := state.Routing{Service: "bench", Stable: "/bench-blue", Ports: []state.Port{{ServicePort: 10000, Protocol: "http"}}}
	var v state.Version
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Writes at random moments, as in a realm, rather than in lockstep
		// with the file store's poll.
		b.StopTimer()
		time.Sleep(time.Duration(rand.Int64N(int64(25 * time.Millisecond))))
		b.StartTimer()
		r.CanaryWeight = float64(i % 100)
		start := time.Now()
		if v, err = writer.PutRouting(ctx, r, v); err != nil {
			b.Fatal(err)
		}
		for {
			ev, ok := <-ch
			if !ok {
				b.Fatal("watch closed")
			}
			if ev.Err != nil {
				b.Fatal(ev.Err)
			}
			if ev.Service == "bench" && ev.Routing.Generation >= int64(v) {
				break
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
	b.ReportMetric(ms(lat[(len(lat)*99)/100]), "p99-ms")
}
