package view

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

func TestDeployTasksFromProgress(t *testing.T) {
	var recent []marathon.RecentEvent
	for i := 0; i < 8; i++ {
		recent = append(recent, marathon.RecentEvent{Time: time.Unix(int64(i), 0), Text: string(rune('a' + i))})
	}
	p := marathon.Progress{Wanted: 3, Healthy: 1, Running: 2, Old: 2, TotalSteps: 2, Step: 1, StepActions: []string{"ScaleApplication /web"}, Recent: recent}
	d := NewDeployTasks(p, 3)
	assert.Equal(t, 3, d.OldMax, "the most old tasks seen, not the ones left")
	assert.Equal(t, 2, d.Old)
	assert.Equal(t, 1, d.DeploymentStep)
	assert.Len(t, d.Recent, 5)
	assert.Equal(t, "h", d.Recent[4].Text, "the latest five")

	p.DeploymentDone = true
	d = NewDeployTasks(p, 0)
	assert.Zero(t, d.TotalSteps, "no deployment step once Marathon's deployment is gone")
	assert.Equal(t, 2, d.OldMax, "at least the old tasks left")
}
