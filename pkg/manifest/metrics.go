package manifest

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/metrics"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// MetricCheck is one entry of partial.metrics: a business metric measured
// for the canary (and, to compare, for stable) every judgement interval
// from a metric provider, judged against thresholds or against stable
// (docs/manifest.md, "Metric checks").
type MetricCheck struct {
	Name string `yaml:"name" json:"name"`
	// Provider is prometheus or newrelic; the realm says where it is.
	Provider string `yaml:"provider" json:"provider"`
	// Query is PromQL or NRQL with placeholders ({{track}}, {{release}},
	// ... metrics.Vars), run once per track and interval; it must yield
	// one number.
	Query string `yaml:"query" json:"query"`
	// Min and Max bound each canary measurement: one outside is a failed
	// measurement.
	Min *float64 `yaml:"min" json:"min,omitempty"`
	Max *float64 `yaml:"max" json:"max,omitempty"`
	// MaxIncrease and MaxDecrease compare the canary's measurements with
	// stable's over the step (Mann-Whitney U, Hodges-Lehmann shift): how
	// far above (below) stable the canary may be before it is worse.
	MaxIncrease *float64 `yaml:"maxIncrease" json:"maxIncrease,omitempty"`
	MaxDecrease *float64 `yaml:"maxDecrease" json:"maxDecrease,omitempty"`
	// FailureLimit is how many failed measurements a step tolerates (as
	// Argo Rollouts' failureLimit): the next one fails the canary.
	FailureLimit *int `yaml:"failureLimit" json:"failureLimit,omitempty"`
	// MinMeasurements is how many good measurements (per track, to
	// compare) the step needs before the check can pass.
	MinMeasurements *int `yaml:"minMeasurements" json:"minMeasurements,omitempty"`
}

// Defaults and bounds of metric checks.
const (
	DefaultMetricFailureLimit    = 0
	DefaultMetricMinMeasurements = 3
	// MinCompareMeasurements is the fewest measurements per track with
	// which the one-sided Mann-Whitney test can reach p < 0.05 (with 3
	// each its smallest p is 1/20).
	MinCompareMeasurements = 4
	MaxMetricMeasurements  = 1000
	MaxMetricChecks        = 20
	MaxMetricQuery         = 4000
)

// Limit returns the check's failure limit, defaults applied.
func (c MetricCheck) Limit() int { return deref(c.FailureLimit, DefaultMetricFailureLimit) }

// Needed returns the good measurements needed to pass, defaults applied.
func (c MetricCheck) Needed() int {
	def := DefaultMetricMinMeasurements
	if c.Compares() {
		def = MinCompareMeasurements
	}
	return deref(c.MinMeasurements, def)
}

// Compares says whether the check measures stable too.
func (c MetricCheck) Compares() bool { return c.MaxIncrease != nil || c.MaxDecrease != nil }

// resolved fills the defaults in, for the plan.
func (c MetricCheck) resolved() MetricCheck {
	l, n := c.Limit(), c.Needed()
	c.FailureLimit, c.MinMeasurements = &l, &n
	return c
}

// builtinChecks are the names of the judgement's own checks (pkg/canary):
// a metric check may not take one, or the record could not tell them
// apart.
var builtinChecks = []string{"tasks", "error-rate", "error-rate-increase", "requests", "latency-p99", "latency-increase", "smoke", "command", "drain"}

func validateMetrics(doc *strictyaml.Doc, pp string, list []MetricCheck) {
	if len(list) > MaxMetricChecks {
		doc.Errorf(pp, "%d checks; at most %d (each runs its queries every interval)", len(list), MaxMetricChecks)
	}
	seen := map[string]bool{}
	for i, c := range list {
		p := indexPath(pp, i)
		switch why := CheckName(c.Name, 63); {
		case c.Name == "" && !doc.Failed(p+".name"):
			doc.Errorf(p+".name", "required: a name for the check, such as checkout-success (it names the check in the judgement, JUnit and history)")
		case c.Name == "":
		case why != "":
			doc.Errorf(p+".name", "check name %s", why)
		case slices.Contains(builtinChecks, c.Name):
			doc.Errorf(p+".name", "%q is the name of a built-in check; choose another", c.Name)
		case seen[c.Name]:
			doc.Errorf(p+".name", "%q is used twice; each check needs its own name", c.Name)
		}
		seen[c.Name] = true
		switch {
		case c.Provider == "" && !doc.Failed(p+".provider"):
			doc.Errorf(p+".provider", "required: %s (the realm says where it is: metrics.prometheus or metrics.newRelic)", strings.Join(metrics.Names, " or "))
		case c.Provider == "":
		case !slices.Contains(metrics.Names, c.Provider):
			hint := ""
			if m := strictyaml.DidYouMean(strings.ToLower(c.Provider), metrics.Names); m != "" {
				hint = " (did you mean " + m + "?)"
			}
			doc.Errorf(p+".provider", "unknown provider %q%s: use %s", c.Provider, hint, strings.Join(metrics.Names, " or "))
		}
		validateMetricQuery(doc, p+".query", c)
		finite := func(field string, v *float64) bool {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				doc.Errorf(p+"."+field, "must be a finite number")
				return false
			}
			return v != nil
		}
		hasMin, hasMax := finite("min", c.Min), finite("max", c.Max)
		if hasMin && hasMax && *c.Min > *c.Max {
			doc.Errorf(p+".min", "%v is above max %v: no measurement could pass", *c.Min, *c.Max)
		}
		for field, v := range map[string]*float64{"maxIncrease": c.MaxIncrease, "maxDecrease": c.MaxDecrease} {
			if finite(field, v) && *v < 0 {
				doc.Errorf(p+"."+field, "must be 0 or more: how far %s stable the canary may be (0: any significant difference fails)", map[string]string{"maxIncrease": "above", "maxDecrease": "below"}[field])
			}
		}
		if c.Min == nil && c.Max == nil && !c.Compares() && !doc.Failed(p) {
			doc.Errorf(p, "sets no threshold: set min and/or max (each canary measurement), or maxIncrease/maxDecrease (the canary against stable)")
		}
		if c.FailureLimit != nil && (*c.FailureLimit < 0 || *c.FailureLimit > MaxMetricMeasurements) {
			doc.Errorf(p+".failureLimit", "must be from 0 to %d: the failed measurements tolerated (0: the first fails the canary)", MaxMetricMeasurements)
		}
		if n := c.MinMeasurements; n != nil {
			lo := 1
			if c.Compares() {
				lo = MinCompareMeasurements
			}
			if *n < lo || *n > MaxMetricMeasurements {
				why := ""
				if c.Compares() {
					why = fmt.Sprintf(" (comparing with stable, fewer than %d per track can never be significant)", MinCompareMeasurements)
				}
				doc.Errorf(p+".minMeasurements", "must be from %d to %d%s", lo, MaxMetricMeasurements, why)
			}
		}
	}
}

func validateMetricQuery(doc *strictyaml.Doc, field string, c MetricCheck) {
	q := strings.TrimSpace(c.Query)
	switch {
	case q == "" && !doc.Failed(field):
		example := `sum(rate(http_requests_total{track="{{track}}",code!~"5.."}[{{interval}}]))`
		if c.Provider == metrics.NewRelic {
			example = `SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE track = '{{track}}' SINCE {{intervalSeconds}} seconds ago`
		}
		doc.Errorf(field, "required: the query, such as %s", example)
		return
	case q == "":
		return
	case len(q) > MaxMetricQuery:
		doc.Errorf(field, "is %d characters long; the limit is %d", len(q), MaxMetricQuery)
	}
	names := metrics.Placeholders(q)
	for _, n := range names {
		if !slices.Contains(metrics.Vars, n) {
			hint := ""
			if m := strictyaml.DidYouMean(n, metrics.Vars); m != "" {
				hint = " (did you mean {{" + m + "}}?)"
			}
			doc.Errorf(field, "unknown placeholder {{%s}}%s; the placeholders are {{%s}}", n, hint, strings.Join(metrics.Vars, "}}, {{"))
		}
	}
	// A query that does not name the track measures the whole service:
	// the same number for canary and stable, which judges nothing.
	if !slices.Contains(names, metrics.VarTrack) && !slices.Contains(names, metrics.VarRelease) && !slices.Contains(names, metrics.VarApp) {
		doc.Errorf(field, "does not select the track: use {{track}}, {{release}} or {{app}} in it (a query of the whole service measures stable as much as the canary)")
	}
}

// CheckMetricProviders refuses, at deploy time, a metric check whose
// provider the realm does not configure (configured: by provider name).
// It returns Errors (exit 2) or nil.
func (m *Manifest) CheckMetricProviders(realm, realmFile string, configured map[string]bool) error {
	doc := strictyaml.NewDoc(m.File)
	eff := m.ForRealm(realm)
	if eff.Canary == nil || eff.Canary.Partial == nil {
		return nil
	}
	for i, c := range eff.Canary.Partial.Metrics {
		path := indexPath("canary.partial.metrics", i) + ".provider"
		// An unknown provider is refused by validation, at the same line,
		// with the right spelling; no realm key could configure it.
		if c.Provider == "" || configured[c.Provider] || !slices.Contains(metrics.Names, c.Provider) {
			continue
		}
		key := map[string]string{metrics.Prometheus: "metrics.prometheus.address", metrics.NewRelic: "metrics.newRelic.accountID"}[c.Provider]
		doc.SetPos(path, m.Doc().Pos(path))
		doc.Errorf(path, "check %s uses %s, which realm %s does not configure: set %s in %s (docs/realms.md)", c.Name, c.Provider, realm, key, realmFile)
	}
	return doc.Err()
}
