package realm

import (
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// Discovery is the realm's side of manifests' discovery key: where the lb
// agents register tasks for Curator clients (pkg/discovery). The nodes go
// to the state store's ZooKeeper servers, with its stateAuth.
type Discovery struct {
	Curator *CuratorDiscovery `yaml:"curator" json:"curator,omitempty"`
}

// CuratorDiscovery holds the default base path of Curator registrations.
type CuratorDiscovery struct {
	// BasePath is what the realm's Curator clients were built with
	// (ServiceDiscoveryBuilder.basePath); default /discovery.
	BasePath string `yaml:"basePath" json:"basePath,omitempty"`
}

// CuratorBasePath is the realm's Curator base path, "" for the default.
func (r *Realm) CuratorBasePath() string {
	if r.Discovery == nil || r.Discovery.Curator == nil {
		return ""
	}
	return r.Discovery.Curator.BasePath
}

func (r *Realm) validateDiscovery(doc *strictyaml.Doc) {
	if p := r.CuratorBasePath(); p != "" {
		if why := manifest.CheckZKPath(p); why != "" {
			doc.Errorf("discovery.curator.basePath", "%q %s", p, why)
		}
	}
}
