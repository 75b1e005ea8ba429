package lb

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/yodeldeploy/yodel/pkg/state"
)

// flakyConnStore is a store whose connection (state.Connectivity) the test
// takes away and gives back.
type flakyConnStore struct {
	state.Store
	down *atomic.Bool
}

func (s flakyConnStore) ConnError() error {
	if s.down.Load() {
		return errors.New("no ZooKeeper session for 9.4s; reconnecting")
	}
	return nil
}

// A session that comes back between two polls of the store's connection
// carries the next sync's acknowledgements: that sync must not report the
// outage that ended (the poll, here never due, came too late on a busy
// machine in TestIntegrationAgentZooKeeperRestartUnderLoad), and must
// report one that began since the last poll.
func TestSyncReportsTheStoreConnectionAsItIs(t *testing.T) {
	m := newFakeMarathon(colours("x", 1, 1, "http", 10030)...)
	var down atomic.Bool
	down.Store(true)
	r := startRig(t, m, func(o *Options) {
		o.StoreConnPoll = time.Hour
		open := o.OpenStore
		o.OpenStore = func(ctx context.Context) (state.Store, error) {
			s, err := open(ctx)
			if err != nil {
				return nil, err
			}
			return flakyConnStore{Store: s, down: &down}, nil
		}
	})
	eventually(t, "the lost store reported by a sync", func() bool {
		st := r.agent.Status()
		return st.Ready && strings.Contains(st.LastError, "no ZooKeeper session") && !st.Store.OK
	})

	down.Store(false)
	before := r.agent.Status().LastSync
	r.agent.poke()
	eventually(t, "a sync after the store came back", func() bool { return r.agent.Status().LastSync.After(before) })
	st := r.agent.Status()
	assert.Empty(t, st.LastError)
	assert.True(t, st.Store.OK, "store status: %+v", st.Store)
}
