package view

import (
	"testing"

	"github.com/yodeldeploy/yodel/pkg/appdef"
	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/haproxy"
)

// The views name tracks with appdef's constants and read the counters the
// canary driver keys with its own; the lb agent tags servers with
// haproxy's. Until one package holds the names, they must be the same.
func TestTrackNamesAgree(t *testing.T) {
	for _, names := range [][3]string{
		{appdef.TrackStable, canary.TrackStable, haproxy.TrackStable},
		{appdef.TrackCanary, canary.TrackCanary, haproxy.TrackCanary},
	} {
		if names[0] != names[1] || names[0] != names[2] {
			t.Errorf("track names differ: appdef %q, canary %q, haproxy %q", names[0], names[1], names[2])
		}
	}
}
