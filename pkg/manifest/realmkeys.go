package manifest

import (
	"fmt"
	"slices"

	"github.com/yodeldeploy/yodel/pkg/strictyaml"
)

// OverrideWarnings returns a warning for each realms.<key> override whose
// key looks like a misspelt realm name: overrides apply to a realm under
// its exact name only, so `locl:` for local dropped them without a word.
// realm is the realm the manifest is checked against ("" for none); known
// are the realm names this machine has files for (none is fine). A key
// naming either is never warned about, nor one close to no name: a
// manifest may carry overrides for realms this machine does not know.
// Warnings, not errors: the exit code stays the check's.
func (m *Manifest) OverrideWarnings(realm string, known []string) Errors {
	if len(m.Realms) == 0 {
		return nil
	}
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	if realm != "" {
		isKnown[realm] = true
	}
	// A realm the manifest has its own overrides for is no one's typo.
	var candidates []string
	for k := range isKnown {
		if _, has := m.Realms[k]; !has {
			candidates = append(candidates, k)
		}
	}
	slices.Sort(candidates)
	var out Errors
	for _, k := range sortedKeys(m.Realms) {
		if isKnown[k] || CheckName(k, 63) != "" {
			continue // a bad name is validation's error already
		}
		guess := ""
		if slices.Contains(candidates, realm) {
			guess = strictyaml.DidYouMean(k, []string{realm})
		}
		var msg string
		if guess != "" {
			msg = fmt.Sprintf("warning: did you mean %s? These overrides are for a realm named %s; realm %s, checked here, gets none of them", guess, k, realm)
		} else if guess = strictyaml.DidYouMean(k, candidates); guess != "" {
			msg = fmt.Sprintf("warning: no realm %s is known here; did you mean %s? These overrides apply only to a realm named %s", k, guess, k)
		} else {
			continue
		}
		path := "realms." + k
		p := m.Doc().Pos(path)
		out = append(out, &Error{File: m.File, Line: p.Line, Col: p.Col, Field: path, Msg: msg})
	}
	out.Sort()
	return out
}
