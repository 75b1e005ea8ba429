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
//
// One replace is allowed, with its nested module: haproxytech's
// config-parser patched for memory (issue 21, third_party/
// haproxytech-config-parser/PATCHED.md). client-native imports it by its
// upstream path, so only a replace can swap it in, and without the patch
// parsing a 1000-service haproxy.cfg holds 34 MB instead of 3.4 MB (most of
// the lb agent's peak RSS). Until
// upstream takes the patch, `go install ...@latest` is blocked (README,
// "Install"); a clone builds. Nothing else may block it.
const (
	allowedReplace = "replace github.com/haproxytech/config-parser/v5 => ./third_party/haproxytech-config-parser"
	allowedNested  = "third_party/haproxytech-config-parser/go.mod"
)

func TestInstallableWithGoInstallLatest(t *testing.T) {
	f, err := os.Open("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == allowedReplace {
			continue
		}
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
		if d.Name() == "go.mod" && p != filepath.Join("..", "..", "go.mod") && p != filepath.Join("..", "..", allowedNested) {
			t.Errorf("%s: a nested module is left out of yodel's module zip", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
