package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `go install github.com/yodeldeploy/yodel/cmd/yodel@latest` refuses a
// module whose go.mod has replace or exclude directives, and a module zip
// leaves out every directory with its own go.mod. scripts/check-go-install.sh
// does the real install; this keeps the cheap part in every test run.
// Patched upstream code lives in third_party/ as packages of this module
// (third_party/*/PATCHED.md), imported by their path here.
func TestInstallableWithGoInstallLatest(t *testing.T) {
	f, err := os.Open("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if w := strings.Fields(sc.Text()); len(w) > 0 && (w[0] == "replace" || w[0] == "exclude") {
			t.Errorf("go.mod:%d: %q blocks `go install ...@latest`: import a patched fork from third_party/ by its path in this module instead", n, sc.Text())
		}
	}
	err = filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.Name() == "go.mod" && p != filepath.Join("..", "..", "go.mod") {
			t.Errorf("%s: a nested module is left out of yodel's module zip", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
