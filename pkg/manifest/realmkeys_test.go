package manifest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A misspelt realm under realms: dropped its overrides silently; the
// check against a realm (or the realms this machine knows) now warns at
// the key, and stays quiet about keys close to no realm.
func TestOverrideWarnings(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base+"realms:\n  locl:\n    instances: 2\n  prd:\n    instances: 3\n  eu-west:\n    instances: 4\n"))
	require.NoError(t, err)

	texts := func(es Errors) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Error())
		}
		return out
	}
	assert.Equal(t, []string{
		"services/x.yaml:7:3: realms.locl: warning: did you mean local? These overrides are for a realm named locl; realm local, checked here, gets none of them",
	}, texts(m.OverrideWarnings("local", nil)))
	assert.Equal(t, []string{
		"services/x.yaml:7:3: realms.locl: warning: no realm locl is known here; did you mean local? These overrides apply only to a realm named locl",
		"services/x.yaml:9:3: realms.prd: warning: did you mean prod? These overrides are for a realm named prd; realm prod, checked here, gets none of them",
	}, texts(m.OverrideWarnings("prod", []string{"local", "qa", "prod"})))
	// Without a realm, against the known ones.
	assert.Equal(t, []string{
		"services/x.yaml:9:3: realms.prd: warning: no realm prd is known here; did you mean prod? These overrides apply only to a realm named prd",
	}, texts(m.OverrideWarnings("", []string{"prod"})))

	// Nothing to say: keys far from any name, known realms, a checked
	// realm that has its own overrides.
	assert.Empty(t, m.OverrideWarnings("qa", []string{"qa", "staging"}))
	assert.Empty(t, m.OverrideWarnings("", []string{"locl", "prd"}))
	assert.Empty(t, m.OverrideWarnings("prd", nil))
	m, err = Parse("services/x.yaml", []byte(base+"realms:\n  prod: {instances: 2}\n  prod-eu: {instances: 3}\n"))
	require.NoError(t, err)
	assert.Empty(t, m.OverrideWarnings("prod", []string{"prod", "prod-eu"}))
	assert.Empty(t, m.OverrideWarnings("prod", nil), "prod's own overrides apply: prod-eu is another realm")
}
