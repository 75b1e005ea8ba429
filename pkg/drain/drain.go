// Package drain takes tasks out of traffic before yodel kills them.
//
// Marathon 1.4 without `--enable_features task_killing` reports a killed
// task TASK_RUNNING until it is TASK_KILLED, so an lb agent cannot learn of
// a kill before the task has stopped serving, and many services exit at
// once on SIGTERM. No correctness may rest on TASK_KILLING: every task yodel
// kills (scale-down, canary rollback, an app it replaces, a destroyed
// service's) goes through Drain first:
//
//  1. its id joins the service's draining set in the routing state
//     (state.Routing.Draining); every lb agent keeps it in HAProxy in drain
//     state: no new request, the running ones finish;
//  2. the CLI waits until every live agent has applied that generation;
//  3. then until the agents report no session left on its servers, at most
//     the app's kill grace period (what Marathon would have given it
//     after SIGTERM anyway);
//
// and only then is it killed. Forget takes the ids out of the set once the
// kill is done; ids of tasks that no longer run are dropped at every write.
package drain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Drainer drains tasks of one realm.
type Drainer struct {
	Store state.Store
	// Client reads the agents' /v1/stats (default: a plain lb.Client).
	Client *lb.Client
	// Sessions, when set, replaces the agents' stats: the current sessions
	// of servers (HAProxy server names) of svc over every live agent.
	Sessions func(ctx context.Context, svc string, servers []string) (int64, error)
	// ApplyTimeout bounds the wait for the agents' acknowledgement
	// (default 30s); Poll is the session poll interval (default 50ms).
	ApplyTimeout, Poll time.Duration
	// Progress, when set, gets one line per stage.
	Progress func(string)
}

// Result says how a drain went.
type Result struct {
	Generation int64
	// NoAgents: no lb agent is registered, so nothing routes the tasks.
	NoAgents bool
	// SessionsLeft when the grace period ran out (cut by the kill); -1
	// when the agents' counts could not be read.
	SessionsLeft int64
	Waited       time.Duration
	// Written is how long the routing state write took.
	Written time.Duration
}

const maxConflicts = 20

// Drain puts ids (Marathon task ids of svc) in drain state on every live
// lb agent and waits until their sessions end, at most grace. live, when
// not nil, lists the tasks that still run: other ids in the set are
// dropped (left over from a run that stopped before Forget). A service
// without routing state is not routed: nothing to drain.
func (d *Drainer) Drain(ctx context.Context, svc string, ids []string, grace time.Duration, live func(string) bool) (Result, error) {
	return d.DrainWith(ctx, svc, ids, grace, live, nil)
}

// DrainWith is Drain with a further change of the routing state in the
// same write (mutate, when not nil): routing the traffic elsewhere and
// draining what it leaves take effect together.
func (d *Drainer) DrainWith(ctx context.Context, svc string, ids []string, grace time.Duration, live func(string) bool, mutate func(*state.Routing)) (Result, error) {
	start := time.Now()
	res := Result{}
	if len(ids) == 0 && mutate == nil {
		return res, nil
	}
	gen, err := d.update(ctx, svc, mutate, func(cur []string) []string {
		out := make([]string, 0, len(cur)+len(ids))
		for _, id := range cur {
			if live == nil || live(id) || slices.Contains(ids, id) {
				out = append(out, id)
			}
		}
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	})
	if errors.Is(err, state.ErrNotFound) {
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("draining %d task(s) of %s: %w", len(ids), svc, err)
	}
	res.Generation, res.Written = gen, time.Since(start)
	if len(ids) > 0 {
		d.progress(fmt.Sprintf("draining %d task(s) of %s on every lb agent", len(ids), svc))
	}
	timeout := d.ApplyTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	err = d.Store.WaitApplied(ctx, svc, gen, time.Now().Add(timeout))
	var na *state.NotAppliedError
	switch {
	case errors.Is(err, state.ErrNoAgents):
		res.NoAgents = true
		res.Waited = time.Since(start)
		return res, nil
	case errors.As(err, &na):
		// A lagging agent still routes them; its HAProxy retries what the
		// kill breaks (templates/haproxy). Waiting longer is not better.
		d.progress(fmt.Sprintf("warning: %v; killing after the sessions wait anyway", err))
	case err != nil:
		return res, fmt.Errorf("waiting for the lb agents to drain tasks of %s: %w", svc, err)
	}
	servers := make([]string, len(ids))
	for i, id := range ids {
		servers[i] = haproxy.ServerName(id)
	}
	poll := d.Poll
	if poll <= 0 {
		poll = 50 * time.Millisecond
	}
	deadline := start.Add(grace)
	res.SessionsLeft = -1
	for {
		n, err := d.sessions(ctx, svc, servers)
		if err == nil {
			res.SessionsLeft = n
			if n == 0 {
				break
			}
		}
		if !time.Now().Before(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(min(poll, time.Until(deadline))):
		}
	}
	res.Waited = time.Since(start)
	switch {
	case res.SessionsLeft > 0:
		d.progress(fmt.Sprintf("drain of %s: %d session(s) left after %s (the kill grace period): the kill cuts them", svc, res.SessionsLeft, grace))
	case res.SessionsLeft < 0:
		d.progress(fmt.Sprintf("drain of %s: the agents' session counts could not be read; waited %s", svc, grace))
	}
	return res, nil
}

// Prune forgets the ids in svc's draining set that live says no longer run
// (after a kill is done).
func (d *Drainer) Prune(ctx context.Context, svc string, live func(string) bool) error {
	_, err := d.update(ctx, svc, nil, func(cur []string) []string {
		return slices.DeleteFunc(slices.Clone(cur), func(id string) bool { return !live(id) })
	})
	if errors.Is(err, state.ErrNotFound) {
		return nil
	}
	return err
}

// Forget takes ids out of svc's draining set (after the kill).
func (d *Drainer) Forget(ctx context.Context, svc string, ids []string) error {
	return d.ForgetWith(ctx, svc, ids, nil)
}

// ForgetWith is Forget with a further change of the routing state in the
// same write (mutate, when not nil).
func (d *Drainer) ForgetWith(ctx context.Context, svc string, ids []string, mutate func(*state.Routing)) error {
	if len(ids) == 0 && mutate == nil {
		return nil
	}
	_, err := d.update(ctx, svc, mutate, func(cur []string) []string {
		return slices.DeleteFunc(slices.Clone(cur), func(id string) bool { return slices.Contains(ids, id) })
	})
	if errors.Is(err, state.ErrNotFound) {
		return nil
	}
	return err
}

// update rewrites svc's draining set by fn, compare-and-set, and returns
// the generation written (the current one when nothing changed).
func (d *Drainer) update(ctx context.Context, svc string, mutate func(*state.Routing), fn func([]string) []string) (int64, error) {
	for range maxConflicts {
		rt, ver, err := d.Store.GetRouting(ctx, svc)
		if err != nil {
			return 0, err
		}
		next := fn(rt.Draining)
		if len(next) == 0 {
			next = nil
		}
		if slices.Equal(next, rt.Draining) && mutate == nil {
			return rt.Generation, nil // the agents have it already
		}
		if mutate != nil {
			mutate(&rt)
		}
		rt.Draining = next
		rt.UpdatedAt = time.Now().UTC()
		nv, err := d.Store.PutRouting(ctx, rt, ver)
		if errors.Is(err, state.ErrConflict) {
			continue
		}
		if err != nil {
			return 0, err
		}
		return int64(nv), nil
	}
	return 0, fmt.Errorf("routing state of %s: %d conflicting writes in a row", svc, maxConflicts)
}

func (d *Drainer) progress(s string) {
	if d.Progress != nil {
		d.Progress(s)
	}
}

func (d *Drainer) sessions(ctx context.Context, svc string, servers []string) (int64, error) {
	if d.Sessions != nil {
		return d.Sessions(ctx, svc, servers)
	}
	return AgentSessions(ctx, d.Store, d.Client, svc, servers)
}

// AgentSessions sums the current sessions of servers of svc over every live
// lb agent (GET /v1/stats). An agent that does not answer makes it fail: its
// HAProxy may still hold sessions.
func AgentSessions(ctx context.Context, st state.Store, c *lb.Client, svc string, servers []string) (int64, error) {
	agents, err := st.ListAgents(ctx)
	if err != nil {
		return 0, err
	}
	if c == nil {
		c = &lb.Client{}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var total int64
	var errs []error
	for _, ag := range agents {
		if err := lb.Unreadable(ag.ID, ag.Host, ag.Address); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
			continue
		}
		wg.Go(func() {
			resp, err := c.Stats(ctx, ag.Address)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			for _, s := range servers {
				total += resp.Services[svc].Sessions[s]
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	return total, nil
}

// WaitRouted waits until every live lb agent routes n tasks of app (healthy
// in its view, in HAProxy), at most ApplyTimeout: drained tasks must have
// somewhere else for their traffic to go. Past the deadline it reports
// which agents lag and returns nil: the agents never drain to an empty
// backend (lb.Build), so going on costs no request.
func (d *Drainer) WaitRouted(ctx context.Context, svc, app string, n int) error {
	timeout := d.ApplyTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	poll := d.Poll
	if poll <= 0 {
		poll = 50 * time.Millisecond
	}
	c := d.Client
	if c == nil {
		c = &lb.Client{}
	}
	deadline := time.Now().Add(timeout)
	for {
		agents, err := d.Store.ListAgents(ctx)
		if err != nil {
			return err
		}
		var behind []string
		for _, ag := range agents {
			st, err := c.Status(ctx, ag.Address)
			routed := 0
			if err == nil {
				for _, ap := range st.Services[svc].Apps {
					if ap.ID == app {
						routed = ap.Routed
					}
				}
			}
			if routed < n {
				behind = append(behind, fmt.Sprintf("%s (%d/%d)", ag.ID, routed, n))
			}
		}
		if len(behind) == 0 {
			return nil
		}
		if !time.Now().Before(deadline) {
			d.progress(fmt.Sprintf("warning: lb agent(s) %v do not route %s's %d tasks after %s; going on (they keep the drained tasks serving meanwhile)", behind, app, n, timeout))
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}
