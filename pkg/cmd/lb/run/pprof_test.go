package run

import (
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPprofOnlyOnLoopback(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	require.NoError(t, servePprof("", log), "unset: no listener")
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "10.1.2.3:6060"} {
		err := servePprof(addr, log)
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "loopback only")
	}
}
