package deploy

import (
	"context"
	"errors"
	"fmt"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// StableAppID returns the id of the service's stable app: the routing state's,
// else the default /<svc>-blue. rt is nil when the service has no routing
// state yet.
func StableAppID(ctx context.Context, st state.Store, svc string) (appID string, rt *state.Routing, ver state.Version, err error) {
	r, v, err := st.GetRouting(ctx, svc)
	if errors.Is(err, state.ErrNotFound) {
		return appdef.DefaultAppID(svc, appdef.TrackStable), nil, state.NoVersion, nil
	}
	if err != nil {
		return "", nil, 0, fmt.Errorf("read routing state of %s: %w", svc, err)
	}
	if r.Stable == "" {
		return appdef.DefaultAppID(svc, appdef.TrackStable), &r, v, nil
	}
	return r.Stable, &r, v, nil
}

// RoutingPorts are the routing state's ports for a manifest.
func RoutingPorts(m *manifest.Manifest, r *realm.Realm) []state.Port {
	ports := make([]state.Port, 0, len(m.Ports))
	for _, p := range m.Ports {
		sp := state.Port{Name: p.Name, ServicePort: p.ServicePort, Protocol: p.PortProtocol()}
		sp.IsolatedPort = sp.Isolated(r.HAProxy.IsolatedPortOffset)
		ports = append(ports, sp)
	}
	return ports
}
