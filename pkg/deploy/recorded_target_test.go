package deploy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// A secret the live app does not carry cannot come back from history,
// which never holds values: KindInvalid (the CLI's hint: the release's
// deploy); with the secret on the live app, the definition gets its value.
func TestRecordedTargetMissingSecret(t *testing.T) {
	rec := &state.Record{ID: "r1", Release: "v1",
		App: json.RawMessage(`{"id":"/web-blue","instances":1,"env":{"TOKEN":"<secret:env:WEB_TOKEN>"},"labels":{"YODEL_RELEASE":"v1","YODEL_SECRETS":"TOKEN"}}`)}
	n := 3
	live := &marathon.App{}
	live.ID, live.Instances = "/web-green", &n
	_, _, err := recordedTarget(rec, live, "web", "qa")
	require.Error(t, err)
	assert.Equal(t, KindInvalid, KindOf(err))
	assert.Contains(t, err.Error(), "release v1 needs the secret TOKEN, which /web-green does not carry")

	labels := map[string]string{"YODEL_SECRETS": "TOKEN"}
	env := map[string]string{"TOKEN": "now"}
	live.Labels, live.Env = &labels, &env
	a, fromLive, err := recordedTarget(rec, live, "web", "qa")
	require.NoError(t, err)
	assert.Equal(t, []string{"TOKEN"}, fromLive, "the value the release gets is the live app's")
	assert.Equal(t, "/web-green", a.ID)
	assert.Equal(t, 3, a.WantedInstances())
	assert.Equal(t, "now", (*a.Env)["TOKEN"])
}
