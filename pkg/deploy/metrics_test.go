package deploy

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/metrics/nrql"
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
	assert.IsType(t, &nrql.Client{}, set[metrics.NewRelic])
	assert.Nil(t, MetricProviders(nil, none))
}

// MetricProvider builds each provider from the realm's settings, the New
// Relic key read on this machine; an unconfigured one is an error naming
// what to set.
func TestMetricProvider(t *testing.T) {
	rl, err := realm.Parse("realm.yaml", []byte("realm: qa\nmarathon:\n  urls: [http://127.0.0.1:1]\nstate: file:///tmp/none\n"+
		"metrics:\n  prometheus: {address: 'http://prometheus.internal:9090', timeout: 3s}\n  newRelic: {accountID: 1234567, region: eu, endpoint: 'http://127.0.0.1:1/graphql'}\n"), "")
	require.NoError(t, err)
	p, err := MetricProvider(rl, metrics.Prometheus, nil)
	require.NoError(t, err)
	assert.Equal(t, "http://prometheus.internal:9090", p.(*metrics.PrometheusClient).Address)
	assert.Equal(t, 3*time.Second, p.(*metrics.PrometheusClient).Timeout)

	env := map[string]string{realm.DefaultNewRelicKeyEnv: "NRAK-KEY\n"}
	nr, err := MetricProvider(rl, metrics.NewRelic, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	c := nr.(*nrql.Client)
	assert.Equal(t, "NRAK-KEY", c.APIKey)
	assert.Equal(t, 1234567, c.AccountID)
	assert.Equal(t, "eu", c.Region)
	assert.Equal(t, "http://127.0.0.1:1/graphql", c.Endpoint)
	_, err = MetricProvider(rl, metrics.NewRelic, func(string) (string, bool) { return "", false })
	assert.ErrorContains(t, err, realm.DefaultNewRelicKeyEnv)

	rl, err = realm.Parse("realm.yaml", []byte("realm: qa\nmarathon:\n  urls: [http://127.0.0.1:1]\nstate: file:///tmp/none\n"), "")
	require.NoError(t, err)
	_, err = MetricProvider(rl, metrics.Prometheus, nil)
	assert.ErrorContains(t, err, "configures no prometheus provider (metrics.prometheus.address)")
	_, err = MetricProvider(rl, "graphite", nil)
	assert.ErrorContains(t, err, `unknown metric provider "graphite"`)
}
