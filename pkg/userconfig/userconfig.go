// Package userconfig reads the optional user configuration file,
// $XDG_CONFIG_HOME/yodel/config.yaml (~/.config/yodel/config.yaml), which
// holds defaults for global flags. It is decoded strictly, like manifests:
// an unknown key or a bad value is an error naming the file and line.
package userconfig

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/yodeldeploy/yodel/pkg/strictyaml"
	"github.com/yodeldeploy/yodel/pkg/xdg"
)

// EnvFile names another configuration file (empty string: none at all).
const EnvFile = "YODEL_CONFIG"

// Config is the file's schema. Every key is a default that the matching
// flag or environment variable overrides.
type Config struct {
	// Realm is the default --realm (also $YODEL_REALM).
	Realm string `yaml:"realm"`
	// Realms is the default --realms directory; relative to the file.
	Realms string `yaml:"realms"`
	// Output is the default -o of the commands that have it: text or json
	// (also $YODEL_OUTPUT).
	Output string `yaml:"output"`
	// Debug turns the request log on (also $YODEL_DEBUG, --debug).
	Debug bool `yaml:"debug"`
}

// Keys are the configuration keys, in the order `yodel help environment`
// lists them.
var Keys = []string{"realm", "realms", "output", "debug"}

// Path is the configuration file in use: $YODEL_CONFIG when set (even to
// "", which means none), else $XDG_CONFIG_HOME/yodel/config.yaml.
func Path(getenv func(string) string, lookupEnv func(string) (string, bool)) string {
	if v, ok := lookupEnv(EnvFile); ok {
		return v
	}
	return xdg.New(getenv).Config("config.yaml")
}

// Load reads path and returns the keys it sets. A missing file sets
// nothing; an explicitly named one ($YODEL_CONFIG) must exist.
func Load(path string, mustExist bool) (map[string]any, error) {
	if path == "" {
		return nil, nil
	}
	data, err := strictyaml.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !mustExist {
		return nil, nil
	}
	if err != nil {
		return nil, &strictyaml.Error{File: path, Msg: err.Error()}
	}
	var c Config
	doc := strictyaml.Decode(path, data, &c, "yodel configuration")
	if c.Output != "" && c.Output != "text" && c.Output != "json" {
		doc.Errorf("output", "must be text or json, not %q", c.Output)
	}
	if err := doc.Err(); err != nil {
		return nil, err
	}
	out := map[string]any{}
	if doc.Has("realm") {
		out["realm"] = c.Realm
	}
	if doc.Has("realms") {
		dir := c.Realms
		if dir != "" && !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(path), dir)
		}
		out["realms"] = dir
	}
	if doc.Has("output") {
		out["output"] = c.Output
	}
	if doc.Has("debug") {
		out["debug"] = c.Debug
	}
	return out, nil
}
