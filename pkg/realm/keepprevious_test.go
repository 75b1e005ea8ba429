package realm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keepPrevious is a realm default like the other canary keys, validated
// with the realm file's line.
func TestRealmKeepPrevious(t *testing.T) {
	r, err := parse(t, minimal+"canary:\n  keepPrevious: 10m\n")
	require.NoError(t, err)
	require.NotNil(t, r.Canary.KeepPrevious)
	assert.Equal(t, 10*time.Minute, r.Canary.KeepPrevious.D())

	_, err = parse(t, minimal+"canary:\n  keepPrevious: 48h\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "canary.keepPrevious: must be from 0s to 24h (got 48h0m0s)")
}
