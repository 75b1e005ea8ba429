package realm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// discovery.curator on a realm whose store is not ZooKeeper registers
// nothing (the lb agents register in the store's ensemble only): a
// warning naming the manifest's line, the realm file's state line and the
// fix; none on a zk:// realm, none without the key.
func TestManifestWarningsCuratorWithoutZooKeeper(t *testing.T) {
	const svc = "service: legacy\ncmd: ./legacy\nresources: {cpus: 1, mem: 64}\nports:\n  - {name: thrift, servicePort: 10095, protocol: tcp}\n"
	m, err := manifest.Parse("services/legacy.yaml", []byte(svc+"discovery:\n  curator: {name: Legacy}\n"))
	require.NoError(t, err)
	plain, err := manifest.Parse("services/legacy.yaml", []byte(svc))
	require.NoError(t, err)

	r, err := parse(t, "realm: qa\nmarathon:\n  urls: [http://m1:8080]\nstate: file:///tmp/qa\n")
	require.NoError(t, err)
	ws := r.ManifestWarnings(m)
	require.Len(t, ws, 1)
	assert.Equal(t, "services/legacy.yaml:7:3: discovery.curator: warning: realm qa's state store is file:// (realms/qa.yaml:4), so its lb agents register no Curator instances: Curator clients will not find legacy; give the realm a zk:// state store (for the sandbox: yodel sandbox up --store zookeeper), or remove discovery.curator", ws[0].Error())
	assert.Empty(t, r.ManifestWarnings(plain))

	zk, err := parse(t, "realm: qa\nmarathon:\n  urls: [http://m1:8080]\nstate: zk://z:2181/yodel\nstateAuth: {insecure: true}\n")
	require.NoError(t, err)
	assert.Empty(t, zk.ManifestWarnings(m))

	// A state URL from $YODEL_STATE is named as such.
	t.Setenv("YODEL_STATE", "file:///tmp/other")
	overridden, err := parse(t, "realm: qa\nmarathon:\n  urls: [http://m1:8080]\nstate: file:///tmp/qa\n")
	require.NoError(t, err)
	ws = overridden.ManifestWarnings(m)
	require.Len(t, ws, 1)
	assert.Contains(t, ws[0].Error(), "state store is file:// ($YODEL_STATE, overriding realms/qa.yaml), so")
}
