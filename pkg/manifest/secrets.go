package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SecretSource resolves `env:VAR` and `file:PATH` references on the
// deploying machine. Tests build one with a fake LookupEnv.
type SecretSource struct {
	LookupEnv func(string) (string, bool)
	ReadFile  func(string) ([]byte, error)
	// BaseDir anchors relative file: paths (the manifest's directory).
	BaseDir string
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
		p := rest
		if !filepath.IsAbs(p) && s.BaseDir != "" {
			p = filepath.Join(s.BaseDir, p)
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
