package deploy

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// TestMetricProvidersNeverSkipACheck: a provider that cannot be set up on
// this machine (the New Relic key unset) is still in the set, failing
// every query with why, so its checks end inconclusive instead of being
// skipped; an unconfigured one is absent (the deploy refused it before).
func TestMetricProvidersNeverSkipACheck(t *testing.T) {
	rl, err := realm.Parse("realm.yaml", []byte("realm: qa\nmarathon:\n  urls: [http://127.0.0.1:1]\nstate: file:///tmp/none\n"+
		"metrics:\n  prometheus: {address: 'http://127.0.0.1:9'}\n  newRelic: {accountID: 7}\n"), "")
	require.NoError(t, err)
	none := func(string) (string, bool) { return "", false }
	set := MetricProviders(rl, none)
	require.Len(t, set, 2)
	assert.IsType(t, &metrics.PrometheusClient{}, set[metrics.Prometheus])
	_, err = set.Measure(context.Background(), metrics.NewRelic, "SELECT 1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), realm.DefaultNewRelicKeyEnv)

	set = MetricProviders(rl, func(k string) (string, bool) { return "NRAK-K", k == realm.DefaultNewRelicKeyEnv })
	assert.IsType(t, &metrics.NewRelicClient{}, set[metrics.NewRelic])
	assert.Nil(t, MetricProviders(nil, none))
}
