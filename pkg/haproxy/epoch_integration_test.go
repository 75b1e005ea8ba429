package haproxy_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/haproxy"
	"github.com/yodeldeploy/yodel/pkg/haproxy/haproxytest"
)

// The epoch names the worker whose counters StatsEpoch read, and changes
// with a reload (a new worker whose counters start from zero).
func TestStatsEpochChangesWithTheWorker(t *testing.T) {
	e := start(t)
	a1 := haproxytest.NewHTTPBackend(t, "a1")
	pa, pb := haproxytest.FreePort(t), haproxytest.FreePort(t)
	e.apply(haproxy.Config{Services: []haproxy.Service{httpService("aye", pa, server(a1, 1))}})

	epoch1, stats, err := e.h.StatsEpoch(e.ctx)
	require.NoError(t, err)
	assert.Contains(t, stats, haproxy.BackendName("aye", pa))
	proc, err := e.in.MasterExec("show proc")
	require.NoError(t, err)
	workers := haproxytest.CurrentWorkerPIDs(proc)
	require.Len(t, workers, 1)
	assert.True(t, strings.HasPrefix(epoch1, strconv.Itoa(workers[0])+"@"), "epoch %s, worker %d", epoch1, workers[0])

	again, _, err := e.h.StatsEpoch(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, epoch1, again, "same worker, same epoch")

	res := e.apply(haproxy.Config{Services: []haproxy.Service{httpService("aye", pa, server(a1, 1)), httpService("bee", pb, server(a1, 1))}})
	require.True(t, res.Reloaded)
	epoch2, _, err := e.h.StatsEpoch(e.ctx)
	require.NoError(t, err)
	assert.NotEqual(t, epoch1, epoch2, "a reload starts a new worker")
}
