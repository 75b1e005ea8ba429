package lb

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

type hookFunc func(context.Context, []*marathon.App, haproxy.Config) map[string]error

func (f hookFunc) Applied(ctx context.Context, apps []*marathon.App, cfg haproxy.Config) map[string]error {
	return f(ctx, apps, cfg)
}

// TestRunHookWithholdsAcks: the hook's errors join HAProxy's per service
// (those generations are not acknowledged), without hiding HAProxy's own.
func TestRunHookWithholdsAcks(t *testing.T) {
	haproxyErr, hookErr := errors.New("haproxy refused"), errors.New("zookeeper down")
	var saw haproxy.Config
	h := hookFunc(func(_ context.Context, _ []*marathon.App, cfg haproxy.Config) map[string]error {
		saw = cfg
		return map[string]error{"web": hookErr, "api": hookErr, "ok": nil}
	})
	svcErrs := map[string]error{"api": haproxyErr}
	cfg := haproxy.Config{Services: []haproxy.Service{{Name: "web"}}}
	runHook(context.Background(), h, nil, cfg, svcErrs)
	assert.Equal(t, cfg, saw)
	assert.Equal(t, map[string]error{"web": hookErr, "api": haproxyErr}, svcErrs)

	svcErrs = map[string]error{}
	runHook(context.Background(), nil, nil, cfg, svcErrs)
	assert.Empty(t, svcErrs, "no hook, nothing")
}
