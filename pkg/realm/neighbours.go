package realm

import (
	"path/filepath"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// A machine that deploys to several realms (a CI host for qa and prod)
// often holds every realm's credentials. A manifest deployed to qa must not
// read prod's either: its value would land in qa's app env, readable by
// qa's Marathon users. So the realm a command found also denies the
// credential variables and files of the other realms this machine knows:
// those in the realm search directories and beside the realm's own file.

// addNeighbours records the credentials of the realms in files other than
// r's own. A file that is not a readable realm adds nothing: it cannot be
// deployed to either.
func (r *Realm) addNeighbours(files []string) {
	own := manifest.RealPath(r.File)
	seen := map[string]bool{own: true}
	for _, f := range files {
		real := manifest.RealPath(f)
		if seen[real] {
			continue
		}
		seen[real] = true
		if p := credentialsOf(f); p != nil {
			r.neighbours = append(r.neighbours, p)
		}
	}
}

// credentialsOf reads the credential references of the realm file at path
// without validating the rest (a realm refused for another reason still
// names variables that hold its credentials); nil when there are none.
func credentialsOf(path string) *manifest.SecretPolicy {
	data, err := strictyaml.ReadFile(path)
	if err != nil {
		return nil
	}
	o := &Realm{File: path}
	if !strictyaml.Decode(path, data, o, "realm").Parsed() {
		return nil
	}
	env, files := o.CredentialEnv(), o.CredentialFiles()
	if len(env)+len(files) == 0 {
		return nil
	}
	name := o.Realm
	if name == "" {
		name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".yaml"), ".yml")
	}
	return &manifest.SecretPolicy{Realm: name, File: path, DenyEnv: env, DenyFiles: files}
}

// neighbourFiles are the realm files this finder knows besides the one at
// own: every realm it lists (entries, f.List()) and the YAML files beside
// own.
func (f *Finder) neighbourFiles(entries []Entry, own string) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.File)
	}
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, _ := filepath.Glob(filepath.Join(filepath.Dir(own), pat))
		out = append(out, m...)
	}
	return out
}
