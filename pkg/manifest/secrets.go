package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// SecretSource resolves `env:VAR` and `file:PATH` references on the
// deploying machine. Tests build one with a fake LookupEnv.
type SecretSource struct {
	LookupEnv func(string) (string, bool)
	ReadFile  func(string) ([]byte, error)
	// BaseDir anchors relative file: paths (the manifest's directory).
	BaseDir string
	// Policy, when set, is what a manifest may read: the realm's own
	// credentials never, files only below BaseDir or in the realm's
	// allow-list. Nil (the realm's own credentials) reads anything.
	Policy *SecretPolicy
}

// SecretPolicy says which references a manifest's secrets may resolve. A
// manifest is written by a service's authors; what it resolves is sent to
// Marathon, where every Marathon user reads app definitions. Without a
// policy, `secrets: {X: env:MARATHON_PASSWORD}` or `file:../../.ssh/id_rsa`
// would hand the deployer's credentials to all of them.
type SecretPolicy struct {
	// Realm and File name the realm in messages.
	Realm, File string
	// DenyEnv are environment variables no manifest may read, each with
	// the realm field that names it ("marathon.auth.basic.passwordEnv").
	// Every YODEL_* variable is refused as well.
	DenyEnv map[string]string
	// DenyFiles are files no manifest may read (absolute, symlinks
	// resolved), each with the realm field that names it.
	DenyFiles map[string]string
	// AllowDirs and AllowFiles extend where file: secrets may live beyond
	// the manifest's directory (absolute, symlinks resolved).
	AllowDirs, AllowFiles []string
	// AllowEnv, when not empty, are the only variables env: references
	// and isolated.passEnv may name: NAME, or PREFIX* (realm
	// secrets.allowEnv).
	AllowEnv []string
	// Others are the credentials of other realms known on this machine
	// (Realm, File, DenyEnv and DenyFiles of each): a host that deploys to
	// qa and prod holds both, and a manifest deployed to qa must not put
	// prod's into an app qa's Marathon users read.
	Others []*SecretPolicy
}

// ErrSecretRefused marks a reference the realm's policy refuses: not a
// missing secret on this machine, but a manifest asking for what it may not
// have. Commands report it instead of falling back to references.
var ErrSecretRefused = errors.New("secret refused")

// refusedError is a policy refusal; errors.Is(err, ErrSecretRefused).
type refusedError struct{ msg string }

func (e *refusedError) Error() string        { return e.msg }
func (e *refusedError) Is(target error) bool { return target == ErrSecretRefused }

// reservedEnv is yodel's own namespace: YODEL_LB_TOKEN and whatever
// credential yodel reads next. No manifest secret may come from it.
const reservedEnv = "YODEL_"

// CheckEnv returns why the policy refuses env:name, or "".
func (p *SecretPolicy) CheckEnv(name string) string {
	if p == nil {
		return ""
	}
	if field, ok := p.DenyEnv[name]; ok {
		return fmt.Sprintf("$%s holds realm %s's credential (%s in %s): a manifest may not read the realm's credentials; give the service a variable of its own", name, p.Realm, field, p.File)
	}
	for _, o := range p.Others {
		if field, ok := o.DenyEnv[name]; ok {
			return fmt.Sprintf("$%s holds realm %s's credential (%s in %s): a manifest deployed to realm %s may not read any realm's credentials; give the service a variable of its own", name, o.Realm, field, o.File, p.Realm)
		}
	}
	if strings.HasPrefix(name, reservedEnv) {
		return fmt.Sprintf("$%s is in yodel's own namespace (%s*, which holds yodel's credentials and settings): give the service a variable of its own", name, reservedEnv)
	}
	if len(p.AllowEnv) > 0 && !envAllowed(p.AllowEnv, name) {
		return fmt.Sprintf("$%s is not in realm %s's secrets.allowEnv [%s] (%s): use a variable it allows, or add this one there", name, p.Realm, strings.Join(p.AllowEnv, ", "), p.File)
	}
	return ""
}

// envAllowed reports whether name is one of allow, or starts with the
// prefix of an entry ending in *.
func envAllowed(allow []string, name string) bool {
	for _, a := range allow {
		if prefix, ok := strings.CutSuffix(a, "*"); ok && strings.HasPrefix(name, prefix) || a == name {
			return true
		}
	}
	return false
}

// CheckFile returns why the policy refuses file:rel, or "": judged on the
// path as written, then, as Resolve judges it, with symlinks resolved (a
// link below the manifest's directory may point at a credential file).
// It reads nothing; a file that does not exist yet is judged on its path.
func (p *SecretPolicy) CheckFile(baseDir, rel string) string {
	if p == nil {
		return ""
	}
	abs, err := filepath.Abs(joinBase(baseDir, rel))
	if err != nil {
		return ""
	}
	base, err := filepath.Abs(baseDir)
	if err != nil {
		return ""
	}
	if why := p.checkFile(base, abs, rel); why != "" {
		return why
	}
	return p.checkFile(RealPath(baseDir), RealPath(abs), rel)
}

func (p *SecretPolicy) checkFile(base, abs, rel string) string {
	// By path, then by file: a hard link to a credential file is that
	// file under another name.
	st, _ := os.Stat(abs)
	denied := func(files map[string]string) (string, bool) {
		if field, ok := files[abs]; ok {
			return field, true
		}
		if st == nil {
			return "", false
		}
		for f, field := range files {
			if dst, err := os.Stat(f); err == nil && os.SameFile(st, dst) {
				return field, true
			}
		}
		return "", false
	}
	if field, ok := denied(p.DenyFiles); ok {
		return fmt.Sprintf("%s is realm %s's credential file (%s in %s): a manifest may not read the realm's credentials", rel, p.Realm, field, p.File)
	}
	for _, o := range p.Others {
		if field, ok := denied(o.DenyFiles); ok {
			return fmt.Sprintf("%s is realm %s's credential file (%s in %s): a manifest deployed to realm %s may not read any realm's credentials", rel, o.Realm, field, o.File, p.Realm)
		}
	}
	if within(base, abs) || containsPath(p.AllowFiles, abs) {
		return ""
	}
	for _, d := range p.AllowDirs {
		if within(d, abs) {
			return ""
		}
	}
	return fmt.Sprintf("%s is outside the manifest's directory %s: keep secret files there, or list the file or its directory in realm %s's secrets.allowFiles or secrets.allowDirs (%s)", rel, base, p.Realm, p.File)
}

// within reports whether path is dir or below it (both absolute, clean).
func within(dir, path string) bool {
	r, err := filepath.Rel(dir, path)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

func containsPath(list []string, p string) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

func joinBase(baseDir, p string) string {
	if !filepath.IsAbs(p) && baseDir != "" {
		return filepath.Join(baseDir, p)
	}
	return p
}

// RealPath is p made absolute with every symlink resolved; a path that does
// not exist is returned absolute and clean.
func RealPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// OSSecrets reads the real environment and file system.
func OSSecrets(baseDir string) SecretSource {
	return SecretSource{LookupEnv: os.LookupEnv, ReadFile: os.ReadFile, BaseDir: baseDir}
}

// maxSecretFile bounds a file: secret; a secret is a password, a key or a
// certificate, never megabytes.
const maxSecretFile = 256 << 10

// Resolve returns the value of the reference ref for the secret named name.
// Errors name the variable or file, never a value.
func (s SecretSource) Resolve(name, ref string) (string, error) {
	kind, rest, _ := strings.Cut(ref, ":")
	switch kind {
	case "env":
		if why := s.Policy.CheckEnv(rest); why != "" {
			return "", &refusedError{fmt.Sprintf("secret %s: env:%s refused: %s", name, rest, why)}
		}
		if s.LookupEnv == nil {
			return "", fmt.Errorf("secret %s: no environment to read %s from", name, rest)
		}
		v, ok := s.LookupEnv(rest)
		if !ok {
			return "", fmt.Errorf("secret %s: environment variable %s is not set on this machine: export it before deploying", name, rest)
		}
		if v == "" {
			return "", fmt.Errorf("secret %s: environment variable %s is empty: export it with the secret before deploying", name, rest)
		}
		return v, nil
	case "file":
		p := joinBase(s.BaseDir, rest)
		if s.Policy != nil {
			// Judge the file itself, not the way it was named: a symlink
			// below the manifest's directory may point anywhere. What is
			// read is the resolved path, so the link cannot be swapped
			// between the check and the read.
			real := RealPath(p)
			if why := s.Policy.checkFile(RealPath(s.BaseDir), real, rest); why != "" {
				return "", &refusedError{fmt.Sprintf("secret %s: file:%s refused: %s", name, rest, why)}
			}
			p = real
		}
		read := s.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		if st, err := os.Stat(p); err == nil && st.Size() > maxSecretFile {
			return "", fmt.Errorf("secret %s: file %s is larger than %d bytes", name, p, maxSecretFile)
		}
		b, err := read(p)
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("secret %s: file %s does not exist on this machine", name, p)
		}
		if err != nil {
			return "", fmt.Errorf("secret %s: reading file %s: %w", name, p, err)
		}
		// Editors add a final newline; a password never ends with one.
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", fmt.Errorf("secret %s: not a reference (env:VAR or file:PATH)", name)
}

// SecretMask is what render prints instead of a secret's value.
func SecretMask(ref string) string { return "<secret:" + ref + ">" }

// CheckSecrets checks the manifest's secret references, as overridden for
// realm, against the realm's policy without reading anything: a refused
// reference is an input error (exit 2) at the line that wrote it. Resolve
// checks again at deploy time, on the path it then reads.
func (m *Manifest) CheckSecrets(realm string, p *SecretPolicy) error {
	if p == nil {
		return nil
	}
	eff := m.ForRealm(realm)
	doc := strictyaml.NewDoc(m.File)
	for _, k := range sortedKeys(eff.Secrets) {
		kind, rest, _ := strings.Cut(eff.Secrets[k], ":")
		why := ""
		switch kind {
		case "env":
			why = p.CheckEnv(rest)
		case "file":
			why = p.CheckFile(m.Dir(), rest)
		}
		if why != "" {
			path := m.fieldFor(realm, "secrets."+k)
			doc.SetPos(path, m.Doc().Pos(path))
			doc.Errorf(path, "%s:%s refused: %s", kind, rest, why)
		}
	}
	if m.Canary != nil && m.Canary.Isolated != nil {
		// The command runs on the deploying machine, but what it can
		// read it can send anywhere.
		for i, k := range m.Canary.Isolated.PassEnv {
			if why := p.CheckEnv(k); why != "" {
				path := indexPath("canary.isolated.passEnv", i)
				doc.SetPos(path, m.Doc().Pos(path))
				doc.Errorf(path, "%s refused: %s", k, why)
			}
		}
	}
	return doc.Err()
}
