package cmdutil

import (
	"errors"
	"testing"

	"github.com/yodeldeploy/yodel/pkg/realm"
)

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
