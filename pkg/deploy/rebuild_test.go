package deploy_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

const rebuildManifest = `service: web
cmd: sleep 600
instances: 3
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
secrets:
  DB_PASSWORD: env:WEB_DB_PASSWORD
`

func recorded(t *testing.T, text string) (*canary.Rollout, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "web.yaml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	sum := sha256.Sum256([]byte(text))
	r := &canary.Rollout{Service: "web", Canary: canary.Track{App: "/web-green", Release: "v2", Instances: 1},
		Source: &canary.Source{Manifest: path, SHA: hex.EncodeToString(sum[:]), Labels: map[string]string{"YODEL_DEPLOYED_BY": "ann"}}}
	return r, path
}

func testRealm(t *testing.T) *realm.Realm {
	rl, err := realm.Parse("realm.yaml", []byte("realm: qa\nmarathon:\n  urls: [http://127.0.0.1:1]\nstate: file:///tmp/none\n"), "")
	require.NoError(t, err)
	return rl
}

func TestRebuildAppFromTheRecordedManifest(t *testing.T) {
	r, _ := recorded(t, rebuildManifest)
	env := func(k string) (string, bool) {
		return map[string]string{"WEB_DB_PASSWORD": "pw"}[k], k == "WEB_DB_PASSWORD"
	}
	app, err := deploy.RebuildApp(testRealm(t), env)(context.Background(), r)
	require.NoError(t, err)
	assert.Equal(t, "/web-green", app.ID)
	assert.Equal(t, 1, *app.Instances, "the canary's instances, not the manifest's")
	assert.Equal(t, "v2", app.Label("YODEL_RELEASE"))
	assert.Equal(t, "ann", app.Label("YODEL_DEPLOYED_BY"))
	assert.Equal(t, "pw", (*app.Env)["DB_PASSWORD"], "secret resolved again here")
}

func TestRebuildAppRefusesAChangedOrMissingManifest(t *testing.T) {
	r, path := recorded(t, rebuildManifest)
	require.NoError(t, os.WriteFile(path, []byte(rebuildManifest+"# edited\n"), 0o644))
	_, err := deploy.RebuildApp(testRealm(t), nil)(context.Background(), r)
	require.ErrorIs(t, err, canary.ErrCannotRebuild)
	assert.Contains(t, err.Error(), path+" changed since the deploy")

	require.NoError(t, os.Remove(path))
	_, err = deploy.RebuildApp(testRealm(t), nil)(context.Background(), r)
	require.ErrorIs(t, err, canary.ErrCannotRebuild)
	assert.Contains(t, err.Error(), "cannot be read on this machine")
}

func TestRebuildAppMissingSecretLeavesTheRollout(t *testing.T) {
	r, _ := recorded(t, rebuildManifest)
	_, err := deploy.RebuildApp(testRealm(t), func(string) (string, bool) { return "", false })(context.Background(), r)
	require.Error(t, err)
	assert.NotErrorIs(t, err, canary.ErrCannotRebuild, "fixable here: not a rollback")
	assert.Contains(t, err.Error(), "WEB_DB_PASSWORD")
	assert.Contains(t, cmdutil.Hint(err), "yodel canary resume web --realm qa")
}
