package discovery

import (
	"errors"
	"fmt"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// DefaultBasePath is the base path of a realm that does not set one.
const DefaultBasePath = "/discovery"

// Node is one instance to register.
type Node struct {
	Service  string // the yodel service, for its errors
	Dir      string // <basePath>/<name>
	Track    string // haproxy.TrackStable or TrackCanary
	Instance Instance
}

// Path is the instance's node: <basePath>/<name>/<instance id>.
func (n Node) Path() string { return n.Dir + "/" + n.Instance.ID }

// Want is what should be registered after one apply.
type Want struct {
	// Nodes by path. Their RegistrationTimeUTC is left to the registrar.
	Nodes map[string]Node
	// Scopes: per <basePath>/<name>, the instance id prefixes that are
	// yodel's there ("web-blue.", "web-green."): a child with one of them
	// that is not in Nodes is removed, any other child (a legacy service
	// registering itself under the same name) is left alone.
	Scopes map[string][]string
	// Errors per yodel service (a label that does not decode, a task
	// without the port): that service's generation is not acknowledged.
	Errors map[string]error
}

// serverState is what HAProxy does with one task's servers.
type serverState struct {
	track   string
	serving bool // in the public backend with a weight, not draining
	weight  int
}

// Compute says which tasks to register, from what the lb agent just
// applied to HAProxy (cfg) and the apps it built it from: a task is
// registered when its servers take new public requests (routed, healthy
// as far as the agent knows, not draining, not an isolated canary, weight
// above 0), the canary's tasks only in proportion to its share (see the
// package doc). Only apps with appdef.LabelCurator take part.
func Compute(apps []*marathon.App, cfg haproxy.Config, defaultBase string) Want {
	if defaultBase == "" {
		defaultBase = DefaultBasePath
	}
	w := Want{Nodes: map[string]Node{}, Scopes: map[string][]string{}, Errors: map[string]error{}}
	var servers map[string]map[string]serverState // service -> server name -> state, built on first need
	cands := map[string][]Node{}                  // service -> candidates
	weights := map[string][2]int{}                // service -> stable, canary server weight
	for _, app := range apps {
		if app == nil || app.Labels == nil {
			continue
		}
		spec, ok, err := appdef.CuratorSpecOf(*app.Labels)
		if !ok {
			continue
		}
		svc := (*app.Labels)[marathon.LabelService]
		if svc == "" {
			continue // not a yodel app: the label was copied by hand
		}
		if err != nil {
			w.Errors[svc] = errors.Join(w.Errors[svc], fmt.Errorf("app %s: %w", app.ID, err))
			continue
		}
		base := defaultBase
		if spec.BasePath != "" {
			base = spec.BasePath
		}
		dir := path.Join(base, spec.Name)
		for _, c := range []string{appdef.ColourBlue, appdef.ColourGreen} {
			p := idPrefix(appdef.AppID(svc, c))
			if !containsString(w.Scopes[dir], p) {
				w.Scopes[dir] = append(w.Scopes[dir], p)
			}
		}
		if servers == nil {
			servers = serverStates(cfg)
		}
		for _, t := range app.Tasks {
			if t == nil {
				continue
			}
			st, ok := servers[svc][haproxy.ServerName(t.ID)]
			if !ok || !st.serving {
				continue
			}
			if spec.PortIndex >= len(t.Ports) || t.Ports[spec.PortIndex] <= 0 {
				w.Errors[svc] = errors.Join(w.Errors[svc], fmt.Errorf("task %s: no host port at index %d for Curator", t.ID, spec.PortIndex))
				continue
			}
			id := marathon.InstanceID(t.ID)
			if id == "" {
				id = t.ID
			}
			port := t.Ports[spec.PortIndex]
			payload := make(Payload, len(spec.Payload)+1)
			for k, v := range spec.Payload {
				payload[k] = v
			}
			payload["track"] = st.track
			cands[svc] = append(cands[svc], Node{Service: svc, Dir: dir, Track: st.track, Instance: Instance{
				Name: spec.Name, ID: id, Address: t.Host, Port: &port, Payload: payload,
				ServiceType: ServiceTypeDynamic, URISpec: ParseURISpec(spec.URISpec)}})
			ws := weights[svc]
			if st.track == haproxy.TrackCanary {
				ws[1] = st.weight
			} else {
				ws[0] = st.weight
			}
			weights[svc] = ws
		}
	}
	for svc, ns := range cands {
		for _, n := range proportion(ns, weights[svc]) {
			w.Nodes[n.Path()] = n
		}
	}
	return w
}

// proportion keeps every stable candidate and as many canary ones, k, as
// make k/(k+stable) closest to the canary's share of HAProxy's traffic
// (its servers' weights), at least one: Curator's providers pick an
// instance at random or round robin, so a share is a count. The canaries
// kept are the first by instance id, so that the choice does not churn.
func proportion(ns []Node, w [2]int) []Node {
	var stable, canary []Node
	for _, n := range ns {
		if n.Track == haproxy.TrackCanary {
			canary = append(canary, n)
		} else {
			stable = append(stable, n)
		}
	}
	if len(stable) == 0 || len(canary) == 0 {
		return ns
	}
	s, c := float64(len(stable)*w[0]), float64(len(canary)*w[1])
	share := c / (s + c)
	k := CanaryCount(len(stable), len(canary), share)
	sort.Slice(canary, func(i, j int) bool { return canary[i].Instance.ID < canary[j].Instance.ID })
	return append(stable, canary[:k]...)
}

// CanaryCount is how many of canary instances to register beside stable
// ones for a share (0-1) of the calls: round(share*stable/(1-share)),
// at least 1 and at most canary.
func CanaryCount(stable, canary int, share float64) int {
	if share >= 1 {
		return canary
	}
	k := int(math.Round(share * float64(stable) / (1 - share)))
	return max(1, min(k, canary))
}

func serverStates(cfg haproxy.Config) map[string]map[string]serverState {
	out := map[string]map[string]serverState{}
	for _, s := range cfg.Services {
		m := out[s.Name]
		if m == nil {
			m = map[string]serverState{}
			out[s.Name] = m
		}
		for _, sv := range s.Servers {
			track := sv.Track
			if track == "" {
				track = haproxy.TrackStable
			}
			serving := !sv.Draining && !sv.Isolated && sv.Weight > 0
			if prev, ok := m[sv.Name]; ok {
				serving = serving && prev.serving // every port must take requests
			}
			m[sv.Name] = serverState{track: track, serving: serving, weight: sv.Weight}
		}
	}
	return out
}

// idPrefix is the prefix of the Marathon task and instance ids of app id
// ("/web-blue" -> "web-blue."; groups are joined with '_' as Marathon does).
func idPrefix(appID string) string {
	return strings.ReplaceAll(strings.TrimPrefix(appID, "/"), "/", "_") + "."
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
