package deploy

import (
	"context"
	"fmt"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// PortTakenError refuses a deploy that would bind a port another yodel
// service of the realm holds: Marathon accepts the app (blue and green
// share their servicePorts, so Marathon never refuses a duplicate), and
// the lb agents would then refuse to route one of the two.
type PortTakenError struct {
	Service, Realm string
	// File ("services/web.yaml:5:18") and Field ("ports[0].servicePort")
	// locate the port in the manifest; Port is the port.
	File, Field string
	Port        int
	// Owner is the service holding the port, OwnerApp its app that runs.
	Owner, OwnerApp string
}

func (e *PortTakenError) Error() string {
	return fmt.Sprintf("%s: %s %d is taken in realm %s by service %s (%s runs with it), so the lb agents would not route %s on it: give %s another servicePort, or destroy %s first",
		e.File, e.Field, e.Port, e.Realm, e.Owner, e.OwnerApp, e.Service, e.Service, e.Owner)
}

// Kind implements the engine's error kinds: the manifest must change.
func (e *PortTakenError) Kind() Kind { return KindInvalid }

// checkPortsFree refuses the ports of m that the service does not hold
// yet (rt, its routing state; nil on a first deploy) when another service's
// routing state lists them and that service's stable app runs. A routing
// state whose app is gone binds nothing on the agents: no conflict.
func (s *Session) checkPortsFree(ctx context.Context, m *manifest.Manifest, rt *state.Routing) error {
	held := map[int]bool{}
	if rt != nil {
		for _, p := range rt.Ports {
			held[p.ServicePort], held[p.IsolatedPort] = true, true
		}
	}
	delete(held, 0) // no isolated port
	type claim struct {
		port        int
		field, file string // file:line:col of the servicePort
	}
	var fresh []claim
	for i, p := range RoutingPorts(m, s.Realm) {
		field := fmt.Sprintf("ports[%d].servicePort", i)
		file := m.File
		if pos := m.Doc().Pos(field); pos.Line > 0 {
			file = fmt.Sprintf("%s:%d:%d", file, pos.Line, pos.Col)
		}
		if !held[p.ServicePort] {
			fresh = append(fresh, claim{p.ServicePort, field, file})
		}
		if p.IsolatedPort > 0 && !held[p.IsolatedPort] {
			fresh = append(fresh, claim{p.IsolatedPort, fmt.Sprintf("ports[%d] isolated port (servicePort + haproxy.isolatedPortOffset)", i), file})
		}
	}
	if len(fresh) == 0 {
		return nil // a redeploy on the ports it has: no read of the realm
	}
	others, err := s.Store.ListRouting(ctx)
	if err != nil {
		return fmt.Errorf("checking that no other service holds %s's servicePorts: %w", s.Service, err)
	}
	for _, o := range others {
		if o.Service == s.Service {
			continue
		}
		theirs := map[int]bool{}
		for _, p := range o.Ports {
			theirs[p.ServicePort], theirs[p.IsolatedPort] = true, true
		}
		delete(theirs, 0)
		for _, c := range fresh {
			if !theirs[c.port] {
				continue
			}
			app := o.Stable
			if app == "" {
				app = appdef.DefaultAppID(o.Service, appdef.TrackStable)
			}
			if _, err := s.MC.App(ctx, app); marathon.IsNotFound(err) {
				break // its app is gone: it binds nothing
			} else if err != nil {
				return fmt.Errorf("checking that no other service holds %s's servicePorts: %w", s.Service, err)
			}
			return &PortTakenError{Service: s.Service, Realm: s.Realm.Realm, File: c.file, Field: c.field, Port: c.port, Owner: o.Service, OwnerApp: app}
		}
	}
	return nil
}
