package realm

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Metrics configures the providers that partial.metrics checks query
// (docs/realms.md). A manifest names a provider; the realm says where it
// is and with which credentials, which no manifest may carry.
type Metrics struct {
	Prometheus *PrometheusMetrics `yaml:"prometheus" json:"prometheus,omitempty"`
	NewRelic   *NewRelicMetrics   `yaml:"newRelic" json:"newRelic,omitempty"`
}

// PrometheusMetrics is a Prometheus server's HTTP API.
type PrometheusMetrics struct {
	Address string              `yaml:"address" json:"address"`
	Timeout strictyaml.Duration `yaml:"timeout" json:"timeout,omitempty"`
}

// NewRelicMetrics is a New Relic account queried with NRQL.
type NewRelicMetrics struct {
	AccountID int64 `yaml:"accountID" json:"accountID"`
	// APIKeyEnv or APIKeyFile hold a user API key; with neither, the
	// key is read from $NEW_RELIC_API_KEY.
	APIKeyEnv  string `yaml:"apiKeyEnv" json:"apiKeyEnv,omitempty"`
	APIKeyFile string `yaml:"apiKeyFile" json:"apiKeyFile,omitempty"`
	// APIKey is accepted by the decoder only to be refused by name.
	APIKey string `yaml:"apiKey" json:"-"`
	// Region is us (default) or eu; Endpoint overrides the region's
	// NerdGraph URL (a proxy; tests).
	Region   string              `yaml:"region" json:"region,omitempty"`
	Endpoint string              `yaml:"endpoint" json:"endpoint,omitempty"`
	Timeout  strictyaml.Duration `yaml:"timeout" json:"timeout,omitempty"`
}

// DefaultNewRelicKeyEnv holds the New Relic API key of metric checks when
// the realm names no apiKeyEnv or apiKeyFile.
const DefaultNewRelicKeyEnv = "NEW_RELIC_API_KEY"

// MaxMetricsTimeout bounds one metric query: a judgement waits for it.
const MaxMetricsTimeout = time.Minute

func (n *NewRelicMetrics) keyEnv() string {
	switch {
	case n.APIKeyEnv != "":
		return n.APIKeyEnv
	case n.APIKeyFile != "":
		return ""
	}
	return DefaultNewRelicKeyEnv
}

// IsZero: no provider configured (omitted from JSON).
func (m Metrics) IsZero() bool { return m.Prometheus == nil && m.NewRelic == nil }

// MetricProviders lists the providers this realm configures.
func (r *Realm) MetricProviders() map[string]bool {
	return map[string]bool{metrics.Prometheus: r.Metrics.Prometheus != nil, metrics.NewRelic: r.Metrics.NewRelic != nil}
}

func checkMetricsURL(doc *strictyaml.Doc, field, u, example string) {
	pu, err := url.Parse(u)
	switch {
	case u == "" && !doc.Failed(field):
		doc.Errorf(field, "required: the URL, like %s", example)
	case u == "":
	case err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "":
		doc.Errorf(field, "%q is not an http:// or https:// URL, like %s", RedactURL(u), example)
	case pu.User != nil:
		doc.Errorf(field, "%q has credentials in the URL, which would be logged with every failed query", RedactURL(u))
	}
}

func (r *Realm) validateMetrics(doc *strictyaml.Doc) {
	checkTimeout := func(field string, d strictyaml.Duration) {
		if t := d.D(); t < 0 || t > MaxMetricsTimeout {
			doc.Errorf(field, "must be from 1ms to %s (leave it out for %s)", MaxMetricsTimeout, metrics.DefaultTimeout)
		}
	}
	if p := r.Metrics.Prometheus; p != nil {
		checkMetricsURL(doc, "metrics.prometheus.address", p.Address, "http://prometheus:9090")
		checkTimeout("metrics.prometheus.timeout", p.Timeout)
	}
	if n := r.Metrics.NewRelic; n != nil {
		if n.AccountID <= 0 && !doc.Failed("metrics.newRelic.accountID") {
			doc.Errorf("metrics.newRelic.accountID", "required: the New Relic account id the NRQL queries run in (a positive number)")
		}
		if n.APIKey != "" {
			doc.Errorf("metrics.newRelic.apiKey", inlineSecret+"use apiKeyEnv: VAR (an environment variable), apiKeyFile: PATH, or neither for $%s", DefaultNewRelicKeyEnv)
		}
		if n.APIKeyEnv != "" && n.APIKeyFile != "" {
			doc.Errorf("metrics.newRelic", "set one of apiKeyEnv or apiKeyFile, not both")
		}
		if n.APIKeyEnv != "" && !envName.MatchString(n.APIKeyEnv) {
			doc.Errorf("metrics.newRelic.apiKeyEnv", "%q is not an environment variable name", n.APIKeyEnv)
		}
		switch n.Region {
		case "", "us", "eu":
		default:
			doc.Errorf("metrics.newRelic.region", "unknown region %q: use us or eu", n.Region)
		}
		if n.Endpoint != "" {
			checkMetricsURL(doc, "metrics.newRelic.endpoint", n.Endpoint, "https://api.eu.newrelic.com/graphql")
		}
		checkTimeout("metrics.newRelic.timeout", n.Timeout)
	}
	if p := r.Canary.Partial; p != nil {
		have := r.MetricProviders()
		for i, c := range p.Metrics {
			if c.Provider != "" && !have[c.Provider] && slices.Contains(metrics.Names, c.Provider) {
				doc.Errorf(fmt.Sprintf("canary.partial.metrics[%d].provider", i), "check %s uses %s, which this realm does not configure: add a metrics.%s section", c.Name, c.Provider, map[string]string{metrics.Prometheus: "prometheus", metrics.NewRelic: "newRelic"}[c.Provider])
			}
		}
	}
}

// NewRelicMetricsKey reads the New Relic API key of the metric checks on
// this machine: from metrics.newRelic.apiKeyEnv (default
// $NEW_RELIC_API_KEY) or apiKeyFile. Errors name the field and the
// variable or file, never a value.
func (r *Realm) NewRelicMetricsKey(lookupEnv func(string) (string, bool)) (string, error) {
	n := r.Metrics.NewRelic
	if n == nil {
		return "", r.NoMetricProvider(metrics.NewRelic)
	}
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	key, err := r.secret(lookupEnv, "New Relic API key of metric checks", "metrics.newRelic", n.keyEnv(), n.APIKeyFile)
	if err != nil {
		return "", err
	}
	if key = strings.TrimSpace(key); key == "" {
		return "", &strictyaml.Error{File: r.File, Field: "metrics.newRelic", Msg: "the New Relic API key is empty"}
	}
	return key, nil
}

// NoMetricProvider is the error for a provider the realm does not
// configure, naming what to set.
func (r *Realm) NoMetricProvider(name string) error {
	return &strictyaml.Error{File: r.File, Field: "metrics", Msg: fmt.Sprintf("realm %s configures no %s provider (metrics.%s)", r.Realm, name, map[string]string{metrics.Prometheus: "prometheus.address", metrics.NewRelic: "newRelic.accountID"}[name])}
}
