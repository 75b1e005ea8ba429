package realm

import (
	"fmt"
	"strings"

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

// curatorWarning warns about a manifest with discovery.curator deployed to
// a realm whose state store is not ZooKeeper: the lb agents register
// Curator instances in the state store's ensemble only, so on a file://
// store nothing is registered, and nothing else would say so. A warning,
// not an error: the service itself deploys and is routed as usual.
func (r *Realm) curatorWarning(m *manifest.Manifest) *manifest.Error {
	if m.Discovery == nil || m.Discovery.Curator == nil || strings.HasPrefix(r.State, "zk://") {
		return nil
	}
	at := r.stateAt
	if at == "" {
		at = r.File
	}
	scheme, _, _ := strings.Cut(r.State, ":")
	p := m.Doc().Pos("discovery.curator")
	return &manifest.Error{File: m.File, Line: p.Line, Col: p.Col, Field: "discovery.curator",
		Msg: fmt.Sprintf("warning: realm %s's state store is %s:// (%s), so its lb agents register no Curator instances: Curator clients will not find %s; give the realm a zk:// state store (for the sandbox: yodel sandbox up --store zookeeper), or remove discovery.curator", r.Realm, scheme, at, m.Service)}
}
