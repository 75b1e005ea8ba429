package manifest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const withPorts = base + "ports:\n  - {name: http, servicePort: 10080}\n  - {name: thrift, servicePort: 10081, protocol: tcp}\n"

func TestDiscoveryCuratorDefaults(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(withPorts+"discovery:\n  curator:\n    port: thrift\n    payload: {team: core}\n"))
	require.NoError(t, err)
	assert.Equal(t, "x", m.CuratorName())
	assert.Equal(t, 1, m.CuratorPortIndex())
	assert.Equal(t, map[string]string{"team": "core"}, m.Discovery.Curator.Payload)

	m, err = Parse("services/x.yaml", []byte(withPorts+"discovery:\n  curator: {name: LegacyX}\n"))
	require.NoError(t, err)
	assert.Equal(t, "LegacyX", m.CuratorName())
	assert.Equal(t, 0, m.CuratorPortIndex(), "the first port by default")

	m, err = Parse("services/x.yaml", []byte(withPorts))
	require.NoError(t, err)
	assert.Equal(t, -1, m.CuratorPortIndex(), "no discovery key: nothing registered")
}

// TestDiscoveryBadInput: each message names the file, line, field and fix.
func TestDiscoveryBadInput(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown port", withPorts + "discovery:\n  curator:\n    port: thrfit\n",
			`services/x.yaml:11:5: discovery.curator.port: no port named "thrfit"; did you mean "thrift"?`},
		{"no ports", base + "discovery:\n  curator: {}\n",
			"services/x.yaml:7:3: discovery.curator: Curator clients need a port: add ports"},
		{"bad name", withPorts + "discovery:\n  curator: {name: a/b}\n",
			`services/x.yaml:10:13: discovery.curator.name: "a/b" is not a Curator service name`},
		{"relative basePath", withPorts + "discovery:\n  curator:\n    basePath: discovery\n",
			`services/x.yaml:11:5: discovery.curator.basePath: "discovery" must be an absolute ZooKeeper path such as /discovery (no trailing '/'); leave it out to use the realm's`},
		{"reserved payload key", withPorts + "discovery:\n  curator:\n    payload:\n      track: blue\n",
			"services/x.yaml:12:7: discovery.curator.payload.track: is set by yodel to the task's track (stable or canary): rename the key"},
		{"jackson type key", withPorts + "discovery:\n  curator:\n    payload: {\"@class\": x}\n",
			"discovery.curator.payload.@class: keys must not be empty or start with '@'"},
		{"misspelt key", withPorts + "discovery:\n  curator:\n    basepath: /d\n",
			`services/x.yaml:11:5: discovery.curator.basepath: unknown key; did you mean "basePath"?`},
		{"empty", withPorts + "discovery: {}\n",
			"services/x.yaml:9:1: discovery: set curator: {port: <port name>}"},
		{"uriSpec braces", withPorts + "discovery:\n  curator: {uriSpec: \"{scheme://x\"}\n",
			"discovery.curator.uriSpec: unbalanced braces"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Contains(t, parseErr(t, c.src), c.want)
		})
	}
}

func TestCheckZKPath(t *testing.T) {
	for p, ok := range map[string]bool{"/discovery": true, "/a/b.c": true, "/": false, "/a/": false, "a": false,
		"/a//b": false, "/a/../b": false, "/zookeeper": false, "/a b": false} {
		assert.Equal(t, ok, CheckZKPath(p) == "", p)
	}
}
