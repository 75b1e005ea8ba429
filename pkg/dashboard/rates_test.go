package dashboard

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/lb"
)

func TestRatesComeFromTwoReadsOfTheAgentsCounters(t *testing.T) {
	counters := map[string]lb.TrackStats{"svc000": {Requests: 1000, Responses5xx: 10}}
	stats := func(context.Context) (map[string]lb.TrackStats, error) {
		out := map[string]lb.TrackStats{}
		for k, v := range counters {
			out[k] = v
		}
		return out, nil
	}
	var r rater
	t0 := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	if got, _ := r.read(context.Background(), stats, t0); len(got) != 0 {
		t.Errorf("a rate from one read: %v", got)
	}
	counters["svc000"] = lb.TrackStats{Requests: 1100, Responses5xx: 13, ConnectionErrors: 2}
	got, _ := r.read(context.Background(), stats, t0.Add(2*time.Second))
	if want := (Rate{PerSecond: 50, ErrorRate: 0.05}); got["svc000"] != want {
		t.Errorf("rate %+v, want %+v", got["svc000"], want)
	}
	counters["svc000"] = lb.TrackStats{Requests: 5}
	if got, _ := r.read(context.Background(), stats, t0.Add(4*time.Second)); len(got) != 0 {
		t.Errorf("counters that restarted gave a rate: %v", got)
	}

	// On the overview: requests per second and the error share.
	d := New(Config{Realm: "test", Users: users, Source: Source{Store: fixture(t, 1), Stats: stats}})
	now := t0
	d.cfg.Now = func() time.Time { return now }
	ts := httptest.NewServer(d.Handler())
	defer ts.Close()
	c := signIn(t, ts, "vic", "vic-token")
	counters["svc000"] = lb.TrackStats{Requests: 100}
	now = now.Add(10 * time.Second)
	get(t, c, ts.URL+"/ui/") // the first read of the counters
	counters["svc000"] = lb.TrackStats{Requests: 300, Responses5xx: 20}
	now = now.Add(10 * time.Second)
	_, body := get(t, c, ts.URL+"/ui/")
	if !strings.Contains(body, `data-field="rate">20.0/s<`) || !strings.Contains(body, "10.00%") {
		t.Errorf("overview lacks 20.0/s and 10.00%%:\n%s", body)
	}
}
