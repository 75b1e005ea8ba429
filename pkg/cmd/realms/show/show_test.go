package show

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

const qa = `realm: qa
marathon:
  urls: [http://m1:8080]
  auth:
    basic: {user: u, passwordEnv: QA_MARATHON_PW}
state: zk://z:2181/yodel
stateAuth: {insecure: true}
`

func run(t *testing.T, name string, json bool) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	o := &Options{IO: ios, Realm: name, Finder: &realm.Finder{Getenv: func(string) string { return "" }}}
	if json {
		o.Output = cmdutil.OutputJSON
	}
	err := Run(o)
	return out.String(), err
}

// The effective realm: the file's values, the environment's overrides
// applied and named, the password variable named but never read.
func TestShowEffectiveRealm(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.MkdirAll("realms", 0o755))
	require.NoError(t, os.WriteFile("realms/qa.yaml", []byte(qa), 0o644))
	t.Setenv("QA_MARATHON_PW", "hunter2")
	t.Setenv("YODEL_STATE", "zk://zk-9:2181/other")

	out, err := run(t, "qa", false)
	require.NoError(t, err)
	assert.Contains(t, out, "# overridden by the environment: YODEL_STATE\n")
	assert.Contains(t, out, "state: zk://zk-9:2181/other\n")
	assert.Contains(t, out, "passwordEnv: QA_MARATHON_PW\n")
	assert.Contains(t, out, "resyncInterval: 30s\n", "durations as written, not nanoseconds")
	assert.NotContains(t, out, "hunter2")

	out, err = run(t, "qa", true)
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "zk://zk-9:2181/other", got["state"])
	assert.Equal(t, []any{"YODEL_STATE"}, got["overrides"])
	assert.NotContains(t, out, "hunter2")

	_, err = run(t, "nosuch", false)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Contains(t, err.Error(), "realms found:\n  qa")
}

func TestRedactedHidesURLPasswords(t *testing.T) {
	r := &realm.Realm{State: "zk://u:pw@z:2181/y"}
	r.Marathon.URLs = []string{"http://a:pw@m:8080", "http://m2:8080"}
	c := Redacted(r)
	assert.Equal(t, []string{"http://a:***@m:8080", "http://m2:8080"}, c.Marathon.URLs)
	assert.Equal(t, "zk://u:***@z:2181/y", c.State)
	assert.Equal(t, "http://a:pw@m:8080", r.Marathon.URLs[0], "the realm itself is left as it was")
}
