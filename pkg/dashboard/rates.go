package dashboard

import (
	"context"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/lb"
)

// Rate is a service's traffic through the lb agents between two reads of
// their counters.
type Rate struct {
	PerSecond float64 // requests
	ErrorRate float64 // 5xx and connection/response errors per request
}

// rater turns the agents' cumulative counters into rates: each read is
// compared with the previous one at least minGap older (all pages and
// streams share the reads). Counters that went down (HAProxy restarted)
// give no rate for that service until the next read.
type rater struct {
	mu     sync.Mutex
	last   map[string]lb.TrackStats
	lastAt time.Time
	rates  map[string]Rate
}

const minGap = time.Second

func (r *rater) read(ctx context.Context, stats func(context.Context) (map[string]lb.TrackStats, error), now time.Time) (map[string]Rate, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if stats == nil || (!r.lastAt.IsZero() && now.Sub(r.lastAt) < minGap) {
		return r.rates, nil
	}
	cur, err := stats(ctx)
	if err != nil {
		return r.rates, err
	}
	if !r.lastAt.IsZero() {
		dt := now.Sub(r.lastAt).Seconds()
		r.rates = map[string]Rate{}
		for svc, c := range cur {
			p, ok := r.last[svc]
			reqs := c.Requests - p.Requests
			errs := (c.Responses5xx + c.ConnectionErrors + c.ResponseErrors) - (p.Responses5xx + p.ConnectionErrors + p.ResponseErrors)
			if !ok || reqs < 0 || errs < 0 {
				continue
			}
			rt := Rate{PerSecond: float64(reqs) / dt}
			if reqs > 0 {
				rt.ErrorRate = float64(errs) / float64(reqs)
			}
			r.rates[svc] = rt
		}
	}
	r.last, r.lastAt = cur, now
	return r.rates, nil
}

// SumStats adds up each service's tracks over the agents' /v1/stats.
func SumStats(all []lb.StatsResponse) map[string]lb.TrackStats {
	out := map[string]lb.TrackStats{}
	for _, s := range all {
		for svc, st := range s.Services {
			sum := out[svc]
			for _, t := range st.Tracks {
				sum.Requests += t.Requests
				sum.Responses5xx += t.Responses5xx
				sum.ConnectionErrors += t.ConnectionErrors
				sum.ResponseErrors += t.ResponseErrors
			}
			out[svc] = sum
		}
	}
	return out
}
