package manifest

import (
	"fmt"
	"math"
	"time"
)

// Autoscale is the manifest's autoscale section: the realm's server
// (`yodel server`, its autoscaler) keeps the stable app's instance count at
// what the lb agents' request rate needs, between Min and Max. See
// docs/manifest.md, "autoscale".
type Autoscale struct {
	Min *int `yaml:"min"`
	Max *int `yaml:"max"`
	// TargetRequestsPerTask is the request rate (per second) one task is
	// meant to serve: the autoscaler wants ceil(rate / target) tasks.
	TargetRequestsPerTask *float64 `yaml:"targetRequestsPerTask"`
	// ScaleUpCooldown is the least time between a change of the app's
	// instances (by anyone) and a scale-up; ScaleDownCooldown the least
	// time before a scale-down, and how far back a scale-down looks for
	// the highest need (so a dip in the load does not shrink the app).
	ScaleUpCooldown   *Duration `yaml:"scaleUpCooldown"`
	ScaleDownCooldown *Duration `yaml:"scaleDownCooldown"`
}

// AutoscalePolicy is an autoscale section with the defaults applied: what
// a deploy records on the app (appdef's YODEL_AUTOSCALE label) and the
// autoscaler follows.
type AutoscalePolicy struct {
	Min                   int      `json:"min"`
	Max                   int      `json:"max"`
	TargetRequestsPerTask float64  `json:"targetRequestsPerTask"`
	ScaleUpCooldown       Duration `json:"scaleUpCooldown"`
	ScaleDownCooldown     Duration `json:"scaleDownCooldown"`
}

// Autoscale defaults and bounds. Scaling up is quick (a rising load fails
// requests), scaling down slow (a load that comes back would pay for the
// new tasks' start again).
const (
	DefaultScaleUpCooldown   = 30 * time.Second
	DefaultScaleDownCooldown = 5 * time.Minute
	MinAutoscaleCooldown     = time.Second
	MaxAutoscaleCooldown     = 24 * time.Hour
	MaxTargetRequestsPerTask = 1_000_000
)

// AutoscalePolicy is m's autoscale section with the defaults applied; ok
// is false when m has none.
func (m *Manifest) AutoscalePolicy() (p AutoscalePolicy, ok bool) {
	a := m.Autoscale
	if a == nil {
		return p, false
	}
	return AutoscalePolicy{
		Min: deref(a.Min, 1), Max: deref(a.Max, 1), TargetRequestsPerTask: deref(a.TargetRequestsPerTask, 1),
		ScaleUpCooldown:   deref(a.ScaleUpCooldown, Duration(DefaultScaleUpCooldown)),
		ScaleDownCooldown: deref(a.ScaleDownCooldown, Duration(DefaultScaleDownCooldown)),
	}, true
}

// validateAutoscale checks the autoscale section against itself, the
// ports (the rate is the lb agents') and instances, in every realm.
func (m *Manifest) validateAutoscale() {
	a := m.Autoscale
	if a == nil {
		return
	}
	d := m.Doc()
	required := func(path, what string) {
		if !d.Failed(path) {
			d.Errorf(path, "required: %s", what)
		}
	}
	if a.Min == nil {
		required("autoscale.min", "the fewest instances, such as 2")
	} else if *a.Min < 1 || *a.Min > MaxInstances {
		d.Errorf("autoscale.min", "must be from 1 to %d (got %d)", MaxInstances, *a.Min)
	}
	switch {
	case a.Max == nil:
		required("autoscale.max", "the most instances, such as 10")
	case *a.Max < 1 || *a.Max > MaxInstances:
		d.Errorf("autoscale.max", "must be from 1 to %d (got %d)", MaxInstances, *a.Max)
	case a.Min != nil && *a.Max < *a.Min:
		d.Errorf("autoscale.max", "%d is below autoscale.min (%d): set max to at least min", *a.Max, *a.Min)
	}
	switch t := a.TargetRequestsPerTask; {
	case t == nil:
		required("autoscale.targetRequestsPerTask", "the requests per second one instance should serve, such as 50")
	case *t <= 0 || math.IsNaN(*t) || math.IsInf(*t, 0) || *t > MaxTargetRequestsPerTask:
		d.Errorf("autoscale.targetRequestsPerTask", "must be above 0 and at most %d requests per second per instance (got %v)", MaxTargetRequestsPerTask, *t)
	}
	for _, c := range []struct {
		key string
		v   *Duration
	}{{"scaleUpCooldown", a.ScaleUpCooldown}, {"scaleDownCooldown", a.ScaleDownCooldown}} {
		if c.v != nil && (c.v.D() < MinAutoscaleCooldown || c.v.D() > MaxAutoscaleCooldown) {
			d.Errorf("autoscale."+c.key, "must be from %s to %s, like \"30s\" or \"5m\" (got %s)", roundDur(MinAutoscaleCooldown), roundDur(MaxAutoscaleCooldown), roundDur(c.v.D()))
		}
	}
	if len(m.Ports) == 0 && !d.Failed("ports") {
		d.Errorf("autoscale", "the autoscaler follows the request rate the lb agents count: add ports, or remove autoscale")
	}
	if a.Min == nil || a.Max == nil || *a.Max < *a.Min {
		return
	}
	// Instances is where a deploy starts; the autoscaler then keeps the
	// count between min and max: a count outside would be changed at once.
	check := func(path string, n *int) {
		if n != nil && (*n < *a.Min || *n > *a.Max) && !d.Failed(path) {
			d.Errorf(path, "%d is outside autoscale's %d-%d: set it within (or leave it out: a deploy then starts at autoscale.min)", *n, *a.Min, *a.Max)
		}
	}
	check("instances", m.Instances)
	for _, name := range sortedKeys(m.Realms) {
		check("realms."+name+".instances", m.Realms[name].Instances)
	}
}

// roundDur writes a whole number of hours or minutes as "24h" or "5m".
func roundDur(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}
