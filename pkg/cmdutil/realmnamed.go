package cmdutil

import (
	"regexp"
	"strings"
	"sync"

	"github.com/yodeldeploy/yodel/pkg/realm"
)

// RealmsNamed remembers how the user addressed each realm a command
// loaded, so that every hint the command ends with addresses it the same
// way and runs as printed: a realm given as a file (a sandbox started with
// --dir, whose realm is named `local` like the default sandbox's) by that
// file, and one found through --realms by its file, which needs no
// --realms. Hints are built from names (a record's, the realm file's);
// Fix rewrites them once, in the root command. The zero value is ready.
type RealmsNamed struct {
	mu sync.Mutex
	m  map[string]string // the realm's name -> how to address it
	// loaded are the realms loaded, as addressed: a hint built without a
	// realm ("--realm <realm>") gets the one realm a command loaded.
	loaded map[string]bool
}

// Note records how r was addressed (realm.Realm.Arg: the rule lives
// there), when that is not by its name.
func (n *RealmsNamed) Note(r *realm.Realm) {
	asNamed := r.Arg()
	n.mu.Lock()
	defer n.mu.Unlock()
	if asNamed != "" {
		if n.loaded == nil {
			n.loaded = map[string]bool{}
		}
		n.loaded[asNamed] = true
	}
	if r.Realm == "" || asNamed == r.Realm {
		return
	}
	if n.m == nil {
		n.m = map[string]string{}
	}
	n.m[r.Realm] = asNamed
}

// Fix makes err's hint address every realm noted as the user did, and a
// realm left unnamed ("--realm <realm>") as the one realm the command
// loaded, if it loaded one.
func (n *RealmsNamed) Fix(err error) error {
	if n == nil || err == nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for name, asNamed := range n.m {
		err = RealmAsNamed(err, name, asNamed)
	}
	if len(n.loaded) == 1 {
		for only := range n.loaded {
			err = RealmAsNamed(err, "<realm>", only)
		}
	}
	return err
}

// realmFlagRe matches "--realm NAME" where NAME ends: at a space, quote,
// punctuation that closes a hint, a sentence's full stop, or the end.
func realmFlagRe(name string) *regexp.Regexp {
	return regexp.MustCompile(`--realm ` + regexp.QuoteMeta(name) + "((?:[\\s`'\",;:)]|\\.(?:\\s|$)|$))")
}

// ReplaceRealm rewrites every "--realm recorded" of s to "--realm asNamed"
// ("--realm local2" is another realm and stays).
func ReplaceRealm(s, recorded, asNamed string) string {
	if recorded == "" || asNamed == "" || recorded == asNamed || !strings.Contains(s, "--realm "+recorded) {
		return s
	}
	return realmFlagRe(recorded).ReplaceAllString(s, "--realm "+strings.ReplaceAll(asNamed, "$", "$$")+"${1}")
}
