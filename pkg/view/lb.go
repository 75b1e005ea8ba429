package view

import (
	"fmt"
	"maps"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/lb"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// Agent is one lb agent of `yodel lb status`: its registration in the
// store, what it acknowledged there, and what its /v1/status says.
type Agent struct {
	ID        string    `json:"id"`
	Address   string    `json:"address"`
	Host      string    `json:"host"`
	Pid       int       `json:"pid"`
	StartedAt time.Time `json:"startedAt"`
	// ReadError says why its /v1/status could not be read; the store's
	// acknowledgements are then all that is known.
	ReadError string `json:"readError,omitempty"`
	Ready     bool   `json:"ready"`
	HAProxyUp bool   `json:"haproxyUp"`
	// HAProxyError: why HAProxy does not run or serve; MarathonError and
	// StoreError: why the agent cannot read them.
	HAProxyError  string         `json:"haproxyError,omitempty"`
	MarathonError string         `json:"marathonError,omitempty"`
	StoreError    string         `json:"storeError,omitempty"`
	LastError     string         `json:"lastError,omitempty"`
	Services      []AgentService `json:"services"`
}

// AgentService is one service as one agent routes it.
type AgentService struct {
	Service string `json:"service"`
	// Generation is the routing state's (0 for apps yodel does not
	// deploy); Applied the one the agent acknowledged in the store; Lag
	// how many generations it is behind.
	Generation int64    `json:"generation"`
	Applied    int64    `json:"applied"`
	Lag        int64    `json:"lag"`
	Ports      []int    `json:"ports,omitempty"`
	Apps       []string `json:"apps,omitempty"`
	// Error is HAProxy's refusal of the service's configuration (the
	// previous one serves on); Refused what the agent would not route and
	// why (a realm limit, a servicePort another service holds).
	Error    string   `json:"error,omitempty"`
	Refused  string   `json:"refused,omitempty"`
	Problems []string `json:"problems,omitempty"`
	// Servers is how the agent's HAProxy holds the service's tasks, by
	// port then task; read only for the services `yodel lb status` names
	// (AddAgentServers). ServersError says why they could not be read.
	Servers      []lb.ServerState `json:"servers,omitempty"`
	ServersError string           `json:"serversError,omitempty"`
}

// AgentRead is the outcome of reading one agent's /v1/status.
type AgentRead struct {
	Status lb.Status
	Err    error
}

// Agents builds the agents' view from their registrations (sorted as
// given), what was read from each (by id; a missing entry was not read)
// and the routing states.
func Agents(regs []state.AgentStatus, reads map[string]AgentRead, routing []state.Routing) []Agent {
	gens := map[string]int64{}
	for _, rt := range routing {
		gens[rt.Service] = rt.Generation
	}
	out := make([]Agent, 0, len(regs))
	for _, r := range regs {
		a := Agent{ID: r.ID, Address: r.Address, Host: r.Host, Pid: r.Pid, StartedAt: r.StartedAt}
		rd, read := reads[r.ID]
		switch {
		case !read:
			a.ReadError = "not read"
		case rd.Err != nil:
			a.ReadError = rd.Err.Error()
		default:
			st := rd.Status
			a.Ready, a.HAProxyUp = st.Ready, st.HAProxy.OK
			a.HAProxyError, a.LastError = st.HAProxy.Error, st.LastError
			if !st.Marathon.OK {
				a.MarathonError = st.Marathon.Error
			}
			if !st.Store.OK {
				a.StoreError = st.Store.Error
			}
		}
		names := map[string]bool{}
		for svc := range gens {
			names[svc] = true
		}
		for svc := range r.Applied {
			names[svc] = true
		}
		for svc := range rd.Status.Services {
			names[svc] = true
		}
		for _, svc := range slices.Sorted(maps.Keys(names)) {
			s := AgentService{Service: svc, Generation: gens[svc], Applied: r.Applied[svc]}
			if s.Generation > s.Applied {
				s.Lag = s.Generation - s.Applied
			}
			if ss, ok := rd.Status.Services[svc]; ok {
				s.Ports, s.Error, s.Refused, s.Problems = ss.Ports, ss.Error, ss.Refused, ss.Problems
				for _, ap := range ss.Apps {
					s.Apps = append(s.Apps, ap.ID)
				}
			}
			a.Services = append(a.Services, s)
		}
		out = append(out, a)
	}
	return out
}

// Failing says whether the agent as a whole fails: its status unreadable,
// HAProxy down, or Marathon or the store unreadable.
func (a Agent) Failing() bool {
	return a.ReadError != "" || !a.HAProxyUp || a.HAProxyError != "" || a.MarathonError != "" || a.StoreError != ""
}

// Failing says whether the agent does not route the service as the
// routing state asks: behind its generation, refused by the agent or by
// HAProxy. Problems (a task left out, no tasks) are warnings, not failures.
func (s AgentService) Failing() bool {
	return s.Lag > 0 || s.Error != "" || s.Refused != ""
}

// SelectAgents keeps, of each agent, the services named in services (all
// when empty) and, with failingOnly, only the failing ones (see Failing);
// with failingOnly an agent that neither fails nor has a failing service
// is left out. missing lists the names in services that no agent lists.
// agents is not changed.
func SelectAgents(agents []Agent, services []string, failingOnly bool) (out []Agent, missing []string) {
	seen := map[string]bool{}
	out = make([]Agent, 0, len(agents))
	for _, a := range agents {
		keep := make([]AgentService, 0, len(a.Services))
		for _, s := range a.Services {
			if len(services) > 0 && !slices.Contains(services, s.Service) {
				continue
			}
			seen[s.Service] = true
			if failingOnly && !s.Failing() {
				continue
			}
			keep = append(keep, s)
		}
		if failingOnly && len(keep) == 0 && !a.Failing() {
			continue
		}
		a.Services = keep
		out = append(out, a)
	}
	for _, svc := range services {
		if !seen[svc] && !slices.Contains(missing, svc) {
			missing = append(missing, svc)
		}
	}
	return out, missing
}

// AddAgentServers puts on each agent's entry for svc how its HAProxy
// holds the service's tasks (reads by agent id, from
// /v1/services/{svc}/servers). An agent that was not read, or lists no
// entry for svc, is left as it is.
func AddAgentServers(agents []Agent, svc string, reads map[string]ServersRead) {
	for i := range agents {
		a := &agents[i]
		rd, ok := reads[a.ID]
		if !ok {
			continue
		}
		for k := range a.Services {
			s := &a.Services[k]
			if s.Service != svc {
				continue
			}
			if rd.Err != nil {
				s.ServersError = rd.Err.Error()
				continue
			}
			s.Servers = slices.Clone(rd.Servers.Servers)
			slices.SortStableFunc(s.Servers, func(x, y lb.ServerState) int {
				if x.Port != y.Port {
					return x.Port - y.Port
				}
				return strings.Compare(x.Server, y.Server)
			})
		}
	}
}

// ServerStateText is what an HAProxy does with one task's server, in the
// words of `yodel status SERVICE`'s HAPROXY column: serving, draining, no
// share, maintenance, "down: connection refused (L4CON)".
func ServerStateText(s lb.ServerState) string {
	return routeState(TaskRoute{Status: s.Status, Check: s.Check, Weight: s.Weight, Sessions: s.Sessions})
}

// Service returns the agent's view of svc, if it has one.
func (a Agent) Service(svc string) (AgentService, bool) {
	for _, s := range a.Services {
		if s.Service == svc {
			return s, true
		}
	}
	return AgentService{}, false
}

// Reasons says why the agent does not route svc as the routing state asks:
// its refusal, HAProxy's error, HAProxy down, its inputs unreadable, or
// that its status could not be read. Each
// reason starts with "agent ID: ".
func (a Agent) Reasons(svc string) []string {
	var why []string
	add := func(s string) {
		if s != "" {
			why = append(why, fmt.Sprintf("agent %s: %s", a.ID, s))
		}
	}
	if a.ReadError != "" {
		add("status not readable: " + a.ReadError)
	}
	if s, ok := a.Service(svc); ok {
		add(s.Refused)
		add(s.Error)
	}
	if a.ReadError == "" && !a.HAProxyUp {
		add("HAProxy down: " + a.HAProxyError)
	}
	if a.MarathonError != "" {
		add("cannot read Marathon: " + a.MarathonError)
	}
	if a.StoreError != "" {
		add("cannot read the state store: " + a.StoreError)
	}
	return why
}

// serviceOf is the agent's view of the service that routes app: the one
// listing it, else (before the agent has seen the app) the one named svc.
func (a Agent) serviceOf(app, svc string) (AgentService, bool) {
	for _, s := range a.Services {
		if slices.Contains(s.Apps, app) {
			return s, true
		}
	}
	if svc == "" {
		return AgentService{}, false
	}
	return a.Service(svc)
}

// LBSettings are the realm's haproxy settings that say how clients reach
// a service through the lb agents.
type LBSettings struct {
	BindAddress        string // haproxy.bindAddress
	CanaryHeader       string // haproxy.canaryHeader, as "Name: value"
	IsolatedPortOffset int    // haproxy.isolatedPortOffset
}

// AddRouting adds to each app what the lb agents say about its service:
// the servicePorts they bind, the URLs that reach them through each
// agent's HAProxy, and why an agent does not route it. The host of a URL
// is the realm's haproxy.bindAddress when it names one address, else the
// host of the agent's registered address, else its host name. A canary
// app also gets its CanaryRoutes: the canary header on its HTTP ports, its
// isolated TCP ports.
func AddRouting(apps []App, agents []Agent, lbs LBSettings) {
	for i := range apps {
		a := &apps[i]
		svc := ""
		if a.Yodel {
			svc = a.Service
		}
		a.ServicePorts, a.URLs, a.RoutingErrors, a.CanaryRoutes = nil, nil, nil, nil
		for _, ag := range agents {
			s, ok := ag.serviceOf(a.App, svc)
			if !ok || (a.LabelledService != "" && s.Service == a.LabelledService) {
				// An app labelled as a service it is not: the agent lists
				// it among the service's apps, unrouted, and the
				// service's ports and URLs are not its. (With a label
				// that names no service, it is routed as any app.)
				continue
			}
			host := lbHost(ag, lbs.BindAddress)
			for _, p := range s.Ports {
				if !slices.Contains(a.ServicePorts, p) {
					a.ServicePorts = append(a.ServicePorts, p)
				}
				scheme := "http://"
				if slices.Contains(a.tcpPorts, p) {
					scheme = "tcp://"
				}
				if u := scheme + net.JoinHostPort(host, strconv.Itoa(p)); !slices.Contains(a.URLs, u) {
					a.URLs = append(a.URLs, u)
				}
			}
			a.RoutingErrors = append(a.RoutingErrors, ag.Reasons(s.Service)...)
			// At 100% (shift, the rollback window) every URL reaches it.
			for _, p := range a.canaryPorts {
				if a.CanaryWeight >= 100 {
					break
				}
				r := CanaryRoute{URL: "http://" + net.JoinHostPort(host, strconv.Itoa(p.ServicePort)), Header: lbs.CanaryHeader}
				if iso := p.Isolated(lbs.IsolatedPortOffset); iso > 0 {
					if slices.ContainsFunc(a.canaryPorts, func(q state.Port) bool { return q.ServicePort == iso }) {
						continue // on its own other servicePort: the agents bind no isolated port there
					}
					r = CanaryRoute{URL: "tcp://" + net.JoinHostPort(host, strconv.Itoa(iso))}
				} else if !slices.Contains(s.Ports, p.ServicePort) {
					continue
				}
				if !slices.Contains(a.CanaryRoutes, r) {
					a.CanaryRoutes = append(a.CanaryRoutes, r)
				}
			}
		}
		sort.Ints(a.ServicePorts)
	}
}

func lbHost(a Agent, bindAddress string) string {
	if ip := net.ParseIP(bindAddress); ip != nil && !ip.IsUnspecified() {
		return bindAddress
	}
	if h, _, err := net.SplitHostPort(a.Address); err == nil && h != "" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsUnspecified() {
			return h
		}
	}
	if a.Host != "" {
		return a.Host
	}
	return "127.0.0.1"
}
