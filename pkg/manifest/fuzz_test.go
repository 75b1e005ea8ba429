package manifest_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/manifest"
)

// FuzzParse: the parser must never panic, must fail only with Errors (exit
// 2), and whatever it accepts must build into an app definition.
// Seeds: testdata/fuzz/FuzzParse plus the example manifests.
//
//	go test ./pkg/manifest -run '^$' -fuzz FuzzParse -fuzztime 30s
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"../../examples/*.yaml", "../../examples/*/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := manifest.Parse("f.yaml", data)
		if err != nil {
			var es manifest.Errors
			var e *manifest.Error
			if !errors.As(err, &es) && !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if manifest.CheckName(m.Service, manifest.MaxServiceNameLen) != "" {
			t.Fatalf("accepted invalid service name %q", m.Service)
		}
		_ = m.CheckRealm("qa", manifest.Limits{})
		_ = manifest.ResolveCanary(m.Canary)
		for realm := range m.Realms {
			app, err := appdef.Build(m, appdef.Options{AppID: "/x-blue", Release: "r1", Realm: realm})
			if err != nil {
				t.Fatalf("valid manifest did not build for realm %s: %v", realm, err)
			}
			if _, err := json.Marshal(app); err != nil {
				t.Fatal(err)
			}
		}
		app, err := appdef.Build(m, appdef.Options{AppID: "/x-blue", Release: "r1"})
		if err != nil {
			t.Fatalf("valid manifest did not build: %v", err)
		}
		if _, err := json.Marshal(app); err != nil {
			t.Fatal(err)
		}
	})
}
