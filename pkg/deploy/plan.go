package deploy

import (
	"strings"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/diff"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// DiffOptions are the diff rules for a service's app: labels that change on
// every deploy are ignored and secrets masked on both sides: env keys that
// are secrets in the manifest, and those the live app's YODEL_SECRETS label
// lists (a key that stops being a secret must not print its old value). A
// live app without the label predates it: every old env value is masked.
func DiffOptions(m *manifest.Manifest, realmName string, live *marathon.App) diff.Options {
	eff := m.ForRealm(realmName)
	var liveKeys map[string]bool
	labelled := true
	if live != nil {
		var labels map[string]string
		if live.Labels != nil {
			labels = *live.Labels
		}
		liveKeys, labelled = appdef.SecretKeys(labels)
	}
	return diff.Options{
		Ignore: func(p string) bool {
			k, ok := strings.CutPrefix(p, "labels.")
			return ok && appdef.VolatileLabel(k)
		},
		Secret: func(p string) bool {
			k, ok := strings.CutPrefix(p, "env.")
			_, secret := eff.Secrets[k]
			return ok && (secret || liveKeys[k])
		},
		LiveSecret: func(p string) bool {
			return !labelled && strings.HasPrefix(p, "env.")
		},
	}
}

// DeployInstances is the instance count a rolling deploy of m gives the
// stable app, 0 for the manifest's own (appdef.Options.Instances): an
// autoscaled app (live carries the YODEL_AUTOSCALE label) keeps the count
// the autoscaler gave it, within the new release's min and max, so that a
// deploy under load does not fall back to instances (or min) and wait for
// the autoscaler to climb again. A manifest without autoscale, or a live
// app without the label (autoscale just added), gets the manifest's.
func DeployInstances(m *manifest.Manifest, realmName string, live *marathon.App) int {
	p, ok := m.ForRealm(realmName).AutoscalePolicy()
	if !ok || live == nil || live.Labels == nil {
		return 0
	}
	if _, was, err := appdef.AutoscaleOf(*live.Labels); !was || err != nil {
		return 0
	}
	return min(max(live.WantedInstances(), p.Min), p.Max)
}
