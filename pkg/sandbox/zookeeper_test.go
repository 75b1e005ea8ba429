//go:build linux

package sandbox

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// The zookeeper store: a real ZooKeeper the sandbox starts, whose data
// outlives a down/up like the file store's, and which down stops.
func TestUpWithZooKeeperStore(t *testing.T) {
	if err := zooKeeperInstalled(); err != nil {
		if os.Getenv("YODEL_REQUIRE_ZK") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	t.Parallel()
	dir := shortDir(t)
	withZK := func(o *Options) { o.Store = StoreZooKeeper; o.Timeout = 90 * time.Second }
	sb := up(t, dir, withZK)
	l := Layout{Dir: dir}

	zk, ok := sb.Component(CompZooKeeper)
	require.True(t, ok, "components: %+v", sb.Components)
	assert.True(t, zk.Alive())
	assert.True(t, strings.HasPrefix(zk.Addr, "127.0.0.1:"), "ZooKeeper listens on loopback only: %s", zk.Addr)
	assert.Equal(t, "zk://"+zk.Addr+"/yodel", sb.StoreURL)
	parsed, err := realm.Load(l.RealmFile(), "local")
	require.NoError(t, err)
	assert.Equal(t, sb.StoreURL, parsed.State, "the realm file points at the sandbox's ZooKeeper")
	cfg, err := os.ReadFile(l.ZooKeeperDir() + "/zoo.cfg")
	require.NoError(t, err)
	assert.Contains(t, string(cfg), "clientPortAddress=127.0.0.1")
	assert.Contains(t, string(cfg), "admin.enableServer=false")

	require.NotNil(t, parsed.StateAuth, "a loopback ZooKeeper is reachable by every local user: the state needs a login")
	creds, err := parsed.StateCredentials(os.LookupEnv)
	require.NoError(t, err)
	require.NotEmpty(t, creds.Password)
	info, err := os.Stat(l.StatePasswordFile())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the state password file")
	opts := state.Options{DigestUser: creds.User, DigestPassword: creds.Password}

	ctx := context.Background()
	st, err := state.Open(ctx, sb.StoreURL, opts)
	require.NoError(t, err)
	anon, err := state.Open(ctx, sb.StoreURL, state.Options{})
	require.NoError(t, err)
	_, err = anon.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v0", Outcome: "succeeded", Started: time.Now()})
	assert.Error(t, err, "an anonymous client cannot write the sandbox's state")
	require.NoError(t, anon.Close())
	id, err := st.AppendHistory(ctx, "web", state.Record{Service: "web", Release: "v1", Outcome: "succeeded", Started: time.Now()})
	require.NoError(t, err)
	require.NoError(t, st.Close())

	everything := allProcesses(t, sb)
	res, err := Down(ctx, dir, nil)
	require.NoError(t, err)
	assert.Len(t, res.Stopped, 2+1, "emulator, haproxy and zookeeper (the fake yodel has no agent)")
	for _, p := range everything {
		assert.False(t, alive(p, 0), "pid %d survived down", p)
	}

	// Up again: a new port, the same data.
	sb = up(t, dir, withZK)
	st, err = state.Open(ctx, sb.StoreURL, opts)
	require.NoError(t, err)
	defer st.Close()
	recs, err := st.History(ctx, "web", 10)
	require.NoError(t, err)
	require.Len(t, recs, 1, "the history written before down")
	assert.Equal(t, id, recs[0].ID)
}

func TestUpRefusesUnknownStore(t *testing.T) {
	_, _, err := Up(context.Background(), Options{Dir: shortDir(t), Exe: os.Args[0], Store: "etcd"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `store "etcd"`)
}
