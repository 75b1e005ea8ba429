package canary

import (
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// Settings resolves a rollout's settings: the manifest's canary section
// first, then the realm's canary defaults, then the built-ins (instances 1,
// partial.weight 10, duration 5m, interval 30s, maxErrorRate 0.01,
// maxErrorRateIncrease 0.005, minRequests 100, onInconclusive fail,
// maxExtension the partial duration, drainTimeout 60s). Either argument
// may be nil.
func Settings(m *manifest.Manifest, rl *realm.Realm) manifest.CanaryPlan {
	var mc, rc *manifest.Canary
	if m != nil {
		mc = m.Canary
	}
	if rl != nil {
		rc = &rl.Canary
	}
	return manifest.ResolveCanary(mc, rc)
}
