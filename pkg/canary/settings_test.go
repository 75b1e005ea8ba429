package canary

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/jsondur"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

func TestSettingsLayers(t *testing.T) {
	w, inst := 20, 2
	d := manifest.Duration(time.Minute)
	m := &manifest.Manifest{Canary: &manifest.Canary{Partial: &manifest.Partial{Weight: &w}}}
	rl := &realm.Realm{Canary: manifest.Canary{Instances: &inst, Partial: &manifest.Partial{Weight: new(int), Duration: &d, OnInconclusive: "pass"}}}

	got := Settings(m, rl)
	assert.Equal(t, 20, got.Weight, "manifest wins over realm")
	assert.Equal(t, []int{20}, got.Steps)
	assert.Equal(t, 2, got.Instances, "realm default")
	assert.Equal(t, time.Minute, got.Duration.D(), "realm default")
	assert.Equal(t, "pass", got.OnInconclusive, "realm default")
	assert.Equal(t, 30*time.Second, got.Interval.D(), "built-in")

	b := Settings(nil, nil)
	assert.Equal(t, manifest.CanaryPlan{Instances: 1, Weight: 10, Steps: []int{10}, Duration: jsondur.Duration(5 * time.Minute),
		Interval: jsondur.Duration(30 * time.Second), MaxErrorRate: 0.01, MaxErrorRateIncrease: 0.005, MinRequests: 100,
		OnInconclusive: "fail", DrainTimeout: jsondur.Duration(60 * time.Second), MaxExtension: jsondur.Duration(5 * time.Minute)}, b)
	assert.Equal(t, time.Minute, got.MaxExtension.D(), "unset: the step's duration (a step short of data may run twice as long)")

	off := manifest.Duration(0)
	m.Canary.Partial.MaxExtension = &off
	assert.Zero(t, Settings(m, rl).MaxExtension, "0s turns extension off")
}
