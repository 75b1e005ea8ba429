package sandbox

import (
	"fmt"
	"os"

	"github.com/goccy/go-yaml"
)

// RealmFile is the realm file the sandbox writes (issue-2 realm format; the
// haproxy section is the lb agent's).
type RealmFile struct {
	Realm    string        `yaml:"realm"`
	Marathon RealmMarathon `yaml:"marathon"`
	State    string        `yaml:"state"`
	HAProxy  RealmHAProxy  `yaml:"haproxy"`
	Limits   RealmLimits   `yaml:"limits"`
}

type RealmMarathon struct {
	URLs []string `yaml:"urls"`
}

type RealmHAProxy struct {
	BindAddress      string `yaml:"bindAddress"`
	ConfigPath       string `yaml:"configPath"`
	SocketPath       string `yaml:"socketPath"`
	MasterSocketPath string `yaml:"masterSocketPath"`
	AgentListen      string `yaml:"agentListen"`
}

// RealmLimits are generous: the sandbox is for trying things, and the scale
// tests run thousands of inproc tasks.
type RealmLimits struct {
	MaxCpus      float64 `yaml:"maxCpus"`
	MaxMem       int     `yaml:"maxMem"`
	MaxInstances int     `yaml:"maxInstances"`
}

func (r RealmFile) write(path string) error {
	b, err := yaml.Marshal(r)
	if err != nil {
		return err
	}
	head := "# Realm of the local yodel sandbox, written by `yodel sandbox up`.\n" +
		"# It is rewritten on every start (ports change): do not edit.\n"
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append([]byte(head), b...), 0o644); err != nil {
		return fmt.Errorf("write realm file: %w", err)
	}
	return os.Rename(tmp, path)
}
