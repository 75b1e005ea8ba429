package lb

import (
	"context"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// AppliedHook is told what the agent routes after every HAProxy apply that
// succeeded, and before the agent acknowledges the routing generations it
// applied: what the hook does with a task leaving HAProxy (pkg/discovery
// removes its Curator registration) is done before the CLI, which waits
// for the acknowledgements, drains and kills the task. It returns errors
// per service; those services' generations are not acknowledged, and the
// agent tries again. Like Applier.Apply, it must not keep cfg.Services.
type AppliedHook interface {
	Applied(ctx context.Context, apps []*marathon.App, cfg haproxy.Config) map[string]error
}

// runHook merges the hook's errors into svcErrs (nil hook: nothing).
func runHook(ctx context.Context, h AppliedHook, apps []*marathon.App, cfg haproxy.Config, svcErrs map[string]error) {
	if h == nil {
		return
	}
	for svc, err := range h.Applied(ctx, apps, cfg) {
		if err != nil && svcErrs[svc] == nil {
			svcErrs[svc] = err
		}
	}
}
