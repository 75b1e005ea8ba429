package diff

import (
	"testing"

	gm "github.com/gambol99/go-marathon"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/marathon"
)

func app(mod func(a *gm.Application)) *marathon.App {
	n, cmd, path := 2, "serve", "/health"
	a := gm.Application{ID: "/web-blue", Cmd: &cmd, Instances: &n, CPUs: 0.1,
		Env:          &map[string]string{"A": "1", "PW": "secret-1"},
		Labels:       &map[string]string{"YODEL_RELEASE": "v1"},
		HealthChecks: &[]gm.HealthCheck{{Protocol: "HTTP", Path: &path}},
	}
	if mod != nil {
		mod(&a)
	}
	return &marathon.App{Application: a}
}

var opts = Options{Secret: func(p string) bool { return p == "env.PW" }}

func TestNoChangeDespiteMarathonDefaults(t *testing.T) {
	live := app(func(a *gm.Application) {
		disk, ms := 0.0, 1.0
		a.Disk = &disk
		a.UpgradeStrategy = &gm.UpgradeStrategy{MinimumHealthCapacity: &ms, MaximumOverCapacity: &ms}
		a.Version = "2025-01-01T00:00:00Z" // status fields are not compared
		a.TasksRunning = 2
		(*a.HealthChecks)[0].IntervalSeconds = 60 // a default inside an object
	})
	res, err := Apps(app(nil), live, opts)
	require.NoError(t, err)
	assert.True(t, res.Empty(), "%+v", res.Changes)
}

func TestChanges(t *testing.T) {
	desired := app(func(a *gm.Application) {
		n := 3
		a.Instances = &n
		(*a.Env)["PW"] = "secret-2"
		delete(*a.Env, "A")
		(*a.Labels)["NEW"] = "x"
	})
	res, err := Apps(desired, app(nil), opts)
	require.NoError(t, err)
	assert.Equal(t, []Change{
		{Path: "env.A", Kind: Removed, Old: "1"},
		{Path: "env.PW", Kind: Changed, Old: Mask, New: Mask, Secret: true},
		{Path: "instances", Kind: Changed, Old: 2.0, New: 3.0},
		{Path: "labels.NEW", Kind: Added, New: "x"},
	}, res.Changes)
}

func TestCreateMasksSecrets(t *testing.T) {
	res, err := Apps(app(nil), nil, opts)
	require.NoError(t, err)
	assert.True(t, res.Create)
	var pw *Change
	for i, c := range res.Changes {
		assert.NotEqual(t, "secret-1", c.New)
		if c.Path == "env.PW" {
			pw = &res.Changes[i]
		}
	}
	require.NotNil(t, pw)
	assert.Equal(t, Mask, pw.New)
}

func TestIgnore(t *testing.T) {
	desired := app(func(a *gm.Application) { (*a.Labels)["YODEL_DEPLOYED_BY"] = "bob@h" })
	res, err := Apps(desired, app(nil), Options{Ignore: func(p string) bool { return p == "labels.YODEL_DEPLOYED_BY" }})
	require.NoError(t, err)
	assert.True(t, res.Empty())
}

// TestLiveSecretMasksOnlyTheOldSide: an app that does not say which keys
// were secrets has its old env values masked; the new, plain value shows.
func TestLiveSecretMasksOnlyTheOldSide(t *testing.T) {
	desired := app(func(a *gm.Application) { a.Env = &map[string]string{"A": "1", "PW": "now-plain"} })
	o := Options{LiveSecret: func(p string) bool { return p == "env.PW" }}
	res, err := Apps(desired, app(nil), o)
	require.NoError(t, err)
	require.Len(t, res.Changes, 1)
	c := res.Changes[0]
	assert.Equal(t, Change{Path: "env.PW", Kind: Changed, Old: Mask, New: "now-plain", Secret: true}, c)

	// Dropped: the removal shows, its value does not.
	desired = app(func(a *gm.Application) { a.Env = &map[string]string{"A": "1"} })
	res, err = Apps(desired, app(nil), o)
	require.NoError(t, err)
	assert.Equal(t, []Change{{Path: "env.PW", Kind: Removed, Old: Mask, Secret: true}}, res.Changes)
}
