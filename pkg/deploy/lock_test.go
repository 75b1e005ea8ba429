package deploy

import (
	"context"
	"errors"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yodeldeploy/yodel/pkg/canary"
	"github.com/yodeldeploy/yodel/pkg/manifest"
	"github.com/yodeldeploy/yodel/pkg/realm"
	"github.com/yodeldeploy/yodel/pkg/state"
)

// seedEnded stores a rollout of web v2 that ended (done), driven by
// driver, and takes the lock as driver: the driver between its record's
// end and its lock's release.
func seedEnded(t *testing.T, st state.Store, driver state.Holder) state.Lock {
	ctx := context.Background()
	_, err := st.PutRouting(ctx, state.Routing{Service: "web", Stable: "/web-blue"}, state.NoVersion)
	require.NoError(t, err)
	r := canary.NewRollout("web", canary.Track{App: "/web-blue", Release: "v1", Instances: 3},
		canary.Track{App: "/web-green", Release: "v2", Instances: 3}, manifest.ResolveCanary(&manifest.Canary{}), t0)
	for r.Active() {
		require.True(t, r.Advance(t0), r.StepName())
	}
	require.Equal(t, canary.StepDone, r.Step)
	r.Driver = &driver
	_, err = canary.Begin(ctx, st, r)
	require.NoError(t, err)
	l, err := st.Lock(ctx, "web", driver)
	require.NoError(t, err)
	return l
}

func shortLockSettle(t *testing.T, d time.Duration) {
	was := lockSettle
	lockSettle = d
	t.Cleanup(func() { lockSettle = was })
}

func lockSession(st state.Store) *Session {
	return &Session{Service: "web", Realm: &realm.Realm{Realm: "qa"}, Store: st,
		Holder: state.Holder{User: "ann", Host: "laptop", Pid: os.Getpid(), Command: "yodel deploy web", StartedAt: time.Now()}, Now: time.Now}
}

var serverHolder = state.Holder{User: "yodel", Host: "server-1", Pid: os.Getpid(), Command: "yodel server", StartedAt: t0}

// A change asked for right after its service's rollout was recorded done
// waits for the driver to release the lock, instead of being refused.
func TestGuardAndLockWaitsForTheEndedRolloutsDriver(t *testing.T) {
	shortLockSettle(t, time.Minute)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	var released atomic.Bool
	s := lockSession(st)
	var notes []string
	s.Report = func(e Event) {
		if e.Kind == EventNote {
			notes = append(notes, e.Text)
			// The session met the lock held: the driver lets go now.
			released.Store(true)
			driver.Release(context.Background())
		}
	}
	defer s.Unlock()
	require.NoError(t, s.GuardAndLock(context.Background(), OpDeploy))
	assert.True(t, released.Load(), "the lock was taken while the driver still held it")
	require.NotNil(t, s.Lock)
	assert.Equal(t, "ann", s.Lock.Holder().User)
	assert.Equal(t, canary.StepDone, s.Rollout.Step)
	assert.Equal(t, []string{`waiting for yodel@server-1 (pid ` + strconv.Itoa(os.Getpid()) + `, "yodel server"), whose rollout of web has ended, to release the lock`}, notes)
}

// Anyone else holding the lock is refused at once, as before: only the
// driver of the ended rollout is known to be about to release it.
func TestGuardAndLockRefusesAnotherHolderAtOnce(t *testing.T) {
	// The test would hang for the hour if GuardAndLock waited.
	shortLockSettle(t, time.Hour)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	driver.Release(context.Background())
	other := state.Holder{User: "bob", Host: "ci", Pid: os.Getpid(), Command: "yodel scale web", StartedAt: time.Now()}
	l, err := st.Lock(context.Background(), "web", other)
	require.NoError(t, err)
	defer l.Release(context.Background())

	err = lockSession(st).GuardAndLock(context.Background(), OpDeploy)
	var le *state.LockedError
	require.True(t, errors.As(err, &le), "%v", err)
	assert.Equal(t, "bob", le.Holder.User)
}

// A driver that does not let go within lockSettle: the change is refused
// with the holder named, as before.
func TestGuardAndLockWaitIsBounded(t *testing.T) {
	shortLockSettle(t, 4*lockRetry)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	defer driver.Release(context.Background())

	err := lockSession(st).GuardAndLock(context.Background(), OpDeploy)
	var le *state.LockedError
	require.True(t, errors.As(err, &le), "%v", err)
	assert.Equal(t, "yodel server", le.Holder.Command)
}

// A cancelled context ends the wait with the lock's refusal.
func TestGuardAndLockWaitEndsWithTheContext(t *testing.T) {
	shortLockSettle(t, time.Hour)
	st := store(t)
	driver := seedEnded(t, st, serverHolder)
	defer driver.Release(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(3*lockRetry, cancel)

	err := lockSession(st).GuardAndLock(ctx, OpDeploy)
	var le *state.LockedError
	require.True(t, errors.As(err, &le), "%v", err)
}
