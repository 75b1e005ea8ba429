package manifest

import (
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Canary is the `canary:` section of a manifest, and the `canary:` defaults
// of a realm. Every field is optional: unset fields are nil so that
// ResolveCanary can fall back to the realm's defaults, then the built-ins.
type Canary struct {
	Instances    *int      `yaml:"instances" json:"instances,omitempty"`
	Isolated     *Isolated `yaml:"isolated" json:"isolated,omitempty"`
	Partial      *Partial  `yaml:"partial" json:"partial,omitempty"`
	ManualGates  []string  `yaml:"manualGates" json:"manualGates,omitempty"` // "partial" and/or "full"
	DrainTimeout *Duration `yaml:"drainTimeout" json:"drainTimeout,omitempty"`
	// KeepPrevious keeps the previous release running at weight 0 this
	// long after full, so that `yodel rollback` is a weight flip (issue
	// 19); 0 or unset: it is drained and removed at once.
	KeepPrevious *Duration `yaml:"keepPrevious" json:"keepPrevious,omitempty"`
}

// Isolated configures the smoke tests run against the isolated canary.
type Isolated struct {
	Smoke   []SmokeCheck `yaml:"smoke" json:"smoke,omitempty"`
	Command string       `yaml:"command" json:"command,omitempty"`
	// PassEnv names the deployer's environment variables the command
	// gets besides PATH, HOME, the locale and YODEL_CANARY_*; it runs
	// without the rest of the deployer's environment.
	PassEnv []string `yaml:"passEnv" json:"passEnv,omitempty"`
}

// SmokeCheck is one HTTP request sent through the LB to the isolated canary.
type SmokeCheck struct {
	Path         string            `yaml:"path" json:"path"`
	Method       string            `yaml:"method" json:"method,omitempty"`
	Headers      map[string]string `yaml:"headers" json:"headers,omitempty"`
	ExpectStatus int               `yaml:"expectStatus" json:"expectStatus,omitempty"`
	ExpectBody   string            `yaml:"expectBody" json:"expectBody,omitempty"`
	Timeout      *Duration         `yaml:"timeout" json:"timeout,omitempty"`
	Retries      *int              `yaml:"retries" json:"retries,omitempty"`
}

// Partial configures the partial-traffic step and its checks.
type Partial struct {
	Weight               *int      `yaml:"weight" json:"weight,omitempty"` // percent of traffic
	Duration             *Duration `yaml:"duration" json:"duration,omitempty"`
	Interval             *Duration `yaml:"interval" json:"interval,omitempty"`
	MaxErrorRate         *float64  `yaml:"maxErrorRate" json:"maxErrorRate,omitempty"`
	MaxErrorRateIncrease *float64  `yaml:"maxErrorRateIncrease" json:"maxErrorRateIncrease,omitempty"`
	MinRequests          *int      `yaml:"minRequests" json:"minRequests,omitempty"`
	OnInconclusive       string    `yaml:"onInconclusive" json:"onInconclusive,omitempty"` // fail (default) or pass
	Steps                []int     `yaml:"steps" json:"steps,omitempty"`                   // several weights, in order
	// MaxLatencyP99 is the highest canary p99 server response time.
	MaxLatencyP99 *Duration `yaml:"maxLatencyP99" json:"maxLatencyP99,omitempty"`
	// MaxLatencyIncrease is how much slower than stable the canary may be
	// (Mann-Whitney U, Hodges-Lehmann shift): "50ms" or "1.2x".
	MaxLatencyIncrease *LatencyIncrease `yaml:"maxLatencyIncrease" json:"maxLatencyIncrease,omitempty"`
	// MaxExtension bounds how long an inconclusive step is extended (an
	// interval at a time) before onInconclusive decides; 0: not at all;
	// unset: the step's duration.
	MaxExtension *Duration `yaml:"maxExtension" json:"maxExtension,omitempty"`
	// Metrics are business-metric checks queried from a metric provider
	// (metrics.go).
	Metrics []MetricCheck `yaml:"metrics" json:"metrics,omitempty"`
	// Sticky keeps each client of an HTTP port on the track it landed on
	// while the share grows through the steps (a cookie per client).
	Sticky *bool `yaml:"sticky" json:"sticky,omitempty"`
}

// Manual gates.
const (
	GatePartial = "partial"
	GateFull    = "full"
)

// CanaryPlan is a fully resolved canary configuration: no field is unset.
type CanaryPlan struct {
	Instances            int              `json:"instances"`
	Smoke                []SmokeCheck     `json:"smoke,omitempty"` // Method, Timeout, Retries, ExpectStatus filled in
	Command              string           `json:"command,omitempty"`
	PassEnv              []string         `json:"passEnv,omitempty"`
	Weight               int              `json:"weight"`
	Steps                []int            `json:"steps"` // [Weight] when none were given
	Duration             jsondur.Duration `json:"duration"`
	Interval             jsondur.Duration `json:"interval"`
	MaxErrorRate         float64          `json:"maxErrorRate"`
	MaxErrorRateIncrease float64          `json:"maxErrorRateIncrease"`
	MinRequests          int              `json:"minRequests"`
	OnInconclusive       string           `json:"onInconclusive"`
	ManualGates          map[string]bool  `json:"manualGates,omitempty"`
	DrainTimeout         jsondur.Duration `json:"drainTimeout"`
	// Latency checks (0: off) and the bound on extending an inconclusive
	// step (issue 19).
	MaxLatencyP99      jsondur.Duration `json:"maxLatencyP99,omitempty"`
	MaxLatencyIncrease LatencyIncrease  `json:"maxLatencyIncrease,omitzero"`
	MaxExtension       jsondur.Duration `json:"maxExtension,omitempty"`
	// Metrics are the metric checks, defaults filled in.
	Metrics []MetricCheck `json:"metrics,omitempty"`
	// KeepPrevious is the rollback window after full (0: none).
	KeepPrevious jsondur.Duration `json:"keepPrevious,omitempty"`
	// Sticky sessions during the partial steps (issue 19).
	Sticky bool `json:"sticky,omitempty"`
}

// Built-in canary defaults (the canary issue fixes them).
const (
	DefaultCanaryInstances      = 1
	DefaultPartialWeight        = 10
	DefaultPartialDuration      = 5 * time.Minute
	DefaultPartialInterval      = 30 * time.Second
	DefaultMaxErrorRate         = 0.01
	DefaultMaxErrorRateIncrease = 0.005
	DefaultMinRequests          = 100
	DefaultDrainTimeout         = 60 * time.Second
	DefaultSmokeTimeout         = 5 * time.Second
	DefaultSmokeStatus          = 200
)

// Merge returns c with every unset field taken from def. Lists (smoke,
// steps, manualGates, metrics) are taken whole: a manifest that lists smoke checks
// replaces the realm's list rather than appending to it.
func (c *Canary) Merge(def *Canary) *Canary {
	out := &Canary{}
	if c != nil {
		*out = *c
	}
	if def == nil {
		return out
	}
	out.Instances = firstPtr(out.Instances, def.Instances)
	out.DrainTimeout = firstPtr(out.DrainTimeout, def.DrainTimeout)
	out.KeepPrevious = firstPtr(out.KeepPrevious, def.KeepPrevious)
	if out.ManualGates == nil {
		out.ManualGates = def.ManualGates
	}
	switch {
	case out.Isolated == nil:
		out.Isolated = def.Isolated
	case def.Isolated != nil:
		iso := *out.Isolated
		if iso.Smoke == nil {
			iso.Smoke = def.Isolated.Smoke
		}
		if iso.Command == "" {
			// The variables go with the command they were listed for.
			iso.Command, iso.PassEnv = def.Isolated.Command, def.Isolated.PassEnv
		}
		out.Isolated = &iso
	}
	switch {
	case out.Partial == nil:
		out.Partial = def.Partial
	case def.Partial != nil:
		p, d := *out.Partial, def.Partial
		p.Weight = firstPtr(p.Weight, d.Weight)
		p.Duration = firstPtr(p.Duration, d.Duration)
		p.Interval = firstPtr(p.Interval, d.Interval)
		p.MaxErrorRate = firstPtr(p.MaxErrorRate, d.MaxErrorRate)
		p.MaxErrorRateIncrease = firstPtr(p.MaxErrorRateIncrease, d.MaxErrorRateIncrease)
		p.MinRequests = firstPtr(p.MinRequests, d.MinRequests)
		p.MaxLatencyP99 = firstPtr(p.MaxLatencyP99, d.MaxLatencyP99)
		p.MaxLatencyIncrease = firstPtr(p.MaxLatencyIncrease, d.MaxLatencyIncrease)
		p.MaxExtension = firstPtr(p.MaxExtension, d.MaxExtension)
		p.Sticky = firstPtr(p.Sticky, d.Sticky)
		if p.OnInconclusive == "" {
			p.OnInconclusive = d.OnInconclusive
		}
		if p.Steps == nil {
			p.Steps = d.Steps
		}
		if p.Metrics == nil {
			p.Metrics = d.Metrics
		}
		out.Partial = &p
	}
	return out
}

func firstPtr[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// ResolveCanary merges the layers in order (manifest first, then the realm's
// defaults; nil layers are skipped) and fills the rest with the built-ins.
func ResolveCanary(layers ...*Canary) CanaryPlan {
	c := &Canary{}
	for _, l := range layers {
		c = c.Merge(l)
	}
	iso := deref(c.Isolated, Isolated{})
	part := deref(c.Partial, Partial{})
	dur := deref(part.Duration, Duration(DefaultPartialDuration))
	p := CanaryPlan{
		Instances:            deref(c.Instances, DefaultCanaryInstances),
		Command:              iso.Command,
		PassEnv:              slices.Clone(iso.PassEnv),
		Weight:               deref(part.Weight, DefaultPartialWeight),
		Steps:                slices.Clone(part.Steps),
		Duration:             jsondur.Duration(dur),
		Interval:             jsondur.Duration(deref(part.Interval, Duration(DefaultPartialInterval))),
		MaxErrorRate:         deref(part.MaxErrorRate, DefaultMaxErrorRate),
		MaxErrorRateIncrease: deref(part.MaxErrorRateIncrease, DefaultMaxErrorRateIncrease),
		MinRequests:          deref(part.MinRequests, DefaultMinRequests),
		OnInconclusive:       part.OnInconclusive,
		DrainTimeout:         jsondur.Duration(deref(c.DrainTimeout, Duration(DefaultDrainTimeout))),
		KeepPrevious:         jsondur.Duration(deref(c.KeepPrevious, 0)),
		MaxLatencyP99:        jsondur.Duration(deref(part.MaxLatencyP99, 0)),
		MaxLatencyIncrease:   deref(part.MaxLatencyIncrease, LatencyIncrease{}),
		// Unset: a step short of data may run up to twice its duration
		// (a slow start of traffic, a takeover by resume) before
		// onInconclusive decides; 0s turns extension off.
		MaxExtension: jsondur.Duration(deref(part.MaxExtension, dur)),
		Sticky:       deref(part.Sticky, false),
	}
	if p.OnInconclusive == "" {
		p.OnInconclusive = "fail"
	}
	if len(p.Steps) == 0 {
		p.Steps = []int{p.Weight}
	}
	for _, m := range part.Metrics {
		p.Metrics = append(p.Metrics, m.resolved())
	}
	if len(c.ManualGates) > 0 {
		p.ManualGates = map[string]bool{}
		for _, g := range c.ManualGates {
			p.ManualGates[g] = true
		}
	}
	for _, s := range iso.Smoke {
		if s.Method == "" {
			s.Method = http.MethodGet
		}
		if s.ExpectStatus == 0 {
			s.ExpectStatus = DefaultSmokeStatus
		}
		t := deref(s.Timeout, Duration(DefaultSmokeTimeout))
		s.Timeout = &t
		r := deref(s.Retries, 0)
		s.Retries = &r
		p.Smoke = append(p.Smoke, s)
	}
	return p
}

var (
	httpMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	headerName  = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+.^_` + "`" + `|~-]+$`)
)

// Validate records every problem in c on doc, under path ("canary").
func (c *Canary) Validate(doc *strictyaml.Doc, path string) {
	if c == nil {
		return
	}
	checkInstances(doc, path+".instances", c.Instances)
	checkDuration(doc, path+".drainTimeout", c.DrainTimeout, 0, MaxCanaryDuration)
	// The previous release holds its instances (and the other colour,
	// which the next canary needs) for the whole window.
	checkDuration(doc, path+".keepPrevious", c.KeepPrevious, 0, MaxKeepPrevious)
	seen := map[string]bool{}
	for i, g := range c.ManualGates {
		gp := indexPath(path+".manualGates", i)
		switch {
		case g != GatePartial && g != GateFull:
			doc.Errorf(gp, "unknown gate %q: use %q (pause before partial) or %q (pause before full)", g, GatePartial, GateFull)
		case seen[g]:
			doc.Errorf(gp, "gate %q listed twice", g)
		}
		seen[g] = true
	}
	if iso := c.Isolated; iso != nil {
		for i, s := range iso.Smoke {
			s.validate(doc, indexPath(path+".isolated.smoke", i))
		}
		for i, k := range iso.PassEnv {
			if !envNameRe.MatchString(k) {
				doc.Errorf(indexPath(path+".isolated.passEnv", i), "%q is not an environment variable name (letters, digits, '_'; not starting with a digit)", k)
			}
		}
		if len(iso.PassEnv) > 0 && iso.Command == "" {
			doc.Errorf(path+".isolated.passEnv", "passes variables to isolated.command, which is not set: set the command or remove passEnv")
		}
	}
	if p := c.Partial; p != nil {
		pp := path + ".partial"
		if p.Weight != nil && (*p.Weight < 1 || *p.Weight > 99) {
			doc.Errorf(pp+".weight", "must be a percentage from 1 to 99 (100 is the full step)")
		}
		if p.Duration != nil && *p.Duration <= 0 {
			doc.Errorf(pp+".duration", "must be positive")
		} else {
			checkDuration(doc, pp+".duration", p.Duration, 0, MaxCanaryDuration)
		}
		checkDuration(doc, pp+".interval", p.Interval, MinCanaryInterval, MaxCanaryDuration)
		if p.Interval != nil && p.Duration != nil && *p.Interval > *p.Duration {
			doc.Errorf(pp+".interval", "is longer than partial.duration (%s): no check would run", p.Duration)
		}
		if p.MaxErrorRate != nil && !InRange(*p.MaxErrorRate, 0, 1) {
			doc.Errorf(pp+".maxErrorRate", "must be a fraction from 0 to 1 (0.01 is 1%%)")
		}
		if p.MaxErrorRateIncrease != nil && !InRange(*p.MaxErrorRateIncrease, 0, 1) {
			doc.Errorf(pp+".maxErrorRateIncrease", "must be a fraction from 0 to 1 (0.005 is half a percentage point)")
		}
		if p.MinRequests != nil && (*p.MinRequests < 0 || *p.MinRequests > MaxMinRequests) {
			doc.Errorf(pp+".minRequests", "must be from 0 to %d", MaxMinRequests)
		}
		p.validateLatency(doc, pp)
		validateMetrics(doc, pp+".metrics", p.Metrics)
		if p.OnInconclusive != "" && p.OnInconclusive != "fail" && p.OnInconclusive != "pass" {
			doc.Errorf(pp+".onInconclusive", "must be \"fail\" or \"pass\"")
		}
		for i, w := range p.Steps {
			sp := indexPath(pp+".steps", i)
			if w < 1 || w > 99 {
				doc.Errorf(sp, "%d: each step is a percentage from 1 to 99", w)
			} else if i > 0 && w <= p.Steps[i-1] {
				doc.Errorf(sp, "%d: steps must increase (%d comes before it)", w, p.Steps[i-1])
			}
		}
	}
}

// Bounds of canary numbers: a step longer than a day or a drain longer than
// a day is a typo that would hold a deploy (and its lock) that long.
const (
	MaxCanaryDuration = 24 * time.Hour
	MinCanaryInterval = time.Second
	MaxSmokeTimeout   = 10 * time.Minute
	MaxMinRequests    = 1_000_000_000
	// MaxKeepPrevious bounds the rollback window: the previous release's
	// capacity is held, and the next deploy waits, that long.
	MaxKeepPrevious = 24 * time.Hour
)

func checkDuration(doc *strictyaml.Doc, path string, d *Duration, min, max time.Duration) {
	if d != nil && (d.D() < min || d.D() > max) {
		doc.Errorf(path, "must be from %s to %s (got %s)", fmtDur(min), fmtDur(max), d.D())
	}
}

// fmtDur writes 24h0m0s as 24h and 0s as 0s.
func fmtDur(d time.Duration) string {
	s := d.String()
	if len(s) > 3 && s[len(s)-3:] == "m0s" {
		s = s[:len(s)-2]
	}
	if len(s) > 4 && s[len(s)-3:] == "h0m" {
		s = s[:len(s)-2]
	}
	return s
}

func (s SmokeCheck) validate(doc *strictyaml.Doc, path string) {
	if s.Path == "" && !doc.Failed(path+".path") {
		doc.Errorf(path+".path", "required: the URL path to request, such as /healthz")
	} else if s.Path != "" && s.Path[0] != '/' {
		doc.Errorf(path+".path", "must start with /")
	}
	if s.Method != "" && !slices.Contains(httpMethods, s.Method) {
		doc.Errorf(path+".method", "unknown method %q: use one of %v", s.Method, httpMethods)
	}
	for k := range s.Headers {
		if !headerName.MatchString(k) {
			doc.Errorf(path+".headers."+k, "not a valid HTTP header name")
		}
	}
	if s.ExpectStatus != 0 && (s.ExpectStatus < 100 || s.ExpectStatus > 599) {
		doc.Errorf(path+".expectStatus", "must be an HTTP status from 100 to 599")
	}
	if s.Timeout != nil && *s.Timeout <= 0 {
		doc.Errorf(path+".timeout", "must be positive")
	} else {
		checkDuration(doc, path+".timeout", s.Timeout, 0, MaxSmokeTimeout)
	}
	if s.Retries != nil && (*s.Retries < 0 || *s.Retries > 100) {
		doc.Errorf(path+".retries", "must be from 0 to 100")
	}
}

// CheckCanary checks what the manifest's canary section resolves to with
// realm's canary defaults (def; nil for none) and limits: values each fine
// alone but wrong together, which Validate cannot see. A manifest's
// partial.interval of 10m is valid, but not with the 5m duration a realm
// or the built-ins give it; a canary.instances of 5 is valid, but not in a
// realm that allows 2. The realm's own defaults are checked when the realm
// is loaded (CheckCanaryDefaults). It returns Errors (exit 2) or nil.
func (m *Manifest) CheckCanary(realm string, lim Limits, def *Canary) error {
	c := m.Canary
	if c == nil {
		return nil
	}
	doc := strictyaml.NewDoc(m.File)
	errorf := func(path, format string, args ...any) {
		doc.SetPos(path, m.Doc().Pos(path))
		doc.Errorf(path, format, args...)
	}
	if c.Instances != nil && lim.MaxInstances > 0 && *c.Instances > lim.MaxInstances {
		errorf("canary.instances", "%d is above realm %s's limit of %d instances: set at most %d", *c.Instances, realm, lim.MaxInstances, lim.MaxInstances)
	}
	checkIntervalAgainst(c.Partial, ResolveCanary(c, def), func(field string) string {
		if def != nil && def.Partial != nil && ((field == "duration" && def.Partial.Duration != nil) || (field == "interval" && def.Partial.Interval != nil)) {
			return "realm " + realm + "'s canary.partial." + field
		}
		return "the built-in default"
	}, errorf)
	return doc.Err()
}

// CheckCanaryDefaults checks a realm's canary defaults against its own
// limits and the built-ins, as CheckCanary checks a manifest's section,
// recording the problems on doc (the realm file's).
func CheckCanaryDefaults(doc *strictyaml.Doc, def *Canary, maxInstances int) {
	if def.Instances != nil && maxInstances > 0 && *def.Instances > maxInstances {
		doc.Errorf("canary.instances", "%d is above limits.maxInstances (%d): set at most %d", *def.Instances, maxInstances, maxInstances)
	}
	checkIntervalAgainst(def.Partial, ResolveCanary(def), func(string) string { return "the built-in default" }, doc.Errorf)
}

// checkIntervalAgainst reports a partial section that sets only one of
// interval and duration when the other, resolved from a lower layer
// (from names which), leaves no check inside the step. Both set are
// Validate's.
func checkIntervalAgainst(p *Partial, plan CanaryPlan, from func(field string) string, errorf func(path, format string, args ...any)) {
	if p == nil || (p.Interval == nil) == (p.Duration == nil) {
		return
	}
	iv, d := time.Duration(plan.Interval), time.Duration(plan.Duration)
	switch {
	case iv <= d:
	case p.Interval != nil:
		errorf("canary.partial.interval", "%s is longer than partial.duration, %s from %s: no check would run; set a shorter interval, or partial.duration too",
			fmtDur(iv), fmtDur(d), from("duration"))
	default:
		errorf("canary.partial.duration", "%s is shorter than partial.interval, %s from %s: no check would run; set a longer duration, or partial.interval too",
			fmtDur(d), fmtDur(iv), from("interval"))
	}
}
