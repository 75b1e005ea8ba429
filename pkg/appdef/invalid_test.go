package appdef_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/cmdutil"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/marathon"
)

const mapped = `service: web
cmd: ./serve
instances: 2
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
  - {name: admin, servicePort: 10081}
health:
  path: /healthz
env:
  GREETING: hello
secrets:
  DB_PASSWORD: env:DB_PASSWORD
labels:
  team: core
constraints:
  - [hostname, UNIQUE]
upgrade:
  minimumHealthCapacity: 0.5
realms:
  qa:
    resources: {mem: 64}
    env:
      GREETING: hi
`

func TestManifestField(t *testing.T) {
	m, err := manifest.Parse("services/web.yaml", []byte(mapped))
	require.NoError(t, err)
	cases := []struct{ path, realm, want string }{
		{"/healthChecks/0/path", "", "health.path"},
		{"/healthChecks/0/portIndex", "", "health.port"},
		{"/healthChecks/0", "", "health"},
		{"/upgradeStrategy/minimumHealthCapacity", "", "upgrade.minimumHealthCapacity"},
		{"/portDefinitions/1/name", "", "ports[1].name"},
		{"/portDefinitions/0/port", "", "ports[0].servicePort"},
		{"/portDefinitions/7/name", "", "ports"},
		{"/cpus", "", "resources.cpus"},
		{"/cpus", "qa", "resources.cpus"},
		{"/mem", "", "resources.mem"},
		{"/mem", "qa", "realms.qa.resources.mem"},
		{"/instances", "qa", "instances"},
		{"/env/GREETING", "", "env.GREETING"},
		{"/env/GREETING", "qa", "realms.qa.env.GREETING"},
		{"/env/DB_PASSWORD", "", "secrets.DB_PASSWORD"},
		{"/env/YODEL_RELEASE", "", ""},
		{"/labels/team", "", "labels.team"},
		{"/labels/YODEL_SERVICE", "", ""},
		{"/constraints/0", "", "constraints[0]"},
		{"/constraints(0)", "", "constraints[0]"},
		{"/container/docker/portMappings/1/containerPort", "", "ports[1].containerPort"},
		{"/container/docker/image", "", "image"},
		{"/id", "", "service"},
		{"/", "", ""},
		{"/backoffSeconds", "", ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, appdef.ManifestField(m, c.realm, c.path), "%s in realm %q", c.path, c.realm)
	}
}

func TestMapInvalid(t *testing.T) {
	m, err := manifest.Parse("services/web.yaml", []byte(mapped))
	require.NoError(t, err)
	ie := &marathon.InvalidError{Message: "Object is not valid", Details: []marathon.FieldErrors{
		{Path: "/healthChecks/0/path", Errors: []string{"must start with /"}},
		{Path: "/mem", Errors: []string{"got -1.0, expected 0.0 or more"}},
		{Path: "/backoffFactor", Errors: []string{"got 0.5, expected 1.0 or more"}},
	}}
	err = appdef.MapInvalid(errors.Join(ie), m, "qa")
	var ae *appdef.AppInvalidError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, cmdutil.ExitInvalid, cmdutil.ExitCode(err))
	assert.Equal(t, "Marathon rejected the app definition: Object is not valid\n"+
		"services/web.yaml:9:3: health.path: must start with /\n"+
		"services/web.yaml:22:17: realms.qa.resources.mem: got -1.0, expected 0.0 or more\n"+
		"services/web.yaml: Marathon /backoffFactor: got 0.5, expected 1.0 or more", err.Error())
	assert.Contains(t, cmdutil.Hint(err), "fix the fields")
	var back *marathon.InvalidError
	require.ErrorAs(t, err, &back, "the 422 stays reachable")
	assert.Equal(t, "health.path", back.Details[0].Field)

	other := errors.New("boom")
	assert.Same(t, other, appdef.MapInvalid(other, m, ""))
}
