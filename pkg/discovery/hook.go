package discovery

import (
	"context"
	"time"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// DefaultHookTimeout bounds one Apply from the lb agent's apply loop: a
// ZooKeeper that hangs must not hold up what the next apply takes out of
// HAProxy (a disconnected one fails at once).
const DefaultHookTimeout = 2 * time.Second

// Hook is the lb agent's AppliedHook (lb.Options.Applied): after each
// apply, it registers what HAProxy now sends requests to.
type Hook struct {
	Registrar *Registrar
	// BasePath is the realm's (default DefaultBasePath).
	BasePath string
	Timeout  time.Duration
}

// Applied implements lb.AppliedHook.
func (h *Hook) Applied(ctx context.Context, apps []*marathon.App, cfg haproxy.Config) map[string]error {
	t := h.Timeout
	if t <= 0 {
		t = DefaultHookTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	return h.Registrar.Apply(ctx, Compute(apps, cfg, h.BasePath))
}
