package canary

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// AgentStats samples the per-track counters of every live lb agent of the
// realm (GET <agent>/v1/stats), found through the store's agent registry.
type AgentStats struct {
	Store  state.Store
	Client *lb.Client
}

// Sample reads every live agent at once. An agent that does not answer is
// left out (its counts since the previous sample are lost, not invented);
// when none answers, Sample fails.
func (a AgentStats) Sample(ctx context.Context, svc string) (Sample, error) {
	agents, err := a.Store.ListAgents(ctx)
	if err != nil {
		return Sample{}, fmt.Errorf("listing the lb agents: %w", err)
	}
	if len(agents) == 0 {
		// No LB, no traffic: an empty sample, so the step ends
		// inconclusive (too few requests) instead of stopping with an error.
		return Sample{Time: time.Now(), Agents: map[string]AgentSample{}}, nil
	}
	c := a.Client
	if c == nil {
		c = &lb.Client{}
	}
	out := Sample{Agents: map[string]AgentSample{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var errs []error
	for _, ag := range agents {
		if err := lb.Unreadable(ag.ID, ag.Host, ag.Address); err != nil {
			errs = append(errs, err)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Stats(ctx, ag.Address)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			// The HAProxy worker's epoch: a restarted agent reads the same
			// counters on, a reloaded HAProxy starts them again.
			s := AgentSample{Epoch: resp.Epoch, Tracks: map[string]Counters{}}
			for track, t := range resp.Services[svc].Tracks {
				s.Tracks[track] = Counters{Requests: t.Requests, Responses5x: t.Responses5xx, ConnErrors: t.ConnectionErrors,
					RespErrors: t.ResponseErrors, Sessions: t.Sessions}
			}
			if resp.LatencyEpoch != "" {
				s.Latency = &AgentLatency{Epoch: resp.LatencyEpoch, Tracks: map[string]Latency{}}
				for track, l := range resp.Services[svc].Latency {
					s.Latency.Tracks[track] = latencyOf(l)
				}
			}
			out.Agents[ag.ID] = s
			if out.Time.Before(resp.Time) {
				out.Time = resp.Time
			}
		}()
	}
	wg.Wait()
	if len(out.Agents) == 0 {
		return Sample{}, fmt.Errorf("no lb agent answered for its counters: %w", errors.Join(errs...))
	}
	return out, nil
}
