package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/atomicfile"
	"github.com/yodeldeploy/yodel/third_party/yaml"
)

// RealmFile is the realm file the sandbox writes (issue-2 realm format; the
// haproxy section is the lb agent's).
type RealmFile struct {
	Realm     string          `yaml:"realm"`
	Marathon  RealmMarathon   `yaml:"marathon"`
	State     string          `yaml:"state"`
	StateAuth *RealmStateAuth `yaml:"stateAuth,omitempty"`
	HAProxy   RealmHAProxy    `yaml:"haproxy"`
	Limits    RealmLimits     `yaml:"limits"`
	Mesos     RealmMesos      `yaml:"mesos"`
}

// RealmMesos: the emulator serves the Mesos agent API of its one agent
// (task output, for `yodel logs`) on Marathon's own port.
type RealmMesos struct {
	AgentURL string `yaml:"agentURL"`
}

type RealmMarathon struct {
	URLs []string   `yaml:"urls"`
	Auth *RealmAuth `yaml:"auth,omitempty"`
}

// RealmAuth is the emulator's generated login: any local user can reach
// its loopback port, and every app posted to it runs sh -c as this user.
type RealmAuth struct {
	Basic RealmDigest `yaml:"basic"`
}

// RealmStateAuth is the digest identity of a ZooKeeper-backed sandbox: its
// ZooKeeper listens on loopback, where every local user can reach it.
type RealmStateAuth struct {
	Digest RealmDigest `yaml:"digest"`
}

// RealmDigest is a user and the file holding its password.
type RealmDigest struct {
	User         string `yaml:"user"`
	PasswordFile string `yaml:"passwordFile"`
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
	if err := atomicfile.WriteFile(path, append([]byte(head), b...), 0o644); err != nil {
		return fmt.Errorf("write realm file: %w", err)
	}
	return nil
}

// sandboxUser is the user name of the sandbox's generated credentials.
const sandboxUser = "yodel"

// secretFile returns the secret kept in path, creating it (0600, 32 random
// hex characters) on first use. A secret already there is kept: a
// restarted sandbox must still match the ACLs and logins made with it.
func secretFile(path string) (string, error) {
	if b, err := os.ReadFile(path); err == nil {
		if s := strings.TrimSpace(string(b)); s != "" {
			if err := os.Chmod(path, 0o600); err != nil {
				return "", err
			}
			return s, nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	s := hex.EncodeToString(raw[:])
	if err := atomicfile.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", err
	}
	return s, nil
}
