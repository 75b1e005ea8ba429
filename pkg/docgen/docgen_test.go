package docgen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The checked-in reference and man pages are what the commands generate
// now. When this fails after a change to a command's usage, flags or help,
// run `go run ./cmd/gendocs` and commit the pages.
func TestCheckedInDocsAreCurrent(t *testing.T) {
	tmp := t.TempDir()
	md, man := filepath.Join(tmp, "md"), filepath.Join(tmp, "man")
	if err := generate(Tree(), md, man); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join("..", "..")
	for _, pair := range [][2]string{{md, filepath.Join(repo, MarkdownDir)}, {man, filepath.Join(repo, ManDir)}} {
		want, got := readDir(t, pair[0]), readDir(t, pair[1])
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s is stale (-generated +checked in); run `go run ./cmd/gendocs`:\n%s", pair[1], d)
		}
	}
}

// The pages do not depend on who generates them: the environment that
// feeds defaults (YODEL_REALM, XDG paths, HOME) is not read.
func TestDocsIgnoreTheEnvironment(t *testing.T) {
	a := t.TempDir()
	if err := generate(Tree(), filepath.Join(a, "md"), filepath.Join(a, "man")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", "/nonexistent/home")
	t.Setenv("XDG_CONFIG_HOME", "/nonexistent/config")
	t.Setenv("YODEL_REALM", "prod")
	b := t.TempDir()
	if err := generate(Tree(), filepath.Join(b, "md"), filepath.Join(b, "man")); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(readDir(t, filepath.Join(a, "md")), readDir(t, filepath.Join(b, "md"))); d != "" {
		t.Errorf("pages depend on the environment:\n%s", d)
	}
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}
