package realm

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
	"github.com/yodeldeploy/yodel/pkg/xdg"
)

// LocalName is the realm of the default local sandbox.
const LocalName = "local"

// Finder looks realms up. The zero value is not useful; see NewFinder.
type Finder struct {
	// FlagDir is --realms; empty when not given.
	FlagDir string
	Getenv  func(string) string
	Home    string // the user's home directory; "" skips the ~ paths
}

func (f *Finder) xdg() xdg.Dirs { return xdg.Dirs{Getenv: f.Getenv, Home: f.Home} }

// NewFinder returns a Finder over the process environment.
func NewFinder(flagDir string, getenv func(string) string) *Finder {
	if getenv == nil {
		getenv = os.Getenv
	}
	return &Finder{FlagDir: flagDir, Getenv: getenv, Home: xdg.New(getenv).Home}
}

// SearchDir is one place realms are looked up, in order.
type SearchDir struct {
	Dir    string `json:"dir"`
	Source string `json:"source"` // --realms, $YODEL_REALMS, ./realms, ...
}

// Dirs returns the realm directories in lookup order.
func (f *Finder) Dirs() []SearchDir {
	var out []SearchDir
	if f.FlagDir != "" {
		out = append(out, SearchDir{f.FlagDir, "--realms"})
	}
	if env := f.Getenv("YODEL_REALMS"); env != "" {
		for _, d := range filepath.SplitList(env) {
			if d != "" {
				out = append(out, SearchDir{d, "$YODEL_REALMS"})
			}
		}
	}
	out = append(out, SearchDir{"realms", "./realms"})
	if d := f.xdg().Config("realms"); d != "" {
		src := "~/.config/yodel/realms"
		if f.Getenv("XDG_CONFIG_HOME") != "" {
			src = "$XDG_CONFIG_HOME/yodel/realms"
		}
		out = append(out, SearchDir{d, src})
	}
	out = append(out, SearchDir{"/etc/yodel/realms", "/etc/yodel/realms"})
	// --realms realms and ./realms are one directory: list it once.
	seen := map[string]bool{}
	uniq := out[:0]
	for _, sd := range out {
		abs, err := filepath.Abs(sd.Dir)
		if err != nil {
			abs = sd.Dir
		}
		if !seen[abs] {
			seen[abs] = true
			uniq = append(uniq, sd)
		}
	}
	return uniq
}

// SandboxRealmFile is where `yodel sandbox up` writes the local realm.
func (f *Finder) SandboxRealmFile() string {
	if d := f.Getenv("YODEL_SANDBOX_DIR"); d != "" {
		return filepath.Join(d, "realm.yaml")
	}
	return f.xdg().State("sandbox", "realm.yaml")
}

// Entry is one realm file found.
type Entry struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	Source string `json:"source"`
	// Shadowed is set when a realm of the same name earlier in the lookup
	// order wins.
	Shadowed bool `json:"shadowed,omitempty"`
}

// List returns every realm file found, in lookup order, and the sandbox's
// local realm when it exists.
func (f *Finder) List() []Entry {
	var out []Entry
	seen := map[string]bool{}
	for _, sd := range f.Dirs() {
		var files []string
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(sd.Dir, pat))
			files = append(files, m...)
		}
		sort.Strings(files)
		for _, file := range files {
			name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(file), ".yaml"), ".yml")
			out = append(out, Entry{Name: name, File: file, Source: sd.Source, Shadowed: seen[name]})
			seen[name] = true
		}
	}
	if p := f.SandboxRealmFile(); p != "" && !seen[LocalName] {
		if _, err := os.Stat(p); err == nil {
			out = append(out, Entry{Name: LocalName, File: p, Source: "sandbox"})
		}
	}
	return out
}

// IsPath reports whether a --realm value is a file path rather than a name.
func IsPath(nameOrPath string) bool {
	return strings.ContainsRune(nameOrPath, filepath.Separator) || strings.ContainsRune(nameOrPath, '/') ||
		strings.HasSuffix(nameOrPath, ".yaml") || strings.HasSuffix(nameOrPath, ".yml")
}

// Find loads the realm named nameOrPath, or the file it names. A realm that
// is not found is an input error (exit 2) listing the realms that were.
func (f *Finder) Find(nameOrPath string) (*Realm, error) {
	if nameOrPath == "" {
		return nil, &strictyaml.Error{Msg: "no realm given: pass --realm NAME (see `yodel realms`)"}
	}
	if IsPath(nameOrPath) {
		return f.load(nameOrPath, "", nameOrPath)
	}
	if why := manifest.CheckName(nameOrPath, 63); why != "" {
		return nil, &strictyaml.Error{Msg: "realm name " + why}
	}
	for _, sd := range f.Dirs() {
		for _, ext := range []string{".yaml", ".yml"} {
			p := filepath.Join(sd.Dir, nameOrPath+ext)
			if _, err := os.Stat(p); err == nil {
				as := nameOrPath
				if sd.Source == "--realms" {
					as = p // its name alone would need --realms again
				}
				return f.load(p, nameOrPath, as)
			}
		}
	}
	if nameOrPath == LocalName {
		p := f.SandboxRealmFile()
		if _, err := os.Stat(p); err == nil {
			return f.load(p, "", LocalName)
		}
		return nil, &NotFoundError{Name: nameOrPath, Msg: fmt.Sprintf("realm local: no local sandbox (%s does not exist)", p),
			hint: "run `yodel sandbox up` to start the local sandbox; one started with --dir DIR is --realm DIR/realm.yaml (or set YODEL_SANDBOX_DIR=DIR)"}
	}
	return nil, f.notFound(nameOrPath)
}

// load is Load, plus the credentials of the other realms f knows, which
// no manifest deployed to this one may read (neighbours.go), and how the
// realm was addressed (as, for Arg).
func (f *Finder) load(path, name, as string) (*Realm, error) {
	r, err := Load(path, name)
	if err != nil {
		return nil, err
	}
	r.AddressedAs = as
	entries := f.List()
	r.addNeighbours(f.neighbourFiles(entries, path))
	for _, e := range entries {
		r.known = append(r.known, e.Name)
	}
	return r, nil
}

// NotFoundError is a realm that does not exist; its message lists the
// realms that do, and where they were found.
type NotFoundError struct {
	Name string
	Msg  string
	hint string
}

func (e *NotFoundError) Error() string { return e.Msg }
func (e *NotFoundError) ExitCode() int { return strictyaml.ExitInvalid }
func (e *NotFoundError) Hint() string  { return e.hint }

func (f *Finder) notFound(name string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "realm %q not found", name)
	entries := f.List()
	var names []string
	if len(entries) == 0 {
		b.WriteString("; no realm files in:")
		for _, sd := range f.Dirs() {
			fmt.Fprintf(&b, "\n  %s (%s)", sd.Dir, sd.Source)
		}
	} else {
		b.WriteString("; realms found:")
		for _, e := range entries {
			if e.Shadowed {
				continue
			}
			names = append(names, e.Name)
			fmt.Fprintf(&b, "\n  %-12s %s (%s)", e.Name, e.File, e.Source)
		}
	}
	hint := "pass --realms DIR or set $YODEL_REALMS to the directory holding <name>.yaml"
	if s := strictyaml.DidYouMean(name, names); s != "" {
		hint = fmt.Sprintf("did you mean --realm %s?", s)
	}
	return &NotFoundError{Name: name, Msg: b.String(), hint: hint}
}

// IsNotFound reports whether err is a missing realm.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}
