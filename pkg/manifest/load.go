package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/shellword"
	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// DefaultDir is where manifests live, relative to the working directory.
const DefaultDir = "services"

// Parse decodes and validates a manifest. file names it in messages. The
// error, when not nil, is Errors holding every problem found.
func Parse(file string, data []byte) (*Manifest, error) {
	m, err := parseAll(file, data)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// parseAll decodes and validates, returning what was decoded beside every
// problem; nil when nothing could be decoded (a syntax error, an empty file).
func parseAll(file string, data []byte) (*Manifest, error) {
	m := &Manifest{File: file, SHA: sha(data)}
	m.doc = strictyaml.Decode(file, data, m, "manifest")
	if !m.doc.Parsed() {
		return nil, m.doc.Err()
	}
	m.validate()
	return m, m.doc.Err()
}

// LoadAll is Load for checks that report every problem at once (validate
// with a realm): the manifest decoded so far comes back beside its errors,
// so the realm's limits can be checked on it too. It is nil only when
// nothing could be decoded. Never deploy a manifest returned with an error.
func LoadAll(path string) (*Manifest, error) {
	data, err := strictyaml.ReadFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return parseAll(path, data)
}

// Load reads and parses the manifest at path. Files over 256 KiB are refused
// before they are read.
func Load(path string) (*Manifest, error) {
	data, err := strictyaml.ReadFile(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return Parse(path, data)
}

func fileError(path string, err error) error {
	var se *strictyaml.Error
	if errors.As(err, &se) {
		return se
	}
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{File: path, Msg: "no such file"}
	}
	return &Error{File: path, Msg: err.Error()}
}

// Locate returns the manifest path for a service: file when given (-f),
// else services/<svc>.yaml (or .yml) under the working directory. A missing
// manifest is an input error (exit 2) that says how to create one.
func Locate(svc, file string) (string, error) {
	return locate(svc, file, "pass -f FILE")
}

// LocateArg is Locate for a command that takes manifest files as arguments
// (validate, render): its hint says so instead of offering -f.
func LocateArg(svc, command string) (string, error) {
	return locate(svc, "", "name its file: yodel "+command+" path/to/"+svc+".yaml")
}

func locate(svc, file, orFile string) (string, error) {
	if file != "" {
		if _, err := os.Stat(file); err != nil {
			return "", fileError(file, err)
		}
		return file, nil
	}
	if err := ValidServiceName(svc); err != nil {
		return "", err
	}
	for _, ext := range []string{".yaml", ".yml"} {
		p := filepath.Join(DefaultDir, svc+ext)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p := filepath.Join(DefaultDir, svc+".yaml")
	return "", &Error{File: p, Msg: fmt.Sprintf("no manifest for service %q: create one with `yodel init %s`, or %s", svc, svc, orFile)}
}

// LoadService is Locate then Load, checking that the manifest describes svc
// when both a name and a file were given.
func LoadService(svc, file string) (*Manifest, error) {
	path, err := Locate(svc, file)
	if err != nil {
		return nil, err
	}
	m, err := Load(path)
	if err != nil {
		return nil, err
	}
	if svc != "" && m.Service != svc {
		return nil, &Error{File: path, Line: m.Doc().Pos("service").Line, Col: m.Doc().Pos("service").Col, Field: "service",
			Msg: fmt.Sprintf("the file describes %q, not %q", m.Service, svc)}
	}
	return m, nil
}

// IsFileArg reports whether a command argument names a file rather than a
// service: it has a path separator or a YAML extension, or exists as a file.
func IsFileArg(arg string) bool {
	if strings.ContainsRune(arg, '/') || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && st.Mode().IsRegular()
}

// ListServices returns the manifests under services/, sorted.
func ListServices() ([]string, error) { return ListDir(DefaultDir) }

// ListDir returns the manifests (*.yaml, *.yml) in dir, sorted.
func ListDir(dir string) ([]string, error) {
	var out []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	return out, nil
}

// EmptyHint is how to start the empty manifest file: init writes a new
// file only (it never overwrites), hence removing it first; the service
// and --dir are the file's, so that init writes the same path.
func (m *Manifest) EmptyHint(file string) string {
	svc := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(file), ".yaml"), ".yml")
	if CheckName(svc, MaxServiceNameLen) != "" {
		svc = "<service>"
	}
	dir := ""
	if d := filepath.Dir(file); filepath.Clean(d) != DefaultDir {
		dir = " --dir " + shellword.Quote(d)
	}
	return fmt.Sprintf(": write one, or remove the file and run `yodel init %s%s --cmd '<command>'` (or --image <image>) for a template", svc, dir)
}
