package manifest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeepPreviousParsesAndResolves(t *testing.T) {
	m, err := Parse("services/x.yaml", []byte(base+"canary:\n  keepPrevious: 10m\n"))
	require.NoError(t, err)
	assert.Equal(t, 10*time.Minute, ResolveCanary(m.Canary).KeepPrevious.D())

	// The realm's default applies when the manifest says nothing; the
	// manifest's 0s turns it off.
	realm := &Canary{KeepPrevious: ptrTo(Duration(5 * time.Minute))}
	assert.Equal(t, 5*time.Minute, ResolveCanary(nil, realm).KeepPrevious.D())
	m, err = Parse("services/x.yaml", []byte(base+"canary:\n  keepPrevious: 0s\n"))
	require.NoError(t, err)
	assert.Zero(t, ResolveCanary(m.Canary, realm).KeepPrevious)

	// Unset is today's behaviour, and older records keep their shape.
	assert.Zero(t, ResolveCanary().KeepPrevious)
	b, err := json.Marshal(ResolveCanary())
	require.NoError(t, err)
	assert.NotContains(t, string(b), "keepPrevious")
}

func TestKeepPreviousBadInput(t *testing.T) {
	for src, want := range map[string]string{
		"canary:\n  keepPrevious: 25h\n": "services/x.yaml:7:3: canary.keepPrevious: must be from 0s to 24h (got 25h0m0s)",
		"canary:\n  keepPrevious: -1m\n": "canary.keepPrevious: must be from 0s to 24h (got -1m0s)",
		"canary:\n  keepPrevious: 10\n":  `canary.keepPrevious: "10" is not a duration`,
	} {
		assert.Contains(t, parseErr(t, base+src), want, src)
	}
}
