// Package lbagents reads what a realm's lb agents say: their registrations
// and acknowledgements in the state store and each one's /v1/status (its
// refusals, HAProxy's errors, HAProxy up or down). `yodel status`, `yodel
// lb status` and the exit-4 message of a deploy waiting for the agents
// use it; pkg/view turns it into the models they show.
package lbagents

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
	"github.com/yodeldeploy/yodel/pkg/view"
)

// ReadTimeout bounds the read of one agent's /v1/status: a hung agent
// must not hold up `yodel status`.
const ReadTimeout = 2 * time.Second

// ReadAll reads /v1/status of every agent at once, each within
// ReadTimeout. An agent registered at a loopback address by another host
// is not read (this host's loopback is not that agent; see
// lb.Unreadable); it gets that error.
func ReadAll(ctx context.Context, c lb.Client, agents []state.AgentStatus) map[string]view.AgentRead {
	out := map[string]view.AgentRead{}
	for id, r := range readEach(ctx, &c, agents, c.Status) {
		out[id] = view.AgentRead{Status: r.v, Err: r.err}
	}
	return out
}

// ReadServers reads how every agent's HAProxy holds svc's tasks
// (/v1/services/{svc}/servers), as ReadAll reads their status.
func ReadServers(ctx context.Context, c lb.Client, agents []state.AgentStatus, svc string) map[string]view.ServersRead {
	out := map[string]view.ServersRead{}
	read := func(ctx context.Context, addr string) (lb.ServersResponse, error) { return c.Servers(ctx, addr, svc) }
	for id, r := range readEach(ctx, &c, agents, read) {
		if se := (*lb.StatusError)(nil); errors.As(r.err, &se) && se.Code == http.StatusNotFound {
			r.err = errors.New("it does not report its servers: a yodel lb older than this yodel (upgrade it)")
		}
		out[id] = view.ServersRead{Servers: r.v, Err: r.err}
	}
	return out
}

// AddServers reads, for each of services, how every agent's HAProxy holds
// its tasks and puts it on the agents' entries (view.AddAgentServers).
// Only agents that list the service are asked.
func AddServers(ctx context.Context, c lb.Client, agents []view.Agent, services []string) {
	for _, svc := range services {
		var regs []state.AgentStatus
		for _, a := range agents {
			if _, ok := a.Service(svc); ok && a.ReadError == "" {
				regs = append(regs, state.AgentStatus{Agent: state.Agent{ID: a.ID, Address: a.Address, Host: a.Host}})
			}
		}
		if len(regs) > 0 {
			view.AddAgentServers(agents, svc, ReadServers(ctx, c, regs, svc))
		}
	}
}

type result[T any] struct {
	v   T
	err error
}

// readEach runs read on every agent with an address at once, each within
// ReadTimeout (c's HTTP client is given that timeout when it has none),
// by agent id.
func readEach[T any](ctx context.Context, c *lb.Client, agents []state.AgentStatus, read func(context.Context, string) (T, error)) map[string]result[T] {
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: ReadTimeout}
	}
	out := make(map[string]result[T], len(agents))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, a := range agents {
		if a.Address == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r result[T]
			if err := lb.Unreadable(a.ID, a.Host, a.Address); err != nil {
				r.err = err
			} else {
				rctx, cancel := context.WithTimeout(ctx, ReadTimeout)
				r.v, r.err = read(rctx, a.Address)
				cancel()
			}
			mu.Lock()
			out[a.ID] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// Read lists the live agents of the store and reads each one; routing
// states give each service's generation.
func Read(ctx context.Context, st state.Store, c lb.Client) ([]view.Agent, error) {
	regs, err := st.ListAgents(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the lb agents: %w", err)
	}
	rts, err := st.ListRouting(ctx)
	if err != nil {
		return nil, fmt.Errorf("read routing state: %w", err)
	}
	return view.Agents(regs, ReadAll(ctx, c, regs), rts), nil
}

// LaggingReasons says why each lagging agent (of a state.NotAppliedError)
// has not applied svc's generation, from its /v1/status: "agent ID:
// cannot bind 127.0.0.1:10080: address already in use", a refusal, HAProxy
// down, or why it could not be read.
func LaggingReasons(ctx context.Context, c lb.Client, svc string, lagging []state.AgentStatus) []string {
	reads := ReadAll(ctx, c, lagging)
	var why []string
	for _, a := range view.Agents(lagging, reads, nil) {
		why = append(why, a.Reasons(svc)...)
	}
	return why
}

// Hint is what to run to see how the agents of a realm route svc (every
// service when svc is empty).
func Hint(svc, realm string) string {
	if svc == "" {
		return "yodel lb status --realm " + quote(realm)
	}
	return "yodel lb status " + quote(svc) + " --realm " + quote(realm)
}

func quote(s string) string {
	if s == "" || strings.ContainsAny(s, " \t'\"$`\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
