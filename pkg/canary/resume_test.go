package canary

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

// recordedButNeverCreated is a rollout whose deploying process died between
// recording the rollout (starting, share 0) and creating the canary app.
func recordedButNeverCreated(t *testing.T, h *harness) {
	t.Helper()
	r := rollout(fastPlan(nil))
	r.Command = "yodel deploy web --realm qa --release v2"
	r.Source = &Source{Manifest: "/src/services/web.yaml", SHA: "abc", Labels: map[string]string{"YODEL_DEPLOYED_BY": "ann"}}
	_, err := Begin(context.Background(), h.st, r)
	require.NoError(t, err)
	require.False(t, h.mar.has("/web-green"))
}

func TestResumeFromStartingRebuildsTheNeverCreatedApp(t *testing.T) {
	h := newHarness(t)
	recordedButNeverCreated(t, h)
	d := h.driver(nil)
	var built *Rollout
	d.BuildApp = func(_ context.Context, r *Rollout) (*marathon.App, error) {
		built = r
		return canaryApp(), nil
	}
	r, err := d.Drive(context.Background(), "web")
	require.NoError(t, err)
	assert.Equal(t, StepDone, r.Step)
	require.NotNil(t, built)
	assert.Equal(t, "/src/services/web.yaml", built.Source.Manifest)
	assert.Equal(t, "put /web-green", h.mar.calls[0], "created from the rebuilt definition")
	assert.Contains(t, h.texts(EventInfo), "the canary app /web-green was never created: creating it from /src/services/web.yaml")
}

func TestResumeFromStartingRollsBackWhenTheManifestChanged(t *testing.T) {
	h := newHarness(t)
	recordedButNeverCreated(t, h)
	d := h.driver(nil)
	d.BuildApp = func(context.Context, *Rollout) (*marathon.App, error) {
		return nil, fmt.Errorf("%w: its manifest /src/services/web.yaml changed since the deploy", ErrCannotRebuild)
	}
	r, err := d.Drive(context.Background(), "web")
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	assert.Equal(t, StepRolledBack, r.Step)
	assert.Equal(t, "the canary app /web-green was never created (the deploying process stopped first) and the canary app cannot be rebuilt: "+
		"its manifest /src/services/web.yaml changed since the deploy; run the deploy again: yodel deploy web --realm qa --release v2", r.Reason)
	assert.Empty(t, h.mar.calls, "nothing created")
}

func TestResumeFromStartingWithoutSourceSaysWhatToRun(t *testing.T) {
	h := newHarness(t)
	r := rollout(fastPlan(nil))
	r.Command = "yodel deploy web --realm qa"
	_, err := Begin(context.Background(), h.st, r)
	require.NoError(t, err)
	r, err = h.driver(nil).Drive(context.Background(), "web")
	require.Error(t, err)
	assert.Equal(t, StepRolledBack, r.Step)
	assert.Contains(t, r.Reason, "does not say how to build it; run the deploy again: yodel deploy web --realm qa")
}

func TestResumeFromStartingLeavesItWhenASecretIsMissingHere(t *testing.T) {
	h := newHarness(t)
	recordedButNeverCreated(t, h)
	d := h.driver(nil)
	missing := errors.New("secret DB_PASSWORD: environment variable DB_PASSWORD is not set")
	d.BuildApp = func(context.Context, *Rollout) (*marathon.App, error) { return nil, missing }
	r, err := d.Drive(context.Background(), "web")
	var left *LeftError
	require.ErrorAs(t, err, &left)
	require.ErrorIs(t, err, missing)
	assert.Equal(t, StepStarting, r.Step, "left where it was: no canary app, share 0")
	assert.True(t, r.Active())
	assert.Equal(t, "web", left.Rollout.Service, "the hint names it (pkg/cmdutil)")
}

func TestMarathonRejectingTheCanaryAppRollsBackWithTheError(t *testing.T) {
	h := newHarness(t)
	invalid := &marathon.InvalidError{Message: "Object is not valid", Details: []marathon.FieldErrors{{Path: "/cpus", Errors: []string{"got 0.0001, expected 0.001 or more"}}}}
	h.mar.putErr = invalid
	r, err := h.driver(canaryApp()).Start(context.Background(), rollout(fastPlan(nil)))
	var rb *RolledBackError
	require.ErrorAs(t, err, &rb)
	var ie *marathon.InvalidError
	require.ErrorAs(t, err, &ie, "the 422 stays reachable so deploy maps it to the manifest's lines")
	assert.Equal(t, StepRolledBack, r.Step)
	assert.Contains(t, r.Reason, "Marathon rejected the canary app: Object is not valid")
	assert.Zero(t, h.traf.samples)
}
