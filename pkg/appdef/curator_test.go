package appdef

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCuratorLabel(t *testing.T) {
	m := parse(t, `service: hello
cmd: ./hello
resources: {cpus: 0.1, mem: 32}
ports:
  - {name: http, servicePort: 10080}
  - {name: thrift, servicePort: 10081, protocol: tcp}
discovery:
  curator: {port: thrift, payload: {team: core}}
`)
	app, err := Build(m, Options{Release: "r1", AppID: "/hello-blue"})
	require.NoError(t, err)
	spec, ok, err := CuratorSpecOf(*app.Labels)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, CuratorSpec{Name: "hello", PortIndex: 1, Payload: map[string]string{"team": "core"}}, spec)

	m = parse(t, "service: hello\ncmd: ./hello\nresources: {cpus: 0.1, mem: 32}\nports:\n  - {name: http, servicePort: 10080}\n")
	app, err = Build(m, Options{Release: "r1", AppID: "/hello-blue"})
	require.NoError(t, err)
	_, ok, err = CuratorSpecOf(*app.Labels)
	assert.False(t, ok, "no discovery key, no label")
	assert.NoError(t, err)

	_, ok, err = CuratorSpecOf(map[string]string{LabelCurator: "{"})
	assert.True(t, ok)
	assert.ErrorContains(t, err, "label YODEL_DISCOVERY_CURATOR")
}
