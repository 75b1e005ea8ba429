package lb

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
)

// ServersResponse is GET /v1/services/{service}/servers: how this agent's
// HAProxy holds each of a service's tasks in the public backend of each
// of its servicePorts, the backend its traffic goes through. `yodel status
// SERVICE` shows it per task.
type ServersResponse struct {
	Agent   string    `json:"agent"`
	Time    time.Time `json:"time"`
	Service string    `json:"service"`
	// Routed: the agent's last plan binds some port of the service.
	Routed  bool          `json:"routed"`
	Servers []ServerState `json:"servers"`
}

// ServerState is one task in one servicePort's public backend.
type ServerState struct {
	// Server is the HAProxy server name: the task id
	// (haproxy.ServerName).
	Server string `json:"server"`
	Port   int    `json:"port"`
	Track  string `json:"track"`
	// Status is HAProxy's: UP, DOWN, DRAIN, MAINT, NOLB, "no check", and
	// while a check changes its mind "UP 1/3", "DOWN 1/2".
	Status string `json:"status"`
	// Check is HAProxy's check_status (L7OK, L4CON, L7STS, L4TOUT, ...);
	// empty for a server without a check.
	Check    string `json:"check,omitempty"`
	Weight   int    `json:"weight"`
	Sessions int64  `json:"sessions"`
}

// backendServers is an Applier that reads a few backends' servers without
// the whole `show stat` (*haproxy.HAProxy can).
type backendServers interface {
	BackendServers(ctx context.Context, backends []string) ([]haproxy.ServerStats, error)
}

// Servers reads svc's servers from HAProxy: only its public backends, as
// the agent's last plan names them.
func (a *Agent) Servers(ctx context.Context, svc string) (ServersResponse, error) {
	a.mu.Lock()
	plan := a.plan
	a.mu.Unlock()
	out := ServersResponse{Agent: a.opts.Agent.ID, Time: time.Now().UTC(), Service: svc, Servers: []ServerState{}}
	var sp *ServicePlan
	if plan != nil {
		sp = plan.Services[svc]
	}
	if sp == nil || len(sp.Keys()) == 0 {
		return out, nil
	}
	out.Routed = true
	keys := sp.Keys()
	var rows []haproxy.ServerStats
	if bs, ok := a.opts.HAProxy.(backendServers); ok {
		var err error
		if rows, err = bs.BackendServers(ctx, keys); err != nil {
			return ServersResponse{}, err
		}
	} else {
		all, err := a.opts.HAProxy.Stats(ctx)
		if err != nil {
			return ServersResponse{}, err
		}
		for _, k := range keys {
			for _, s := range all[k].Servers {
				if s.Backend == k { // not the track backends' copies
					rows = append(rows, s)
				}
			}
		}
	}
	for _, s := range rows {
		out.Servers = append(out.Servers, ServerState{Server: s.Server, Port: plan.Backends[s.Backend].Port, Track: s.Track,
			Status: s.Status, Check: s.CheckStatus, Weight: s.Weight, Sessions: s.Sessions})
	}
	slices.SortFunc(out.Servers, func(x, y ServerState) int {
		return cmp.Or(cmp.Compare(x.Port, y.Port), cmp.Compare(x.Server, y.Server))
	})
	return out, nil
}

// Servers reads /v1/services/{svc}/servers of the agent at addr.
func (c *Client) Servers(ctx context.Context, addr, svc string) (ServersResponse, error) {
	var s ServersResponse
	err := c.get(ctx, addr, "/v1/services/"+url.PathEscape(svc)+"/servers", &s)
	return s, err
}
