package manifest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const metricsSrc = `canary:
  partial:
    metrics:
      - name: checkout-success
        provider: prometheus
        query: sum(rate(checkout_ok_total{track="{{track}}"}[{{interval}}])) / sum(rate(checkout_total{track="{{track}}"}[{{interval}}]))
        min: 0.99
      - name: errors-nr
        provider: newrelic
        query: SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE track = '{{track}}' SINCE {{intervalSeconds}} seconds ago
        maxIncrease: 0.5
        failureLimit: 2
`

func TestMetricChecksParseAndResolve(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base+metricsSrc))
	require.NoError(t, err)
	p := ResolveCanary(m.Canary)
	require.Len(t, p.Metrics, 2)
	a, b := p.Metrics[0], p.Metrics[1]
	assert.Equal(t, "checkout-success", a.Name)
	assert.Equal(t, 0.99, *a.Min)
	assert.Nil(t, a.Max)
	assert.False(t, a.Compares())
	assert.Equal(t, 0, *a.FailureLimit, "default failureLimit: the first failed measurement fails")
	assert.Equal(t, DefaultMetricMinMeasurements, *a.MinMeasurements)
	assert.True(t, b.Compares())
	assert.Equal(t, 2, *b.FailureLimit)
	assert.Equal(t, MinCompareMeasurements, *b.MinMeasurements, "comparing needs 4 per track to ever be significant")

	// The realm's list is used whole when the manifest has none.
	realm := &Canary{Partial: &Partial{Metrics: m.Canary.Partial.Metrics[:1]}}
	p = ResolveCanary(&Canary{Partial: &Partial{Weight: ptrTo(5)}}, realm)
	require.Len(t, p.Metrics, 1)
	assert.Equal(t, "checkout-success", p.Metrics[0].Name)

	// The record's JSON round-trips; none set, none written.
	js, err := json.Marshal(ResolveCanary(m.Canary))
	require.NoError(t, err)
	var back CanaryPlan
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, ResolveCanary(m.Canary).Metrics, back.Metrics)
	js, _ = json.Marshal(ResolveCanary())
	assert.NotContains(t, string(js), "metrics")
}

func TestMetricChecksBadInput(t *testing.T) {
	one := func(body string) string {
		return "canary:\n  partial:\n    metrics:\n      - name: m\n" + body
	}
	q := `        query: x{track="{{track}}"}` + "\n"
	cases := []struct{ name, src, want string }{
		{"no name", "canary:\n  partial:\n    metrics:\n      - provider: prometheus\n" + q + "        min: 1\n",
			"services/x.yaml:9:9: canary.partial.metrics[0].name: required"},
		{"bad name", "canary:\n  partial:\n    metrics:\n      - name: Check_1\n        provider: prometheus\n" + q + "        min: 1\n",
			`canary.partial.metrics[0].name: check name "Check_1"`},
		{"built-in name", "canary:\n  partial:\n    metrics:\n      - name: error-rate\n        provider: prometheus\n" + q + "        min: 1\n",
			`canary.partial.metrics[0].name: "error-rate" is the name of a built-in check`},
		{"no provider", one(q + "        min: 1\n"), "canary.partial.metrics[0].provider: required: prometheus or newrelic"},
		{"misspelt provider", one("        provider: promethus\n" + q + "        min: 1\n"),
			`services/x.yaml:10:9: canary.partial.metrics[0].provider: unknown provider "promethus" (did you mean prometheus?)`},
		{"no query", one("        provider: newrelic\n        max: 1\n"), "canary.partial.metrics[0].query: required: the query, such as SELECT"},
		{"unknown placeholder", one("        provider: prometheus\n        query: x{track=\"{{trak}}\"}\n        min: 1\n"),
			"canary.partial.metrics[0].query: unknown placeholder {{trak}} (did you mean {{track}}?)"},
		{"no track", one("        provider: prometheus\n        query: sum(x)\n        min: 1\n"),
			"canary.partial.metrics[0].query: does not select the track"},
		{"no threshold", one("        provider: prometheus\n" + q), "services/x.yaml:9:9: canary.partial.metrics[0]: sets no threshold"},
		{"min above max", one("        provider: prometheus\n" + q + "        min: 2\n        max: 1\n"),
			"canary.partial.metrics[0].min: 2 is above max 1"},
		{"negative increase", one("        provider: prometheus\n" + q + "        maxIncrease: -1\n"),
			"canary.partial.metrics[0].maxIncrease: must be 0 or more"},
		{"too few to compare", one("        provider: prometheus\n" + q + "        maxDecrease: 0.1\n        minMeasurements: 3\n"),
			"canary.partial.metrics[0].minMeasurements: must be from 4 to 1000 (comparing with stable"},
		{"failure limit", one("        provider: prometheus\n" + q + "        max: 1\n        failureLimit: -1\n"),
			"canary.partial.metrics[0].failureLimit: must be from 0 to 1000"},
		{"misspelt key", one("        provider: prometheus\n" + q + "        maximum: 1\n"),
			`canary.partial.metrics[0].maximum: unknown key`},
		{"twice", metricsSrc + "      - name: errors-nr\n        provider: newrelic\n        query: \"SELECT 1 WHERE t = '{{track}}'\"\n        max: 1\n",
			`canary.partial.metrics[2].name: "errors-nr" is used twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Contains(t, parseErr(t, base+c.src), c.want)
		})
	}
}

func TestCheckMetricProvidersPointsAtTheCheck(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base+metricsSrc))
	require.NoError(t, err)
	assert.NoError(t, m.CheckMetricProviders("prod", "realms/prod.yaml", map[string]bool{"prometheus": true, "newrelic": true}))
	err = m.CheckMetricProviders("prod", "realms/prod.yaml", map[string]bool{"prometheus": true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "services/x.yaml:14:9: canary.partial.metrics[1].provider: check errors-nr uses newrelic, which realm prod does not configure: set metrics.newRelic.accountID in realms/prod.yaml")
}

// An unknown provider is validation's to report (with its spelling); the
// realm check added a second line ending "set  in realms/prod.yaml", naming
// no key, as no key configures it.
func TestCheckMetricProvidersLeavesUnknownOnesToValidation(t *testing.T) {
	src := strings.Replace(base+metricsSrc, "provider: newrelic", "provider: prometeus", 1)
	m, err := parseAll("services/x.yaml", []byte(src))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `canary.partial.metrics[1].provider: unknown provider "prometeus" (did you mean prometheus?)`)
	assert.NoError(t, m.CheckMetricProviders("prod", "realms/prod.yaml", map[string]bool{"prometheus": true}))
}
