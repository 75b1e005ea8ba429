package manifest

import (
	"regexp"
	"sort"
	"strings"
)

// Discovery makes a service visible to clients outside HAProxy. Only
// Curator (Apache Curator's service discovery over ZooKeeper, used by
// legacy services) exists; see docs/manifest.md, "discovery".
type Discovery struct {
	Curator *Curator `yaml:"curator"`
}

// Curator says how the lb agents register the service's tasks for Curator
// clients: an ephemeral node <basePath>/<name>/<instance id> per healthy,
// routed task, holding Curator's ServiceInstance JSON.
type Curator struct {
	// Name is the Curator service name; default the service's name.
	Name string `yaml:"name"`
	// BasePath is the ZooKeeper path Curator clients were built with;
	// default the realm's (discovery.basePath, itself /discovery).
	BasePath string `yaml:"basePath"`
	// Port names the port whose host port is registered; default the
	// first port.
	Port string `yaml:"port"`
	// Payload is the instance's payload (a JSON object of strings); the
	// agents add "track" (stable or canary).
	Payload map[string]string `yaml:"payload"`
	// URISpec is Curator's uriSpec template, such as
	// "{scheme}://{address}:{port}"; none when empty.
	URISpec string `yaml:"uriSpec"`
}

// PayloadTrackKey is the payload key the agents set to the task's track.
const PayloadTrackKey = "track"

// curatorNameRe: a Curator service name is one ZooKeeper node name.
var curatorNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// CheckZKPath returns why p is not an absolute ZooKeeper path of plain
// node names ("" when it is).
func CheckZKPath(p string) string {
	if !strings.HasPrefix(p, "/") || p == "/" || strings.HasSuffix(p, "/") {
		return "must be an absolute ZooKeeper path such as /discovery (no trailing '/')"
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." || !curatorNameRe.MatchString(seg) || seg == "zookeeper" {
			return "each part must be a node name of A-Z, a-z, 0-9, '.', '_' or '-' (not ., .., or zookeeper), such as /discovery"
		}
	}
	return ""
}

// CuratorName is the Curator service name with the default applied.
func (m *Manifest) CuratorName() string {
	if m.Discovery == nil || m.Discovery.Curator == nil || m.Discovery.Curator.Name == "" {
		return m.Service
	}
	return m.Discovery.Curator.Name
}

// CuratorPortIndex is the index of the registered port, -1 when the
// manifest has no discovery.curator or the port is unknown.
func (m *Manifest) CuratorPortIndex() int {
	if m.Discovery == nil || m.Discovery.Curator == nil {
		return -1
	}
	if c := m.Discovery.Curator; c.Port != "" {
		return m.PortIndex(c.Port)
	}
	if len(m.Ports) == 0 {
		return -1
	}
	return 0
}

func (m *Manifest) validateDiscovery() {
	if m.Discovery == nil {
		return
	}
	d := m.Doc()
	c := m.Discovery.Curator
	if c == nil {
		if !d.Failed("discovery") {
			d.Errorf("discovery", "set curator: {port: <port name>} to register the tasks for Curator clients, or remove discovery")
		}
		return
	}
	if c.Name != "" && !curatorNameRe.MatchString(c.Name) {
		d.Errorf("discovery.curator.name", "%q is not a Curator service name: use 1-100 of A-Z, a-z, 0-9, '.', '_' or '-', starting with a letter or digit (default: the service's name)", c.Name)
	}
	if c.BasePath != "" {
		if why := CheckZKPath(c.BasePath); why != "" {
			d.Errorf("discovery.curator.basePath", "%q %s; leave it out to use the realm's", c.BasePath, why)
		}
	}
	switch {
	case len(m.Ports) == 0:
		d.Errorf("discovery.curator", "Curator clients need a port: add ports (the tasks must be routed by the lb agents to be registered)")
	case c.Port != "" && m.PortIndex(c.Port) < 0:
		d.Errorf("discovery.curator.port", "%s", m.unknownPort(c.Port))
	}
	keys := make([]string, 0, len(c.Payload))
	for k := range c.Payload {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case k == PayloadTrackKey:
			d.Errorf("discovery.curator.payload."+k, "is set by yodel to the task's track (stable or canary): rename the key")
		case k == "" || strings.HasPrefix(k, "@"):
			d.Errorf("discovery.curator.payload."+k, "keys must not be empty or start with '@' (Jackson's type property): rename the key")
		}
	}
	if strings.ContainsAny(c.URISpec, "\r\n") {
		d.Errorf("discovery.curator.uriSpec", "must be one line, such as {scheme}://{address}:{port}")
	} else if strings.Count(c.URISpec, "{") != strings.Count(c.URISpec, "}") {
		d.Errorf("discovery.curator.uriSpec", "unbalanced braces: variables are written {name}, such as {scheme}://{address}:{port}")
	}
}
