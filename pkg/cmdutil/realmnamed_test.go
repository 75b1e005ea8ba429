package cmdutil

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/deploy"
	"github.com/yodeldeploy/yodel/pkg/realm"
)

// A hint names the realm as the user addressed it: a sandbox's realm file
// (its realm is named local, the default sandbox's), a realm found through
// --realms by its file (it needs no --realms then); a realm found by name
// in the usual places stays named, and another realm whose name starts the
// same is left alone.
func TestRealmsNamedFixesHints(t *testing.T) {
	dir := t.TempDir()
	var n RealmsNamed
	n.Note(&realm.Realm{Realm: "local", File: "/tmp/sb/realm.yaml", AddressedAs: "/tmp/sb/realm.yaml"})
	n.Note(&realm.Realm{Realm: "qa", File: filepath.Join(dir, "qa.yaml"), AddressedAs: filepath.Join(dir, "qa.yaml")})
	n.Note(&realm.Realm{Realm: "prod", File: "realms/prod.yaml", AddressedAs: "prod"})

	err := n.Fix(&deploy.NotDeployedError{Service: "web", App: "/web-blue", Realm: "local"})
	if got, want := Hint(err), "deploy it first: yodel deploy web --realm /tmp/sb/realm.yaml"; got != want {
		t.Errorf("Hint = %q, want %q", got, want)
	}
	var nd *deploy.NotDeployedError
	if !errors.As(err, &nd) || ExitCode(err) != ExitFailure {
		t.Errorf("the error and its exit code are kept: %v, %d", err, ExitCode(err))
	}
	for _, c := range []struct{ hint, want string }{
		{"see it: `yodel status web --realm qa`.", "see it: `yodel status web --realm " + filepath.Join(dir, "qa.yaml") + "`."},
		{"yodel status web --realm prod --watch", "yodel status web --realm prod --watch"},
		{"yodel status web --realm local2 (another realm)", "yodel status web --realm local2 (another realm)"},
		{"yodel status web --realm local-b or --realm local.", "yodel status web --realm local-b or --realm /tmp/sb/realm.yaml."},
		{"yodel rollback web --realm local  (cancels it)", "yodel rollback web --realm /tmp/sb/realm.yaml  (cancels it)"},
	} {
		if got := Hint(n.Fix(WithExit(ExitFailure, errors.New("x"), c.hint))); got != c.want {
			t.Errorf("Fix(%q) = %q, want %q", c.hint, got, c.want)
		}
	}
	var none *RealmsNamed
	if err := errors.New("x"); none.Fix(err) != err {
		t.Error("a nil RealmsNamed leaves errors as they are")
	}
}

// A hint built without the realm ("--realm <realm>": the domain error did
// not know it) gets the one realm the command loaded, as addressed; with
// none or two loaded it stays a placeholder.
func TestRealmsNamedFillsAnUnnamedRealm(t *testing.T) {
	hint := "start one with `yodel deploy web --realm <realm>`"
	var one RealmsNamed
	one.Note(&realm.Realm{Realm: "local", File: "/tmp/sb/realm.yaml", AddressedAs: "/tmp/sb/realm.yaml"})
	one.Note(&realm.Realm{Realm: "local", File: "/tmp/sb/realm.yaml", AddressedAs: "/tmp/sb/realm.yaml"}) // loaded twice: one realm
	if got, want := Hint(one.Fix(WithExit(ExitFailure, errors.New("x"), hint))), "start one with `yodel deploy web --realm /tmp/sb/realm.yaml`"; got != want {
		t.Errorf("one realm: %q, want %q", got, want)
	}
	var byName RealmsNamed
	byName.Note(&realm.Realm{Realm: "qa", File: "realms/qa.yaml", AddressedAs: "qa"})
	if got, want := Hint(byName.Fix(WithExit(ExitFailure, errors.New("x"), hint))), "start one with `yodel deploy web --realm qa`"; got != want {
		t.Errorf("a realm by name: %q, want %q", got, want)
	}
	var two RealmsNamed
	two.Note(&realm.Realm{Realm: "qa", File: "realms/qa.yaml", AddressedAs: "qa"})
	two.Note(&realm.Realm{Realm: "prod", File: "realms/prod.yaml", AddressedAs: "prod"})
	var none RealmsNamed
	for _, n := range []*RealmsNamed{&two, &none} {
		if got := Hint(n.Fix(WithExit(ExitFailure, errors.New("x"), hint))); got != hint {
			t.Errorf("%d realms: %q, want the placeholder kept", len(n.loaded), got)
		}
	}
}
