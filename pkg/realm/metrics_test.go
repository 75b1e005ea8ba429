package realm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetricsParse(t *testing.T) {
	r, err := parse(t, minimal+`metrics:
  prometheus:
    address: http://prometheus.internal:9090
    timeout: 3s
  newRelic:
    accountID: 1234567
    region: eu
    endpoint: http://127.0.0.1:1/graphql
`)
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"prometheus": true, "newrelic": true}, r.MetricProviders())
	// The New Relic key defaults to $NEW_RELIC_API_KEY, a credential no
	// manifest may read.
	assert.Equal(t, "metrics.newRelic.apiKeyEnv", r.CredentialEnv()[DefaultNewRelicKeyEnv])

	assert.Equal(t, "http://prometheus.internal:9090", r.Metrics.Prometheus.Address)
	assert.Equal(t, 3*time.Second, r.Metrics.Prometheus.Timeout.D())

	_, err = r.NewRelicMetricsKey(func(string) (string, bool) { return "", false })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "realms/qa.yaml")
	assert.Contains(t, err.Error(), "metrics.newRelic")
	assert.Contains(t, err.Error(), DefaultNewRelicKeyEnv)

	env := map[string]string{DefaultNewRelicKeyEnv: "NRAK-KEY\n"}
	key, err := r.NewRelicMetricsKey(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	assert.Equal(t, "NRAK-KEY", key)

	// Unconfigured: an error naming what to set.
	r, err = parse(t, minimal)
	require.NoError(t, err)
	_, err = r.NewRelicMetricsKey(nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "configures no newrelic provider (metrics.newRelic.accountID)")
}

func TestMetricsBadInput(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"metrics: {prometheus: {}}", `metrics.prometheus.address: required: the URL, like http://prometheus:9090`},
		{"metrics: {prometheus: {address: 'prometheus:9090'}}", `metrics.prometheus.address: "prometheus:9090" is not an http:// or https:// URL`},
		{"metrics: {prometheus: {address: 'http://u:pw@p:9090'}}", `has credentials in the URL`},
		{"metrics: {prometheus: {address: 'http://p:9090', timeout: 5m}}", `metrics.prometheus.timeout: must be from 1ms to 1m0s`},
		{"metrics: {newRelic: {apiKeyEnv: K}}", `metrics.newRelic.accountID: required`},
		{"metrics: {newRelic: {accountID: 1, apiKey: NRAK-X}}", `metrics.newRelic.apiKey: a secret must not be written in the realm file`},
		{"metrics: {newRelic: {accountID: 1, apiKeyEnv: K, apiKeyFile: f}}", `metrics.newRelic: set one of apiKeyEnv or apiKeyFile, not both`},
		{"metrics: {newRelic: {accountID: 1, region: mars}}", `metrics.newRelic.region: unknown region "mars"`},
		{"metrics: {grafana: {}}", `metrics.grafana: unknown key`},
		{"canary: {partial: {metrics: [{name: m, provider: prometheus, query: 'x{t=\"{{track}}\"}', min: 1}]}}",
			`canary.partial.metrics[0].provider: check m uses prometheus, which this realm does not configure: add a metrics.prometheus section`},
	} {
		_, err := parse(t, minimal+tc.src+"\n")
		if assert.Error(t, err, tc.src) {
			assert.Contains(t, err.Error(), tc.want, tc.src)
		}
	}
}
