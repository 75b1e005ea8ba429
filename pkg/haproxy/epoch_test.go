package haproxy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEpoch(t *testing.T) {
	e, err := parseEpoch("Name: HAProxy\nVersion: 2.6.12\nPid: 4242\nUptime_sec: 7\nStart_time_sec: 1764085000\n")
	require.NoError(t, err)
	assert.Equal(t, "4242@1764085000", e)
	_, err = parseEpoch("Name: HAProxy\nPid: 4242\n")
	assert.ErrorContains(t, err, "no Pid or Start_time_sec")
}
