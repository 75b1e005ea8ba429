package appdef

import (
	"encoding/json"
	"fmt"

	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// LabelCurator carries a manifest's discovery.curator to the lb agents,
// which register the app's routed tasks for Curator clients
// (pkg/discovery). JSON, a CuratorSpec; absent when the manifest has no
// discovery.curator.
const LabelCurator = "YODEL_DISCOVERY_CURATOR"

// CuratorSpec is LabelCurator's value.
type CuratorSpec struct {
	Name string `json:"name"`
	// BasePath is empty when the manifest leaves it to the realm.
	BasePath string `json:"basePath,omitempty"`
	// PortIndex is the index of the registered port in the task's ports.
	PortIndex int               `json:"portIndex"`
	Payload   map[string]string `json:"payload,omitempty"`
	URISpec   string            `json:"uriSpec,omitempty"`
}

// curatorLabel is m's LabelCurator value, "" when m has no discovery.curator.
func curatorLabel(m *manifest.Manifest) string {
	if m.Discovery == nil || m.Discovery.Curator == nil {
		return ""
	}
	c := m.Discovery.Curator
	b, _ := json.Marshal(CuratorSpec{Name: m.CuratorName(), BasePath: c.BasePath, PortIndex: m.CuratorPortIndex(),
		Payload: c.Payload, URISpec: c.URISpec})
	return string(b)
}

// CuratorSpecOf reads an app's LabelCurator; ok is false when the app has
// none. A label that does not decode (set by hand) is an error.
func CuratorSpecOf(labels map[string]string) (spec CuratorSpec, ok bool, err error) {
	v, ok := labels[LabelCurator]
	if !ok {
		return CuratorSpec{}, false, nil
	}
	if err := json.Unmarshal([]byte(v), &spec); err != nil {
		return CuratorSpec{}, true, fmt.Errorf("label %s: %w", LabelCurator, err)
	}
	if spec.Name == "" || spec.PortIndex < 0 {
		return CuratorSpec{}, true, fmt.Errorf("label %s: needs a name and a port index >= 0", LabelCurator)
	}
	return spec, true, nil
}
