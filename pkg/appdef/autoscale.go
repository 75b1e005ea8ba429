package appdef

import (
	"encoding/json"
	"fmt"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// LabelAutoscale carries a manifest's autoscale section (defaults applied)
// to the realm's server, whose autoscaler reads it from the stable app:
// the server has no manifests, and the policy must be the one of the
// release that runs. JSON, a manifest.AutoscalePolicy; absent when the
// manifest has no autoscale.
const LabelAutoscale = "YODEL_AUTOSCALE"

// autoscaleLabel is m's LabelAutoscale value, "" without autoscale.
func autoscaleLabel(m *manifest.Manifest) string {
	p, ok := m.AutoscalePolicy()
	if !ok {
		return ""
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// AutoscaleOf reads an app's LabelAutoscale; ok is false when the app has
// none. A label that does not decode or holds impossible bounds (set by
// hand) is an error: the autoscaler leaves such an app alone.
func AutoscaleOf(labels map[string]string) (p manifest.AutoscalePolicy, ok bool, err error) {
	v, ok := labels[LabelAutoscale]
	if !ok {
		return p, false, nil
	}
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return p, true, fmt.Errorf("label %s: %w", LabelAutoscale, err)
	}
	if p.Min < 1 || p.Max < p.Min || !(p.TargetRequestsPerTask > 0) || p.ScaleUpCooldown <= 0 || p.ScaleDownCooldown <= 0 {
		return p, true, fmt.Errorf("label %s: %s needs 1 <= min <= max, targetRequestsPerTask > 0 and cooldowns > 0", LabelAutoscale, v)
	}
	return p, true, nil
}
