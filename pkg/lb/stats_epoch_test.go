package lb

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// epochApplier is an Applier whose counters come with an epoch.
type epochApplier struct{ epoch string }

func (epochApplier) Apply(context.Context, haproxy.Config) (haproxy.Result, error) {
	return haproxy.Result{}, nil
}
func (epochApplier) Stats(context.Context) (map[string]haproxy.ServiceStats, error) {
	return map[string]haproxy.ServiceStats{}, nil
}
func (epochApplier) Reloads() int64 { return 0 }
func (e epochApplier) StatsEpoch(context.Context) (string, map[string]haproxy.ServiceStats, error) {
	return e.epoch, map[string]haproxy.ServiceStats{}, nil
}

func TestStatsCarryTheHAProxyEpoch(t *testing.T) {
	open := func(context.Context) (state.Store, error) { return nil, context.Canceled }
	for _, tt := range []struct {
		name string
		h    Applier
		want string
	}{
		{"applier with an epoch", epochApplier{epoch: "4242@1764085000"}, "4242@1764085000"},
		{"applier without one", plainApplier{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(Options{Marathon: nopMarathon{}, HAProxy: tt.h, OpenStore: open})
			require.NoError(t, err)
			st, err := a.Stats(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.want, st.Epoch)
		})
	}
}

type plainApplier struct{}

func (plainApplier) Apply(context.Context, haproxy.Config) (haproxy.Result, error) {
	return haproxy.Result{}, nil
}
func (plainApplier) Stats(context.Context) (map[string]haproxy.ServiceStats, error) {
	return map[string]haproxy.ServiceStats{}, nil
}
func (plainApplier) Reloads() int64 { return 0 }

type nopMarathon struct{}

func (nopMarathon) EachRoutedApp(context.Context, func(*marathon.App) error) error { return nil }
func (nopMarathon) RoutedApp(context.Context, string) (*marathon.App, error)       { return nil, nil }
func (nopMarathon) Events(context.Context, ...string) (<-chan marathon.Event, error) {
	return nil, context.Canceled
}
