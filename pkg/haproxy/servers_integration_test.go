package haproxy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// BackendServers reads one service's servers as HAProxy has them: its
// state (a draining one is DRAIN), its check, its weight and track; a
// backend HAProxy does not have has none, and another service's servers
// are not read.
func TestBackendServers(t *testing.T) {
	e := start(t)
	a1, a2 := haproxytest.NewHTTPBackend(t, "a1"), haproxytest.NewHTTPBackend(t, "a2")
	pa, pb := haproxytest.FreePort(t), haproxytest.FreePort(t)
	draining := server(a2, 1)
	draining.Draining = true
	canary := server(a1, 0)
	canary.Name, canary.Track = haproxy.ServerName("task.canary"), haproxy.TrackCanary
	e.apply(haproxy.Config{Services: []haproxy.Service{
		httpService("aye", pa, server(a1, 1), draining, canary),
		httpService("bee", pb, server(a1, 1)),
	}})

	got, err := e.h.BackendServers(e.ctx, []string{haproxy.BackendName("aye", pa), "svc_gone_10999"})
	require.NoError(t, err)
	byName := map[string]haproxy.ServerStats{}
	for _, s := range got {
		assert.Equal(t, haproxy.BackendName("aye", pa), s.Backend)
		byName[s.Server] = s
	}
	require.Len(t, byName, 3, "%+v", got)
	up := byName[haproxy.ServerName("task.a1")]
	assert.Regexp(t, `^(UP|DOWN 1/2|no check)`, up.Status) // its first check may not be in yet
	assert.Equal(t, haproxy.TrackStable, up.Track)
	assert.Equal(t, 1, up.Weight)
	assert.Regexp(t, `^DRAIN`, byName[haproxy.ServerName("task.a2")].Status) // "DRAIN 1/3" while its check rises
	c := byName[haproxy.ServerName("task.canary")]
	assert.Equal(t, haproxy.TrackCanary, c.Track)
	assert.Equal(t, 0, c.Weight, "a canary at share 0")

	_, err = e.h.BackendServers(e.ctx, []string{"svc_aye;show info"})
	assert.Error(t, err, "a name that would smuggle a command")
}
